import { CatalogueService } from '@tenggat/catalogue';
import { PageQuery } from '@tenggat/platform';
import { isFinal } from '@tenggat/workflow';
import request from 'supertest';
import { TestUser } from './support/auth';
import { staff } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The queue query is served by idx_applications_queue. The test captures the exact SQL and
 * parameters GET /v1/queue sends, fills the table with 20,000 cases inside a transaction (rolled
 * back, so no other test sees them), ANALYZEs, and reads the plan. docs/queries.md shows it.
 */
const ROWS = 20_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('the queue query uses idx_applications_queue', () => {
  let t: TestApp;
  let verifier: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    verifier = await staff(t, 'dpmptsp-kota-contoh', ['verifier']);
    supervisor = await staff(t, 'dpmptsp-kota-contoh', ['supervisor']);
  });
  afterAll(() => t.close());

  /** The SQL statements (and parameters) the API sends to Postgres while answering GET /v1/queue. */
  async function queueStatements(user: TestUser, query: Record<string, string> = {}): Promise<{ page: [string, unknown[]]; count: [string, unknown[]] }> {
    const spy = jest.spyOn(t.db, 'query');
    try {
      await request(t.http).get('/v1/queue').set(user.auth).query(query).expect(200);
      const calls = spy.mock.calls.map(([sql, params]) => [sql, params ?? []] as [string, unknown[]]).filter(([sql]) => /FROM applications a/.test(sql));
      const page = calls.find(([sql]) => /ORDER BY/.test(sql));
      const count = calls.find(([sql]) => /count\(\*\)/.test(sql));
      if (!page || !count) throw new Error(`queue statements not captured: ${JSON.stringify(calls)}`);
      return { page, count };
    } finally {
      spy.mockRestore();
    }
  }

  async function withTwentyThousandCases<T>(fn: (explain: (sql: string, params: unknown[]) => Promise<{ Plan: PlanNode; 'Execution Time': number }>) => Promise<T>): Promise<T> {
    const catalogue = t.app.get(CatalogueService);
    const { items } = await catalogue.list(Object.assign(new PageQuery(), { pageSize: 100 }));
    const shipped = items.map(({ definition: d }) => ({ code: d.code, agency: d.agency, states: Object.keys(d.states).filter((s) => !isFinal(d, s)) }));
    // a national deployment serves many agencies: three of every four cases belong to others
    const others = Array.from({ length: 3 * shipped.length }, (_, k) => ({ ...shipped[k % shipped.length], agency: `bench-agency-${k}` }));
    const types = [...shipped, ...others];
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `WITH types AS (
           SELECT (row_number() OVER ()) - 1 AS n, x.code, x.agency, ARRAY(SELECT jsonb_array_elements_text(x.states)) AS states
             FROM jsonb_to_recordset($1::jsonb) AS x(code text, agency text, states jsonb))
         INSERT INTO applications (permit_type_code, permit_type_version, agency_code, applicant_id, state, status, form,
                                   submitted_at, next_deadline_at, statutory_deadline_at, priority, assignee_id, escalated_at)
         SELECT ty.code, 1, ty.agency, gen_random_uuid(),
                CASE WHEN (g.i / 7) % 5 < 2 THEN ty.states[1 + (g.i / 35) % array_length(ty.states, 1)] ELSE 'approved' END,
                CASE WHEN (g.i / 7) % 5 < 2 THEN 'open' ELSE 'closed' END,
                '{}'::jsonb,
                now() - (g.i % 40) * interval '1 day',
                CASE WHEN g.i % 19 = 0 THEN NULL ELSE now() + ((g.i * 7919) % 43200 - 4000) * interval '1 minute' END,
                now() + ((g.i * 7919) % 43200) * interval '1 minute',
                CASE WHEN g.i % 97 = 0 THEN 0 ELSE 1 END,
                CASE WHEN g.i % 3 = 0 THEN gen_random_uuid() END,
                CASE WHEN g.i % 97 = 0 THEN now() END
           FROM generate_series(1, $2::int) AS g(i)
           JOIN types ty ON ty.n = g.i % (SELECT count(*) FROM types)`,
        [JSON.stringify(types), ROWS],
      );
      await runner.query('ANALYZE applications');
      return await fn(async (sql, params) => {
        const [{ 'QUERY PLAN': plan }] = (await runner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as {
          'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }];
        }[];
        return plan[0];
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it.each([
    ['an officer (states of their roles)', () => verifier, {}],
    ['a supervisor (the whole agency)', () => supervisor, {}],
    ['an officer filtering unassigned cases of one permit type', () => verifier, { assigned: 'unassigned', permitType: 'pbg' }],
    // a deep page by keyset: the cursor is one index range, not a walk from the start
    ['an officer paging by cursor', () => verifier, { after: Buffer.from(JSON.stringify([1, '2026-06-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])).toString('base64url') }],
  ])('for %s: an Index Scan on idx_applications_queue, no Seq Scan; the capped count index-only', async (_who, user, query) => {
    const { page, count } = await queueStatements(user(), query);
    await withTwentyThousandCases(async (explain) => {
      const plan = await explain(...page);
      if (process.env.PRINT_QUEUE_PLAN) console.log(JSON.stringify({ sql: page, plan }, null, 2));
      const all = nodes(plan.Plan);
      const scans = all.filter((n) => n['Relation Name'] === 'applications' || n['Index Name']);
      expect(scans.map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`)).toEqual(['Index Scan idx_applications_queue']);
      expect(all.some((n) => n['Node Type'] === 'Sort')).toBe(false); // the index gives the order
      expect(plan['Execution Time']).toBeLessThan(250); // milliseconds; typically well under 1

      if ('after' in query) expect(JSON.stringify(plan)).toMatch(/ROW\(priority, COALESCE\(next_deadline_at/); // the cursor is in the Index Cond

      // the count stops at its cap and reads the queue's indexes, never the whole table (inside this
      // uncommitted transaction the visibility map is empty, so Postgres prefers a bitmap scan to
      // the index-only scan of idx_applications_queue_count it takes at 1M: docs/queries.md)
      const countPlan = await explain(...count);
      if (process.env.PRINT_QUEUE_PLAN) console.log(JSON.stringify({ sql: count, plan: countPlan }, null, 2));
      const countNodes = nodes(countPlan.Plan);
      expect(countNodes.some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
      expect(countNodes.filter((n) => n['Index Name']).every((n) => /^idx_applications_queue(_count)?$/.test(n['Index Name'] ?? ''))).toBe(true);
      expect(countNodes.some((n) => n['Node Type'] === 'Limit')).toBe(true); // capped
    });
  });
});
