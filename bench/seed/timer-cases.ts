import { canonicalJson } from '@tenggat/audit';
import { DEFAULT_WARNING_AT, PermitTypeDefinition } from '@tenggat/workflow';
import { Client } from 'pg';
import { sampleForm } from './profiles';
import { CHAIN_EVENTS_SQL, SETUP_SQL } from './sql';

/** Permit types weighted as in the seed: the timer cases breach in the same mix of policies. */
const WEIGHTS: Record<string, number> = { 'sertifikat-standar': 0.35, pbg: 0.2, reklame: 0.17, 'ukl-upl': 0.13, 'siup-perikanan': 0.15 };

export interface TimerClock {
  clockId: string;
  applicationId: string;
  epoch: number;
  dueAt: Date;
}

/**
 * Cases made for the timer scenario: submitted, open in their first state, with a running
 * statutory clock whose deadline is given (already warned, so that only the deadline timer is
 * armed) and the first state's own clock; with their clock events and hash-chained audit
 * events (draft.created, submit). They are deleted again afterwards: `bench_timer_clocks`
 * remembers them, also across a run that died.
 */
export class TimerCases {
  private constructor(
    private readonly c: Client,
    private readonly applicants: number,
  ) {}

  static async open(databaseUrl: string, types: readonly { code: string; version: number; definition: PermitTypeDefinition }[], agencies: Map<string, { cal: string; tz: string }>, applicants: number): Promise<TimerCases> {
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    await c.query(SETUP_SQL);
    await c.query(`CREATE TABLE IF NOT EXISTS bench_timer_clocks (clock_id uuid PRIMARY KEY, application_id uuid NOT NULL, due boolean NOT NULL)`);
    await c.query(`CREATE TEMP TABLE IF NOT EXISTS bench_tt (tid int, cum_lo float8, cum_hi float8, permit_type text, prefix text, version int, agency text,
      cal text, initial_state text, stat_wd int, st_wd int, share_pm int, form jsonb, draft_after text)`);
    await c.query(`CREATE TEMP TABLE IF NOT EXISTS bench_tc (i bigint, id uuid, tid int, deadline timestamptz, stat_id uuid, st_id uuid, applicant_id uuid)`);
    await c.query('TRUNCATE bench_tt');
    const total = types.reduce((s, t) => s + (WEIGHTS[t.code] ?? 0.1), 0);
    let cum = 0;
    for (const [tid, t] of types.entries()) {
      const def = t.definition;
      const initial = def.initial ?? Object.keys(def.states)[0];
      const lo = cum;
      cum += (WEIGHTS[t.code] ?? 0.1) / total;
      const agency = agencies.get(def.agency);
      if (!agency) throw new Error(`agency ${def.agency} unknown`);
      await c.query(`INSERT INTO bench_tt VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [
        tid,
        lo,
        tid === types.length - 1 ? 1.0000001 : cum,
        t.code,
        t.code.toUpperCase(),
        t.version,
        def.agency,
        agency.cal,
        initial,
        def.processingTime.workingDays,
        def.states[initial]?.sla?.workingDays ?? null,
        Math.round((def.warningAt ?? DEFAULT_WARNING_AT) * 1000),
        JSON.stringify(sampleForm(def)),
        canonicalJson({ permitType: t.code, state: 'draft' }),
      ]);
    }
    return new TimerCases(c, applicants);
  }

  /** Inserts one case per deadline; returns their statutory clocks (epoch 1). */
  async insert(deadlines: readonly Date[], opts: { now: Date; due: boolean; tag: string; offset: number }): Promise<TimerClock[]> {
    const out: TimerClock[] = [];
    for (let i = 0; i < deadlines.length; i += 20_000) {
      const chunk = deadlines.slice(i, i + 20_000);
      await this.c.query('BEGIN');
      await this.c.query('TRUNCATE bench_tc, bench_ev, bench_evk');
      await this.c.query(
        `INSERT INTO bench_tc
         SELECT x.n + $2, gen_random_uuid(), t.tid, x.d, gen_random_uuid(), CASE WHEN t.st_wd IS NULL THEN NULL ELSE gen_random_uuid() END,
                pg_temp.uid('applicant:' || (((x.n + $2) * 7919) % $3))
           FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(d, n)
           JOIN bench_tt t ON pg_temp.bu(x.n + $2, 99) >= t.cum_lo AND pg_temp.bu(x.n + $2, 99) < t.cum_hi`,
        [chunk, opts.offset + i, this.applicants],
      );
      const s = `date_trunc('milliseconds', $1::timestamptz - interval '1 day')`;
      await this.c.query(
        `INSERT INTO applications (id, permit_type_code, permit_type_version, agency_code, applicant_id, state, status, version, reference,
           form, submitted_at, next_deadline_at, statutory_deadline_at, priority, warned_at, created_at, updated_at)
         SELECT b.id, t.permit_type, t.version, t.agency, b.applicant_id, t.initial_state, 'open', 2, t.prefix || '-T' || $2 || '-' || b.i,
           t.form, ${s}, LEAST(b.deadline, CASE WHEN b.st_id IS NULL THEN NULL ELSE $1::timestamptz + interval '3 days' END), b.deadline, 1,
           LEAST(b.deadline - interval '1 hour', $1::timestamptz - interval '1 minute'), ${s} - interval '1 hour', ${s}
         FROM bench_tc b JOIN bench_tt t USING (tid)`,
        [opts.now, opts.tag],
      );
      await this.c.query(
        `INSERT INTO clocks (id, application_id, agency_code, permit_type_code, kind, state_name, calendar_id, budget_ms, consumed_ms, status,
           run_started_at, deadline_at, warn_at, provisional, epoch, warned_at, started_at, stops, stopped_ms)
         SELECT b.stat_id, b.id, t.agency, t.permit_type, 'statutory', NULL, t.cal, t.stat_wd::bigint * 86400000, 0, 'running',
           ${s}, b.deadline, LEAST(b.deadline - interval '1 hour', $1::timestamptz - interval '1 minute'), false, 1,
           LEAST(b.deadline - interval '1 hour', $1::timestamptz - interval '1 minute') + interval '1 second', ${s}, 0, 0
         FROM bench_tc b JOIN bench_tt t USING (tid)
         UNION ALL
         SELECT b.st_id, b.id, t.agency, t.permit_type, 'state', t.initial_state, t.cal, t.st_wd::bigint * 86400000, 0, 'running',
           ${s}, $1::timestamptz + interval '3 days', $1::timestamptz + interval '2 days', false, 1, NULL, ${s}, 0, 0
         FROM bench_tc b JOIN bench_tt t USING (tid) WHERE b.st_id IS NOT NULL`,
        [opts.now],
      );
      await this.c.query(
        `INSERT INTO clock_events (clock_id, application_id, clock_kind, state_name, at, kind, actor_id, actor_role, reason, consumed_ms, remaining_ms, deadline_at)
         SELECT c.id, c.application_id, c.kind, c.state_name, c.started_at, 'start', b.applicant_id, 'applicant', 'complete application received', 0, c.budget_ms, c.deadline_at
           FROM bench_tc b JOIN clocks c ON c.application_id = b.id`,
      );
      await this.c.query(
        `INSERT INTO bench_ev
         SELECT b.id, 1, ${s} - interval '1 hour', b.applicant_id, 'applicant', 'draft.created', 'application', b.id::text, NULL, t.draft_after, NULL, NULL
           FROM bench_tc b JOIN bench_tt t USING (tid)
         UNION ALL
         SELECT b.id, 2, ${s}, b.applicant_id, 'applicant', 'submit', 'application', b.id::text, '{"state":"draft"}',
           '{"deadline":"' || pg_temp.iso(b.deadline) || '","permitTypeVersion":' || t.version || ',"reference":' || pg_temp.js(t.prefix || '-T' || $2 || '-' || b.i)
             || ',"state":' || pg_temp.js(t.initial_state) || '}', NULL, NULL
           FROM bench_tc b JOIN bench_tt t USING (tid)`,
        [opts.now, opts.tag],
      );
      await this.c.query(CHAIN_EVENTS_SQL);
      await this.c.query(`INSERT INTO bench_timer_clocks SELECT b.stat_id, b.id, $1 FROM bench_tc b`, [opts.due]);
      const rows = await this.c.query<{ stat_id: string; id: string; deadline: Date }>(`SELECT stat_id, id, deadline FROM bench_tc ORDER BY i`);
      await this.c.query('COMMIT');
      out.push(...rows.rows.map((r) => ({ clockId: r.stat_id, applicationId: r.id, epoch: 1, dueAt: r.deadline })));
    }
    return out;
  }

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.c.query<T>(sql, params)).rows;
  }

  /**
   * Deletes the timer cases and everything they wrote. The audit log refuses DELETE; this bench
   * database's superuser session skips that trigger (session_replication_role = replica) to
   * remove these cases' whole streams, which nothing else links to.
   */
  async deleteAll(opts: { onlyDue?: boolean } = {}): Promise<number> {
    await this.c.query('BEGIN');
    await this.c.query(`SET LOCAL session_replication_role = replica`);
    const ids = `SELECT application_id FROM bench_timer_clocks${opts.onlyDue ? ' WHERE due' : ''}`;
    await this.c.query(`DELETE FROM audit_events WHERE case_id IN (${ids})`);
    await this.c.query(`DELETE FROM clock_events WHERE application_id IN (${ids})`);
    await this.c.query(`DELETE FROM clocks WHERE application_id IN (${ids})`);
    await this.c.query(`DELETE FROM permits WHERE application_id IN (${ids})`);
    const r = await this.c.query(`DELETE FROM applications WHERE id IN (${ids})`);
    if (opts.onlyDue) await this.c.query(`DELETE FROM bench_timer_clocks WHERE due`);
    else await this.c.query(`TRUNCATE bench_timer_clocks`);
    await this.c.query('COMMIT');
    return r.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.c.end();
  }
}
