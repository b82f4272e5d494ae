/**
 * The SQL of the seeder. Rows are generated in Postgres from `generate_series` (never shipped
 * row by row from Node): a batch of cases goes into the temp table `bench_bc` with every
 * instant computed, and each real table is filled from it by one INSERT ... SELECT.
 *
 * Per-case randomness is `bu(i, k)`, a hash of the case number: the same seed gives the same
 * data. Instants are rounded to the millisecond, because the audit hashes are computed over
 * ISO strings with millisecond precision (what a JS Date reads back). The helper functions are
 * declared with their body's volatility so that the planner inlines them.
 */

/** Session setup: temp helper functions and tables. */
export const SETUP_SQL = `
SET synchronous_commit = off;
SET work_mem = '64MB';
SET jit = off;
CREATE OR REPLACE FUNCTION pg_temp.bu(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
  $$ SELECT (hashint8extended(i, k) & 9007199254740991)::float8 / 9007199254740992 $$;
CREATE OR REPLACE FUNCTION pg_temp.days(x float8) RETURNS interval LANGUAGE sql IMMUTABLE AS
  $$ SELECT make_interval(secs => round(x * 86400000) / 1000.0) $$;
CREATE OR REPLACE FUNCTION pg_temp.uid(k text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
  $$ SELECT md5('bench-user:' || k)::uuid $$;
CREATE OR REPLACE FUNCTION pg_temp.iso(t timestamptz) RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
CREATE OR REPLACE FUNCTION pg_temp.js(t text) RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT COALESCE(to_json(t)::text, 'null') $$;
CREATE OR REPLACE FUNCTION pg_temp.msbetween(a timestamptz, b timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT (extract(epoch FROM (b - a)) * 1000)::bigint $$;

CREATE TEMP TABLE IF NOT EXISTS bench_profile (
  pid int PRIMARY KEY, cum_lo float8, cum_hi float8, permit_type text, prefix text, version int, agency text, cal text, tz text,
  status text, state text, outcome text, stat_wd int, share_pm int, st_state text, st_wd int, initial_state text, is_initial bool,
  stopped bool, resp_days int, on_timeout text, late bool, deemed bool, policy text, role text,
  entry_action text, entry_role text, entry_from text, final_action text, final_role text, final_from text,
  max_age_days float8, min_age_days float8, validity_years int, form jsonb, missing_document text,
  draft_after text, entry_before text, entry_after text, entry_data text, entry_comment text,
  final_before text, final_after text, final_data text, final_comment text
);
CREATE TEMP TABLE IF NOT EXISTS bench_sched (
  cal text, day date, wd int, share_pm int, run_started_at timestamptz, deadline_at timestamptz, warn_at timestamptz, provisional bool,
  PRIMARY KEY (cal, wd, share_pm, day)
);
CREATE TEMP TABLE IF NOT EXISTS bench_docs (permit_type text, code text, media_type text, n int);
CREATE TEMP TABLE IF NOT EXISTS bench_bc (
  i bigint, id uuid, pid int, u3 float8, u4 float8, u5 float8, applicant_id uuid, created_at timestamptz,
  s timestamptz, e timestamptz, c timestamptz, lag_ms int, version int,
  stat_id uuid, stat_d0 timestamptz, stat_w0 timestamptz, stat_status text, stat_run timestamptz, stat_deadline timestamptz, stat_warn timestamptz,
  stat_prov bool, stat_consumed bigint, stat_epoch int, stat_warned_at timestamptz, stat_breached_at timestamptz,
  stat_finished_at timestamptz, stat_stopped_at timestamptz, stops int, stopped_ms bigint,
  st_id uuid, st_start timestamptz, st_status text, st_run timestamptz, st_deadline timestamptz, st_warn timestamptz, st_prov bool,
  st_consumed bigint, st_warned_at timestamptz, st_breached_at timestamptz, st_finished_at timestamptz,
  resp_id uuid, resp_deadline timestamptz,
  entry_actor uuid, final_actor uuid, escalated_at timestamptz, supervisor uuid, assignee uuid, assigned_at timestamptz,
  reassignments int, notices int, app_warned_at timestamptz, app_breached_at timestamptz, next_deadline timestamptz, stat_deadline_app timestamptz
);
CREATE TEMP TABLE IF NOT EXISTS bench_ev (
  case_id uuid, ord int, occurred_at timestamptz, actor_id uuid, actor_role text, action text, entity_type text, entity_id text,
  before_c text, after_c text, comment text, data_c text
);
CREATE TEMP TABLE IF NOT EXISTS bench_evk (
  case_id uuid, k int, occurred_at timestamptz, actor_id uuid, actor_role text, action text, entity_type text, entity_id text,
  before_c text, after_c text, comment text, data_c text, head text, tail text, PRIMARY KEY (case_id, k)
);
`;

