import { z } from 'zod';
import { isValidDate } from '#platform/calendar/index.js';
import { optionalText, requiredText } from '#platform/validation.js';

/**
 * 事项 (matters): administrative powers (权责清单, ogi-rules §6) and service guides (办事指南, §7)
 * share one versioned record with a typed JSON content and an optional flowchart (运行流程图).
 */
export type MatterType = 'power' | 'service';

/** Default 职权类别 (ogi-rules §6.1: national guidance, wording UNCONFIRMED — the coordinator edits the list). */
export const DEFAULT_POWER_CATEGORIES: readonly { code: string; name: string }[] = [
  { code: 'XK', name: '行政许可' },
  { code: 'CF', name: '行政处罚' },
  { code: 'QZ', name: '行政强制' },
  { code: 'ZS', name: '行政征收' },
  { code: 'JF', name: '行政给付' },
  { code: 'JC', name: '行政检查' },
  { code: 'QR', name: '行政确认' },
  { code: 'JL', name: '行政奖励' },
  { code: 'CJ', name: '行政裁决' },
  { code: 'QT', name: '其他行政权力' },
];

/** 公共企事业单位 sectors (Regs 2019 Art. 55; 国办发〔2020〕50号). */
export const SECTORS = {
  water: '供水',
  power: '供电',
  gas: '供气',
  heating: '供热',
  transport: '公共交通',
  health: '医疗卫生',
  education: '教育',
  environment: '环境保护',
} as const;
export type SectorCode = keyof typeof SECTORS;

/** Status of a power (versions carry it with the date it took effect). */
export const POWER_STATUS = { in_force: '实施中', under_revision: '调整中', abolished: '已取消' } as const;
export type PowerStatus = keyof typeof POWER_STATUS;

/** 实施主体性质. */
export const BODY_NATURE = { statutory: '法定机关', authorised: '法律法规授权组织', entrusted: '受委托组织' } as const;

/** How a material is submitted. */
export const MATERIAL_FORMS = { original: '原件', copy: '复印件', both: '原件和复印件', electronic: '电子件' } as const;

/** 办件类型. */
export const HANDLING_TYPES = { instant: '即办件', promised: '承诺件' } as const;

/** 服务对象. */
export const AUDIENCES = { person: '自然人', legal: '法人', other: '其他组织' } as const;

const days = (label: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.trim()) : v),
    z.number({ message: `${label}须为 0–365 的整数（工作日）。` }).int(`${label}须为整数。`).min(0, `${label}不能为负数。`).max(365, `${label}不能超过 365 个工作日。`).nullable(),
  );

const lines = (maxItems: number, maxLen: number, label: string) =>
  z
    .array(z.string().trim().min(1).max(maxLen, `${label}每项不能超过 ${maxLen} 个字符。`), { message: `${label}格式不正确。` })
    .max(maxItems, `${label}最多 ${maxItems} 项。`)
    .default([]);

/** One 设定依据: a law and its article; linked to the catalogue document of that title when there is one. */
export const BasisSchema = z.object({
  law: requiredText(2, 120, '依据名称'),
  article: optionalText(60, '条款'),
  itemId: z.string().regex(/^[1-9]\d{0,17}$/).nullable().default(null),
});
export type Basis = z.infer<typeof BasisSchema>;

/** The content of a power item (权责清单事项, ogi-rules §6.2). */
export const PowerContentSchema = z.object({
  code: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写职权编码。' }).min(1, '请填写职权编码。').max(40, '职权编码不能超过 40 个字符。').regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '职权编码只能由字母、数字、点、横线和下划线组成。')),
  name: requiredText(2, 100, '职权名称'),
  category: z.string({ message: '请选择职权类别。' }).min(1, '请选择职权类别。').max(20),
  subItems: lines(30, 100, '子项名称'),
  basis: z.array(BasisSchema).min(1, '请至少填写一条设定依据。').max(30, '设定依据最多 30 条。'),
  implementingBody: requiredText(2, 100, '实施主体'),
  bodyNature: z.enum(Object.keys(BODY_NATURE) as [keyof typeof BODY_NATURE], { message: '请选择实施主体性质。' }).default('statutory'),
  division: optionalText(100, '承办机构'),
  responsibilities: lines(30, 300, '责任事项'),
  responsibilityBasis: optionalText(2000, '责任事项依据'),
  accountability: lines(30, 300, '追责情形'),
  accountabilityBasis: optionalText(2000, '追责依据'),
  statutoryDays: days('法定期限'),
  promisedDays: days('承诺期限'),
  limitNote: optionalText(200, '期限说明'),
  fees: optionalText(1000, '收费依据和标准'),
  supervisionPhone: optionalText(60, '监督电话'),
  remarks: optionalText(1000, '备注'),
  status: z.enum(Object.keys(POWER_STATUS) as [PowerStatus], { message: '请选择状态。' }).default('in_force'),
  statusSince: z.string().refine(isValidDate, '状态日期不是有效日期（YYYY-MM-DD）。').nullable().default(null),
});
export type PowerContent = z.infer<typeof PowerContentSchema>;

