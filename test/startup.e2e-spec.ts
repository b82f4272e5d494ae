import { ApiProcess } from './support/api-process';

/**
 * The API as an operator starts it: a missing dependency is named and the process exits; SIGTERM
 * works in every state; logs are JSON only, the first lines say what matters, secrets in query
 * strings never reach them. Each test runs apps/api/src/main.ts as a child process.
 */
describe('start-up and shutdown (child processes)', () => {
  const procs: ApiProcess[] = [];
  const start = async (env: Record<string, string>): Promise<ApiProcess> => {
    const p = await ApiProcess.spawn({ RUN_WORKERS: 'false', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-startup`, ...env });
    procs.push(p);
    return p;
  };
  afterAll(() => procs.forEach((p) => p.kill()));

  it('exits at once, naming Redis, when Redis is unreachable, and logs JSON only', async () => {
    const p = await start({ REDIS_URL: 'redis://127.0.0.1:1' });
    const { code } = await p.exitWithin(30_000);
    expect(code).toBe(1);
    const fatal = p.jsonLines.find((l) => l.level === 60);
    expect(String(fatal?.msg)).toMatch(/Redis at 127\.0\.0\.1:1 is unreachable/);
  });

  it('exits at once, naming Postgres, when Postgres is unreachable', async () => {
    const p = await start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/tenggat_unreachable_test' });
    const { code } = await p.exitWithin(30_000);
    expect(code).toBe(1);
    expect(String(p.jsonLines.find((l) => l.level === 60)?.msg)).toMatch(/Postgres at 127\.0\.0\.1:1 is unreachable/);
  });

  it('says one line for PORT=abc and exits 1', async () => {
    const p = await start({ PORT: 'abc' });
    expect((await p.exitWithin(30_000)).code).toBe(1);
    const msg = String(p.jsonLines.find((l) => l.level === 60)?.msg);
    expect(msg.split('\n').filter((l) => l.includes('PORT'))).toEqual(['  PORT: must be a whole number from 0 to 65535 (got "abc")']);
  });

  it('honours SIGTERM during start-up', async () => {
    const p = await start({});
    await new Promise((r) => setTimeout(r, 1500)); // loading modules / checking dependencies
    p.proc.kill('SIGTERM');
    const { code, signal } = await p.exitWithin(15_000);
    expect(signal === 'SIGTERM' || code === 0).toBe(true);
  });

  it('starts quietly, says where it listens, keeps secrets out of its logs, and stops on SIGTERM', async () => {
    const p = await start({ RUN_WORKERS: '0' });
    await p.listening();
    const beforeListening = p.jsonLines.findIndex((l) => String(l.msg).startsWith('listening on'));
    expect(beforeListening).toBeLessThan(15); // not ~100 lines of route mapping
    expect(p.jsonLines.map((l) => String(l.msg))).toEqual(expect.arrayContaining([expect.stringMatching(/^migrations/)]));
    expect(p.output).not.toMatch(/Mapped \{/);

    const health = await fetch(`${p.url}/health`);
    const body = (await health.json()) as { process: { runsWorkers: boolean }; workers: { status: string } };
    expect(health.status).toBe(200); // no worker anywhere, but the API itself is ready
    expect(body.process.runsWorkers).toBe(false); // RUN_WORKERS=0 is read as false
    expect((await fetch(`${p.url}/health/live`)).status).toBe(200);

    const secretToken = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXNlY3JldA';
    await fetch(`${p.url}/admin/queues?token=${secretToken}`);
    await fetch(`${p.url}/v1/public/track/PBG-2026-999999?code=SECRET-ACCESS-CODE-42`);
    await new Promise((r) => setTimeout(r, 300));
    expect(p.output).toContain('/v1/public/track/PBG-2026-999999');
    expect(p.output).not.toContain(secretToken);
    expect(p.output).not.toContain('SECRET-ACCESS-CODE-42');
    expect(p.jsonLines.length).toBeGreaterThan(3); // and every line is JSON (jsonLines throws otherwise)

    p.proc.kill('SIGTERM');
    const { code } = await p.exitWithin(15_000);
    expect(code).toBe(0);
  });
});
