import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { runMigrations } from '@tenggat/schema';
import { WhatIfRunRepository } from '@tenggat/whatif-service';
import { createOmbudsman, registerApplicant, TEST_PASSWORD, TestUser } from './support/auth';
import { ensureConsoleBuilt, launchChromium, listen, loginAs, newContext, screenshot, seriousViolations, closeBrowserSuite } from './support/browser';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { withConfig } from './support/sla';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { createTestApp, TestApp } from './support/test-app';

/** A run reads every case of its period: this file has a database of its own. */
const OWN_DATABASE = `${runDatabaseUrl()}_whatif_browser`;
const AGENCY = 'kementerian-investasi';
const wib = (local: string): Date => new Date(`${local}+07:00`);
/** Sertifikat Standar from 10 to 5 working days (its state SLAs shortened to fit), as docs/what-if.md proposes. */
const FIVE_DAYS = readFileSync(join(__dirname, '..', 'docs', 'examples', 'sertifikat-standar-5-days.yaml'), 'utf8');

jest.setTimeout(180_000);

/** The ombudsman's what-if page in a real browser, against the real API and runner. */
describe('what-if page (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let ombudsman: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:whatif-browser` }));
    base = await listen(t);
    const verifier = await staff(t, AGENCY, ['verifier'], 'Vera Verifikator');
    const approver = await staff(t, AGENCY, ['approver'], 'Ana Approver');
    const applicant = await registerApplicant(t.http, { name: 'Budi Pemohon' });
    ombudsman = await createOmbudsman(t, { name: 'Oma Ombudsman' });
    const ok = async (user: TestUser, id: string, body: Record<string, unknown>): Promise<void> => {
      const res = await act(t, user, id, body);
      if (res.status !== 200) throw new Error(`${body.action as string} answered ${res.status}: ${JSON.stringify(res.body)}`);
    };
    // Monday 6 July 2026 (no holiday until 17 August): A is approved on its 7th working day, B on its 3rd
    const now = new Date();
    t.clock.set(wib('2026-07-06T10:00'));
    const a = (await submitted(t, applicant, 'sertifikat-standar')).id;
    const b = (await submitted(t, applicant, 'sertifikat-standar')).id;
    t.clock.set(wib('2026-07-07T10:00'));
    await ok(verifier, a, { action: 'verify', comment: 'lengkap' });
    await ok(verifier, b, { action: 'verify', comment: 'lengkap' });
    t.clock.set(wib('2026-07-09T10:00'));
    await ok(approver, b, { action: 'approve', comment: 'disetujui' });
    t.clock.set(wib('2026-07-15T10:00'));
    await ok(approver, a, { action: 'approve', comment: 'disetujui' });
    t.clock.set(now); // sessions are signed and checked at the real time
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeBrowserSuite({ contexts, browser, t, database: OWN_DATABASE });
  });

  async function pageFor(user: TestUser, locale: 'id' | 'en' = 'en'): Promise<Page> {
    const ctx = await newContext(browser, base, locale);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginAs(page, user.email, TEST_PASSWORD);
    return page;
  }

  it('the ombudsman proposes 5 working days, follows the run to its end and reads actual vs proposal, the cliffs and the CSV', async () => {
    const page = await pageFor(ombudsman);
    await page.getByRole('navigation', { name: 'Oversight screens' }).getByRole('link', { name: 'What-if' }).click();
    await page.waitForURL(/\/console\/oversight\/whatif$/);
    await page.getByRole('heading', { name: /^What-if/, level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // a proposal workflow:check refuses: the faults show by the text area, what was typed stays
    await page.getByLabel(/^Submitted from/).fill('2026-07-06');
    await page.getByLabel(/^Submitted to/).fill('2026-07-06');
    const broken = FIVE_DAYS.replace('processingTime: {workingDays: 5}', 'processingTime: {workingDays: 2}');
    await page.getByLabel(/^Proposal/).fill(broken);
    await page.getByRole('button', { name: 'Start the run' }).click();
    await page.getByText(/processingTime\.workingDays|per-state SLAs/).first().waitFor();
    expect(await page.getByLabel(/^Proposal/).inputValue()).toBe(broken);

    await page.getByLabel(/^Proposal/).fill(FIVE_DAYS);
    await page.getByRole('button', { name: 'Start the run' }).click();
    await page.waitForURL(/[?&]run=[0-9a-f-]{36}/);
    const runId = new URL(page.url()).searchParams.get('run') ?? '';
    await page.locator('[data-run-status="done"]').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Done' }).textContent()).toMatch(/2 of 2 cases/);
    expect(await page.getByRole('progressbar', { name: 'Cases replayed' }).getAttribute('aria-valuenow')).toBe('100');

    // totals, then the group: A (approved on its 7th working day) would have breached and been approved by law on its 5th
    await page.getByRole('heading', { name: 'Report: actual vs proposal' }).waitFor();
    expect(await page.locator('[data-total="replayed"] dd').textContent()).toBe('2');
    expect(await page.locator('[data-total="mismatches"] dd').textContent()).toBe('0');
    const row = page.locator('[data-group="kementerian-investasi/sertifikat-standar/2026-07"]');
    const cells = await row.locator('td').allTextContents();
    // permit type, month, then each figure as actual, proposal: cases, decided, breaches, breach rate, median, p90, escalations, deemed, ...
    expect(cells.slice(0, 2)).toEqual(['sertifikat-standar', '2026-07']);
    expect(cells.slice(2, 8)).toEqual(['2', '2', '2', '2', '0', '1']);
    expect(cells.slice(16, 18)).toEqual(['0', '1']); // deemed approvals
    // the cliffs: both fall due at the end of 20 July in force; under 5 days at the end of 13 July
    await page.locator('[data-chart="whatif-cliffs"] summary').click();
    expect(await page.locator('[data-cliff="2026-07-20"] td').allTextContents()).toEqual(['2', '0']);
    expect(await page.locator('[data-cliff="2026-07-13"] td').allTextContents()).toEqual(['0', '2']);
    await page.getByRole('img', { name: /days with cases falling due/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'Report: actual vs proposal' }).scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, -220)');
    await screenshot(page, 'oversight-whatif');

    // the CSV link is the API's CSV of the same run
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe(`/v1/whatif/runs/${runId}/report.csv`);
    const csv = await page.evaluate(`fetch(${JSON.stringify(href)}).then((r) => r.text())`);
    expect(String(csv).split('\n')[0]).toMatch(/^agency,permitType,month,casesActual,casesProposal/);
    expect(String(csv)).toContain('kementerian-investasi,sertifikat-standar,2026-07,2,2,2,2,0,0,0,1');
  });

  it('a run not yet finished shows its status and can be cancelled from the page (in Bahasa Indonesia)', async () => {
    // a queued run whose runner has not started: the page shows it with its cancel button
    const queued = await t.app.get(WhatIfRunRepository).create({ from: '2026-07-06', to: '2026-07-06' }, null, ombudsman.id, t.clock.now());
    const page = await pageFor(ombudsman, 'id');
    await page.goto(`/console/oversight/whatif?run=${queued.id}`);
    await page.locator('[data-run-status="queued"]').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Antre' }).textContent()).toMatch(/menghitung perkara/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Batalkan proses' }).click();
    await page.locator('[data-run-status="cancelled"]').waitFor();
    expect(await page.getByRole('button', { name: 'Batalkan proses' }).count()).toBe(0);
    const after = await request(t.http).get(`/v1/whatif/runs/${queued.id}`).set(ombudsman.auth).expect(200);
    expect((after.body as { status: string }).status).toBe('cancelled');
  });
});
