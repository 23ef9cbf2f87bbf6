/** Disclosure requests (依申请公开): intake, the statutory clock, handling, formal notices, figures. */
export { computeClock, ruleSetFor, RULE_SETS, DEFAULT_CLOCK_OPTIONS, DeadlineRuleError, type ClockEvent, type ClockOptions, type ClockState, type Pause, type RuleSet } from './deadlines.js';
export { createRequestsService, maskName, EVENT_LABELS, STATUS_LABELS, DEFAULT_REQUEST_SETTINGS, type RequestsService, type RequestRow, type RequestSettings, type MessageQueue, type OutboundMessage } from './requests.service.js';
export { canOnRequest, REQUEST_VIEW_ROLES, REQUEST_HANDLE_ROLES, type RequestAction } from './requests.policy.js';
export { table3, table4, table3Problems, type Table3, type Table4 } from './figures.js';
export * from './outcomes.js';
export { ID_TYPES, CHANNELS, PROVISION_FORMS, OBTAIN_METHODS, DELIVERY_METHODS, normalizeDocRef } from './request.schema.js';
export { feeForApplication, feeForPages, feeBreakdown, checkFeeSchedule, DEFAULT_FEE_SCHEDULE, FEE_BASIS, FEE_METHOD_LABELS, FeeError, type FeeSchedule, type FeeTable, type FeeTier, type EscalatingBands, type FeeBreakdown, type FeeLine, type FeeMethod, type FeeQuantity } from './fees.js';
export { renderNotice, checkTemplate, templateKey, noticeDocx, noticePdf, chineseDate, DEFAULT_NOTICE_TEMPLATES, NOTICE_KINDS, NOTICE_KIND_LABELS, NOTICE_PLACEHOLDERS, DECISION_NOTICES, NOTICE_REMEDIES_TEXT, MISSING, NoticeError, type NoticeKind, type NoticeData, type NoticeTemplate, type NoticeTemplateKey, type RenderedNotice } from './notices.js';
export { requestsStaffRoutes } from './requests.staff.js';
export { requestsPortalRoutes, deadlineText } from './requests.portal.js';
