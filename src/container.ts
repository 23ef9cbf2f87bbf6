import type { Config } from './config.js';
import { chinaDate, systemClock, type Clock } from '#platform/clock.js';
import type { ChangeFeed } from '#platform/db/changes.js';
import type { Database } from '#platform/db/database.js';
import { createAuditService } from '#modules/audit/index.js';
import { createCalendarService } from '#modules/calendar/index.js';
import { createCatalogueService, createCatalogueSettingsService, createGuideService, createImporter, createTaxonomyService } from '#modules/catalogue/index.js';
import { createDiskStorage } from '#platform/files/storage.js';
import { createJobRunner, enqueue } from '#platform/jobs/index.js';
import { createApiTokenService, createSessionService, createUsersService } from '#modules/auth/index.js';
import { createOrgService } from '#modules/org/index.js';
import { createRequestsService } from '#modules/requests/index.js';
import { createSearchService } from '#modules/search/index.js';
import { createStandardsService } from '#modules/standards/index.js';
import { createMattersService, createPowerSheets } from '#modules/matters/index.js';
import { defaultAnalyzer } from '#platform/search/text.js';
import { enqueueMessage } from '#platform/mail/index.js';

/** Composition root: config → database → services. The same services serve web, CLI and jobs. */
export function createContainer({ db, config, clock = systemClock, changes }: { db: Database; config: Config; clock?: Clock; changes?: ChangeFeed | undefined }) {
  const audit = createAuditService({ db, clock });
  const orgs = createOrgService({ db, audit, changes });
  const sessions = createSessionService({
    db,
    audit,
    clock,
    settings: {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
      maxFailures: config.loginMaxFailures,
      lockMinutes: config.loginLockMinutes,
    },
  });
  const users = createUsersService({
    db,
    audit,
    clock,
    orgLookup: orgs.lookup,
  });
  const calendar = createCalendarService({ db, audit, orgLookup: orgs.lookup, changes });
  const taxonomy = createTaxonomyService({ db, audit, changes });
  const catalogueSettings = createCatalogueSettingsService({ db, audit, orgs });
  const storage = createDiskStorage(config.filesDir);
  // The tokeniser (jieba with the government dictionary) loads once per process, on first use.
  const analyzer = defaultAnalyzer;
  const catalogue = createCatalogueService({ db, audit, orgs, calendar, clock, storage, maxFileBytes: config.maxUploadBytes, changes, analyzer });
  const importItems = createImporter({ db, audit, catalogue, clock });
  // 基层政务公开标准目录: standard catalogues per agency, sector templates, the timeliness monitor.
  const standards = createStandardsService({ db, audit, orgs, calendar, clock });
  const guides = createGuideService({ db, audit, orgs, clock, changes, analyzer });
  const search = createSearchService({ db, orgs, taxonomy, analyzer, engineOptions: { exactTotalsUpTo: config.searchExactTotalsUpTo } });
  const apiTokens = createApiTokenService({ db, audit, clock, orgs });
  // Modules register their job handlers on jobs.runner here; the web entrypoint starts it.
  const jobs = { enqueue, runner: createJobRunner({ db, clock }) };
  const requests = createRequestsService({
    db,
    audit,
    orgs,
    calendar,
    clock,
    storage,
    maxFileBytes: config.maxUploadBytes,
    publicUrl: config.publicUrl,
    messages: { enqueue: (tx, { attachments, ...msg }) => enqueueMessage(tx, attachments ? { ...msg, attachments } : msg) },
    settings: { onlineReceipt: config.requestOnlineReceipt, retentionYears: config.requestRetentionYears, clock: { feePausesClock: config.requestFeePausesClock } },
  });
  // 权责清单 and 办事指南 (issue 6): powers and service guides with flowcharts; spreadsheet import/export.
  const matters = createMattersService({ db, audit, orgs, clock, storage, maxFileBytes: config.maxUploadBytes, changes, analyzer });
  const powerSheets = createPowerSheets({ db, audit, orgs, matters });
  // The daily sweep of requests (abandoned corrections, reminders, escalation, retention): each run schedules the next, at 01:00 China time.
  const scheduleSweep = async (runAt?: Date) => {
    const at = runAt ?? new Date(Date.parse(`${chinaDate(clock.now())}T01:00:00+08:00`) + 86_400_000);
    await enqueue(db, { kind: 'requests.sweep', payload: {}, runAt: at, dedupeKey: `requests.sweep:${at.toISOString()}` });
  };
  jobs.runner.register('requests.sweep', async () => {
    await requests.sweep();
    await scheduleSweep();
  });
  return { db, config, clock, audit, orgs, sessions, users, calendar, taxonomy, catalogueSettings, storage, catalogue, importItems, guides, apiTokens, jobs, requests, scheduleSweep, analyzer, search, matters, powerSheets, standards };
}

export type Container = ReturnType<typeof createContainer>;
