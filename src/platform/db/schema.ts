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
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
