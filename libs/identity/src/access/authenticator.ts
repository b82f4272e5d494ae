import { Injectable } from '@nestjs/common';
import type { CookieOptions } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenService } from '../auth/token.service';
import { UsersService } from '../users/users.service';
import { AuthUser } from './auth-user';

/** Why a token did not authenticate anyone; `why` is safe to show the caller. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
  constructor(readonly why: string) {
    super(`The token is not valid: ${why}`);
  }
}

/** The name of the browser session cookie (POST /v1/auth/session): an access token, HttpOnly. */
export const SESSION_COOKIE = 'tenggat_session';

/**
 * The session cookie's attributes: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/, Secure when the request came over TLS (`req.secure`, which
 * reads X-Forwarded-Proto only from a proxy TRUST_PROXY trusts), and Max-Age the token's
 * lifetime when one is given (not when clearing).
 */
export function sessionCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds * 1000 } : {}),
  };
}

/**
 * The CSRF cookie (set beside the session cookie, readable by the console's script): the value a
 * cookie-authenticated write must echo in the `X-CSRF-Token` header. It is derived from the session
 * token (HMAC keyed by it), so it cannot be guessed or planted without the HttpOnly session token.
 */
export const CSRF_COOKIE = 'tenggat_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The CSRF cookie's attributes: as the session cookie's, but readable by script (not HttpOnly). */
export function csrfCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return { ...sessionCookieOptions(secure, maxAgeSeconds), httpOnly: false };
}

/** The CSRF token that belongs to a session token: HMAC-SHA256 keyed by the session token, base64url. */
export function csrfTokenFor(session: string): string {
  return createHmac('sha256', session).update('tenggat-csrf-v1').digest('base64url');
}

/** True when `given` (the X-CSRF-Token header) is the CSRF token of this session token; constant time. */
export function csrfMatches(session: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const want = Buffer.from(csrfTokenFor(session));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

const TOKEN = /^[A-Za-z0-9\-_.~+/]+=*$/;

/** The bearer token of an `Authorization` header, or undefined when there is none of that scheme. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer (\S+)$/i.exec(header.trim());
  return match && TOKEN.test(match[1]) ? match[1] : undefined;
}

/** The session cookie's token from a `Cookie` header, or undefined. */
export function sessionToken(cookieHeader: unknown): string | undefined {
  if (typeof cookieHeader !== 'string') return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * Who a token belongs to, as of now: the token only names the user (its signature, issuer and
 * lifetime checked); roles and agency come from the user's row, read on every call, so a
 * deactivated or demoted account loses its access at once and a token's own `roles` claim
 * grants nothing. Used by the API guard and by the queue dashboard.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async userFor(token: string): Promise<AuthUser> {
    let sub: string;
    try {
      sub = (await this.tokens.verify(token)).sub;
    } catch (e) {
      const name = (e as Error).name;
      throw new InvalidToken(
        name === 'TokenExpiredError' ? 'expired' : name === 'TokenLifetimeError' ? (e as Error).message : 'malformed or wrongly signed',
      );
    }
    const user = await this.users.findById(sub);
    if (!user) throw new InvalidToken('unknown user');
    if (!user.active) throw new InvalidToken('account deactivated');
    return { id: user.id, email: user.email, name: user.name, roles: user.roles, agency: user.agencyCode };
  }
}
