import { caseIdOf, concernsCase } from './live';

describe('console live stream messages', () => {
  it('reads the case id of a change and of a dispatched domain event, and ignores pings and junk', () => {
    expect(caseIdOf('{"id":"c1","kind":"claimed"}')).toBe('c1');
    expect(caseIdOf('{"id":"c1","kind":"sla.breached"}')).toBe('c1');
    expect(caseIdOf('{"id":"","kind":"ping"}')).toBeNull();
    expect(caseIdOf('not json')).toBeNull();
    expect(caseIdOf('{"kind":"action"}')).toBeNull();
  });

  it('refreshes the case page only for its own case', () => {
    expect(concernsCase('c1', 'c1')).toBe(true);
    expect(concernsCase('c2', 'c1')).toBe(false);
    expect(concernsCase('', '')).toBe(false);
  });
});
