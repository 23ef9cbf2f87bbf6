/**
 * Shared set-up of the browser tier: the real app on a fresh test database with the demo city,
 * listening on a loopback port, and one headless Chromium (Debian's, through playwright-core).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed.js';
import { totpAt, totpStep } from '../../src/platform/security/totp.js';
import { buildTestApp, type TestApp } from '../app.js';

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Demo accounts used by the browser tests (see src/demo/seed.ts). */
export const DEMO = {
  coordinator: { username: 'coordinator', password: 'Shifan#Coord-2026', totp: 'JBSWY3DPEHPK3PXPGONGKAI2' },
  operator: { username: 'operator', password: 'Shifan#Ops-2026', totp: 'KRSXG5CTMVRXEZLUGONGKAI3' },
  adminJyj: { username: 'admin.jyj', password: 'Shifan#JyjAdmin-2026', totp: 'MFRGGZDFMZTWQ2LKGONGKAI4' },
  adminMzj: { username: 'admin.mzj', password: 'Shifan#MzjAdmin-2026', totp: 'ONSWG4TFOQYTEMZUGONGKAI5' },
} as const;
export type DemoUser = (typeof DEMO)[keyof typeof DEMO];

/** The running app: its base URL and the test app behind it. */
export interface E2eServer {
  base: string;
  t: TestApp;
  close(): Promise<void>;
}

/** Builds the app on a fresh database, loads the demo city and listens on 127.0.0.1. */
export async function startServer(): Promise<E2eServer> {
  const t = await buildTestApp();
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

/** Starts Debian's Chromium headless with the flags this machine needs (no network but loopback). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new browser context that fails fast (10 s) instead of Playwright's default 30 s. */
export async function newContext(browser: Browser, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext(opts);
  ctx.setDefaultTimeout(10_000);
  return ctx;
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page and fails with a readable list of violations. */
export async function assertNoAxeViolations(page: Page, label: string): Promise<void> {
  // Legacy mode runs axe.run() in the page itself; the default mode opens an extra blank page per
  // check to finish the run (for cross-origin frames, which these pages never have), ~1-2 s each.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
  const lines = result.violations.flatMap((v) => [
    `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 8).map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`),
    ...(v.nodes.length > 8 ? [`      … and ${v.nodes.length - 8} more`] : []),
  ]);
  assert.equal(result.violations.length, 0, `axe found ${result.violations.length} violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`);
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
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, name), fullPage: opts.fullPage ?? false, animations: 'disabled' });
}
