import { z } from 'zod';
import { isValidDate } from '#platform/calendar/index.js';
import { optionalText, requiredText } from '#platform/validation.js';
import type { Disclosure, Validity } from '#platform/db/schema.js';

/** 公开方式 (Regs Art. 13; 不予公开 as a drafting attribute per the 2016 implementing rules). */
export const DISCLOSURES: readonly Disclosure[] = ['proactive', 'on_request', 'withheld'];
export const DISCLOSURE_LABELS: Record<Disclosure, { zh: string; en: string }> = {
  proactive: { zh: '主动公开', en: 'Proactive' },
  on_request: { zh: '依申请公开', en: 'On request' },
  withheld: { zh: '不予公开', en: 'Not disclosed' },
};

/** Legal grounds for 不予公开 (Regs 2019 Arts. 14–16). */
export const WITHHELD_GROUNDS = {
  art14_state_secret: '依法确定为国家秘密（第十四条）',
  art14_law_prohibited: '法律、行政法规禁止公开（第十四条）',
  art14_security: '公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）',
  art15_trade_secret: '涉及商业秘密，公开会对第三方合法权益造成损害（第十五条）',
  art15_privacy: '涉及个人隐私，公开会对第三方合法权益造成损害（第十五条）',
  art16_internal: '内部事务信息（人事管理、后勤管理、内部工作流程等）（第十六条第一款）',
  art16_process: '过程性信息（讨论记录、过程稿、磋商信函、请示报告等）（第十六条第一款）',
  art16_case_file: '行政执法案卷信息（第十六条第二款）',
} as const;
export type WithheldGround = keyof typeof WITHHELD_GROUNDS;

/** 公开范围. */
export const SCOPE_LABELS = { public: { zh: '面向社会', en: 'The public' }, applicant: { zh: '面向申请人', en: 'The applicant' } } as const;

/** 有效性. */
export const VALIDITY_LABELS: Record<Validity, { zh: string; en: string }> = {
  in_force: { zh: '现行有效', en: 'In force' },
  expired: { zh: '已失效', en: 'Expired' },
  repealed: { zh: '已废止', en: 'Repealed' },
};

/** The 15 categories of proactive disclosure listed in Regs 2019 Art. 20 (annual-report table 2 draws on them). */
export const ART20_CATEGORIES: readonly string[] = [
  '行政法规、规章和规范性文件',
  '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名',
  '国民经济和社会发展规划、专项规划、区域规划及相关政策',
  '国民经济和社会发展统计信息',
  '行政许可及其他对外管理服务事项的依据、条件、程序以及办理结果',
  '行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定',
  '财政预算、决算信息',
  '行政事业性收费项目及其依据、标准',
  '政府集中采购项目的目录、标准及实施情况',
  '重大建设项目的批准和实施情况',
  '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况',
  '突发公共事件的应急预案、预警信息及应对情况',
  '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
  '公务员招考的职位、名额、报考条件等事项以及录用结果',
  '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息',
];

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
/** "（一）…" label of an Art. 20 category. */
export function art20Label(n: number): string {
  return `（${CHINESE_NUMERALS[n - 1] ?? n}）${ART20_CATEGORIES[n - 1] ?? ''}`;
}

const blankToNull = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v ?? null);

const dateBase = (label: string) => z.string({ message: `${label}格式应为 YYYY-MM-DD。` }).refine((d) => isValidDate(d), `${label}不是有效日期（格式 YYYY-MM-DD）。`);
/** A required civil date (YYYY-MM-DD). */
const requiredDate = (label: string) => z.preprocess(blankToNull, z.string({ message: `请填写${label}。` }).pipe(dateBase(label)));
/** An optional civil date. */
const optionalDate = (label: string) => z.preprocess(blankToNull, dateBase(label).nullable());

/** Keywords from a list or a string separated by commas, semicolons or spaces. */
const Keywords = z.preprocess(
  (v): unknown => {
    const list: unknown = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,，;；、\s]+/) : v === undefined || v === null ? [] : v;
    return Array.isArray(list) ? [...new Set((list as unknown[]).map((k) => (typeof k === 'string' ? k.trim() : k)).filter((k) => k !== ''))] : list;
  },
  z.array(z.string().max(20, '每个主题词不能超过 20 个字符。'), { message: '主题词格式不正确。' }).max(10, '主题词最多 10 个。'),
);

