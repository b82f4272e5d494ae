import type { Request, Response } from 'express';

/**
 * Aborts when the client goes away before its response is complete (the socket closed), so a
 * long-running answer (a streamed export) can give back its cursor and connection at once.
 */
export function closedSignal(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  const gone = (): void => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  };
  if (res.destroyed || req.socket.destroyed) gone();
  else res.once('close', gone);
  return controller.signal;
}
