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
}
