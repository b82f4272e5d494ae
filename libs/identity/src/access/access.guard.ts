import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@tenggat/platform';
import type { Request, Response } from 'express';
import { ACCESS_KEY, PUBLIC_KEY, RequestWithUser } from './access.decorators';
import { Audience, AuthUser, matchesAudience } from './auth-user';
import { Authenticator, bearerToken, CSRF_HEADER, csrfMatches, InvalidToken, sessionToken } from './authenticator';

type Declaration = { kind: 'public' } | { kind: 'access'; audiences: Audience[] } | { kind: 'none' };

const REALM = 'Bearer realm="tenggat"';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

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
      throw new DomainError('forbidden', 'forbidden', `You are not allowed to do this: it is for ${declared.audiences.join(' or ')}`, {
        requires: declared.audiences,
      });
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

  /**
   * The caller from `Authorization: Bearer` (API clients) or else the `tenggat_session` cookie
   * (the console). A cookie-authenticated write (any method but GET, HEAD, OPTIONS) must carry the
   * session's CSRF token in `X-CSRF-Token`: another site can make a browser send the cookie, never
   * read it or the CSRF cookie. Bearer requests need no CSRF token: no browser adds that header by itself.
   */
  private async authenticate(req: Request, res: Response): Promise<AuthUser> {
    const bearer = bearerToken(req.headers.authorization);
    const cookie = bearer ? undefined : sessionToken(req.headers.cookie);
    const token = bearer ?? cookie;
    if (!token) {
      res.setHeader('WWW-Authenticate', REALM);
      throw new DomainError('unauthorized', 'unauthenticated', 'A bearer token (or the console session cookie) is required');
    }
    let user: AuthUser;
    try {
      user = await this.authenticator.userFor(token);
    } catch (e) {
      if (!(e instanceof InvalidToken)) throw e;
      res.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token", error_description="${e.why}"`);
      const what = bearer ? 'bearer token' : 'session';
      throw new DomainError('unauthorized', 'invalid-token', `The ${what} is not valid: ${e.why}`);
    }
    if (cookie && !SAFE_METHODS.includes(req.method) && !csrfMatches(cookie, req.headers[CSRF_HEADER])) {
      throw new DomainError('forbidden', 'csrf-token', 'A write with the session cookie must send the session\'s X-CSRF-Token header (the tenggat_csrf cookie)');
    }
    return user;
  }
}
