import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@tenggat/platform';
import type { Request, Response } from 'express';
import { ACCESS_KEY, PUBLIC_KEY, RequestWithUser } from './access.decorators';
import { Audience, AuthUser, matchesAudience } from './auth-user';
import { Authenticator, bearerToken, InvalidToken } from './authenticator';

type Declaration = { kind: 'public' } | { kind: 'access'; audiences: Audience[] } | { kind: 'none' };

const REALM = 'Bearer realm="tenggat"';

/**
 * The global guard. It fails closed: a /v1 route that declares neither `@Public()` nor
 * `@Access(...)` answers 403. Routes outside /v1 (health, docs, metrics, the queue dashboard)
 * are public unless they declare otherwise. The user is re-read on every request (roles and
 * agency from the database, never from the token), so a deactivated account or a changed role
 * takes effect at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false; // no other transport is served; refuse rather than guess
    const http = context.switchToHttp();
    const req = http.getRequest<Request & RequestWithUser>();
    const declared = this.declarationOf(context);
    if (declared.kind === 'public') return true;
    if (declared.kind === 'none') {
      if (!/^\/v1(\/|$)/.test(req.path)) return true;
      const where = `${context.getClass().name}.${context.getHandler().name}`;
      this.logger.warn(`${req.method} ${req.path} (${where}) declares neither @Public() nor @Access(...): refused`);
      throw new DomainError('forbidden', 'route-not-declared', 'This route does not declare who may call it');
    }
    const user = await this.authenticate(req, http.getResponse<Response>());
    req.user = user;
    if (!declared.audiences.some((a) => matchesAudience(user, a)))
      throw new DomainError('forbidden', 'forbidden', 'You are not allowed to do this');
    return true;
  }

  private declarationOf(context: ExecutionContext): Declaration {
    for (const target of [context.getHandler(), context.getClass()]) {
      if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, target)) return { kind: 'public' };
      const audiences = this.reflector.get<Audience[] | undefined>(ACCESS_KEY, target);
      if (audiences?.length) return { kind: 'access', audiences };
    }
    return { kind: 'none' };
  }

  private async authenticate(req: Request, res: Response): Promise<AuthUser> {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      res.setHeader('WWW-Authenticate', REALM);
      throw new DomainError('unauthorized', 'unauthenticated', 'A bearer token is required');
    }
    try {
      return await this.authenticator.userFor(token);
    } catch (e) {
      if (!(e instanceof InvalidToken)) throw e;
      res.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token", error_description="${e.why}"`);
      throw new DomainError('unauthorized', 'invalid-token', `The bearer token is not valid: ${e.why}`);
    }
  }
}
