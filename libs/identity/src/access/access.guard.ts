import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@tenggat/platform';
import type { Request, Response } from 'express';
import { UsersService } from '../users/users.service';
import { ACCESS_KEY, PUBLIC_KEY, RequestWithUser } from './access.decorators';
import { Audience, AuthUser, matchesAudience } from './auth-user';
import { TokenService } from '../auth/token.service';

type Declaration = { kind: 'public' } | { kind: 'access'; audiences: Audience[] } | { kind: 'none' };

const REALM = 'Bearer realm="tenggat"';

/**
 * The global guard. It fails closed: a /v1 route that declares neither `@Public()` nor
 * `@Access(...)` answers 403. Routes outside /v1 (health, docs, metrics, the queue dashboard)
 * are public unless they declare otherwise. The user is re-read on every request, so a
 * deactivated account or a changed role takes effect at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
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
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header.trim()) : null;
    if (!match) {
      res.setHeader('WWW-Authenticate', REALM);
      throw new DomainError('unauthorized', 'unauthenticated', 'A bearer token is required');
    }
    const invalid = (why: string): DomainError => {
      res.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token", error_description="${why}"`);
      return new DomainError('unauthorized', 'invalid-token', `The bearer token is not valid: ${why}`);
    };
    let sub: string;
    try {
      sub = (await this.tokens.verify(match[1])).sub;
    } catch (e) {
      throw invalid((e as Error).name === 'TokenExpiredError' ? 'expired' : 'malformed or wrongly signed');
    }
    const user = await this.users.findById(sub);
    if (!user) throw invalid('unknown user');
    if (!user.active) throw invalid('account deactivated');
    return { id: user.id, email: user.email, name: user.name, roles: user.roles, agency: user.agencyCode };
  }
}
