import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

describe('platform (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the OpenAPI document', async () => {
    const res = await request(t.http).get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health');
  });

  it('serves exactly the committed document the typed client is generated from (npm run openapi:generate)', async () => {
    const res = await request(t.http).get('/docs/openapi.json').expect(200);
    expect(res.body).toEqual(JSON.parse(readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8')));
  });

  it('answers unknown routes with problem+json and echoes the request id', async () => {
    const res = await request(t.http).get('/v1/nowhere').set('X-Request-Id', 'abc-123').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.body).toMatchObject({ status: 404, code: 'not-found', requestId: 'abc-123' });
  });

  it('reports Postgres and Redis in /health', async () => {
    const res = await request(t.http).get('/health');
    expect(res.body.details ?? res.body.info).toHaveProperty('postgres.status', 'up');
    expect(res.body.details ?? res.body.info).toHaveProperty('redis.status', 'up');
  });
});
