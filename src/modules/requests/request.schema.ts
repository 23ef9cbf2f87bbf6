import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isValidDate } from '#platform/calendar/index.js';
import { creditCodeProblem } from '#platform/ids.js';
import { optionalText, requiredText } from '#platform/validation.js';
import { isValidIdNumber } from '#modules/screening/index.js';
import { APPLICANT_KINDS, REMEDY_KINDS, REMEDY_RESULTS, REPLY_OUTCOMES } from './outcomes.js';

/** Identity documents of natural persons (practice on agency forms, ogi-rules §1.2). */
export const ID_TYPES = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao: '港澳居民来往内地通行证',
  taiwan: '台湾居民来往大陆通行证',
  foreign_permanent: '外国人永久居留身份证',
  other: '其他有效身份证件',
} as const;
export type IdType = keyof typeof ID_TYPES;

/** Channels of an application and the Art. 31 receipt-date rule of each. */
export const CHANNELS = {
  online: { label: '互联网（在线申请）', rule: '以双方确认之日为收到申请之日', confirm: true },
  in_person: { label: '当面提交', rule: '以提交之日为收到申请之日', confirm: false },
  post_signed: { label: '邮寄（需签收）', rule: '以本机关签收之日为收到申请之日', confirm: false },
  post_ordinary: { label: '平常信函', rule: '收到当日与申请人确认，确认之日为收到申请之日', confirm: true },
  fax: { label: '传真', rule: '以双方确认之日为收到申请之日', confirm: true },
  oral: { label: '口头提出（代为填写）', rule: '以提出之日为收到申请之日', confirm: false },
} as const;
export type Channel = keyof typeof CHANNELS;

export const PROVISION_FORMS = { paper: '纸质', electronic: '电子文档', inspect: '查阅、抄录' } as const;
export const OBTAIN_METHODS = { post: '邮寄', email: '电子邮件', fax: '传真', collect: '当面领取', online: '网上获取（本平台）' } as const;
export const DELIVERY_METHODS = { in_person: '直接送达', post: '邮寄送达', email: '电子邮件送达', online: '网上送达（本平台）', fax: '传真送达', notice: '公告送达' } as const;

const blankToNull = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v ?? null);
const requiredDate = (label: string) =>
  z.preprocess(blankToNull, z.string({ message: `请填写${label}。` }).refine((d) => isValidDate(d), `${label}不是有效日期（格式 YYYY-MM-DD）。`));
const optionalDate = (label: string) => z.preprocess(blankToNull, z.string().refine((d) => isValidDate(d), `${label}不是有效日期（格式 YYYY-MM-DD）。`).nullable());
const choice = <T extends Record<string, unknown>>(values: T, message: string) =>
  z.preprocess(blankToNull, z.enum(Object.keys(values) as [keyof T & string, ...(keyof T & string)[]], { message }));

const PHONE = /^[0-9+\-() ]{7,20}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,24}$/;

/** What an applicant (or staff on their behalf) fills in. Identity is required since Regs 2019 Art. 29. */
export const ApplicationInput = z
  .object({
    orgId: z.preprocess(blankToNull, z.string({ message: '请选择受理机关。' }).regex(/^[1-9]\d{0,17}$/, '请选择受理机关。')),
    applicantKind: z.preprocess(blankToNull, z.enum(APPLICANT_KINDS, { message: '请选择申请人类型。' })),
    applicantName: requiredText(2, 100, '申请人姓名或名称'),
    idType: z.preprocess(blankToNull, z.enum(Object.keys(ID_TYPES) as [IdType, ...IdType[]], { message: '请选择证件类型。' }).nullable()),
    idNumber: optionalText(40, '证件号码'),
    legalRep: optionalText(50, '法定代表人'),
    contactPerson: optionalText(50, '联系人'),
    phone: optionalText(20, '联系电话').refine((v) => v === null || PHONE.test(v), '联系电话格式不正确（7–20 位数字，可含 +、- 和括号）。'),
    email: optionalText(254, '电子邮箱').refine((v) => v === null || EMAIL.test(v), '电子邮箱格式不正确。'),
    address: optionalText(200, '通信地址'),
    postcode: optionalText(6, '邮政编码').refine((v) => v === null || /^\d{6}$/.test(v), '邮政编码应为 6 位数字。'),
    title: requiredText(2, 200, '所需信息的名称'),
    description: requiredText(5, 4000, '所需信息的内容描述'),
    docRef: optionalText(100, '文号或索引号'),
    provisionForm: choice(PROVISION_FORMS, '请选择信息的提供形式。'),
    obtainMethod: choice(OBTAIN_METHODS, '请选择获取信息的方式。'),
    needsAssistance: optionalText(200, '需要的协助'),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.applicantKind === 'naturalPerson') {
      if (!v.idType) issue('idType', '请选择证件类型。');
      if (!v.idNumber) issue('idNumber', '请填写证件号码（《政府信息公开条例》第二十九条要求提供身份证明）。');
      else if (v.idType === 'resident_id') {
        const id = v.idNumber.toUpperCase();
        if (!/^\d{17}[\dX]$/.test(id)) issue('idNumber', '居民身份证号码应为 18 位，最后一位可以是数字或 X。');
        else if (!isValidIdNumber(id)) issue('idNumber', '居民身份证号码无效：校验码或出生日期不正确，请核对。');
      }
    } else {
      if (!v.idNumber) issue('idNumber', '请填写统一社会信用代码。');
      else {
        const problem = creditCodeProblem(v.idNumber.toUpperCase());
        if (problem) issue('idNumber', problem);
      }
      if (!v.contactPerson) issue('contactPerson', '请填写联系人。');
    }
    if (!v.phone && !v.email && !v.address) issue('phone', '请至少填写一种联系方式（电话、电子邮箱或通信地址）。');
    if (v.obtainMethod === 'email' && !v.email) issue('email', '选择以电子邮件获取信息时，请填写电子邮箱。');
    if (v.obtainMethod === 'post' && !v.address) issue('address', '选择邮寄时，请填写通信地址。');
  })
  .transform((v) => ({
    ...v,
    idType: v.applicantKind === 'naturalPerson' ? v.idType : null,
    idNumber: v.idNumber ? v.idNumber.toUpperCase() : null,
  }));
