import { DecisionRollupRepository } from '@tenggat/applications';
import { hashPassword } from '@tenggat/identity';
import { HISTORY_TABLES } from '@tenggat/enforcement';
import { HistoryPartitionsRepository, monthStart } from '@tenggat/platform';
import { dataSourceOptions, runMigrations } from '@tenggat/schema';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadCatalogue } from '../app/catalogue-context';
import { assertBenchDatabase, databaseNameOf } from '../lib/options';
import { buildProfiles, buildSchedule, Profile, referenceInstant } from './profiles';
import {
  BATCH_CASES_SQL,
  BATCH_EVENTS_SQL,
  CHAIN_EVENTS_SQL,
  CLEAR_BATCH_SQL,
  INSERT_APPLICATIONS_SQL,
  INSERT_CLOCK_EVENTS_SQL,
  INSERT_CLOCKS_SQL,
  INSERT_DOCUMENTS_SQL,
  INSERT_PERMITS_SQL,
  SETUP_SQL,
} from './sql';

/** Bumped whenever the seeded data changes shape: a database seeded by another version is re-seeded. */
export const SEED_VERSION = 2;
/** Every seeded account has this password (log in as any officer to look around). */
export const BENCH_PASSWORD = 'bench-password-2026';
export const OFFICERS_PER_ROLE = 10;
export const SUPERVISORS_PER_AGENCY = 3;

export interface SeedOptions {
  databaseUrl: string;
  cases: number;
  batchSize?: number;
  /** The instant the data describes ("now" of the snapshot); default: the latest weekday 10:00 WIB. */
  at?: Date;
  log?: (line: string) => void;
  /** Sessions loading batches side by side (default 2). */
  loaders?: number;
}

export interface SeedMeta {
  version: number;
  cases: number;
  /** The reference instant: the bench app runs with its clock set here, so the snapshot is always "now". */
  at: string;
  seededAt: string;
  seconds: number;
  loadSeconds: number;
  rows: Record<string, number>;
  totalRows: number;
  rowsPerSecond: number;
  officersPerRole: number;
  applicants: number;
  profiles: number;
}

const adminUrl = (url: string): string => {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
};

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export async function dropBenchDatabase(url: string): Promise<void> {
  assertBenchDatabase(url);
  await withClient(adminUrl(url), (c) => c.query(`DROP DATABASE IF EXISTS "${databaseNameOf(url)}" WITH (FORCE)`));
}

/** The seed's metadata, or null when the database does not exist or was never seeded. */
export async function readSeedMeta(url: string): Promise<SeedMeta | null> {
  assertBenchDatabase(url);
  const exists = await withClient(adminUrl(url), async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseNameOf(url)])).rowCount);
  if (!exists) return null;
  return withClient(url, async (c) => {
    const t = await c.query(`SELECT to_regclass('bench_meta') AS t`);
    if (!(t.rows[0] as { t: string | null }).t) return null;
    const r = await c.query(`SELECT value FROM bench_meta WHERE key = 'seed'`);
    return r.rowCount ? ((r.rows[0] as { value: SeedMeta }).value) : null;
  });
}

/**
 * Drops and recreates the bench database, migrates it with the real migrations, publishes the
 * configuration through the real catalogue module, and fills it with `cases` cases: drafts,
 * open cases in every state of every shipped permit type, closed ones (approved, rejected,
 * withdrawn, deemed approved), with their clocks, clock events, documents, permits, users and
 * hash-chained audit events. Every row is generated in Postgres, in batches.
 */
