/**
 * Outcomes of a disclosure request (Regs 2019 Arts. 36–39, 30, 35, fee measures) and the
 * applicant columns, each mapped one-to-one to a row / column of annual-report table 3
 * (../shared/domain/ogi-rules.md §1.7, §2.5). Stored as the code strings below.
 */

/** Applicant columns of table 3. `naturalPerson` is 自然人; the rest are 法人或其他组织 sub-types. */
export const APPLICANT_KINDS = ['naturalPerson', 'commercial', 'research', 'social', 'legal', 'other'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export const APPLICANT_KIND_LABELS: Record<ApplicantKind, string> = {
  naturalPerson: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  social: '社会公益组织',
  legal: '法律服务机构',
  other: '其他组织',
};

/** Outcome codes = table 3 row keys under 三、本年度办理结果. */
export const OUTCOMES = [
  'granted',
  'partialGrant',
  'denied.stateSecret',
  'denied.lawForbidden',
  'denied.safetyStability',
  'denied.thirdPartyRights',
  'denied.internalAffairs',
  'denied.processInfo',
  'denied.enforcementCase',
  'denied.adminQuery',
  'unable.noInfo',
  'unable.needCreation',
  'unable.unclear',
  'notProcessed.complaint',
  'notProcessed.repeat',
  'notProcessed.publication',
  'notProcessed.massive',
  'notProcessed.confirm',
  'other.overdueCorrection',
  'other.overdueFee',
  'other.otherReasons',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface OutcomeInfo {
  /** Row label as printed in table 3. */
  row: string;
  /** Short label for lists and forms. */
  label: string;
  /** Legal basis cited in the reply. */
  basis: string;
  /** Whether information is released with this reply (so documents may be attached). */
  releases: boolean;
  /** Whether the reply must state reasons (Arts. 36(3), 37). */
  needsReasons: boolean;
  /** Outcomes reached by the system or a workflow step rather than chosen in the reply form. */
  automatic?: boolean;
}

export const OUTCOME_INFO: Record<Outcome, OutcomeInfo> = {
  granted: { row: '（一）予以公开', label: '予以公开', basis: '《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项', releases: true, needsReasons: false },
  partialGrant: { row: '（二）部分公开', label: '部分公开', basis: '《中华人民共和国政府信息公开条例》第三十七条', releases: true, needsReasons: true },
  'denied.stateSecret': { row: '（三）1．属于国家秘密', label: '不予公开：属于国家秘密', basis: '《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.lawForbidden': { row: '（三）2．其他法律行政法规禁止公开', label: '不予公开：法律行政法规禁止公开', basis: '《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.safetyStability': { row: '（三）3．危及"三安全一稳定"', label: '不予公开：危及“三安全一稳定”', basis: '《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.thirdPartyRights': { row: '（三）4．保护第三方合法权益', label: '不予公开：保护第三方合法权益', basis: '《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.internalAffairs': { row: '（三）5．属于三类内部事务信息', label: '不予公开：内部事务信息', basis: '《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.processInfo': { row: '（三）6．属于四类过程性信息', label: '不予公开：过程性信息', basis: '《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.enforcementCase': { row: '（三）7．属于行政执法案卷', label: '不予公开：行政执法案卷', basis: '《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项', releases: false, needsReasons: true },
  'denied.adminQuery': { row: '（三）8．属于行政查询事项', label: '不予公开：属于行政查询事项', basis: '《中华人民共和国政府信息公开条例》第三十六条第（七）项', releases: false, needsReasons: true },
  'unable.noInfo': { row: '（四）1．本机关不掌握相关政府信息', label: '无法提供：本机关不掌握', basis: '《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项', releases: false, needsReasons: true },
  'unable.needCreation': { row: '（四）2．没有现成信息需要另行制作', label: '无法提供：需另行制作', basis: '《中华人民共和国政府信息公开条例》第三十八条', releases: false, needsReasons: true },
  'unable.unclear': { row: '（四）3．补正后申请内容仍不明确', label: '无法提供：补正后仍不明确', basis: '《中华人民共和国政府信息公开条例》第三十条', releases: false, needsReasons: true },
  'notProcessed.complaint': { row: '（五）1．信访举报投诉类申请', label: '不予处理：信访举报投诉类申请', basis: '《中华人民共和国政府信息公开条例》第三十九条第一款', releases: false, needsReasons: true },
  'notProcessed.repeat': { row: '（五）2．重复申请', label: '不予处理：重复申请', basis: '《中华人民共和国政府信息公开条例》第三十六条第（六）项', releases: false, needsReasons: true },
  'notProcessed.publication': { row: '（五）3．要求提供公开出版物', label: '不予处理：要求提供公开出版物', basis: '《中华人民共和国政府信息公开条例》第三十九条第二款', releases: false, needsReasons: true },
  'notProcessed.massive': { row: '（五）4．无正当理由大量反复申请', label: '不予处理：无正当理由大量反复申请', basis: '《中华人民共和国政府信息公开条例》第三十五条', releases: false, needsReasons: true },
  'notProcessed.confirm': { row: '（五）5．要求行政机关确认或重新出具已获取信息', label: '不予处理：要求确认或重新出具已获取信息', basis: '《中华人民共和国政府信息公开条例》第三十六条', releases: false, needsReasons: true },
  'other.overdueCorrection': { row: '（六）1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', label: '逾期不补正，不再处理', basis: '《中华人民共和国政府信息公开条例》第三十条', releases: false, needsReasons: false, automatic: true },
  'other.overdueFee': { row: '（六）2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', label: '逾期未缴费，不再处理', basis: '《政府信息公开信息处理费管理办法》', releases: false, needsReasons: false },
  'other.otherReasons': { row: '（六）3．其他', label: '其他处理（含申请人撤回）', basis: '《中华人民共和国政府信息公开条例》', releases: false, needsReasons: true },
};

/** Outcomes an officer may choose in the reply form (the automatic ones come from workflow steps). */
export const REPLY_OUTCOMES: readonly Outcome[] = OUTCOMES.filter((o) => !OUTCOME_INFO[o].automatic);

export function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'string' && (OUTCOMES as readonly string[]).includes(v);
}

/** Remedy outcomes for annual-report table 4. */
export const REMEDY_KINDS = ['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export const REMEDY_KIND_LABELS: Record<RemedyKind, string> = {
  reconsideration: '行政复议',
  litigationDirect: '行政诉讼（未经复议直接起诉）',
  litigationAfterReconsideration: '行政诉讼（复议后起诉）',
};
export const REMEDY_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export type RemedyResult = (typeof REMEDY_RESULTS)[number];
export const REMEDY_RESULT_LABELS: Record<RemedyResult, string> = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结' };

/** The remedies text every reply carries (§1.12): 复议 within 60 days, 诉讼 within 6 months. */
export const REMEDIES_TEXT =
  '申请人对本答复不服的，可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。' +
  '属于不予公开情形的，依照《中华人民共和国行政复议法》第二十三条，应当先申请行政复议。';
