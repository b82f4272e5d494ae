import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser, isApplicant, isStaff } from '@tenggat/identity';
import { entityFromRow, SqlStatement } from '@tenggat/platform';
import { DeficiencyNoticeRecord } from '@tenggat/workflow';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { ApplicationEntity, CaseOutcome, CaseStatus, DRAFT_STATE, FeeRecord } from './application.entity';
import { caseNotFound, staleVersion } from './case-errors';

/** What a transition writes on the case row (the state machine decided it). */
export interface CaseTransitionWrite {
  id: string;
  expectedVersion: number;
  from: string;
  to: string;
  /** The transition sent a deficiency notice: the count goes up by one, and the notice is kept. */
  deficiencyNotice: DeficiencyNoticeRecord | null;
  /** A final state: the case closes with this outcome. */
  outcome: CaseOutcome | null;
  /** Approved by law: the permit goes to post-issuance supervision. */
  deemed: boolean;
  /** The holder does not work on the new state: the case goes back to the queue. */
  unassign: boolean;
}

/** What a submission writes on the draft. */
export interface CaseSubmissionWrite {
  id: string;
  expectedVersion: number;
  state: string;
  reference: string;
  permitTypeVersion: number;
  accessCodeHash: string;
  /** The fee assessed from the form (absent: none). */
  fee?: FeeRecord;
}

/** A fee paid (with the external channel's reference) or waived (with a reason). */
export interface FeeSettlementWrite {
  id: string;
  status: 'paid' | 'waived';
  reference: string | null;
  channel: string | null;
  reason: string | null;
  by: string;
}

/** A compare-and-set of the holder: it applies only if the case is as the caller saw it. */
export interface CaseAssigneeWrite {
  id: string;
  /** The state the caller saw. */
  state: string;
  /** The holder the caller saw. */
  from: string | null;
  to: string | null;
}

/** Filters of the caller's own list. */
export interface CaseListFilter {
  state?: string;
  permitType?: string;
  offset: number;
  pageSize: number;
}

/** Filters of an officer's queue. `worked` null: the whole agency (supervisors). */
export interface CaseQueueFilter {
  agency: string | null;
  /** Permit type code -> the states the caller works on; null for the whole agency. */
  worked: ReadonlyMap<string, readonly string[]> | null;
  permitType?: string;
  state?: string;
  /** Only the cases this user holds. */
  assignee?: string;
  unassigned?: boolean;
  flagged?: 'breached' | 'warned' | 'escalated';
  /** Only cases nobody has touched since (stuck cases). */
  idleBefore?: Date;
  /** Only cases whose nearest deadline falls at or before. */
  dueBy?: Date;
  offset: number;
  pageSize: number;
  /** Start right after this row (keyset paging); `offset` is then ignored. */
  after?: CaseQueueKey;
  /** Count exactly up to this many; beyond, the total is the cap and not exact. */
  countCap: number;
}

/** Where a row stands in the queue's order (the keys of its cursor). */
export interface CaseQueueKey {
  priority: number;
  /** ISO instant; null for a case with no running deadline. */
  deadline: string | null;
  id: string;
}

/** One row of the queue, as the queue index serves it. */
export interface CaseQueueRow {
  id: string;
  reference: string | null;
  permit_type_code: string;
  permit_type_version: number | null;
  state: string;
  version: number;
  applicant_id: string;
  deficiency_notices: number;
  assignee_id: string | null;
  assigned_at: Date | null;
  priority: number;
  submitted_at: Date | null;
  next_deadline_at: Date | null;
  statutory_deadline_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
  escalated_at: Date | null;
}

/**
 * Who may see which case, enforced in the query: applicants see their own, staff their
 * agency's submitted cases, the ombudsman every submitted case. A draft is its applicant's
 * alone until it is submitted. Anything else sees nothing (404, not 403).
 */
function scopeToCaller(qb: SelectQueryBuilder<ApplicationEntity>, user: AuthUser, alias = 'a'): SelectQueryBuilder<ApplicationEntity> {
  if (user.roles.includes('ombudsman')) return qb.andWhere(`${alias}.status <> 'draft'`);
  if (isStaff(user) && user.agency) return qb.andWhere(`${alias}.agency_code = :scopeAgency AND ${alias}.status <> 'draft'`, { scopeAgency: user.agency });
  if (isApplicant(user)) return qb.andWhere(`${alias}.applicant_id = :scopeApplicant`, { scopeApplicant: user.id });
  return qb.andWhere('false');
}

