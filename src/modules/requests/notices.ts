/**
 * Formal notices to applicants and third parties (受理回执, 补正告知书, 延期答复告知书, 征求第三方意见函,
 * 收费通知, 答复告知书 per outcome, Art. 35 延迟答复告知书): default Chinese templates with
 * `{{placeholders}}`, which an agency may replace with its own wording; rendering to paragraphs,
 * and from there to DOCX and PDF. Pure apart from the font lookup of the PDF step.
 */
import { docxFromBody } from '#platform/files/docx.js';
import { textPdf, type PdfBlock, type PdfFont } from '#platform/files/pdf.js';
import { ruleSetFor } from './deadlines.js';
import { FEE_BASIS, FEE_METHOD_LABELS, type FeeBreakdown, type FeeMethod } from './fees.js';
import { OUTCOME_INFO, OUTCOMES, REMEDIES_TEXT, type Outcome } from './outcomes.js';

export const NOTICE_KINDS = ['receipt', 'correction', 'extension', 'consultation', 'fee', 'reply', 'delay'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  receipt: '受理回执',
  correction: '补正告知书',
  extension: '延期答复告知书',
  consultation: '征求第三方意见函',
  fee: '收费通知',
  reply: '答复告知书',
  delay: '延迟答复告知书',
};
/** Notices that decide something the applicant may challenge, so they state the remedies. */
export const DECISION_NOTICES: readonly NoticeKind[] = ['reply', 'fee', 'delay'];

/** Everything a notice may say. Dates are civil dates `YYYY-MM-DD`. */
export interface NoticeData {
  agencyName: string;
  agencyAddress?: string | undefined;
  agencyPhone?: string | undefined;
  /** The notice's own 文号, e.g. 示教公开〔2026〕第12号. */
  noticeNumber: string;
  caseNumber: string;
  applicantName: string;
  receivedOn: string;
  issuedOn: string;
  requestSummary: string;
  /** The statutory reply deadline (from computeClock), stated in the receipt. */
  replyDue?: string | undefined;
  outcome?: Outcome | undefined;
  reasons?: string | undefined;
  /** Overrides OUTCOME_INFO[outcome].basis. */
  legalBasis?: string | undefined;
  correction?: { items: string; until: string } | undefined;
  extension?: { days: number; newDue: string; reason: string } | undefined;
  consultation?: { thirdParty: string; responseDue: string; infoSummary: string } | undefined;
  fee?: { method: FeeMethod; amount: number; breakdown?: FeeBreakdown | undefined; payBy: string; howToPay: string } | undefined;
  delay?: { until: string; reason: string } | undefined;
  /** Names of the released documents. */
  released?: readonly string[] | undefined;
  /** The agency responsible for the information (Art. 36(5)). */
  otherAgency?: { name: string; contact?: string | undefined } | undefined;
}

/** An agency-editable template: a title and a body whose lines are paragraphs, with `{{placeholders}}`. */
export interface NoticeTemplate {
  title: string;
  body: string;
}

/** Templates are kept per kind, and for replies per outcome. */
export type NoticeTemplateKey = Exclude<NoticeKind, 'reply'> | `reply.${Outcome}`;

export interface RenderedNotice {
  kind: NoticeKind;
  title: string;
  noticeNumber: string;
  paragraphs: string[];
  signature: { agency: string; date: string };
}

/** A notice that cannot be rendered; the message is for people (Chinese). */
export class NoticeError extends Error {
  constructor(
    readonly code: 'OUTCOME_REQUIRED',
    message: string,
  ) {
    super(message);
    this.name = 'NoticeError';
  }
}

/** What a placeholder stands for when its data is missing. */
export const MISSING = '（未填写）';

/** Remedies for notices other than the reply (收费通知, 延迟答复告知书). */
export const NOTICE_REMEDIES_TEXT = '申请人对本通知不服的，可以自收到本通知之日起六十日内依法申请行政复议，或者自收到本通知之日起六个月内依法向人民法院提起行政诉讼。';

/** 2026-03-02 → 2026年3月2日 (公文 成文日期 in Arabic numerals); anything else unchanged. */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

