/**
 * Browser tier, public portal: axe (WCAG 2.1 A/AA) on every public page at desktop and phone
 * widths, in English and in large-text mode; the switches and forms without JavaScript; the skip
 * link from the keyboard; README screenshots (SCREENSHOTS=1).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { publicItems } from '../../src/modules/catalogue/public.repository.js';
import { insertItem } from '../catalogue-fixtures.js';
import { assertNoAxeViolations, checkBothWidths, DESKTOP, newContext, usePage, useServerAndBrowser, type E2eServer } from './server.js';

let browser: Browser;
let base = '';

let server: E2eServer;

useServerAndBrowser((all) => {
  browser = all.browser;
  base = all.server.base;
  server = all.server;
});

/** The public pages every visitor can reach, with the status each answers with. */
const PUBLIC_PAGES: { path: string; status: number }[] = [
  { path: '/', status: 200 },
  { path: '/agencies', status: 200 },
  { path: '/agencies/sz-jyj', status: 200 },
  // The agency's 政府信息公开指南 (version 1 from the demo seed).
  { path: '/agencies/sz-jyj/guide', status: 200 },
  { path: '/agencies/sz-water', status: 200 },
  // A district: its page lists subordinate agencies.
  { path: '/agencies/donghu', status: 200 },
  // Search: empty, with results and facets, filtered, and with no result.
  { path: '/search', status: 200 },
  { path: `/search?q=${encodeURIComponent('政府信息公开条例')}`, status: 200 },
  { path: `/search?q=${encodeURIComponent('教育')}&agency=sz-jyj`, status: 200 },
  { path: '/search?q=xyzzyqwv', status: 200 },
  { path: '/staff/login', status: 200 },
  { path: '/account/login', status: 200 },
  { path: '/account/register', status: 200 },
  { path: '/no-such-page', status: 404 },
];

/** A page whose response must have the given status. */
async function open(page: Page, path: string, status = 200): Promise<void> {
  const res = await page.goto(`${base}${path}`);
  assert.equal(res?.status(), status, `${path} answered ${res?.status()}`);
}

const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');
const htmlClass = async (page: Page) => (await page.locator('html').getAttribute('class')) ?? '';

/** Screenshots for the README, by page (SCREENSHOTS=1 only). */
const SHOTS: Record<string, { desktop?: string; phone?: string }> = {
  '/': { desktop: 'home-desktop.png' },
  '/agencies': { phone: 'agencies-phone.png' },
  '/agencies/sz-jyj': { desktop: 'agency-desktop.png' },
};

describe('axe (WCAG 2.1 AA), Chinese interface, desktop and phone widths', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  for (const p of PUBLIC_PAGES) {
    it(`${p.path} has no violations`, async () => {
      await open(page, p.path, p.status);
      assert.equal(await htmlLang(page), 'zh-CN');
      await checkBothWidths(page, p.path, SHOTS[p.path]);
    });
  }

  it('a form showing errors has no violations', async () => {
    await open(page, '/account/register');
    await Promise.all([page.waitForURL(/\/account\/register/), page.getByRole('button', { name: '注册' }).click()]);
    await page.locator('.error-summary').waitFor();
    await checkBothWidths(page, 'register form with errors');
  });
});

describe('axe, English interface', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'en-GB' }, (p) => (page = p));

  it('/prefs?lang=en switches to English and comes back to the page', async () => {
    await open(page, '/prefs?lang=en&next=/');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await htmlLang(page), 'en');
    await checkBothWidths(page, '/ in English');
  });

  for (const path of ['/agencies', '/agencies/sz-jyj', '/agencies/sz-jyj/guide', '/account/register', '/no-such-page']) {
    it(`${path} in English has no violations`, async () => {
      await open(page, path, path === '/no-such-page' ? 404 : 200);
      assert.equal(await htmlLang(page), 'en');
      await checkBothWidths(page, `${path} in English`);
    });
  }
});

describe('axe, large-text mode (适老化)', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('/prefs?display=large switches to large text and comes back to the page', async () => {
    await open(page, '/prefs?display=large&next=/agencies');
    assert.equal(new URL(page.url()).pathname, '/agencies');
    assert.match(await htmlClass(page), /\blarge-text\b/);
    assert.equal(await page.evaluate<string>('getComputedStyle(document.documentElement).fontSize'), '21px');
    await checkBothWidths(page, '/agencies in large text');
  });

  for (const path of ['/', '/agencies/sz-water', '/account/login']) {
    it(`${path} in large text has no violations`, async () => {
      await open(page, path);
      assert.match(await htmlClass(page), /\blarge-text\b/);
      await checkBothWidths(page, `${path} in large text`, path === '/' ? { desktop: 'home-large-text.png' } : {});
    });
  }
});

