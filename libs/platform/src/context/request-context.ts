import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContextData {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The request id of the current HTTP request (or job), for audit events and logs. */
export const RequestContext = {
  current: (): RequestContextData | undefined => storage.getStore(),
  requestId: (): string | undefined => storage.getStore()?.requestId,
  run: <T>(data: RequestContextData, fn: () => T): T => storage.run(data, fn),
};

/** First middleware: takes a well-formed X-Request-Id or makes one, echoes it, and opens the context. */
export function requestContextMiddleware(req: Request & { id?: unknown }, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  storage.run({ requestId: id }, next);
}