const ALL = NOTICE_KINDS;
const sentence = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : /[。！？；]$/.test(s.trim()) ? s.trim() : `${s.trim()}。`);
const clause = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim().replace(/[。；，\s]+$/, ''));
const date = (s: string | undefined) => (s ? chineseDate(s) : undefined);
const rules = (d: NoticeData) => {
  try {
    return ruleSetFor(d.receivedOn);
  } catch {
    return undefined;
  }
};
const bookTitle = (name: string) => (name.startsWith('《') ? name : `《${name}》`);

interface Placeholder {
  label: string;
  kinds: readonly NoticeKind[];
  value: (d: NoticeData, kind: NoticeKind) => string | undefined;
  /** Missing data renders as nothing (the paragraph is dropped when left empty) instead of （未填写）. */
  optional?: boolean;
}

/** Every placeholder a template may use, what it means and in which notices. */
const PLACEHOLDERS: Record<string, Placeholder> = {
  agencyName: { label: '本机关名称', kinds: ALL, value: (d) => d.agencyName },
  agencyAddress: { label: '本机关地址', kinds: ALL, value: (d) => d.agencyAddress },
  agencyPhone: { label: '本机关联系电话', kinds: ALL, value: (d) => d.agencyPhone },
  contactLine: {
    label: '联系方式（地址、电话，未设置时省略）',
    kinds: ALL,
    optional: true,
    value: (d) => {
      const parts = [d.agencyAddress && `联系地址：${d.agencyAddress}`, d.agencyPhone && `联系电话：${d.agencyPhone}`].filter(Boolean);
      return parts.length > 0 ? `${parts.join('；')}。` : undefined;
    },
  },
  noticeNumber: { label: '本文书文号', kinds: ALL, value: (d) => d.noticeNumber },
  caseNumber: { label: '申请编号', kinds: ALL, value: (d) => d.caseNumber },
  applicantName: { label: '申请人姓名或名称', kinds: ALL, value: (d) => d.applicantName },
  receivedOn: { label: '收到申请日期', kinds: ALL, value: (d) => date(d.receivedOn) },
  issuedOn: { label: '发文日期', kinds: ALL, value: (d) => date(d.issuedOn) },
  requestSummary: { label: '申请内容摘要', kinds: ALL, value: (d) => clause(d.requestSummary) },
  replyDays: { label: '法定答复期限（工作日）', kinds: ['receipt', 'extension', 'delay'], value: (d) => rules(d)?.replyDays.toString() },
  maxExtensionDays: { label: '最长延期（工作日）', kinds: ['receipt'], value: (d) => rules(d)?.maxExtensionDays.toString() },
  replyDue: { label: '答复期限届满日', kinds: ['receipt'], value: (d) => date(d.replyDue) },
  correctionItems: { label: '需补正的事项', kinds: ['correction'], value: (d) => d.correction?.items.trim() || undefined },
  correctionUntil: { label: '补正期限', kinds: ['correction', 'reply'], value: (d) => date(d.correction?.until) },
  extensionDays: { label: '延长的工作日数', kinds: ['extension'], value: (d) => d.extension?.days.toString() },
  extensionNewDue: { label: '延长后的答复期限', kinds: ['extension'], value: (d) => date(d.extension?.newDue) },
  extensionReason: { label: '延期理由', kinds: ['extension'], value: (d) => clause(d.extension?.reason) },
  thirdParty: { label: '第三方名称', kinds: ['consultation'], value: (d) => d.consultation?.thirdParty },
  consultationInfoSummary: { label: '涉及第三方的信息', kinds: ['consultation'], value: (d) => sentence(d.consultation?.infoSummary) },
  consultationResponseDue: { label: '第三方答复期限', kinds: ['consultation'], value: (d) => date(d.consultation?.responseDue) },
  consultationResponseDays: { label: '第三方答复工作日数', kinds: ['consultation'], value: (d) => String(rules(d)?.consultationResponseDays ?? 15) },
  feeBasis: { label: '收费依据', kinds: ['fee'], value: () => FEE_BASIS },
  feeMethod: { label: '计费方式', kinds: ['fee'], value: (d) => (d.fee ? FEE_METHOD_LABELS[d.fee.method] : undefined) },
  feeBreakdown: { label: '分档计算明细', kinds: ['fee'], value: (d) => (d.fee?.breakdown ? d.fee.breakdown.lines.map((l, i, all) => `${l.text}${i === all.length - 1 ? '。' : '；'}`).join('\n') : undefined) },
  feeAmount: { label: '应缴金额（元）', kinds: ['fee'], value: (d) => d.fee?.amount.toString() },
  feePayBy: { label: '缴费期限', kinds: ['fee', 'reply'], value: (d) => date(d.fee?.payBy) },
  feeHowToPay: { label: '缴费方式', kinds: ['fee'], value: (d) => sentence(d.fee?.howToPay) },
  delayUntil: { label: '延迟答复的期限', kinds: ['delay'], value: (d) => date(d.delay?.until) },
  delayReason: { label: '延迟答复的理由', kinds: ['delay'], value: (d) => sentence(d.delay?.reason) },
  outcomeLabel: { label: '办理结果', kinds: ['reply'], value: (d) => (d.outcome ? OUTCOME_INFO[d.outcome].label : undefined) },
  legalBasis: { label: '法律依据', kinds: ['reply'], value: (d) => d.legalBasis ?? (d.outcome ? OUTCOME_INFO[d.outcome].basis : undefined) },
  reasons: { label: '理由', kinds: ['reply'], value: (d) => sentence(d.reasons) },
  releasedList: { label: '公开的文件', kinds: ['reply'], value: (d) => (d.released && d.released.length > 0 ? d.released.map(bookTitle).join('、') : undefined) },
  otherAgencyName: { label: '负责该信息的机关', kinds: ['reply'], value: (d) => d.otherAgency?.name },
  otherAgencyContact: { label: '该机关联系方式', kinds: ['reply'], value: (d) => d.otherAgency?.contact },
  otherAgencySentence: {
    label: '告知负责机关的句子（未填写时省略）',
    kinds: ['reply'],
    optional: true,
    value: (d) => (d.otherAgency ? `经查，该政府信息由${d.otherAgency.name}负责公开${d.otherAgency.contact ? `，联系方式：${d.otherAgency.contact}` : ''}。您可以向该机关提出申请。` : undefined),
  },
  remedies: { label: '救济途径', kinds: DECISION_NOTICES, value: (_d, kind) => (kind === 'reply' ? REMEDIES_TEXT : NOTICE_REMEDIES_TEXT) },
};

