/**
 * Browser tier, staff workspace: axe on every workspace page after a coordinator signs in with
 * two-factor (desktop and phone widths); an agency admin's whole round without JavaScript —
 * sign-in with 2FA, a new staff account with its one-time password, a role, and the new person's
 * first sign-in with two-factor enrolment; README screenshots (SCREENSHOTS=1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpAt, totpStep } from '../../src/platform/security/totp.js';
import { assertNoAxeViolations, checkBothWidths, DEMO, DESKTOP, newContext, signInStaff, totpCode, usePage, useServerAndBrowser } from './server.js';

let browser: Browser;
let base = '';

useServerAndBrowser((all) => {
  browser = all.browser;
  base = all.server.base;
});

/** Clicks something that submits a form or follows a link, and waits for the next document. */
async function submit(page: Page, name: string, role: 'button' | 'link' = 'button'): Promise<number> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && (r.status() < 300 || r.status() >= 400)), page.getByRole(role, { name, exact: true }).click()]);
  await page.waitForLoadState('domcontentloaded');
  return res.status();
}

const path = (page: Page) => new URL(page.url()).pathname;
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

describe('staff workspace, coordinator', () => {
  let page: Page;
  /** Workspace pages to check, filled in once signed in (ids come from following links). */
  const pages: string[] = ['/staff', '/staff/agencies', '/staff/users', '/staff/audit', '/staff/account', '/staff/users/new', '/staff/calendar?year=2024', '/staff/calendar?year=2027', '/staff/taxonomies?scheme=topic', '/staff/taxonomies?scheme=genre', '/staff/api-tokens', '/staff/sensitive-words', '/staff/screening'];

  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('signs in with password and two-factor code; the 2FA page has no violations', async () => {
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('用户名').fill(DEMO.coordinator.username);
    await page.getByLabel('密码').fill(DEMO.coordinator.password);
    await Promise.all([page.waitForURL(/\/staff\/2fa/), page.getByRole('button', { name: '登录' }).click()]);
    await assertNoAxeViolations(page, 'the two-factor page');
    await page.getByLabel('6 位动态验证码').fill(totpCode(DEMO.coordinator.totp));
    await Promise.all([page.waitForURL(`${base}/staff`), page.getByRole('button', { name: '验证' }).click()]);
    assert.match(await text(page, 'h1'), /周协调/);
  });

  it('finds an agency and a staff account by following links', async () => {
    await page.goto(`${base}/staff/agencies`);
    await Promise.all([page.waitForURL(/\/staff\/agencies\/\d+$/), page.getByRole('link', { name: '示范市教育局', exact: true }).click()]);
    pages.push(path(page));
    await Promise.all([page.waitForURL(/\/staff\/agencies\/\d+\/guide$/), page.getByRole('link', { name: '政府信息公开指南', exact: true }).click()]);
    pages.push(path(page), `${path(page)}/versions/1`);
    await page.goto(`${base}/staff/agencies`);
    await Promise.all([page.waitForURL(/\/staff\/agencies\/\d+$/), page.getByRole('link', { name: '示范市人民政府', exact: true }).click()]);
    const rootId = path(page).split('/').pop()!;
    pages.push(path(page), `/staff/agencies/new?parentId=${rootId}`, `/staff/audit?orgId=${rootId}`, `/staff/agencies/${rootId}/index-numbers`);
    await page.goto(`${base}/staff/users?q=admin.jyj`);
    await Promise.all([page.waitForURL(/\/staff\/users\/\d+$/), page.getByRole('link', { name: '李管理', exact: true }).click()]);
    pages.push(path(page));
  });

  it('every workspace page has no violations at desktop and phone widths', async () => {
    for (const p of pages) {
      const res = await page.goto(`${base}${p}`);
      assert.equal(res?.status(), 200, `${p} answered ${res?.status()}`);
      assert.ok(path(page).startsWith('/staff'), `${p} ended on ${page.url()}`);
      await checkBothWidths(page, p, p === '/staff' ? { desktop: 'staff-dashboard.png' } : p === '/staff/audit' ? { desktop: 'staff-audit.png' } : p === '/staff/calendar?year=2024' ? { desktop: 'staff-calendar.png' } : {});
    }
  });

  it('a workspace form with errors has no violations', async () => {
    const newAgency = pages.find((p) => p.startsWith('/staff/agencies/new'))!;
    await page.goto(`${base}${newAgency}`);
    assert.equal(await submit(page, '保存'), 400);
    await page.locator('.error-summary').waitFor();
    await checkBothWidths(page, 'new agency form with errors');
  });
});

