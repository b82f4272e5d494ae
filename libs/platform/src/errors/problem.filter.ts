import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, DomainErrorKind } from './domain-error';
import { FieldError, Problem, PROBLEM_CONTENT_TYPE, problemType } from './problem';

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'too-many-requests': 429,
};

/** Codes for the errors Nest and its middleware raise themselves. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
};

/** Thrown by the validation pipe with per-field errors. */
export class ValidationFailed extends HttpException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('Validation failed', HttpStatus.BAD_REQUEST);
  }
}

/** Maps every error to application/problem+json; never leaks internals for a 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl.split('?')[0]; // the path only: a query may carry a secret
    if (req.id !== undefined) problem.requestId = String(req.id);
    if (problem.status >= 500) this.logger.error(exception);
    if (res.headersSent) return;
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      return {
        ...(exception.details ?? {}), // extension members never override the standard ones (a `status` detail once made a 500)
        type: problemType(exception.code),
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: exception.message,
        code: exception.code,
      };
    }
    if (exception instanceof ValidationFailed) {
      return {
        type: problemType('validation-failed'),
        title: 'Bad Request',
        status: 400,
        detail: exception.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
        code: 'validation-failed',
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const code = CODE_BY_STATUS[status] ?? `http-${status}`;
      let detail = exception.message;
      let extensions: Record<string, unknown> = {};
      if (typeof body === 'object' && body !== null) {
        const { message, statusCode: _s, error: _e, ...rest } = body as Record<string, unknown>;
        if (message !== undefined) detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : JSON.stringify(message);
        extensions = rest; // e.g. the health check's per-dependency details
      }
      return { ...extensions, type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, detail, code };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined) {
      // body-parser and multer errors carry a status (malformed JSON, body too large, ...)
      const code = CODE_BY_STATUS[status] ?? `http-${status}`;
      const detail = exception instanceof Error ? exception.message : String(exception);
      return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, detail, code };
    }
    return {
      type: problemType('internal'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged with the request id.',
      code: 'internal',
    };
  }
}

function httpStatusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const s = (e as { status?: unknown; statusCode?: unknown }).status ?? (e as { statusCode?: unknown }).statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : undefined;
}
