import autocannon from 'autocannon';
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * The load generators. They run in a child process (see load-client.ts) so that the client's
 * work never competes with the application for its event loop; the same functions also run
 * in-process where that is simpler. No imports from the application here.
 */

export interface PoolCase {
  id: string;
  version: number;
  state: string;
  permitType: string;
}

/** permit type -> state -> the action that moves a case on (and the token of a role that may take it). */
export type ActionPlan = Record<string, Record<string, { action: string; token: string; comment?: string }>>;

export interface ActionLoadSpec {
  url: string;
  /** `real`: POST /v1/applications/{id}/actions; `bare`: the bench-only one-UPDATE endpoint. */
  mode: 'real' | 'bare';
  cases: PoolCase[];
  plan: ActionPlan;
  bareToken: string;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  mode: string;
  durationSeconds: number;
  requests: number;
  ok: number;
  conflicts: number;
  otherStatus: number;
  errors: number;
  timeouts: number;
  rps: number;
  okRps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statuses: Record<string, number>;
  /** Cases that were never handed back (their request was cut off at the end). */
  inFlight: number;
}

/**
 * Drives the action endpoint on a pool of cases. Every connection takes a case that has no
 * request in flight, sends the action its state calls for with the version it last saw, and
 * puts it back with the version (and state) of the answer, so that requests do not collide:
 * a 409 is a real conflict, not the harness guessing versions.
 */
export async function runActionLoad(spec: ActionLoadSpec): Promise<LoadResult> {
  const free: PoolCase[] = spec.cases.map((c) => ({ ...c }));
  const statuses: Record<string, number> = {};
  let handedOut = 0;
  const planned = (c: PoolCase): boolean => spec.mode === 'bare' || spec.plan[c.permitType]?.[c.state] !== undefined;
  const take = (): PoolCase => {
    let c = free.shift();
    while (c && !planned(c)) c = free.shift(); // a case that left the loop (e.g. closed meanwhile) drops out
    c ??= spec.cases.find(planned) ?? spec.cases[0];
    handedOut++;
    return c;
  };
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (req: autocannon.Request, context: object) => {
          const c = take();
          (context as { c?: PoolCase }).c = c;
          if (spec.mode === 'bare') {
            return {
              ...req,
              method: 'POST',
              path: `/v1/bench/bare/${c.id}`,
              headers: { authorization: `Bearer ${spec.bareToken}`, 'content-type': 'application/json' },
              body: JSON.stringify({ expectedVersion: c.version }),
            };
          }
          const step = spec.plan[c.permitType]?.[c.state] ?? { action: 'no-planned-action', token: spec.bareToken };
          return {
            ...req,
            method: 'POST',
            path: `/v1/applications/${c.id}/actions`,
            headers: { authorization: `Bearer ${step.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ action: step.action, comment: step.comment ?? 'bench', expectedVersion: c.version }),
          };
        },
        onResponse: (status: number, body: string, context: object) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          const c = (context as { c?: PoolCase }).c;
          if (!c) return;
          try {
            const b = JSON.parse(body) as { version?: unknown; state?: unknown; currentVersion?: unknown };
            if (status === 200 && typeof b.version === 'number') {
              c.version = b.version;
              if (typeof b.state === 'string') c.state = b.state;
            } else if (status === 409 && typeof b.currentVersion === 'number') c.version = b.currentVersion;
          } catch {
            // not JSON: keep what we knew
          }
          handedOut--;
          free.push(c);
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    mode: spec.mode,
    durationSeconds: result.duration,
    requests: result.requests.total,
    ok,
    conflicts: statuses['409'] ?? 0,
    otherStatus: result.non2xx - (statuses['409'] ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
    rps: result.requests.total / result.duration,
    okRps: ok / result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    statuses,
    inFlight: handedOut,
  };
}

export interface LatencySpec {
  url: string;
  path: string;
  token: string;
  samples: number;
  warmup: number;
  /** Stop early once this much time has gone by and at least `minSamples` were taken. */
  maxSeconds?: number;
  minSamples?: number;
}

export interface LatencyResult {
  samples: number[];
  statuses: Record<string, number>;
  bytes: number;
}

/** Sequential requests (one in flight): the latency a single user sees, in ms per request. */
export async function runLatency(spec: LatencySpec): Promise<LatencyResult> {
  const statuses: Record<string, number> = {};
  const samples: number[] = [];
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < spec.warmup + spec.samples; i++) {
    if (spec.maxSeconds && samples.length >= (spec.minSamples ?? 5) && performance.now() - started > spec.maxSeconds * 1000) break;
    const t0 = performance.now();
    // an empty token: an anonymous visitor (the public pages)
    const headers: Record<string, string> = spec.token ? { authorization: `Bearer ${spec.token}`, accept: 'application/json' } : { accept: 'application/json' };
    const res = await fetch(spec.url + spec.path, { headers });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (i < spec.warmup) continue;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    bytes += body.byteLength;
    samples.push(ms);
  }
  return { samples, statuses, bytes };
}

export interface DownloadSpec {
  url: string;
  path: string;
  token: string;
}

export interface DownloadResult {
  status: number;
  ms: number;
  firstByteMs: number;
  bytes: number;
  rows: number;
  contentType: string | null;
}

/** Streams a response to the end without keeping it: time, bytes and CSV rows (lines but the header). */
export function runDownload(spec: DownloadSpec): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstByteMs = -1;
    let bytes = 0;
    let lines = 0;
    const req = httpRequest(spec.url + spec.path, { headers: { authorization: `Bearer ${spec.token}`, accept: 'text/csv' } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - t0,
          firstByteMs,
          bytes,
          rows: Math.max(0, lines - 1),
          contentType: res.headers['content-type'] ?? null,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