export const CLEAR_BATCH_SQL = `TRUNCATE bench_bc, bench_ev, bench_evk`;

/** An officer of `agency` with `role`, chosen by case number among `$opr` colleagues. */
const officer = (role: string): string => `pg_temp.uid(p.agency || ':' || ${role} || ':' || (g.i % $4))`;

/**
 * One batch of cases ($1..$2) into bench_bc. $3 = the reference instant, $4 = officers per role,
 * $5 = applicants. Timeline per case: created, submitted (S), entered its current state or was
 * stopped (E), closed (C); clocks follow from the precomputed schedules. A stopped case's notice
 * comes less than its statutory working days (as calendar days) after submission, so before its
 * deadline: the engine would have breached a clock still running at its deadline (what-if's
 * self-consistency replay found such records in seed version 1).
 */
export const BATCH_CASES_SQL = `
INSERT INTO bench_bc
SELECT g.i, gen_random_uuid(), p.pid, g.u3, g.u4, g.u5,
  pg_temp.uid('applicant:' || ((g.i * 7919) % $5)),
  CASE WHEN p.status = 'draft' THEN date_trunc('milliseconds', $3::timestamptz - pg_temp.days(g.u2 * 30))
       ELSE t.s - pg_temp.days(0.1 + g.u5 * 3) END,
  t.s, t2.e, t2.c, t.lag_ms,
  CASE p.status WHEN 'draft' THEN 1 WHEN 'open' THEN (CASE WHEN p.is_initial THEN 2 ELSE 3 END) + (CASE WHEN f.escalate THEN 1 ELSE 0 END) ELSE 4 + (CASE WHEN f.escalate THEN 1 ELSE 0 END) END,
  -- statutory clock
  CASE WHEN p.status = 'draft' THEN NULL ELSE gen_random_uuid() END,
  ss.deadline_at,
  ss.warn_at,
  CASE WHEN p.status = 'closed' THEN 'finished' WHEN p.stopped THEN 'stopped' WHEN p.status = 'open' THEN 'running' END,
  CASE WHEN p.status = 'open' AND NOT p.stopped THEN ss.run_started_at END,
  CASE WHEN p.stopped THEN NULL ELSE ss.deadline_at END,
  CASE WHEN p.stopped THEN NULL ELSE ss.warn_at END,
  COALESCE(ss.provisional, false),
  CASE WHEN p.status = 'draft' THEN 0
       WHEN p.stopped THEN LEAST(GREATEST(0, pg_temp.msbetween(ss.run_started_at, t2.e) * 5 / 7), p.stat_wd::bigint * 86400000 * 95 / 100)
       WHEN p.status = 'open' THEN 0
       WHEN p.late THEN p.stat_wd::bigint * 86400000 + GREATEST(0, pg_temp.msbetween(ss.deadline_at, t2.c) * 5 / 7)
       ELSE LEAST(GREATEST(0, pg_temp.msbetween(ss.run_started_at, t2.c) * 5 / 7), p.stat_wd::bigint * 86400000) END,
  CASE WHEN p.status = 'open' AND NOT p.stopped THEN 1 ELSE 2 END,
  CASE WHEN ss.warn_at < COALESCE(t2.e_stop, t2.c, $3) THEN ss.warn_at + make_interval(secs => t.lag_ms / 1000.0) END,
  CASE WHEN f.stat_breached THEN ss.deadline_at + make_interval(secs => t.lag_ms / 1000.0) END,
  CASE WHEN p.status = 'closed' THEN t2.c END,
  CASE WHEN p.stopped THEN t2.e END,
  CASE WHEN p.stopped OR (p.status = 'closed' AND p.outcome <> 'withdrawn' AND g.u5 < 0.12) THEN 1 ELSE 0 END,
  CASE WHEN p.stopped THEN 0 WHEN p.status = 'closed' AND p.outcome <> 'withdrawn' AND g.u5 < 0.12 THEN (86400000 * (1 + g.u4 * 9))::bigint ELSE 0 END,
  -- state clock
  CASE WHEN p.st_state IS NULL THEN NULL ELSE gen_random_uuid() END,
  t2.ex,
  CASE WHEN p.st_state IS NULL THEN NULL WHEN p.status = 'open' THEN 'running' ELSE 'finished' END,
  CASE WHEN p.status = 'open' THEN sx.run_started_at END,
  sx.deadline_at, sx.warn_at, COALESCE(sx.provisional, false),
  CASE WHEN p.st_state IS NULL OR p.status = 'open' THEN 0
       ELSE GREATEST(0, pg_temp.msbetween(sx.run_started_at, t2.c) * 5 / 7) END,
  CASE WHEN sx.warn_at < COALESCE(t2.c, $3) THEN sx.warn_at + make_interval(secs => t.lag_ms / 1000.0) END,
  CASE WHEN sx.deadline_at < COALESCE(t2.c, $3) THEN sx.deadline_at + make_interval(secs => t.lag_ms / 1000.0) END,
  CASE WHEN p.st_state IS NOT NULL AND p.status = 'closed' THEN t2.c END,
  -- response window (calendar days: the end of the N-th local day after the notice)
  CASE WHEN p.stopped THEN gen_random_uuid() END,
  CASE WHEN p.stopped THEN ((((t2.e AT TIME ZONE p.tz)::date + p.resp_days + 1)::timestamp AT TIME ZONE p.tz) - interval '1 millisecond') END,
  -- people
  CASE WHEN p.entry_role IS NULL THEN NULL WHEN p.entry_role = 'applicant' THEN pg_temp.uid('applicant:' || ((g.i * 7919) % $5)) ELSE ${officer('p.entry_role')} END,
  CASE WHEN p.final_role IS NULL OR p.final_role = 'system' THEN NULL WHEN p.final_role = 'applicant' THEN pg_temp.uid('applicant:' || ((g.i * 7919) % $5)) ELSE ${officer('p.final_role')} END,
  CASE WHEN f.escalate THEN ss.deadline_at + make_interval(secs => t.lag_ms / 1000.0) END,
  pg_temp.uid(p.agency || ':supervisor:0'),
  CASE WHEN f.escalate THEN pg_temp.uid(p.agency || ':supervisor:0')
       WHEN p.status = 'open' AND p.role IS NOT NULL AND g.u5 < 0.35 THEN ${officer('p.role')} END,
  CASE WHEN f.escalate THEN ss.deadline_at + make_interval(secs => t.lag_ms / 1000.0)
       WHEN p.status = 'open' AND p.role IS NOT NULL AND g.u5 < 0.35 THEN t2.e + interval '17 minutes' END,
  CASE WHEN f.escalate AND p.role IS NOT NULL AND g.u5 < 0.35 THEN 1 ELSE 0 END,
  CASE WHEN p.stopped OR (p.status = 'closed' AND p.outcome <> 'withdrawn' AND g.u5 < 0.12) THEN 1 ELSE 0 END,
  -- the case's own flags and denormalised deadlines (as CaseEffects.refreshDeadlines keeps them)
  CASE WHEN p.status = 'draft' THEN NULL ELSE
    LEAST(CASE WHEN ss.warn_at < COALESCE(t2.e_stop, t2.c, $3) THEN ss.warn_at + make_interval(secs => t.lag_ms / 1000.0) END,
          CASE WHEN sx.warn_at < COALESCE(t2.c, $3) THEN sx.warn_at + make_interval(secs => t.lag_ms / 1000.0) END) END,
  CASE WHEN f.stat_breached THEN ss.deadline_at + make_interval(secs => t.lag_ms / 1000.0) END,
  CASE WHEN p.status = 'open' AND NOT p.stopped THEN LEAST(ss.deadline_at, sx.deadline_at) END,
  CASE WHEN p.stopped OR p.status = 'draft' THEN NULL ELSE ss.deadline_at END
FROM (
  SELECT i, pg_temp.bu(i, 1) AS u1, pg_temp.bu(i, 2) AS u2, pg_temp.bu(i, 3) AS u3, pg_temp.bu(i, 4) AS u4, pg_temp.bu(i, 5) AS u5
  FROM generate_series($1::bigint, $2::bigint) AS i
) g
JOIN bench_profile p ON g.u1 >= p.cum_lo AND g.u1 < p.cum_hi
CROSS JOIN LATERAL (
  SELECT (200 + floor(g.u4 * 1800))::int AS lag_ms,
    CASE WHEN p.status = 'draft' THEN NULL::timestamptz
         WHEN p.stopped THEN date_trunc('milliseconds', $3::timestamptz - pg_temp.days(g.u3 * (p.resp_days - 1)) - pg_temp.days(0.5 + g.u2 * (p.stat_wd - 1)))
         WHEN p.status = 'open' THEN date_trunc('milliseconds', $3::timestamptz - pg_temp.days(g.u2 * p.max_age_days))
         ELSE date_trunc('milliseconds', $3::timestamptz - pg_temp.days(p.min_age_days + g.u2 * (395 - p.min_age_days))) END AS s
) t
LEFT JOIN bench_sched ss ON ss.cal = p.cal AND ss.wd = p.stat_wd AND ss.share_pm = p.share_pm AND ss.day = (t.s AT TIME ZONE p.tz)::date
CROSS JOIN LATERAL (
  SELECT x.e, x.c, x.e_stop,
    CASE WHEN p.st_state IS NULL THEN NULL
         WHEN p.status = 'open' THEN x.e
         ELSE date_trunc('milliseconds', GREATEST(t.s, x.c - pg_temp.days(0.1 + g.u4 * COALESCE(p.st_wd, 1) * 1.2))) END AS ex
  FROM (SELECT
    CASE WHEN p.status <> 'open' THEN NULL
         WHEN p.stopped THEN date_trunc('milliseconds', $3::timestamptz - pg_temp.days(g.u3 * (p.resp_days - 1)))
         WHEN p.is_initial THEN t.s
         ELSE date_trunc('milliseconds', t.s + ($3::timestamptz - t.s) * (0.2 + 0.7 * g.u3)) END AS e,
    CASE WHEN p.stopped THEN date_trunc('milliseconds', $3::timestamptz - pg_temp.days(g.u3 * (p.resp_days - 1))) END AS e_stop,
    CASE WHEN p.status <> 'closed' THEN NULL
         ELSE LEAST($3::timestamptz - interval '1 minute', date_trunc('milliseconds',
           CASE WHEN p.deemed THEN ss.deadline_at + make_interval(secs => t.lag_ms / 1000.0 + 0.5)
                WHEN p.late THEN ss.deadline_at + pg_temp.days(0.5 + g.u3 * 10)
                WHEN p.outcome = 'withdrawn' THEN t.s + (ss.deadline_at - t.s) * (0.6 * g.u3) + interval '1 hour'
                ELSE ss.run_started_at + (ss.deadline_at - ss.run_started_at) * (0.3 + 0.65 * g.u3) END)) END AS c
  ) x
) t2
LEFT JOIN bench_sched sx ON sx.cal = p.cal AND sx.wd = p.st_wd AND sx.share_pm = p.share_pm AND sx.day = (t2.ex AT TIME ZONE p.tz)::date
CROSS JOIN LATERAL (
  SELECT (p.status = 'open' AND NOT p.stopped AND ss.deadline_at < $3) OR (p.status = 'closed' AND p.late) AS stat_breached,
         p.policy = 'escalate' AND ((p.status = 'open' AND NOT p.stopped AND ss.deadline_at < $3) OR (p.status = 'closed' AND p.late)) AS escalate
) f
`;

