import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createAdmin, createOmbudsman, registerApplicant, TEST_PASSWORD, TestUser } from './support/auth';
import { ensureConsoleBuilt, CONSOLE_DIST, launchChromium, listen, loginAs, newContext, screenshot, seriousViolations, closeBrowserSuite } from './support/browser';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { runMigrations } from '@tenggat/schema';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/** The screens show whole agencies (queues, boards, workload): this file has a database of its own. */
const OWN_DATABASE = `${runDatabaseUrl()}_console`;

jest.setTimeout(120_000);

const AGENCY = 'dpmptsp-kota-contoh';

/** The staff console in a real browser (Debian's Chromium through playwright-core), against the real API. */
describe('console (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let verifier: TestUser;
  let verifier2: TestUser;
  let approver: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;
  let ombudsman: TestUser;
  let applicant: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:console` }));
    base = await listen(t);
    verifier = await staff(t, AGENCY, ['verifier'], 'Vera Verifikator');
    verifier2 = await staff(t, AGENCY, ['verifier'], 'Vino Verifikator');
    approver = await staff(t, AGENCY, ['approver'], 'Ana Approver');
    supervisor = await staff(t, AGENCY, ['supervisor'], 'Sari Supervisor');
    admin = await createAdmin(t, { name: 'Adi Admin' });
    ombudsman = await createOmbudsman(t, { name: 'Oma Ombudsman' });
    applicant = await registerApplicant(t.http, { name: 'Budi Pemohon' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeBrowserSuite({ contexts, browser, t, database: OWN_DATABASE });
  });

  async function pageFor(user: TestUser | null, locale: 'id' | 'en' = 'en'): Promise<Page> {
    const ctx = await newContext(browser, base, locale);
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (user) await loginAs(page, user.email, TEST_PASSWORD);
    return page;
  }

  const newCase = async (): Promise<{ id: string; reference: string }> => {
    const { id, receipt } = await submitted(t, applicant, 'reklame');
    return { id, reference: String(receipt.reference) };
  };

  it('keeps the first load within 300 KB of gzipped JavaScript (entry and its preloads)', () => {
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, s) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, s))).length, 0);
    expect(gzipped).toBeLessThanOrEqual(300 * 1024);
    // nothing from another origin
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves the console at /console with a history fallback, and / leads there', async () => {
    const deep = await request(t.http).get('/console/cases/00000000-0000-0000-0000-000000000000').expect(200);
    expect(deep.headers['content-type']).toMatch(/text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.text).toContain('<div id="root">');
    await request(t.http).get('/').expect(302).expect('Location', '/console/');
    await request(t.http).get('/console/assets/nothing-here.js').expect(404);
  });

  it('logs each role in to its home, in Bahasa Indonesia by default; a wrong password is said next to the form; axe finds nothing serious', async () => {
    const page = await pageFor(null, 'id');
    await page.goto('/console/');
    await page.waitForURL(/\/console\/login$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'login');

    await page.getByLabel(/^Email/).fill(verifier.email);
    await page.getByLabel(/^Kata sandi/).fill('wrong-password-1');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email atau kata sandi salah' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(verifier.email); // what was typed stays

    for (const [user, home] of [
      [verifier, '/console/inbox'],
      [supervisor, '/console/inbox'],
      [admin, '/console/admin/users'],
      [ombudsman, '/console/oversight'],
    ] as const) {
      const p = await pageFor(user);
      expect(new URL(p.url()).pathname).toBe(home);
      await p.goto('/console/account');
      await p.getByRole('heading', { name: 'My account' }).waitFor();
      await p.getByRole('cell', { name: user.name }).waitFor();
      for (const role of user.roles) await p.getByText(role, { exact: true }).first().waitFor();
      if (user === verifier) {
        expect(await seriousViolations(p)).toEqual([]);
        await screenshot(p, 'account');
      }
      // the token is never where script can read it
      expect(await p.evaluate<string>('document.cookie')).not.toMatch(/tenggat_session/);
      expect(await p.evaluate<string>('JSON.stringify(window.localStorage)')).not.toMatch(/eyJ/);
      await p.getByRole('button', { name: 'Log out' }).click();
      await p.waitForURL(/\/console\/login$/);
      await p.goto('/console/account');
      await p.waitForURL(/\/console\/login$/);
    }
  });

  it('inbox: unclaimed cases in the order of GET /v1/queue, filters, working days coloured; axe finds nothing serious', async () => {
    const a = await newCase();
    const b = await newCase();
    const page = await pageFor(verifier);
    await page.getByRole('table', { name: 'Cases by urgency' }).waitFor();
    await page.locator(`tr[data-case="${b.reference}"]`).waitFor();
    const api = await request(t.http).get('/v1/queue').set(verifier.auth).query({ assigned: 'unassigned', pageSize: 25 }).expect(200);
    const expected = (api.body.items as { reference: string }[]).map((i) => i.reference);
    const shown: (string | null)[] = [];
    for (const r of await page.locator('tbody tr').all()) shown.push(await r.getAttribute('data-case'));
    expect(shown).toEqual(expected);
    expect(shown).toEqual(expect.arrayContaining([a.reference, b.reference]));
    const row = page.locator(`tr[data-case="${a.reference}"]`);
    await row.getByText('Budi Pemohon').waitFor();
    await row.getByText('0 of 1').waitFor();
    expect(await row.locator('[data-urgency]').first().getAttribute('data-urgency')).toMatch(/green|amber|red/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'inbox');

    // flag filter: nothing is breached yet
    await page.getByRole('combobox', { name: 'Flag' }).click();
    await page.getByRole('option', { name: 'Breached' }).click();
    await page.getByText('No case matches these filters.').waitFor();
    await page.getByRole('combobox', { name: 'Flag' }).click();
    await page.getByRole('option', { name: 'Breached' }).click(); // deselect
    // due within 5 working days: the fresh cases (5 working days) are there
    await page.getByRole('combobox', { name: 'Due within' }).click();
    await page.getByRole('option', { name: '≤ 5 working days' }).click();
    await page.locator(`tr[data-case="${a.reference}"]`).waitFor();
    // mine: nothing claimed yet by this officer
    await page.getByText('Mine', { exact: true }).click();
    await page.getByText('No case matches these filters.').waitFor();
  });

  it('claim race between two browsers: one wins, the other sees the case leave "unclaimed" within 5 s', async () => {
    const c = await newCase();
    const p1 = await pageFor(verifier);
    const p2 = await pageFor(verifier2);
    for (const p of [p1, p2]) await p.locator(`tr[data-case="${c.reference}"]`).waitFor();
    const claim = (p: Page) => p.getByRole('button', { name: `Claim ${c.reference}` }).click();
    await Promise.all([claim(p1), claim(p2)]);
    // a click returns once dispatched: the claims themselves land a moment later
    const assignee = await waitFor(
      async () => ((await request(t.http).get(`/v1/applications/${c.id}`).set(supervisor.auth).expect(200)).body as { assigneeId: string | null }).assigneeId,
      'a claim to land',
      10_000,
    );
    const winner = assignee === verifier.id ? p1 : p2;
    const loser = winner === p1 ? p2 : p1;
    expect([verifier.id, verifier2.id]).toContain(assignee);
    // the loser is told, or the row is simply gone; either way it leaves "unclaimed" without a reload
    await loser.locator(`tr[data-case="${c.reference}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    await winner.locator(`tr[data-case="${c.reference}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    await winner.getByText('Mine', { exact: true }).click();
    await winner.locator(`tr[data-case="${c.reference}"]`).getByRole('button', { name: `Release ${c.reference}` }).waitFor();
  });

  it('live (server-sent events): a case claimed by a colleague leaves an open "unclaimed" inbox within 5 s; a new submission appears within 5 s', async () => {
    const c = await newCase();
    const page = await pageFor(verifier2);
    await page.locator(`tr[data-case="${c.reference}"]`).waitFor();
    await page.locator('[data-live="true"]').waitFor(); // the server-sent event stream is connected
    await request(t.http).post(`/v1/applications/${c.id}/claim`).set(verifier.auth).expect(200);
    await page.locator(`tr[data-case="${c.reference}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    const fresh = await newCase();
    await page.locator(`tr[data-case="${fresh.reference}"]`).waitFor({ timeout: 5_000 });
  });

  it('case page: header, ribbon, documents, timeline with the audit check; a 422 next to its field, a 409 that keeps what I typed; axe finds nothing serious', async () => {
    const c = await newCase();
    const page = await pageFor(verifier);
    await page.goto(`/console/cases/${c.id}`);
    await page.getByRole('heading', { name: c.reference }).waitFor();
    await page.getByText('Legal deadline').waitFor();
    await page.getByRole('img', { name: /statutory clock over time/ }).waitFor();
    await page.getByText(/Audit chain intact/).waitFor();
    await page.getByRole('button', { name: /^Preview of design/ }).click();
    await page.locator('iframe[title^="Preview of design"]').waitFor();
    await page.getByRole('button', { name: 'Close preview' }).click();

    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Release', exact: true }).waitFor(); // the case read back: mine now
    await page.getByRole('button', { name: 'request-documents', exact: true }).click();
    const form = page.getByRole('form', { name: 'request-documents form' });
    await form.getByText('Notices left: 1 of 1').waitFor();
    // 422: a deficiency notice names the missing documents
    await form.getByLabel(/^Comment/).fill('Foto lokasi buram');
    await form.getByRole('button', { name: /^Send/ }).click();
    await form.getByText('name the missing documents (requirement codes)').waitFor(); // next to its field
    expect(await form.getByLabel(/^Comment/).inputValue()).toBe('Foto lokasi buram');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'case');

    // 409: the case changes under me (a supervisor releases and re-assigns it); what I typed stays
    await request(t.http).post(`/v1/applications/${c.id}/assign`).set(supervisor.auth).send({ assigneeId: verifier2.id }).expect(200);
    await form.getByRole('checkbox', { name: /\(location-photo\)$/ }).check();
    await form.getByRole('button', { name: /^Send/ }).click();
    await page.getByRole('alert').filter({ hasText: 'The case changed while you were working' }).waitFor();
    await page.getByText(/Holder: Vera Verifikator → Vino Verifikator/).waitFor();
    expect(await form.getByLabel(/^Comment/).inputValue()).toBe('Foto lokasi buram');
    expect(await form.getByRole('checkbox', { name: /\(location-photo\)$/ }).isChecked()).toBe(true);
    await screenshot(page, 'case-conflict');
  });

  it('walkthrough: the verifier claims, sends a deficiency notice; the applicant resubmits; the verifier accepts; the approver approves', async () => {
    const c = await newCase();
    const page = await pageFor(verifier, 'id');
    await page.locator(`tr[data-case="${c.reference}"]`).waitFor();
    await page.getByRole('button', { name: `Ambil ${c.reference}` }).click();
    await page.getByText('Milik saya', { exact: true }).click();
    await page.locator(`tr[data-case="${c.reference}"]`).getByRole('link', { name: c.reference }).click();
    await page.getByRole('heading', { name: c.reference }).waitFor();
    await page.getByRole('button', { name: 'request-documents', exact: true }).click();
    const form = page.getByRole('form', { name: 'Formulir request-documents' });
    await form.getByRole('checkbox', { name: /\(location-photo\)$/ }).check();
    await form.getByLabel(/^Catatan/).fill('Foto lokasi tidak jelas, mohon unggah ulang');
    await form.getByRole('button', { name: /^Kirim/ }).click();
    await page.getByText('Menunggu kelengkapan dari pemohon').first().waitFor();
    await page.getByText(/Berhenti .* oleh Vera Verifikator/).waitFor();
    await screenshot(page, 'case-deficient');

    // the applicant answers through the API
    const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    await request(t.http)
      .post(`/v1/applications/${c.id}/documents`)
      .set(applicant.auth)
      .field('requirement', 'location-photo')
      .attach('file', PNG, { filename: 'foto.png', contentType: 'image/png' })
      .expect(201);
    const current = await request(t.http).get(`/v1/applications/${c.id}`).set(applicant.auth).expect(200);
    await request(t.http).post(`/v1/applications/${c.id}/actions`).set(applicant.auth).set('If-Match', String(current.body.version)).send({ action: 'resubmit' }).expect(200);

    await page.reload();
    await page.getByRole('button', { name: 'accept', exact: true }).click();
    await page.getByRole('form', { name: 'Formulir accept' }).getByRole('button', { name: /^Kirim/ }).click();
    await page.getByText('Penetapan izin').first().waitFor();

    const p2 = await pageFor(approver);
    await p2.goto(`/console/cases/${c.id}`);
    await p2.getByRole('button', { name: 'Claim', exact: true }).click();
    await p2.getByRole('button', { name: 'Release', exact: true }).waitFor();
    await p2.getByRole('button', { name: 'approve', exact: true }).click();
    const approve = p2.getByRole('form', { name: 'approve form' });
    await approve.getByLabel(/^Comment/).fill('Memenuhi syarat');
    await approve.getByRole('button', { name: /^Send/ }).click();
    await p2.getByText('Izin terbit').first().waitFor();
  });

  it('supervisor board: counts and workload; bulk reassign with a failure in the batch, a result per case; axe finds nothing serious', async () => {
    const ok = await newCase();
    const later = await newCase();
    await request(t.http).post(`/v1/applications/${later.id}/claim`).set(verifier.auth).expect(200);
    expect((await act(t, verifier, later.id, { action: 'accept' })).status).toBe(200); // now in approval: a verifier cannot hold it
    const page = await pageFor(supervisor);
    await page.getByRole('link', { name: 'Supervisor board' }).click();
    await page.getByRole('heading', { name: 'Supervisor board' }).waitFor();
    await page.getByRole('table', { name: 'Workload per officer' }).getByText('Vera Verifikator').waitFor();
    await page.getByText('All open', { exact: true }).click();
    await page.getByRole('checkbox', { name: `Select ${ok.reference}` }).check();
    await page.getByRole('checkbox', { name: `Select ${later.reference}` }).check();
    const form = page.getByRole('form', { name: 'Reassign the selected cases' });
    await form.getByText('2 cases selected').waitFor();
    await form.getByRole('combobox', { name: 'Assign to' }).click();
    await page.getByRole('option', { name: /^Vino Verifikator/ }).click();
    await form.getByLabel(/^Reason/).fill('Vera cuti');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Reassign 2 cases' }).click();
    const result = form.getByRole('status');
    await result.getByText('1 reassigned, 1 failed').waitFor();
    await result.getByText(new RegExp(`^${ok.reference}: reassigned`)).waitFor();
    await result.getByText(new RegExp(`^${later.reference}: failed: .*no role that works`)).waitFor();
    await screenshot(page, 'board');
    const now = await request(t.http).get(`/v1/applications/${ok.id}`).set(supervisor.auth).expect(200);
    expect(now.body.assigneeId).toBe(verifier2.id);
  });

  it('administration: an admin creates a user (a bad field said next to it, what was typed kept), changes roles, deactivates; axe finds nothing serious', async () => {
    const page = await pageFor(admin);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'Create a staff account' });
    const email = `petugas-${Date.now()}@example.test`;
    await form.getByRole('textbox', { name: 'Email' }).fill(email);
    await form.getByRole('textbox', { name: 'Name' }).fill('Petugas Baru');
    await form.getByLabel(/^Initial password/).fill('short');
    await form.getByRole('combobox', { name: 'Roles' }).fill('verifier');
    await form.getByRole('combobox', { name: 'Roles' }).press('Enter');
    await form.getByRole('textbox', { name: /^Agency/ }).fill(AGENCY);
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByText(/password must be|password.*10/i).waitFor(); // next to the field
    expect(await form.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(email);
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByLabel(/^Initial password/).fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByText(`Account ${email} created`).waitFor();
    const created = await request(t.http).get('/v1/admin/users').set(admin.auth).query({ role: 'verifier', pageSize: 100 }).expect(200);
    const user = (created.body.items as { id: string; email: string; roles: string[]; agencyCode: string; active: boolean }[]).find((u) => u.email === email);
    expect(user).toMatchObject({ roles: ['verifier'], agencyCode: AGENCY, active: true });

    await page.getByRole('combobox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'verifier' }).click();
    const row = page.locator(`tr[data-user="${email}"]`);
    await row.getByRole('combobox', { name: 'Roles of Petugas Baru' }).fill('reviewer');
    await row.getByRole('combobox', { name: 'Roles of Petugas Baru' }).press('Enter');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.locator(`tr[data-user="${email}"]`).getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' }); // saved and read back
    await page.locator(`tr[data-user="${email}"]`).getByRole('button', { name: 'Deactivate Petugas Baru' }).click();
    await page.locator(`tr[data-user="${email}"]`).getByText('Deactivated').waitFor();
    await screenshot(page, 'admin-users');
    const after = await request(t.http).get('/v1/admin/users').set(admin.auth).query({ role: 'reviewer', pageSize: 100 }).expect(200);
    expect((after.body.items as { email: string; roles: string[]; active: boolean }[]).find((u) => u.email === email)).toMatchObject({ roles: ['verifier', 'reviewer'], active: false });
  });

  it('administration: calendars by year with a deadline calculator (a bad start said next to it), permit types with the diagram rendered, the queue dashboard through the session; axe finds nothing serious', async () => {
    const page = await pageFor(admin);
    await page.getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('heading', { name: 'Working calendars' }).waitFor();
    await page.getByRole('combobox', { name: 'Year' }).click();
    await page.getByRole('option', { name: '2026' }).click();
    await page.getByRole('table', { name: 'Non-working days 2026' }).getByText('Collective leave').first().waitFor();
    const calc = page.getByRole('form', { name: 'Deadline calculator' });
    await calc.getByRole('textbox', { name: /^Start/ }).fill('2026-13-45');
    await calc.getByRole('button', { name: 'Compute' }).click();
    await calc.locator('[id$="-error"]').first().waitFor(); // next to its field
    expect(await calc.getByRole('textbox', { name: /^Start/ }).inputValue()).toBe('2026-13-45');
    await calc.getByRole('textbox', { name: /^Start/ }).fill('2026-03-17T03:00:00Z');
    await calc.getByRole('button', { name: 'Compute' }).click();
    await calc.getByRole('status').getByText(/^Deadline: .*WIB/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-calendars');

    await page.getByRole('link', { name: 'Permit types' }).click();
    await page.getByRole('heading', { name: 'Service standard' }).waitFor();
    await page.locator('[data-diagram] svg').waitFor();
    await page.getByRole('table', { name: 'Versions' }).getByText('in force').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-permit-types');

    const [dashboard] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/queues')), page.getByRole('link', { name: 'Queue dashboard' }).click()]);
    expect(dashboard.status()).toBe(200);
    expect(new URL(page.url()).search).toBe(''); // no token in the URL
  });
});
