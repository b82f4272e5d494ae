import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CaseEventFacts, CaseReader, WrittenCase } from '@tenggat/applications';
import { AppendedEvent, AuditAppendListener, AuditCompanion, AuditEntry, AuditListeners } from '@tenggat/audit';
import { ClockService } from '@tenggat/sla';
import { EntityManager } from 'typeorm';
import { CaseFacts, Lookups, mapAuditEvent } from './audit-event-map';
import { eventSpec } from './event-catalogue';
import { NewOutboxEvent, OutboxRepository } from './outbox.repository';

/** A subject with every column a published event carries (as CaseReader.factsOf reads them). */
const isCaseEventFacts = (v: unknown): v is CaseEventFacts =>
  typeof v === 'object' && v !== null && ['id', 'reference', 'permitTypeCode', 'permitTypeVersion', 'agencyCode', 'applicantId', 'status', 'state', 'deficiencyNotices'].every((k) => k in v);

/** Audit actions that never concern a published event: skipped before any read. */
const UNPUBLISHED = /^(draft\.|document\.)/;

/**
 * Writes the outbox row of every published event in the transaction of the change, through the
 * audit hook: whatever appends an audit event about a submitted case (case actions, submission,
 * SLA flags, escalations, deemed approvals, lapses, complaints) publishes with it, atomically.
 */
@Injectable()
export class OutboxWriter implements AuditAppendListener, OnModuleInit, OnModuleDestroy {
  private unregister?: () => void;

  constructor(
    private readonly listeners: AuditListeners,
    private readonly reader: CaseReader,
    private readonly clocks: ClockService,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.unregister = this.listeners.register(this);
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async afterAppend(m: EntityManager, entry: AuditEntry, appended: AppendedEvent): Promise<void> {
    if (!entry.caseId || UNPUBLISHED.test(entry.action)) return;
    const app = await this.reader.byId(entry.caseId, m);
    if (!app || app.status === 'draft') return;
    const event = await this.eventOf(entry, app, async () => (await this.clocks.find(m, app.id, 'response', app.state))?.deadlineAt ?? null);
    if (event) await this.outbox.insert(m, { ...event, auditSeq: appended.seq });
  }

  /** A batch (the deadline cliff's flags): the cases read in one query (or taken as the batch read them), the rows written in one. */
  async afterAppendMany(m: EntityManager, entries: readonly AuditEntry[], appended: readonly AppendedEvent[], subjects?: ReadonlyMap<string, unknown>): Promise<void> {
    const published = entries.map((e, i) => ({ e, a: appended[i] })).filter(({ e }) => e.caseId && !UNPUBLISHED.test(e.action));
    if (published.length === 0) return;
    // the cases as the caller read them (CaseReader.factsOf: the columns events carry), the rest read now
    const cases = new Map<string, CaseEventFacts>();
    for (const [id, subject] of subjects ?? []) if (isCaseEventFacts(subject)) cases.set(id, subject);
    const unread = [...new Set(published.map(({ e }) => e.caseId as string))].filter((id) => !cases.has(id));
    for (const c of await this.reader.factsOf(unread, m)) cases.set(c.id, c);
    const events: NewOutboxEvent[] = [];
    for (const { e, a } of published) {
      const app = cases.get(e.caseId as string);
      if (!app || app.status === 'draft') continue;
      const event = await this.eventOf(e, app, async () => (await this.clocks.find(m, app.id, 'response', app.state))?.deadlineAt ?? null);
      if (event) events.push({ ...event, auditSeq: a.seq });
    }
    await this.outbox.insertMany(m, events);
  }

  /** With `AuditService.appendAbout` about a case the transaction wrote: the outbox row in the event's own INSERT, the case not read again. */
  async companionOf(_m: EntityManager, entry: AuditEntry, subject: unknown): Promise<AuditCompanion | null | undefined> {
    if (!entry.caseId || UNPUBLISHED.test(entry.action)) return null;
    if (!(subject instanceof WrittenCase) || subject.app.id !== entry.caseId) return undefined;
    const app = subject.app;
    if (app.status === 'draft') return null;
    const event = await this.eventOf(entry, app, () => Promise.resolve(subject.responseWindow(app.state)?.deadlineAt ?? null));
    return event ? (s, auditRow) => this.outbox.insertWith(s, event, auditRow) : null;
  }

  /** The outbox event of an audit event about a submitted case (null when it publishes none). */
  private async eventOf(entry: AuditEntry, app: CaseEventFacts, responseDeadline: () => Promise<Date | null>): Promise<NewOutboxEvent | null> {
    const def = (await this.reader.permitType(app)).definition;
    const facts: CaseFacts = {
      applicationId: app.id,
      reference: app.reference,
      permitType: app.permitTypeCode,
      agency: app.agencyCode,
      applicantId: app.applicantId,
      status: app.status,
      state: app.state,
      deficiencyNotices: app.deficiencyNotices,
      def,
    };
    const lookups: Lookups = {};
    const effects = (entry.data as { effects?: unknown } | null | undefined)?.effects;
    if (Array.isArray(effects) && effects.includes('deficiency-notice')) {
      lookups.responseDeadline = (await responseDeadline())?.toISOString() ?? null;
    }
    const mapped = mapAuditEvent(entry, facts, lookups);
    if (!mapped) return null;
    return {
      type: mapped.type,
      schemaVersion: eventSpec(mapped.type).schemaVersion,
      caseId: app.id,
      agencyCode: app.agencyCode,
      applicantId: app.applicantId,
      roles: mapped.roles,
      occurredAt: entry.at,
      data: mapped.data,
    };
  }
}
