import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types for Kysely (snake_case in SQL, camelCase here through CamelCasePlugin). */
/** A timestamp with a default (optional on insert). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamp. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Ref = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableRef = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;

export interface OrganisationsTable {
  id: Id;
  parentId: NullableRef;
  path: string;
  depth: number;
  kind: string;
  sector: string | null;
  slug: string;
  name: string;
  shortName: string | null;
  nameEn: string | null;
  creditCode: string | null;
  officeName: string | null;
  address: string | null;
  postcode: string | null;
  officeHours: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  sortOrder: Generated<number>;
  isActive: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface UsersTable {
  id: Id;
  kind: 'staff' | 'public';
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  homeOrgId: NullableRef;
  passwordHash: string;
  passwordChangedAt: Timestamp;
  failedLogins: Generated<number>;
  lockedUntil: NullableTimestamp;
  totpSecret: string | null;
  totpEnabledAt: NullableTimestamp;
  totpLastStep: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  isActive: Generated<boolean>;
  lastLoginAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RoleGrantsTable {
  id: Id;
  userId: Ref;
  orgId: Ref;
  role: string;
  grantedBy: NullableRef;
  createdAt: Timestamp;
}

export interface SessionsTable {
  id: string;
  userId: Ref;
  mfaPassed: Generated<boolean>;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: ColumnType<Date, Date | string, Date | string>;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntriesTable {
  seq: ColumnType<string, string | number, never>;
  occurredAt: ColumnType<Date, Date | string, never>;
  actorId: NullableRef;
  actorLabel: string;
  orgId: NullableRef;
  action: string;
  subjectType: string;
  subjectId: string | null;
  summary: ColumnType<Record<string, unknown>, string, never>;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
}

export interface AppSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface CalendarDaysTable {
  id: Id;
  /** A civil date, read back as `YYYY-MM-DD` text (see the type parser in database.ts). */
  day: ColumnType<string, string, string>;
  isOffDay: boolean;
  name: string;
  scopeOrgId: NullableRef;
  note: string | null;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface CalendarYearsTable {
  year: number;
  note: string;
  markedBy: NullableRef;
  markedAt: Timestamp;
}

export interface CatalogueSettingsTable {
  orgId: Ref;
  indexTemplate: string;
  updatedAt: Timestamp;
}

export interface IndexNumberCountersTable {
  orgId: Ref;
  period: string;
  lastSerial: number;
}

export interface TaxonomyTermsTable {
  id: Id;
  scheme: 'topic' | 'genre';
  parentId: NullableRef;
  code: string;
  name: string;
  sortOrder: Generated<number>;
  isActive: Generated<boolean>;
}

type DateCol = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
type IdArray = ColumnType<string[], string[] | undefined, string[]>;

export type PublicState = 'unpublished' | 'published' | 'withdrawn';
export type WorkState = 'draft' | 'submitted' | 'returned';
export type Disclosure = 'proactive' | 'on_request' | 'withheld';
export type Validity = 'in_force' | 'expired' | 'repealed';