/** The placeholder names usable in each kind of notice, with their meaning (for the template editor). */
export const NOTICE_PLACEHOLDERS: Record<NoticeKind, { name: string; label: string }[]> = Object.fromEntries(
  NOTICE_KINDS.map((k) => [k, Object.entries(PLACEHOLDERS).filter(([, p]) => p.kinds.includes(k)).map(([name, p]) => ({ name, label: p.label }))]),
) as Record<NoticeKind, { name: string; label: string }[]>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The template key for a notice: the kind, or `reply.<outcome>` for replies. */
export function templateKey(kind: NoticeKind, outcome?: Outcome): NoticeTemplateKey {
  if (kind !== 'reply') return kind;
  if (!outcome) throw new NoticeError('OUTCOME_REQUIRED', '答复告知书须先选择办理结果。');
  return `reply.${outcome}`;
}

const kindOfKey = (key: NoticeTemplateKey): NoticeKind => (key.startsWith('reply.') ? 'reply' : (key as NoticeKind));

/**
 * Why an (agency-edited) template cannot be used, in Chinese; empty when it can. Names not in the
 * placeholder list, placeholders meant for other notices (when `kind` is given), broken braces,
 * and a decision without its remedies are refused.
 */
export function checkTemplate(template: NoticeTemplate, kind?: NoticeKind | NoticeTemplateKey): string[] {
  const errors: string[] = [];
  const k = kind ? kindOfKey(kind as NoticeTemplateKey) : undefined;
  if (!template.title.trim()) errors.push('标题不能为空。');
  if (!template.body.trim()) errors.push('正文不能为空。');
  const text = `${template.title}\n${template.body}`;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    const p = PLACEHOLDERS[name];
    if (!p) errors.push(`未知的占位符 {{${name}}}，请使用可用的占位符${k ? `：${NOTICE_PLACEHOLDERS[k].map((x) => x.name).join('、')}` : ''}。`);
    else if (k && !p.kinds.includes(k)) errors.push(`占位符 {{${name}}}（${p.label}）不适用于${NOTICE_KIND_LABELS[k]}。`);
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) errors.push('占位符格式有误：应写作 {{名称}}，名称只含英文字母和数字。');
  if (k && DECISION_NOTICES.includes(k) && !/\{\{\s*remedies\s*\}\}/.test(template.body)) errors.push(`${NOTICE_KIND_LABELS[k]}须载明救济途径，请保留 {{remedies}}。`);
  return [...new Set(errors)];
}

