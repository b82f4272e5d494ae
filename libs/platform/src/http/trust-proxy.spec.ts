import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy (TRUST_PROXY as Express takes it)', () => {
  it.each<[string, unknown]>([
    ['false', false],
    ['', false],
    ['FALSE', false],
    ['true', true],
    ['0', 0],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, linklocal,uniquelocal', ['loopback', 'linklocal', 'uniquelocal']],
    ['10.0.0.0/8, 192.168.1.10', ['10.0.0.0/8', '192.168.1.10']],
    ['::1, fd00::/8', ['::1', 'fd00::/8']],
  ])('%j -> %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(['yes', 'everyone', '10.0.0.0/33', '::1/129', '10.0.0/8', 'loopback,,', '1.2.3.4/8/1', '-1'])('refuses %j', (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(/not a hop count/);
  });
});
