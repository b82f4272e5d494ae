import { CatalogueService } from '@tenggat/catalogue';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createAdmin, registerApplicant } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { ROOT } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 17: a calendar change moves applicants' response windows given in working days; those in calendar days stay. */
describe('a calendar change recomputes working-day response windows', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('moves the working-day window by the new day off and leaves the calendar-day one alone', async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-12-01T03:00:00Z'));
    const applicant = await registerApplicant(t.http);
    const verifier = await staff(t, 'dpmptsp-kota-contoh', ['verifier']);
    const admin = await createAdmin(t.app);
    const calendarDays = await submitted(t, applicant, 'reklame');
    const text = readFileSync(join(ROOT, 'config/permit-types/reklame.yaml'), 'utf8').replace(
      'applicantResponse: {calendarDays: 14, onTimeout: withdrawn}',
      'applicantResponse: {workingDays: 10, onTimeout: withdrawn}',
    );
    expect(await t.app.get(CatalogueService).publish(text, { source: 'test' })).toMatchObject({ ok: true, published: true });
    const workingDays = await submitted(t, applicant, 'reklame');
    for (const c of [calendarDays, workingDays]) {
      expect((await act(t, verifier, c.id, { action: 'request-documents', comment: 'KTP buram', missingDocuments: ['applicant-identity'] })).status).toBe(200);
    }
    const window = async (id: string): Promise<{ deadline_at: Date; epoch: number }> =>
      (await t.db.query("SELECT deadline_at, epoch FROM clocks WHERE application_id = $1 AND kind = 'response' AND status = 'running'", [id]))[0];
    const [wBefore, cBefore] = [await window(workingDays.id), await window(calendarDays.id)];

    const published = await request(t.http)
      .put('/v1/admin/calendars/kota-contoh')
      .set(admin.auth)
      .send({
        id: 'kota-contoh',
        name: 'Kalender DPMPTSP Kota Contoh (WIB)',
        timeZone: 'Asia/Jakarta',
        extends: 'id-national',
        years: {},
        extraDays: [
          { date: '2026-04-07', name: 'Hari Jadi Kota Contoh', annual: true },
          { date: '2026-12-03', name: 'Libur daerah (contoh)', annual: false },
        ],
      })
      .expect(200);
    expect((published.body as { movedClocks: number }).movedClocks).toBeGreaterThan(0);

    const [wAfter, cAfter] = [await window(workingDays.id), await window(calendarDays.id)];
    expect(wAfter.deadline_at.getTime()).toBeGreaterThan(wBefore.deadline_at.getTime());
    expect(wAfter.epoch).toBe(wBefore.epoch + 1);
    expect(cAfter).toEqual(cBefore);
  }, 180_000);
});