describe('without JavaScript, an agency admin', () => {
  let page: Page;
  let oneTimePassword = '';
  usePage(() => browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('signs in with two-factor by form posts', async () => {
    await page.goto(`${base}/staff/users`);
    // Not signed in: sent to the sign-in page, which brings them back afterwards.
    assert.equal(path(page), '/staff/login');
    await signInStaff(page, base, DEMO.adminJyj, '/staff/users');
    assert.equal(path(page), '/staff/users');
    await page.goto(`${base}/staff`);
    assert.match(await text(page, 'h1'), /李管理/);
    const roles = await text(page, 'table.data tbody');
    assert.match(roles, /示范市教育局/);
    assert.match(roles, /机构管理员/);
  });

  it('sees only the staff of its own agency', async () => {
    await page.goto(`${base}/staff/users`);
    const list = await text(page, 'main');
    assert.match(list, /张编辑/);
    assert.doesNotMatch(list, /孙管理/);
    assert.doesNotMatch(list, /周协调/);
  });

  it('gets Chinese errors next to the fields, with a summary, for an empty new-account form', async () => {
    await page.goto(`${base}/staff/users`);
    await submit(page, '新建工作人员账户', 'link');
    assert.equal(path(page), '/staff/users/new');
    assert.equal(await submit(page, '创建账户'), 400);
    const summary = page.locator('.error-summary[role="alert"]');
    assert.equal(await text(page, '.error-summary h2'), '未能创建账户');
    for (const field of ['orgId', 'displayName', 'username']) {
      const err = await text(page, `#f-${field}-err`);
      assert.match(err, /[\u4e00-\u9fff]/, `${field}: error in Chinese, got "${err}"`);
      assert.equal(await page.locator(`#f-${field}`).getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('.field.has-error', { has: page.locator(`#f-${field}`) }).locator(`#f-${field}-err`).count(), 1);
      assert.equal(await summary.locator(`a[href="#f-${field}"]`).count(), 1);
    }
  });

  it('creates a staff account and sees its one-time password', async () => {
    const jyj = await page.locator('#f-orgId option', { hasText: '示范市教育局' }).first().getAttribute('value');
    assert.ok(jyj);
    await page.locator('#f-orgId').selectOption(jyj);
    await page.locator('#f-displayName').fill('吴新人');
    await page.locator('#f-username').fill('wu.xinren');
    assert.equal(await submit(page, '创建账户'), 200);
    assert.equal(await text(page, 'h1'), '账户已创建');
    assert.match(await text(page, 'main'), /吴新人（wu\.xinren）/);
    oneTimePassword = await text(page, 'code.secret');
    assert.ok(oneTimePassword.length >= 12, `one-time password "${oneTimePassword}"`);
    assert.match(await text(page, '.notice.warn'), /只显示这一次/);
  });

  it('grants the new account a role', async () => {
    await submit(page, '为其授予角色', 'link');
    assert.match(path(page), /^\/staff\/users\/\d+$/);
    const jyj = await page.locator('#f-orgId option', { hasText: '示范市教育局' }).first().getAttribute('value');
    assert.ok(jyj);
    await page.locator('#f-orgId').selectOption(jyj);
    await page.locator('#f-role').selectOption({ label: '机构管理员' });
    assert.equal(await submit(page, '授予'), 200);
    assert.equal(await text(page, '.notice'), '角色已授予。');
    assert.match(await text(page, 'table.data tbody'), /机构管理员/);
  });

  it('signs out', async () => {
    await submit(page, '退出（李管理）');
    assert.equal(path(page), '/staff/login');
    assert.equal(await text(page, '.notice'), '您已安全退出。');
    await page.goto(`${base}/staff/users`);
    assert.equal(path(page), '/staff/login');
  });

  it('the new person signs in with the one-time password and sets up two-factor', async () => {
    const own = await newContext(browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' });
    try {
      const p = await own.newPage();
      await p.goto(`${base}/staff/login`);
      await p.getByLabel('用户名').fill('wu.xinren');
      await p.getByLabel('密码').fill(oneTimePassword);
      await submit(p, '登录');
      // An agency admin must use two-factor: the enrolment page, with the key to type.
      assert.equal(path(p), '/staff/2fa/setup');
      const secret = (await text(p, 'code.secret')).replace(/\s/g, '');
      assert.match(secret, /^[A-Z2-7]{16,}$/);
      assert.equal(await p.getByRole('img', { name: '两步验证二维码' }).count(), 1);
      // axe needs scripts: the same session, in a context with JavaScript, checks this page too.
      const withJs = await newContext(browser, { viewport: DESKTOP, locale: 'zh-CN' });
      try {
        await withJs.addCookies(await own.cookies());
        const q = await withJs.newPage();
        await q.goto(`${base}/staff/2fa/setup`);
        assert.equal(path(q), '/staff/2fa/setup');
        assert.equal((await text(q, 'code.secret')).replace(/\s/g, ''), secret);
        await checkBothWidths(q, 'two-factor set-up page');
      } finally {
        await withJs.close();
      }
      await p.getByLabel('6 位动态验证码').fill('000000');
      assert.equal(await submit(p, '验证'), 400);
      assert.match(await text(p, '#f-code-err'), /[\u4e00-\u9fff]/);
      await p.getByLabel('6 位动态验证码').fill(totpAt(secret, totpStep(new Date())));
      await submit(p, '验证');
      assert.equal(path(p), '/staff');
      assert.equal(await text(p, '.notice'), '两步验证已启用。');
      assert.match(await text(p, 'h1'), /吴新人/);
    } finally {
      await own.close();
    }
  });
});
