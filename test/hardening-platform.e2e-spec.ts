import request from 'supertest';
import { metric, scrape, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 10, findings 13, 14 and 16 (request id), and the health split, over HTTP. */
describe('platform hardening (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('metrics count the status actually sent, once', () => {
    const count = async (route: string, status: string): Promise<number> =>
      metric(await scrape(t), 'tenggat_http_request_duration_seconds_count', { route, status });

    it.each([
      ['the guard refuses without a token (401)', '/v1/me', 'get', '401'],
      ['a domain not-found (404)', '/v1/permit-types/no-such-type', 'get', '404'],
      ['an unknown path (404)', '/v1/nowhere-at-all', 'get', '404'],
      ['a validation failure (400)', '/v1/auth/login', 'post', '400'],
    ])('%s', async (_what, path, method, status) => {
      const route = path === '/v1/nowhere-at-all' ? 'unmatched' : path.replace('no-such-type', ':code');
      const before = await count(route, status);
      const req = method === 'get' ? request(t.http).get(path) : request(t.http).post(path).send({ email: 1 });
      const res = await req;
      expect(String(res.status)).toBe(status);
      expect(await count(route, status)).toBe(before + 1);
      expect(await count(route, '500')).toBe(0);
    });
  });

  it('sends security headers: CSP with frame-ancestors none, nosniff, no-referrer, no HSTS over plain HTTP', async () => {
    const res = await request(t.http).get('/v1/permit-types').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps CORS closed by default', async () => {
    const res = await request(t.http).get('/v1/permit-types').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(t.http).options('/v1/me').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes only a well-formed request id and never stores a junk one', async () => {
    const junk = `${'x'.repeat(300)}<script>`;
    const res = await request(t.http).get('/v1/permit-types').set('X-Request-Id', junk).expect(200);
    expect(res.headers['x-request-id']).not.toBe(junk);
    expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
  });

  it('splits liveness from readiness', async () => {
    const live = await request(t.http).get('/health/live').expect(200);
    expect(live.body.status).toBe('ok');
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
    const all = await request(t.http).get('/health').expect(200);
    expect(all.body).toHaveProperty('workers.status');
    expect(['ok', 'degraded']).toContain(all.body.status);
  });

  it('answers problem+json for a body that is not JSON', async () => {
    const res = await request(t.http).post('/v1/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('configured: CORS allow-list, /metrics and /docs behind basic auth', () => {
  let t: TestApp;
  const metricsAuth = 'prometheus:scrape-password-2026';
  const docsAuth = 'reader:docs-password-2026';
  beforeAll(async () => {
    t = await createTestApp(withConfig({ CORS_ORIGINS: 'https://portal.example.go.id', METRICS_AUTH: metricsAuth, DOCS_AUTH: docsAuth }));
  });
  afterAll(() => t.close());

  it('allows only the listed origin', async () => {
    const ok = await request(t.http).get('/v1/permit-types').set('Origin', 'https://portal.example.go.id');
    expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example.go.id');
    const no = await request(t.http).get('/v1/permit-types').set('Origin', 'https://evil.example');
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('requires the configured credentials on /metrics and /docs', async () => {
    const basic = (c: string): string => `Basic ${Buffer.from(c).toString('base64')}`;
    const denied = await request(t.http).get('/metrics').expect(401);
    expect(denied.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(denied.headers['www-authenticate']).toMatch(/^Basic/);
    await request(t.http).get('/metrics').set('Authorization', basic('prometheus:wrong')).expect(401);
    await request(t.http).get('/metrics').set('Authorization', basic(metricsAuth)).expect(200);
    await request(t.http).get('/docs/openapi.json').expect(401);
    await request(t.http).get('/docs/openapi.json').set('Authorization', basic(docsAuth)).expect(200);
  });
});
