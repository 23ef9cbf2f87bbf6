/**
 * Shared set-up of the browser tier: the real app on a fresh test database with the demo city,
 * listening on a loopback port, and one headless Chromium (Debian's, through playwright-core).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed.js';
import type { Clock } from '../../src/platform/clock.js';
import { totpAt, totpStep } from '../../src/platform/security/totp.js';
import { buildTestApp, type TestApp } from '../app.js';

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Demo accounts used by the browser tests (see src/demo/seed.ts). */
export const DEMO = {
  coordinator: { username: 'coordinator', password: 'Shifan#Coord-2026', totp: 'JBSWY3DPEHPK3PXPGONGKAI2' },
  adminJyj: { username: 'admin.jyj', password: 'Shifan#JyjAdmin-2026', totp: 'MFRGGZDFMZTWQ2LKGONGKAI4' },
} as const;
export type DemoUser = (typeof DEMO)[keyof typeof DEMO];

/** The running app: its base URL and the test app behind it. */
export interface E2eServer {
  base: string;
  t: TestApp;
  close(): Promise<void>;
}

/** Server options: `clock` pins the app's time (the demo is seeded at that time too); the wall clock by default. */
export interface ServerOptions {
  clock?: Clock;
}

/** Builds the app on a fresh database, loads the demo city and listens on 127.0.0.1. */
export async function startServer(opts: ServerOptions = {}): Promise<E2eServer> {
  const t = await buildTestApp(opts.clock ? { clock: opts.clock } : {});
  try {
    await seedDemo(t.c);
    await t.app.refreshSiteName();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await t.close();
    throw err;
  }
  const { port } = t.app.server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, t, close: () => t.close() };
}

/** The server and the browser of one test file, started side by side; neither is left over if one fails. */
export async function startAll(opts: ServerOptions = {}): Promise<{ server: E2eServer; browser: Browser }> {
  const [server, browser] = await Promise.allSettled([startServer(opts), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return { server: server.value, browser: browser.value };
  if (server.status === 'fulfilled') await server.value.close();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

/** Starts the server and the browser before the file's tests, hands them to `ready`, and closes both after. */
export function useServerAndBrowser(ready: (all: { server: E2eServer; browser: Browser }) => void, opts: ServerOptions = {}): void {
  let all: { server: E2eServer; browser: Browser } | undefined;
  before(async () => {
    all = await startAll(opts);
    ready(all);
  });
  after(async () => {
    await all?.browser.close();
    await all?.server.close();
  });
}

/** Starts Debian's Chromium headless with the flags this machine needs (no network but loopback). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** axe-core's source, the very copy @axe-core/playwright uses (it is that package's dependency). */
const axeSource = (createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'))('axe-core') as { source: string }).source;
const PRELOADED = '/* axe-core is already in the page (newContext) */ void 0;';

/**
 * A new browser context that fails fast (10 s instead of Playwright's 30 s). Where JavaScript is
 * on, axe-core is preloaded into every document by an init script (not subject to the pages' CSP),
 * so each check need not send and parse its 0.5 MB source again: about 0.3 s a check instead of 1 s.
 */
export async function newContext(browser: Browser, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext(opts);
  ctx.setDefaultTimeout(10_000);
  if (opts.javaScriptEnabled !== false) await ctx.addInitScript({ content: axeSource });
  return ctx;
}

/** In the enclosing describe: a new context (see newContext) and page before its tests, handed to `use`; the context is closed after. */
export function usePage(browser: () => Browser, opts: BrowserContextOptions, use: (page: Page) => void): void {
  let ctx: BrowserContext | undefined;
  before(async () => {
    ctx = await newContext(browser(), opts);
    use(await ctx.newPage());
  });
  after(() => ctx?.close());
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page and fails with a readable list of violations. */
export async function assertNoAxeViolations(page: Page, label: string): Promise<void> {
  // With JavaScript off in the page's context, evaluate() still runs but timers never fire, so
  // axe.run() would wait for ever: fail at once and say why.
  let timer: NodeJS.Timeout | undefined;
  const timersRun = await Promise.race([
    page.evaluate<boolean>('new Promise((resolve) => setTimeout(() => resolve(true), 0))'),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2_000))),
  ]).finally(() => clearTimeout(timer));
  assert.ok(timersRun, `axe cannot run on ${label}: JavaScript is off in this page's context. Check the same URL in a context with JavaScript (newContext without javaScriptEnabled: false).`);
  // Legacy mode runs axe.run() in the page itself; the default mode opens an extra blank page per
  // check to finish the run (for cross-origin frames, which these pages never have), ~1-2 s each.
  const preloaded = (await page.evaluate<string>('typeof window.axe')) === 'object';
  const result = await new AxeBuilder({ page, ...(preloaded ? { axeSource: PRELOADED } : {}) })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Full node lists for violations only (passes keep one node each): less to send back.
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  assert.ok(result.passes.length > 0, `axe ran no checks on ${label}`);
  const lines = result.violations.flatMap((v) => [
    `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 8).map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`),
    ...(v.nodes.length > 8 ? [`      … and ${v.nodes.length - 8} more`] : []),
  ]);
  assert.equal(result.violations.length, 0, `axe found ${result.violations.length} violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`);
}

/** axe at desktop width, then at phone width on the same document; no sideways scrolling on the phone. */
export async function checkBothWidths(page: Page, label: string, shots: { desktop?: string; phone?: string } = {}): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await assertNoAxeViolations(page, `${label} at ${DESKTOP.width}x${DESKTOP.height}`);
  if (shots.desktop) await screenshot(page, shots.desktop);
  await page.setViewportSize(PHONE);
  await assertNoAxeViolations(page, `${label} at ${PHONE.width}x${PHONE.height}`);
  // Reflow (WCAG 1.4.10): nothing makes the page scroll sideways at phone width.
  const fits = await page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
  // On failure, name the elements that stick out, which is what one needs to fix it.
  const culprits = fits
    ? ''
    : await page.evaluate<string>(
        `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll')).slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')`,
      );
  assert.equal(fits, true, `${label} scrolls sideways at phone width: ${culprits}`);
  if (shots.phone) await screenshot(page, shots.phone);
}

/** The TOTP code for now + `offset` steps (each step is accepted once per user: no replay). */
export function totpCode(secret: string, offset = 0): string {
  return totpAt(secret, totpStep(new Date()) + offset);
}

/**
 * Signs a demo user in through the forms (works with or without JavaScript): user name and
 * password, then the two-step code. Returns on the page the sign-in led to.
 */
export async function signInStaff(page: Page, base: string, user: DemoUser, next = '/staff'): Promise<void> {
  await page.goto(`${base}/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await Promise.all([page.waitForURL(/\/staff\/2fa/), page.getByRole('button', { name: '登录' }).click()]);
  await page.getByLabel('6 位动态验证码').fill(totpCode(user.totp));
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/staff/2fa')), page.getByRole('button', { name: '验证' }).click()]);
}

const shotsDir = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** Saves a README screenshot, only when SCREENSHOTS=1 (normal runs leave the files alone). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, name), animations: 'disabled' });
}
