import { CatalogueService } from '@tenggat/catalogue';
import { runMigrations } from '@tenggat/schema';
import { TimerQueue, TimerRequest } from '@tenggat/sla';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createAdmin, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { ROOT, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 17: moving running cases to a newer version of their permit type. Reklame version 2 adds a
 * site inspection before approval (cases awaiting approval are to be inspected first), gives
 * verification three working days instead of two and approval two instead of three, and a longer
 * statutory time (6 working days) that must not reach cases already submitted.
 */
const OWN_DATABASE = `${runDatabaseUrl()}_migration`;
const V2_EDITS: [string, string][] = [
  ['processingTime: {workingDays: 5}', 'processingTime: {workingDays: 6}'],
  ['    role: verifier\n    sla: {workingDays: 2}', '    role: verifier\n    sla: {workingDays: 3}'],
  [
    '  approval:\n    label: Penetapan izin\n    role: approver\n    sla: {workingDays: 3}',
    '  site-inspection:\n    label: Pemeriksaan lapangan titik reklame\n    role: verifier\n    sla: {workingDays: 1}\n  approval:\n    label: Penetapan izin\n    role: approver\n    sla: {workingDays: 2}',
  ],
  [
    '  - {from: verification, action: accept, to: approval, roles: [verifier]}',
    '  - {from: verification, action: accept, to: site-inspection, roles: [verifier]}\n  - {from: site-inspection, action: inspected, to: approval, roles: [verifier]}',
  ],
];

interface Row {
  id: string;
  state: string;
  version: number;
  permit_type_version: number;
  assignee_id: string | null;
}
interface ClockRow {
  id: string;
  application_id: string;
  kind: string;
  state_name: string | null;
  status: string;
  epoch: number;
  budget_ms: string;
  deadline_at: Date | null;
  warn_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
}

describe('definition migration: moving running cases to a newer permit-type version', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;
  const groups = { verification: [] as string[], claimed: [] as string[], deficient: [] as string[], approval: [] as string[], blocked: '' };

  const rows = async (ids: string[]): Promise<Map<string, Row>> =>
    new Map((await t.db.query<Row[]>('SELECT id, state, version, permit_type_version, assignee_id FROM applications WHERE id = ANY($1)', [ids])).map((r) => [r.id, r]));
  const clocks = async (ids: string[]): Promise<ClockRow[]> =>
    t.db.query<ClockRow[]>(
      'SELECT id, application_id, kind, state_name, status, epoch, budget_ms, deadline_at, warn_at, warned_at, breached_at FROM clocks WHERE application_id = ANY($1) ORDER BY id',
      [ids],
    );
  const migratedEvents = async (): Promise<{ case_id: string; data: { plan: string } }[]> =>
    t.db.query("SELECT case_id, data FROM audit_events WHERE action = 'definition.migrated' ORDER BY seq");
  const DAY = 86_400_000;

  beforeAll(async () => {
    // a database of its own: it publishes reklame v2 and migrates "all open reklame cases", which
    // must be exactly its own (other files' cases, and their expectations of v1, stay apart)
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:migration` }));
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, 'dpmptsp-kota-contoh', ['verifier']);
    approver = await staff(t, 'dpmptsp-kota-contoh', ['approver']);
    supervisor = await staff(t, 'dpmptsp-kota-contoh', ['supervisor']);
    admin = await createAdmin(t.app);
    // 101 submitted reklame cases on version 1, a few at a time
    // (one upload at a time per applicant: five applicants in parallel)
    const applicants = [applicant, ...(await Promise.all(Array.from({ length: 4 }, () => registerApplicant(t.http))))];
    const ids: string[] = [];
    for (let i = 0; i < 101; i += applicants.length) {
      const chunk = await Promise.all(applicants.slice(0, Math.min(applicants.length, 101 - i)).map((a) => submitted(t, a, 'reklame')));
      ids.push(...chunk.map((c) => c.id));
    }
    groups.verification = ids.slice(0, 50);
    groups.claimed = ids.slice(50, 60);
    groups.deficient = ids.slice(60, 80);
    groups.approval = ids.slice(80, 100);
    groups.blocked = ids[100];
    for (const id of groups.claimed) await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
    for (const id of groups.deficient) {
      const r = await act(t, verifier, id, { action: 'request-documents', comment: 'KTP tidak terbaca', missingDocuments: ['applicant-identity'] });
      expect(r.status).toBe(200);
    }
    for (const id of [...groups.approval, groups.blocked]) expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    await request(t.http).post(`/v1/applications/${groups.blocked}/claim`).set(approver.auth).expect(200);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    await dropDatabase(OWN_DATABASE);
  });

  it('publishes version 2, plans, dry-runs, applies to 100 cases, reports the one that cannot move, and a second run changes nothing', async () => {
    let text = readFileSync(join(ROOT, 'config/permit-types/reklame.yaml'), 'utf8');
    for (const [from, to] of V2_EDITS) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    const published = await t.app.get(CatalogueService).publish(text, { source: 'reklame v2 (test)' });
    expect(published).toMatchObject({ ok: true, version: 2, published: true });

    const all = [...groups.verification, ...groups.claimed, ...groups.deficient, ...groups.approval, groups.blocked];
    const before = await rows(all);
    const clocksBefore = await clocks(all);
    const statutoryBefore = new Map(clocksBefore.filter((c) => c.kind === 'statutory').map((c) => [c.application_id, c]));

    // bad plans change nothing
    const base = `/v1/admin/permit-types/reklame/migrations`;
    await request(t.http).post(base).set(admin.auth).send({ fromVersion: 2, toVersion: 1 }).expect(422);
    const badMap = await request(t.http).post(base).set(admin.auth).send({ fromVersion: 1, toVersion: 2, stateMap: { approval: 'nowhere' } }).expect(422);
    expect(badMap.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(badMap.body)).toContain('stateMap.approval');
    await request(t.http).post(base).set(verifier.auth).send({ fromVersion: 1, toVersion: 2 }).expect(403);

    const created = await request(t.http)
      .post(base)
      .set(admin.auth)
      .send({ fromVersion: 1, toVersion: 2, stateMap: { approval: 'site-inspection' }, reason: 'Perwali (contoh): titik reklame diperiksa di lapangan' })
      .expect(201);
    const plan = created.body as { id: string; effectiveMap: Record<string, string | null>; status: string };
    expect(plan.effectiveMap).toEqual({ verification: 'verification', deficient: 'deficient', approval: 'site-inspection' });
    expect(plan.status).toBe('planned');

    // a supervisor of the agency reads it; an officer does not
    expect((await request(t.http).get(base).set(supervisor.auth).expect(200)).body).toHaveLength(1);
    await request(t.http).get(base).set(verifier.auth).expect(403);

    // dry run: 100 can move, the claimed approval case cannot; nothing changes
    const dry = await request(t.http).get(`${base}/${plan.id}/dry-run`).set(supervisor.auth).expect(200);
    const report = dry.body as {
      canMove: number;
      cannotMove: number;
      cases: { caseId: string; newState: string | null; canMove: boolean; reason?: string; statutoryRule?: string; clocks: { kind: string; op: string; deadlineBefore: string | null; deadlineAfter: string | null; budgetWorkingDaysAfter: number | null }[]; timers: { kind: string }[] }[];
    };
    expect(report).toMatchObject({ canMove: 100, cannotMove: 1 });
    const dryOf = new Map(report.cases.map((c) => [c.caseId, c]));
    expect(dryOf.get(groups.blocked)).toMatchObject({ canMove: false, reason: 'claimed', newState: null });
    const v = dryOf.get(groups.verification[0])!;
    expect(v).toMatchObject({ newState: 'verification', statutoryRule: 'longer-not-applied' });
    const vState = v.clocks.find((c) => c.kind === 'state')!;
    expect(vState).toMatchObject({ op: 'rebudget', budgetWorkingDaysAfter: 3 });
    expect(new Date(vState.deadlineAfter!).getTime()).toBeGreaterThan(new Date(vState.deadlineBefore!).getTime());
    expect(v.timers.some((x) => x.kind === 'deadline')).toBe(true);
    expect(dryOf.get(groups.approval[0])!.clocks.map((c) => `${c.kind}:${c.op}`)).toEqual(['statutory:keep', 'state:finish', 'state:start']);
    expect(dryOf.get(groups.deficient[0])!.clocks.map((c) => `${c.kind}:${c.op}`)).toEqual(['statutory:keep', 'response:keep']);
    expect(await rows(all)).toEqual(before);

    // apply, in batches of 30
    const applied = await request(t.http).post(`${base}/${plan.id}/apply`).set(admin.auth).send({ batchSize: 30 }).expect(200);
    expect(applied.body).toMatchObject({ moved: 100, blocked: 1, failed: 0, batches: 4 });
    expect((applied.body as { plan: { status: string; results: unknown } }).plan).toMatchObject({ status: 'applied', results: { moved: 100, blocked: 1, failed: 0 } });

    const after = await rows(all);
    const clocksAfter = await clocks(all);
    const running = (id: string, kind: string): ClockRow[] => clocksAfter.filter((c) => c.application_id === id && c.kind === kind && c.status === 'running');
    for (const id of all.filter((x) => x !== groups.blocked)) {
      const r = after.get(id)!;
      expect(r.permit_type_version).toBe(2);
      expect(r.version).toBe(before.get(id)!.version + 1);
      // the statutory clock: the same deadline and budget (the longer time of v2 never reaches a submitted case)
      const law = clocksAfter.find((c) => c.application_id === id && c.kind === 'statutory')!;
      expect(law.deadline_at).toEqual(statutoryBefore.get(id)!.deadline_at);
      expect(law.budget_ms).toBe(String(5 * DAY));
      expect(law.epoch).toBe(statutoryBefore.get(id)!.epoch);
    }
    for (const id of [...groups.verification, ...groups.claimed]) {
      expect(after.get(id)!.state).toBe('verification');
      const [c] = running(id, 'state');
      expect(c.budget_ms).toBe(String(3 * DAY));
      expect(c.epoch).toBe(2);
    }
    for (const id of groups.claimed) expect(after.get(id)!.assignee_id).toBe(verifier.id); // a verifier still works verification
    for (const id of groups.deficient) {
      expect(after.get(id)!.state).toBe('deficient');
      expect(clocksAfter.find((c) => c.application_id === id && c.kind === 'statutory')!.status).toBe('stopped');
      expect(running(id, 'response')).toHaveLength(1);
    }
    for (const id of groups.approval) {
      expect(after.get(id)!.state).toBe('site-inspection');
      const state = running(id, 'state');
      expect(state.map((c) => [c.state_name, c.budget_ms])).toEqual([['site-inspection', String(1 * DAY)]]);
      expect(clocksAfter.find((c) => c.application_id === id && c.state_name === 'approval')!.status).toBe('finished');
    }
    // the case that cannot move is untouched, its clocks too
    expect(after.get(groups.blocked)).toEqual(before.get(groups.blocked));
    expect(clocksAfter.filter((c) => c.application_id === groups.blocked)).toEqual(clocksBefore.filter((c) => c.application_id === groups.blocked));

    // every running clock's timers of its current epoch are armed
    const expected: TimerRequest[] = clocksAfter
      .filter((c) => c.status === 'running' && c.deadline_at !== null && c.breached_at === null)
      .flatMap((c) => [
        { applicationId: c.application_id, clockId: c.id, epoch: c.epoch, kind: 'deadline' as const, dueAt: c.deadline_at! },
        ...(c.warn_at && !c.warned_at ? [{ applicationId: c.application_id, clockId: c.id, epoch: c.epoch, kind: 'warning' as const, dueAt: c.warn_at }] : []),
      ]);
    expect(expected.length).toBeGreaterThan(200);
    expect(await t.app.get(TimerQueue).missing(expected)).toEqual([]);

    // one audit event per moved case, naming the plan
    const events = await migratedEvents();
    expect(events).toHaveLength(100);
    expect(new Set(events.map((e) => e.case_id))).toEqual(new Set(all.filter((x) => x !== groups.blocked)));
    expect(events.every((e) => e.data.plan === plan.id)).toBe(true);

    // the moved cases work on version 2: a site inspection, then approval
    const inspected = await act(t, verifier, groups.approval[0], { action: 'inspected' });
    expect(inspected.status).toBe(200);
    expect((inspected.body as { state: string }).state).toBe('approval');

    // a second run changes nothing
    const again = await request(t.http).post(`${base}/${plan.id}/apply`).set(admin.auth).send({}).expect(200);
    expect(again.body).toMatchObject({ moved: 0, blocked: 1, failed: 0 });
    const ids = all.filter((x) => x !== groups.approval[0]);
    const [afterRows, afterClocks] = [await rows(ids), await clocks(ids)];
    expect(await rows(ids)).toEqual(new Map([...after].filter(([id]) => id !== groups.approval[0])));
    expect(afterClocks).toEqual(clocksAfter.filter((c) => c.application_id !== groups.approval[0]));
    expect(afterRows.size).toBe(100);
    expect(await migratedEvents()).toHaveLength(100);

    const results = await request(t.http).get(`${base}/${plan.id}/results`).set(supervisor.auth).expect(200);
    const lines = (results.body as { results: { caseId: string; outcome: string; reason: string | null }[] }).results;
    expect(lines).toHaveLength(101);
    expect(lines.find((l) => l.caseId === groups.blocked)).toMatchObject({ outcome: 'blocked', reason: 'claimed' });
  }, 300_000);
});