export const INSERT_APPLICATIONS_SQL = `
INSERT INTO applications (id, permit_type_code, permit_type_version, agency_code, applicant_id, state, status, version, reference,
  access_code_hash, form, submitted_at, closed_at, outcome, assignee_id, assigned_at, reassignments, deficiency_notices,
  next_deadline_at, statutory_deadline_at, priority, warned_at, breached_at, escalated_at, post_issuance_supervision, created_at, updated_at)
SELECT b.id, p.permit_type, CASE WHEN p.status = 'draft' THEN NULL ELSE p.version END, p.agency, b.applicant_id, p.state, p.status, b.version,
  CASE WHEN p.status = 'draft' THEN NULL ELSE p.prefix || '-' || to_char(b.s AT TIME ZONE p.tz, 'YYYY') || '-' || lpad(b.i::text, 7, '0') END,
  CASE WHEN p.status = 'draft' THEN NULL ELSE 's1$' || md5('salt' || b.i) || '$' || encode(sha256(decode(md5('salt' || b.i), 'hex') || sha256(convert_to('BENCH' || b.i, 'UTF8'))), 'hex') END,
  CASE WHEN p.form ? 'contactEmail' THEN p.form || jsonb_build_object('contactEmail', 'pemohon' || b.i || '@usaha.example') ELSE p.form END,
  b.s, b.c, p.outcome, b.assignee, b.assigned_at, b.reassignments, b.notices, b.next_deadline, b.stat_deadline_app,
  CASE WHEN b.escalated_at IS NULL THEN 1 ELSE 0 END, b.app_warned_at, b.app_breached_at, b.escalated_at, p.deemed,
  b.created_at, COALESCE(b.c, b.e, b.s, b.created_at)
FROM bench_bc b JOIN bench_profile p USING (pid)
ORDER BY b.i
`;