export type ApplicationInput = z.infer<typeof ApplicationInput>;

/** Staff registration adds the channel and, where the receipt date is fixed at once, that date. */
export const RegistrationInput = z.object({
  channel: choice(CHANNELS, '请选择申请渠道。'),
  receivedOn: optionalDate('收到申请日期'),
  note: optionalText(1000, '登记说明'),
});

export const DateNoteInput = z.object({ on: requiredDate('日期'), note: optionalText(1000, '说明') });
export const CorrectionInput = z.object({
  items: requiredText(5, 4000, '需要补正的事项'),
  until: requiredDate('补正期限'),
});
export const AssignInput = z.object({ assigneeId: z.preprocess(blankToNull, z.string({ message: '请选择经办人。' }).regex(/^[1-9]\d{0,17}$/, '请选择经办人。')) });
export const TransferInput = z.object({
  orgId: z.preprocess(blankToNull, z.string({ message: '请选择移送的机关。' }).regex(/^[1-9]\d{0,17}$/, '请选择移送的机关。')),
  reason: requiredText(5, 1000, '移送理由'),
});
export const ConsultationInput = z.object({
  kind: z.preprocess(blankToNull, z.enum(['third-party', 'inter-agency'], { message: '请选择征求意见的对象类型。' })),
  party: requiredText(2, 200, '被征求意见的第三方或机关'),
  infoSummary: requiredText(2, 1000, '拟公开信息的内容'),
});
export const ConsultationAnswerInput = z.object({
  consultationId: z.string().regex(/^[1-9]\d{0,17}$/, '征求意见记录无效。'),
  on: requiredDate('答复日期'),
  answer: z.preprocess(blankToNull, z.enum(['consent', 'objection', 'no-reply'], { message: '请选择意见结果。' })),
  note: optionalText(1000, '说明'),
});
export const ExtensionInput = z.object({
  days: z.coerce.number({ message: '请填写延长的工作日数。' }).int('延长的工作日数应为整数。').min(1, '延长的工作日数至少为 1。'),
  reason: requiredText(5, 1000, '延期理由'),
});
export const FeeInput = z.object({
  method: z.preprocess(blankToNull, z.enum(['per-application', 'per-volume'], { message: '请选择计费方式（按件或按量，二者只能选其一）。' })),
  pages: z.preprocess(blankToNull, z.coerce.number().int('页数应为整数。').min(1, '页数至少为 1。').max(1_000_000, '页数过大。').nullable()),
  payBy: requiredDate('缴费期限'),
  howToPay: requiredText(2, 500, '缴费方式'),
});
export const DelayInput = z.object({ until: requiredDate('另行确定的答复期限'), reason: requiredText(5, 1000, '理由') });
export const ReasonInput = z.object({ reason: requiredText(2, 1000, '理由') });
export const ReplyInput = z
  .object({
    outcome: z.preprocess(blankToNull, z.enum(REPLY_OUTCOMES as [string, ...string[]], { message: '请选择答复结果（办理结果必须选择一项）。' })),
    reasons: optionalText(4000, '理由'),
    otherAgencyName: optionalText(100, '负责公开的机关'),
    otherAgencyContact: optionalText(200, '该机关的联系方式'),
  })
  .superRefine((v, ctx) => {
    const needsReasons = v.outcome !== 'granted';
    if (needsReasons && !v.reasons) ctx.addIssue({ code: 'custom', path: ['reasons'], message: '该答复结果须说明理由（部分公开须说明不予公开部分的理由）。' });
  });
export const DeliveryInput = z.object({
  method: choice(DELIVERY_METHODS, '请选择送达方式。'),
  on: requiredDate('送达日期'),
});
export const RemedyInput = z.object({
  kind: z.preprocess(blankToNull, z.enum(REMEDY_KINDS, { message: '请选择复议或诉讼类型。' })),
  filedOn: requiredDate('申请或起诉日期'),
  body: requiredText(2, 200, '复议机关或受理法院'),
  result: z.preprocess((v) => blankToNull(v) ?? 'pending', z.enum(REMEDY_RESULTS, { message: '请选择结果。' })),
  decidedOn: optionalDate('审结日期'),
  note: optionalText(1000, '说明'),
});

/** A stable key of the applicant's identity (for repeats and monthly counters); never shown. */
export function applicantKeyOf(a: { applicantKind: string; idType: string | null; idNumber: string | null; applicantName: string; phone: string | null }): string {
  const basis = a.idNumber ? `${a.applicantKind === 'naturalPerson' ? a.idType : 'credit'}:${a.idNumber.toUpperCase()}` : `name:${a.applicantName}|${a.phone ?? ''}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}

/** Folds brackets, spaces and width so that 〔2017〕/[2017]/(2017)/【2017】 match. */
export function normalizeDocRef(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[〔【[（(［]/g, '[')
    .replace(/[〕】\]）)］]/g, ']')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** What the applicant asks for, reduced to a key: the 文号/索引号 when given, else the title's characters. */
export function infoKeyOf(a: { docRef: string | null; title: string }): string {
  if (a.docRef) return `ref:${normalizeDocRef(a.docRef)}`;
  const t = a.title.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  return `title:${createHash('sha256').update(t).digest('hex').slice(0, 32)}`;
}
