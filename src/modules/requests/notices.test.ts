import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractText } from '#platform/files/extract.js';
import { findCjkFont } from '#platform/files/pdf.js';
import { sniffFile } from '#platform/files/sniff.js';
import { feeBreakdown } from './fees.js';
import { checkTemplate, chineseDate, DEFAULT_NOTICE_TEMPLATES, MISSING, NOTICE_KINDS, NOTICE_PLACEHOLDERS, NoticeError, noticeDocx, noticePdf, renderNotice, type NoticeData, type NoticeKind, type NoticeTemplateKey } from './notices.js';
import { OUTCOME_INFO, OUTCOMES, REMEDIES_TEXT } from './outcomes.js';

/** A case with every field filled, as the request service will pass it. */
const FULL: NoticeData = {
  agencyName: '示范市教育局',
  agencyAddress: '示范市人民路1号',
  agencyPhone: '0100-12345678',
  noticeNumber: '示教公开〔2026〕第12号',
  caseNumber: 'YSQ-2026-0042',
  applicantName: '张三',
  receivedOn: '2026-03-02',
  issuedOn: '2026-03-27',
  requestSummary: '2025年度示范市义务教育阶段学校招生计划。',
  replyDue: '2026-03-30',
  outcome: 'partialGrant',
  reasons: '其中涉及学生个人信息的部分属于个人隐私，公开后会对第三方合法权益造成损害',
  correction: { items: '1. 请明确所需信息的年份；\n2. 请明确所需信息涉及的学校范围。', until: '2026-03-20' },
  extension: { days: 20, newDue: '2026-04-28', reason: '所需信息涉及多个科室，需要调取、汇总' },
  consultation: { thirdParty: '示范市第一中学', responseDue: '2026-03-25', infoSummary: '示范市第一中学2025年度招生录取名单' },
  fee: { method: 'per-volume', amount: 1700, breakdown: feeBreakdown({ method: 'per-volume', pages: 150 }), payBy: '2026-04-24', howToPay: '通过示范市非税收入缴款系统缴纳' },
  delay: { until: '2026-06-30', reason: '申请涉及本机关近十年的全部招生档案，需要逐件检索' },
  released: ['2025年度义务教育招生计划', '《关于做好2025年义务教育招生工作的通知》'],
  otherAgency: { name: '示范市人力资源和社会保障局', contact: '0100-87654321' },
};
/** Only what every notice has: optional parts left out. */
const MINIMAL: NoticeData = { agencyName: '示范市教育局', noticeNumber: '示教公开〔2026〕第13号', caseNumber: 'YSQ-2026-0043', applicantName: '李四', receivedOn: '2026-03-02', issuedOn: '2026-03-03', requestSummary: '招生计划' };

const text = (n: ReturnType<typeof renderNotice>) => [n.title, n.noticeNumber, ...n.paragraphs, n.signature.agency, n.signature.date].join('\n');
const hasPdfFont = (() => {
  try {
    findCjkFont();
    return true;
  } catch {
    return false;
  }
})();

