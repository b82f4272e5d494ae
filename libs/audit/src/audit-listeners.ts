import { Injectable } from '@nestjs/common';
import type { SqlStatement } from '@tenggat/platform';
import type { EntityManager } from 'typeorm';
import type { AppendedEvent, AuditEntry } from './audit.types';

/**
 * What a listener writes with an event as part of the event's own INSERT statement: CTEs added to
 * `s`, reading the event's global `seq` from the CTE named `auditRow` (one row, or none when the
 * event was not inserted; then the companion must write nothing).
 */
export type AuditCompanion = (s: SqlStatement, auditRow: string) => void;

/**
 * Told of every audit event inside the transaction that appends it, with the same
 * EntityManager: what it writes commits or rolls back with the change the event records (the
 * notifications outbox is written this way). It must not swallow its own failures: a listener
 * that throws rolls the change back.
 */
export interface AuditAppendListener {
  afterAppend(m: EntityManager, entry: AuditEntry, appended: AppendedEvent): Promise<void>;
  /**
   * A batch appended by `AuditService.appendMany` (the deadline cliff's breaches, say): the
   * entries and their links in the same order, and what the caller already read of the cases
   * the entries are about (`subjects`, by case id: may be partial, or absent). A listener
   * without it is told of each event.
   */
  afterAppendMany?(m: EntityManager, entries: readonly AuditEntry[], appended: readonly AppendedEvent[], subjects?: ReadonlyMap<string, unknown>): Promise<void>;
  /**
   * Optional, for `AuditService.appendAbout`: what the listener writes with this event, as a
   * companion of its INSERT (one statement for both). `subject` is what the caller's transaction
   * wrote (e.g. the case row as updated), so the listener need not read it again. Answers null
   * when it writes nothing for this event, undefined to be told through `afterAppend` instead.
   */
  companionOf?(m: EntityManager, entry: AuditEntry, subject: unknown): Promise<AuditCompanion | null | undefined>;
}

/** The listeners of one application (registered by modules at init). */
@Injectable()
export class AuditListeners {
  private readonly listeners: AuditAppendListener[] = [];

  /** Adds a listener; the function returned removes it. */
  register(listener: AuditAppendListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async notify(m: EntityManager, entry: AuditEntry, appended: AppendedEvent): Promise<void> {
    for (const l of this.listeners) await l.afterAppend(m, entry, appended);
  }

  async notifyMany(m: EntityManager, entries: readonly AuditEntry[], appended: readonly AppendedEvent[], subjects?: ReadonlyMap<string, unknown>): Promise<void> {
    if (entries.length === 0) return;
    for (const l of this.listeners) {
      if (l.afterAppendMany) await l.afterAppendMany(m, entries, appended, subjects);
      else for (let i = 0; i < entries.length; i++) await l.afterAppend(m, entries[i], appended[i]);
    }
  }

  /**
   * The companions of an event about `subject` (see `AuditAppendListener.companionOf`), and the
   * listeners to tell through `afterAppend` once it is inserted (those that offer none).
   */
  async companionsOf(m: EntityManager, entry: AuditEntry, subject: unknown): Promise<{ companions: AuditCompanion[]; after: AuditAppendListener[] }> {
    const companions: AuditCompanion[] = [];
    const after: AuditAppendListener[] = [];
    for (const l of this.listeners) {
      const c = l.companionOf ? await l.companionOf(m, entry, subject) : undefined;
      if (c === undefined) after.push(l);
      else if (c !== null) companions.push(c);
    }
    return { companions, after };
  }
}