describe('without JavaScript', () => {
  let page: Page;
  usePage(() => browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('the language switch is a plain link that comes back to the same page', async () => {
    await open(page, '/agencies/sz-jyj');
    assert.equal(await htmlLang(page), 'zh-CN');
    await Promise.all([page.waitForURL(`${base}/agencies/sz-jyj`), page.getByRole('link', { name: 'English', exact: true }).click()]);
    assert.equal(await htmlLang(page), 'en');
    await page.getByRole('heading', { level: 1, name: 'Shifan City Education Bureau' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Agencies' }).count(), 1);
    await Promise.all([page.waitForURL(`${base}/agencies/sz-jyj`), page.getByRole('link', { name: '中文', exact: true }).click()]);
    assert.equal(await htmlLang(page), 'zh-CN');
    await page.getByRole('heading', { level: 1, name: '示范市教育局' }).waitFor();
  });

  it('the large-text switch is a plain link, and switches back', async () => {
    await open(page, '/agencies');
    assert.doesNotMatch(await htmlClass(page), /large-text/);
    await Promise.all([page.waitForURL(`${base}/agencies`), page.getByRole('link', { name: '大字版', exact: true }).click()]);
    assert.match(await htmlClass(page), /\blarge-text\b/);
    // The switch now offers the way back, and the setting sticks on other pages.
    await open(page, '/');
    assert.match(await htmlClass(page), /\blarge-text\b/);
    await Promise.all([page.waitForURL(`${base}/`), page.getByRole('link', { name: '标准版', exact: true }).click()]);
    assert.doesNotMatch(await htmlClass(page), /large-text/);
  });

  it('search works by a GET form, and a facet narrows the results', async () => {
    await open(page, '/');
    await Promise.all([page.waitForURL(`${base}/search`), page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '搜索' }).click()]);
    await page.getByLabel('关键词、标题、文号或索引号').fill('政府信息公開條例');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('button', { name: '搜索', exact: true }).click()]);
    const first = page.locator('ol.results > li').first();
    assert.equal((await first.locator('h3').textContent())?.trim(), '中华人民共和国政府信息公开条例');
    // The first agency facet: its results all come from that agency (or one below it).
    const facet = page.getByRole('region', { name: '机关' }).getByRole('link').first();
    const agency = ((await facet.textContent()) ?? '').replace(/（\d+）$/, '').trim();
    await Promise.all([page.waitForURL(/agency=/), facet.click()]);
    const metas = await page.locator('ol.results .meta').allTextContents();
    assert.ok(metas.length > 0 && metas.some((m) => m.includes(agency)), `results of ${agency}`);
  });

  it('the agency directory links through to agency pages', async () => {
    await open(page, '/');
    await Promise.all([page.waitForURL(`${base}/agencies`), page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '机构目录' }).click()]);
    await Promise.all([page.waitForURL(`${base}/agencies/sz-water`), page.getByRole('link', { name: '示范市自来水有限公司' }).click()]);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.match((await page.locator('table.kv').textContent()) ?? '', /政府信息公开工作机构/);
  });

  it('public registration with empty fields shows Chinese errors next to the fields and a summary', async () => {
    await open(page, '/account/register');
    const res = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '注册' }).click()]).then(([r]) => r);
    assert.equal(res.status(), 400);
    const summary = page.locator('.error-summary[role="alert"]');
    assert.equal(await summary.getByRole('heading').textContent(), '未能注册');
    for (const field of ['username', 'displayName', 'email']) {
      const input = page.locator(`#f-${field}`);
      const err = page.locator(`#f-${field}-err`);
      const text = (await err.textContent()) ?? '';
      assert.match(text, /[\u4e00-\u9fff]/, `${field}: error in Chinese, got "${text}"`);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match((await input.getAttribute('aria-describedby')) ?? '', new RegExp(`\\bf-${field}-err\\b`));
      // Next to the field: in the same .field block as its input.
      assert.equal(await page.locator('.field.has-error', { has: input }).locator(`#f-${field}-err`).count(), 1);
      // The summary links to the field.
      assert.equal(await summary.locator(`a[href="#f-${field}"]`).count(), 1);
    }
    // What was typed is kept (but never the password).
    await page.locator('#f-username').fill('Bad Name!');
    await page.locator('#f-displayName').fill('测试用户');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '注册' }).click()]);
    assert.equal(await page.locator('#f-displayName').inputValue(), '测试用户');
    assert.match((await page.locator('#f-username-err').textContent()) ?? '', /[\u4e00-\u9fff]/);
  });

  it('public registration and sign-in work by form posts', async () => {
    await open(page, '/account/register');
    await page.locator('#f-username').fill('citizen.e2e');
    await page.locator('#f-displayName').fill('市民甲');
    await page.locator('#f-email').fill('citizen@example.org');
    await page.locator('#f-password').fill('Citizen#Pass-2026');
    await page.locator('#f-confirm').fill('Citizen#Pass-2026');
    await Promise.all([page.waitForURL(/\/account\/login/), page.getByRole('button', { name: '注册' }).click()]);
    assert.match((await page.locator('.notice').textContent()) ?? '', /注册成功/);
    await page.locator('#f-username').fill('citizen.e2e');
    await page.locator('#f-password').fill('Citizen#Pass-2026');
    await Promise.all([page.waitForURL(`${base}/account`), page.getByRole('button', { name: '登录' }).click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /市民甲/);
    await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '退出' }).click()]);
  });

  it('staff sign-in with a wrong password shows one generic Chinese message', async () => {
    await open(page, '/staff/login');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '登录' }).click()]);
    assert.equal(await page.locator('.error-summary h2').textContent(), '登录失败');
    assert.match((await page.locator('#f-username-err').textContent()) ?? '', /[\u4e00-\u9fff]/);
    await page.locator('#f-username').fill('coordinator');
    await page.locator('#f-password').fill('wrong-password-1');
    const res = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '登录' }).click()]).then(([r]) => r);
    assert.ok(res.status() >= 400);
    const msg = (await page.locator('.error-summary').textContent()) ?? '';
    assert.match(msg, /[\u4e00-\u9fff]/);
    assert.equal(await page.locator('#f-username').inputValue(), 'coordinator');
    assert.equal(await page.locator('#f-password').inputValue(), '');
  });
});

