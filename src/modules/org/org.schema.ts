import { z } from 'zod';
import { creditCodeProblem } from '#platform/ids.js';
import { optionalPattern, optionalText, requiredText } from '#platform/validation.js';

/** Kinds of node in the tree of 行政区划 and agencies. */
export const ORG_KINDS = ['city', 'district', 'county', 'department', 'township', 'subdistrict', 'institution'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  city: { zh: '市人民政府', en: 'City government' },
  district: { zh: '区人民政府', en: 'District government' },
  county: { zh: '县人民政府', en: 'County government' },
  department: { zh: '政府部门', en: 'Government department' },
  township: { zh: '乡镇人民政府', en: 'Township government' },
  subdistrict: { zh: '街道办事处', en: 'Sub-district office' },
  institution: { zh: '公共企事业单位', en: 'Public enterprise or institution' },
};

/** Sectors of 公共企事业单位 (Regs 2019 Art. 55). */
export const SECTORS = ['water', 'power', 'gas', 'heating', 'transport', 'health', 'education', 'environment', 'telecom', 'other'] as const;
export const SECTOR_LABELS: Record<(typeof SECTORS)[number], { zh: string; en: string }> = {
  water: { zh: '供水', en: 'Water' },
  power: { zh: '供电', en: 'Power' },
  gas: { zh: '供气', en: 'Gas' },
  heating: { zh: '供热', en: 'Heating' },
  transport: { zh: '公共交通', en: 'Public transport' },
  health: { zh: '医疗卫生', en: 'Health' },
  education: { zh: '教育', en: 'Education' },
  environment: { zh: '环境保护', en: 'Environment' },
  telecom: { zh: '通信', en: 'Telecoms' },
  other: { zh: '其他', en: 'Other' },
};

/** Which kinds may sit under which (a department under a city, a township under a county, ...). */
export const ALLOWED_CHILDREN: Record<OrgKind, readonly OrgKind[]> = {
  city: ['district', 'county', 'department', 'institution'],
  district: ['department', 'township', 'subdistrict', 'institution'],
  county: ['department', 'township', 'subdistrict', 'institution'],
  department: ['department', 'institution'],
  township: ['institution'],
  subdistrict: ['institution'],
  institution: [],
};

const PHONE = /^[0-9０-９()（）+\-－ 、,，转ext.]{5,60}$/;

/** The agency profile that the 政府信息公开指南 needs (ogi-rules §4). */
export const OrgProfileInput = z.object({
  name: requiredText(2, 100, '机构名称'),
  shortName: optionalText(30, '简称'),
  nameEn: optionalText(200, '英文名称'),
  creditCode: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toUpperCase()) : v ?? null),
    z
      .string()
      .nullable()
      .superRefine((v, ctx) => {
        const problem = v === null ? null : creditCodeProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  ),
  officeName: optionalText(100, '政府信息公开工作机构名称'),
  address: optionalText(200, '办公地址'),
  postcode: optionalPattern(/^\d{6}$/, '邮政编码应为 6 位数字。'),
  officeHours: optionalText(200, '办公时间'),
  phone: optionalPattern(PHONE, '联系电话格式不正确。', 60),
  fax: optionalPattern(PHONE, '传真号码格式不正确。', 60),
  email: optionalPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, '电子邮箱格式不正确。', 120),
  website: optionalPattern(/^https?:\/\/[^\s]+$/, '网址应以 http:// 或 https:// 开头。', 200),
  sector: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(SECTORS, { message: '请选择行业。' }).nullable()),
});
export type OrgProfileInput = z.infer<typeof OrgProfileInput>;

/** Creating a node: the profile plus its place in the tree. */
export const CreateOrgInput = OrgProfileInput.extend({
  parentId: z.string({ message: '请选择上级机构。' }).regex(/^[1-9]\d*$/, '请选择上级机构。'),
  kind: z.enum(ORG_KINDS, { message: '请选择机构类型。' }),
  slug: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.string({ message: '请填写网址标识。' }).regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '网址标识只能使用小写字母、数字和连字符，2–63 位。'),
  ),
  sortOrder: z.preprocess((v) => (v === '' || v === undefined ? 0 : Number(v)), z.number().int('排序应为整数。').min(0).max(9999)),
});
export type CreateOrgInput = z.infer<typeof CreateOrgInput>;
