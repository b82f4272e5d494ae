import { afterFailure, backoffMs } from './retry-policy';
import { AllowList, isPrivateAddress } from './address-policy';
import { newSecret, sign, verify, webhookHeaders, WebhookVerificationError } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  it('matches the reference test vector of the specification', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies its own headers, with either secret during a rotation, and refuses a tampered body or an old timestamp', () => {
    const [current, previous] = [newSecret(), newSecret()];
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const now = 1_800_000_000;
    const h = webhookHeaders([current, previous], 'evt-1', now, '{"a":1}');
    expect(h['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => verify(current, h, '{"a":1}', { nowSeconds: now })).not.toThrow();
    expect(() => verify(previous, h, '{"a":1}', { nowSeconds: now })).not.toThrow();
    expect(() => verify(newSecret(), h, '{"a":1}', { nowSeconds: now })).toThrow(WebhookVerificationError);
    expect(() => verify(current, h, '{"a":2}', { nowSeconds: now })).toThrow('no matching signature');
    expect(() => verify(current, h, '{"a":1}', { nowSeconds: now + 301 })).toThrow('timestamp');
  });
});

describe('retry policy', () => {
  const p = { baseMs: 5000, maxMs: 3_600_000, windowMs: 86_400_000 };
  it('doubles with jitter between half and all of the step, up to the cap', () => {
    expect(backoffMs(1, p, () => 0)).toBe(2500);
    expect(backoffMs(1, p, () => 1)).toBe(5000);
    expect(backoffMs(3, p, () => 1)).toBe(20000);
    expect(backoffMs(30, p, () => 1)).toBe(3_600_000);
  });
  it('keeps retrying for the whole window (24 h), then dead-letters', () => {
    const first = new Date('2026-03-16T00:00:00Z');
    let now = first;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = afterFailure(attempts, first, now, p);
      if (next.dead) break;
      now = next.nextAttemptAt;
    }
    expect(now.getTime() - first.getTime()).toBeGreaterThanOrEqual(p.windowMs);
    expect(attempts).toBeGreaterThan(20);
  });
});

describe('webhook address policy', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'])('refuses %s', (a) => {
    expect(isPrivateAddress(a)).toBe(true);
    expect(new AllowList('').permits('example.test', a)).toBe(false);
  });
  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])('accepts the public address %s', (a) => {
    expect(isPrivateAddress(a)).toBe(false);
  });
  it('lets the allow-list name a host, an address or a network', () => {
    expect(new AllowList('127.0.0.1').permits('localhost', '127.0.0.1')).toBe(true);
    expect(new AllowList('hooks.internal').permits('hooks.internal', '10.0.0.5')).toBe(true);
    expect(new AllowList('10.20.0.0/16').permits('x.internal', '10.20.3.4')).toBe(true);
    expect(new AllowList('10.20.0.0/16').permits('x.internal', '10.21.3.4')).toBe(false);
  });
});
