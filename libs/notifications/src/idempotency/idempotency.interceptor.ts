import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { boundaryOf, jsonFingerprint, MultipartFingerprint } from './body-fingerprint';
import { IdempotencyRepository } from './idempotency.repository';

/** How long an answer is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const KEY = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
/** Submission keeps its own Idempotency-Key handling (the receipt without the access code). */
const OWN_HANDLING = /^\/v1\/applications\/[^/]+\/submit\/?$/;

const keyProblem = (): DomainError =>
  new DomainError('invalid', 'bad-idempotency-key', 'Idempotency-Key must be 1 to 255 printable ASCII characters', {
    errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }],
  });

/**
 * Idempotency-Key on every POST that changes something, for signed-in callers: the first
 * request with a key runs and its successful answer is kept 24 h; the same key with the same
 * body (JSON canonicalised; multipart without its boundary) answers that response again, with
 * `Idempotent-Replayed: true`, without running anything; with another body or another path it
 * is 422 `idempotency-key-reused`; while the first is still running, 409
 * `idempotency-key-in-progress`. A request that fails releases its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.user || OWN_HANDLING.test(req.path)) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY.test(key)) throw keyProblem();
    const user = req.user;
    const request = `POST ${req.path}`;
    const boundary = boundaryOf(req.headers['content-type']);
    const tap = boundary ? new MultipartFingerprint(boundary) : null;
    if (tap) this.observeBody(req, tap);
    const now = this.clock.now();
    const held = await this.repo.claim({ userId: user.id, key, request, fingerprint: tap ? null : jsonFingerprint(req.body), createdAt: now }, new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
    if (held) return of(await this.replay(held, request, req, res, tap));
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? 201;
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        if (body instanceof StreamableFile) await this.repo.release(user.id, key);
        else await this.repo.complete(user.id, key, tap ? tap.digest() : jsonFingerprint(req.body), status, body ?? null);
        return body;
      }),
      catchError((e: unknown) => from(this.repo.release(user.id, key)).pipe(mergeMap(() => throwError(() => e)))),
    );
  }

  private async replay(
    held: { request: string; state: string; fingerprint: string | null; statusCode: number | null; response: unknown },
    request: string,
    req: Request,
    res: Response,
    tap: MultipartFingerprint | null,
  ): Promise<unknown> {
    const fingerprint = tap ? await this.readBody(req, tap) : jsonFingerprint(req.body);
    if (held.request !== request || (held.state === 'done' && held.fingerprint !== fingerprint))
      throw new DomainError('unprocessable', 'idempotency-key-reused', 'This Idempotency-Key was used for another request in the last 24 hours; use a new key', {
        errors: [{ field: 'Idempotency-Key', message: 'already used for a different request' }],
      });
    if (held.state !== 'done') throw new DomainError('conflict', 'idempotency-key-in-progress', 'A request with this Idempotency-Key is still being processed; try again shortly');
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(held.statusCode ?? 200);
    return held.response;
  }

  /** Sees the body as the handler reads it, without reading it itself. */
  private observeBody(req: Request, tap: MultipartFingerprint): void {
    const emit = req.emit.bind(req) as (event: string | symbol, ...args: unknown[]) => boolean;
    req.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
      if (event === 'data' && Buffer.isBuffer(args[0])) tap.update(args[0]);
      return emit(event, ...args);
    }) as Request['emit'];
  }

  /** A replay is not run: its multipart body is read here, only to be compared. */
  private async readBody(req: Request, tap: MultipartFingerprint): Promise<string> {
    const limit = this.config.get('MAX_UPLOAD_BYTES') + 1024 * 1024;
    let read = 0;
    await lastValueFrom(
      new Observable<void>((sub) => {
        req.on('data', (c: Buffer) => {
          read += c.length;
          if (read > limit) req.destroy();
        });
        req.on('end', () => {
          sub.next();
          sub.complete();
        });
        req.on('error', (e) => sub.error(e));
        req.on('close', () => sub.complete());
      }),
      { defaultValue: undefined },
    );
    return tap.digest();
  }
}
