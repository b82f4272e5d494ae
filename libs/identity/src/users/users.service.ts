import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { Clock, DomainError, FieldError, notFound, Page, pageOf, PageQuery } from '@tenggat/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { AGENCY_DIRECTORY, AgencyDirectory } from '../agencies/agency-directory';
import { AuthUser, ROLE } from '../access/auth-user';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password-hasher';
import { checkRoles } from './role-rules';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STREAM = 'identity';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  roles: string[];
  agencyCode?: string | null;
  nib?: string | null;
}

export interface UserChanges {
  roles?: string[];
  active?: boolean;
  name?: string;
  /** null removes the agency; undefined leaves it. */
  agencyCode?: string | null;
}

export interface UserFilter {
  role?: string;
  agency?: string;
  active?: boolean;
}

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  roles: string[];
}

/** Who did it, for the audit log. */
interface Actor {
  id: string | null;
  role: string;
}

const SYSTEM: Actor = { id: null, role: ROLE.system };

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** What the audit log keeps of a user: everything but the password hash. */
const snapshot = (u: User): Record<string, unknown> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  nib: u.nib,
  roles: u.roles,
  agencyCode: u.agencyCode,
  active: u.active,
});

const unprocessable = (code: string, errors: FieldError[]): DomainError =>
  new DomainError('unprocessable', code, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });

const isEmailTaken = (e: unknown): boolean => {
  const pg = e instanceof QueryFailedError ? (e.driverError as { code?: string; constraint?: string } | undefined) : undefined;
  return pg?.code === '23505' && pg.constraint === 'UQ_users_email';
};

/** Accounts: registration, administration and the lookups other modules need. */
@Injectable()
export class UsersService {
  private readonly users: UserRepository;

  constructor(
    @InjectRepository(User) users: Repository<User>,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
  ) {
    this.users = new UserRepository(users);
  }

  /** `manager`: read inside the caller's transaction (never take a second connection while holding one). */
  async findById(id: string, manager?: EntityManager): Promise<User | null> {
    return UUID.test(id) ? this.users.byId(id.toLowerCase(), manager) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.users.byEmail(normalizeEmail(email));
  }

  /** For login only: the user with their password hash. */
  async findWithPasswordHash(email: string): Promise<User | null> {
    return this.users.withPasswordHash(normalizeEmail(email));
  }

  /** Active supervisors of an agency: where escalations go. */
  async findSupervisors(agencyCode: string, manager?: EntityManager): Promise<{ id: string; name: string }[]> {
    const rows = await this.users.activeWithRole(agencyCode, ROLE.supervisor, manager);
    return rows.map((u) => ({ id: u.id, name: u.name }));
  }

