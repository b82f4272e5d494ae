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

const ISSUER = 'tenggat';

/**
 * Signs and checks access tokens (HS256, JWT_SECRET, JWT_TTL_SECONDS). Expiry is wall-clock
 * time on purpose: the injected Clock may be moved for statutory deadlines, and credentials
 * must not outlive, or die before, their real lifetime because of it.
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
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.config.get('JWT_SECRET'),
      algorithm: 'HS256',
      expiresIn,
      issuer: ISSUER,
    });
    return { accessToken, expiresIn };
  }

  /** The claims of a valid token; throws for a malformed, forged, expired or foreign one. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const claims = await this.jwt.verifyAsync<AccessTokenClaims & { sub: unknown }>(token, {
      secret: this.config.get('JWT_SECRET'),
      algorithms: ['HS256'],
      issuer: ISSUER,
    });
    if (typeof claims.sub !== 'string') throw new Error('token has no subject');
    return claims;
  }
}