/**
 * Fills a template with the notice's data. Missing data shows as （未填写）, optional sentences
 * vanish, and each resulting line is a paragraph. `template` (an agency's wording) overrides the default.
 */
export function renderNotice(kind: NoticeKind, data: NoticeData, template?: NoticeTemplate): RenderedNotice {
  const t = template ?? DEFAULT_NOTICE_TEMPLATES[templateKey(kind, data.outcome)];
  const fill = (s: string) =>
    s.replace(PLACEHOLDER, (_m, name: string) => {
      const p = PLACEHOLDERS[name];
      const v = p?.value(data, kind);
      return v === undefined || v === '' ? (p?.optional ? '' : MISSING) : v;
    });
  return {
    kind,
    title: fill(t.title).trim(),
    noticeNumber: data.noticeNumber.trim() || MISSING,
    paragraphs: fill(t.body)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    signature: { agency: data.agencyName.trim() || MISSING, date: chineseDate(data.issuedOn) },
  };
}

// ---- Default templates ----

const OPENING = '本机关于{{receivedOn}}收到您提出的政府信息公开申请（申请编号：{{caseNumber}}），申请获取“{{requestSummary}}”的政府信息。';
const CLOSING = '{{contactLine}}\n特此告知。';
const reply = (...lines: string[]): NoticeTemplate => ({
  title: '政府信息公开申请答复告知书',
  body: ['{{applicantName}}：', `${OPENING}经审查，现答复如下：`, ...lines, '{{remedies}}', CLOSING].join('\n'),
});
const denial = (finding: string, conclusion = '本机关决定不予公开。') => reply(`${finding}具体理由：{{reasons}}`, `根据{{legalBasis}}之规定，${conclusion}`);

const REPLY_TEMPLATES: Record<Outcome, NoticeTemplate> = {
  granted: reply('您申请获取的政府信息属于公开范围。根据{{legalBasis}}之规定，本机关决定予以公开，现随本告知书向您提供：{{releasedList}}。'),
  partialGrant: reply(
    '您申请获取的政府信息中，部分内容属于公开范围，且能够作区分处理。根据{{legalBasis}}之规定，本机关决定部分公开，现随本告知书向您提供可以公开的部分：{{releasedList}}。',
    '其余部分不予公开，理由如下：{{reasons}}',
  ),
  'denied.stateSecret': denial('您申请获取的政府信息属于国家秘密。'),
  'denied.lawForbidden': denial('您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。'),
  'denied.safetyStability': denial('您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。'),
  'denied.thirdPartyRights': denial('您申请获取的政府信息涉及商业秘密、个人隐私等，公开后会对第三方合法权益造成损害。'),
  'denied.internalAffairs': denial('您申请获取的信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息。'),
  'denied.processInfo': denial('您申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。'),
  'denied.enforcementCase': denial('您申请获取的信息属于行政执法案卷信息。'),
  'denied.adminQuery': denial('您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对该类信息的获取有特别规定。', '请您依照有关法律、行政法规的规定办理。'),
  'unable.noInfo': reply('经本机关认真检索查找，本机关未掌握您申请获取的政府信息。具体情况：{{reasons}}', '{{otherAgencySentence}}', '根据{{legalBasis}}之规定，本机关无法向您提供该政府信息。'),
  'unable.needCreation': denial('本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析后方能提供。', '本机关不予提供。'),
  'unable.unclear': denial('本机关曾就您的申请向您发出补正告知书，您补正后的申请内容仍不明确，本机关无法确定您所需获取的政府信息。', '本机关无法向您提供。'),
  'notProcessed.complaint': denial('您提出的申请实为信访、投诉、举报等诉求，不属于政府信息公开申请。', '本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等渠道依法反映。'),
  'notProcessed.repeat': denial('您曾就相同的政府信息向本机关提出公开申请，本机关已依法作出答复。', '本机关不予重复处理。'),
  'notProcessed.publication': denial('您申请获取的是政府公报、报刊、书籍等公开出版物。', '本机关不作为政府信息公开申请处理，您可以通过公开出版物的发行渠道获取。'),
  'notProcessed.massive': denial('您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，您未说明理由或者所说明的理由不合理。', '本机关对您的申请不予处理。'),
  'notProcessed.confirm': denial('您的申请系要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请的范围。', '本机关不予处理。'),
  'other.overdueCorrection': reply(
    '本机关曾就您的申请向您发出补正告知书，要求您于{{correctionUntil}}前补正。您无正当理由逾期未补正，视为放弃申请。',
    '根据{{legalBasis}}之规定，本机关不再处理您的该项政府信息公开申请。',
  ),
  'other.overdueFee': reply('本机关曾就您的申请向您发出收费通知，要求您于{{feePayBy}}前缴纳信息处理费。您逾期未缴纳，视为放弃申请。', '根据{{legalBasis}}之规定，本机关不再处理您的该项政府信息公开申请。'),
  'other.otherReasons': reply('{{reasons}}', '依照{{legalBasis}}，本机关对您的申请作上述处理。'),
};

