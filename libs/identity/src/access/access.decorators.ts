import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems } from '@tenggat/platform';
import type { Audience, AuthUser } from './auth-user';

export const PUBLIC_KEY = 'tenggat:public';
export const ACCESS_KEY = 'tenggat:access';

/** Anyone may call this route (class or handler), without a token. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * Who may call this route (class or handler; the handler's declaration wins). The caller must
 * present a valid bearer token and match at least one audience.
 */
export const Access = (audience: Audience, ...more: Audience[]): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, [audience, ...more]),
    ApiBearerAuth('bearer'),
    ApiProblems(401, 403),
  );

/** The request's authenticated user, set by the access guard. */
export interface RequestWithUser {
  user?: AuthUser;
}

/** The authenticated caller. Use only on `@Access(...)` routes. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<RequestWithUser>().user;
  if (!user) throw new Error('@CurrentUser() used on a route without @Access(...)');
  return user;
});