describe('renderNotice: every kind and every outcome', () => {
  const kinds: [NoticeKind, NoticeData][] = [...NOTICE_KINDS.filter((k) => k !== 'reply').map((k): [NoticeKind, NoticeData] => [k, FULL]), ...OUTCOMES.map((o): [NoticeKind, NoticeData] => ['reply', { ...FULL, outcome: o }])];
  for (const [kind, data] of kinds) {
    it(`${kind}${kind === 'reply' ? ` (${data.outcome})` : ''}: no placeholder, no undefined, no （未填写） with full data`, () => {
      const n = renderNotice(kind, data);
      const t = text(n);

      assert.ok(!t.includes('{{') && !t.includes('}}'), t);
      assert.ok(!/undefined|null|NaN|\[object/.test(t), t);
      assert.ok(!t.includes(MISSING), t);
      assert.ok(!t.includes('。。') && !t.includes('。；'), t);
      assert.equal(n.signature.date, '2026年3月27日');
      assert.ok(n.paragraphs[0]!.endsWith('：'));
    });
  }

  for (const o of OUTCOMES) {
    it(`reply ${o}: cites its legal basis and ends with the remedies`, () => {
      const n = renderNotice('reply', { ...FULL, outcome: o });

      assert.ok(text(n).includes(OUTCOME_INFO[o].basis), o);
      assert.ok(n.paragraphs.includes(REMEDIES_TEXT));
      if (OUTCOME_INFO[o].needsReasons) assert.ok(text(n).includes(FULL.reasons!), `${o} states the reasons`);
      if (OUTCOME_INFO[o].releases) assert.ok(text(n).includes('《2025年度义务教育招生计划》、《关于做好2025年义务教育招生工作的通知》'));
    });
  }

  for (const kind of NOTICE_KINDS.filter((k) => k !== 'reply')) {
    it(`${kind}: renders from minimal data with （未填写） where data is missing, never undefined`, () => {
      const t = text(renderNotice(kind, MINIMAL));

      assert.ok(!t.includes('{{') && !t.includes('undefined'), t);
      assert.ok(!t.includes('联系地址'), 'the contact line is left out without contact data');
    });
  }
});

describe('renderNotice: wording', () => {
  it('receipt states the date received and the statutory reply deadline', () => {
    const n = renderNotice('receipt', FULL);

    assert.equal(n.title, '政府信息公开申请受理回执');
    assert.equal(n.paragraphs[0], '张三：');
    assert.equal(n.paragraphs[1], '本机关于2026年3月2日收到您提出的政府信息公开申请（申请编号：YSQ-2026-0042），申请获取“2025年度示范市义务教育阶段学校招生计划”的政府信息。');
    assert.match(n.paragraphs[2]!, /第三十三条.*自收到申请之日起20个工作日内（即2026年3月30日前）作出答复.*最长不超过20个工作日/);
    assert.ok(!n.paragraphs.includes(REMEDIES_TEXT), 'a receipt decides nothing');
    assert.equal(n.paragraphs.at(-2), '联系地址：示范市人民路1号；联系电话：0100-12345678。');
    assert.equal(n.paragraphs.at(-1), '特此告知。');
  });

  it('states 15 working days for an application received under the 2007 rules', () => {
    assert.match(renderNotice('receipt', { ...MINIMAL, receivedOn: '2019-05-14' }).paragraphs.join(''), /15个工作日内/);
  });

  it('correction lists the items, one paragraph each, and the deadline', () => {
    const n = renderNotice('correction', FULL);

    assert.ok(n.paragraphs.includes('1. 请明确所需信息的年份；'));
    assert.ok(n.paragraphs.includes('2. 请明确所需信息涉及的学校范围。'));
    assert.ok(n.paragraphs.some((p) => p.startsWith('请您于2026年3月20日前将补正后的申请提交本机关')));
  });

  it('extension gives the reason, the days and the new deadline', () => {
    assert.ok(renderNotice('extension', FULL).paragraphs.includes('因所需信息涉及多个科室，需要调取、汇总，本机关不能在20个工作日内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款之规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，本机关将于2026年4月28日前作出答复。'));
  });

  it('consultation is addressed to the third party and does not name the applicant', () => {
    const n = renderNotice('consultation', FULL);

    assert.equal(n.paragraphs[0], '示范市第一中学：');
    assert.ok(!text(n).includes('张三'));
    assert.match(text(n), /自收到本函之日起15个工作日内（即2026年3月25日前）/);
  });

  it('fee notice prints the bands, the total, the deadline and the remedies', () => {
    const n = renderNotice('fee', FULL);

    assert.ok(n.paragraphs.includes('第31—100页：70页 × 10元 = 700元；'));
    assert.ok(n.paragraphs.includes('第101—200页：50页 × 20元 = 1000元。'));
    assert.ok(n.paragraphs.includes('合计应缴纳信息处理费人民币1700元。'));
    assert.match(text(n), /按照按量计收方式/);
    assert.match(text(n), /请您于2026年4月24日前缴纳上述费用。缴费方式：通过示范市非税收入缴款系统缴纳。逾期未缴纳的/);
    assert.match(text(n), /申请人对本通知不服的.*六十日内.*六个月内/);
  });

  it('Art. 35 delay notice gives the later deadline and the remedies', () => {
    const t = text(renderNotice('delay', FULL));

    assert.match(t, /第三十五条之规定，本机关确定延迟答复，将于2026年6月30日前向您作出答复/);
    assert.match(t, /申请人对本通知不服的/);
  });

  it('partial grant lists what is released and why the rest is withheld', () => {
    const n = renderNotice('reply', FULL);

    assert.match(text(n), /现随本告知书向您提供可以公开的部分：《2025年度义务教育招生计划》/);
    assert.ok(n.paragraphs.includes(`其余部分不予公开，理由如下：${FULL.reasons!}。`));
  });

  it('"not held" names the responsible agency and its contact when known, and says nothing of it otherwise', () => {
    const withAgency = text(renderNotice('reply', { ...FULL, outcome: 'unable.noInfo' }));
    const without = text(renderNotice('reply', { ...FULL, outcome: 'unable.noInfo', otherAgency: undefined }));

    assert.match(withAgency, /该政府信息由示范市人力资源和社会保障局负责公开，联系方式：0100-87654321。/);
    assert.ok(!without.includes('负责公开') && !without.includes(MISSING));
  });

  it('a reply needs an outcome', () => {
    assert.throws(() => renderNotice('reply', MINIMAL), (e: unknown) => e instanceof NoticeError && e.code === 'OUTCOME_REQUIRED' && /须先选择办理结果/.test(e.message));
  });

  it('missing reasons show as （未填写）', () => {
    assert.ok(renderNotice('reply', { ...MINIMAL, outcome: 'denied.stateSecret' }).paragraphs.includes(`您申请获取的政府信息属于国家秘密。具体理由：${MISSING}`));
  });

  it('formats dates the 公文 way', () => {
    assert.equal(chineseDate('2026-03-02'), '2026年3月2日');
    assert.equal(chineseDate('2026-12-31'), '2026年12月31日');
  });
});

describe('agency templates', () => {
  it('accepts every default template for its kind', () => {
    for (const [key, t] of Object.entries(DEFAULT_NOTICE_TEMPLATES)) assert.deepEqual(checkTemplate(t, key as NoticeTemplateKey), [], key);
  });

  it('overrides the default wording', () => {
    const n = renderNotice('receipt', FULL, { title: '{{agencyName}}政府信息公开申请登记回执', body: '{{applicantName}}：\n您的申请（{{caseNumber}}）已登记，我们将在{{replyDue}}前答复。' });

    assert.equal(n.title, '示范市教育局政府信息公开申请登记回执');
    assert.deepEqual(n.paragraphs, ['张三：', '您的申请（YSQ-2026-0042）已登记，我们将在2026年3月30日前答复。']);
  });

  it('refuses unknown placeholders, with a Chinese message', () => {
    const errors = checkTemplate({ title: '回执', body: '{{applicantName}}：{{nosuch}}' });

    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /未知的占位符 \{\{nosuch\}\}/);
    assert.match(checkTemplate({ title: '回执', body: '{{nosuch}}' }, 'receipt')[0]!, /可用的占位符：agencyName、/);
  });

  it('refuses placeholders of other notices, broken braces, empty parts and a decision without remedies', () => {
    assert.match(checkTemplate({ title: '回执', body: '{{feeAmount}}' }, 'receipt').join(''), /\{\{feeAmount\}\}（应缴金额（元））不适用于受理回执/);
    assert.match(checkTemplate({ title: '回执', body: '{{applicantName：' }).join(''), /占位符格式有误/);
    assert.match(checkTemplate({ title: ' ', body: '' }).join(''), /标题不能为空。正文不能为空。/);
    assert.match(checkTemplate({ title: '答复', body: '{{reasons}}' }, 'reply.denied.stateSecret').join(''), /须载明救济途径/);
  });

  it('renders an unknown placeholder of an unchecked template as （未填写）', () => {
    assert.deepEqual(renderNotice('receipt', FULL, { title: 't', body: 'x{{nosuch}}y' }).paragraphs, [`x${MISSING}y`]);
  });

  it('lists the placeholders per kind for the editor', () => {
    assert.ok(NOTICE_PLACEHOLDERS.receipt.some((p) => p.name === 'replyDue'));
    assert.ok(!NOTICE_PLACEHOLDERS.receipt.some((p) => p.name === 'remedies'));
    assert.ok(NOTICE_PLACEHOLDERS.reply.some((p) => p.name === 'remedies' && p.label === '救济途径'));
  });
});

