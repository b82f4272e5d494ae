import { generateKeyPairSync } from 'node:crypto';
import { EnvValidationError, validateEnv } from './env.schema';

/** Production needs a permit signing key (issue 14); the checks below are about other settings. */
const PERMIT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

/** Issue 10: no signing secret from the source, no demo admins in production, TRUST_PROXY checked. */
describe('validateEnv: secrets, demo seed, trust proxy', () => {
  const FORMER_DEFAULT = 'tenggat-development-secret-change-me';
  const TEST_SUITE_SECRET = 'test-secret-test-secret-test-secret';
  const RANDOM = 'x9Q2-v7mK4pL0sR8tY3wZ6aB1cD5eF9gH2jN'; // 36 characters

  const fails = (raw: Record<string, string>, message: RegExp): void => {
    expect(() => validateEnv(raw)).toThrow(EnvValidationError);
    expect(() => validateEnv(raw)).toThrow(message);
  };

  it('has no JWT_SECRET default: unset stays unset (a random one is generated at start)', () => {
    expect(validateEnv({}).JWT_SECRET).toBeUndefined();
    expect(validateEnv({ NODE_ENV: 'production', PERMIT_SIGNING_KEY }).JWT_SECRET).toBeUndefined();
  });

  it.each(['development', 'production'])('refuses the secrets published in the source with NODE_ENV=%s', (NODE_ENV) => {
    fails({ NODE_ENV, JWT_SECRET: FORMER_DEFAULT }, /JWT_SECRET: is published/);
    fails({ NODE_ENV, JWT_SECRET: TEST_SUITE_SECRET }, /JWT_SECRET: is published/);
  });

  it('accepts the test suite secret under NODE_ENV=test, and a random one anywhere', () => {
    expect(validateEnv({ NODE_ENV: 'test', JWT_SECRET: TEST_SUITE_SECRET }).JWT_SECRET).toBe(TEST_SUITE_SECRET);
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: RANDOM, PERMIT_SIGNING_KEY }).JWT_SECRET).toBe(RANDOM);
  });

  it('refuses a short JWT_SECRET without echoing it', () => {
    const short = 'short-but-secret-value';
    fails({ JWT_SECRET: short }, /JWT_SECRET: .*32/);
    expect(() => validateEnv({ JWT_SECRET: short })).not.toThrow(new RegExp(short));
  });

  it('refuses DEMO_SEED in production, as DEMO_ENDPOINTS', () => {
    fails({ NODE_ENV: 'production', DEMO_SEED: 'true' }, /DEMO_SEED: must not be enabled in production/);
    fails({ NODE_ENV: 'production', DEMO_ENDPOINTS: 'true' }, /DEMO_ENDPOINTS: must not be enabled in production/);
    expect(validateEnv({ NODE_ENV: 'development', DEMO_SEED: 'true' }).DEMO_SEED).toBe(true);
    expect(validateEnv({ NODE_ENV: 'production', DEMO_SEED: 'false', PERMIT_SIGNING_KEY }).DEMO_SEED).toBe(false);
  });

  it('checks TRUST_PROXY (default false) and REGISTER_RATE_LIMIT (default 10)', () => {
    expect(validateEnv({}).TRUST_PROXY).toBe('false');
    expect(validateEnv({}).REGISTER_RATE_LIMIT).toBe(10);
    for (const ok of ['1', 'loopback', 'loopback, 10.0.0.0/8', 'true']) expect(validateEnv({ TRUST_PROXY: ok }).TRUST_PROXY).toBe(ok);
    fails({ TRUST_PROXY: 'everyone' }, /TRUST_PROXY/);
    fails({ REGISTER_RATE_LIMIT: '0' }, /REGISTER_RATE_LIMIT/);
  });
});
