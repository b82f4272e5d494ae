import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError } from '@tenggat/platform';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';

/**
 * Adds the headers HTTP asks of some errors the problem filter renders: `WWW-Authenticate` on a
 * 401 and `Retry-After` on a 429 that says when (`details.retryAfter`, seconds).
 */
@Injectable()
export class ProblemHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (e instanceof DomainError && context.getType() === 'http') {
          const res = context.switchToHttp().getResponse<Response>();
          if (e.kind === 'unauthorized' && !res.headersSent && !res.getHeader('WWW-Authenticate'))
            res.setHeader('WWW-Authenticate', 'Bearer realm="tenggat"');
          const retryAfter = e.details?.retryAfter;
          if (e.kind === 'too-many-requests' && typeof retryAfter === 'number' && !res.headersSent)
            res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
        }
        return throwError(() => e);
      }),
    );
  }
}
