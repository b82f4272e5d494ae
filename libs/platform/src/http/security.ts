import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { timingSafeEqual } from 'node:crypto';
import type { Env } from '../config/env.schema';
import { PROBLEM_CONTENT_TYPE, problemType } from '../errors/problem';

/**
 * Security headers for every response. The CSP allows only this origin's scripts; styles may be
 * inline because Swagger UI (and the console's component library) sets them. HSTS only when the request came over TLS (directly or
 * through a trusted proxy), so a plain-HTTP development server never pins itself.
 */
export function securityHeaders(): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'], // the console previews a case's PDFs from blob: URLs
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  const hsts: RequestHandler = (req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
  return [headers, hsts];
}

/** CORS stays closed (no headers at all) unless CORS_ORIGINS names the origins allowed. */
export function applyCors(app: INestApplication, origins: string): void {
  const allowed = origins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (!allowed.length) return;
  app.enableCors({
    origin: allowed,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'ETag', 'Location', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** HTTP Basic auth for an operational path (`user:password` from the environment); no-op when unset. */
export function basicAuth(realm: string, credentials: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!credentials) return next();
    const given = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const decoded = given ? Buffer.from(given, 'base64').toString('utf8') : '';
    if (decoded && same(decoded, credentials)) return next();
    res
      .status(401)
      .setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: problemType('unauthenticated'),
          title: 'Unauthorized',
          status: 401,
          detail: `${realm} requires HTTP Basic credentials`,
          code: 'unauthenticated',
        }),
      );
  };
}

/** Everything above, in the order it must run; `env` is the validated configuration. */
export function applyHttpSecurity(app: INestApplication, env: Pick<Env, 'CORS_ORIGINS' | 'METRICS_AUTH' | 'DOCS_AUTH'>): void {
  for (const h of securityHeaders()) app.use(h);
  applyCors(app, env.CORS_ORIGINS);
  app.use('/metrics', basicAuth('metrics', env.METRICS_AUTH));
  app.use('/docs', basicAuth('docs', env.DOCS_AUTH));
}
