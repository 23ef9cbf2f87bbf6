import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-29-0001-foundation.js';
import * as calendar from './2026-11-29-0002-calendar.js';
import * as indexNumbers from './2026-11-29-0003-index-numbers.js';
import * as taxonomies from './2026-11-29-0004-taxonomies.js';
import * as catalogueItems from './2026-11-29-0005-catalogue-items.js';
import * as screeningFindings from './2026-11-29-0006-screening-findings.js';
import * as jobs from './2026-11-29-0007-jobs.js';
import * as requests from './2026-11-29-0008-requests.js';
import * as requestsIndexes from './2026-11-29-0009-requests-indexes.js';
import * as search from './2026-11-29-0010-search.js';
import * as matters from './2026-11-29-0011-matters.js';
import * as standardCatalogue from './2026-11-29-0012-standard-catalogue.js';

/** Every migration in order; names are timestamps so that they sort. Forward-only in production. */
export const migrations: Record<string, Migration> = {
  '2026-11-29-0001-foundation': foundation,
  '2026-11-29-0002-calendar': calendar,
  '2026-11-29-0003-index-numbers': indexNumbers,
  '2026-11-29-0004-taxonomies': taxonomies,
  '2026-11-29-0005-catalogue-items': catalogueItems,
  '2026-11-29-0006-screening-findings': screeningFindings,
  '2026-11-29-0007-jobs': jobs,
  '2026-11-29-0008-requests': requests,
  '2026-11-29-0009-requests-indexes': requestsIndexes,
  '2026-11-29-0010-search': search,
  '2026-11-29-0011-matters': matters,
  '2026-11-29-0012-standard-catalogue': standardCatalogue,
};