/** One 申请材料 of a service guide. */
export const MaterialSchema = z.object({
  name: requiredText(1, 120, '材料名称'),
  form: z.enum(Object.keys(MATERIAL_FORMS) as [keyof typeof MATERIAL_FORMS], { message: '请选择材料形式。' }).default('original'),
  copies: z.preprocess((v) => (v === '' || v === undefined ? 1 : typeof v === 'string' ? Number(v) : v), z.number({ message: '份数须为 1–99 的整数。' }).int('份数须为整数。').min(1, '份数至少为 1。').max(99, '份数不能超过 99。')),
  required: z.boolean().default(true),
  note: optionalText(300, '填报须知'),
  source: optionalText(100, '来源渠道'),
  /** A blank form (空白表格) among the guide's files, by file id. */
  blankFormId: z.string().regex(/^[1-9]\d{0,17}$/).nullable().default(null),
});
export type Material = z.infer<typeof MaterialSchema>;

const url = optionalText(300, '网址').refine((v) => v === null || /^https?:\/\/[^\s]+$/.test(v), '网址须以 http:// 或 https:// 开头。');

/** The content of a service guide (办事指南, ogi-rules §7.1 and §7.2). */
export const ServiceContentSchema = z.object({
  code: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写事项编码。' }).min(1, '请填写事项编码。').max(40, '事项编码不能超过 40 个字符。').regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '事项编码只能由字母、数字、点、横线和下划线组成。')),
  name: requiredText(2, 100, '事项名称'),
  /** 事项类型: a power category name for government items, or 公共服务. */
  serviceType: requiredText(2, 20, '事项类型'),
  /** For 公共企事业单位: the sector; null for government departments. */
  sector: z.enum(Object.keys(SECTORS) as [SectorCode], { message: '行业不正确。' }).nullable().default(null),
  /** The power this guide implements (same agency), when there is one. */
  powerId: z.string().regex(/^[1-9]\d{0,17}$/, '关联职权编号无效。').nullable().default(null),
  implementingBody: requiredText(2, 100, '实施主体'),
  division: optionalText(100, '承办机构'),
  audiences: z.array(z.enum(Object.keys(AUDIENCES) as [keyof typeof AUDIENCES])).min(1, '请至少选择一类服务对象。').default(['person']),
  handlingType: z.enum(Object.keys(HANDLING_TYPES) as [keyof typeof HANDLING_TYPES], { message: '请选择办件类型。' }).default('promised'),
  basis: z.array(BasisSchema).max(30, '设定依据最多 30 条。').default([]),
  conditions: requiredText(2, 3000, '受理条件'),
  quantityLimit: optionalText(500, '数量限制'),
  prohibitions: optionalText(1000, '禁止性要求'),
  materials: z.array(MaterialSchema).max(60, '申请材料最多 60 项。').default([]),
  statutoryDays: days('法定办结时限'),
  promisedDays: days('承诺办结时限'),
  limitNote: optionalText(200, '时限说明'),
  fees: optionalText(1000, '收费标准及依据'),
  place: requiredText(2, 300, '办理地点'),
  hours: requiredText(2, 200, '办理时间'),
  transport: optionalText(300, '交通指引'),
  resultName: optionalText(100, '办理结果名称'),
  resultDelivery: optionalText(200, '结果送达方式'),
  onlineUrl: url,
  visits: z.preprocess((v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v) : v), z.number({ message: '到现场次数须为 0–9 的整数。' }).int().min(0).max(9, '到现场次数须为 0–9 的整数。').nullable()).default(null),
  appointment: z.boolean().default(false),
  delivery: z.boolean().default(false),
  consult: requiredText(2, 300, '咨询方式'),
  complaint: requiredText(2, 300, '监督投诉方式'),
  remedies: optionalText(500, '救济途径'),
  faq: z.array(z.object({ q: requiredText(2, 200, '问题'), a: requiredText(2, 2000, '回答') })).max(30, '常见问题最多 30 条。').default([]),
});
export type ServiceContent = z.infer<typeof ServiceContentSchema>;

/**
 * Parses one line of 设定依据 as people write it: `《中华人民共和国行政许可法》第二十九条`, or a title
 * alone. Text before the closing 》 is the law; the rest the article.
 */
export function parseBasisLine(line: string): { law: string; article: string | null } {
  const t = line.trim();
  const m = /^《([^》]+)》\s*(.*)$/.exec(t);
  if (m) return { law: m[1]!.trim(), article: m[2]!.trim().replace(/^[，,、：:]\s*/, '') || null };
  return { law: t, article: null };
}

/** The reverse of `parseBasisLine`. */
export function basisLine(b: { law: string; article: string | null }): string {
  return `《${b.law}》${b.article ?? ''}`;
}
