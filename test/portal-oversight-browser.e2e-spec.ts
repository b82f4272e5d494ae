import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createOmbudsman, login, registerApplicant, TEST_PASSWORD, TestUser } from './support/auth';
import { ensureConsoleBuilt, launchChromium, listen, loginAs, newContext, screenshot, seriousViolations, closeBrowserSuite } from './support/browser';
import { act, definitionOf, PNG, submitted } from './support/cases';
import { staff } from './support/officers';
import { withConfig } from './support/sla';
import { runMigrations } from '@tenggat/schema';
import { ReconcilerService } from '@tenggat/enforcement';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { createTestApp, TestApp } from './support/test-app';

/** The dashboard and the applicant's lists show whole agencies: this file has a database of its own. */
const OWN_DATABASE = `${runDatabaseUrl()}_portal`;
const AGENCY = 'dpmptsp-kota-contoh';

jest.setTimeout(180_000);

/** A real (if small) one-page PDF: header, catalog, pages, page, content stream, xref table and trailer. */
function realPdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The applicant's portal and the ombudsman's dashboard in a real browser, against the real API. */
describe('applicant portal and ombudsman dashboard (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let verifier: TestUser;
  let approver: TestUser;
  let ombudsman: TestUser;
  let applicant2: TestUser;
  const contexts: BrowserContext[] = [];
  const previousInterval = process.env.RECONCILE_INTERVAL_MS;

  beforeAll(async () => {
    process.env.RECONCILE_INTERVAL_MS = '3600000';
    ensureConsoleBuilt();
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:portal` }));
    base = await listen(t);
    verifier = await staff(t, AGENCY, ['verifier'], 'Vera Verifikator');
    approver = await staff(t, AGENCY, ['approver'], 'Ana Approver');
    ombudsman = await createOmbudsman(t, { name: 'Oma Ombudsman' });
    applicant2 = await registerApplicant(t.http, { name: 'Siti Pemohon' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeBrowserSuite({ contexts, browser, t, database: OWN_DATABASE });
    if (previousInterval === undefined) delete process.env.RECONCILE_INTERVAL_MS;
    else process.env.RECONCILE_INTERVAL_MS = previousInterval;
  });

  async function pageFor(user: TestUser | null, locale: 'id' | 'en' = 'en'): Promise<Page> {
    const ctx = await newContext(browser, base, locale);
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (user) await loginAs(page, user.email, TEST_PASSWORD);
    return page;
  }

  it('an entrepreneur registers, applies through the generated wizard with real PDF uploads, and prints the receipt; the officer approves in the console', async () => {
    const page = await pageFor(null);
    await page.goto('/console/login');
    await page.getByRole('link', { name: /Register as an entrepreneur/ }).click();
    await page.waitForURL(/\/console\/register$/);
    await page.getByRole('heading', { name: 'Register', level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const email = `pemohon-${Date.now()}@example.test`;
    await page.getByLabel(/^Full name/).fill('Budi Pemohon');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/console\/portal$/);
    await page.getByRole('heading', { name: 'Apply for a permit', level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-permit-types');

    const def = await definitionOf(t, 'reklame');
    const detail = await request(t.http).get('/v1/permit-types/reklame').expect(200);
    await page.getByRole('link', { name: `Apply for ${detail.body.name}` }).click();
    await page.waitForURL(/\/console\/portal\/apply\/reklame$/);
    // every declared field has an input labelled as the permit type labels it
    for (const f of def.form.fields) await page.getByLabel(new RegExp(`^${f.label.replace(/[()]/g, '\\$&')}`)).first().waitFor();
    const fill = async (name: string, value: string | number | boolean): Promise<void> => {
      const f = def.form.fields.find((x) => x.name === name);
      if (!f) throw new Error(`no field ${name}`);
      const input = page.getByLabel(new RegExp(`^${f.label.replace(/[()]/g, '\\$&')}`)).first();
      if (typeof value === 'boolean') await (value ? input.check() : input.uncheck());
      else if (f.enum) await input.selectOption(String(value));
      else await input.fill(String(value));
    };
    const form: Record<string, string | number | boolean> = {
      reklameType: 'papan-billboard',
      content: 'Warung Kopi Budi',
      address: 'Jl. Merdeka No. 10',
      widthM: 60, // more than the declared maximum (50): the API's message shows next to the field
      heightM: 3,
      sides: 2,
      illuminated: true,
      startDate: '2026-12-15',
      durationMonths: 12,
      contactEmail: email,
    };
    for (const [k, v] of Object.entries(form)) if (def.form.fields.some((f) => f.name === k)) await fill(k, v);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const width = def.form.fields.find((f) => f.name === 'widthM');
    const widthInput = page.getByLabel(new RegExp(`^${(width?.label ?? '').replace(/[()]/g, '\\$&')}`)).first();
    await widthInput.and(page.locator('[aria-invalid="true"]')).waitFor();
    const describedBy = (await widthInput.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`[id="${describedBy.split(' ').find((id) => id.includes('error')) ?? ''}"]`).textContent();
    expect(message).toMatch(/50/);
    await fill('widthM', 4);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/draft=/);

    // documents: the limits are said before the upload; a real PDF for each requirement
    for (const r of def.requirements) {
      const box = page.locator(`[data-requirement="${r.code}"]`);
      await box.getByText(/^Accepted: .*; at most /).waitFor();
      if (r.optional) continue;
      const pdf = r.mediaTypes.includes('application/pdf');
      await box.locator('input[type=file]').setInputFiles({
        name: pdf ? `${r.code}.pdf` : `${r.code}.png`,
        mimeType: pdf ? 'application/pdf' : 'image/png',
        buffer: pdf ? realPdf(r.name.replace(/[()\\]/g, '')) : PNG,
      });
      await box.getByText('uploaded', { exact: true }).waitFor();
      expect(await box.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-apply-documents');
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(/\/console\/portal\/applications\/[0-9a-f-]+\/receipt$/);
    const id = /applications\/([0-9a-f-]+)\/receipt/.exec(page.url())?.[1] ?? '';

    // the receipt says what the API recorded
    const token = await login(t.http, email, TEST_PASSWORD);
    const c = await request(t.http).get(`/v1/applications/${id}`).set({ Authorization: `Bearer ${token}` }).expect(200);
    const field = (k: string) => page.locator(`tr[data-field="${k}"] td`).textContent();
    expect(await field('reference')).toBe(c.body.reference);
    expect(await field('reference')).toMatch(/^REKLAME-\d{4}-\d{6}$/);
    expect(await field('accessCode')).toMatch(/^[A-Za-z0-9-]{6,}$/);
    expect(await field('legalBasis')).toBe(detail.body.legalBasis.join('; '));
    expect(await field('complaintChannel')).toBe(detail.body.complaintChannel);
    expect(await field('silence')).toBe(detail.body.silenceMeansApproval ? 'Silence means approval (deemed approval by law)' : 'The case is escalated; silence is not approval');
    expect(await field('receivedAt')).toMatch(/\d{4},? \d{2}[.:]\d{2} WIB$/);
    expect(await field('legalDeadline')).toMatch(/\d{4},? \d{2}[.:]\d{2} WIB/);
    // the access code works for public tracking
    const track = await request(t.http).get(`/v1/public/track/${c.body.reference}`).query({ code: await field('accessCode') });
    expect(track.status).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    // printed: the receipt alone, no navigation and no buttons
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print the receipt' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Submission receipt' }).isVisible()).toBe(true);
    await screenshot(page, 'portal-receipt-print');
    await page.emulateMedia({ media: 'screen' });

    // the officers decide; the approver in the console
    expect((await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth)).status).toBe(200);
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    const officer = await pageFor(approver);
    await officer.goto(`/console/cases/${id}`);
    await officer.getByRole('button', { name: 'Claim', exact: true }).click();
    await officer.getByRole('button', { name: 'Release', exact: true }).waitFor();
    await officer.getByRole('button', { name: 'approve', exact: true }).click();
    const approve = officer.getByRole('form', { name: 'approve form' });
    await approve.getByLabel(/^Comment/).fill('Memenuhi syarat');
    await approve.getByRole('button', { name: /^Send/ }).click();
    await officer.getByText('Izin terbit').first().waitFor();

    // the applicant sees the decision in the portal and can download it
    await page.goto('/console/portal/applications');
    await page.locator(`tr[data-application="${c.body.reference}"]`).getByRole('link').click();
    await page.locator('[data-decision="approved"]').waitFor();
    const decision = page.getByRole('link', { name: /^Download the (permit \(PDF\)|decision)$/ }).first();
    const href = (await decision.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`/v1/applications/${id}/(decision|permit\\.pdf)$`));
    const got = await page.request.get(href);
    expect(got.status()).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-decision');
  });

  it('the applicant answers a deficiency notice in the portal, files a complaint and withdraws another case', async () => {
    const a = await submitted(t, applicant2, 'reklame');
    expect((await request(t.http).post(`/v1/applications/${a.id}/claim`).set(verifier.auth)).status).toBe(200);
    expect((await act(t, verifier, a.id, { action: 'request-documents', comment: 'Foto lokasi tidak jelas', missingDocuments: ['location-photo'] })).status).toBe(200);
    const page = await pageFor(applicant2);
    expect(new URL(page.url()).pathname).toBe('/console/portal/applications');
    await page.goto(`/console/portal/applications/${a.id}`);
    const notice = page.locator('[data-deficient]');
    await notice.getByText('Foto lokasi tidak jelas').waitFor();
    const photo = a.def.requirements.find((r) => r.code === 'location-photo');
    await notice.getByRole('listitem').filter({ hasText: photo?.name ?? 'location-photo' }).waitFor();
    const windowText = await notice.locator('[data-response-window]').textContent();
    expect(windowText).toMatch(/left\)/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-deficient');
    await notice.locator('[data-requirement="location-photo"] [data-replace="pending"]').waitFor();
    // resubmitting before the photo is uploaded anew is refused (422), the document named beside its upload
    await notice.getByRole('button', { name: 'Resubmit' }).click();
    await notice.locator('[data-requirement="location-photo"] [data-replace="refused"]').waitFor();
    expect(await notice.locator('[data-still-missing]').textContent()).toContain(photo?.name ?? 'location-photo');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-resubmit-refused');
    await notice.locator('input[type=file]').setInputFiles({ name: 'foto-baru.png', mimeType: 'image/png', buffer: PNG });
    await notice.getByText('replaced', { exact: true }).waitFor();
    expect(await notice.locator('[data-still-missing]').count()).toBe(0);
    await notice.getByRole('button', { name: 'Resubmit' }).click();
    await page.locator('[data-deficient]').waitFor({ state: 'detached' });
    const after = await request(t.http).get(`/v1/applications/${a.id}`).set(applicant2.auth).expect(200);
    expect(after.body.state).toBe('verification');
    expect(after.body.documents.find((d: { requirement: string }) => d.requirement === 'location-photo').fileName).toMatch(/foto-baru/);

    // a complaint with one of the 10 categories
    await page.getByLabel(/^Category/).selectOption('undue-delay');
    await page.getByLabel(/^What happened/).fill('Petugas meminta dokumen yang sudah saya unggah.');
    await page.getByRole('button', { name: 'File a complaint' }).click();
    await page.getByText('Your complaint was filed.').waitFor();
    await page.locator('[data-complaint="undue-delay"]').waitFor();

    // withdraw another case
    const b = await submitted(t, applicant2, 'reklame');
    await page.goto(`/console/portal/applications/${b.id}`);
    await page.getByRole('button', { name: 'Withdraw the application' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await page.getByRole('heading', { name: 'Withdraw', exact: true }).waitFor({ state: 'detached' });
    const withdrawn = await request(t.http).get(`/v1/applications/${b.id}`).set(applicant2.auth).expect(200);
    expect(withdrawn.body.outcome).toBe('withdrawn');

    await page.goto('/console/portal/applications');
    await page.getByRole('table', { name: 'My applications' }).waitFor();
    await page.locator(`tr[data-application="${String(a.receipt.reference)}"]`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-applications');
  });

  it('the ombudsman filters the dashboard (the URL holds the filters), opens a case from the overdue table and downloads the same rows as CSV', async () => {
    // three overdue reklame cases: submitted three weeks ago, the reconciler swept
    const now = new Date();
    t.clock.set(new Date(now.getTime() - 21 * 86_400_000));
    const late: string[] = [];
    for (let i = 0; i < 3; i++) late.push(String((await submitted(t, applicant2, 'reklame')).receipt.reference));
    t.clock.set(now);
    await t.app.get(ReconcilerService).sweep();

    const page = await pageFor(ombudsman);
    expect(new URL(page.url()).pathname).toBe('/console/oversight');
    await page.getByRole('heading', { name: 'Ombudsman dashboard' }).waitFor();
    await page.locator('[data-figure="onTimeRate"]').getByText(/computed|decided/).first().waitFor();
    await page.getByRole('combobox', { name: 'Agency' }).click();
    await page.getByRole('option', { name: AGENCY }).click();
    await page.waitForFunction(`new URLSearchParams(window.location.search).get('agency') === ${JSON.stringify(AGENCY)}`);
    await page.getByRole('combobox', { name: 'Time zone' }).click();
    await page.getByRole('option', { name: 'WIB', exact: true }).click();
    await page.waitForFunction(`new URLSearchParams(window.location.search).get('zone') === 'WIB'`);
    // a shared URL opens the same view
    const shared = page.url();
    const other = await pageFor(ombudsman);
    await other.goto(shared);
    // the view settles its URL once its filter options load (under load that may take a moment)
    await other.waitForURL((u) => u.searchParams.get('agency') === AGENCY, { timeout: 15_000 });
    const api = await request(t.http).get('/v1/oversight/dashboard').query({ months: 6, agency: AGENCY, zone: 'WIB' }).set(ombudsman.auth).expect(200);
    await other.locator('[data-figure="openOverdue"] [data-value]').filter({ hasText: String(api.body.figures.openOverdue) }).waitFor();
    await other.locator('[data-figure="breaches"] [data-value]').filter({ hasText: String(api.body.figures.breaches) }).waitFor();
    expect(api.body.figures.openOverdue).toBeGreaterThanOrEqual(3);
    // the charts are drawn (SVG), each with its table
    for (const chart of ['trend', 'ranking', 'buckets']) await other.locator(`[data-chart="${chart}"] svg`).first().waitFor();
    await other.locator('[data-chart="buckets"] summary').click();
    await other.locator('[data-chart="buckets"] table').getByRole('rowheader', { name: '5–20' }).waitFor();
    expect(await seriousViolations(other)).toEqual([]);
    await screenshot(other, 'oversight-dashboard');

    // the overdue table follows the agency filter; sortable; opens the case
    await other.getByRole('navigation', { name: 'Oversight screens' }).getByRole('link', { name: 'Overdue cases' }).click();
    await other.waitForURL((u) => u.pathname.endsWith('/oversight/overdue') && u.searchParams.get('agency') === AGENCY);
    const table = other.getByRole('table', { name: 'Overdue cases' });
    for (const ref of late) await table.locator(`tr[data-case="${ref}"]`).waitFor();
    await table.getByRole('button', { name: /^Legal deadline/ }).click();
    await other.waitForURL((u) => u.searchParams.get('sort') === 'deadline');
    await table.locator(`tr[data-case="${late[0]}"]`).waitFor();
    const shown: string[] = [];
    for (const r of await table.locator('tbody tr').all()) shown.push((await r.getAttribute('data-case')) ?? '');
    expect(shown).toEqual(expect.arrayContaining(late));
    expect(await seriousViolations(other)).toEqual([]);
    await screenshot(other, 'oversight-overdue');

    // the CSV has exactly the rows on screen, in the same order
    const [download] = await Promise.all([other.waitForEvent('download'), other.getByRole('link', { name: 'Download CSV (all pages)' }).click()]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    const refCol = header.indexOf('reference');
    expect(csv.slice(1).map((line) => line.split(',')[refCol])).toEqual(shown);

    await table.locator(`tr[data-case="${late[1]}"]`).getByRole('link', { name: late[1] }).click();
    await other.waitForURL(/\/console\/oversight\/cases\/[0-9a-f-]+$/);
    await other.getByRole('heading', { name: late[1], level: 1 }).waitFor();
    await other.locator('[data-audit-chain="ok"]').waitFor();
    await other.getByRole('img', { name: /stop/i }).first().waitFor();
    // read-only: no action buttons
    expect(await other.getByRole('button', { name: 'Claim', exact: true }).count()).toBe(0);
    expect(await seriousViolations(other)).toEqual([]);
    await screenshot(other, 'oversight-case');
  });

  it('the ombudsman reads the signals and records a complaint’s status and findings', async () => {
    const page = await pageFor(ombudsman);
    await page.goto('/console/oversight/signals');
    await page.getByRole('heading', { name: 'Deficiency notices at the cap' }).waitFor();
    // the case with its one notice (reklame allows one) links to its record
    const maxed = page.locator('[data-signal="maxed"]');
    await maxed.getByRole('link').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'oversight-signals');

    await page.goto('/console/oversight/complaints');
    const card = page.locator('article[data-complaint]').first();
    await card.getByText('Petugas meminta dokumen yang sudah saya unggah.').waitFor();
    await card.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Substantiated', exact: true }).click();
    await card.getByLabel('Findings').fill('Dokumen sudah lengkap saat diajukan.');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const list = await request(t.http).get('/v1/oversight/complaints').set(ombudsman.auth).expect(200);
    expect(list.body.items[0]).toMatchObject({ status: 'substantiated', findings: 'Dokumen sudah lengkap saat diajukan.' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'oversight-complaints');
  });
});
