import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { httpLatency } from './metrics';

/** Request latency by route template (not by raw URL, which would explode the label set). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const end = httpLatency.startTimer();
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unknown';
    const done = (status: number): void => {
      end({ method: req.method, route, status: String(status) });
    };
    return next.handle().pipe(
      tap({
        next: () => done(res.statusCode),
        error: (e: { status?: number }) => done(typeof e?.status === 'number' ? e.status : 500),
      }),
    );
  }
}
