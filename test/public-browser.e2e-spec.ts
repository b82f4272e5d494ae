import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import type { Env } from '@tenggat/platform';
import { registerApplicant, TestUser } from './support/auth';
import { ensureConsoleBuilt, launchChromium, listen, loginAs, newContext, screenshot, seriousViolations, closeBrowserSuite } from './support/browser';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { runMigrations } from '@tenggat/schema';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/** Public pages show whole agencies' statistics: this file has a database of its own. */
const OWN_DATABASE = `${runDatabaseUrl()}_public`;
const AGENCY = 'dpmptsp-kota-contoh';

jest.setTimeout(180_000);

/** The QR code drawn on the permit PDF, decoded: the image XObject (RGB, Flate) read back and handed to jsQR. */
async function qrOfPdf(pdf: Buffer): Promise<string> {
  const doc = await PDFDocument.load(pdf);
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    if (obj.dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue; // the alpha mask is DeviceGray
    const width = (obj.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (obj.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const rgb = inflateSync(Buffer.from(obj.contents));
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba[i * 4] = rgb[i * 3];
      rgba[i * 4 + 1] = rgb[i * 3 + 1];
      rgba[i * 4 + 2] = rgb[i * 3 + 2];
      rgba[i * 4 + 3] = 255;
    }
    const code = jsQR(rgba, width, height);
    if (code) return code.data;
  }
  throw new Error('no QR code found in the PDF');
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Issue 14: the public pages (no login) and permits verified from their QR code, in Chromium. */
describe('public pages (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let applicant: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  let supervisor: TestUser;
  const contexts: BrowserContext[] = [];
  const overrides: Partial<Env> = {};
  const APPLICANT = { name: 'Ratna Kusumawati Pribadi', email: `ratna.pribadi.${process.pid}@usaha.test`, nib: '9120009876543' };

  beforeAll(async () => {
    ensureConsoleBuilt();
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    Object.assign(overrides, { DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:public` });
    t = await createTestApp(withConfig(overrides));
    base = await listen(t);
    overrides.PUBLIC_BASE_URL = base; // the QR code is absolute: it must open this server
    applicant = await registerApplicant(t.http, APPLICANT);
    verifier = await staff(t, AGENCY, ['verifier']);
    approver = await staff(t, AGENCY, ['approver']);
    supervisor = await staff(t, AGENCY, ['supervisor']);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeBrowserSuite({ contexts, browser, t, database: OWN_DATABASE });
  });

  async function anonymous(locale: 'id' | 'en' = 'en'): Promise<Page> {
    const ctx = await newContext(browser, base, locale);
    contexts.push(ctx);
    return ctx.newPage();
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
  }

  async function approvedPermit(): Promise<{ id: string; permitNumber: string }> {
    const { id } = await submitted(t, applicant, 'reklame');
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    const res = await act(t, approver, id, { action: 'approve', comment: 'Memenuhi ketentuan' });
    expect(res.status).toBe(200);
    return { id, permitNumber: String(res.body.permit.permitNumber) };
  }

  it('the public verifies a permit by opening the URL in its QR code; the PDF checks out on the page', async () => {
    const { id, permitNumber } = await approvedPermit();
    const pdf = (await request(t.http).get(`/v1/applications/${id}/permit.pdf`).set(applicant.auth).buffer(true).parse(binary).expect(200)).body as Buffer;
    const url = await qrOfPdf(pdf);
    expect(url).toBe(`${base}/console/public/permits/${encodeURIComponent(permitNumber)}`);

    const page = await anonymous('en');
    await page.goto(url);
    await page.locator('[data-status="valid"]').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(permitNumber);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(APPLICANT.name); // the holder, as printed on the permit
    expect(main).not.toContain(APPLICANT.email);
    await expectAccessible(page);
    await screenshot(page, 'public-permit-valid');

    // the PDF itself, checked on the page (nothing stored)
    await page.locator('input[type="file"]').setInputFiles({ name: 'izin.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Check the PDF' }).click();
    await page.locator('[data-result="valid"]').waitFor();

    // in Bahasa Indonesia too
    const id_ = await anonymous('id');
    await id_.goto(url);
    await id_.getByText('Berlaku: izin ini asli dan berlaku').waitFor();
  });

  it('a revoked permit shows revoked, with the date and the reason; an unknown number shows unknown', async () => {
    const { id, permitNumber } = await approvedPermit();
    const reason = 'Pengawasan pasca-terbit: reklame dipasang di luar lokasi izin';

    // the agency's supervisor revokes it on the case page of the console, with the reason
    const console_ = await anonymous('en');
    await loginAs(console_, supervisor.email, supervisor.password);
    await console_.goto(`/console/cases/${id}`);
    const panel = console_.getByRole('region', { name: 'Permit' });
    await panel.locator('[data-permit-status="valid"]').waitFor();
    await panel.getByRole('button', { name: 'Revoke this permit' }).click();
    const form = console_.getByRole('form', { name: 'Revoke the permit' });
    await form.getByLabel(/^Reason/).fill(reason);
    await expectAccessible(console_);
    await form.getByRole('button', { name: 'Revoke', exact: true }).click();
    await panel.locator('[data-permit-status="revoked"]').waitFor();
    expect(await panel.textContent()).toContain(reason);
    await screenshot(console_, 'console-permit-revoked');
    // revoked once: the button is gone, and a second revocation through the API is 409
    expect(await panel.getByRole('button', { name: 'Revoke this permit' }).count()).toBe(0);
    await request(t.http).post(`/v1/permits/${encodeURIComponent(permitNumber)}/revocation`).set(supervisor.auth).send({ reason }).expect(409);
    // an officer of another agency sees the permit but no revocation
    const other = await staff(t, 'dlh-provinsi-sulsel', ['verifier']);
    expect((await request(t.http).post(`/v1/permits/${encodeURIComponent(permitNumber)}/revocation`).set(other.auth).send({ reason })).status).toBe(403);

    const page = await anonymous('en');
    await page.goto(`/console/public/permits/${encodeURIComponent(permitNumber)}`);
    const revoked = page.locator('[data-status="revoked"]');
    await revoked.waitFor();
    expect(await revoked.textContent()).toContain(reason);
    expect(await page.locator('[data-status="valid"]').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'public-permit-revoked');

    await page.goto(`/console/public/permits/${encodeURIComponent('REKLAME/2026/424242')}`);
    await page.locator('[data-status="unknown"]').waitFor();
    await expectAccessible(page);
  });

  it('the tracking page shows state, deadline and clock stops with their reason, and no personal data', async () => {
    const { id, receipt } = await submitted(t, applicant, 'reklame');
    const comment = `Dokumen desain ${APPLICANT.name} (NIB ${APPLICANT.nib}) tidak terbaca`;
    expect((await act(t, verifier, id, { action: 'request-documents', comment, missingDocuments: ['design'] })).status).toBe(200);

    const page = await anonymous('en');
    await page.goto('/console/public/track');
    await page.getByRole('heading', { level: 1, name: 'Track an application' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel(/^Reference/).fill(String(receipt.reference));
    await page.getByLabel(/^Access code/).fill(String(receipt.accessCode));
    await page.getByRole('button', { name: 'Show status' }).click();
    await page.getByRole('table', { name: 'Clock stops' }).waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain(String(receipt.reference));
    expect(text).toContain('Clock stopped');
    expect(text).toContain('The agency asked for missing documents');
    for (const personal of [APPLICANT.name, APPLICANT.email, APPLICANT.nib, 'Ratna', 'kontak@usaha.test', String(receipt.accessCode)]) expect(text).not.toContain(personal);
    expect(page.url()).not.toContain(String(receipt.accessCode)); // the code never goes into the URL
    await expectAccessible(page);
    await screenshot(page, 'public-track');
  });

  it('service standards with the procedure diagram, the deadline calculator, statistics and the home page pass axe', async () => {
    const page = await anonymous('en');
    await page.goto('/console/public');
    await page.getByRole('heading', { level: 1, name: 'Licensing in the open' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'public-home');

    await page.getByRole('navigation', { name: 'Public pages' }).getByRole('link', { name: 'Service standards' }).click();
    await page.getByRole('table', { name: 'Requirements' }).waitFor();
    await page.locator('[data-diagram] svg').waitFor({ timeout: 30_000 });
    const standards = (await page.locator('main').textContent()) ?? '';
    expect(standards).toMatch(/Processing time/);
    expect(standards).toMatch(/Complaint channel/);
    await expectAccessible(page);
    await screenshot(page, 'public-standards');

    await page.goto('/console/public/calculator');
    await page.getByLabel(/^Start/).fill('2026-03-17');
    await page.getByLabel(/^Working days/).fill('5');
    await page.getByRole('button', { name: 'Compute' }).click();
    const result = page.getByRole('status');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/5 working days: the deadline is/);
    await expectAccessible(page);
    await screenshot(page, 'public-calculator');

    await page.goto('/console/public/stats');
    await page.getByRole('heading', { level: 1, name: /published and real/ }).waitFor();
    await page.getByRole('table').or(page.getByText('No case has been decided in this period.')).first().waitFor();
    const stats = (await page.locator('main').textContent()) ?? '';
    expect(stats).not.toContain(APPLICANT.name);
    await expectAccessible(page);
    await screenshot(page, 'public-stats');

    // no session needed anywhere, and none was asked for
    expect(new URL(page.url()).pathname).toBe('/console/public/stats');
  });
});