export const INSERT_CLOCKS_SQL = `
INSERT INTO clocks (id, application_id, agency_code, permit_type_code, kind, state_name, calendar_id, budget_ms, consumed_ms, status,
  run_started_at, deadline_at, warn_at, provisional, epoch, warned_at, breached_at, breach_late_ms, started_at, finished_at, stops,
  stopped_ms, stopped_at, on_timeout)
SELECT b.stat_id, b.id, p.agency, p.permit_type, 'statutory', NULL, p.cal, p.stat_wd::bigint * 86400000, b.stat_consumed, b.stat_status,
  b.stat_run, b.stat_deadline, b.stat_warn, b.stat_prov, b.stat_epoch, b.stat_warned_at, b.stat_breached_at,
  CASE WHEN b.stat_breached_at IS NULL THEN NULL ELSE b.lag_ms END, b.s, b.stat_finished_at, b.stops, b.stopped_ms, b.stat_stopped_at, NULL
FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.stat_id IS NOT NULL
UNION ALL
SELECT b.st_id, b.id, p.agency, p.permit_type, 'state', p.st_state, p.cal, p.st_wd::bigint * 86400000, b.st_consumed, b.st_status,
  b.st_run, b.st_deadline, b.st_warn, b.st_prov, CASE WHEN b.st_status = 'running' THEN 1 ELSE 2 END, b.st_warned_at, b.st_breached_at,
  CASE WHEN b.st_breached_at IS NULL THEN NULL ELSE b.lag_ms END, b.st_start, b.st_finished_at, 0, 0, NULL, NULL
FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_id IS NOT NULL
UNION ALL
SELECT b.resp_id, b.id, p.agency, p.permit_type, 'response', p.state, p.cal, p.resp_days::bigint * 86400000, 0, 'running',
  b.e, b.resp_deadline, NULL, false, 1, b.e, NULL, NULL, b.e, NULL, 0, 0, NULL, p.on_timeout
FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.resp_id IS NOT NULL
`;