/** The columns of a case that its published events carry. */
const CASE_EVENT_FACTS = {
  id: true,
  reference: true,
  permitTypeCode: true,
  permitTypeVersion: true,
  agencyCode: true,
  applicantId: true,
  status: true,
  state: true,
  deficiencyNotices: true,
} as const;
export type CaseEventFacts = Pick<ApplicationEntity, keyof typeof CASE_EVENT_FACTS>;

/**
 * The one owner of the `applications` table: every read other modules need and every write and
 * guard. The version rule (see ApplicationEntity) is kept here: the writes of people and
 * policies bump `version` and set `updated_at` to the caller's instant in the same guarded
 * statement; the system's flags and deadlines touch neither. A guarded write that finds the
 * case changed answers 409 `stale-version` with the version there is now (404 when it is gone).
 *
 * Methods that take an EntityManager run inside the caller's transaction.
 */
@Injectable()
export class CaseRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- reads ------------------------------------------------------------------------------

  async byId(id: string, m: EntityManager = this.db.manager): Promise<ApplicationEntity | null> {
    return m.findOneBy(ApplicationEntity, { id });
  }

  async byIds(m: EntityManager, ids: readonly string[]): Promise<ApplicationEntity[]> {
    return ids.length ? m.findBy(ApplicationEntity, { id: In([...ids]) }) : [];
  }

  /** The columns events are made of, for many cases (a batch's outbox rows): not the form, not the history. */
  async factsOf(m: EntityManager, ids: readonly string[]): Promise<CaseEventFacts[]> {
    if (ids.length === 0) return [];
    return m.find(ApplicationEntity, { select: CASE_EVENT_FACTS, where: { id: In([...ids]) } });
  }

  /** The case if the caller may see it; otherwise 404 (never 403). */
  async visibleTo(user: AuthUser, id: string, m: EntityManager = this.db.manager): Promise<ApplicationEntity> {
    const qb = m.createQueryBuilder(ApplicationEntity, 'a').where('a.id = :id', { id });
    const app = await scopeToCaller(qb, user).getOne();
    if (!app) throw caseNotFound(id);
    return app;
  }

  /**
   * As `visibleTo`, with more of the case in the same statement: each of `parts` is a subselect
   * (its owner's SQL, reading the case's id from `a.id`) whose value comes back under its name.
   */
  async visibleWith<K extends string>(user: AuthUser, id: string, parts: Record<K, string>): Promise<{ app: ApplicationEntity; parts: Record<K, unknown> }> {
    const qb = this.db.manager.createQueryBuilder(ApplicationEntity, 'a').where('a.id = :id', { id });
    const names = Object.keys(parts) as K[];
    names.forEach((name, i) => qb.addSelect(parts[name], `part_${i}`));
    const { entities, raw } = await scopeToCaller(qb, user).getRawAndEntities<Record<string, unknown>>();
    if (!entities[0] || !raw[0]) throw caseNotFound(id);
    const values = Object.fromEntries(names.map((name, i) => [name, raw[0][`part_${i}`]])) as Record<K, unknown>;
    return { app: entities[0], parts: values };
  }

  /** By its public reference (any case). */
  async byReference(reference: string): Promise<ApplicationEntity | null> {
    return this.db.manager.findOneBy(ApplicationEntity, { reference: reference.toUpperCase() });
  }

  /** The caller's own cases (what their scope allows), newest first. */
  async listVisible(user: AuthUser, f: CaseListFilter): Promise<[ApplicationEntity[], number]> {
    const qb = this.db.manager.createQueryBuilder(ApplicationEntity, 'a');
    scopeToCaller(qb, user);
    if (f.state) qb.andWhere('a.state = :state', { state: f.state });
    if (f.permitType) qb.andWhere('a.permit_type_code = :pt', { pt: f.permitType });
    qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').skip(f.offset).take(f.pageSize);
    return qb.getManyAndCount();
  }

  /**
   * One page of an agency's open cases: escalated first, then by the nearest deadline, cases
   * with no running clock last (`COALESCE(next_deadline_at, 'infinity')`, the key of
   * `idx_applications_queue`). The page is one ordered walk of that index, from its start
   * (`offset`) or from right after a keyset cursor (`after`: one index range, the same cost at
   * any depth). The count is capped: an index-only scan of `idx_applications_queue_count` that
   * stops after `countCap + 1` rows (its `priority >= 0` is stated only here, so the pages
   * cannot be planned on it).
   */
  async queuePage(f: CaseQueueFilter): Promise<{ rows: CaseQueueRow[]; total: number; totalIsExact: boolean }> {
    const where = [`a.status = 'open'`, 'a.agency_code = $1'];
    const params: unknown[] = [f.agency];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.worked !== null) {
      // one plain condition per permit type, so the planner estimates them from column statistics
      const perType = [...f.worked].map(([code, states]) => `(a.permit_type_code = ${param(code)} AND a.state = ANY(${param(states)}::text[]))`);
      where.push(perType.length ? `(${perType.join(' OR ')})` : 'false');
    }
    if (f.permitType) where.push(`a.permit_type_code = ${param(f.permitType)}`);
    if (f.state) where.push(`a.state = ${param(f.state)}`);
    if (f.assignee !== undefined) where.push(`a.assignee_id = ${param(f.assignee)}::uuid`);
    if (f.unassigned) where.push('a.assignee_id IS NULL');
    if (f.flagged === 'breached') where.push('a.breached_at IS NOT NULL');
    if (f.flagged === 'warned') where.push('a.warned_at IS NOT NULL');
    if (f.flagged === 'escalated') where.push('a.escalated_at IS NOT NULL');
    if (f.idleBefore !== undefined) where.push(`a.updated_at < ${param(f.idleBefore)}`);
    if (f.dueBy !== undefined) where.push(`a.next_deadline_at <= ${param(f.dueBy)}`);
    const filter = where.join(' AND ');
    const countParams = [...params];
    const keyset = f.after
      ? ` AND (a.priority, COALESCE(a.next_deadline_at, 'infinity'::timestamptz), a.id) > (${param(f.after.priority)}::int, ${param(f.after.deadline ?? 'infinity')}::timestamptz, ${param(f.after.id)}::uuid)`
      : '';
    const rows = await this.db.query<CaseQueueRow[]>(
      `SELECT a.id, a.reference, a.permit_type_code, a.permit_type_version, a.state, a.version, a.applicant_id, a.deficiency_notices,
              a.assignee_id, a.assigned_at, a.priority,
              a.submitted_at, a.next_deadline_at, a.statutory_deadline_at, a.warned_at, a.breached_at, a.escalated_at
         FROM applications a
        WHERE ${filter}${keyset}
        ORDER BY a.priority ASC, COALESCE(a.next_deadline_at, 'infinity'::timestamptz) ASC, a.id ASC
        LIMIT ${param(f.pageSize)}${f.after ? '' : ` OFFSET ${param(f.offset)}`}`,
      params,
    );
    const cap = f.countCap;
    const [{ total }] = await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM applications a WHERE ${filter} AND a.priority >= 0 LIMIT ${cap + 1}) capped`,
      countParams,
    );
    return total > cap ? { rows, total: cap, totalIsExact: false } : { rows, total, totalIsExact: true };
  }

  /**
   * One batch of the open cases of a permit type still on `version` (a definition migration's
   * candidates), by id after `afterId`; optionally only these states or these cases.
   */
  async openOnVersion(f: { code: string; version: number; states?: readonly string[]; ids?: readonly string[]; afterId: string | null; limit: number }): Promise<ApplicationEntity[]> {
    const qb = this.db.manager
      .createQueryBuilder(ApplicationEntity, 'a')
      .where(`a.status = 'open' AND a.permit_type_code = :code AND a.permit_type_version = :version`, { code: f.code, version: f.version });
    if (f.states?.length) qb.andWhere('a.state IN (:...states)', { states: [...f.states] });
    if (f.ids?.length) qb.andWhere('a.id IN (:...ids)', { ids: [...f.ids] });
    if (f.afterId !== null) qb.andWhere('a.id > :after', { after: f.afterId });
    return qb.orderBy('a.id', 'ASC').take(f.limit).getMany();
  }

  /**
   * Locks the case row for the rest of the transaction and answers its status and state (null
   * when it is gone): documents check again under it that the case still takes them.
   */
  async lockForDocuments(m: EntityManager, id: string): Promise<{ status: CaseStatus; state: string } | null> {
    const rows = await m.query<{ status: CaseStatus; state: string }[]>('SELECT status, state FROM applications WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  // ---- writes of people and policies: version + 1, updated_at = at -------------------------

  /** A new draft at version 1. */
  async insertDraft(
    m: EntityManager,
    draft: { permitTypeCode: string; agencyCode: string; applicantId: string; form: Record<string, unknown> },
    at: Date,
  ): Promise<ApplicationEntity> {
    return m.save(m.create(ApplicationEntity, { ...draft, state: DRAFT_STATE, status: 'draft', version: 1, updatedAt: at }));
  }

  /** Replaces a draft's form, if it is still the draft at `expectedVersion`. */
  async updateDraft(m: EntityManager, id: string, expectedVersion: number, form: Record<string, unknown>, at: Date): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(ApplicationEntity)
      .set({ form, version: () => 'version + 1', updatedAt: at })
      .where('id = :id AND version = :version AND status = :status', { id, version: expectedVersion, status: 'draft' })
      .execute();
    if (res.affected !== 1) throw await this.conflict(m, id);
  }

  /** The draft becomes an open case in its first state. */
  async submit(m: EntityManager, w: CaseSubmissionWrite, at: Date): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(ApplicationEntity)
      .set({
        status: 'open',
        state: w.state,
        reference: w.reference,
        permitTypeVersion: w.permitTypeVersion,
        accessCodeHash: w.accessCodeHash,
        fee: w.fee ?? null,
        feeStatus: w.fee && w.fee.amount > 0 ? 'unpaid' : 'none',
        submittedAt: at,
        version: () => 'version + 1',
        updatedAt: at,
      })
      .where('id = :id AND version = :version AND status = :status', { id: w.id, version: w.expectedVersion, status: 'draft' })
      .execute();
    if (res.affected !== 1) throw await this.conflict(m, w.id);
  }

  /**
   * A transition, guarded by the version the actor read and the state it left: exactly one of
   * two concurrent actions wins, the other answers 409.
   */
  async transition(m: EntityManager, w: CaseTransitionWrite, at: Date): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(ApplicationEntity)
      .set({
        state: w.to,
        version: () => 'version + 1',
        updatedAt: at,
        ...(w.deficiencyNotice ? { deficiencyNotices: () => 'deficiency_notices + 1', lastDeficiencyNotice: w.deficiencyNotice } : {}),
        ...(w.outcome ? { status: 'closed' as const, outcome: w.outcome, closedAt: at, nextDeadlineAt: null } : {}),
        ...(w.deemed ? { postIssuanceSupervision: true } : {}),
        ...(w.unassign ? { assigneeId: null, assignedAt: null } : {}),
      })
      .where('id = :id AND version = :version AND state = :from AND status = :open', { id: w.id, version: w.expectedVersion, from: w.from, open: 'open' })
      .execute();
    if (res.affected !== 1) throw await this.conflict(m, w.id);
  }

  /**
   * `transition` with the case's denormalised deadlines in the same guarded UPDATE (as SQL the
   * clocks' owner gives, see `ClockRepository.deadlinesAfter`, in place of a `setDeadlines` after
   * the clocks were written), answering the row as the statement left it. `alsoOnceUpdated`: an
   * expression evaluated in the same statement once the guard let the row be updated (its owner's
   * SQL, e.g. the audit stream's lock); its value is not kept.
   */
  async transitionReturning(
    m: EntityManager,
    w: CaseTransitionWrite,
    at: Date,
    deadlines: (s: SqlStatement) => { next: string; statutory: string },
    alsoOnceUpdated?: (s: SqlStatement) => string,
  ): Promise<ApplicationEntity> {
    const s = new SqlStatement();
    const atParam = s.param(at, 'timestamptz');
    const set = [`state = ${s.param(w.to, 'text')}`, 'version = version + 1', `updated_at = ${atParam}`];
    if (w.deficiencyNotice) set.push('deficiency_notices = deficiency_notices + 1', `last_deficiency_notice = ${s.param(JSON.stringify(w.deficiencyNotice), 'jsonb')}`);
    if (w.outcome) set.push(`status = 'closed'`, `outcome = ${s.param(w.outcome, 'text')}`, `closed_at = ${atParam}`);
    if (w.deemed) set.push('post_issuance_supervision = true');
    if (w.unassign) set.push('assignee_id = NULL', 'assigned_at = NULL');
    const d = deadlines(s);
    set.push(`next_deadline_at = ${d.next}`, `statutory_deadline_at = ${d.statutory}`);
    const [rows] = await m.query<[Record<string, unknown>[], number]>(
      s.text(
        `UPDATE applications SET ${set.join(', ')}
          WHERE id = ${s.param(w.id, 'uuid')} AND version = ${s.param(w.expectedVersion, 'int')} AND state = ${s.param(w.from, 'text')} AND status = 'open'
          RETURNING *${alsoOnceUpdated ? `, (${alsoOnceUpdated(s)})::text AS also_once_updated` : ''}`,
      ),
      s.params,
    );
    if (rows.length !== 1) throw await this.conflict(m, w.id);
    return entityFromRow(this.db, ApplicationEntity, rows[0]);
  }

  /**
   * A definition migration moves the case to another version of its permit type (and maybe
   * another state), guarded by the version, state and permit-type version the plan read: a case
   * that changed meanwhile answers 409 and stays as it was.
   */
  async migrateVersion(
    m: EntityManager,
    w: { id: string; expectedVersion: number; fromVersion: number; toVersion: number; from: string; to: string },
    at: Date,
  ): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(ApplicationEntity)
      .set({ state: w.to, permitTypeVersion: w.toVersion, version: () => 'version + 1', updatedAt: at })
      .where('id = :id AND version = :version AND state = :from AND status = :open AND permit_type_version = :fromVersion', {
        id: w.id,
        version: w.expectedVersion,
        from: w.from,
        open: 'open',
        fromVersion: w.fromVersion,
      })
      .execute();
    if (res.affected !== 1) throw await this.conflict(m, w.id);
  }

  /**
   * Records a payment or a waiver of the fee, once: only while the case is open and its fee
   * unpaid. A person's change (version + 1). Answers the new version, or null when the fee is not
   * (or no longer) unpaid.
   */
  async settleFee(m: EntityManager, w: FeeSettlementWrite, at: Date): Promise<number | null> {
    const [rows] = await m.query<[{ version: number }[], number]>(
      `UPDATE applications SET fee_status = $2, fee_reference = $3, fee_channel = $4, fee_waiver_reason = $5, fee_settled_at = $6,
         fee_settled_by = $7, version = version + 1, updated_at = $6
       WHERE id = $1 AND status = 'open' AND fee_status = 'unpaid'
       RETURNING version`,
      [w.id, w.status, w.reference, w.channel, w.reason, at, w.by],
    );
    return rows[0]?.version ?? null;
  }

  /**
   * Claim, release or assignment: applies only if the case is open, in the state and with the
   * holder the caller saw. Answers the new version (null when the case changed meanwhile).
   */
  async setAssignee(m: EntityManager, w: CaseAssigneeWrite, at: Date): Promise<{ version: number; state: string } | null> {
    const [rows] = await m.query<[{ version: number; state: string }[], number]>(
      `UPDATE applications SET assignee_id = $2, assigned_at = $3, version = version + 1, updated_at = $6,
         reassignments = reassignments + $5
       WHERE id = $1 AND status = 'open' AND state = $4 AND assignee_id IS NOT DISTINCT FROM $7::uuid
       RETURNING version, state`,
      [w.id, w.to, w.to === null ? null : at, w.state, w.from !== null && w.to !== null ? 1 : 0, at, w.from],
    );
    return rows[0] ?? null;
  }

  /**
   * Escalation (a breach policy): to the top of the queue and, when the agency has a supervisor,
   * to them. Once per case; false when it was escalated already or is closed.
   */
  async escalate(m: EntityManager, id: string, to: string | null, at: Date): Promise<boolean> {
    const [rows] = await m.query<[{ id: string }[], number]>(
      `UPDATE applications SET escalated_at = $2, priority = 0, assignee_id = COALESCE($3, assignee_id),
         assigned_at = CASE WHEN $3::uuid IS NULL THEN assigned_at ELSE $2 END,
         reassignments = reassignments + CASE WHEN $3::uuid IS NULL OR assignee_id IS NULL THEN 0 ELSE 1 END,
         version = version + 1, updated_at = $2
       WHERE id = $1 AND status = 'open' AND escalated_at IS NULL
       RETURNING id`,
      [id, at, to],
    );
    return rows.length > 0;
  }

  /**
   * Escalation of many cases at once (a batch of breaches): each open, not yet escalated case to
   * the top of the queue and to its supervisor (`to`, null to keep the holder), in one guarded
   * statement (which also marks it breached, if it was not yet). Answers the cases it escalated with the holder they had before.
   */
  async escalateMany(m: EntityManager, items: readonly { id: string; to: string | null }[], at: Date): Promise<{ id: string; before: string | null; to: string | null }[]> {
    if (items.length === 0) return [];
    const [rows] = await m.query<[{ id: string; before: string | null; to: string | null }[], number]>(
      `UPDATE applications a SET escalated_at = $3, breached_at = COALESCE(a.breached_at, $3), priority = 0, assignee_id = COALESCE(x.to_id, a.assignee_id),
         assigned_at = CASE WHEN x.to_id IS NULL THEN a.assigned_at ELSE $3 END,
         reassignments = a.reassignments + CASE WHEN x.to_id IS NULL OR a.assignee_id IS NULL THEN 0 ELSE 1 END,
         version = a.version + 1, updated_at = $3
       FROM unnest($1::uuid[], $2::uuid[]) AS x(id, to_id),
            LATERAL (SELECT o.assignee_id FROM applications o WHERE o.id = x.id) old
       WHERE a.id = x.id AND a.status = 'open' AND a.escalated_at IS NULL
       RETURNING a.id, old.assignee_id AS before, x.to_id AS to`,
      [items.map((i) => i.id), items.map((i) => i.to), at],
    );
    return rows;
  }

  // ---- system bookkeeping: neither version nor updated_at ----------------------------------

  /** The case's first warning (kept once set). */
  async markWarned(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query('UPDATE applications SET warned_at = COALESCE(warned_at, $2) WHERE id = $1', [id, at]);
  }

  /** The case's statutory breach (kept once set). */
  async markBreached(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query('UPDATE applications SET breached_at = COALESCE(breached_at, $2) WHERE id = $1', [id, at]);
  }

  /** The first warning of many cases (kept once set), in one statement. */
  async markWarnedMany(m: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await m.query('UPDATE applications SET warned_at = $2 WHERE id = ANY($1::uuid[]) AND warned_at IS NULL', [[...new Set(ids)], at]);
  }

  /** The statutory breach of many cases (kept once set), in one statement. */
  async markBreachedMany(m: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await m.query('UPDATE applications SET breached_at = $2 WHERE id = ANY($1::uuid[]) AND breached_at IS NULL', [[...new Set(ids)], at]);
  }

  /** The denormalised deadlines the queue orders by (the clocks own the truth). */
  async setDeadlines(m: EntityManager, id: string, d: { next: Date | null; statutory: Date | null }): Promise<void> {
    await m.query('UPDATE applications SET next_deadline_at = $2, statutory_deadline_at = $3 WHERE id = $1', [id, d.next, d.statutory]);
  }

  /**
   * Locks these cases' rows for the caller's transaction, skipping those another transaction
   * holds (an officer acting on them): answers the ids locked. A batch that takes case rows
   * this way never waits on a transaction that may be waiting on it.
   */
  async lockAvailable(m: EntityManager, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await m.query<{ id: string }[]>('SELECT id FROM applications WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED', [[...new Set(ids)]]);
    return rows.map((r) => r.id);
  }

  /** Which of these cases exist (a plain read: it waits on nothing). */
  async existing(m: EntityManager, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await m.query<{ id: string }[]>('SELECT id FROM applications WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return rows.map((r) => r.id);
  }

  /** `setDeadlines` for many cases in one statement. */
  async setDeadlinesMany(m: EntityManager, rows: readonly { id: string; next: Date | null; statutory: Date | null }[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE applications a SET next_deadline_at = x.next, statutory_deadline_at = x.statutory
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS x(id, next, statutory) WHERE a.id = x.id`,
      [rows.map((r) => r.id), rows.map((r) => r.next?.toISOString() ?? null), rows.map((r) => r.statutory?.toISOString() ?? null)],
    );
  }

  /** Why a guarded write matched nothing: the case is gone (404) or at another version (409). */
  private async conflict(m: EntityManager, id: string): Promise<Error> {
    const current = await m.findOne(ApplicationEntity, { where: { id }, select: { id: true, version: true } });
    return current ? staleVersion(current.version) : caseNotFound(id);
  }
}
