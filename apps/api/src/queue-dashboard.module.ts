import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { validateEnv } from '@tenggat/platform';
import { SLA_QUEUE, SlaModule } from '@tenggat/sla';
import type { NextFunction, Request, Response } from 'express';

/**
 * Bull Board at /admin/queues for admins: send `Authorization: Bearer <admin token>`, or open
 * `/admin/queues?token=<admin token>` once in a browser (it is kept in an HttpOnly cookie).
 */
export function adminOnly(req: Request, res: Response, next: NextFunction): void {
  const env = validateEnv(process.env);
  const jwt = new JwtService({ secret: env.JWT_SECRET });
  const header = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  const query = typeof req.query.token === 'string' ? req.query.token : undefined;
  const cookie = /(?:^|;\s*)tenggat_admin=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const token = header ?? query ?? cookie;
  const deny = (status: number, detail: string): void => {
    res.status(status).type('application/problem+json').send(
      JSON.stringify({ type: `urn:tenggat:problem:${status === 401 ? 'unauthenticated' : 'forbidden'}`, title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail }),
    );
  };
  if (!token) return deny(401, 'An admin bearer token is required');
  jwt
    .verifyAsync<{ roles?: unknown }>(token)
    .then((claims) => {
      if (!Array.isArray(claims.roles) || !claims.roles.includes('admin')) return deny(403, 'Only admins may see the queue dashboard');
      if (query) res.cookie('tenggat_admin', query, { httpOnly: true, sameSite: 'strict', path: '/admin/queues' });
      next();
    })
    .catch(() => deny(401, 'The token is invalid or expired'));
}

@Module({
  imports: [
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: ExpressAdapter, middleware: adminOnly }),
    BullBoardModule.forFeature({ name: SLA_QUEUE, adapter: BullMQAdapter }),
    SlaModule,
  ],
})
export class QueueDashboardModule {}
