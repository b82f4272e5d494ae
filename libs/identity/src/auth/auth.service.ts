import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '@tenggat/audit';
import { Clock, DomainError } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { UserDto } from '../users/user.dto';
import { User } from '../users/user.entity';
import { normalizeEmail, UsersService } from '../users/users.service';
import { LoginResponseDto, RegisterDto } from './auth.dto';
import { LoginThrottle } from './login-throttle';
import { dummyPasswordHash, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';

type FailureReason = 'unknown-email' | 'wrong-password' | 'inactive' | 'throttled';

/** Registration and login. Every failed login is throttled and written to the audit log. */
@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await dummyPasswordHash(); // so that the first unknown-email login is not faster than the rest
  }

  async register(dto: RegisterDto): Promise<UserDto> {
    return UserDto.from(await this.users.register({ email: dto.email, password: dto.password, name: dto.name, nib: dto.nib ?? null }));
  }

  async login(rawEmail: string, password: string, ip: string): Promise<LoginResponseDto> {
    const email = normalizeEmail(rawEmail);
    const retryAfter = await this.throttle.retryAfter(email, ip);
    if (retryAfter !== null) {
      await this.recordFailure(email, ip, 'throttled', null);
      throw new DomainError('too-many-requests', 'too-many-attempts', 'Too many failed logins; try again later', {
        retryAfter,
      });
    }
    const user = await this.users.findWithPasswordHash(email);
    // verify against a dummy hash when there is no user, so both failures take as long
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(email, ip);
      await this.recordFailure(email, ip, !user ? 'unknown-email' : !ok ? 'wrong-password' : 'inactive', user);
      throw new DomainError('unauthorized', 'invalid-credentials', 'The email or password is incorrect');
    }
    await this.throttle.clear(email);
    const { accessToken, expiresIn } = await this.tokens.issue(user);
    const { passwordHash: _hidden, ...visible } = user;
    return { accessToken, tokenType: 'Bearer', expiresIn, user: UserDto.from(visible as User) };
  }

  private async recordFailure(email: string, ip: string, reason: FailureReason, user: User | null): Promise<void> {
    await this.db.transaction((m) =>
      this.audit.append(m, {
        stream: 'identity',
        actorId: user?.id ?? null,
        actorRole: 'anonymous',
        action: reason === 'throttled' ? 'auth.login-throttled' : 'auth.login-failed',
        entityType: 'user',
        entityId: user?.id ?? email,
        data: { email, ip, reason },
        at: this.clock.now(),
      }),
    );
  }
}
