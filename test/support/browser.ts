import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dropDatabase } from '../setup/global-setup';
import type { TestApp } from './test-app';

const ROOT = join(__dirname, '../..');
export const CONSOLE_DIST = join(ROOT, 'dist/console');
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    latest = Math.max(latest, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return latest;
}

/**
 * Builds the console (vite build) unless dist/console is newer than its sources: a fresh
 * `npm ci && npm test` without `npm run build` still tests the real bundle.
 */
export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  const sources = Math.max(newest(join(ROOT, 'apps/console')), newest(join(ROOT, 'libs/api-client/src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'apps/console/vite.config.ts')], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 180_000,
  });
}

/** Debian's Chromium, headless, with a fresh profile (playwright makes a temporary user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * The end of a browser file: its pages' contexts, the browser, the app, then the database of its
 * own (each step tolerates the ones before having failed to start).
 */
export async function closeBrowserSuite(s: { contexts: BrowserContext[]; browser: Browser | undefined; t: TestApp | undefined; database: string }): Promise<void> {
  for (const c of s.contexts) await c.close().catch(() => undefined);
  await s.browser?.close();
  await s.t?.close();
  await dropDatabase(s.database);
}

/** The test app listening on a free port; its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function newContext(browser: Browser, base: string, locale: 'id' | 'en' = 'en'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 900 }, locale: locale === 'id' ? 'id-ID' : 'en-GB', timezoneId: 'Asia/Jakarta' });
  // the language the console starts in (the choice it remembers), before any page script runs
  await ctx.addInitScript(`window.localStorage.setItem('tenggat.locale', ${JSON.stringify(locale)})`);
  return ctx;
}

/** Logs in through the login form and waits for the home screen. */
export async function loginAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/console/login');
  await page.getByLabel(/^(Email)/).fill(email);
  await page.getByLabel(/^(Password|Kata sandi)/).fill(password);
  await page.getByRole('button', { name: /^(Log in|Masuk)$/ }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is: its serious and critical violations (injected through the devtools protocol, not the page's CSP). */
export async function seriousViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
