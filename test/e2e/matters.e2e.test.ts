/**
 * Browser tier, 权责清单 (issue 6) as a new user meets it: the agency admin of 示范市教育局 signs in
 * with TOTP and, without JavaScript, imports an XLSX power list (first with a bad row: the report
 * names the row and nothing is imported), draws the licence's 运行流程图 in the form-based editor
 * (once with a one-branch decision, which the checks name and 提交审核 refuses), and publishes it.
 * The public page shows the chart as a picture and as text, passes axe, and stays legible at phone
 * width (a screenshot of the chart region, rendered font sizes measured in the page). A published
 * 办事指南 passes axe and prints without navigation. axe on every workspace page visited.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Response } from 'playwright-core';
import { writeXlsx } from '../../src/platform/files/xlsx.js';
import { systemActor } from '../../src/platform/actor.js';
import { FLOW_TEMPLATES } from '../../src/modules/matters/flow-templates.js';
import { POWER_COLUMNS } from '../../src/modules/matters/power-sheet.js';
import { assertNoAxeViolations, checkBothWidths, DEMO, DESKTOP, PHONE, signInStaff, usePage, useServerAndBrowser, type E2eServer } from './server.js';

let browser: Browser;
let base = '';
let server: E2eServer;

useServerAndBrowser((all) => {
  browser = all.browser;
  base = all.server.base;
  server = all.server;
});

/** Screenshots of this run (docs/screenshots gets a copy only with SCREENSHOTS=1, as elsewhere). */
let shotDir = '';
before(() => {
  shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-matters-e2e-'));
});
after(() => fs.rmSync(shotDir, { recursive: true, force: true }));

const LICENCE = 'E2E 校外培训机构设立审批';
const LICENCE_CODE = 'E2E-XK-001';

/** One power row of the sheet, by column header (missing columns are empty). */
function sheetRow(cells: Partial<Record<(typeof POWER_COLUMNS)[number]['header'], string>>): string[] {
  return POWER_COLUMNS.map((c) => cells[c.header] ?? '');
}

/** The power list as agencies keep it; `penaltyCategory` lets one row carry a category that does not exist. */
function powerSheet(penaltyCategory: string): Buffer {
  const common = { 实施主体: '示范市教育局', 主体性质: '法定机关', 监督电话: '0999-1234567', 状态: '实施中' };
  const rows = [
    POWER_COLUMNS.map((c) => c.header),
    sheetRow({
      ...common,
      职权编码: LICENCE_CODE,
      职权名称: LICENCE,
      职权类别: '行政许可',
      设定依据: '《中华人民共和国行政许可法》第十二条\n《中华人民共和国民办教育促进法》第十二条',
      承办机构: '民办教育处',
      责任事项: '受理责任\n审查责任\n决定责任\n送达责任',
      追责情形: '对符合法定条件的申请不予受理的\n不在法定期限内作出决定的',
      '法定期限（工作日）': '20',
      '承诺期限（工作日）': '15',
      期限说明: '自受理之日起',
    }),
    sheetRow({ ...common, 职权编码: 'E2E-CF-001', 职权名称: 'E2E 对违规举办校外培训的行政处罚', 职权类别: penaltyCategory, 设定依据: '《中华人民共和国民办教育促进法》第六十二条', 承办机构: '政策法规处', '法定期限（工作日）': '90' }),
    sheetRow({ ...common, 职权编码: 'E2E-JC-001', 职权名称: 'E2E 对民办学校办学行为的行政检查', 职权类别: '行政检查', 设定依据: '《中华人民共和国民办教育促进法》第四十一条', 承办机构: '民办教育处' }),
  ];
  return Buffer.from(writeXlsx([{ name: '权责清单', rows, header: true }]));
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The steps as drawn, in the order the editor rows and the public text version list them. */
const STEPS = ['申请人提出申请', '受理', '审查', '补正材料', '不予受理', '决定', '办结'];

async function clickButton(page: Page, name: string): Promise<Response | null> {
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  return res;
}
async function clickLink(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name, exact: typeof name === 'string' }).first().click()]);
}
/** The notice a redirect left (not the flowchart checks' box, which also has class notice). */
const notice = async (page: Page) => ((await page.locator('main > div.notice:not(.error):not(.warn)').first().textContent()) ?? '').trim();

