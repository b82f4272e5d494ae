import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface BoardCountRow {
  permit_type_code: string;
  permit_type_version: number | null;
  state: string;
  open: number;
  warned: number;
  breached: number;
  escalated: number;
  unassigned: number;
}

export interface BoardLoadRow {
  assignee_id: string;
  open: number;
  warned: number;
  breached: number;
  escalated: number;
}

/** The supervisor board's counts: open cases of an agency by permit type and state, and per holder. */
@Injectable()
export class BoardReadModel {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  counts(agency: string | null): Promise<BoardCountRow[]> {
    return this.db.query<BoardCountRow[]>(
      `SELECT permit_type_code, max(permit_type_version) AS permit_type_version, state, count(*)::int AS open,
              count(warned_at)::int AS warned, count(breached_at)::int AS breached, count(escalated_at)::int AS escalated,
              count(*) FILTER (WHERE assignee_id IS NULL)::int AS unassigned
         FROM applications WHERE status = 'open' AND agency_code = $1
        GROUP BY permit_type_code, state ORDER BY permit_type_code, state`,
      [agency],
    );
  }

  load(agency: string | null): Promise<BoardLoadRow[]> {
    return this.db.query<BoardLoadRow[]>(
      `SELECT assignee_id, count(*)::int AS open, count(warned_at)::int AS warned, count(breached_at)::int AS breached, count(escalated_at)::int AS escalated
         FROM applications WHERE status = 'open' AND agency_code = $1 AND assignee_id IS NOT NULL
        GROUP BY assignee_id`,
      [agency],
    );
  }
}
