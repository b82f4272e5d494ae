import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { CatalogueService } from '@tenggat/catalogue';
import { AuthUser, isApplicant } from '@tenggat/identity';
import { Clock, DomainError, pageOf } from '@tenggat/platform';
import { ClockRepository, clockMath, TimerQueue } from '@tenggat/sla';
import { initialEffects, initialState, PermitTypeDefinition, validateForm } from '@tenggat/workflow';
import { DataSource, EntityManager } from 'typeorm';
import { hashAccessCode, newAccessCode, verifyAccessCode } from './access-code';
import { ApplicationEntity, DRAFT_STATE } from './application.entity';
import { CreateApplicationDto, isStorableText, ListApplicationsQuery, UpdateApplicationDto } from './applications.dto';
import { CaseRepository } from './case.repository';
import { feeOf, feeView } from './case-fee';
import { CaseEffects } from './case-effects';
import { caseEvent } from './case-event';
import { CaseEvents } from './case-events';
import { CaseReader } from './case-reader';
import { CaseView, clockUnitOf, figuresView } from './case-views';
import { DocumentRepository } from './document.repository';
import { IdempotencyKeyRepository, ReferenceCounterRepository } from './permit.repository';
import { TrackThrottle } from './track-throttle';
import { ApplicationPage, CaseAuditCheck, SubmissionReceipt, TimelineEntry, TrackingStatus } from './applications.views';

export { SubmissionReceipt };


export const ACCESS_CODE_NOT_REPEATED =
  'The access code is shown only once, in the first answer to this submission, and is stored only as a hash; this repeated answer cannot contain it.';

/** The receipt as remembered for an Idempotency-Key: without the access code, which is never stored in plain text. */
export function replayableReceipt(r: SubmissionReceipt): SubmissionReceipt {
  const { accessCode: _code, ...rest } = r;
  return { ...rest, trackUrl: `/v1/public/track/${r.reference}`, accessCodeNote: ACCESS_CODE_NOT_REPEATED };
}

/** What a reference looks like (`PBG-2026-000042`); anything else cannot match one. */
const REFERENCE = /^[A-Z0-9][A-Z0-9-]{0,79}$/i;

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * JSON merge patch (RFC 7396) of a flat form: the fields sent replace the stored ones, `null`
 * removes a field, the fields not sent are kept.
 */