/** The default wording of every notice, as an agency would issue it (公文 register). */
export const DEFAULT_NOTICE_TEMPLATES: Record<NoticeTemplateKey, NoticeTemplate> = {
  receipt: {
    title: '政府信息公开申请受理回执',
    body: [
      '{{applicantName}}：',
      OPENING,
      '根据《中华人民共和国政府信息公开条例》第三十三条之规定，本机关将自收到申请之日起{{replyDays}}个工作日内（即{{replyDue}}前）作出答复；需要延长答复期限的，经政府信息公开工作机构负责人同意，可以延长，延长的期限最长不超过{{maxExtensionDays}}个工作日，本机关将另行书面告知。征求第三方和其他机关意见所需时间不计算在上述期限内；申请内容不明确需要补正的，答复期限自本机关收到补正后的申请之日起计算。',
      '您可以凭申请编号查询办理进度。',
      CLOSING,
    ].join('\n'),
  },
  correction: {
    title: '政府信息公开申请补正告知书',
    body: [
      '{{applicantName}}：',
      OPENING,
      '经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条之规定，请您对申请作出如下补正：',
      '{{correctionItems}}',
      '请您于{{correctionUntil}}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
      CLOSING,
    ].join('\n'),
  },
  extension: {
    title: '政府信息公开申请延期答复告知书',
    body: [
      '{{applicantName}}：',
      OPENING,
      '因{{extensionReason}}，本机关不能在{{replyDays}}个工作日内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款之规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{extensionDays}}个工作日，本机关将于{{extensionNewDue}}前作出答复。',
      CLOSING,
    ].join('\n'),
  },
  consultation: {
    title: '政府信息公开征求第三方意见函',
    body: [
      '{{thirdParty}}：',
      '本机关于{{receivedOn}}收到政府信息公开申请（申请编号：{{caseNumber}}），申请公开的政府信息涉及：{{consultationInfoSummary}}',
      '经审查，本机关认为公开上述信息可能损害你方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条之规定，现书面征求你方意见。',
      '请你方自收到本函之日起{{consultationResponseDays}}个工作日内（即{{consultationResponseDue}}前）以书面形式提出意见：同意公开的，请予明确；不同意公开的，请说明理由并提供相关依据。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。',
      '你方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方。',
      '{{contactLine}}',
      '特此函告。',
    ].join('\n'),
  },
  fee: {
    title: '政府信息公开信息处理费收费通知',
    body: [
      '{{applicantName}}：',
      OPENING,
      '您申请公开政府信息的数量、频次超出了免费提供的范围。根据《中华人民共和国政府信息公开条例》第四十二条和{{feeBasis}}之规定，本机关按照{{feeMethod}}方式收取信息处理费，计算如下：',
      '{{feeBreakdown}}',
      '合计应缴纳信息处理费人民币{{feeAmount}}元。',
      '请您于{{feePayBy}}前缴纳上述费用。缴费方式：{{feeHowToPay}}逾期未缴纳的，视为放弃申请，本机关将不再处理您的该项政府信息公开申请。',
      '{{remedies}}',
      '{{contactLine}}',
      '特此通知。',
    ].join('\n'),
  },
  delay: {
    title: '政府信息公开申请延迟答复告知书',
    body: [
      '{{applicantName}}：',
      OPENING,
      '您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求，您已说明理由。经审查，您说明的理由合理，但本机关无法在《中华人民共和国政府信息公开条例》第三十三条规定的{{replyDays}}个工作日内作出答复，原因是：{{delayReason}}',
      '根据《中华人民共和国政府信息公开条例》第三十五条之规定，本机关确定延迟答复，将于{{delayUntil}}前向您作出答复。',
      '{{remedies}}',
      CLOSING,
    ].join('\n'),
  },
  ...(Object.fromEntries(OUTCOMES.map((o) => [`reply.${o}`, REPLY_TEMPLATES[o]])) as Record<`reply.${Outcome}`, NoticeTemplate>),
};