/** Every start, stop, warning, breach and finish of the batch's clocks, as ClockService records them. */
export const INSERT_CLOCK_EVENTS_SQL = `
INSERT INTO clock_events (clock_id, application_id, clock_kind, state_name, at, kind, actor_id, actor_role, reason, consumed_ms, remaining_ms, deadline_at)
SELECT * FROM (
  SELECT b.stat_id, b.id, 'statutory', NULL::text, b.s, 'start', b.applicant_id, 'applicant', 'complete application received', 0::bigint,
         p.stat_wd::bigint * 86400000, b.stat_d0
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.stat_id IS NOT NULL
  UNION ALL
  SELECT b.stat_id, b.id, 'statutory', NULL, b.e, 'stop', b.entry_actor, p.entry_role, p.entry_comment, b.stat_consumed,
         p.stat_wd::bigint * 86400000 - b.stat_consumed, NULL
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE p.stopped
  UNION ALL
  SELECT b.stat_id, b.id, 'statutory', NULL, b.stat_warned_at, 'warning', NULL, 'system', NULL, p.stat_wd::bigint * 864 * p.share_pm,
         p.stat_wd::bigint * 86400000 - p.stat_wd::bigint * 864 * p.share_pm, b.stat_d0
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.stat_warned_at IS NOT NULL
  UNION ALL
  SELECT b.stat_id, b.id, 'statutory', NULL, b.stat_breached_at, 'breach', NULL, 'system', NULL, p.stat_wd::bigint * 86400000 + b.lag_ms,
         -b.lag_ms, b.stat_d0
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.stat_breached_at IS NOT NULL
  UNION ALL
  SELECT b.stat_id, b.id, 'statutory', NULL, b.c, 'finish', b.final_actor, COALESCE(p.final_role, 'system'), p.final_comment, b.stat_consumed,
         p.stat_wd::bigint * 86400000 - b.stat_consumed, b.stat_d0
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE p.status = 'closed'
  UNION ALL
  SELECT b.st_id, b.id, 'state', p.st_state, b.st_start, 'start', CASE WHEN p.is_initial OR p.status = 'closed' THEN b.applicant_id ELSE b.entry_actor END,
         CASE WHEN p.is_initial OR p.status = 'closed' THEN 'applicant' ELSE COALESCE(p.entry_role, 'applicant') END, NULL, 0,
         p.st_wd::bigint * 86400000, b.st_deadline
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_id IS NOT NULL
  UNION ALL
  SELECT b.st_id, b.id, 'state', p.st_state, b.st_warned_at, 'warning', NULL, 'system', NULL, p.st_wd::bigint * 864 * p.share_pm,
         p.st_wd::bigint * 86400000 - p.st_wd::bigint * 864 * p.share_pm, b.st_deadline
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_warned_at IS NOT NULL
  UNION ALL
  SELECT b.st_id, b.id, 'state', p.st_state, b.st_breached_at, 'breach', NULL, 'system', NULL, p.st_wd::bigint * 86400000 + b.lag_ms,
         -b.lag_ms, b.st_deadline
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_breached_at IS NOT NULL
  UNION ALL
  SELECT b.st_id, b.id, 'state', p.st_state, b.st_finished_at, 'finish', b.final_actor, COALESCE(p.final_role, 'system'), NULL, b.st_consumed,
         p.st_wd::bigint * 86400000 - b.st_consumed, b.st_deadline
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_finished_at IS NOT NULL
  UNION ALL
  SELECT b.resp_id, b.id, 'response', p.state, b.e, 'start', b.entry_actor, COALESCE(p.entry_role, 'system'), NULL, 0,
         p.resp_days::bigint * 86400000, b.resp_deadline
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.resp_id IS NOT NULL
) ev ORDER BY 2, 5
`;