  /** The names of these users (for lists that show who applied and who holds a case). */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.users.names(ids);
    return new Map(rows.map((u) => [u.id, u.name]));
  }

  /** The caller's own language for emails and notifications (`id` or `en`). */
  async setLanguage(caller: { id: string; roles: string[] }, language: 'id' | 'en'): Promise<User> {
    return this.db.transaction(async (m) => {
      const user = await this.users.lock(m, caller.id);
      if (!user) throw notFound('User', caller.id);
      if (user.language === language) return user;
      const before = user.language;
      user.language = language;
      user.updatedAt = this.clock.now();
      await this.users.setLanguage(m, user.id, language, user.updatedAt);
      await this.audit.append(m, {
        stream: STREAM,
        actorId: caller.id,
        actorRole: caller.roles[0] ?? ROLE.applicant,
        action: 'user.language-changed',
        entityType: 'user',
        entityId: user.id,
        before: { language: before },
        after: { language },
        at: user.updatedAt,
      });
      return user;
    });
  }

  /** Active officers and supervisors of an agency. */
  async findStaff(agencyCode: string): Promise<StaffMember[]> {
    const rows = await this.users.activeOfAgency(agencyCode);
    return rows.map((u) => ({ id: u.id, name: u.name, email: u.email, roles: u.roles }));
  }

  async list(filter: UserFilter, q: PageQuery): Promise<Page<User>> {
    const [items, total] = await this.users.page({ ...filter, offset: q.offset, pageSize: q.pageSize });
    return pageOf(items, total, q);
  }

  /** Self-registration: always an applicant, never anything else. */
  async register(input: Omit<NewUser, 'roles' | 'agencyCode'>): Promise<User> {
    return this.insert({ ...input, roles: [ROLE.applicant], agencyCode: null }, { allowApplicant: true, actor: 'self' }, 'user.registered');
  }

  /** An admin creates a staff, ombudsman or admin account; the agency must exist. */
  async create(admin: AuthUser, input: NewUser): Promise<User> {
    await this.assertAgencyExists(input.agencyCode ?? null);
    return this.insert(input, { allowApplicant: false, actor: { id: admin.id, role: ROLE.admin } }, 'user.created');
  }

  /**
   * Trusted creation for the CLI, the demo seed and tests: same role rules and audit, acting
   * as the system, without consulting the agency directory. Never reachable over HTTP.
   */
  async provision(input: NewUser): Promise<User> {
    return this.insert(input, { allowApplicant: true, actor: SYSTEM }, 'user.provisioned');
  }

  async update(admin: AuthUser, id: string, changes: UserChanges): Promise<User> {
    return this.db.transaction(async (m) => {
      const user = UUID.test(id) ? await this.users.lock(m, id.toLowerCase()) : null;
      if (!user) throw notFound('User', id);
      const next = {
        roles: changes.roles ?? user.roles,
        active: changes.active ?? user.active,
        name: changes.name ?? user.name,
        agencyCode: changes.agencyCode !== undefined ? changes.agencyCode : user.agencyCode,
      };
      const now = checkRoles(next.roles, next.agencyCode, { allowApplicant: true });
      if (!now.kind) throw unprocessable('invalid-roles', now.errors);
      const was = checkRoles(user.roles, user.agencyCode, { allowApplicant: true }).kind;
      if ((was === 'applicant') !== (now.kind === 'applicant'))
        throw unprocessable('invalid-roles', [{ field: 'roles', message: 'an applicant account cannot become staff, ombudsman or admin, nor the reverse' }]);
      if (user.id === admin.id && (!next.active || !next.roles.includes(ROLE.admin)))
        throw unprocessable('cannot-lock-out-self', [{ field: next.active ? 'roles' : 'active', message: 'you cannot remove your own admin access' }]);
      if (next.agencyCode !== user.agencyCode) await this.assertAgencyExists(next.agencyCode);
      const before = snapshot(user);
      const changed =
        next.active !== user.active ||
        next.name !== user.name ||
        next.agencyCode !== user.agencyCode ||
        next.roles.join('\n') !== user.roles.join('\n');
      if (!changed) return user;
      Object.assign(user, next, { updatedAt: this.clock.now() });
      await this.users.update(m, user.id, { ...next, updatedAt: user.updatedAt });
      await this.record(m, { id: admin.id, role: ROLE.admin }, 'user.updated', user, before);
      return user;
    });
  }

  private async insert(
    input: NewUser,
    opts: { allowApplicant: boolean; actor: Actor | 'self' },
    action: string,
  ): Promise<User> {
    const agencyCode = input.agencyCode ?? null;
    const check = checkRoles(input.roles, agencyCode, { allowApplicant: opts.allowApplicant });
    if (!check.kind) throw unprocessable('invalid-roles', check.errors);
    if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH)
      throw unprocessable('weak-password', [
        { field: 'password', message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` },
      ]);
    const email = normalizeEmail(input.email);
    if (await this.users.emailTaken(email)) throw this.emailTaken();
    const now = this.clock.now();
    const user = Object.assign(new User(), {
      id: randomUUID(),
      email,
      passwordHash: await hashPassword(input.password),
      name: input.name.trim(),
      nib: input.nib ?? null,
      roles: [...input.roles],
      agencyCode,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.db.transaction(async (m) => {
        await this.users.insert(m, user);
        const actor = opts.actor === 'self' ? { id: user.id, role: ROLE.applicant } : opts.actor;
        await this.record(m, actor, action, user, null);
      });
    } catch (e) {
      if (isEmailTaken(e)) throw this.emailTaken();
      throw e;
    }
    const { passwordHash: _hidden, ...visible } = user;
    return Object.assign(new User(), visible);
  }

  private async assertAgencyExists(code: string | null): Promise<void> {
    if (code !== null && !(await this.agencies.exists(code)))
      throw unprocessable('unknown-agency', [{ field: 'agencyCode', message: `no agency has the code "${code}"` }]);
  }

  private emailTaken(): DomainError {
    return new DomainError('conflict', 'email-taken', 'An account with this email already exists');
  }

  private async record(m: EntityManager, actor: Actor, action: string, user: User, before: Record<string, unknown> | null): Promise<void> {
    await this.audit.append(m, {
      stream: STREAM,
      actorId: actor.id,
      actorRole: actor.role,
      action,
      entityType: 'user',
      entityId: user.id,
      before,
      after: snapshot(user),
      at: user.updatedAt,
    });
  }
}
