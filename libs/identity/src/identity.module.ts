import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { AppConfig } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { AccessGuard } from './access/access.guard';
import { Authenticator } from './access/authenticator';
import { ProblemHeadersInterceptor } from './access/problem-headers.interceptor';
import { AuditVerifyController } from './admin/audit-verify.controller';
import { AGENCY_DIRECTORY, AgencyDirectory, YamlAgencyDirectory } from './agencies/agency-directory';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { LoginThrottle } from './auth/login-throttle';
import { RateLimiter } from './auth/rate-limiter';
import { TokenService } from './auth/token.service';
import { DemoSeeder } from './demo/demo-seeder';
import { InstanceSecret } from './secrets/instance-secret.entity';
import { instanceSecret, JWT_SECRET_NAME } from './secrets/instance-secret.repository';
import { AdminUsersController } from './users/admin-users.controller';
import { MeController } from './users/me.controller';
import { StaffController } from './users/staff.controller';
import { User } from './users/user.entity';
import { UsersService } from './users/users.service';

/** How to build the agency directory: a class, a value or a factory (with what it injects). */
export type AgencyDirectoryProvider =
  | { useClass: Type<AgencyDirectory> }
  | { useValue: AgencyDirectory }
  | { useFactory: (...deps: never[]) => AgencyDirectory | Promise<AgencyDirectory>; inject?: (string | symbol | Type)[] };

/**
 * Users, login, tokens and the global fail-closed access guard. Agency codes are checked
 * against `${CONFIG_DIR}/agencies.yaml` unless another directory is given with
 * `IdentityModule.withAgencyDirectory(...)`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, InstanceSecret]),
    // JWT_SECRET when set; otherwise the installation's own, generated once into Postgres
    JwtModule.registerAsync({
      inject: [AppConfig, DataSource],
      useFactory: async (config: AppConfig, db: DataSource) => ({
        secret: config.get('JWT_SECRET') ?? (await instanceSecret(db, JWT_SECRET_NAME)),
      }),
    }),
    AuditModule,
  ],
  controllers: [AuthController, MeController, StaffController, AdminUsersController, AuditVerifyController],
  providers: [
    UsersService,
    AuthService,
    TokenService,
    Authenticator,
    LoginThrottle,
    RateLimiter,
    DemoSeeder,
    YamlAgencyDirectory,
    { provide: AGENCY_DIRECTORY, useExisting: YamlAgencyDirectory },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: ProblemHeadersInterceptor },
  ],
  exports: [UsersService, TokenService, Authenticator, AGENCY_DIRECTORY],
})
export class IdentityModule {
  /** The module with another source of agency codes (e.g. the catalogue's agencies table). */
  static withAgencyDirectory(directory: AgencyDirectoryProvider, imports: ModuleMetadata['imports'] = []): DynamicModule {
    return { module: IdentityModule, imports, providers: [{ provide: AGENCY_DIRECTORY, ...directory }] };
  }
}
