import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@tenggat/platform';

/** What an access token carries. The guard still re-reads the user on every request. */
export interface AccessTokenClaims {
  sub: string;
  roles: string[];
  agency: string | null;
  name: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export const TOKEN_ISSUER = 'tenggat';

/** Leeway for clocks of other issuers a little ahead of ours, on top of JWT_TTL_SECONDS. */
const LIFETIME_LEEWAY_SECONDS = 60;

/** A token that verified but whose lifetime is refused: no `exp`, or one further away than a token can live. */
export class TokenLifetimeError extends Error {
  override readonly name = 'TokenLifetimeError';
}

/**
 * Signs and checks access tokens (HS256 with the installation's signing secret: JWT_SECRET, or
 * the one generated into Postgres; see IdentityModule). Expiry is wall-clock time on purpose:
 * the injected Clock may be moved for statutory deadlines, and credentials must not outlive,
 * or die before, their real lifetime because of it.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async issue(user: { id: string; roles: string[]; agencyCode: string | null; name: string }): Promise<IssuedToken> {
    const expiresIn = this.config.get('JWT_TTL_SECONDS');
    const claims: AccessTokenClaims = { sub: user.id, roles: user.roles, agency: user.agencyCode, name: user.name };
    const accessToken = await this.jwt.signAsync(claims, { algorithm: 'HS256', expiresIn, issuer: TOKEN_ISSUER });
    return { accessToken, expiresIn };
  }

  /**
   * The claims of a valid token; throws for a malformed, forged, expired or foreign one, and
   * (TokenLifetimeError) for one without `exp` or that would live longer than JWT_TTL_SECONDS.
   */
  async verify(token: string): Promise<AccessTokenClaims> {
    const claims = await this.jwt.verifyAsync<AccessTokenClaims & { sub: unknown; exp?: unknown }>(token, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
    });
    if (typeof claims.sub !== 'string') throw new Error('token has no subject');
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw new TokenLifetimeError('no expiry');
    const maxExp = Date.now() / 1000 + this.config.get('JWT_TTL_SECONDS') + LIFETIME_LEEWAY_SECONDS;
    if (claims.exp > maxExp) throw new TokenLifetimeError('expiry too far away');
    return claims;
  }
}
