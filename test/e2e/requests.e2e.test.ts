/**
 * Browser tier, 依申请公开 as a new user meets it, without JavaScript, on a fixed clock (June 2026,
 * whose holidays are bundled): an applicant applies online (once with a wrong ID check digit);
 * the officer confirms receipt, sends a 补正 notice, records the correction, consults a third
 * party and records the answer; the office head extends once; the officer uploads the released
 * file and replies 部分公开. The applicant follows every step with case number + query code, and
 * the deadline shown to both sides is checked at each step against dates counted by hand from the
 * 2026 calendar (端午 Jun 19–21). Then axe on every public and workspace page of 依申请公开
 * (desktop and phone widths).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../src/platform/clock.js';
import { extractText } from '../../src/platform/files/extract.js';
import { idCheckChar } from '../../src/modules/screening/detectors.js';
import { checkBothWidths, DESKTOP, usePage, useServerAndBrowser, type E2eServer } from './server.js';

/** The app's time: 09:00 China time on the given day (sessions idle out after 30 minutes of it). */
const clock = fixedClock(new Date('2026-06-01T09:00:00+08:00'));
const setDay = (day: string) => clock.set(new Date(`${day}T09:00:00+08:00`));

let browser: Browser;
let base = '';
let server: E2eServer;

useServerAndBrowser(
  (all) => {
    browser = all.browser;
    base = all.server.base;
    server = all.server;
  },
  { clock },
);

const OFFICER = { username: 'officer.jyj', password: 'Shifan#JyjOfficer-2026' };
const HEAD = { username: 'head.jyj', password: 'Shifan#JyjHead-2026' };
const PDF = path.resolve(import.meta.dirname, '..', 'fixtures', 'files', 'notice-zh.pdf');
const TITLE = '示范市2026年中小学课后服务经费使用情况';
const ID_BODY = '11010119900307123';
const ID_NUMBER = ID_BODY + idCheckChar(ID_BODY)!;
/** The same number with a wrong check digit. */
const BAD_ID = ID_BODY + (ID_NUMBER.endsWith('0') ? '1' : '0');

/** Filled in by the journey; the axe checks reuse the case. */
const journey = { caseNumber: '', code: '', caseId: '' };

async function signIn(page: Page, user: { username: string; password: string }) {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/staff/login')), page.getByRole('button', { name: '登录' }).click()]);
}

