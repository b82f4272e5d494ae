import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { calendarsFromTexts, ResolvedCalendar } from '@tenggat/calendar';
import type { CaseHistory, RecordedStep } from '@tenggat/whatif';
import type { PermitTypeDefinition } from '@tenggat/workflow';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';

/** Which cases a run reads: submitted in [start, end), of these agencies (all when empty). */
export interface HistoryFilter {
  readonly start: Date;
  readonly end: Date;
  readonly agencies: readonly string[];
}

interface HistoryRow {
  id: string;
  reference: string | null;
  agency_code: string;
  permit_type_code: string;
  permit_type_version: number;
  calendar_id: string;
  submitted_at: Date;
  escalated: boolean;
  deadline_at: Date | null;
  breached: boolean;
  adjusted: boolean;
  steps: [string, string, string, string, string][] | null;
}

/** Everything published that the rules in force are made of. */
export interface PublishedRules {
  readonly definitions: readonly { code: string; version: number; definition: PermitTypeDefinition }[];
  readonly agencies: readonly { code: string; calendarId: string }[];
  readonly calendars: readonly ResolvedCalendar[];
}

/** Rows per cursor fetch. */
export const HISTORY_BATCH = 1000;

const WHERE = `a.status <> 'draft' AND a.submitted_at >= $1 AND a.submitted_at < $2 AND (cardinality($3::text[]) = 0 OR a.agency_code = ANY($3::text[]))`;

/**
 * The case histories a what-if run replays, read only. One row per case: the case, its
 * agency's calendar, its latest statutory clock (the recorded deadline and breach), whether the
 * demo endpoint moved one of its clocks, and its transitions from the audit log in order
 * (`[occurredAt, action, from, to, actorRole]`). Streamed through a server-side cursor
 * (pg-query-stream), so memory stays flat at any number of cases.
 */
export const HISTORY_SQL = `
SELECT a.id, a.reference, a.agency_code, a.permit_type_code, a.permit_type_version, g.calendar_id, a.submitted_at,
  a.escalated_at IS NOT NULL AS escalated, c.deadline_at, COALESCE(c.breached_at IS NOT NULL, false) AS breached,
  EXISTS (SELECT 1 FROM clock_events ce WHERE ce.application_id = a.id AND ce.kind = 'adjust') AS adjusted,
  (SELECT json_agg(json_build_array(e.occurred_at, e.action, e.before->>'state', e.after->>'state', e.actor_role) ORDER BY e.seq)
     FROM audit_events e
    WHERE e.case_id = a.id AND e.action <> 'submit' AND e.before ? 'state' AND e.after ? 'state') AS steps
FROM applications a
JOIN agencies g ON g.code = a.agency_code
LEFT JOIN LATERAL (
  SELECT s.deadline_at, s.breached_at FROM clocks s WHERE s.application_id = a.id AND s.kind = 'statutory' ORDER BY s.started_at DESC LIMIT 1
) c ON true
WHERE ${WHERE}
ORDER BY a.submitted_at, a.id`;

/** The baseline of the benchmark: the same rows, the same cursor, no computation. */
@Injectable()
export class WhatIfHistoryReadModel {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(f: HistoryFilter): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM applications a WHERE ${WHERE}`, [f.start, f.end, [...f.agencies]]);
    return row.n;
  }

  /** Every published definition version, agency calendar and calendar. */
  async published(): Promise<PublishedRules> {
    const [defs, agencies, cals] = await Promise.all([
      this.db.query<{ code: string; version: number; definition: PermitTypeDefinition }[]>(`SELECT code, version, definition FROM permit_type_versions`),
      this.db.query<{ code: string; calendar_id: string }[]>(`SELECT code, calendar_id FROM agencies ORDER BY code`),
      this.db.query<{ source: string }[]>(`SELECT source FROM calendars ORDER BY id`),
    ]);
    const resolved = calendarsFromTexts(cals.map((c) => c.source));
    if (!resolved.ok) throw new Error(`the stored calendars do not resolve: ${resolved.faults.map((f) => f.message).join('; ')}`);
    return { definitions: defs, agencies: agencies.map((a) => ({ code: a.code, calendarId: a.calendar_id })), calendars: resolved.calendars };
  }

  /** The histories, oldest submission first, streamed; `signal` aborts the cursor. */
  async *histories(f: HistoryFilter): AsyncGenerator<CaseHistory> {
    for await (const row of this.rows(f)) yield toHistory(row as HistoryRow);
  }

  /**
   * The raw rows through the cursor (the bench's baseline streams these and computes nothing),
   * fetched `batchSize` rows at a time (pg-query-stream's default is 100: a round trip and an
   * executor restart every 100 rows).
   */
  async *rows(f: HistoryFilter, batchSize = HISTORY_BATCH): AsyncGenerator<unknown> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let stream: QueryStream | undefined;
    try {
      stream = client.query(new QueryStream(HISTORY_SQL, [f.start, f.end, [...f.agencies]], { batchSize }));
      for await (const row of stream) yield row;
    } finally {
      stream?.destroy();
      await runner.release();
    }
  }
}

function toHistory(r: HistoryRow): CaseHistory {
  const steps: RecordedStep[] = (r.steps ?? []).map(([at, action, from, to, actorRole]) => ({ at: new Date(at), action, from, to, actorRole }));
  return {
    id: r.id,
    reference: r.reference,
    agency: r.agency_code,
    permitType: r.permit_type_code,
    version: r.permit_type_version,
    calendarId: r.calendar_id,
    submittedAt: r.submitted_at,
    steps,
    clockAdjusted: r.adjusted,
    recorded: { deadline: r.deadline_at, breached: r.breached, escalated: r.escalated, deemed: steps.some((s) => s.action === 'deemed-approval') },
  };
}