describe('keyboard', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP }, (p) => (page = p));

  it('the first Tab focuses the skip link, and following it moves focus to main', async () => {
    await open(page, '/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string>('document.activeElement.className'), 'skip-link');
    assert.equal(await page.evaluate<string>('document.activeElement.getAttribute("href")'), '#main');
    // The skip link is on screen when focused.
    const box = await page.locator('.skip-link').boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 0, `skip link box ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/#main`);
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'main');
    assert.equal(await page.evaluate<string>('document.activeElement.tagName'), 'MAIN');
    // The next Tab goes on from main, into its content rather than back to the header.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<boolean>('document.getElementById("main").contains(document.activeElement)'), true);
  });

  it('focus is visible on links', async () => {
    await open(page, '/agencies');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string>('document.activeElement.tagName'), 'A');
    assert.notEqual(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle'), 'none');
  });
});

describe('政府信息公开目录: listing, agency listing and item page', () => {
  let page: Page;
  /** A public item of the demo city (or, if the demo has none, one inserted here), with an expired one and an attachment if any. */
  let item = '';
  before(async () => {
    const db = server.t.c.db;
    const demo = await publicItems(db).select('i.id').orderBy('i.id').limit(1).executeTakeFirst();
    if (demo) {
      item = demo.id;
      return;
    }
    const org = await db.selectFrom('organisations').select('id').where('slug', '=', 'sz-jyj').executeTakeFirstOrThrow();
    const added = await insertItem(db, { orgId: org.id, title: '示范市教育局关于做好2024年义务教育招生入学工作的通知', body: '各区教育局：现将有关事项通知如下。', summary: '义务教育招生入学工作安排。', topicCode: '0201', genreCode: 'G08', docNumber: '示教发〔2024〕1号', keywords: ['招生', '义务教育'] });
    await insertItem(db, { orgId: org.id, title: '示范市教育局关于废止部分规范性文件的决定', validity: 'repealed', validityChangedOn: '2024-06-30', repealedOn: '2024-06-30', interpretsId: added.id });
    item = added.id;
  });
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  for (const path of ['/catalogue', '/catalogue?validity=repealed&sort=title', '/agencies/sz-jyj/catalogue']) {
    it(`${path} has no violations`, async () => {
      await open(page, path);
      await checkBothWidths(page, path);
    });
  }

  it('an item page has no violations, and its JSON-LD is intact under the CSP', async () => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await open(page, `/catalogue/${item}`);
    await checkBothWidths(page, `/catalogue/${item}`);
    const ld = await page.evaluate<string>('JSON.parse(document.querySelector(\'script[type="application/ld+json"]\').textContent)["@type"]');
    assert.equal(ld, 'DigitalDocument');
    assert.deepEqual(violations, []);
    assert.ok((await page.locator('table.item-meta th').allTextContents()).includes('索引号'));
  });

  it('the listing and an item page in English have no violations', async () => {
    await open(page, '/prefs?lang=en&next=/catalogue');
    assert.equal(await htmlLang(page), 'en');
    await checkBothWidths(page, '/catalogue in English');
    await open(page, `/catalogue/${item}`);
    await checkBothWidths(page, 'item page in English');
    await open(page, '/prefs?lang=zh-CN&next=/');
  });

  it('the filter form works without JavaScript (a GET form)', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' });
    try {
      const p = await ctx.newPage();
      await p.goto(`${base}/catalogue`);
      await p.locator('#f-sort').selectOption('title');
      await Promise.all([p.waitForURL(/\/catalogue\?.*sort=title/), p.getByRole('button', { name: '查询' }).click()]);
      assert.equal(await p.locator('#f-sort').inputValue(), 'title');
      assert.ok((await p.locator('.item-list > li').count()) > 0);
    } finally {
      await ctx.close();
    }
  });
});

describe('the axe helper', () => {
  it('refuses at once, saying why, on a page whose context has JavaScript off (axe would wait for ever)', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false, viewport: DESKTOP });
    try {
      const p = await ctx.newPage();
      await p.goto(`${base}/`);
      const t0 = Date.now();
      await assert.rejects(assertNoAxeViolations(p, 'home without JavaScript'), /JavaScript is off/);
      assert.ok(Date.now() - t0 < 8_000, `refused after ${Date.now() - t0} ms`);
    } finally {
      await ctx.close();
    }
  });
});
