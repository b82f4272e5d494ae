import { CatalogueService } from '@tenggat/catalogue';
import { request as httpRequest } from 'node:http';
import { TokenService } from '@tenggat/identity';
import { PermitTypeDefinition } from '@tenggat/workflow';
import type { BenchApp } from '../app/bench-app';
import type { LoadWorker } from '../load/load-client';
import type { LatencyResult } from '../load/load';
import type { BenchOptions } from '../lib/options';
import { ResultRow, summarize, Summary } from '../lib/stats';
import type { SeedMeta } from '../seed/seeder';

/** What every scenario gets: the running app, the load generator, the options and the seed. */
export interface BenchContext {
  bench: BenchApp;
  load: LoadWorker;
  options: BenchOptions;
  meta: SeedMeta;
  log: (line: string) => void;
}

export interface ScenarioResult {
  scenario: string;
  rows: ResultRow[];
  details: Record<string, unknown>;
}

export interface BenchUser {
  id: string;
  roles: string[];
  name: string;
  agencyCode: string | null;
  token: string;
}

/** A seeded user by e-mail, with an access token minted by the app's own TokenService. */
export async function userByEmail(ctx: BenchContext, email: string): Promise<BenchUser> {
  const rows = await ctx.bench.db.query<{ id: string; roles: string[]; name: string; agency_code: string | null }[]>(
    'SELECT id, roles, name, agency_code FROM users WHERE email = $1',
    [email],
  );
  if (!rows.length) throw new Error(`no seeded user ${email}`);
  const u = rows[0];
  const { accessToken } = await ctx.bench.app.get(TokenService).issue({ id: u.id, roles: u.roles, name: u.name, agencyCode: u.agency_code });
  return { id: u.id, roles: u.roles, name: u.name, agencyCode: u.agency_code, token: accessToken };
}

export const officerEmail = (agency: string, role: string, n = 0): string => `${role}.${n}@${agency}.bench.example`;

export async function definitions(ctx: BenchContext): Promise<PermitTypeDefinition[]> {
  return (await ctx.bench.app.get(CatalogueService).all()).map((t) => t.definition);
}

/** Sequential latency of one GET, summarised (ms). Fails loudly on an unexpected status. */
export async function latencyOf(ctx: BenchContext, path: string, token: string, samples: number, warmup = 2): Promise<Summary & { raw: LatencyResult }> {
  // bounded: a slow endpoint at 1M cases must not take the run past its time limit
  const raw = await ctx.load.latency({ url: ctx.bench.url, path, token, samples, warmup, maxSeconds: ctx.options.quick ? 8 : 10, minSamples: 5 });
  const bad = Object.keys(raw.statuses).filter((s) => s !== '200');
  if (bad.length) throw new Error(`GET ${path} answered ${JSON.stringify(raw.statuses)}`);
  return { ...summarize(raw.samples), raw };
}

/** A latency row with its baseline (the bare read's p95) and target. */
export function latencyRow(
  scenario: string,
  metric: string,
  s: Summary,
  baseline: Summary,
  target: { p95Ms?: number; label?: string } = {},
): ResultRow {
  return {
    scenario,
    metric,
    unit: 'ms',
    median: s.median,
    tail: s.p95,
    tailLabel: 'p95',
    baseline: baseline.p95,
    baselineLabel: 'bare read p95',
    ratio: baseline.p95 > 0 ? s.p95 / baseline.p95 : null,
    target: target.p95Ms !== undefined ? `p95 < ${target.p95Ms} ms` : (target.label ?? '(info)'),
    pass: target.p95Ms !== undefined ? s.p95 < target.p95Ms : null,
  };
}

/** Any id the bare read can fetch (the baseline of every read scenario). */
export async function anyCaseId(ctx: BenchContext): Promise<string> {
  const [row] = await ctx.bench.db.query<{ id: string }[]>(`SELECT id FROM applications WHERE status = 'open' LIMIT 1`);
  return row.id;
}

/**
 * One GET from the harness's own process (outside the measurements), on a connection of its
 * own that is closed afterwards, so nothing keeps this process alive once the app is gone.
 */
export function getJson<T>(ctx: BenchContext, path: string, token: string, requestId?: string): Promise<T> {
  return send<T>(ctx, 'GET', path, token, undefined, requestId);
}

/** One POST with a JSON body, the same way (answers 200 or fails). */
export function postJson<T>(ctx: BenchContext, path: string, token: string, body: unknown, requestId?: string): Promise<T> {
  return send<T>(ctx, 'POST', path, token, body, requestId);
}

function send<T>(ctx: BenchContext, method: string, path: string, token: string, body?: unknown, requestId?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (requestId) headers['x-request-id'] = requestId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = httpRequest(ctx.bench.url + path, { method, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`${method} ${path} answered ${res.statusCode ?? '?'}: ${text.slice(0, 500)}`));
        try {
          resolve(JSON.parse(text) as T);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