/** Fills row n of the flowchart editor through its labels; branches as [row number, condition]. */
async function fillStep(page: Page, n: number, s: { kind: '开始' | '办理环节' | '判断' | '结束'; name: string; role?: string; limit?: string; to?: [number, string][] }) {
  await page.getByLabel(`第 ${n} 步 类型`).selectOption({ label: s.kind });
  await page.getByLabel(`第 ${n} 步 环节名称`).fill(s.name);
  await page.getByLabel(`第 ${n} 步 责任主体/岗位`).fill(s.role ?? '');
  await page.getByLabel(`第 ${n} 步 时限（工作日）`).fill(s.limit ?? '');
  for (const [j, [to, label]] of (s.to ?? []).entries()) await setBranch(page, n, j + 1, to, label);
}
async function setBranch(page: Page, n: number, j: number, to: number, label: string) {
  await page.getByLabel(`第 ${n} 步 下一步 ${j}`).selectOption(String(to));
  await page.getByLabel(`第 ${n} 步 分支 ${j} 条件（判断必填）`).fill(label);
}

const DECISION_ONE_BRANCH = '第 2 步“受理”：判断环节至少需要两个分支，现有 1 个。';

/** Filled in by the workspace journey; the public checks use the published licence. */
const journey = { licenceId: '' };