/** The required documents of every submitted case (metadata only: the files are not written). */
export const INSERT_DOCUMENTS_SQL = `
INSERT INTO documents (id, application_id, requirement_code, file_name, media_type, size_bytes, sha256, uploaded_by, uploaded_at, superseded_at)
SELECT gen_random_uuid(), b.id, d.code, d.code || CASE WHEN d.media_type = 'application/pdf' THEN '.pdf' ELSE '.png' END, d.media_type,
  (40000 + (b.i * 7919 + d.n * 104729) % 4000000)::int, md5(b.id::text || d.code) || md5(d.code || b.id::text), b.applicant_id,
  b.created_at + interval '1 minute' * (1 + d.n), NULL
FROM bench_bc b JOIN bench_profile p USING (pid) JOIN bench_docs d ON d.permit_type = p.permit_type
WHERE p.status <> 'draft'
`;

export const INSERT_PERMITS_SQL = `
INSERT INTO permits (id, application_id, permit_number, issued_at, valid_until, deemed_approval, decision)
SELECT gen_random_uuid(), b.id, p.prefix || '/' || to_char(b.c AT TIME ZONE p.tz, 'YYYY') || '/' || lpad(b.i::text, 7, '0'), b.c,
  CASE WHEN p.validity_years IS NULL THEN NULL ELSE b.c + make_interval(years => p.validity_years) END, p.deemed,
  jsonb_build_object('kind', 'decision', 'permitNumber', p.prefix || '/' || to_char(b.c AT TIME ZONE p.tz, 'YYYY') || '/' || lpad(b.i::text, 7, '0'),
    'reference', p.prefix || '-' || to_char(b.s AT TIME ZONE p.tz, 'YYYY') || '-' || lpad(b.i::text, 7, '0'),
    'permitType', jsonb_build_object('code', p.permit_type, 'version', p.version), 'agency', p.agency, 'applicantId', b.applicant_id,
    'decidedAt', pg_temp.iso(b.c), 'outcome', 'approved', 'deemedApproval', p.deemed)
FROM bench_bc b JOIN bench_profile p USING (pid)
WHERE p.outcome = 'approved'
`;

