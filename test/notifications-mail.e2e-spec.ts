import { NotificationScheduler } from '@tenggat/notifications';
import { Env } from '@tenggat/platform';
import request from 'supertest';
import { createAdmin, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { clockOf, dueIn, waitFor, withConfig } from './support/sla';
import { TestSmtpServer } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';

const CITY = 'dpmptsp-kota-contoh';

interface Mail {
  id: string;
  to: string;
  language: string;
  template: string;
  subject: string;
  bodyText: string;
  status: string;
  caseId: string;
}

/**
 * Email: with no SMTP_URL every mail is recorded and readable by admins; with one, it goes to
 * a real SMTP server started by the test. Templates follow the applicant's language.
 */
describe('notifications: email to applicants', () => {
  const config: Partial<Env> = { SMTP_URL: '', RELAY_POLL_MS: 25, DEMO_ENDPOINTS: true };
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestUser;
  let applicant: TestUser;
  let verifier: TestUser;

  const mailOf = async (caseId: string, template: string): Promise<Mail> =>
    waitFor(
      async () => {
        const page = (await request(t.http).get('/v1/admin/mail').query({ caseId }).set(admin.auth).expect(200)).body as { items: Mail[] };
        return page.items.find((m) => m.template === template);
      },
      `the ${template} mail`,
      10_000,
      50,
    );

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await createTestApp(withConfig(config));
    admin = await createAdmin(t);
    applicant = await registerApplicant(t.http, { name: 'Budi Santoso' });
    verifier = await staff(t, CITY, ['verifier']);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('with no SMTP_URL, records the deficiency notice mail in Bahasa Indonesia, readable by admins only', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const notice = await act(t, verifier, id, { action: 'request-documents', comment: 'Surat izin pemilik belum ditandatangani', missingDocuments: ['owner-consent'] });
    expect(notice.status).toBe(200);
    const mail = await mailOf(id, 'application.deficiency-notice-sent');
    expect(mail).toMatchObject({ to: applicant.email, language: 'id', status: 'recorded', caseId: id });
    expect(mail.subject).toMatch(/^Permohonan REKLAME-\d{4}-\d{6}: dokumen perlu dilengkapi$/);
    expect(mail.bodyText).toContain('Yth. Budi Santoso');
    expect(mail.bodyText).toContain('(owner-consent)');
    expect(mail.bodyText).toContain('Surat izin pemilik belum ditandatangani');
    expect(mail.bodyText).toMatch(/WIB/);
    const receipt = await mailOf(id, 'application.submitted');
    expect(receipt.subject).toMatch(/^Tanda terima permohonan REKLAME-/);
    expect((await request(t.http).get(`/v1/admin/mail/${mail.id}`).set(admin.auth).expect(200)).body).toEqual(mail);
    await request(t.http).get('/v1/admin/mail').set(applicant.auth).expect(403);
    await request(t.http).get('/v1/admin/mail').set(verifier.auth).expect(403);
    expect(smtp.received).toHaveLength(0);
  });

  it('follows the language the applicant chose on their profile', async () => {
    const english = await registerApplicant(t.http, { name: 'Jane Doe' });
    const me = await request(t.http).patch('/v1/me').set(english.auth).send({ language: 'en' }).expect(200);
    expect(me.body).toMatchObject({ id: english.id, language: 'en' });
    await request(t.http).patch('/v1/me').set(english.auth).send({ language: 'fr' }).expect(400);
    const { id } = await submitted(t, english, 'reklame');
    const receipt = await mailOf(id, 'application.submitted');
    expect(receipt).toMatchObject({ language: 'en' });
    expect(receipt.subject).toMatch(/^Receipt for application REKLAME-/);
    expect(receipt.bodyText).toContain('Dear Jane Doe');
  });

  it('with SMTP_URL, sends to a real SMTP server: the receipt and the decision', async () => {
    config.SMTP_URL = smtp.url;
    try {
      const { id } = await submitted(t, applicant, 'reklame');
      expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
      const approver = await staff(t, CITY, ['approver']);
      expect((await act(t, approver, id, { action: 'reject', comment: 'Lokasi di ruang milik jalan' })).status).toBe(200);
      const reference = ((await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200)).body as { reference: string }).reference;
      await waitFor(async () => smtp.received.filter((m) => m.subject.includes(reference)).length >= 2, 'two mails at the SMTP server', 15_000, 50);
      const got = smtp.received.filter((m) => m.subject.includes(reference));
      expect(got.map((m) => m.subject)).toEqual([`Tanda terima permohonan ${reference}`, `Keputusan permohonan ${reference}: ditolak`]);
      for (const m of got) expect(m.to).toEqual([applicant.email]);
      expect(got[1].raw).toContain('Lokasi di ruang milik jalan');
      const decided = await mailOf(id, 'application.decided');
      await waitFor(async () => ((await request(t.http).get(`/v1/admin/mail/${decided.id}`).set(admin.auth)).body as Mail).status === 'sent', 'sent', 5_000, 50);
    } finally {
      config.SMTP_URL = '';
    }
  });

  it('reminds the applicant one working day before the response window lapses, once', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    expect((await act(t, verifier, id, { action: 'request-documents', comment: 'kurang', missingDocuments: ['design'] })).status).toBe(200);
    const scheduler = t.app.get(NotificationScheduler);
    await scheduler.remind(new Date());
    const count = async (): Promise<number> =>
      (await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE case_id = $1 AND type = 'application.response-window-closing'`, [id]))[0].n;
    expect(await count()).toBe(0); // 14 calendar days left
    await dueIn(t, admin, id, 3600, 'response');
    await scheduler.remind(new Date());
    await scheduler.remind(new Date());
    expect(await count()).toBe(1);
    const mail = await mailOf(id, 'application.response-window-closing');
    expect(mail.subject).toMatch(/^Pengingat: batas jawaban permohonan REKLAME-/);
    expect(mail.bodyText).toContain('"withdrawn"');
  });

  it('sends officers a daily digest of the warned and breached cases they work', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    await dueIn(t, admin, id, 1);
    await waitFor(async () => (await clockOf(t, id)).breached_at !== null, 'the breach', 15_000, 100);
    const reference = ((await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200)).body as { reference: string }).reference;
    const approver = await staff(t, CITY, ['approver']);
    const supervisor = await staff(t, CITY, ['supervisor']);
    // a day whose digest has not gone out yet, at noon in Jakarta (12:00 WIB, 13:00 WITA, 14:00 WIT):
    // after DIGEST_TIME in every zone, whatever the hour this test runs at
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    const digestAt = new Date(Date.UTC(inTwoDays.getUTCFullYear(), inTwoDays.getUTCMonth(), inTwoDays.getUTCDate(), 5, 0));
    const scheduler = t.app.get(NotificationScheduler);
    expect(await scheduler.digests(digestAt)).toBeGreaterThanOrEqual(2);
    expect(await scheduler.digests(digestAt)).toBe(0); // once a day
    const digestTo = async (user: TestUser): Promise<Mail | undefined> =>
      ((await request(t.http).get('/v1/admin/mail').query({ to: user.email }).set(admin.auth).expect(200)).body as { items: Mail[] }).items.find((m) => m.template === 'officer.digest');
    const forVerifier = await digestTo(verifier);
    expect(forVerifier?.bodyText).toContain(reference);
    expect(forVerifier?.subject).toMatch(/^Tenggat: \d+ terlambat/);
    expect((await digestTo(supervisor))?.bodyText).toContain(reference);
    expect(await digestTo(approver)).toBeUndefined(); // the case waits in verification, which approvers do not work
  });
});