describe('权责清单 without JavaScript: import, draw the flowchart, publish', () => {
  let page: Page;
  /** axe needs script (it waits on timers), so it checks the same pages in a second, script-enabled page of the same session. */
  let axe: Page;
  usePage(() => browser, { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (axe = p));
  const axeAt = async (path: string, label: string) => {
    const res = await axe.goto(`${base}${path}`);
    assert.equal(res?.status(), 200, `${label}: ${path}`);
    await assertNoAxeViolations(axe, label);
  };

  it('imports an XLSX list: a bad row is reported by its row number and nothing is imported; the corrected file imports all 3', async () => {
    await signInStaff(page, base, DEMO.adminJyj);
    assert.equal(new URL(page.url()).pathname, '/staff');
    await Promise.all([page.waitForURL(`${base}/staff/powers`), page.locator('nav.main-nav').getByRole('link', { name: '权责清单', exact: true }).click()]);
    await axe.context().addCookies(await page.context().cookies());
    await axeAt('/staff/powers', 'staff power list');
    await clickLink(page, '从表格导入（CSV / XLSX）');
    assert.equal(new URL(page.url()).pathname, '/staff/powers/import');
    await axeAt('/staff/powers/import', 'power import page');

    const upload = async (data: Buffer, p = page) => {
      await p.getByLabel('导入到机构').selectOption({ label: '示范市教育局' });
      await p.getByLabel('表格文件（.xlsx 或 .csv）').setInputFiles({ name: '示范市教育局权责清单.xlsx', mimeType: XLSX_TYPE, buffer: data });
      await p.getByLabel('导入方式').selectOption({ label: '全部通过才导入（推荐）' });
      return clickButton(p, '校验并导入');
    };
    const bad = await upload(powerSheet('行政审查'));
    assert.equal(bad?.status(), 422);
    const report = page.locator('section[aria-labelledby="report-h"]');
    assert.equal((await report.getByRole('status').textContent())?.trim(), '共 3 行，其中 1 行有误，未导入任何内容。请修改后重新上传。');
    const failed = report.getByRole('region', { name: '有误的行' }).locator('tbody tr');
    assert.equal(await failed.count(), 1);
    const cells = (await failed.first().locator('td').allTextContents()).map((s) => s.trim());
    assert.equal(cells[0], '第 3 行');
    assert.equal(cells[1], 'E2E-CF-001');
    assert.match(cells[3] ?? '', /^职权类别“行政审查”不存在（可选：行政许可、行政处罚/);
    const c = server.t.c;
    const count = async () => Number((await c.db.selectFrom('matters').select((eb) => eb.fn.countAll<string>().as('n')).where('code', 'like', 'E2E-%').executeTakeFirstOrThrow()).n);
    assert.equal(await count(), 0, 'all or nothing: the two good rows were not imported either');
    // The same report, for axe (all or nothing: this second try imports nothing either).
    assert.equal((await upload(powerSheet('行政审查'), axe))?.status(), 422);
    await axe.locator('section[aria-labelledby="report-h"]').waitFor();
    await assertNoAxeViolations(axe, 'power import page with a validation report');
    assert.equal(await count(), 0);

    const good = await upload(powerSheet('行政处罚'));
    assert.equal(good?.status(), 200);
    assert.equal((await report.getByRole('status').textContent())?.trim(), '共 3 行，已导入 3 项（草稿）。');
    assert.equal(await report.getByRole('region', { name: '有误的行' }).count(), 0);
    assert.equal(await count(), 3);
    await clickLink(page, LICENCE);
    const m = /^\/staff\/powers\/(\d+)$/.exec(new URL(page.url()).pathname);
    assert.ok(m, page.url());
    journey.licenceId = m[1]!;
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), LICENCE);
  });

  it('draws the flowchart with the step editor: a one-branch decision is named and blocks 提交审核; the full chart passes the checks', async () => {
    assert.ok(journey.licenceId, 'the import ran');
    const matterPath = `/staff/powers/${journey.licenceId}`;
    await page.goto(`${base}${matterPath}`);
    await clickLink(page, '绘制流程图');
    assert.equal(new URL(page.url()).pathname, `${matterPath}/flowchart`);
    await page.getByRole('heading', { name: '从模板开始' }).waitFor();
    assert.equal(await page.locator('fieldset.step-row').count(), 6, 'an empty chart starts with six rows');
    assert.ok((await page.textContent('main'))?.includes('本事项法定期限：20 个工作日。'), 'the imported statutory limit is shown');

    // Six rows first; the decision gets only one branch for now.
    await fillStep(page, 1, { kind: '开始', name: STEPS[0]!, role: '申请人', to: [[2, '']] });
    await fillStep(page, 2, { kind: '判断', name: STEPS[1]!, role: '窗口受理人员', limit: '5', to: [[3, '材料齐全']] });
    await fillStep(page, 3, { kind: '办理环节', name: STEPS[2]!, role: '民办教育处', limit: '10', to: [[6, '']] });
    await fillStep(page, 4, { kind: '办理环节', name: STEPS[3]!, role: '窗口受理人员', limit: '0', to: [[2, '']] });
    await fillStep(page, 5, { kind: '结束', name: STEPS[4]!, role: '窗口受理人员' });
    await fillStep(page, 6, { kind: '办理环节', name: STEPS[5]!, role: '分管领导', limit: '3' });
    await clickButton(page, '保存并增加 3 行');
    assert.match(await notice(page), /^流程图已保存，但有 \d+ 处错误，修正前不能提交或发布。$/);
    assert.equal(await page.locator('fieldset.step-row').count(), 9, 'the six saved rows and three new ones');
    assert.equal(await page.getByLabel('第 6 步 环节名称').inputValue(), STEPS[5]);
    assert.equal(await page.getByLabel('第 7 步 环节名称').inputValue(), '');

    await fillStep(page, 7, { kind: '结束', name: STEPS[6]!, role: '窗口人员' });
    await setBranch(page, 6, 1, 7, '');
    await clickButton(page, '保存流程图');
    assert.match(await notice(page), /^流程图已保存，但有 \d+ 处错误/);
    const issues = (await page.locator('main > div.notice.error li').allTextContents()).map((s) => s.trim());
    assert.ok(issues.includes(DECISION_ONE_BRANCH), `the checks name the decision: ${issues.join(' | ')}`);
    await axeAt(`${matterPath}/flowchart`, 'flowchart editor with check errors');

    // 提交审核 is refused while the chart has errors, with the reason.
    await clickLink(page, '返回事项');
    const refused = await clickButton(page, '提交审核');
    assert.equal(refused?.status(), 400);
    const summary = page.locator('.error-summary');
    assert.match((await summary.locator('p').textContent()) ?? '', /^运行流程图有 \d+ 处错误，修正后才能提交或发布（第 2 步“受理”：判断环节至少需要两个分支[^）]*）。$/);
    // Every problem is listed beside the chart (each linked to its step in the editor); the summary names the first.
    assert.ok((await page.locator('.notice.error li').allTextContents()).map((s) => s.trim()).includes(DECISION_ONE_BRANCH));
    const state = await server.t.c.db.selectFrom('matters').select('workState').where('id', '=', journey.licenceId).executeTakeFirstOrThrow();
    assert.equal(state.workState, 'draft', 'not submitted');
    await axe.goto(`${base}${matterPath}`);
    assert.equal((await clickButton(axe, '提交审核'))?.status(), 400);
    await assertNoAxeViolations(axe, 'a power page after a refused 提交审核');

    // The other two branches of 受理: 需补正 loops back through 补正材料, 不予受理 ends.
    await clickLink(page, '编辑流程图');
    assert.equal(await page.getByLabel('第 2 步 分支 1 条件（判断必填）').inputValue(), '材料齐全', 'the saved rows come back');
    await setBranch(page, 2, 2, 4, '需补正');
    await setBranch(page, 2, 3, 5, '不予受理');
    await clickButton(page, '保存流程图');
    assert.equal(await notice(page), '流程图已保存，检查通过。');
    assert.equal(await page.locator('main > div.notice.error, main > div.notice.warn').count(), 0, 'no errors or warnings left');
    const preview = page.locator('section[aria-labelledby="preview-h"] .flowchart-picture svg[role="img"]');
    assert.ok(await preview.isVisible(), 'the editor shows the SVG preview');
    assert.equal(await preview.locator('g > title').count(), STEPS.length, 'one shape per step');
    await axeAt(`${matterPath}/flowchart`, 'flowchart editor with a valid chart');
  });

  it('the agency admin approves and publishes their own work', async () => {
    assert.ok(journey.licenceId, 'the import ran');
    await page.goto(`${base}/staff/powers/${journey.licenceId}`);
    assert.equal(await page.locator('.error-summary, main > div.notice.error').count(), 0);
    await page.getByLabel('审核意见（可选）').fill('依据准确，流程完整。');
    await clickButton(page, '审核通过并发布');
    assert.equal(await notice(page), '审核通过，已发布。');
    assert.ok(await page.getByRole('link', { name: '查看公开页面' }).isVisible());
    const row = await server.t.c.db.selectFrom('matters').select(['publicState', 'workState']).where('id', '=', journey.licenceId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { publicState: 'published', workState: null });
  });
});