export async function seedBench(o: SeedOptions): Promise<SeedMeta> {
  assertBenchDatabase(o.databaseUrl);
  const log = o.log ?? ((line: string): void => console.log(line));
  const started = Date.now();
  const at = o.at ?? referenceInstant(new Date());
  const batchSize = o.batchSize ?? 20_000;
  await dropBenchDatabase(o.databaseUrl);
  await runMigrations(o.databaseUrl);
  await createHistoryMonths(o.databaseUrl, new Date(at.getTime() - 430 * 86_400_000), at);
  const catalogue = await loadCatalogue();
  const profiles = buildProfiles(catalogue.types, catalogue.agencies);
  const sched = buildSchedule(profiles, catalogue.calendars, new Date(at.getTime() - 430 * 86_400_000), new Date(at.getTime() + 2 * 86_400_000));
  const applicants = Math.max(50, Math.ceil(o.cases / 8));
  log(`seeding ${o.cases} cases into ${databaseNameOf(o.databaseUrl)} as of ${at.toISOString()} (${profiles.length} case profiles, ${sched.length} schedules)`);

  const rows: Record<string, number> = {};
  const add = (table: string, n: number | null): void => void (rows[table] = (rows[table] ?? 0) + (n ?? 0));
  const loadStarted = Date.now();
  const timing: Record<string, number> | null = process.env.BENCH_SEED_TIMING ? {} : null;
  let indexes: SavedIndex[] = [];
  await withClient(o.databaseUrl, async (c) => {
    await c.query(SETUP_SQL);
    await c.query(`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
    add('users', await insertUsers(c, catalogue.types, applicants, at));
    indexes = await dropSecondaryIndexes(c);
  });
  // batches are independent: a few sessions load them side by side (each with its own temp tables)
  let next = 1;
  const loader = (): Promise<void> =>
    withClient(o.databaseUrl, async (c) => {
      await c.query(SETUP_SQL);
      await loadLookups(c, profiles, sched, catalogue.types);
      const q = async (name: string, sql: string, params?: unknown[]): Promise<number | null> => {
        const t0 = Date.now();
        const r = await c.query(sql, params);
        if (timing) timing[name] = (timing[name] ?? 0) + Date.now() - t0;
        return r.rowCount;
      };
      while (next <= o.cases) {
        const lo = next;
        const hi = Math.min(o.cases, lo + batchSize - 1);
        next = hi + 1;
        await c.query('BEGIN');
        await q('clear', CLEAR_BATCH_SQL);
        await q('cases', BATCH_CASES_SQL, [lo, hi, at, OFFICERS_PER_ROLE, applicants]);
        add('applications', await q('applications', INSERT_APPLICATIONS_SQL));
        add('clocks', await q('clocks', INSERT_CLOCKS_SQL));
        add('clock_events', await q('clock_events', INSERT_CLOCK_EVENTS_SQL));
        add('documents', await q('documents', INSERT_DOCUMENTS_SQL));
        add('permits', await q('permits', INSERT_PERMITS_SQL));
        await q('events', BATCH_EVENTS_SQL, [OFFICERS_PER_ROLE]);
        await q('chain', CHAIN_EVENTS_SQL);
        await q('commit', 'COMMIT');
        done += hi - lo + 1;
        if (done === o.cases || Math.floor(done / (batchSize * 5)) > Math.floor((done - (hi - lo + 1)) / (batchSize * 5))) {
          log(`  ${done} cases (${Math.round(done / ((Date.now() - loadStarted) / 1000))} cases/s)`);
        }
      }
    });
  let done = 0;
  await Promise.all(Array.from({ length: Math.max(1, o.loaders ?? 2) }, loader));
  if (timing) log(`  time per statement, summed over loaders (ms): ${JSON.stringify(timing)}`);
  await withClient(o.databaseUrl, async (c) => {
    const t0 = Date.now();
    await restoreIndexes(c, indexes);
    log(`  ${indexes.length} indexes and keys rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    rows.audit_events = Number((await c.query(`SELECT count(*) FROM audit_events WHERE stream LIKE 'case:%'`)).rows[0].count);
    await setCounters(c, catalogue.types.map((t) => t.code), at, o.cases);
    // the decision roll-ups the statistics read, as the decisions would have written them
    const t1 = Date.now();
    await new DecisionRollupRepository().rebuild({ query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows });
    log(`  decision roll-ups built in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  });
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  log(`  loaded in ${loadSeconds.toFixed(1)} s; vacuum and analyze ...`);
  await withClient(o.databaseUrl, async (c) => {
    for (const t of ['applications', 'clocks', 'clock_events', 'audit_events', 'documents', 'permits', 'users']) await c.query(`VACUUM (ANALYZE) ${t}`);
  });
  const totalRows = Object.values(rows).reduce((s, n) => s + n, 0);
  const seconds = (Date.now() - started) / 1000;
  const meta: SeedMeta = {
    version: SEED_VERSION,
    cases: o.cases,
    at: at.toISOString(),
    seededAt: new Date().toISOString(),
    seconds,
    loadSeconds,
    rows,
    totalRows,
    rowsPerSecond: Math.round(totalRows / loadSeconds),
    officersPerRole: OFFICERS_PER_ROLE,
    applicants,
    profiles: profiles.length,
  };
  await withClient(o.databaseUrl, (c) =>
    c.query(`INSERT INTO bench_meta (key, value) VALUES ('seed', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [JSON.stringify(meta)]),
  );
  log(`seeded ${totalRows} rows in ${seconds.toFixed(1)} s (load ${meta.rowsPerSecond} rows/s): ${JSON.stringify(rows)}`);
  return meta;
}

async function loadLookups(c: Client, profiles: readonly Profile[], sched: ReturnType<typeof buildSchedule>, types: Awaited<ReturnType<typeof loadCatalogue>>['types']): Promise<void> {
  let cum = 0;
  const cols = profiles.map((p) => {
    const lo = cum;
    cum += p.weight;
    return { ...p, lo, hi: p === profiles[profiles.length - 1] ? 1.0000001 : cum };
  });
  const pick = <K extends keyof (typeof cols)[number]>(k: K): unknown[] => cols.map((p) => p[k]);
  await c.query(
    `INSERT INTO bench_profile SELECT * FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::text[], $16::int[], $17::text[], $18::bool[], $19::bool[],
       $20::int[], $21::text[], $22::bool[], $23::bool[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[],
       $31::text[], $32::float8[], $33::float8[], $34::int[], $35::jsonb[], $36::text[], $37::text[], $38::text[], $39::text[], $40::text[],
       $41::text[], $42::text[], $43::text[], $44::text[], $45::text[])`,
    [
      pick('pid'), pick('lo'), pick('hi'), pick('permitType'), pick('prefix'), pick('version'), pick('agency'), pick('cal'), pick('tz'),
      pick('status'), pick('state'), pick('outcome'), pick('statWd'), pick('sharePm'), pick('stState'), pick('stWd'), pick('initialState'),
      pick('isInitial'), pick('stopped'), pick('respDays'), pick('onTimeout'), pick('late'), pick('deemed'), pick('policy'), pick('role'),
      pick('entryAction'), pick('entryRole'), pick('entryFrom'), pick('finalAction'), pick('finalRole'), pick('finalFrom'), pick('maxAgeDays'),
      pick('minAgeDays'), pick('validityYears'), cols.map((p) => JSON.stringify(p.form)), pick('missingDocument'), pick('draftAfter'),
      pick('entryBefore'), pick('entryAfter'), pick('entryData'), pick('entryComment'), pick('finalBefore'), pick('finalAfter'), pick('finalData'),
      pick('finalComment'),
    ],
  );
  await c.query(
    `INSERT INTO bench_sched SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::bool[])`,
    [
      sched.map((s) => s.cal),
      sched.map((s) => s.day),
      sched.map((s) => s.wd),
      sched.map((s) => s.sharePm),
      sched.map((s) => s.runStartedAt),
      sched.map((s) => s.deadlineAt),
      sched.map((s) => s.warnAt),
      sched.map((s) => s.provisional),
    ],
  );
  const docs = types.flatMap((t) => t.definition.requirements.filter((r) => !r.optional).map((r, n) => ({ pt: t.code, code: r.code, media: r.mediaTypes[0], n })));
  await c.query(`INSERT INTO bench_docs SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`, [
    docs.map((d) => d.pt),
    docs.map((d) => d.code),
    docs.map((d) => d.media),
    docs.map((d) => d.n),
  ]);
  await c.query('ANALYZE bench_profile; ANALYZE bench_sched; ANALYZE bench_docs');
}

/**
 * The history tables' monthly partitions over the seeded span, as a worker running all along
 * would have created them (HISTORY_MONTHS_AHEAD = 3): the rows land in their months, not in
 * the default partition.
 */
async function createHistoryMonths(url: string, from: Date, at: Date): Promise<void> {
  const db = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const partitions = new HistoryPartitionsRepository(db);
    for (const t of HISTORY_TABLES)
      for (let m = monthStart(from); m.getTime() <= monthStart(at, 3).getTime(); m = monthStart(m, 1)) await partitions.ensureMonth(t, m);
  } finally {
    await db.destroy();
  }
}

/** The tables the batches fill; their secondary indexes are built once, after the load. */
const LOADED_TABLES = ['applications', 'clocks', 'clock_events', 'audit_events', 'documents', 'permits'];

interface SavedIndex {
  table: string;
  name: string;
  def: string;
  constraint: string | null;
  constraintDef: string | null;
}

/**
 * Drops every index, primary key and unique constraint of the loaded tables, to rebuild them
 * after the load exactly as the migrations made them (from their own definitions): building an
 * index once over the loaded rows is several times faster than maintaining it row by row, and
 * random uuid keys would otherwise scatter writes over indexes larger than shared_buffers.
 */
async function dropSecondaryIndexes(c: Client): Promise<SavedIndex[]> {
  const r = await c.query<SavedIndex>(
    `SELECT t.relname AS "table", i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def,
            k.conname AS "constraint", pg_get_constraintdef(k.oid) AS "constraintDef"
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = t.oid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
      ORDER BY i.indisprimary DESC`,
    [LOADED_TABLES],
  );
  for (const ix of r.rows) {
    if (ix.constraint) await c.query(`ALTER TABLE "${ix.table}" DROP CONSTRAINT "${ix.constraint}"`);
    else await c.query(`DROP INDEX ${ix.name}`);
  }
  return r.rows;
}

async function restoreIndexes(c: Client, saved: readonly SavedIndex[]): Promise<void> {
  await c.query(`SET maintenance_work_mem = '256MB'`);
  for (const ix of saved) {
    if (ix.constraint) await c.query(`ALTER TABLE "${ix.table}" ADD CONSTRAINT "${ix.constraint}" ${ix.constraintDef ?? ''}`);
    // an index of a partitioned table prints as `ON ONLY <table>`: build it on every partition
    else await c.query(ix.def.replace(' ON ONLY ', ' ON '));
  }
}

/** Officers (every role of every agency's permit types), supervisors, ombudsman, an admin and the applicants. */
async function insertUsers(c: Client, types: Awaited<ReturnType<typeof loadCatalogue>>['types'], applicants: number, at: Date): Promise<number> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const pairs = new Map<string, Set<string>>();
  for (const t of types) {
    const roles = pairs.get(t.definition.agency) ?? new Set<string>();
    for (const r of t.definition.roles) roles.add(r);
    roles.add('supervisor');
    pairs.set(t.definition.agency, roles);
  }
  const agencyCol: string[] = [];
  const roleCol: string[] = [];
  const countCol: number[] = [];
  for (const [agency, roles] of pairs) {
    for (const role of roles) {
      agencyCol.push(agency);
      roleCol.push(role);
      countCol.push(role === 'supervisor' ? SUPERVISORS_PER_AGENCY : OFFICERS_PER_ROLE);
    }
  }
  const created = new Date(at.getTime() - 400 * 86_400_000);
  const staff = await c.query(
    `INSERT INTO users (id, email, password_hash, name, nib, roles, agency_code, active, created_at, updated_at)
     SELECT pg_temp.uid(a.agency || ':' || a.role || ':' || n), lower(a.role || '.' || n || '@' || a.agency || '.bench.example'), $4,
       initcap(replace(a.role, '-', ' ')) || ' ' || n, NULL, ARRAY[a.role], a.agency, true, $5::timestamptz, $5::timestamptz
     FROM unnest($1::text[], $2::text[], $3::int[]) AS a(agency, role, count) CROSS JOIN LATERAL generate_series(0, a.count - 1) AS n`,
    [agencyCol, roleCol, countCol, hash, created],
  );
  const others = await c.query(
    `INSERT INTO users (id, email, password_hash, name, nib, roles, agency_code, active, created_at, updated_at)
     SELECT pg_temp.uid('ombudsman:' || n), 'ombudsman.' || n || '@bench.example', $1, 'Ombudsman ' || n, NULL, ARRAY['ombudsman'], NULL, true, $2::timestamptz, $2::timestamptz
     FROM generate_series(0, 2) n
     UNION ALL SELECT pg_temp.uid('admin:0'), 'admin@bench.example', $1, 'Admin', NULL, ARRAY['admin'], NULL, true, $2::timestamptz, $2::timestamptz
     UNION ALL
     SELECT pg_temp.uid('applicant:' || n), 'applicant.' || n || '@bench.example', $1, 'Pemohon ' || n, lpad(n::text, 13, '0'), ARRAY['applicant'],
       NULL, true, $2::timestamptz, $2::timestamptz
     FROM generate_series(0, $3::int - 1) n`,
    [hash, created, applicants],
  );
  return (staff.rowCount ?? 0) + (others.rowCount ?? 0);
}

/** Reference and permit numbers continue after the seeded ones. */
async function setCounters(c: Client, codes: string[], at: Date, cases: number): Promise<void> {
  const year = at.getUTCFullYear();
  await c.query(
    `INSERT INTO reference_counters (scope, year, last_value)
     SELECT s || code, y, $3 FROM unnest($1::text[]) code CROSS JOIN (VALUES ('application:'), ('permit:')) AS k(s)
       CROSS JOIN generate_series($2::int - 2, $2::int + 1) y
     ON CONFLICT (scope, year) DO UPDATE SET last_value = GREATEST(reference_counters.last_value, EXCLUDED.last_value)`,
    [codes, year, cases],
  );
}