export interface CatalogueItemsTable {
  id: Id;
  orgId: Ref;
  publicState: ColumnType<PublicState, PublicState | undefined, PublicState>;
  workState: WorkState | null;
  indexNumber: string | null;
  currentVersionId: NullableRef;
  workVersionId: NullableRef;
  validity: ColumnType<Validity, Validity | undefined, Validity>;
  validityChangedOn: NullableDate;
  title: string | null;
  docNumber: string | null;
  generatedOn: NullableDate;
  topicId: NullableRef;
  genreId: NullableRef;
  disclosure: Disclosure | null;
  firstPublishedAt: NullableTimestamp;
  updatedPublicAt: NullableTimestamp;
  withdrawnAt: NullableTimestamp;
  withdrawnReason: string | null;
  createdBy: NullableRef;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CatalogueVersionsTable {
  id: Id;
  itemId: Ref;
  versionNo: number;
  title: string;
  summary: string | null;
  docNumber: string | null;
  generatedOn: DateCol;
  effectiveOn: NullableDate;
  repealedOn: NullableDate;
  topicId: NullableRef;
  genreId: NullableRef;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  disclosure: Disclosure;
  withheldGround: string | null;
  scope: ColumnType<'public' | 'applicant', 'public' | 'applicant' | undefined, 'public' | 'applicant'>;
  art20Category: number | null;
  coIssuerIds: IdArray;
  interpretsId: NullableRef;
  bodyHtml: Generated<string>;
  bodyText: Generated<string>;
  attachmentIds: IdArray;
  unredactedBodyHtml: ColumnType<string | null, string | null | undefined, string | null>;
  unredactedBodyText: ColumnType<string | null, string | null | undefined, string | null>;
  unredactedAttachmentIds: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  createdBy: NullableRef;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  submittedAt: NullableTimestamp;
  reviewedBy: NullableRef;
  reviewedAt: NullableTimestamp;
  reviewNote: string | null;
  publishedAt: NullableTimestamp;
}

export interface CatalogueAttachmentsTable {
  id: Id;
  itemId: Ref;
  sha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: ColumnType<string, string | number, never>;
  textContent: string | null;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface AgencyGuidesTable {
  id: Id;
  orgId: Ref;
  versionNo: number;
  sections: ColumnType<Record<string, string>, string, never>;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface ApiTokensTable {
  id: Id;
  orgId: Ref;
  userId: Ref;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: Timestamp;
  expiresAt: NullableTimestamp;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export type FindingStatus = 'open' | 'masked' | 'dismissed' | 'kept';

export interface ScreeningFindingsTable {
  id: Id;
  itemId: Ref;
  versionId: Ref;
  attachmentId: NullableRef;
  type: string;
  severity: 'high' | 'medium' | 'low';
  startAt: number;
  endAt: number;
  masked: string;
  context: string;
  valueHash: string;
  status: ColumnType<FindingStatus, FindingStatus | undefined, FindingStatus>;
  note: string | null;
  resolvedBy: NullableRef;
  resolvedAt: NullableTimestamp;
  createdAt: Timestamp;
}

export interface ScreeningReportsTable {
  id: Id;
  startedAt: Timestamp;
  finishedAt: NullableTimestamp;
  itemsTotal: Generated<number>;
  itemsScanned: Generated<number>;
  findings: Generated<number>;
  startedBy: string;
}

export interface ScreeningReportRowsTable {
  id: Id;
  reportId: Ref;
  itemId: Ref;
  orgId: Ref;
  attachmentId: NullableRef;
  type: string;
  severity: string;
  masked: string;
  context: string;
}

export interface SensitiveWordsTable {
  id: Id;
  orgId: NullableRef;
  word: string;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export type RequestStatus = 'submitted' | 'handling' | 'correction' | 'replied' | 'archived' | 'withdrawn' | 'abandoned';
export type RequestChannel = 'online' | 'in_person' | 'post_signed' | 'post_ordinary' | 'fax' | 'oral';

export interface RequestsTable {
  id: Id;
  orgId: Ref;
  caseNumber: string;
  caseYear: number;
  queryCodeHash: string;
  idempotencyKey: string | null;
  channel: RequestChannel;
  status: RequestStatus;
  applicantKind: string;
  applicantName: string;
  idType: string | null;
  idNumber: string | null;
  legalRep: string | null;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  applicantKey: string;
  userId: NullableRef;
  title: string;
  description: string;
  docRef: string | null;
  infoKey: string;
  provisionForm: 'paper' | 'electronic' | 'inspect';
  obtainMethod: 'post' | 'email' | 'fax' | 'collect' | 'online';
  needsAssistance: string | null;
  submittedAt: ColumnType<Date, Date | string, Date | string>;
  receivedOn: NullableDate;
  assigneeId: NullableRef;
  dueOn: NullableDate;
  clockPaused: ColumnType<boolean, boolean | undefined, boolean>;
  extensionDays: ColumnType<number, number | undefined, number>;
  outcome: string | null;
  outcomeReasons: string | null;
  repliedOn: NullableDate;
  deliveredOn: NullableDate;
  deliveryMethod: string | null;
  closedOn: NullableDate;
  repeatOfId: NullableRef;
  feeMethod: 'per-application' | 'per-volume' | null;
  feeAmount: number | null;
  personalPurgedAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RequestCountersTable {
  orgId: Ref;
  year: number;
  kind: 'case' | 'notice';
  next: number;
}

export interface RequestEventsTable {
  id: Id;
  requestId: Ref;
  type: string;
  onDate: DateCol;
  at: Timestamp;
  actorId: NullableRef;
  actorLabel: string;
  summary: string;
  note: string | null;
  clock: ColumnType<unknown, string | null | undefined, never>;
  visible: ColumnType<boolean, boolean | undefined, boolean>;
  noticeId: NullableRef;
}

export interface RequestConsultationsTable {
  id: Id;
  requestId: Ref;
  kind: 'third-party' | 'inter-agency';
  party: string;
  sentOn: DateCol;
  responseDue: NullableDate;
  answeredOn: NullableDate;
  answer: 'consent' | 'objection' | 'no-reply' | null;
  answerNote: string | null;
}

export interface RequestNoticesTable {
  id: Id;
  requestId: Ref;
  kind: string;
  noticeNumber: string;
  title: string;
  issuedOn: DateCol;
  docxSha256: string;
  pdfSha256: string | null;
  bodyText: string;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface RequestFilesTable {
  id: Id;
  requestId: Ref;
  role: 'application' | 'released';
  sha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: ColumnType<string, string | number, never>;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface RequestRemediesTable {
  id: Id;
  requestId: Ref;
  kind: 'reconsideration' | 'litigationDirect' | 'litigationAfterReconsideration';
  filedOn: DateCol;
  body: string;
  result: ColumnType<'upheld' | 'corrected' | 'other' | 'pending', 'upheld' | 'corrected' | 'other' | 'pending' | undefined, 'upheld' | 'corrected' | 'other' | 'pending'>;
  decidedOn: NullableDate;
  note: string | null;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface NoticeTemplatesTable {
  orgId: Ref;
  kind: string;
  title: string;
  body: string;
  updatedBy: NullableRef;
  updatedAt: Timestamp;
}

/** A queued job (platform/jobs): payloads may hold contact data, so finished jobs are purged. */
export interface JobsTable {
  id: Id;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  runAt: Timestamp;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  lockedUntil: NullableTimestamp;
  lastError: string | null;
  doneAt: NullableTimestamp;
  failedAt: NullableTimestamp;
  dedupeKey: string | null;
  createdAt: Timestamp;
}

/** The delivery log of e-mail and SMS (platform/mail), shown to staff. */
export interface OutboundMessagesTable {
  id: Id;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  status: 'sent' | 'failed';
  error: string | null;
  jobId: NullableRef;
  related: string | null;
  sentAt: Timestamp;
}

export interface SearchDocumentsTable {
  key: string;
  kind: string;
  refId: Ref;
  orgId: Ref;
  title: string;
  docNumber: string | null;
  docNumberKey: string | null;
  indexNumber: string | null;
  topicId: NullableRef;
  genreId: NullableRef;
  day: number;
  validity: ColumnType<number, number | undefined, number>;
  titleTokens: string[];
  bodyTokens: string[];
  url: string;
  updatedAt: Timestamp;
}

export interface SearchChangesTable {
  seq: ColumnType<string, never, never>;
  key: string;
  at: Timestamp;
}

/** 基层政务公开标准目录: one entry (公开事项) of an agency's standard catalogue. */
export interface StandardEntriesTable {
  id: Id;
  orgId: Ref;
  area: string;
  level1: string;
  level2: string;
  content: string;
  basis: string;
  timeLimit: string;
  limitKind: 'workdays' | 'periodic' | 'none';
  limitValue: number | null;
  subject: string;
  channels: string[];
  audience: 'all' | 'specific';
  audienceNote: string | null;
  method: 'proactive' | 'on_request';
  levels: string[];
  sortOrder: ColumnType<number, number | undefined, number>;
  createdBy: NullableRef;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** The 政府信息 items that fulfil a standard catalogue entry. */
export interface StandardEntryItemsTable {
  entryId: Ref;
  itemId: Ref;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

/** The whole database as Kysely sees it. */
export interface PowerCategoriesTable {
  code: string;
  name: string;
  sort: ColumnType<number, number | undefined, number>;
  isActive: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface MattersTable {
  id: Id;
  type: 'power' | 'service';
  orgId: Ref;
  code: string;
  publicState: ColumnType<PublicState, PublicState | undefined, PublicState>;
  workState: WorkState | null;
  currentVersionId: NullableRef;
  workVersionId: NullableRef;
  name: string | null;
  category: string | null;
  status: 'in_force' | 'under_revision' | 'abolished' | null;
  hasFlowchart: ColumnType<boolean, boolean | undefined, boolean>;
  powerId: NullableRef;
  firstPublishedAt: NullableTimestamp;
  updatedPublicAt: NullableTimestamp;
  withdrawnAt: NullableTimestamp;
  withdrawnReason: string | null;
  createdBy: NullableRef;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MatterVersionsTable {
  id: Id;
  matterId: Ref;
  versionNo: number;
  content: ColumnType<unknown, string, string>;
  flowchart: ColumnType<unknown, string | null | undefined, string | null>;
  createdBy: NullableRef;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  submittedAt: NullableTimestamp;
  reviewedBy: NullableRef;
  reviewedAt: NullableTimestamp;
  reviewNote: string | null;
  publishedAt: NullableTimestamp;
}

export interface MatterFilesTable {
  id: Id;
  matterId: Ref;
  fileName: string;
  mediaType: string;
  sha256: string;
  size: number;
  createdBy: NullableRef;
  createdAt: Timestamp;
}

export interface DB {
  powerCategories: PowerCategoriesTable;
  matters: MattersTable;
  matterVersions: MatterVersionsTable;
  matterFiles: MatterFilesTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  roleGrants: RoleGrantsTable;
  sessions: SessionsTable;
  auditEntries: AuditEntriesTable;
  auditHead: AuditHeadTable;
  appSettings: AppSettingsTable;
  calendarDays: CalendarDaysTable;
  calendarYears: CalendarYearsTable;
  catalogueSettings: CatalogueSettingsTable;
  indexNumberCounters: IndexNumberCountersTable;
  taxonomyTerms: TaxonomyTermsTable;
  catalogueItems: CatalogueItemsTable;
  catalogueVersions: CatalogueVersionsTable;
  catalogueAttachments: CatalogueAttachmentsTable;
  agencyGuides: AgencyGuidesTable;
  apiTokens: ApiTokensTable;
  screeningFindings: ScreeningFindingsTable;
  screeningReports: ScreeningReportsTable;
  screeningReportRows: ScreeningReportRowsTable;
  sensitiveWords: SensitiveWordsTable;
  jobs: JobsTable;
  outboundMessages: OutboundMessagesTable;
  requests: RequestsTable;
  requestCounters: RequestCountersTable;
  requestEvents: RequestEventsTable;
  requestConsultations: RequestConsultationsTable;
  requestNotices: RequestNoticesTable;
  requestFiles: RequestFilesTable;
  requestRemedies: RequestRemediesTable;
  noticeTemplates: NoticeTemplatesTable;
  searchDocuments: SearchDocumentsTable;
  searchChanges: SearchChangesTable;
  standardEntries: StandardEntriesTable;
  standardEntryItems: StandardEntryItemsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type CatalogueItemRow = Selectable<CatalogueItemsTable>;
export type CatalogueVersionRow = Selectable<CatalogueVersionsTable>;
export type CatalogueAttachmentRow = Selectable<CatalogueAttachmentsTable>;
export type ScreeningFindingRow = Selectable<ScreeningFindingsTable>;
export type JobRow = Selectable<JobsTable>;
export type OutboundMessageRow = Selectable<OutboundMessagesTable>;
export type MatterRow = Selectable<MattersTable>;
export type MatterVersionRow = Selectable<MatterVersionsTable>;