describe('the published power page', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('shows the flowchart as a picture and as text, passes axe at both widths, and offers SVG and PDF', async () => {
    assert.ok(journey.licenceId, 'the licence was published');
    const res = await page.goto(`${base}/powers/${journey.licenceId}`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), LICENCE);
    const svg = page.locator('.flowchart-picture > svg[role="img"]');
    assert.equal(await svg.count(), 1);
    assert.equal(await svg.locator(':scope > title').textContent(), `${LICENCE}运行流程图`);
    assert.equal(await page.getByRole('img', { name: `${LICENCE}运行流程图` }).count(), 1, 'the title is the picture’s accessible name');
    // The text version: every step in order, the decision with its conditions.
    const items = page.locator('ol.flowchart-text > li');
    assert.deepEqual((await items.locator(':scope > p > strong').allTextContents()).map((s) => s.trim()), STEPS);
    assert.deepEqual((await items.nth(1).locator(':scope > ul > li').allTextContents()).map((s) => s.trim()), ['若‘材料齐全’，转第 3 步“审查”', '若‘需补正’，转第 4 步“补正材料”', '若‘不予受理’，转第 5 步“不予受理”']);
    assert.deepEqual((await items.nth(3).locator(':scope > ul > li').allTextContents()).map((s) => s.trim()), ['转第 2 步“受理”'], '补正 loops back');
    await checkBothWidths(page, `/powers/${journey.licenceId}`);
    await page.setViewportSize(DESKTOP);

    // Downloads: the SVG through its link, the PDF as served.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载流程图（SVG）' }).click()]);
    assert.match(download.suggestedFilename(), /^E2E-XK-001-.*流程图\.svg$/);
    const file = fs.readFileSync(await download.path(), 'utf8');
    assert.match(file, /^(<\?xml[^>]*>\s*)?<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const parsed = await page.evaluate<{ error: boolean; root: string; texts: number }>(
      `(() => { const d = new DOMParser().parseFromString(${JSON.stringify(file)}, 'image/svg+xml'); return { error: d.getElementsByTagName('parsererror').length > 0, root: d.documentElement.localName, texts: d.getElementsByTagName('text').length }; })()`,
    );
    assert.deepEqual({ error: parsed.error, root: parsed.root }, { error: false, root: 'svg' }, 'well-formed SVG');
    assert.ok(parsed.texts >= STEPS.length);
    const pdf = await page.request.get(`${base}/powers/${journey.licenceId}/flowchart.pdf`);
    const fontPresent = fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') || fs.existsSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc');
    if (fontPresent) {
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      const body = await pdf.body();
      assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(body.length > 2000, `a real document (${body.length} bytes)`);
    } else {
      assert.equal(pdf.status(), 503, 'no CJK font: a plain explanation instead of a broken PDF');
    }
  });

  it('stays legible at phone width: natural size, text ≥ 12 px as rendered, nothing clipped, the region scrolls by keyboard (screenshot)', async () => {
    assert.ok(journey.licenceId, 'the licence was published');
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/powers/${journey.licenceId}`);
    const region = page.locator('.flowchart-picture');
    assert.equal(await region.getAttribute('tabindex'), '0');
    assert.equal(await region.getAttribute('role'), 'region');
    const m = await page.evaluate<{
      natural: number;
      vbWidth: number;
      width: number;
      height: number;
      texts: { text: string; px: number; l: number; t: number; r: number; b: number; shape: [number, number, number, number] | null }[];
      overflowX: string;
      scrollWidth: number;
      clientWidth: number;
      regionRight: number;
      docWidth: number;
    }>(`(() => {
      const region = document.querySelector('.flowchart-picture');
      const svg = region.querySelector('svg');
      const box = svg.getBoundingClientRect();
      const rel = (b) => [b.left - box.left, b.top - box.top, b.right - box.left, b.bottom - box.top];
      const texts = [...svg.querySelectorAll('text')].map((t) => {
        const ctm = t.getScreenCTM();
        const [l, tp, r, b] = rel(t.getBoundingClientRect());
        const shape = t.parentElement.querySelector(':scope > path, :scope > rect');
        return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b), l, t: tp, r, b, shape: shape ? rel(shape.getBoundingClientRect()) : null };
      });
      const cs = getComputedStyle(region);
      return { natural: svg.width.baseVal.value, vbWidth: svg.viewBox.baseVal.width, width: box.width, height: box.height, texts, overflowX: cs.overflowX, scrollWidth: region.scrollWidth, clientWidth: region.clientWidth, regionRight: region.getBoundingClientRect().right, docWidth: document.documentElement.clientWidth };
    })()`);
    // Natural size: not scaled down to fit the phone.
    assert.ok(m.width >= m.natural - 0.5 && m.width >= m.vbWidth - 0.5, `the SVG is drawn at ${m.width}px, its natural width is ${m.natural}px`);
    assert.ok(m.texts.length >= STEPS.length + 3, `text in every shape and on the decision’s branches (${m.texts.length})`);
    const small = m.texts.filter((t) => t.px < 12);
    assert.deepEqual(small.map((t) => `${t.text} ${t.px.toFixed(1)}px`), [], 'every text is at least 12 CSS px as rendered');
    const short = m.texts.filter((t) => t.b - t.t < 12);
    assert.deepEqual(short.map((t) => `${t.text} ${(t.b - t.t).toFixed(1)}px high`), [], 'and its rendered line box is at least 12 px high');
    const clipped = m.texts.filter((t) => t.l < -0.5 || t.t < -0.5 || t.r > m.width + 0.5 || t.b > m.height + 0.5);
    assert.deepEqual(clipped.map((t) => t.text), [], 'every text lies inside the picture');
    const spills = m.texts.filter((t) => t.shape && (t.l < t.shape[0] - 1 || t.r > t.shape[2] + 1));
    assert.deepEqual(spills.map((t) => `${t.text} [${t.l.toFixed(1)}, ${t.r.toFixed(1)}] ⊄ [${t.shape![0].toFixed(1)}, ${t.shape![2].toFixed(1)}]`), [], 'every text fits across its shape');
    // The page itself does not scroll sideways; the region does, and by keyboard.
    assert.ok(m.docWidth <= PHONE.width && m.regionRight <= m.docWidth + 0.5, 'the region fits the phone');
    assert.ok(['auto', 'scroll'].includes(m.overflowX), `overflow-x: ${m.overflowX}`);
    assert.ok(m.natural > m.clientWidth, `this chart (${m.natural}px) is wider than the phone’s region (${m.clientWidth}px)`);
    assert.ok(m.scrollWidth > m.clientWidth, 'the wide chart scrolls inside its region');
    await region.focus();
    assert.equal(await page.evaluate<boolean>(`document.activeElement === document.querySelector('.flowchart-picture')`), true);
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
    // Keyboard scrolling is animated: wait up to 2 s for it to move (waitForFunction would need eval, which the CSP forbids).
    let scrolled = 0;
    for (let k = 0; k < 40 && scrolled === 0; k++) {
      await page.waitForTimeout(50);
      scrolled = await page.evaluate<number>(`document.querySelector('.flowchart-picture').scrollLeft`);
    }
    assert.ok(scrolled > 0, 'arrow keys scroll the focused region');
    // Let the animation finish, then back to the start (unfocused) for the screenshot.
    for (let k = 0, last = -1; k < 40 && scrolled !== last; k++) {
      last = scrolled;
      await page.waitForTimeout(50);
      scrolled = await page.evaluate<number>(`document.querySelector('.flowchart-picture').scrollLeft`);
    }
    await page.evaluate(`document.activeElement.blur(), document.querySelector('.flowchart-picture').scrollLeft = 0`);
    assert.equal(await page.evaluate<number>(`document.querySelector('.flowchart-picture').scrollLeft`), 0);

    // The screenshot: a PNG of the region as a phone shows it.
    const box = (await region.boundingBox())!;
    const file = path.join(shotDir, 'flowchart-phone.png');
    const png = await region.screenshot({ path: file, animations: 'disabled' });
    assert.ok(fs.statSync(file).size > 1000, 'a non-empty picture');
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(Math.abs(png.readUInt32BE(16) - Math.round(box.width)) <= 1, `PNG ${png.readUInt32BE(16)}px wide, the region ${box.width}px`);
    assert.ok(png.readUInt32BE(16) <= PHONE.width);
    assert.ok(Math.abs(png.readUInt32BE(20) - Math.round(box.height)) <= 1);
    if (process.env.SCREENSHOTS === '1') fs.copyFileSync(file, path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'flowchart-phone.png'));
    await page.setViewportSize(DESKTOP);
  });
});

describe('a published service guide', () => {
  let page: Page;
  let guideId = '';
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));
  before(async () => {
    const c = server.t.c;
    // A demo guide with a flowchart when the demo has one; otherwise one made through the service.
    const demo = await c.db
      .selectFrom('matters as m')
      .innerJoin('matterVersions as v', 'v.id', 'm.currentVersionId')
      .select('m.id')
      .where('m.type', '=', 'service')
      .where('m.publicState', '=', 'published')
      .where('v.flowchart', 'is not', null)
      .orderBy('m.id')
      .executeTakeFirst();
    if (demo) {
      guideId = demo.id;
      return;
    }
    const sys = systemActor('e2e');
    const jyj = await c.db.selectFrom('organisations').select('id').where('slug', '=', 'sz-jyj').executeTakeFirstOrThrow();
    guideId = await c.matters.create(sys, 'service', jyj.id, {
      code: 'E2E-FW-001',
      name: 'E2E 民办学校办学许可证换发',
      serviceType: '行政许可',
      implementingBody: '示范市教育局',
      division: '民办教育处',
      audiences: ['legal'],
      handlingType: 'promised',
      basis: [{ law: '中华人民共和国民办教育促进法', article: '第十八条', itemId: null }],
      conditions: '办学许可证有效期届满前 90 日内申请换发的民办学校。',
      materials: [
        { name: '换发申请书', form: 'original', copies: 1, required: true, note: '加盖学校公章', source: '申请人自备', blankFormId: null },
        { name: '原办学许可证', form: 'original', copies: 1, required: true, note: null, source: null, blankFormId: null },
      ],
      statutoryDays: 20,
      promisedDays: 10,
      place: '示范市政务服务中心二楼教育窗口',
      hours: '工作日 9:00–12:00，13:30–17:00',
      visits: 1,
      consult: '0999-1234567',
      complaint: '12345 政务服务便民热线',
      faq: [{ q: '可以委托他人办理吗？', a: '可以，须提交授权委托书。' }],
    });
    await c.matters.saveFlowchart(sys, guideId, FLOW_TEMPLATES.licence!.chart);
    await c.matters.approve(sys, guideId, {});
  });

  it('passes axe at desktop and phone width, and prints without navigation but with the flowchart', async () => {
    const res = await page.goto(`${base}/services/${guideId}`);
    assert.equal(res?.status(), 200);
    assert.ok(await page.locator('.flowchart-picture svg[role="img"]').isVisible());
    await checkBothWidths(page, `/services/${guideId}`);
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ media: 'print' });
    try {
      const shown = await page.evaluate<{ nav: string; footer: string; svg: number; text: number; printNote: string }>(`(() => ({
        nav: getComputedStyle(document.querySelector('.main-nav')).display,
        footer: getComputedStyle(document.querySelector('.site-footer')).display,
        svg: document.querySelector('.flowchart-picture svg').getBoundingClientRect().width,
        text: document.querySelector('ol.flowchart-text').getBoundingClientRect().height,
        printNote: getComputedStyle(document.querySelector('.no-print')).display,
      }))()`);
      assert.equal(shown.nav, 'none', 'the navigation is not printed');
      assert.equal(shown.footer, 'none');
      assert.equal(shown.printNote, 'none');
      assert.ok(shown.svg > 100, `the flowchart is printed (${shown.svg}px wide)`);
      assert.ok(shown.text > 0, 'and its text version');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    assert.notEqual(await page.evaluate<string>(`getComputedStyle(document.querySelector('.main-nav')).display`), 'none', 'on screen the navigation is back');
  });
});
