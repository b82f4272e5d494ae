import { redactQuery, redactUrl } from './redact';

describe('redactUrl', () => {
  it('hides secret query values and keeps the rest', () => {
    expect(redactUrl('/admin/queues?token=eyJhbGciOi.x.y&view=1')).toBe('/admin/queues?token=[redacted]&view=1');
    expect(redactUrl('/v1/public/track/PBG-2026-000001?code=ABCD-EFGH')).toBe('/v1/public/track/PBG-2026-000001?code=[redacted]');
    expect(redactUrl('/x?accessCode=1&access_token=2&Password=3&agency=a')).toBe(
      '/x?accessCode=[redacted]&access_token=[redacted]&Password=[redacted]&agency=a',
    );
  });
  it('leaves URLs without secrets alone, malformed escapes included', () => {
    expect(redactUrl('/v1/oversight/overdue?agency=%ZZ&limit=5')).toBe('/v1/oversight/overdue?agency=%ZZ&limit=5');
    expect(redactUrl('/health')).toBe('/health');
  });
  it('redacts parsed queries', () => {
    expect(redactQuery({ code: 'secret', agency: 'a' })).toEqual({ code: '[redacted]', agency: 'a' });
  });
});