// ---- Output ----

// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot hold are dropped
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xml = (s: string) => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One WordprocessingML paragraph; sizes in half-points (44 = 二号 22 pt, 32 = 三号 16 pt). */
function wp(text: string, o: { align?: 'left' | 'center' | 'right' | 'both'; bold?: boolean; size?: number; indent?: boolean; font?: string; after?: number } = {}): string {
  const ppr = `<w:pPr>${o.indent ? '<w:ind w:firstLineChars="200" w:firstLine="640"/>' : ''}<w:spacing w:after="${o.after ?? 0}" w:line="560" w:lineRule="exact"/><w:jc w:val="${o.align ?? 'both'}"/></w:pPr>`;
  const font = o.font ?? '仿宋_GB2312';
  const rpr = `<w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:eastAsia="${font}"/>${o.bold ? '<w:b/>' : ''}<w:sz w:val="${o.size ?? 32}"/><w:szCs w:val="${o.size ?? 32}"/></w:rPr>`;
  return `<w:p>${ppr}<w:r>${rpr}<w:t xml:space="preserve">${xml(text)}</w:t></w:r></w:p>`;
}

/** Whether a paragraph is the salutation ("XXX："), which is not indented. */
const isSalutation = (p: string, i: number) => i === 0 && p.endsWith('：');

/** The notice as a DOCX: centred bold title, the 文号, indented body, right-aligned agency and date; A4 with 公文 margins. */
export function noticeDocx(n: RenderedNotice): Buffer {
  const body = [
    wp(n.title, { align: 'center', bold: true, size: 44, font: '方正小标宋简体', after: 240 }),
    wp(n.noticeNumber, { align: 'center', after: 240 }),
    ...n.paragraphs.map((p, i) => wp(p, { indent: !isSalutation(p, i), align: isSalutation(p, i) ? 'left' : 'both' })),
    wp(''),
    wp(n.signature.agency, { align: 'right' }),
    wp(n.signature.date, { align: 'right' }),
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>',
  ];
  return docxFromBody(body.join(''));
}

/** The notice as an A4 PDF with page numbers. Throws PdfFontMissing when no Chinese font is installed. */
export function noticePdf(n: RenderedNotice, font?: PdfFont): Promise<Buffer> {
  const blocks: PdfBlock[] = [
    { text: n.title, align: 'center', bold: true, size: 20 },
    { text: n.noticeNumber, align: 'center', spaceBefore: 6 },
    ...n.paragraphs.map((text, i): PdfBlock => ({ text, indent: !isSalutation(text, i), align: isSalutation(text, i) ? 'left' : 'justify', spaceBefore: i === 0 ? 14 : 0 })),
    { text: n.signature.agency, align: 'right', spaceBefore: 28 },
    { text: n.signature.date, align: 'right' },
  ];
  return font ? textPdf({ title: n.title, author: n.signature.agency, blocks }, font) : textPdf({ title: n.title, author: n.signature.agency, blocks });
}
