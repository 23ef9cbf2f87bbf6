/**
 * Browser tier, 基层政务公开标准目录: the public catalogue pages of a sub-district (湖滨街道) and a
 * public enterprise (示范市自来水有限公司) pass axe at desktop and phone width, reflow at 390 px,
 * show the nine national attributes of every entry and its status as text; an agency without a
 * catalogue says so, an unknown agency is a 404, the agency page links to its catalogue. In the
 * workspace, without JavaScript, the coordinator reads the monitor (an SVG chart with a text
 * alternative beside a table of the same figures), adds an entry (first refused, with errors beside
 * the fields and a summary whose links all land), links a published item by 索引号, deletes the
 * entry after the confirmation page, and imports a sector catalogue twice (the second adds nothing).
 * axe on every workspace page visited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Browser, Page, Response } from 'playwright-core';
import { publicItems } from '../../src/modules/catalogue/index.js';
import { MONITOR_STATUS_LABELS, MONITOR_STATUSES } from '../../src/modules/standards/monitor.js';
import { sectorCatalogue } from '../../src/modules/standards/sectors.js';
import { assertNoAxeViolations, checkBothWidths, DEMO, DESKTOP, PHONE, signInStaff, usePage, useServerAndBrowser, type E2eServer } from './server.js';

let browser: Browser;
let base = '';
let server: E2eServer;

useServerAndBrowser((all) => {
  browser = all.browser;
  base = all.server.base;
  server = all.server;
});

/** The nine columns of the national template, as the public cards label them. */
const NINE = ['公开事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级'];
const STATUS_TEXTS = MONITOR_STATUSES.map((s) => MONITOR_STATUS_LABELS[s].zh);

const org = async (slug: string) => server.t.c.db.selectFrom('organisations').select(['id', 'path', 'name']).where('slug', '=', slug).executeTakeFirstOrThrow();
const entryCount = async (orgId: string) => Number((await server.t.c.db.selectFrom('standardEntries').select((eb) => eb.fn.countAll().as('n')).where('orgId', '=', orgId).executeTakeFirstOrThrow()).n);

async function clickButton(page: Page, name: string): Promise<Response | null> {
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  return res;
}
async function clickLink(page: Page, name: string): Promise<Response | null> {
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('link', { name, exact: true }).first().click()]);
  return res;
}
/** The notice a redirect left. */
const notice = async (page: Page) => ((await page.locator('main > div.notice[role="status"]').textContent()) ?? '').trim();

/** Every card of a public catalogue page: its heading, its attributes (label, text, shown) and its status tag. */
interface Card {
  heading: string;
  attrs: { label: string; text: string; shown: boolean }[];
  tag: string;
  right: number;
}
const cardsOf = (page: Page) =>
  page.evaluate<Card[]>(`[...document.querySelectorAll('article.std-entry')].map((a) => {
    const shown = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
    return {
      heading: a.querySelector('h3').textContent.trim(),
      attrs: [...a.querySelectorAll('dl.std-attrs > div')].map((d) => ({ label: d.querySelector('dt').textContent.trim(), text: d.querySelector('dd').textContent.trim(), shown: shown(d.querySelector('dt')) && shown(d.querySelector('dd')) })),
      tag: (a.querySelector('dl.std-attrs .tag') || { textContent: '' }).textContent.trim(),
      right: a.getBoundingClientRect().right,
    };
  })`);

