import type { NextFunction, Request, Response } from 'express';
import { httpLatency } from './metrics';

/** Operational mounts outside Nest's router, labelled by their prefix. */
const MOUNTS = ['/admin/queues', '/docs', '/metrics', '/health'];

/** The route template (never the raw URL, which would explode the label set). */
function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  // Nest's not-found handler is a catch-all route (`/{*path}`): that is no route of ours
  if (typeof route === 'string' && !route.includes('*')) return `${req.baseUrl}${route}`;
  const path = req.originalUrl.split('?')[0];
  return MOUNTS.find((m) => path === m || path.startsWith(`${m}/`)) ?? 'unmatched';
}

/**
 * Counts every response once, with the status actually sent: domain errors, the guard's 401/403,
 * body-parser and throttler answers, 404s for unknown paths. Mounted first, it sees them all.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpLatency.startTimer();
  let counted = false;
  const done = (): void => {
    if (counted) return;
    counted = true;
    end({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
  };
  res.once('finish', done);
  res.once('close', done); // a client that went away still cost the server
  next();
}
