/**
 * Browser tier, the catalogue as a new user meets it, without JavaScript: an editor records an item
 * with an attachment, a reviewer returns it once and then approves it, and it appears in the
 * agency's 目录 with a fresh 索引号; axe on every catalogue workspace page (desktop and phone).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/platform/actor.js';
import { runInventoryScan } from '../../src/modules/catalogue/index.js';
import { checkBothWidths, DESKTOP, usePage, useServerAndBrowser, type E2eServer } from './server.js';

let browser: Browser;
let base = '';
let server: E2eServer;

useServerAndBrowser((all) => {
  browser = all.browser;
  base = all.server.base;
  server = all.server;
});

const EDITOR = { username: 'editor.jyj', password: 'Shifan#JyjEdit-2026' };
const REVIEWER = { username: 'reviewer.jyj', password: 'Shifan#JyjReview-2026' };
const PDF = path.resolve(import.meta.dirname, '..', 'fixtures', 'files', 'notice-zh.pdf');
const TITLE = '示范市教育局关于做好2026年寒假学生安全工作的通知';

async function signIn(page: Page, user: { username: string; password: string }) {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/staff/login')), page.getByRole('button', { name: '登录' }).click()]);
}

async function click(page: Page, name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

describe('catalogue without JavaScript: record, return, approve, publish', () => {
  let editor: Page;
  let reviewer: Page;
  let itemPath = '';
  usePage(() => browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' }, (p) => (editor = p));
  usePage(() => browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' }, (p) => (reviewer = p));

  it('an editor records an item with an attachment and submits it', async () => {
    await signIn(editor, EDITOR);
    await editor.goto(`${base}/staff/items`);
    await Promise.all([editor.waitForNavigation(), editor.getByRole('link', { name: '录入新信息' }).click()]);
    // A first try without a title: the form comes back with the message next to the field.
    await click(editor, '保存');
    await editor.locator('.error-summary').waitFor();
    await editor.getByLabel('发布机构（牵头）').selectOption({ label: '示范市教育局' });
    await editor.getByLabel('标题').fill(TITLE);
    await editor.getByLabel('文号').fill('示教发〔2026〕1号');
    await editor.getByLabel('成文日期（生成日期）').fill('2026-01-05');
    await editor.getByLabel('内容概述').fill('部署寒假期间学生安全工作。');
    await editor.getByLabel('主题分类').selectOption({ label: '科技、教育 › 教育' });
    await editor.getByLabel('体裁（文种）').selectOption({ label: '通知' });
    await editor.getByLabel('正文', { exact: true }).fill('各区教育局、各学校：\n为做好寒假期间学生安全工作，现通知如下。');
    await click(editor, '保存');
    assert.match(new URL(editor.url()).pathname, /^\/staff\/items\/\d+$/);
    itemPath = new URL(editor.url()).pathname;
    await editor.getByLabel(/上传附件/).setInputFiles(PDF);
    await click(editor, '上传');
    assert.ok(await editor.getByRole('link', { name: 'notice-zh.pdf' }).isVisible());
    await click(editor, '提交保密审查');
    assert.ok((await editor.locator('.notice').first().textContent())?.includes('已提交保密审查'));
  });

  it('a reviewer returns it once with a reason, then approves it after the change', async () => {
    await signIn(reviewer, REVIEWER);
    await reviewer.goto(`${base}${itemPath}`);
    await reviewer.getByLabel('退回理由').fill('请在概述中注明适用范围。');
    await click(reviewer, '退回修改');
    await editor.goto(`${base}${itemPath}`);
    assert.ok((await editor.textContent('main'))?.includes('请在概述中注明适用范围。'));
    await Promise.all([editor.waitForNavigation(), editor.getByRole('link', { name: '修改', exact: true }).click()]);
    await editor.getByLabel('内容概述').fill('部署寒假期间全市中小学学生安全工作。');
    await click(editor, '保存');
    await click(editor, '提交保密审查');
    await reviewer.goto(`${base}${itemPath}`);
    await click(reviewer, '审查通过并发布');
    const index = (await reviewer.locator('dl.meta div', { hasText: '索引号' }).locator('dd').textContent())?.trim() ?? '';
    assert.match(index, /^\w{9}\/2026-\d{5}$/);

    // Public: in the agency's 目录 with its 索引号, and on its own page.
    const pub = await browser.newPage({ javaScriptEnabled: false });
    try {
      await pub.goto(`${base}/agencies/sz-jyj/catalogue`);
      await Promise.all([pub.waitForNavigation(), pub.getByRole('link', { name: TITLE }).first().click()]);
      const main = (await pub.textContent('main')) ?? '';
      assert.ok(main.includes(index), 'the item page shows its 索引号');
      assert.ok(main.includes('部署寒假期间全市中小学学生安全工作'));
      assert.ok(await pub.getByRole('link', { name: /notice-zh\.pdf/ }).isVisible());
    } finally {
      await pub.close();
    }
  });
});

describe('catalogue workspace pages pass axe (desktop and phone)', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('list, new-item form (also with errors), an item under review with 保密审查 findings, import', async () => {
    const c = server.t.c;
    const jyj = await c.db.selectFrom('organisations').select('id').where('slug', '=', 'sz-jyj').executeTakeFirstOrThrow();
    const sys = systemActor('e2e');
    const { id } = await c.catalogue.create(sys, jyj.id, { title: '含个人信息的公示', generatedOn: '2026-01-05', bodyText: '联系人：赵老师，电话 13812345678，身份证 110101198005120014。' });
    await c.catalogue.submit(sys, id);
    await signIn(page, REVIEWER);
    await page.goto(`${base}/staff/items/${id}`);
    assert.ok((await page.textContent('main'))?.includes('保密审查发现'));
    await checkBothWidths(page, 'an item under review with findings');
    await page.goto(`${base}/staff/items`);
    await checkBothWidths(page, 'staff item list');
    await page.goto(`${base}/staff/items?state=published&q=${encodeURIComponent('条例')}`);
    await checkBothWidths(page, 'staff item list, filtered');
    await Promise.all([page.waitForNavigation(), page.locator('table.data a').first().click()]);
    await checkBothWidths(page, 'a published item with its versions');
    await page.goto(`${base}/staff/items/import`);
    await checkBothWidths(page, 'import page');
    // The 清理 report pages, after a scan of the demo catalogue.
    const scan = await runInventoryScan({ db: c.db, audit: c.audit, clock: c.clock }, 'e2e');
    await page.goto(`${base}/staff/screening`);
    await checkBothWidths(page, 'inventory scan list');
    await page.goto(`${base}/staff/screening/${scan.reportId}`);
    await checkBothWidths(page, 'inventory scan report');
    await page.context().clearCookies();
    await signIn(page, EDITOR);
    await page.goto(`${base}/staff/items/new`);
    await checkBothWidths(page, 'new item form');
    await click(page, '保存');
    await page.locator('.error-summary').waitFor();
    await checkBothWidths(page, 'new item form with errors');
  });
});