export function mergeForm(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

/** Drafts, submission and the applicant's read side. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly clockRows: ClockRepository,
    private readonly documents: DocumentRepository,
    private readonly counters: ReferenceCounterRepository,
    private readonly idempotency: IdempotencyKeyRepository,
    private readonly catalogue: CatalogueService,
    private readonly reader: CaseReader,
    private readonly effects: CaseEffects,
    private readonly timers: TimerQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly trackThrottle: TrackThrottle,
    private readonly caseEvents: CaseEvents,
  ) {}

  async create(user: AuthUser, dto: CreateApplicationDto): Promise<CaseView> {
    const pinned = await this.catalogue.current(dto.permitType).catch(() => {
      throw new DomainError('unprocessable', 'unknown-permit-type', `There is no permit type "${dto.permitType}"`, {
        errors: [{ field: 'permitType', message: `unknown permit type "${dto.permitType}"` }],
      });
    });
    const form = this.checkDraftForm(pinned.definition, dto.form ?? {});
    const now = this.clock.now();
    const app = await this.db.transaction(async (m) => {
      const created = await this.cases.insertDraft(m, { permitTypeCode: pinned.code, agencyCode: pinned.definition.agency, applicantId: user.id, form }, now);
      await this.audit.append(m, caseEvent(created.id, {
        actor: { id: user.id, role: 'applicant' },
        action: 'draft.created',
        after: { permitType: pinned.code, state: DRAFT_STATE },
        at: now,
      }));
      return created;
    });
    return this.reader.view(user, app);
  }

  async update(user: AuthUser, id: string, dto: UpdateApplicationDto, expectedVersion: number | undefined): Promise<CaseView> {
    const app = await this.reader.load(user, id);
    this.assertOwner(user, app);
    if (!app.isDraft()) throw new DomainError('conflict', 'not-a-draft', 'Only a draft can be edited; this application has been submitted');
    const def = (await this.reader.permitType(app)).definition;
    const form = this.checkDraftForm(def, mergeForm(app.form, dto.form));
    const version = expectedVersion ?? app.version;
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await this.cases.updateDraft(m, id, version, form, now);
      await this.audit.append(m, caseEvent(id, {
        actor: { id: user.id, role: 'applicant' },
        action: 'draft.updated',
        before: { form: app.form },
        after: { form },
        at: now,
      }));
    });
    return this.reader.view(user, await this.reader.load(user, id));
  }

  async list(user: AuthUser, q: ListApplicationsQuery): Promise<ApplicationPage> {
    // "the caller's own": applicants their cases; staff and ombudsman what their scope allows
    const [rows, total] = await this.cases.listVisible(user, { state: q.state, permitType: q.permitType, offset: q.offset, pageSize: q.pageSize });
    return pageOf(
      rows.map((a) => ({
        id: a.id,
        reference: a.reference,
        permitType: a.permitTypeCode,
        agency: a.agencyCode,
        state: a.state,
        status: a.status,
        outcome: a.outcome,
        version: a.version,
        deadline: a.statutoryDeadlineAt?.toISOString() ?? null,
        breached: a.breachedAt !== null,
        createdAt: a.createdAt.toISOString(),
        submittedAt: a.submittedAt?.toISOString() ?? null,
      })),
      total,
      q,
    );
  }

  async get(user: AuthUser, id: string): Promise<CaseView> {
    return this.reader.view(user, await this.reader.load(user, id));
  }

  /**
   * Refuses an incomplete application (422 with what is missing); otherwise gives it a
   * reference, pins the permit type version, enters the first state and starts the statutory
   * clock. The same Idempotency-Key returns the same receipt, without the access code: that is
   * shown once and stored only as a salted hash.
   */
  async submit(user: AuthUser, id: string, key: string | undefined): Promise<SubmissionReceipt> {
    const idempotencyKey = key?.trim() || undefined;
    if (idempotencyKey !== undefined) {
      const seen = await this.receiptFor(user, id, idempotencyKey);
      if (seen) return seen;
    }
    try {
      const receipt = await this.submitOnce(user, id, idempotencyKey);
      this.caseEvents.publish({ id, agency: receipt.agency, kind: 'submitted' });
      return receipt;
    } catch (e) {
      // a concurrent request with the same key won the race: answer with its receipt
      if (idempotencyKey !== undefined && e instanceof DomainError && e.kind === 'conflict') {
        const seen = await this.receiptFor(user, id, idempotencyKey);
        if (seen) return seen;
      }
      throw e;
    }
  }

  private async receiptFor(user: AuthUser, id: string, key: string): Promise<SubmissionReceipt | null> {
    return (await this.idempotency.answer(user.id, `submit:${id}`, key)) as SubmissionReceipt | null;
  }

  private async submitOnce(user: AuthUser, id: string, idempotencyKey: string | undefined): Promise<SubmissionReceipt> {
    const app = await this.reader.load(user, id);
    this.assertOwner(user, app);
    if (!app.isDraft()) {
      throw new DomainError('conflict', 'already-submitted', `Application ${id} has already been submitted as ${app.reference ?? ''}`.trim());
    }
    const pinned = await this.catalogue.current(app.permitTypeCode);
    const def = pinned.definition;
    await this.assertComplete(app, def);
    const fee = feeOf(def, app.form);
    const { timeZone } = await this.catalogue.agency(def.agency);
    const now = this.clock.now();
    const accessCode = newAccessCode();
    const start = initialState(def);
    const { receipt, timers } = await this.db.transaction(async (m) => {
      const reference = await this.nextReference(m, def.code, now, timeZone);
      await this.cases.submit(
        m,
        { id, expectedVersion: app.version, state: start, reference, permitTypeVersion: pinned.version, accessCodeHash: hashAccessCode(accessCode), fee },
        now,
      );
      const fresh = (await this.reader.byId(id, m)) as ApplicationEntity;
      const actor = { id: user.id, role: 'applicant' };
      const armed = await this.effects.apply(m, fresh, def, initialEffects(def), now, actor, 'complete application received');
      const statutory = await this.clockRows.latest(m, id, 'statutory', null);
      if (!statutory) throw new Error(`case ${id} was submitted without a statutory clock`);
      await this.audit.append(m, caseEvent(id, {
        actor: { id: user.id, role: 'applicant' },
        action: 'submit',
        before: { state: DRAFT_STATE },
        after: { state: start, reference, permitTypeVersion: pinned.version, deadline: statutory.deadlineAt?.toISOString() },
        at: now,
      }));
      const r: SubmissionReceipt = {
        applicationId: id,
        reference,
        accessCode,
        receivedAt: now.toISOString(),
        permitType: { code: def.code, name: def.name, version: pinned.version },
        agency: def.agency,
        legalDeadline: (statutory.deadlineAt as Date).toISOString(),
        deadlineProvisional: statutory.provisional,
        processingWorkingDays: def.processingTime.workingDays,
        legalBasis: [...def.legalBasis],
        silenceMeansApproval: def.onBreach === 'deemed-approval',
        complaintChannel: def.complaintChannel,
        trackUrl: `/v1/public/track/${reference}?code=${accessCode}`,
        fee: feeView(fee, fee.amount > 0 ? 'unpaid' : 'none'),
      };
      if (idempotencyKey !== undefined) {
        await this.idempotency.remember(m, { userId: user.id, scope: `submit:${id}`, key: idempotencyKey, statusCode: 201, response: replayableReceipt(r), createdAt: now });
      }
      return { receipt: r, timers: armed };
    });
    await this.timers.arm(timers);
    return receipt;
  }

  /** Every event of the case in order: transitions, clock stops and restarts, documents. */
  async timeline(user: AuthUser, id: string): Promise<TimelineEntry[]> {
    const app = await this.reader.load(user, id);
    const [events, clockEvents, pinned] = await Promise.all([
      this.audit.listForCase(app.id),
      this.clockRows.eventsOfCase(app.id),
      this.reader.permitType(app),
    ]);
    const items: TimelineEntry[] = [
      ...events.map((e) => ({
        at: e.occurredAt.toISOString(),
        type: 'event' as const,
        action: e.action,
        actorId: e.actorId,
        actorRole: e.actorRole,
        fromState: (e.before as { state?: string } | null)?.state ?? null,
        toState: (e.after as { state?: string } | null)?.state ?? null,
        comment: e.comment,
        data: (e.data as Record<string, unknown> | null) ?? null,
        seq: Number(e.seq),
      })),
      ...clockEvents.map((c) => ({
        at: c.at.toISOString(),
        type: 'clock' as const,
        action: `clock.${c.kind}`,
        clock: c.clockKind,
        state: c.stateName,
        actorId: c.actorId,
        actorRole: c.actorRole,
        reason: c.reason,
        // recorded remaining = budget - consumed; named after the clock's unit, clamped to [0, budget]
        ...figuresView(clockMath.figuresOf(clockUnitOf(pinned.definition, c.clockKind, c.stateName), c.consumedMs + c.remainingMs, c.consumedMs)),
        deadline: c.deadlineAt?.toISOString() ?? null,
        seq: Number(c.id),
      })),
    ];
    return items.sort((a, b) => a.at.localeCompare(b.at) || (a.type === b.type ? a.seq - b.seq : a.type === 'event' ? -1 : 1));
  }

  /** Walks the case's audit hash chain (stream `case:<id>`): whether every link verifies. */
  async auditCheck(user: AuthUser, id: string): Promise<CaseAuditCheck> {
    const app = await this.reader.load(user, id);
    const r = await this.audit.verify(`case:${app.id}`);
    return { ok: r.ok, checked: r.checked, brokenAtSeq: r.firstBroken ? Number(r.firstBroken.streamSeq) : null };
  }

  /**
   * Public status lookup by reference and access code: nothing personal. Rate limited per client
   * address (429 with retryAfter), more strictly for wrong codes per reference.
   */
  async track(reference: string, code: string, ip: string): Promise<TrackingStatus> {
    const valid = REFERENCE.test(reference);
    // the lookup budget and a wrong-code slot in one Redis round trip
    const attempt = await this.trackThrottle.admit(ip, valid ? reference : '(malformed)');
    const app = valid ? await this.cases.byReference(reference) : null;
    if (!app || !verifyAccessCode(code, app.accessCodeHash)) {
      throw new DomainError('not-found', 'application-not-found', 'No application matches this reference and access code');
    }
    // the code is right: give the slot back while the rest is read (three round trips in all, not six)
    const [, pinned, events] = await Promise.all([attempt.forgive(), this.reader.permitType(app), this.clockRows.eventsOfCase(app.id)]);
    const def = pinned.definition;
    const stops: TrackingStatus['stops'] = [];
    for (const e of events) {
      if (e.clockKind !== 'statutory') continue;
      if (e.kind === 'stop') stops.push({ stoppedAt: e.at.toISOString(), resumedAt: null, reason: 'deficiency-notice' });
      const open = stops.at(-1);
      if ((e.kind === 'resume' || e.kind === 'finish') && open && open.resumedAt === null) open.resumedAt = e.at.toISOString();
    }
    return {
      reference: app.reference,
      permitType: { code: def.code, name: def.name },
      agency: app.agencyCode,
      status: app.status,
      state: app.state,
      stateLabel: def.states[app.state]?.label ?? null,
      outcome: app.outcome,
      submittedAt: app.submittedAt?.toISOString() ?? null,
      deadline: app.statutoryDeadlineAt?.toISOString() ?? null,
      clockStopped: def.states[app.state]?.clock === 'stopped',
      breached: app.breachedAt !== null,
      closedAt: app.closedAt?.toISOString() ?? null,
      stops,
    };
  }

  private assertOwner(user: AuthUser, app: ApplicationEntity): void {
    if (!isApplicant(user) || app.applicantId !== user.id) {
      // staff may see the case but the draft and its submission are the applicant's alone
      throw new DomainError('forbidden', 'not-the-applicant', 'Only the applicant can do this');
    }
  }

  /**
   * Types and unknown fields are checked on every save; required fields only at submission.
   * Returns what is stored: the fields given, without empty ones.
   */
  private checkDraftForm(def: PermitTypeDefinition, form: Record<string, unknown>): Record<string, unknown> {
    const unstorable = new Set(Object.entries(form).filter(([, v]) => typeof v === 'string' && !isStorableText(v)).map(([k]) => k));
    const r = validateForm(def, form);
    const required = new Set(def.form.fields.filter((f) => f.required).map((f) => f.name));
    const errors = [
      ...[...unstorable].map((field) => ({ field, message: 'must not contain NUL characters or broken surrogate pairs' })),
      ...(r.ok ? [] : r.errors.filter((e) => !unstorable.has(e.field) && !(required.has(e.field) && isBlank(form[e.field])))),
    ];
    if (errors.length > 0) {
      throw new DomainError('invalid', 'invalid-form', 'The form data does not match the permit type', {
        errors: errors.map((e) => ({ field: `form.${e.field}`, message: e.message })),
      });
    }
    return Object.fromEntries(Object.entries(form).filter(([, v]) => !isBlank(v)));
  }

  private async assertComplete(app: ApplicationEntity, def: PermitTypeDefinition): Promise<void> {
    const docs = await this.documents.currentOf(app.id);
    const have = new Set(docs.map((d) => d.requirementCode));
    const missingDocuments = def.requirements.filter((r) => !r.optional && !have.has(r.code)).map((r) => ({ code: r.code, name: r.name }));
    const form = validateForm(def, app.form);
    const formErrors = form.ok ? [] : form.errors.map((e) => ({ field: `form.${e.field}`, message: e.message }));
    if (missingDocuments.length || formErrors.length) {
      throw new DomainError('unprocessable', 'application-incomplete', 'The application is incomplete and cannot be submitted', {
        missingDocuments,
        errors: formErrors,
      });
    }
  }

  /** Numbered per permit type and year, the year as the agency's calendar has it (Jakarta's New Year comes 7 hours before UTC's). */
  private async nextReference(m: EntityManager, code: string, now: Date, timeZone: string): Promise<string> {
    const year = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now));
    const seq = await this.counters.next(m, `application:${code}`, year);
    return `${code.toUpperCase()}-${year}-${String(seq).padStart(6, '0')}`;
  }
}


