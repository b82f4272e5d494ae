import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { CatalogueService } from '@tenggat/catalogue';
import { AuthUser, isSupervisor, officerRoles, UsersService } from '@tenggat/identity';
import { Clock, DomainError, Page, pageOf } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { QueueQuery } from './applications.dto';
import { caseNotFound } from './case-access';
import { CaseReader } from './case-reader';

const DAY = 86_400_000;

/** The officer's queue, ordered by urgency, and claiming cases from it. */
@Injectable()
export class QueueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly reader: CaseReader,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** States the caller's roles act on, across the agency's permit types (null = all: supervisors). */
  private async statesFor(user: AuthUser): Promise<string[] | null> {
    if (isSupervisor(user)) return null;
    const roles = new Set(officerRoles(user));
    const states = new Set<string>();
    const { items } = await this.catalogue.list({ page: 1, pageSize: 100, offset: 0 } as never);
    for (const t of items) {
      if (t.definition.agency !== user.agency) continue;
      for (const [name, s] of Object.entries(t.definition.states)) if (s.role && roles.has(s.role)) states.add(name);
    }
    return [...states];
  }

  async queue(user: AuthUser, q: QueueQuery): Promise<Page<Record<string, unknown>>> {
    const states = await this.statesFor(user);
    const qb = this.db.manager
      .createQueryBuilder(ApplicationEntity, 'a')
      .where(`a.status = 'open'`)
      .andWhere('a.agency_code = :agency', { agency: user.agency });
    if (states !== null) qb.andWhere('a.state = ANY(:states)', { states });
    if (q.permitType) qb.andWhere('a.permit_type_code = :pt', { pt: q.permitType });
    if (q.state) qb.andWhere('a.state = :state', { state: q.state });
    if (q.assigned === 'me') qb.andWhere('a.assignee_id = :me', { me: user.id });
    if (q.assigned === 'unassigned') qb.andWhere('a.assignee_id IS NULL');
    if (q.flagged === 'breached') qb.andWhere('a.breached_at IS NOT NULL');
    if (q.flagged === 'warned') qb.andWhere('a.warned_at IS NOT NULL');
    if (q.flagged === 'escalated') qb.andWhere('a.escalated_at IS NOT NULL');
    qb.orderBy('a.priority', 'ASC').addOrderBy('a.next_deadline_at', 'ASC', 'NULLS LAST').addOrderBy('a.id', 'ASC').offset(q.offset).limit(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const now = this.clock.now().getTime();
    return pageOf(
      rows.map((a) => ({
        id: a.id,
        reference: a.reference,
        permitType: a.permitTypeCode,
        state: a.state,
        version: a.version,
        assigneeId: a.assigneeId,
        nextDeadline: a.nextDeadlineAt?.toISOString() ?? null,
        statutoryDeadline: a.statutoryDeadlineAt?.toISOString() ?? null,
        // calendar approximation for the list; GET /v1/applications/{id} gives exact working time
        remainingDays: a.nextDeadlineAt ? Math.round(((a.nextDeadlineAt.getTime() - now) / DAY) * 100) / 100 : null,
        warned: a.warnedAt !== null,
        breached: a.breachedAt !== null,
        escalated: a.escalatedAt !== null,
        submittedAt: a.submittedAt?.toISOString() ?? null,
      })),
      total,
      q,
    );
  }

  /** Atomic: of two officers claiming at once, exactly one wins. */
  async claim(user: AuthUser, id: string): Promise<Record<string, unknown>> {
    return this.setAssignee(user, id, user.id, 'claimed', `a.assignee_id IS NULL`);
  }

  async release(user: AuthUser, id: string): Promise<Record<string, unknown>> {
    return this.setAssignee(user, id, null, 'released', 'a.assignee_id = $4');
  }

  async assign(user: AuthUser, id: string, assigneeId: string): Promise<Record<string, unknown>> {
    const staff = await this.users.findStaff(user.agency ?? '');
    if (!staff.some((s) => s.id === assigneeId)) {
      throw new DomainError('unprocessable', 'unknown-assignee', 'The assignee must be an active staff member of your agency', {
        errors: [{ field: 'assigneeId', message: 'not a staff member of this agency' }],
      });
    }
    return this.setAssignee(user, id, assigneeId, 'assigned', 'true');
  }

  private async setAssignee(user: AuthUser, id: string, to: string | null, action: string, guard: string): Promise<Record<string, unknown>> {
    const app = await this.reader.load(user, id);
    if (!app.isOpen() || app.agencyCode !== user.agency) throw new DomainError('conflict', 'not-open', 'Only an open case of your agency can be claimed or assigned');
    const now = this.clock.now();
    const result = await this.db.transaction(async (m) => {
      const rows = (await m.query(
        `UPDATE applications a SET assignee_id = $2, assigned_at = $3, version = version + 1,
           reassignments = reassignments + CASE WHEN a.assignee_id IS NOT NULL AND $2::uuid IS NOT NULL THEN 1 ELSE 0 END
         WHERE a.id = $1 AND a.status = 'open' AND $4::uuid IS NOT NULL AND ${guard}
         RETURNING a.version, a.assignee_id`,
        [id, to, now, user.id],
      )) as [{ version: number; assignee_id: string | null }[], number];
      const updated = rows[0];
      if (!updated.length) {
        const current = await m.findOneBy(ApplicationEntity, { id });
        if (!current) throw caseNotFound(id);
        throw new DomainError('conflict', action === 'released' ? 'not-your-case' : 'already-claimed',
          action === 'released' ? 'You can only release a case assigned to you' : 'Someone else has already claimed this case',
          { assigneeId: current.assigneeId, currentVersion: current.version });
      }
      await this.audit.append(m, {
        stream: `case:${id}`,
        caseId: id,
        actorId: user.id,
        actorRole: isSupervisor(user) ? 'supervisor' : (officerRoles(user)[0] ?? 'staff'),
        action,
        entityType: 'application',
        entityId: id,
        before: { assigneeId: app.assigneeId },
        after: { assigneeId: to },
        at: now,
      });
      return { id, assigneeId: updated[0].assignee_id, version: updated[0].version };
    });
    return result;
  }
}