/** A list of agency references (slugs or ids) from an array or a separated string. */
const OrgRefs = z.preprocess(
  (v) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,，;；\s]+/).filter(Boolean) : v === undefined || v === null ? [] : v),
  z.array(z.string().regex(/^[a-z0-9-]{1,60}$|^[1-9]\d{0,17}$/, '联合发布机构格式不正确。'), { message: '联合发布机构格式不正确。' }).max(20, '联合发布机构最多 20 个。'),
);

/**
 * The content of an item as staff (form, API) or an import line gives it. Taxonomies are given by
 * code; agencies by slug or id; the body as HTML (sanitised on save) or plain text.
 */
export const ItemInput = z
  .object({
    title: requiredText(1, 300, '标题'),
    summary: optionalText(500, '内容概述'),
    docNumber: optionalText(60, '文号'),
    generatedOn: requiredDate('成文日期'),
    effectiveOn: optionalDate('施行日期'),
    topic: z.preprocess(blankToNull, z.string().regex(/^[A-Za-z0-9]{1,12}$|\\/, '主题分类不存在。').max(80).nullable()),
    genre: z.preprocess(blankToNull, z.string().max(40, '体裁不存在。').nullable()),
    keywords: Keywords,
    disclosure: z.preprocess((v) => blankToNull(v) ?? 'proactive', z.enum(['proactive', 'on_request', 'withheld'], { message: '请选择公开方式。' })),
    withheldGround: z.preprocess(blankToNull, z.enum(Object.keys(WITHHELD_GROUNDS) as [WithheldGround, ...WithheldGround[]], { message: '请选择不予公开的法定理由。' }).nullable()),
    scope: z.preprocess((v) => blankToNull(v) ?? 'public', z.enum(['public', 'applicant'], { message: '请选择公开范围。' })),
    art20: z.preprocess((v) => (blankToNull(v) === null ? null : Number(v)), z.number({ message: '第二十条类别应为 1–15。' }).int('第二十条类别应为 1–15。').min(1, '第二十条类别应为 1–15。').max(15, '第二十条类别应为 1–15。').nullable()),
    coIssuers: OrgRefs,
    interprets: z.preprocess(blankToNull, z.string().max(80, '所解读的文件格式不正确。').nullable()),
    bodyHtml: z.preprocess(blankToNull, z.string().max(2_000_000, '正文过长（不超过 200 万字符）。').nullable()),
    bodyText: z.preprocess(blankToNull, z.string().max(2_000_000, '正文过长（不超过 200 万字符）。').nullable()),
  })
  .superRefine((v, ctx) => {
    if (v.disclosure === 'withheld' && !v.withheldGround) ctx.addIssue({ code: 'custom', path: ['withheldGround'], message: '不予公开须选择法定理由（条例第十四至十六条）。' });
    if (v.disclosure !== 'withheld' && v.withheldGround) ctx.addIssue({ code: 'custom', path: ['withheldGround'], message: '只有“不予公开”的信息需要填写不予公开理由。' });
    if (v.bodyHtml && v.bodyText) ctx.addIssue({ code: 'custom', path: ['bodyText'], message: '正文请只提供 HTML 或纯文本中的一种。' });
  });
export type ItemInput = z.infer<typeof ItemInput>;

/** A validity change: 失效 or 废止 with the date, or back to 现行有效. */
export const ValidityInput = z
  .object({
    validity: z.enum(['in_force', 'expired', 'repealed'], { message: '请选择有效性。' }),
    changedOn: optionalDate('失效/废止日期'),
  })
  .superRefine((v, ctx) => {
    if (v.validity !== 'in_force' && !v.changedOn) ctx.addIssue({ code: 'custom', path: ['changedOn'], message: '请填写失效或废止的日期。' });
  });

/** A reason (return to the editor, withdrawal). */
export const ReasonInput = z.object({ reason: requiredText(2, 500, '理由') });
