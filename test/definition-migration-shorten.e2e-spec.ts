import { CatalogueService } from '@tenggat/catalogue';
import { runMigrations } from '@tenggat/schema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createAdmin, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { caseEvents, ROOT, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 17, the legal rule for time: a migration moves a submitted case's statutory deadline
 * earlier only when the new version shortens the processing time AND says open cases take it
 * (`openCases: {processingTime: shorten}`), by exactly the working days it takes off; it never
 * moves one later. Sertifikat standar (10 working days, id-national calendar, no holidays in July
 * 2026) goes to 8 working days (verification 7 -> 5), first without the opt-in, then with it, then
 * to a longer 12 with the opt-in.
 */
const OWN_DATABASE = `${runDatabaseUrl()}_shorten`;
const wib = (local: string): Date => new Date(`${local}+07:00`);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DryCase {
  caseId: string;
  canMove: boolean;
  statutoryRule?: string;
  clocks: { kind: string; op: string; deadlineBefore: string | null; deadlineAfter: string | null; budgetWorkingDaysAfter: number | null }[];
}
interface LawClock {
  application_id: string;
  status: string;
  budget_ms: string;
  deadline_at: Date | null;
}

describe('definition migration: a shorter statutory processing time', () => {
  let t: TestApp;
  let admin: TestUser;
  let verifier: TestUser;
  let applicant: TestUser;
  const base = '/v1/admin/permit-types/sertifikat-standar/migrations';
  const ids = { A: '', B: '', C: '' };
  let v1 = '';

  const at = (local: string): void => t.clock.set(wib(local));
  const law = async (): Promise<Map<string, LawClock>> =>
    new Map(
      (
        await t.db.query<LawClock[]>("SELECT application_id, status, budget_ms, deadline_at FROM clocks WHERE kind = 'statutory' AND application_id = ANY($1)", [Object.values(ids)])
      ).map((c) => [c.application_id, c]),
    );
  const publish = async (edits: [string, string][], source: string): Promise<number> => {
    let text = v1;
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    const published = await t.app.get(CatalogueService).publish(text, { source });
    if (!published.ok) throw new Error(JSON.stringify(published));
    return published.version;
  };
  /** Plans fromVersion -> toVersion for every open case, dry-runs and applies it; answers the dry run by case. */
  const migrate = async (fromVersion: number, toVersion: number): Promise<Map<string, DryCase>> => {
    const plan = (await request(t.http).post(base).set(admin.auth).send({ fromVersion, toVersion, reason: `v${fromVersion} -> v${toVersion}` }).expect(201)).body as { id: string };
    const dry = (await request(t.http).get(`${base}/${plan.id}/dry-run`).set(admin.auth).expect(200)).body as { canMove: number; cases: DryCase[] };
    expect(dry.canMove).toBe(3);
    const applied = await request(t.http).post(`${base}/${plan.id}/apply`).set(admin.auth).send({}).expect(200);
    expect(applied.body).toMatchObject({ moved: 3, blocked: 0, failed: 0 });
    return new Map(dry.cases.map((c) => [c.caseId, c]));
  };
  const statutoryLine = (c: DryCase | undefined) => c?.clocks.find((k) => k.kind === 'statutory');

  beforeAll(async () => {
    // a database of its own: it publishes new versions of sertifikat-standar and migrates every open case of it
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:shorten` }));
    v1 = readFileSync(join(ROOT, 'config/permit-types/sertifikat-standar.yaml'), 'utf8');
    admin = await createAdmin(t.app);
    verifier = await staff(t, 'kementerian-investasi', ['verifier']);
    applicant = await registerApplicant(t.http);
    // A and C submitted Monday 6 July 10:00 (10 working days: end of Monday 20 July), B Wednesday 8 July (end of 22 July)
    at('2026-07-06T10:00');
    ids.A = (await submitted(t, applicant, 'sertifikat-standar')).id;
    ids.C = (await submitted(t, applicant, 'sertifikat-standar')).id;
    at('2026-07-08T10:00');
    ids.B = (await submitted(t, applicant, 'sertifikat-standar')).id;
    // C's clock stops on Tuesday 7 July 10:00 (a deficiency notice)
    at('2026-07-07T10:00');
    expect((await act(t, verifier, ids.C, { action: 'request-documents', comment: 'KKPR tidak terbaca', missingDocuments: ['kkpr'] })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await dropDatabase(OWN_DATABASE);
  });

  it('moves deadlines earlier by exactly the working days taken off, only with the opt-in, and never later', async () => {
    const start = await law();
    expect(start.get(ids.A)!.deadline_at).toEqual(wib('2026-07-20T23:59:59.999'));
    expect(start.get(ids.B)!.deadline_at).toEqual(wib('2026-07-22T23:59:59.999'));
    expect(start.get(ids.C)!.status).toBe('stopped');
    const shorter: [string, string][] = [
      ['processingTime: {workingDays: 10}', 'processingTime: {workingDays: 8}'],
      ['    role: verifier\n    sla: {workingDays: 7}', '    role: verifier\n    sla: {workingDays: 5}'],
    ];
    const optIn: [string, string] = ['deficiencyNotices: {max: 1}', 'deficiencyNotices: {max: 1}\nopenCases: {processingTime: shorten}'];

    // version 2 is shorter but does not say open cases take it: nothing moves
    at('2026-07-09T12:00');
    const v2 = await publish(shorter, 'sertifikat-standar v2: 8 working days for new applications');
    const dry2 = await migrate(1, v2);
    for (const id of Object.values(ids)) {
      expect(dry2.get(id)).toMatchObject({ canMove: true, statutoryRule: 'shorter-not-applied' });
      expect(statutoryLine(dry2.get(id))?.op).toBe('keep');
    }
    expect(await law()).toEqual(start);

    // version 3 says it: the deadlines of A and B move 2 working days earlier (the weekend of 18-19 July does not count)
    const v3 = await publish([...shorter, optIn], 'sertifikat-standar v3: 8 working days, open cases too');
    const dry3 = await migrate(v2, v3);
    for (const id of Object.values(ids)) expect(dry3.get(id)).toMatchObject({ canMove: true, statutoryRule: 'shortened' });
    expect(statutoryLine(dry3.get(ids.A))).toMatchObject({ op: 'rebudget', deadlineBefore: '2026-07-20T16:59:59.999Z', deadlineAfter: '2026-07-16T16:59:59.999Z', budgetWorkingDaysAfter: 8 });
    expect(statutoryLine(dry3.get(ids.B))).toMatchObject({ op: 'rebudget', deadlineBefore: '2026-07-22T16:59:59.999Z', deadlineAfter: '2026-07-20T16:59:59.999Z', budgetWorkingDaysAfter: 8 });
    const shortened = await law();
    expect(shortened.get(ids.A)).toMatchObject({ status: 'running', budget_ms: String(8 * DAY), deadline_at: wib('2026-07-16T23:59:59.999') });
    expect(shortened.get(ids.B)).toMatchObject({ status: 'running', budget_ms: String(8 * DAY), deadline_at: wib('2026-07-20T23:59:59.999') });
    // C, stopped, keeps its stop and resumes on the shorter budget
    expect(shortened.get(ids.C)).toMatchObject({ status: 'stopped', budget_ms: String(8 * DAY) });
    const cases = (await t.db.query<{ id: string; statutory_deadline_at: Date | null; permit_type_version: number }[]>(
      'SELECT id, statutory_deadline_at, permit_type_version FROM applications WHERE id = ANY($1)',
      [Object.values(ids)],
    )).sort((x, y) => Object.values(ids).indexOf(x.id) - Object.values(ids).indexOf(y.id));
    expect(cases.map((c) => [c.permit_type_version, c.statutory_deadline_at?.toISOString() ?? null])).toEqual([
      [v3, '2026-07-16T16:59:59.999Z'],
      [v3, '2026-07-20T16:59:59.999Z'],
      [v3, null],
    ]);

    // the applicant answers C on Friday 10 July 09:00, after 3 working days less an hour stopped: the shortened
    // deadline (end of 16 July) plus that time falls on Tuesday 21 July, and the deadline is the end of that
    // working day (on 10 working days it would have been the end of 23 July)
    at('2026-07-10T09:00');
    expect((await act(t, applicant, ids.C, { action: 'resubmit' })).status).toBe(200);
    const [stop] = await caseEvents(t, ids.C, 'request-documents');
    const [resume] = await caseEvents(t, ids.C, 'resubmit');
    const stoppedMs = resume.occurred_at.getTime() - stop.occurred_at.getTime();
    expect(stoppedMs).toBeGreaterThan(3 * DAY - 2 * HOUR);
    expect(stoppedMs).toBeLessThan(3 * DAY - HOUR / 2);
    const resumedC = (await law()).get(ids.C)!;
    expect(resumedC).toMatchObject({ status: 'running', budget_ms: String(8 * DAY), deadline_at: wib('2026-07-21T23:59:59.999') });

    // version 4 is longer (12 working days) and says open cases take its time: no deadline moves later
    const before4 = await law();
    const v4 = await publish([['processingTime: {workingDays: 10}', 'processingTime: {workingDays: 12}'], optIn], 'sertifikat-standar v4: 12 working days');
    const dry4 = await migrate(v3, v4);
    for (const id of Object.values(ids)) {
      expect(dry4.get(id)).toMatchObject({ canMove: true, statutoryRule: 'longer-not-applied' });
      const line = statutoryLine(dry4.get(id));
      expect(line?.op).toBe('keep');
      expect(line?.deadlineAfter).toBe(line?.deadlineBefore);
    }
    expect(await law()).toEqual(before4);
  }, 180_000);
});
