import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppendedEvent, AuditEntry } from './audit.types';

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
}
