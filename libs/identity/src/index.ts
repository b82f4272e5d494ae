import { InstanceSecret } from './secrets/instance-secret.entity';
import { User } from './users/user.entity';

export { IdentityModule } from './identity.module';
export type { AgencyDirectoryProvider } from './identity.module';
export { User } from './users/user.entity';
export { InstanceSecret } from './secrets/instance-secret.entity';
export const IDENTITY_ENTITIES: Function[] = [User, InstanceSecret];
export { UsersService, normalizeEmail } from './users/users.service';
export type { NewUser, UserChanges, UserFilter, StaffMember } from './users/users.service';
export { UserDto, UserPageDto } from './users/user.dto';
export { BrokenLinkDto, VerifyResultDto } from './admin/audit-verify.dto';
export { checkRoles } from './users/role-rules';
export type { AccountKind, RoleCheck } from './users/role-rules';
export { TokenService, TokenLifetimeError } from './auth/token.service';
export {
  Authenticator,
  InvalidToken,
  SESSION_COOKIE,
  CSRF_COOKIE,
  CSRF_HEADER,
  bearerToken,
  sessionToken,
  sessionCookieOptions,
  csrfCookieOptions,
  csrfTokenFor,
  csrfMatches,
} from './access/authenticator';
export { instanceSecret, JWT_SECRET_NAME } from './secrets/instance-secret.repository';
export type { AccessTokenClaims, IssuedToken } from './auth/token.service';
export { hashPassword, verifyPassword, PASSWORD_MIN_LENGTH } from './auth/password-hasher';
export { Public, Access, CurrentUser } from './access/access.decorators';
export {
  AUDIENCES,
  ROLE,
  RESERVED_ROLES,
  isOfficerRole,
  hasRole,
  officerRoles,
  isApplicant,
  isStaff,
  isSupervisor,
  isOmbudsman,
  isAdmin,
  matchesAudience,
} from './access/auth-user';
export type { AuthUser, Audience } from './access/auth-user';
export { AGENCY_DIRECTORY, YamlAgencyDirectory } from './agencies/agency-directory';
export type { AgencyDirectory } from './agencies/agency-directory';
export { DEMO_USERS, DEMO_PASSWORD, DEMO_AGENCIES } from './demo/demo-users';
export type { DemoUser } from './demo/demo-users';
export { DemoSeeder } from './demo/demo-seeder';
