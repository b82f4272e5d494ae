import type { NestExpressApplication } from '@nestjs/platform-express';
import { PROBLEM_CONTENT_TYPE, problemType } from '@tenggat/platform';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CONSOLE_ROUTE = '/console';

/**
 * Where the built console is: `dist/console` beside the compiled API (dist/apps/api/src ->
 * dist/console), or, when the API runs from source (tests), the repository's dist/console.
 */
export function consoleDir(candidates = [join(__dirname, '../../../console'), join(__dirname, '../../../dist/console')]): string | null {
  return candidates.map((c) => resolve(c)).find((c) => existsSync(join(c, 'index.html'))) ?? null;
}

/**
 * Serves the staff console at /console: hashed assets cached for a year, and every other
 * /console path answered with index.html (the browser router's history fallback), never cached.
 * `/` leads to the console. Nothing is loaded from elsewhere (the CSP allows only this origin).
 */
export function mountConsole(app: NestExpressApplication, dir: string | null = consoleDir()): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && req.path === '/') return res.redirect(302, `${CONSOLE_ROUTE}/`);
    next();
  });
  if (dir === null) {
    app.use(CONSOLE_ROUTE, (_req: Request, res: Response) => {
      res
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: problemType('console-not-built'),
            title: 'Not Found',
            status: 404,
            detail: 'The console is not built: run npm run build',
            code: 'console-not-built',
          }),
        );
    });
    return;
  }
  app.useStaticAssets(join(dir, 'assets'), { prefix: `${CONSOLE_ROUTE}/assets/`, immutable: true, maxAge: '365d', index: false, fallthrough: false });
  app.use(CONSOLE_ROUTE, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}
