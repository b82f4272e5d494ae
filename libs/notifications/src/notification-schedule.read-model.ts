import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ClosingWindow {
  clockId: string;
  epoch: number;
  applicationId: string;
  calendarId: string;
  state: string;
  deadlineAt: Date;
}

export interface DigestRow {
  id: string;
  reference: string;
  permitTypeCode: string;
  permitTypeVersion: number;
  state: string;
  statutoryDeadlineAt: Date | null;
  breached: boolean;
  assigneeId: string | null;
}

/**
 * What the notification scheduler reads across the case tables (a read model: the clocks and
 * applications are owned by sla and applications): response windows about to close, and each
 * agency's warned and breached open cases for the officers' digest.
 */
@Injectable()
export class NotificationScheduleReadModel {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Running response windows ending in (now, until] not yet reminded of (`reminder:<clock>:<epoch>` among the outbox's dedupe keys). */
  async closingWindows(now: Date, until: Date, limit: number): Promise<ClosingWindow[]> {
    const rows = await this.db.query<{ id: string; epoch: number; application_id: string; calendar_id: string; state_name: string; deadline_at: Date }[]>(
      `SELECT c.id, c.epoch, c.application_id, c.calendar_id, c.state_name, c.deadline_at
         FROM clocks c
        WHERE c.kind = 'response' AND c.status = 'running' AND c.deadline_at > $1 AND c.deadline_at <= $2
          AND NOT EXISTS (SELECT 1 FROM outbox_dedupe_keys k WHERE k.dedupe_key = 'reminder:' || c.id || ':' || c.epoch)
        ORDER BY c.deadline_at
        LIMIT $3`,
      [now, until, limit],
    );
    return rows.map((r) => ({ clockId: r.id, epoch: r.epoch, applicationId: r.application_id, calendarId: r.calendar_id, state: r.state_name, deadlineAt: r.deadline_at }));
  }

  /** An agency's open cases with a statutory warning or breach, nearest deadline first. */
  async warnedAndBreached(agency: string, limit: number): Promise<DigestRow[]> {
    const rows = await this.db.query<
      { id: string; reference: string; permit_type_code: string; permit_type_version: number; state: string; statutory_deadline_at: Date | null; breached_at: Date | null; assignee_id: string | null }[]
    >(
      `SELECT id, reference, permit_type_code, permit_type_version, state, statutory_deadline_at, breached_at, assignee_id
         FROM applications
        WHERE agency_code = $1 AND status = 'open' AND (warned_at IS NOT NULL OR breached_at IS NOT NULL)
        ORDER BY statutory_deadline_at NULLS LAST, id
        LIMIT $2`,
      [agency, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      permitTypeCode: r.permit_type_code,
      permitTypeVersion: r.permit_type_version,
      state: r.state,
      statutoryDeadlineAt: r.statutory_deadline_at,
      breached: r.breached_at !== null,
      assigneeId: r.assignee_id,
    }));
  }
}
