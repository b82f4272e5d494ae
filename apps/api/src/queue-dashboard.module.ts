import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Injectable, Logger, Module } from '@nestjs/common';
import { AuditModule, AuditService } from '@tenggat/audit';
import { Authenticator, AuthUser, bearerToken, IdentityModule, InvalidToken, isAdmin, sessionToken } from '@tenggat/identity';
import { Clock, PROBLEM_CONTENT_TYPE, problemType } from '@tenggat/platform';
import { SLA_QUEUE, SlaTimersModule } from '@tenggat/sla';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';

export const DASHBOARD_ROUTE = '/admin/queues';
const READS = ['GET', 'HEAD', 'OPTIONS'];

/** The queue a dashboard API path acts on (`*` for pause or resume of every queue), or null. */
export function queueOf(path: string): string | null {
  const m = /\/api\/queues\/([^/?]+)/.exec(path);
  if (!m) return null;
  if (/\/api\/queues\/(pause|resume)$/.test(path)) return '*';
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/**
 * Who may use Bull Board at /admin/queues: admins, checked exactly as the API guard checks
 * them (the token names the user; the user is re-read, must be active and an admin now).
 * The token comes from `Authorization: Bearer` or the `tenggat_session` cookie that
 * `POST /v1/auth/session` sets; never from the URL. Every write (any request but GET, HEAD,
 * OPTIONS: pause, resume, retry, clean, remove, promote, ...) is on the audit log, stream
 * `queues`, before it is carried out.
 */
@Injectable()
export class QueueDashboardAccess {
  private readonly logger = new Logger(QueueDashboardAccess.name);

  constructor(
    private readonly authenticator: Authenticator,
    private readonly audit: AuditService,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    this.admit(req, res)
      .then((admitted) => (admitted ? next() : undefined))
      .catch((e: unknown) => {
        this.logger.error(e);
        if (!res.headersSent) deny(res, 500, 'internal', 'The queue dashboard could not check this request; it has been logged');
      });
  };

  private async admit(req: Request, res: Response): Promise<boolean> {
    const url = new URL(req.originalUrl, 'http://local');
    if (url.searchParams.has('token')) {
      deny(res, 400, 'token-in-url', 'Tokens are not accepted in the URL; log in with POST /v1/auth/session (cookie) or send Authorization: Bearer');
      return false;
    }
    const token = bearerToken(req.headers.authorization) ?? sessionToken(req.headers.cookie);
    if (!token) {
      deny(res, 401, 'unauthenticated', 'Log in as an admin: POST /v1/auth/session sets the session cookie, or send Authorization: Bearer');
      return false;
    }
    let user: AuthUser;
    try {
      user = await this.authenticator.userFor(token);
    } catch (e) {
      if (!(e instanceof InvalidToken)) throw e;
      deny(res, 401, 'invalid-token', e.message);
      return false;
    }
    if (!isAdmin(user)) {
      deny(res, 403, 'forbidden', 'Only admins may see the queue dashboard');
      return false;
    }
    if (!READS.includes(req.method)) await this.record(user, req.method, url.pathname);
    return true;
  }

  private async record(user: AuthUser, method: string, path: string): Promise<void> {
    const queue = queueOf(path) ?? '-';
    await this.db.transaction((m) =>
      this.audit.append(m, {
        stream: 'queues',
        actorId: user.id,
        actorRole: 'admin',
        action: 'queue-dashboard.write',
        entityType: 'queue',
        entityId: queue,
        data: { method, path, queue },
        at: this.clock.now(),
      }),
    );
  }
}

function deny(res: Response, status: number, code: string, detail: string): void {
  const title = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error' }[status] ?? 'Error';
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="tenggat"');
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ type: problemType(code), title, status, detail, code }));
}

@Module({
  imports: [IdentityModule, AuditModule],
  providers: [QueueDashboardAccess],
  exports: [QueueDashboardAccess],
})
class QueueDashboardAccessModule {}

/** Bull Board at /admin/queues, for admins only (see QueueDashboardAccess). */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [QueueDashboardAccessModule],
      inject: [QueueDashboardAccess],
      useFactory: (access: QueueDashboardAccess) => ({ route: DASHBOARD_ROUTE, adapter: ExpressAdapter, middleware: access.middleware }),
    }),
    BullBoardModule.forFeature({ name: SLA_QUEUE, adapter: BullMQAdapter }),
    SlaTimersModule,
  ],
})
export class QueueDashboardModule {}
