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

/** The whole database as Kysely sees it. */
export interface DB {
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