/**
 * The audit events of the batch into bench_ev (canonical JSON texts for before/after/data), as
 * the services write them: draft.created, submit, the transition into the current state,
 * sla.warning / sla.breached / sla.state-breached / escalated, and the decision.
 */
export const BATCH_EVENTS_SQL = `
INSERT INTO bench_ev
SELECT * FROM (
  SELECT b.id, 1, b.created_at, b.applicant_id, 'applicant', 'draft.created', 'application', b.id::text, NULL, p.draft_after, NULL, NULL
  FROM bench_bc b JOIN bench_profile p USING (pid)
  UNION ALL
  SELECT b.id, 2, b.s, b.applicant_id, 'applicant', 'submit', 'application', b.id::text, '{"state":"draft"}',
    '{"deadline":"' || pg_temp.iso(b.stat_d0) || '","permitTypeVersion":' || p.version || ',"reference":'
      || pg_temp.js(p.prefix || '-' || to_char(b.s AT TIME ZONE p.tz, 'YYYY') || '-' || lpad(b.i::text, 7, '0')) || ',"state":' || pg_temp.js(p.initial_state) || '}',
    NULL, NULL
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE p.status <> 'draft'
  UNION ALL
  SELECT b.id, 3, b.e, b.entry_actor, p.entry_role, p.entry_action, 'application', b.id::text, p.entry_before, p.entry_after, p.entry_comment, p.entry_data
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE p.status = 'open' AND p.entry_action IS NOT NULL
  UNION ALL
  SELECT b.id, 4, b.stat_warned_at, NULL, 'system', 'sla.warning', 'clock', b.stat_id::text, NULL, NULL, NULL,
    '{"clock":"statutory","deadline":"' || pg_temp.iso(b.stat_d0) || '","state":null,"warnAt":"' || pg_temp.iso(b.stat_w0) || '"}'
  FROM bench_bc b WHERE b.stat_warned_at IS NOT NULL
  UNION ALL
  SELECT b.id, 5, b.st_warned_at, NULL, 'system', 'sla.warning', 'clock', b.st_id::text, NULL, NULL, NULL,
    '{"clock":"state","deadline":"' || pg_temp.iso(b.st_deadline) || '","state":' || pg_temp.js(p.st_state) || ',"warnAt":"' || pg_temp.iso(b.st_warn) || '"}'
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_warned_at IS NOT NULL
  UNION ALL
  SELECT b.id, 6, b.st_breached_at, NULL, 'system', 'sla.state-breached', 'clock', b.st_id::text, NULL, NULL, NULL,
    '{"clock":"state","deadline":"' || pg_temp.iso(b.st_deadline) || '","lateMs":' || b.lag_ms || ',"policy":"flag","state":' || pg_temp.js(p.st_state) || '}'
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.st_breached_at IS NOT NULL
  UNION ALL
  SELECT b.id, 7, b.stat_breached_at, NULL, 'system', 'sla.breached', 'clock', b.stat_id::text, NULL, NULL, NULL,
    '{"clock":"statutory","deadline":"' || pg_temp.iso(b.stat_d0) || '","lateMs":' || b.lag_ms || ',"policy":' || pg_temp.js(p.policy) || ',"state":null}'
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.stat_breached_at IS NOT NULL
  UNION ALL
  SELECT b.id, 8, b.escalated_at, NULL, 'system', 'escalated', 'application', b.id::text,
    '{"assigneeId":' || CASE WHEN b.reassignments > 0 THEN pg_temp.js(pg_temp.uid(p.agency || ':' || p.role || ':' || (b.i % $1))::text) ELSE 'null' END || '}',
    '{"assigneeId":' || pg_temp.js(b.supervisor::text) || ',"supervisors":[' || pg_temp.js(b.supervisor::text) || ']}', NULL, NULL
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE b.escalated_at IS NOT NULL
  UNION ALL
  SELECT b.id, 9, b.c, b.final_actor, p.final_role, p.final_action, 'application', b.id::text, p.final_before, p.final_after, p.final_comment, p.final_data
  FROM bench_bc b JOIN bench_profile p USING (pid) WHERE p.status = 'closed' AND p.final_action IS NOT NULL
) ev
`;