describe('notice files', () => {
  it('DOCX carries the title, the 文号, the case number, the remedies and the signature, in order', async () => {
    const buf = noticeDocx(renderNotice('reply', { ...FULL, outcome: 'denied.processInfo' }));

    assert.equal(sniffFile(buf, 'n.docx').kind, 'docx');
    const t = (await extractText(buf, 'docx')) ?? '';
    for (const s of ['政府信息公开申请答复告知书', '示教公开〔2026〕第12号', 'YSQ-2026-0042', REMEDIES_TEXT, '示范市教育局', '2026年3月27日']) assert.ok(t.includes(s), s);
    assert.ok(t.indexOf('答复告知书') < t.indexOf('张三：') && t.indexOf('张三：') < t.indexOf('2026年3月27日'));
  });

  it('PDF carries the title, the case number and the remedies', { skip: hasPdfFont ? false : 'no Chinese font installed (fonts-noto-cjk)' }, async () => {
    const buf = await noticePdf(renderNotice('reply', FULL));

    assert.equal(sniffFile(buf, 'n.pdf').kind, 'pdf');
    const t = ((await extractText(buf, 'pdf')) ?? '').replace(/\s+/g, '');
    for (const s of ['政府信息公开申请答复告知书', 'YSQ-2026-0042', '示教公开〔2026〕第12号', REMEDIES_TEXT, '2026年3月27日']) assert.ok(t.includes(s.replace(/\s+/g, '')), `${s} in ${t.slice(0, 300)}`);
    assert.ok(buf.length < 300_000, `${buf.length} bytes`);
  });
});
