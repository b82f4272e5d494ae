import { CatalogueService } from '@tenggat/catalogue';
import { runMigrations } from '@tenggat/schema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createAdmin, registerApplicant, TEST_PASSWORD, TestUser } from './support/auth';
import { ensureConsoleBuilt, launchChromium, listen, loginAs, newContext, screenshot, seriousViolations, closeBrowserSuite } from './support/browser';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { ROOT, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/** It publishes reklame v2 and migrates every open reklame case: a database of its own. */
const OWN_DATABASE = `${runDatabaseUrl()}_console_migrations`;
const AGENCY = 'dpmptsp-kota-contoh';

jest.setTimeout(180_000);

/** Reklame v2 adds a site inspection before approval (as in definition-migration.e2e-spec.ts). */
const V2_EDITS: [string, string][] = [
  [
    '  approval:\n    label: Penetapan izin\n    role: approver\n    sla: {workingDays: 3}',
    '  site-inspection:\n    label: Pemeriksaan lapangan titik reklame\n    role: verifier\n    sla: {workingDays: 1}\n  approval:\n    label: Penetapan izin\n    role: approver\n    sla: {workingDays: 2}',
  ],
  [
    '  - {from: verification, action: accept, to: approval, roles: [verifier]}',
    '  - {from: verification, action: accept, to: site-inspection, roles: [verifier]}\n  - {from: site-inspection, action: inspected, to: approval, roles: [verifier]}',
  ],
];

describe('console (browser): migrating open cases to a newer permit-type version', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: TestUser;
  let supervisor: TestUser;
  const contexts: BrowserContext[] = [];
  const refs = { verification: [] as string[], approval: '', claimed: '' };
  const ids: string[] = [];

  async function pageFor(user: TestUser): Promise<Page> {
    const ctx = await newContext(browser, base, 'en');
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginAs(page, user.email, TEST_PASSWORD);
    return page;
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:console-migrations` }));
    base = await listen(t);
    admin = await createAdmin(t, { name: 'Adi Admin' });
    supervisor = await staff(t, AGENCY, ['supervisor'], 'Sari Supervisor');
    const verifier = await staff(t, AGENCY, ['verifier'], 'Vera Verifikator');
    const approver = await staff(t, AGENCY, ['approver'], 'Ana Approver');
    const applicant = await registerApplicant(t.http, { name: 'Budi Pemohon' });
    for (let i = 0; i < 4; i++) {
      const c = await submitted(t, applicant, 'reklame');
      ids.push(c.id);
      const reference = String(c.receipt.reference);
      if (i < 2) refs.verification.push(reference);
      else {
        expect((await act(t, verifier, c.id, { action: 'accept' })).status).toBe(200);
        if (i === 2) refs.approval = reference;
        else {
          // held by an approver: it cannot move to a verifier's state
          await request(t.http).post(`/v1/applications/${c.id}/claim`).set(approver.auth).expect(200);
          refs.claimed = reference;
        }
      }
    }
    let text = readFileSync(join(ROOT, 'config/permit-types/reklame.yaml'), 'utf8');
    for (const [from, to] of V2_EDITS) text = text.replace(from, to);
    expect(await t.app.get(CatalogueService).publish(text, { source: 'reklame v2 (browser test)' })).toMatchObject({ ok: true, version: 2 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeBrowserSuite({ contexts, browser, t, database: OWN_DATABASE });
  });

  it('an admin creates a plan, reads the dry run case by case, applies it and sees the result per case; a supervisor reads it; axe finds nothing serious', async () => {
    const page = await pageFor(admin);
    await page.getByRole('link', { name: 'Case migrations' }).click();
    await page.getByRole('heading', { name: 'Migrating open cases' }).waitFor();
    await page.getByLabel('Permit type').selectOption('reklame');
    const form = page.getByRole('form', { name: 'New plan' });
    await page.getByText('No plans yet for this permit type.').waitFor();
    await form.getByLabel('New state: site-inspection').waitFor();
    expect(await form.getByLabel('From version').inputValue()).toBe('1');
    expect(await form.getByLabel('To version').inputValue()).toBe('2');
    // identity by default; cases awaiting approval are to be inspected first
    expect(await form.getByLabel('New state: verification').inputValue()).toBe('verification');
    await form.getByLabel('New state: approval').selectOption('site-inspection');
    await form.getByLabel('Reason').fill('Perwali (contoh): titik reklame diperiksa di lapangan');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create plan' }).click();

    const plan = page.locator('[data-plan]');
    await plan.getByRole('heading', { name: 'Plan 1 → 2' }).waitFor();
    await plan.locator('[data-effective-map]').getByText('approval → site-inspection').waitFor();
    await page.getByRole('table', { name: 'Plans' }).getByRole('button', { name: 'Open plan 1 → 2' }).waitFor();

    await plan.getByRole('button', { name: 'Run the dry run' }).click();
    const dry = plan.getByRole('table', { name: 'Dry run' });
    await dry.locator(`tr[data-case="${refs.claimed}"]`).waitFor();
    await plan.getByText(/3 can move, 1 cannot/).waitFor();
    const blocked = dry.locator(`tr[data-case="${refs.claimed}"]`);
    expect(await blocked.getAttribute('data-can-move')).toBe('false');
    expect(await blocked.textContent()).toContain('claimed');
    const inspected = dry.locator(`tr[data-case="${refs.approval}"]`);
    expect(await inspected.textContent()).toContain('approval → site-inspection');
    expect(await inspected.locator('[data-clock="state:start"]').count()).toBe(1);
    expect(await inspected.locator('[data-clock="statutory:keep"]').count()).toBe(1);
    expect(await dry.locator(`tr[data-case="${refs.verification[0]}"]`).textContent()).toContain('verification → verification');
    expect(await seriousViolations(page)).toEqual([]);
    await dry.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-migration-dry-run');

    await plan.getByRole('button', { name: 'Apply the plan' }).click();
    await plan.locator('[data-applied]').getByText(/3 moved, 1 blocked, 0 failed/).waitFor();
    const results = plan.getByRole('table', { name: 'Result per case' });
    for (const r of [...refs.verification, refs.approval]) expect(await results.locator(`tr[data-result="${r}"]`).getAttribute('data-outcome')).toBe('moved');
    expect(await results.locator(`tr[data-result="${refs.claimed}"]`).getAttribute('data-outcome')).toBe('blocked');
    await page.getByRole('table', { name: 'Plans' }).getByText('applied').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-migration-applied');

    const rows = await t.db.query<{ id: string; state: string; permit_type_version: number }[]>('SELECT id, state, permit_type_version FROM applications WHERE id = ANY($1) ORDER BY id', [ids]);
    expect(rows.filter((r) => r.permit_type_version === 2)).toHaveLength(3);
    expect(rows.filter((r) => r.state === 'site-inspection')).toHaveLength(1);

    // the supervisor of the agency reads the plan and its results, and can neither plan nor apply
    const sup = await pageFor(supervisor);
    await sup.goto('/console/admin/migrations');
    await sup.getByLabel('Permit type').selectOption('reklame');
    await sup.getByRole('button', { name: 'Open plan 1 → 2' }).click();
    await sup.locator('[data-plan]').getByRole('table', { name: 'Result per case' }).locator(`tr[data-result="${refs.claimed}"]`).waitFor();
    expect(await sup.getByRole('button', { name: 'Apply the plan' }).count()).toBe(0);
    expect(await sup.getByRole('form', { name: 'New plan' }).count()).toBe(0);
    expect(await seriousViolations(sup)).toEqual([]);
  });
});