/**
 * Numbers bench_ev per stream (by time) and computes the hash chain exactly as AuditService
 * does (sha256 of the canonical JSON of every field, prev_hash included), then inserts it.
 * `head` is the canonical document up to `occurred_at`, `tail` what follows `prev_hash`.
 */
export const CHAIN_EVENTS_SQL = `
INSERT INTO bench_evk
SELECT e.case_id, k, e.occurred_at, e.actor_id, e.actor_role, e.action, e.entity_type, e.entity_id, e.before_c, e.after_c, e.comment, e.data_c,
  '{"action":' || pg_temp.js(e.action) || ',"actor_id":' || pg_temp.js(e.actor_id::text) || ',"actor_role":' || pg_temp.js(e.actor_role)
    || ',"after":' || COALESCE(e.after_c, 'null') || ',"before":' || COALESCE(e.before_c, 'null') || ',"case_id":' || pg_temp.js(e.case_id::text)
    || ',"comment":' || pg_temp.js(e.comment) || ',"data":' || COALESCE(e.data_c, 'null') || ',"entity_id":' || pg_temp.js(e.entity_id)
    || ',"entity_type":' || pg_temp.js(e.entity_type) || ',"occurred_at":"' || pg_temp.iso(e.occurred_at) || '"',
  ',"request_id":null,"stream":' || pg_temp.js('case:' || e.case_id) || ',"stream_seq":' || k || '}'
FROM (SELECT *, row_number() OVER (PARTITION BY case_id ORDER BY occurred_at, ord)::int AS k FROM bench_ev) e;

INSERT INTO audit_events (stream, stream_seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, case_id, before, after,
  comment, data, request_id, prev_hash, hash)
WITH RECURSIVE chain AS (
  SELECT e.case_id, e.k, repeat('0', 64) AS prev_hash,
    encode(sha256(convert_to(e.head || ',"prev_hash":"' || repeat('0', 64) || '"' || e.tail, 'UTF8')), 'hex') AS hash
  FROM bench_evk e WHERE e.k = 1
  UNION ALL
  SELECT e.case_id, e.k, c.hash, encode(sha256(convert_to(e.head || ',"prev_hash":"' || c.hash || '"' || e.tail, 'UTF8')), 'hex')
  FROM chain c JOIN bench_evk e ON e.case_id = c.case_id AND e.k = c.k + 1
)
SELECT 'case:' || e.case_id, e.k, e.occurred_at, e.actor_id, e.actor_role, e.action, e.entity_type, e.entity_id, e.case_id,
  e.before_c::jsonb, e.after_c::jsonb, e.comment, e.data_c::jsonb, NULL, c.prev_hash, c.hash
FROM chain c JOIN bench_evk e USING (case_id, k)
ORDER BY e.case_id, e.k;
`;