/** The nine attributes are there, non-empty and shown on every card; the status is a word, not a colour. */
function assertCards(cards: Card[], label: string, width: number) {
  for (const c of cards) {
    const labels = c.attrs.map((a) => a.label);
    assert.deepEqual(
      NINE.filter((n) => !labels.includes(n)),
      [],
      `${label} “${c.heading}”: all nine attributes`,
    );
    for (const a of c.attrs.filter((x) => NINE.includes(x.label))) {
      assert.ok(a.text.length > 0, `${label} “${c.heading}”: ${a.label} has a value`);
      assert.ok(a.shown, `${label} “${c.heading}”: ${a.label} is visible at ${width}px`);
    }
    const status = c.attrs.find((a) => a.label === '时效状态');
    assert.ok(status?.shown, `${label} “${c.heading}”: the status is shown`);
    assert.ok(STATUS_TEXTS.includes(c.tag), `${label} “${c.heading}”: the status is written out (${JSON.stringify(c.tag)})`);
    assert.ok(status.text.startsWith(c.tag), `${label} “${c.heading}”: the status row begins with its word`);
    assert.ok(c.right <= width + 0.5, `${label} “${c.heading}”: the card fits ${width}px (right edge ${c.right})`);
  }
}

describe('the public standard catalogue', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  for (const slug of ['hubin', 'sz-water']) {
    it(`/agencies/${slug}/standards: every entry with its nine attributes and its status in words; axe at both widths; reflows at 390 px`, async () => {
      const o = await org(slug);
      const n = await entryCount(o.id);
      assert.ok(n >= 10, `${slug} has a demo catalogue (${n})`);
      if (slug === 'sz-water') assert.equal(n, sectorCatalogue('water').length, 'the water supply catalogue as imported');
      const res = await page.goto(`${base}/agencies/${slug}/standards`);
      assert.equal(res?.status(), 200);
      assert.equal((await page.getByRole('heading', { level: 1 }).textContent())?.trim(), `${o.name}基层政务公开标准目录`);
      assert.match((await page.locator('main p.muted').first().textContent()) ?? '', new RegExp(`^共 ${n} 个公开事项。`));
      // The table of contents lands on its groups.
      const toc = await page.locator('nav.guide-toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(toc.length > 0);
      for (const href of toc) assert.equal(await page.locator(`[id="${href!.slice(1)}"]`).count(), 1, `${href} lands`);

      await checkBothWidths(page, `/agencies/${slug}/standards`);
      // checkBothWidths leaves the page at phone width: the cards stack and every attribute is shown.
      const phone = await cardsOf(page);
      assert.equal(phone.length, n, 'one card per entry');
      assertCards(phone, `${slug} at ${PHONE.width}px`, PHONE.width);
      await page.setViewportSize(DESKTOP);
      assertCards(await cardsOf(page), `${slug} at ${DESKTOP.width}px`, DESKTOP.width);
    });
  }

  it('the agency page links to it; an agency without a catalogue says so; an unknown agency is a 404', async () => {
    assert.equal((await page.goto(`${base}/agencies/hubin`))?.status(), 200);
    const link = page.getByRole('link', { name: '基层政务公开标准目录', exact: true });
    assert.equal(await link.getAttribute('href'), '/agencies/hubin/standards');
    await Promise.all([page.waitForURL(`${base}/agencies/hubin/standards`), link.click()]);
    assert.equal(await page.locator('article.std-entry').count(), await entryCount((await org('hubin')).id));

    const kjj = await org('sz-kjj');
    assert.equal(await entryCount(kjj.id), 0, '示范市科学技术局 has no catalogue in the demo');
    assert.equal((await page.goto(`${base}/agencies/sz-kjj/standards`))?.status(), 200);
    assert.equal((await page.locator('main p.empty').textContent())?.trim(), '该机构尚未发布基层政务公开标准目录。');
    assert.equal(await page.locator('article.std-entry, nav.guide-toc').count(), 0);
    await checkBothWidths(page, '/agencies/sz-kjj/standards (empty)');
    await page.setViewportSize(DESKTOP);

    const missing = await page.goto(`${base}/agencies/no-such-agency/standards`);
    assert.equal(missing?.status(), 404);
    assert.equal(await page.locator('article.std-entry').count(), 0);
    assert.doesNotMatch((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /标准目录/);
  });
});

describe('the workspace without JavaScript (coordinator)', () => {
  let page: Page;
  /** axe needs script (it waits on timers): it checks the same pages in a script-enabled page of the same session. */
  let axe: Page;
  usePage(() => browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (axe = p));
  const axeAt = async (path: string, label: string) => {
    const res = await axe.goto(`${base}${path}`);
    assert.equal(res?.status(), 200, `${label}: ${path}`);
    await assertNoAxeViolations(axe, label);
  };
  /** Every link of the page's error summary lands on an element of the page (a field, or a group's first box). */
  const assertSummaryLinks = async (p: Page, label: string) => {
    const hrefs = await p.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(hrefs.length > 0, `${label}: the summary links to the fields`);
    for (const href of hrefs) {
      assert.match(href, /^#./, `${label}: ${href} is a fragment`);
      assert.equal(await p.locator(`[id="${href.slice(1)}"]`).count(), 1, `${label}: ${href} targets an element that exists`);
    }
    return hrefs;
  };

  const LEVEL1 = 'E2E 城市管理';
  const LEVEL2 = 'E2E 共享单车停放管理';
  const journey = { entryId: '', hubinId: '' };

  it('the monitor: an SVG chart with a text alternative beside a table of the same figures; the list of entries', async () => {
    const hubin = await org('hubin');
    journey.hubinId = hubin.id;
    const listPath = `/staff/standards?org=${hubin.id}`;
    await signInStaff(page, base, DEMO.coordinator, listPath);
    assert.equal(page.url(), `${base}${listPath}`);
    await axe.context().addCookies(await page.context().cookies());
    await axeAt(listPath, 'standards list (湖滨街道)');

    assert.equal(await page.getByLabel('机构', { exact: true }).inputValue(), hubin.id);
    const svg = page.locator('.std-figures svg[role="img"]');
    assert.equal(await svg.count(), 1);
    const titleId = await svg.getAttribute('aria-labelledby');
    const alt = ((await page.locator(`svg [id="${titleId}"]`).textContent()) ?? '').trim();
    assert.ok(alt.length > 0, 'the chart’s title is its text alternative');
    assert.equal(await page.getByRole('img', { name: alt, exact: true }).count(), 1, 'and its accessible name');

    const table = page.locator('.std-figures table');
    assert.equal((await table.locator('caption').textContent())?.trim(), '按时效状态统计');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent.trim(), tr.querySelector('td')!.textContent.trim()]));
    assert.deepEqual(
      rows.map((r) => r[0]),
      [...STATUS_TEXTS, '合计'],
    );
    const total = await entryCount(hubin.id);
    assert.equal(rows.at(-1)![1], String(total), 'the total is the agency’s entry count');
    assert.equal(
      rows.slice(0, -1).reduce((n, r) => n + Number(r[1]), 0),
      total,
      'the counts add up',
    );
    // The chart draws the same figures (label, value in each bar group).
    const bars = await svg.locator('g').evaluateAll((gs) => gs.map((g) => Array.from(g.querySelectorAll('text')).map((t) => t.textContent.trim())));
    assert.deepEqual(bars, rows.slice(0, -1));
    // Beside it at desktop width: side by side, top-aligned.
    const [sb, tb] = [(await svg.boundingBox())!, (await table.boundingBox())!];
    assert.ok(tb.x >= sb.x + sb.width - 0.5 && tb.y < sb.y + sb.height, `the table sits beside the chart (chart ${JSON.stringify(sb)}, table ${JSON.stringify(tb)})`);

    // The paged list names each entry with its status in words.
    const list = page.locator('section[aria-labelledby="std-list-h"] table tbody tr');
    assert.equal(await list.count(), Math.min(total, 20));
    assert.equal(await page.getByRole('link', { name: '城市管理 › 养犬管理', exact: true }).count(), 1);
    for (const tag of await list.locator('.tag').allTextContents()) assert.ok(STATUS_TEXTS.includes(tag.trim()), tag);
  });

  it('新增事项: a refused form shows errors beside the fields and a summary whose links land; a valid one with two channels is listed and public', async () => {
    assert.ok(journey.hubinId, 'the list was seen');
    const listPath = `/staff/standards?org=${journey.hubinId}`;
    await page.goto(`${base}${listPath}`);
    await clickLink(page, '新增事项');
    const newPath = `/staff/standards/new?org=${journey.hubinId}`;
    assert.equal(page.url(), `${base}${newPath}`);
    await axeAt(newPath, 'new entry form');
    // The defaults of a sub-district: 乡级 and 村级, 政府网站, 主动公开, the agency as 公开主体.
    assert.equal(await page.locator('#f-subject').inputValue(), '东湖区湖滨街道办事处');
    assert.deepEqual(await page.locator('input[name="levels"]:checked').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value)), ['township', 'village']);
    assert.deepEqual(await page.locator('input[name="channels"]:checked').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value)), ['website']);
    assert.equal(await page.locator('input[name="levels"][value="city"]').count(), 0, '市级 is not offered to a sub-district');

    /** Refused at once: no area, blank 一级事项 and 内容 (the fields every entry needs). */
    const fillInvalid = async (p: Page) => {
      await p.locator('#f-level1').fill('   ');
      await p.locator('#f-level2').fill(LEVEL2);
      await p.locator('#f-content').fill('');
      await p.locator('#f-basis').fill('《共享单车停放管理办法》');
      await p.locator('#f-timeLimit').fill('视情况公开');
      await p.locator('#f-channels').uncheck();
      await p.locator('#f-audience').selectOption('specific');
      return clickButton(p, '保存');
    };
    /** Errors beside their fields, the same words in the summary, tied to the control (or the group's fieldset). */
    const assertErrorsBeside = async (expected: string[], label: string) => {
      const summary = page.locator('.error-summary');
      assert.equal((await summary.locator('h2').textContent())?.trim(), '未能保存');
      const hrefs = await assertSummaryLinks(page, label);
      assert.deepEqual([...hrefs].sort(), [...expected].sort(), `${label}: the fields named`);
      for (const href of hrefs) {
        const id = href.slice(1);
        const text = ((await summary.locator(`a[href="${href}"]`).textContent()) ?? '').trim();
        assert.equal(((await page.locator(`[id="${id}-err"]`).textContent()) ?? '').trim(), text, `${id}: the error beside the field`);
        const described = id === 'f-channels' ? page.locator('fieldset:has(> ul > li > #f-channels)') : page.locator(`[id="${id}"]`);
        assert.ok(((await described.getAttribute('aria-describedby')) ?? '').split(' ').includes(`${id}-err`), `${id}: aria-describedby names the error`);
        assert.equal(await page.locator(`[id="${id}"]`).getAttribute('aria-invalid'), 'true', `${id}: aria-invalid`);
      }
      assert.equal(await page.locator('.field-error').count(), expected.length, `${label}: no error without its summary link`);
    };
    assert.equal((await fillInvalid(page))?.status(), 400);
    assert.equal(await server.t.c.db.selectFrom('standardEntries').select('id').where('level2', '=', LEVEL2).executeTakeFirst(), undefined, 'nothing saved');
    // Every problem in one round: the missing fields and the checks across fields (no channel, a time limit the monitor cannot read, 特定群体 without a note).
    await assertErrorsBeside(['#f-area', '#f-audienceNote', '#f-channels', '#f-content', '#f-level1', '#f-limitKind'], 'new entry form, first attempt');
    assert.equal(await page.locator('#f-level2').inputValue(), LEVEL2, 'what was typed comes back');
    assert.equal(await page.locator('#f-basis').inputValue(), '《共享单车停放管理办法》');
    assert.equal(await page.locator('#f-audience').inputValue(), 'specific');
    assert.deepEqual(await page.locator('input[name="channels"]:checked').count(), 0, 'unticked boxes stay unticked');
    assert.deepEqual(await page.locator('input[name="levels"]:checked').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value)), ['township', 'village'], 'ticked boxes come back');
    // The same refusal, checked by axe.
    await axe.goto(`${base}${newPath}`);
    assert.equal((await fillInvalid(axe))?.status(), 400);
    await assertNoAxeViolations(axe, 'new entry form with errors');

    // Those fixed, the checks across fields still stand.
    await page.locator('#f-area').selectOption({ label: '城市综合执法' });
    await page.locator('#f-level1').fill(LEVEL1);
    await page.locator('#f-content').fill('停放区域、停放规范、违规停放处理办法、投诉电话');
    assert.equal((await clickButton(page, '保存'))?.status(), 400);
    await assertErrorsBeside(['#f-audienceNote', '#f-channels', '#f-limitKind'], 'new entry form, second attempt');
    assert.equal(((await page.locator('#f-channels-err').textContent()) ?? '').trim(), '请至少选择一个公开渠道和载体。');
    assert.equal(await server.t.c.db.selectFrom('standardEntries').select('id').where('level2', '=', LEVEL2).executeTakeFirst(), undefined, 'still nothing saved');

    // Corrected: a readable time limit, two channels, 全社会.
    await page.locator('#f-timeLimit').fill('信息形成或者变更之日起20个工作日内');
    await page.getByLabel('政府网站', { exact: true }).check();
    await page.getByLabel('社区/企事业单位/村公示栏（电子屏）', { exact: true }).check();
    await page.locator('#f-audience').selectOption('all');
    await clickButton(page, '保存');
    const row = await server.t.c.db.selectFrom('standardEntries').selectAll().where('orgId', '=', journey.hubinId).where('level2', '=', LEVEL2).executeTakeFirstOrThrow();
    journey.entryId = row.id;
    assert.equal(page.url(), `${base}/staff/standards/${row.id}`);
    assert.equal(await notice(page), '事项已新增。');
    assert.deepEqual([...row.channels].sort(), ['notice-board', 'website']);
    assert.deepEqual({ level1: row.level1, area: row.area, limitKind: row.limitKind, limitValue: row.limitValue, audience: row.audience, method: row.method, levels: row.levels }, { level1: LEVEL1, area: 'urban-enforcement', limitKind: 'workdays', limitValue: 20, audience: 'all', method: 'proactive', levels: ['township', 'village'] });
    const kv = page.locator('table.kv');
    assert.equal(((await kv.locator('tr:has(th:text-is("公开渠道和载体")) td').textContent()) ?? '').trim(), '政府网站、社区/企事业单位/村公示栏（电子屏）');
    assert.equal(((await page.locator('p.notice[role="status"] .tag').textContent()) ?? '').trim(), '尚未关联信息');
    await axeAt(`/staff/standards/${row.id}`, 'entry page');

    // Listed in the workspace …
    await clickLink(page, '返回东湖区湖滨街道办事处的标准目录');
    assert.equal(page.url(), `${base}${listPath}`);
    assert.equal(await page.getByRole('link', { name: `${LEVEL1} › ${LEVEL2}`, exact: true }).getAttribute('href'), `/staff/standards/${row.id}`);
    const total = await entryCount(journey.hubinId);
    assert.equal(((await page.locator('.std-figures tbody tr:last-child td').textContent()) ?? '').trim(), String(total));
    // … and on the public page, in its own group, with the nine attributes.
    await page.goto(`${base}/agencies/hubin/standards`);
    const group = page.locator('section.std-group', { has: page.locator('h2', { hasText: LEVEL1 }) });
    assert.equal(await group.count(), 1);
    const card = group.locator('article.std-entry', { has: page.locator('h3', { hasText: LEVEL2 }) });
    assert.equal(await card.count(), 1);
    assert.equal(((await card.locator('div:has(> dt:text-is("公开渠道和载体")) dd').textContent()) ?? '').trim(), '政府网站、社区/企事业单位/村公示栏（电子屏）');
    assert.equal(((await card.locator('.tag').textContent()) ?? '').trim(), '尚未关联信息');
    assert.equal(await page.locator('article.std-entry').count(), total);
  });

  it('links a published item by 索引号 (an unknown one is refused with the documented message)', async () => {
    assert.ok(journey.entryId, 'the entry was created');
    const entryPath = `/staff/standards/${journey.entryId}`;
    await page.goto(`${base}${entryPath}`);
    const refuse = async (p: Page) => {
      await p.getByLabel('关联信息（索引号或编号）').fill('E2E-NO-SUCH-INDEX');
      return clickButton(p, '关联');
    };
    assert.equal((await refuse(page))?.status(), 400);
    assert.equal((await page.locator('.error-summary h2').textContent())?.trim(), '未能关联');
    assert.deepEqual(await assertSummaryLinks(page, 'link form'), ['#f-refs']);
    assert.equal(((await page.locator('#f-refs-err').textContent()) ?? '').trim(), '未找到本机构（含下级机构）的以下信息：E2E-NO-SUCH-INDEX。请填写本机构及下级机构信息的索引号或编号。');
    assert.equal(await page.locator('#f-refs').inputValue(), 'E2E-NO-SUCH-INDEX', 'what was typed comes back');
    await axe.goto(`${base}${entryPath}`);
    assert.equal((await refuse(axe))?.status(), 400);
    await assertNoAxeViolations(axe, 'entry page with a refused link');

    const hubin = await org('hubin');
    const item = await publicItems(server.t.c.db)
      .select(['i.id', 'i.indexNumber', 'i.title'])
      .where('o.path', 'like', `${hubin.path}%`)
      .where('i.indexNumber', 'is not', null)
      .orderBy('i.id')
      .executeTakeFirst();
    if (!item) {
      // No published item in 湖滨街道's subtree: the refusal above is all the demo allows.
      assert.equal(await server.t.c.db.selectFrom('standardEntryItems').select('itemId').where('entryId', '=', journey.entryId).executeTakeFirst(), undefined);
      return;
    }
    await page.getByLabel('关联信息（索引号或编号）').fill(item.indexNumber!);
    await clickButton(page, '关联');
    assert.equal(page.url(), `${base}${entryPath}`);
    assert.equal(await notice(page), '已关联 1 条信息。');
    const linked = page.locator('section[aria-labelledby="std-items-h"] table tbody tr');
    assert.equal(await linked.count(), 1);
    assert.equal(((await linked.locator('td').first().textContent()) ?? '').trim(), item.indexNumber);
    const unlink = await linked.getByRole('button').ariaSnapshot();
    assert.ok(unlink.includes(item.title!) && unlink.startsWith('- button "取消关联'), `the unlink button names its item: ${unlink}`);
    assert.deepEqual(
      (await server.t.c.db.selectFrom('standardEntryItems').select('itemId').where('entryId', '=', journey.entryId).execute()).map((r) => r.itemId),
      [item.id],
    );
    await axeAt(entryPath, 'entry page with a linked item');
    // Again: nothing new.
    await page.getByLabel('关联信息（索引号或编号）').fill(item.indexNumber!);
    await clickButton(page, '关联');
    assert.equal(await notice(page), '这些信息已经关联。');
    // The public card lists it.
    await page.goto(`${base}/agencies/hubin/standards`);
    const card = page.locator('article.std-entry', { has: page.locator('h3', { hasText: LEVEL2 }) });
    assert.equal(await card.locator('.std-items a').getAttribute('href'), `/catalogue/${item.id}`);
    assert.equal(((await card.locator('.std-items a').textContent()) ?? '').trim(), item.title);
  });

  it('deletes the entry after the confirmation page', async () => {
    assert.ok(journey.entryId, 'the entry was created');
    const before = await entryCount(journey.hubinId);
    await page.goto(`${base}/staff/standards/${journey.entryId}`);
    await clickLink(page, '删除');
    const deletePath = `/staff/standards/${journey.entryId}/delete`;
    assert.equal(page.url(), `${base}${deletePath}`);
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent())?.trim(), '删除标准目录事项');
    assert.match((await page.locator('main p').first().textContent()) ?? '', new RegExp(`“${LEVEL1} › ${LEVEL2}”`));
    assert.equal(await entryCount(journey.hubinId), before, 'the confirmation page deletes nothing');
    await axeAt(deletePath, 'delete confirmation');
    await clickButton(page, '确认删除');
    assert.equal(page.url(), `${base}/staff/standards?org=${journey.hubinId}`);
    assert.equal(await notice(page), `事项“${LEVEL1} › ${LEVEL2}”已删除。`);
    assert.equal(await entryCount(journey.hubinId), before - 1);
    assert.equal(await server.t.c.db.selectFrom('standardEntries').select('id').where('id', '=', journey.entryId).executeTakeFirst(), undefined);
    assert.equal(await server.t.c.db.selectFrom('standardEntryItems').select('itemId').where('entryId', '=', journey.entryId).executeTakeFirst(), undefined, 'its links went with it');
    assert.equal(await page.getByRole('link', { name: `${LEVEL1} › ${LEVEL2}` }).count(), 0);
    await page.goto(`${base}/agencies/hubin/standards`);
    assert.equal(await page.locator('h3', { hasText: LEVEL2 }).count(), 0, 'gone from the public page');
  });

  it('从行业标准目录导入 on an agency without entries; importing again adds nothing', async () => {
    const sthj = await org('nanjiang-sthj');
    assert.equal(await entryCount(sthj.id), 0, '南江区生态环境分局 has no catalogue in the demo');
    const listPath = `/staff/standards?org=${sthj.id}`;
    await page.goto(`${base}${listPath}`);
    assert.equal((await page.locator('section[aria-labelledby="std-list-h"] p.empty').textContent())?.trim(), '该机构尚未编制标准目录。可以逐项新增，或从行业标准目录导入。');
    await axeAt(listPath, 'standards list (empty)');
    const form = page.locator('section[aria-labelledby="std-import-h"]');
    assert.equal(await page.getByLabel('行业', { exact: true }).inputValue(), '', 'a department has no sector to preselect');

    // No sector chosen: refused, the summary lands on the select.
    const refuse = async (p: Page) => {
      await p.getByLabel('行业', { exact: true }).selectOption('');
      return clickButton(p, '导入');
    };
    assert.equal((await refuse(page))?.status(), 400);
    assert.deepEqual(await assertSummaryLinks(page, 'import form'), ['#f-sector']);
    assert.equal(((await form.locator('#f-sector-err').textContent()) ?? '').trim(), '请选择行业。');
    assert.equal(await entryCount(sthj.id), 0);
    await axe.goto(`${base}${listPath}`);
    assert.equal((await refuse(axe))?.status(), 400);
    await assertNoAxeViolations(axe, 'standards list with a refused import');

    const template = sectorCatalogue('environment');
    assert.ok(template.length > 0);
    await page.getByLabel('行业', { exact: true }).selectOption({ label: '环境保护' });
    await clickButton(page, '导入');
    assert.equal(page.url(), `${base}${listPath}`);
    assert.equal(await notice(page), `已导入 ${template.length} 个事项。`);
    assert.equal(await entryCount(sthj.id), template.length);
    assert.equal(((await page.locator('.std-figures tbody tr:last-child td').textContent()) ?? '').trim(), String(template.length));
    assert.equal(await page.locator('section[aria-labelledby="std-list-h"] table tbody tr').count(), Math.min(template.length, 20));
    await axeAt(listPath, 'standards list after the import');

    await page.getByLabel('行业', { exact: true }).selectOption({ label: '环境保护' });
    await clickButton(page, '导入');
    assert.equal(await notice(page), '行业标准目录中的事项均已存在，未导入新事项。');
    assert.equal(await entryCount(sthj.id), template.length, 'nothing new');
  });
});
