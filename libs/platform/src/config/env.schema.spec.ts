import { validateEnv } from './env.schema';

const fault = (raw: Record<string, unknown>): string => {
  try {
    validateEnv(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('validateEnv', () => {
  it('works with no settings at all', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.RUN_WORKERS).toBe(true);
  });

  it.each([
    ['false', false],
    ['0', false],
    ['no', false],
    ['OFF', false],
    ['true', true],
    ['1', true],
    ['Yes', true],
    ['on', true],
  ])('parses the boolean %s as %s', (raw, parsed) => {
    expect(validateEnv({ RUN_WORKERS: raw }).RUN_WORKERS).toBe(parsed);
    expect(validateEnv({ DEMO_SEED: raw }).DEMO_SEED).toBe(parsed);
  });

  it('refuses a boolean it cannot read instead of treating it as false', () => {
    expect(fault({ RUN_WORKERS: 'nope' })).toMatch(/RUN_WORKERS: must be true or false/);
  });

  it('says one line for PORT=abc', () => {
    const lines = fault({ PORT: 'abc' }).split('\n').filter((l) => l.includes('PORT'));
    expect(lines).toEqual(['  PORT: must be a whole number from 0 to 65535 (got "abc")']);
  });

  it('refuses a fractional or exponent integer', () => {
    expect(fault({ PORT: '80.5' })).toMatch(/PORT/);
    expect(fault({ RECONCILE_INTERVAL_MS: '1e5' })).toMatch(/RECONCILE_INTERVAL_MS/);
  });

  it('names one minimum length for JWT_SECRET and never prints the secret', () => {
    const msg = fault({ JWT_SECRET: 'short-secret-value' });
    expect(msg).toMatch(/JWT_SECRET: must be at least 32 characters/);
    expect(msg).not.toContain('short-secret-value');
  });

  it('refuses demo endpoints and the demo seed in production', () => {
    const msg = fault({ NODE_ENV: 'production', DEMO_ENDPOINTS: 'true', DEMO_SEED: 'yes' });
    expect(msg).toMatch(/DEMO_ENDPOINTS/);
    expect(msg).toMatch(/DEMO_SEED/);
  });

  it('validates the CORS allow-list and the basic-auth settings', () => {
    expect(validateEnv({ CORS_ORIGINS: 'https://a.go.id, http://localhost:5173' }).CORS_ORIGINS).toContain('a.go.id');
    expect(fault({ CORS_ORIGINS: '*' })).toMatch(/CORS_ORIGINS/);
    expect(fault({ METRICS_AUTH: 'prom:short' })).toMatch(/METRICS_AUTH: must be user:password/);
    expect(fault({ METRICS_AUTH: 'prom:short' })).not.toContain('prom:short');
  });
});

describe('REDIS_URL naming a Redis Cluster', () => {
  const cluster = 'redis://127.0.0.1:7000,redis://127.0.0.1:7001,redis://127.0.0.1:7002';

  it('takes a comma-separated list of nodes with a hash-tagged prefix', () => {
    expect(validateEnv({ REDIS_URL: cluster, QUEUE_PREFIX: '{tenggat}' }).REDIS_URL).toBe(cluster);
  });

  it('refuses a prefix without a hash tag, saying what to write', () => {
    expect(() => validateEnv({ REDIS_URL: cluster, QUEUE_PREFIX: 'tenggat' })).toThrow(/QUEUE_PREFIX: must carry a hash tag such as \{tenggat\}/);
  });

  it('refuses a list with something that is not a redis URL', () => {
    expect(() => validateEnv({ REDIS_URL: 'redis://a:7000,http://b:7001' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL, or a comma-separated list/);
  });
});