async function click(page: Page, name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

const mainText = async (page: Page) => (await page.textContent('main')) ?? '';

/** Opens the action form under a <summary> (native <details>, no JavaScript needed). */
const openAction = (page: Page, summary: string) => page.locator('summary', { hasText: summary }).click();

/** The deadline line of the staff case page, e.g. "答复期限：2026年6月30日". */
const staffDeadline = async (page: Page) => ((await page.locator('.clock .deadline strong').textContent()) ?? '').trim();

describe('依申请公开 without JavaScript: apply, 补正, consult, extend, reply; the applicant follows each step', () => {
  let applicant: Page;
  let officer: Page;
  let head: Page;
  const noJs = { javaScriptEnabled: false, viewport: DESKTOP, locale: 'zh-CN' } as const;
  usePage(() => browser, noJs, (p) => (applicant = p));
  usePage(() => browser, noJs, (p) => (officer = p));
  usePage(() => browser, noJs, (p) => (head = p));

  /** The applicant looks the case up with number + code (the tracking cookie lasts 2 hours of the clock) and returns the 答复期限 cell, or '' when none is shown. */
  async function applicantDeadline(): Promise<string> {
    await applicant.goto(`${base}/requests/track`);
    await applicant.getByLabel('申请编号').fill(journey.caseNumber);
    await applicant.getByLabel('查询码').fill(journey.code);
    await click(applicant, '查询');
    assert.equal(new URL(applicant.url()).pathname, `/requests/track/${journey.caseNumber}`);
    const row = applicant.locator('table.kv tr', { has: applicant.locator('th', { hasText: '答复期限' }) });
    return (await row.count()) ? ((await row.locator('td').textContent()) ?? '').trim() : '';
  }

  /** The officer (signed in afresh: moving the clock by days ends the session) on the case page. */
  async function officerOnCase(page = officer, user = OFFICER) {
    await signIn(page, user);
    await page.goto(`${base}/staff/requests/${journey.caseId}`);
  }

  it('the applicant applies online: a wrong ID check digit is refused next to the field, then the case number and query code', async () => {
    await applicant.goto(`${base}/requests`);
    await Promise.all([applicant.waitForNavigation(), applicant.getByRole('link', { name: '在线申请' }).click()]);
    assert.equal(new URL(applicant.url()).pathname, '/requests/new');
    await applicant.getByLabel('受理机关').selectOption({ label: '示范市教育局' });
    await applicant.getByRole('radio', { name: '自然人' }).check();
    await applicant.getByLabel('姓名或名称').fill('孙立新');
    await applicant.getByLabel('证件类型（自然人填写）').selectOption('resident_id');
    await applicant.getByLabel('证件号码 / 统一社会信用代码').fill(BAD_ID);
    await applicant.getByLabel('电子邮箱').fill('sun.lixin@example.cn');
    await applicant.getByLabel('所需信息的名称').fill(TITLE);
    await applicant.getByLabel('所需信息的内容描述').fill('申请获取2026年度全市中小学课后服务经费的分配和使用情况。');
    await applicant.getByRole('radio', { name: '电子文档' }).check();
    await applicant.getByRole('radio', { name: '网上获取（本平台）' }).check();
    await click(applicant, '提交申请');
    await applicant.locator('.error-summary').waitFor();
    assert.equal((await applicant.locator('#f-idNumber-err').textContent())?.trim(), '居民身份证号码无效：校验码或出生日期不正确，请核对。');
    // What was typed is kept; only the number is corrected.
    assert.equal(await applicant.getByLabel('所需信息的名称').inputValue(), TITLE);
    await applicant.getByLabel('证件号码 / 统一社会信用代码').fill(ID_NUMBER);
    await click(applicant, '提交申请');
    assert.equal((await applicant.locator('h1').textContent())?.trim(), '申请已提交');
    journey.caseNumber = ((await applicant.locator('table.kv tr', { hasText: '申请编号' }).locator('strong').textContent()) ?? '').trim();
    journey.code = ((await applicant.locator('#query-code').textContent()) ?? '').trim();
    assert.match(journey.caseNumber, /^SZ-JYJ-2026-\d{5}$/);
    assert.match(journey.code, /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    // Until the agency confirms receipt, the clock has not started.
    assert.match(await applicantDeadline(), /^尚待机关确认收到申请/);
  });

  it('the officer finds it among the cases awaiting confirmation, confirms receipt: due 2026-06-30', async () => {
    await signIn(officer, OFFICER);
    await officer.goto(`${base}/staff/requests`);
    await officer.getByLabel('状态').selectOption('submitted');
    await officer.getByLabel('申请编号').fill(journey.caseNumber);
    await click(officer, '筛选');
    await Promise.all([officer.waitForURL(/\/staff\/requests\/\d+$/), officer.getByRole('link', { name: journey.caseNumber }).click()]);
    journey.caseId = new URL(officer.url()).pathname.split('/').pop()!;
    // The officer sees the applicant's identity (the handling agency's disclosure staff).
    assert.ok((await mainText(officer)).includes(ID_NUMBER));
    await openAction(officer, '确认收到申请（第三十一条）');
    assert.equal(await officer.getByLabel('确认日期').inputValue(), '2026-06-01');
    await click(officer, '确认收到');
    assert.ok((await mainText(officer)).includes('已确认收到申请'));
    // 20 working days after Mon 1 June, the day itself not counted; 端午 Fri 19 – Sun 21 June skipped.
    assert.equal(await staffDeadline(officer), '答复期限：2026年6月30日');
    const clockText = (await officer.locator('.clock').textContent()) ?? '';
    assert.ok(clockText.includes('端午节'), clockText);
    assert.match(await applicantDeadline(), /^2026年6月30日（自收到申请次日起计算 20 个工作日/);
  });

  it('the officer sends a 补正 notice: the clock waits for the correction', async () => {
    await officer.goto(`${base}/staff/requests/${journey.caseId}`);
    await openAction(officer, '告知补正（第三十条，一次性告知）');
    await officer.getByLabel('需要补正的事项（一次性告知全部事项）').fill('请写明所需经费信息的年度范围和学校类别。');
    await officer.getByLabel('补正期限').fill('2026-06-16');
    await click(officer, '生成补正告知书');
    const main = await mainText(officer);
    assert.ok(main.includes('补正告知书已生成'));
    assert.ok(main.includes('等待申请人补正（期限至 2026年6月16日）'), main);
    assert.equal(await applicantDeadline(), '等待补正：请于 2026年6月16日 前补正。收到补正后的申请之日起，答复期限重新计算 20 个工作日。');
  });

  it('on 3 June the correction arrives: the 20 days start again, due 2026-07-02', async () => {
    setDay('2026-06-03');
    await officerOnCase();
    await openAction(officer, '登记收到补正材料（期限重新计算）');
    assert.equal(await officer.getByLabel('收到补正日期').inputValue(), '2026-06-03');
    await click(officer, '登记补正');
    assert.equal(await staffDeadline(officer), '答复期限：2026年7月2日');
    assert.ok((await officer.locator('.clock').textContent())?.includes('2026年6月3日（收到补正之日，期限重新计算）'));
    assert.match(await applicantDeadline(), /^2026年7月2日（自收到补正后申请次日起重新计算 20 个工作日/);
  });

  it('on 4 June a third party is consulted: the clock pauses, the answer is due 2026-06-26', async () => {
    setDay('2026-06-04');
    await officerOnCase();
    await openAction(officer, '征求第三方或其他机关意见（期限暂停）');
    await officer.getByLabel('对象').selectOption('third-party');
    await officer.getByLabel('第三方或机关名称').fill('示范市第二实验小学');
    await officer.getByLabel('拟公开信息的内容').fill('该校课后服务经费的收支明细');
    await click(officer, '征求意见');
    assert.equal(await officer.locator('.clock .deadline').count(), 0, 'no deadline while paused');
    assert.ok((await officer.locator('.clock').textContent())?.includes('期限暂停：征求第三方意见（自 2026年6月4日 起，对方应于 2026年6月26日 前答复）'));
    assert.equal(await applicantDeadline(), '答复期限暂停计算：自 2026年6月4日 起征求第三方意见，这段时间不计入答复期限；对方应于 2026年6月26日 前答复。');
  });

  it('on 9 June the answer is recorded: 3 paused working days move the deadline to 2026-07-07', async () => {
    setDay('2026-06-09');
    await officerOnCase();
    await officer.getByLabel('答复日期（逾期未答复的，填期限届满日）').fill('2026-06-09');
    await officer.getByLabel('意见', { exact: true }).selectOption('consent');
    await click(officer, '登记意见，恢复计算期限');
    assert.equal(await staffDeadline(officer), '答复期限：2026年7月7日');
    const clockText = (await officer.locator('.clock').textContent()) ?? '';
    assert.ok(clockText.includes('23 个工作日 = 法定 20 + 暂停期间 3'), clockText);
    assert.ok(clockText.includes('征求第三方意见：2026年6月4日 至 2026年6月9日，不计入 3 个工作日'), clockText);
    // An officer may not extend: only the head of the disclosure office approves.
    assert.equal(await officer.locator('summary', { hasText: '延长答复期限' }).count(), 0);
    assert.ok((await mainText(officer)).includes('延长答复期限须由政府信息公开工作机构负责人批准。'));
    assert.match(await applicantDeadline(), /^2026年7月7日（.*征求第三方意见暂停 3 个工作日（2026年6月4日至2026年6月9日）/);
  });

  it('on 10 June the head extends once: 25 days are refused, 10 give 2026-07-21', async () => {
    setDay('2026-06-10');
    await officerOnCase(head, HEAD);
    await openAction(head, '延长答复期限（须经公开工作机构负责人批准）');
    await head.getByLabel('延长的工作日数（最长 20 个）').fill('25');
    await head.getByLabel('延期理由').fill('需要汇总各区学校的经费数据。');
    await click(head, '批准延期');
    assert.equal((await head.locator('#f-extend-days-err').textContent())?.trim(), '延长答复的期限最长不得超过 20 个工作日。');
    assert.equal(await staffDeadline(head), '答复期限：2026年7月7日', 'nothing changed');
    // The form came back open with the errors; the reason is kept.
    await head.getByLabel('延长的工作日数（最长 20 个）').fill('10');
    await click(head, '批准延期');
    assert.equal(await staffDeadline(head), '答复期限：2026年7月21日');
    assert.ok((await head.locator('.clock').textContent())?.includes('33 个工作日 = 法定 20 + 延长 10 + 暂停期间 3'));
    assert.match(await applicantDeadline(), /^2026年7月21日（.*延长 10 个工作日/);
  });

  it('on 12 June the officer uploads the released file and replies 部分公开 with reasons', async () => {
    setDay('2026-06-12');
    await officerOnCase();
    await officer.getByLabel('上传提供给申请人的信息').setInputFiles(PDF);
    await click(officer, '上传');
    assert.ok(await officer.getByRole('link', { name: 'notice-zh.pdf' }).isVisible());
    await openAction(officer, '作出答复');
    await officer.getByLabel('答复结果（对应年度报告表三）').selectOption({ label: '（二）部分公开' });
    await officer.getByLabel(/^理由（部分公开须说明/).fill('各校收支明细中的供应商银行账户属于商业秘密，已作区分处理。');
    await click(officer, '生成答复告知书并答复');
    const main = await mainText(officer);
    assert.ok(main.includes('已作出答复'));
    assert.ok(main.includes('已于 2026年6月12日 办结：部分公开。'), main);
  });

  it('the applicant sees every step, the outcome, the remedies, the notices and the reply DOCX (but not the letter to the third party)', async () => {
    assert.equal(await applicantDeadline(), '', 'no deadline once replied');
    const row = async (label: string) => ((await applicant.locator('table.kv tr', { has: applicant.locator('th', { hasText: label }) }).locator('td').textContent()) ?? '').trim();
    assert.equal(await row('办理状态'), '已答复');
    assert.equal(await row('收到申请日期'), '2026年6月1日');
    assert.equal(await row('办结日期'), '2026年6月12日');
    // The applicant's name is masked; identity and contact never appear.
    const main = await mainText(applicant);
    assert.ok(!main.includes(ID_NUMBER) && !main.includes('sun.lixin@example.cn') && !main.includes('孙立新'));
    const steps = await applicant.locator('ol.timeline li').evaluateAll((lis) => lis.map((li) => `${li.querySelector('time')?.textContent ?? ''} ${li.querySelector('strong')?.textContent ?? ''}`));
    assert.deepEqual(steps, [
      '2026年6月1日 提交申请',
      '2026年6月1日 确认收到申请',
      '2026年6月1日 告知补正',
      '2026年6月3日 收到补正材料',
      '2026年6月4日 征求意见',
      '2026年6月9日 收到意见',
      '2026年6月10日 延长答复期限',
      '2026年6月12日 作出答复',
    ]);
    const outcome = (await applicant.locator('section[aria-labelledby="outcome-h"]').textContent()) ?? '';
    assert.ok(outcome.includes('部分公开') && outcome.includes('《中华人民共和国政府信息公开条例》第三十七条'), outcome);
    assert.ok(outcome.includes('六十日内依法申请行政复议') && outcome.includes('六个月内依法向人民法院提起行政诉讼'), outcome);
    const notices = await applicant.locator('section[aria-labelledby="notices-h"] li').allTextContents();
    for (const title of ['政府信息公开申请受理回执', '政府信息公开申请补正告知书', '政府信息公开申请延期答复告知书', '政府信息公开申请答复告知书']) {
      assert.ok(notices.some((n) => n.includes(title)), `${title} in ${notices.join(' | ')}`);
    }
    assert.ok(!notices.some((n) => n.includes('征求第三方意见函')), 'the letter to the third party is not the applicant’s');
    assert.ok(await applicant.getByRole('link', { name: 'notice-zh.pdf' }).isVisible(), 'the released file is offered');

    // The reply notice as DOCX: a ZIP whose text names the case.
    const reply = applicant.locator('section[aria-labelledby="notices-h"] li', { hasText: '政府信息公开申请答复告知书' });
    const [download] = await Promise.all([applicant.waitForEvent('download'), reply.getByRole('link', { name: '下载 DOCX' }).click()]);
    assert.match(download.suggestedFilename(), /答复告知书\.docx$/);
    const docx = fs.readFileSync(await download.path());
    assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK');
    const text = (await extractText(docx, 'docx')) ?? '';
    assert.ok(text.includes(journey.caseNumber), text.slice(0, 400));
    assert.ok(text.includes('部分公开') && text.includes('商业秘密'), text.slice(0, 800));

    // Even with its address, the 征求第三方意见函 is refused to the applicant (the officer is still signed in: same day).
    await officer.goto(`${base}/staff/requests/${journey.caseId}`);
    const letter = officer.locator('section[aria-labelledby="notices-h"] tr', { hasText: '征求第三方意见函' });
    const href = await letter.getByRole('link', { name: 'DOCX' }).getAttribute('href');
    const noticeId = /\/notices\/(\d+)\/docx$/.exec(href ?? '')?.[1];
    assert.ok(noticeId, href ?? 'no link');
    const res = await applicant.context().request.get(`${base}/requests/track/${journey.caseNumber}/notices/${noticeId}/docx`);
    assert.equal(res.status(), 404);
  });
});

describe('依申请公开 pages pass axe (desktop and phone)', () => {
  let page: Page;
  usePage(() => browser, { viewport: DESKTOP, locale: 'zh-CN' }, (p) => (page = p));

  it('public: explanation, form (empty and with errors), tracking (empty, with an error, a case timeline)', async () => {
    await page.goto(`${base}/requests`);
    await checkBothWidths(page, 'requests explanation page');
    await page.goto(`${base}/requests/new`);
    await checkBothWidths(page, 'application form');
    await click(page, '提交申请');
    await page.locator('.error-summary').waitFor();
    await checkBothWidths(page, 'application form with errors');
    await page.goto(`${base}/requests/track`);
    await checkBothWidths(page, 'tracking form');
    await page.getByLabel('申请编号').fill(journey.caseNumber || 'SZ-JYJ-2026-00001');
    await page.getByLabel('查询码').fill('WRNG-CODE');
    await click(page, '查询');
    await page.locator('.error-summary').waitFor();
    await checkBothWidths(page, 'tracking form with an error');
    assert.ok(journey.code, 'the journey ran first');
    await page.getByLabel('申请编号').fill(journey.caseNumber);
    await page.getByLabel('查询码').fill(journey.code);
    await click(page, '查询');
    await checkBothWidths(page, 'a replied case’s timeline');
  });

  it('workspace: both lists, registration (also with errors), cases in every state, figures, templates, suggestions', async () => {
    const db = server.t.c.db;
    const jyj = await db.selectFrom('organisations').select('id').where('slug', '=', 'sz-jyj').executeTakeFirstOrThrow();
    const live = await db.selectFrom('requests').select(['id', 'status', 'clockPaused']).where('orgId', '=', jyj.id).where('personalPurgedAt', 'is', null).orderBy('id').execute();
    const first = (f: (r: (typeof live)[number]) => boolean, what: string) => {
      const r = live.find(f);
      assert.ok(r, `a demo case ${what}`);
      return r.id;
    };
    const cases: [string, string][] = [
      ['submitted', first((r) => r.status === 'submitted', 'awaiting confirmation')],
      ['handling', first((r) => r.status === 'handling' && !r.clockPaused, 'being handled')],
      ['handling, consultation under way', first((r) => r.status === 'handling' && r.clockPaused, 'paused for consultation')],
      ['correction', first((r) => r.status === 'correction', 'awaiting correction')],
      ['replied and delivered', first((r) => r.status === 'replied', 'replied')],
      ['replied (the journey)', journey.caseId],
    ];
    // The head of office sees everything an officer does, plus templates and the extension form.
    await signIn(page, HEAD);
    for (const [state, id] of cases) {
      await page.goto(`${base}/staff/requests/${id}`);
      await checkBothWidths(page, `case page, ${state}`);
    }
    for (const [url, label] of [
      ['/staff/requests?scope=mine', 'my cases'],
      ['/staff/requests?scope=agency', 'agency cases'],
      ['/staff/requests?scope=agency&status=all&flag=due-soon', 'agency cases, filtered'],
      ['/staff/requests/figures', 'figures (tables 3 and 4)'],
      ['/staff/requests/templates', 'notice templates'],
      ['/staff/requests/templates?key=receipt', 'the receipt template open'],
      ['/staff/requests/suggestions', 'suggestions for proactive disclosure'],
      ['/staff/requests/new', 'registration form'],
    ] as const) {
      await page.goto(`${base}${url}`);
      await checkBothWidths(page, label);
    }
    await click(page, '登记');
    await page.locator('.error-summary').waitFor();
    await checkBothWidths(page, 'registration form with errors');
  });
});
