import { createHash } from 'node:crypto';
import { systemActor } from '#platform/actor.js';
import { dateOf, dayNumber } from '#platform/calendar/index.js';
import { chinaDate } from '#platform/clock.js';
import { textToDocx } from '#platform/files/docx.js';
import { makeCreditCode } from '#platform/ids.js';
import { APPLICANT_KINDS, OUTCOMES, type ApplicantKind, type Outcome } from '#modules/requests/index.js';
import { idCheckChar } from '#modules/screening/index.js';
import type { Container } from '../container.js';

/** The civil date `n` calendar days after `date`. */
const addDays = (date: string, n: number): string => dateOf(dayNumber(date) + n);

/** A fictitious but checksum-valid resident ID number (demo applicants only). */
function demoId(serial: number): string {
  const body = `110101${1970 + (serial % 30)}${String((serial % 12) + 1).padStart(2, '0')}${String((serial % 27) + 1).padStart(2, '0')}${String(100 + (serial % 900)).padStart(3, '0')}`;
  return body + idCheckChar(body)!;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['明', '华', '芳', '伟', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '超', '霞'];
const TOPICS = [
  ['示范市2025年义务教育阶段学校招生工作实施方案', '示教发〔2025〕3号'],
  ['示范市学前教育资助资金分配情况', null],
  ['示范市中小学校舍安全检查报告', null],
  ['关于规范校外培训机构管理的通知', '示教发〔2024〕12号'],
  ['示范市教育局2025年部门预算', null],
  ['某小学扩建工程的立项批复', null],
] as const;

/**
 * Demo requests for 示范市教育局: a few live cases in every stage (handled through the service,
 * so their notices, clock and audit are real), three applicants asking for the same document (an
 * Art. 44 suggestion), and a summary of past cases (rows only) so that the figures have a year.
 */
export async function seedDemoRequests(c: Container, orgId: string): Promise<void> {
  const actor = systemActor('demo');
  const today = chinaDate(c.clock.now());
  let serial = 1;
  const person = (extra: Record<string, string> = {}) => {
    const n = serial++;
    return {
      orgId,
      applicantKind: 'naturalPerson',
      applicantName: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`,
      idType: 'resident_id',
      idNumber: demoId(n),
      phone: `1380000${String(1000 + n).slice(-4)}`,
      email: `applicant${n}@example.cn`,
      address: `示范市人民路${n}号`,
      postcode: '100000',
      provisionForm: 'electronic',
      obtainMethod: 'online',
      ...extra,
    };
  };
  const ask = (i: number) => ({ title: TOPICS[i % TOPICS.length]![0], docRef: TOPICS[i % TOPICS.length]![1] ?? '', description: `申请获取“${TOPICS[i % TOPICS.length]![0]}”的全文。` });

  // 1. Online, awaiting the Art. 31 confirmation.
  await c.requests.apply(actor, { ...person(), ...ask(0) });
  // 2. In person today: the clock runs, the receipt is issued.
  await c.requests.register(actor, { ...person(), ...ask(1), channel: 'in_person', receivedOn: today });
  // 3. Unclear: a 补正 notice went out.
  const unclear = await c.requests.register(actor, { ...person(), title: '有关学校的文件', description: '请提供学校的相关文件。', channel: 'in_person', receivedOn: today });
  await c.requests.requestCorrection(actor, unclear.id, { items: '1. 请写明所需文件的名称或文号；\n2. 请写明是哪一所学校、哪一年度的文件。', until: addDays(today, 15) });
  // 4. Concerns a third party: consultation under way, the clock paused.
  const third = await c.requests.register(actor, { ...person(), ...ask(5), channel: 'post_signed', receivedOn: today });
  await c.requests.startConsultation(actor, third.id, { kind: 'third-party', party: '示范市第一建筑工程有限公司', infoSummary: '扩建工程施工合同中的报价明细' });
  // 5. Organisation applicant, replied with the document and delivered.
  const org = await c.requests.register(actor, {
    ...person({ applicantKind: 'legal', applicantName: '示范市明理律师事务所', idType: '', idNumber: makeCreditCode('31990100', '00000015'), contactPerson: '周律师' }),
    ...ask(4),
    channel: 'in_person',
    receivedOn: today,
  });
  await c.requests.addReleasedFile(actor, org.id, { fileName: '示范市教育局2025年部门预算.docx', buffer: textToDocx('示范市教育局2025年部门预算', '（演示文件）\n一、收支总表……') });
  await c.requests.reply(actor, org.id, { outcome: 'granted' });
  await c.requests.recordDelivery(actor, org.id, { method: 'online', on: today });
  // 6. Three applicants ask for the same regulation, in different bracket forms: an Art. 44 suggestion.
  for (const ref of ['示教发〔2024〕12号', '示教发[2024]12号', '示教发(2024)12号']) {
    const r = await c.requests.register(actor, { ...person(), ...ask(3), docRef: ref, channel: 'in_person', receivedOn: today });
    await c.requests.addReleasedFile(actor, r.id, { fileName: '关于规范校外培训机构管理的通知.docx', buffer: textToDocx('关于规范校外培训机构管理的通知', '（演示文件）') });
    await c.requests.reply(actor, r.id, { outcome: 'granted' });
  }

  // Past cases (summary rows, as an agency migrating its register would load them): last year and this one.
  const year = Number(today.slice(0, 4));
  const rows = [];
  const weights: [Outcome, number][] = OUTCOMES.map((o) => [o, o === 'granted' ? 30 : o === 'partialGrant' ? 8 : o.startsWith('unable') ? 4 : 2]);
  const pick = (n: number): Outcome => {
    const total = weights.reduce((s, [, w]) => s + w, 0);
    let x = (n * 7919) % total;
    for (const [o, w] of weights) if ((x -= w) < 0) return o;
    return 'granted';
  };
  for (let i = 0; i < 120; i++) {
    const kind: ApplicantKind = APPLICANT_KINDS[i % 9 < 6 ? 0 : (i % 5) + 1] ?? 'naturalPerson';
    const received = `${year - 1 + (i % 3 === 0 ? 0 : 1)}-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
    if (received >= today) continue;
    // Closed about a month later (some across the year end, which the figures carry over); none still open.
    const closedOn = addDays(received, i % 11 === 0 ? 90 : 20 + (i % 20));
    if (closedOn >= today) continue;
    const outcome = pick(i);
    const status: 'abandoned' | 'archived' = outcome === 'other.overdueCorrection' ? 'abandoned' : 'archived';
    rows.push({
      orgId,
      caseNumber: `SZ-JYJ-H${received.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`,
      caseYear: Number(received.slice(0, 4)),
      queryCodeHash: createHash('sha256').update(`demo-history-${i}`).digest('hex'),
      channel: (['online', 'in_person', 'post_signed'] as const)[i % 3]!,
      status: status,
      applicantKind: kind,
      applicantName: '（历史数据，个人信息已清除）',
      applicantKey: `history-${i % 90}`,
      title: TOPICS[i % TOPICS.length]![0],
      description: '历史案件（汇总数据）',
      infoKey: `history:${i % TOPICS.length}`,
      provisionForm: 'electronic' as const,
      obtainMethod: 'online' as const,
      submittedAt: new Date(`${received}T09:00:00+08:00`),
      receivedOn: received,
      dueOn: null,
      outcome,
      outcomeReasons: outcome !== 'granted' ? '（历史数据）' : null,
      closedOn,
      repliedOn: status === 'archived' ? closedOn : null,
      personalPurgedAt: new Date(),
    });
  }
  if (rows.length === 0) return;
  const inserted = await c.db.insertInto('requests').values(rows).returning(['id', 'outcome', 'closedOn']).execute();
  // A few 复议 and 诉讼 about past refusals (annual-report table 4).
  const refused = inserted.filter((r) => r.outcome?.startsWith('denied.') || r.outcome?.startsWith('unable.'));
  const remedies = refused.slice(0, 5).map((r, i) => ({
    requestId: r.id,
    kind: (['reconsideration', 'reconsideration', 'litigationDirect', 'reconsideration', 'litigationAfterReconsideration'] as const)[i]!,
    filedOn: addDays(r.closedOn!, 30),
    body: i === 2 || i === 4 ? '示范市人民法院' : '示范市人民政府',
    result: (['upheld', 'corrected', 'upheld', 'pending', 'other'] as const)[i]!,
    decidedOn: i === 3 ? null : addDays(r.closedOn!, 75),
  }));
  const usable = remedies.filter((m) => m.filedOn < today && (m.decidedOn === null || m.decidedOn < today));
  if (usable.length) await c.db.insertInto('requestRemedies').values(usable).execute();
}
