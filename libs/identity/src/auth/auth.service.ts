import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '@tenggat/audit';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { UserDto } from '../users/user.dto';
import { User } from '../users/user.entity';
import { normalizeEmail, UsersService } from '../users/users.service';
import { LoginResponseDto, RegisterDto } from './auth.dto';
import { LoginThrottle } from './login-throttle';
import { RateLimiter } from './rate-limiter';
import { dummyPasswordHash, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';

type FailureReason = 'unknown-email' | 'wrong-password' | 'inactive' | 'throttled';

const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;

/**
 * Registration and login. Every login attempt is throttled (see LoginThrottle), every failed
 * check is written to the audit log; registration is rate-limited per client address.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await dummyPasswordHash(); // so that the first unknown-email login is not faster than the rest
  }

  /** At most REGISTER_RATE_LIMIT registrations per client address per hour (429 with Retry-After beyond). */
  async register(dto: RegisterDto, ip: string): Promise<UserDto> {
    const slot = await this.limiter.take(
      [{ name: 'register-address', key: this.limiter.key('registrations', 'ip', ip), limit: this.config.get('REGISTER_RATE_LIMIT') }],
      REGISTRATION_WINDOW_MS,
    );
    if (!slot.ok)
      throw new DomainError('too-many-requests', 'too-many-registrations', 'Too many registrations from this address; try again later', {
        retryAfter: slot.retryAfter,
      });
    return UserDto.from(await this.users.register({ email: dto.email, password: dto.password, name: dto.name, nib: dto.nib ?? null }));
  }

  async login(rawEmail: string, password: string, ip: string): Promise<LoginResponseDto> {
    const email = normalizeEmail(rawEmail);
    // the attempt is counted before the password is checked, so parallel guesses cannot exceed the budget
    const slot = await this.throttle.take(email, ip);
    if (!slot.ok) {
      // one audit event when a budget fills up, not one per refused attempt (those are counted in a metric)
      if (slot.first) await this.recordFailure(email, ip, 'throttled', null, { limit: slot.budget });
      throw new DomainError('too-many-requests', 'too-many-attempts', 'Too many failed logins; try again later', {
        retryAfter: slot.retryAfter,
      });
    }
    const user = await this.users.findWithPasswordHash(email);
    // verify against a dummy hash when there is no user, so both failures take as long
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || !user.active) {
      await this.recordFailure(email, ip, !user ? 'unknown-email' : !ok ? 'wrong-password' : 'inactive', user);
      throw new DomainError('unauthorized', 'invalid-credentials', 'The email or password is incorrect');
    }
    await this.throttle.succeeded(email, ip, slot.ticket);
    const { accessToken, expiresIn } = await this.tokens.issue(user);
    const { passwordHash: _hidden, ...visible } = user;
    return { accessToken, tokenType: 'Bearer', expiresIn, user: UserDto.from(visible as User) };
  }

  private async recordFailure(email: string, ip: string, reason: FailureReason, user: User | null, extra: Record<string, unknown> = {}): Promise<void> {
    await this.db.transaction((m) =>
      this.audit.append(m, {
        stream: 'identity',
        actorId: user?.id ?? null,
        actorRole: 'anonymous',
        action: reason === 'throttled' ? 'auth.login-throttled' : 'auth.login-failed',
        entityType: 'user',
        entityId: user?.id ?? email,
        data: { email, ip, reason, ...extra },
        at: this.clock.now(),
      }),
    );
  }
}
