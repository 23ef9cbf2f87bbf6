import { sql } from 'kysely';
import type { Executor } from '#platform/db/database.js';
import type { Validity } from '#platform/db/schema.js';

/**
 * The only SQL of the public catalogue. Every public surface (pages, feeds, sitemap, exports, API)
 * starts from `publicItems()`, the one statement of what the public may see.
 */

/**
 * THE visibility rule of the public catalogue, in one place: an item is public iff it is published
 * (`public_state = 'published'`), its current published version is 主动公开 (`disclosure =
 * 'proactive'`, the item row's snapshot of `current_version_id`), and its lead agency is active.
 * Withdrawn, unpublished, 依申请公开 and 不予公开 items are simply absent. The predicate matches the
 * partial indexes `catalogue_items_public_idx` and `catalogue_items_org_public_idx`.
 * Aliases: `i` the item, `o` its agency.
 */
export function publicItems(db: Executor) {
  return db
    .selectFrom('catalogueItems as i')
    .innerJoin('organisations as o', 'o.id', 'i.orgId')
    .where('i.publicState', '=', 'published')
    .where('i.disclosure', '=', 'proactive')
    .where('o.isActive', '=', true);
}

/** Public items with their current (published) version joined as `v`: never the working version. */
export function publicItemsWithVersion(db: Executor) {
  return publicItems(db).innerJoin('catalogueVersions as v', (j) => j.onRef('v.id', '=', 'i.currentVersionId').onRef('v.itemId', '=', 'i.id'));
}

export const VALIDITIES: readonly Validity[] = ['in_force', 'expired', 'repealed'];
export const SORTS = ['published', 'generated', 'title'] as const;
export type PublicSort = (typeof SORTS)[number];

/** Filters of a public listing, as named in the URL. */
export interface PublicFilters {
  /** Slug of the lead agency. */
  agency?: string | undefined;
  /** With `agency`: include the agency's whole subtree. */
  sub?: boolean | undefined;
  /** 主题分类 code; a top-level code includes its second-level classes. */
  topic?: string | undefined;
  /** 体裁 code. */
  genre?: string | undefined;
  /** Year of 成文日期. */
  year?: number | undefined;
  validity?: Validity | undefined;
}

/** A parsed listing query: filters, sort and paging, plus what could not be understood. */
export interface ListingQuery {
  filters: PublicFilters;
  sort: PublicSort;
  page: number;
  pageSize: number;
  problems: Record<string, string>;
}

const CODE = /^[A-Za-z0-9]{1,12}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads the listing parameters of a query string (pages, feeds, exports and the API share it).
 * Unknown values are dropped and named in `problems` (the API refuses them; pages ignore them).
 */
export function parseListingQuery(raw: Record<string, unknown>, opts: { defaultPageSize: number; maxPageSize: number }): ListingQuery {
  const str = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const problems: Record<string, string> = {};
  const filters: PublicFilters = {};
  const agency = str('agency');
  if (agency !== undefined) {
    if (SLUG.test(agency)) filters.agency = agency;
    else problems.agency = '机构标识格式不正确。';
  }
  if (str('sub') === '1' || str('sub') === 'true') filters.sub = true;
  for (const k of ['topic', 'genre'] as const) {
    const v = str(k);
    if (v === undefined) continue;
    if (CODE.test(v)) filters[k] = v;
    else problems[k] = '分类代码格式不正确。';
  }
  const year = str('year');
  if (year !== undefined) {
    if (/^\d{4}$/.test(year) && Number(year) >= 1949 && Number(year) <= 2200) filters.year = Number(year);
    else problems.year = '年份应为四位数字。';
  }
  const validity = str('validity');
  if (validity !== undefined) {
    if ((VALIDITIES as readonly string[]).includes(validity)) filters.validity = validity as Validity;
    else problems.validity = '有效性只能是 in_force、expired 或 repealed。';
  }
  const sortRaw = str('sort');
  let sort: PublicSort = 'published';
  if (sortRaw !== undefined) {
    if ((SORTS as readonly string[]).includes(sortRaw)) sort = sortRaw as PublicSort;
    else problems.sort = '排序只能是 published、generated 或 title。';
  }
  const pageRaw = str('page');
  let page = 1;
  if (pageRaw !== undefined) {
    if (/^[1-9]\d{0,5}$/.test(pageRaw)) page = Number(pageRaw);
    else problems.page = '页码应为正整数。';
  }
  const sizeRaw = str('pageSize');
  let pageSize = opts.defaultPageSize;
  if (sizeRaw !== undefined) {
    if (/^[1-9]\d{0,3}$/.test(sizeRaw) && Number(sizeRaw) <= opts.maxPageSize) pageSize = Number(sizeRaw);
    else problems.pageSize = `每页条数应为 1–${opts.maxPageSize} 的整数。`;
  }
  if ((page - 1) * pageSize >= MAX_LISTING_DEPTH) problems.page = tooDeepMessage(pageSize);
  return { filters, sort, page, pageSize, problems };
}

/**
 * Listings page no deeper than this many rows (an OFFSET walks every row before it); the full list
 * is in the exports and the feeds, and filters narrow it.
 */
export const MAX_LISTING_DEPTH = 10_000;

/** The message for a page past the depth limit. */
export function tooDeepMessage(pageSize: number): string {
  return `列表最多可翻到第 ${Math.ceil(MAX_LISTING_DEPTH / pageSize)} 页。请用筛选条件缩小范围，或下载 CSV、JSON 获取全部结果。`;
}

/** The query string of filters (and sort, unless default), for links that keep the listing's filters. */
export function filtersQuery(filters: PublicFilters, sort: PublicSort = 'published', omit: (keyof PublicFilters)[] = []): string {
  const p = new URLSearchParams();
  const keep = (k: keyof PublicFilters) => !omit.includes(k);
  if (filters.agency && keep('agency')) p.set('agency', filters.agency);
  if (filters.sub && keep('sub')) p.set('sub', '1');
  if (filters.topic && keep('topic')) p.set('topic', filters.topic);
  if (filters.genre && keep('genre')) p.set('genre', filters.genre);
  if (filters.year && keep('year')) p.set('year', String(filters.year));
  if (filters.validity && keep('validity')) p.set('validity', filters.validity);
  if (sort !== 'published') p.set('sort', sort);
  return p.toString();
}

/** Filters resolved to ids; `null` when a named agency or class does not exist (nothing matches). */
interface Resolved {
  orgIds?: string[];
  topicIds?: string[];
  genreId?: string;
  year?: number;
  validity?: Validity;
}

async function resolveFilters(db: Executor, f: PublicFilters): Promise<Resolved | null> {
  const r: Resolved = {};
  if (f.agency) {
    const org = await db.selectFrom('organisations').select(['id', 'path']).where('slug', '=', f.agency).where('isActive', '=', true).executeTakeFirst();
    if (!org) return null;
    r.orgIds = f.sub
      ? (await db.selectFrom('organisations').select('id').where('path', 'like', `${org.path}%`).where('isActive', '=', true).execute()).map((x) => x.id)
      : [org.id];
  }
  if (f.topic) {
    const term = await db.selectFrom('taxonomyTerms').select(['id', 'parentId']).where('scheme', '=', 'topic').where('code', '=', f.topic).executeTakeFirst();
    if (!term) return null;
    const children = term.parentId === null ? await db.selectFrom('taxonomyTerms').select('id').where('parentId', '=', term.id).execute() : [];
    r.topicIds = [term.id, ...children.map((c) => c.id)];
  }
  if (f.genre) {
    const term = await db.selectFrom('taxonomyTerms').select('id').where('scheme', '=', 'genre').where('code', '=', f.genre).executeTakeFirst();
    if (!term) return null;
    r.genreId = term.id;
  }
  if (f.year) r.year = f.year;
  if (f.validity) r.validity = f.validity;
  return r;
}

/** Public items narrowed by resolved filters (each an indexed or cheap predicate on `i`). */
function filtered(db: Executor, r: Resolved) {
  let q = publicItems(db);
  if (r.orgIds) q = q.where('i.orgId', 'in', r.orgIds);
  if (r.topicIds) q = q.where('i.topicId', 'in', r.topicIds);
  if (r.genreId) q = q.where('i.genreId', '=', r.genreId);
  if (r.year) q = q.where('i.generatedOn', '>=', `${r.year}-01-01`).where('i.generatedOn', '<', `${r.year + 1}-01-01`);
  if (r.validity) q = q.where('i.validity', '=', r.validity);
  return q;
}

/** The columns of a listing row (the item row's public snapshot; no version text). */
function listingRows(db: Executor, r: Resolved) {
  return filtered(db, r)
    .leftJoin('taxonomyTerms as tt', 'tt.id', 'i.topicId')
    .leftJoin('taxonomyTerms as tg', 'tg.id', 'i.genreId')
    .select([
      'i.id',
      'i.indexNumber',
      'i.title',
      'i.docNumber',
      'i.generatedOn',
      'i.firstPublishedAt',
      'i.updatedPublicAt',
      'i.validity',
      'i.validityChangedOn',
      'o.slug as agencySlug',
      'o.name as agencyName',
      'o.nameEn as agencyNameEn',
      'tt.code as topicCode',
      'tt.name as topicName',
      'tg.code as genreCode',
      'tg.name as genreName',
    ]);
}

type ListingQueryBuilder = ReturnType<typeof listingRows>;

/** Each sort's column and direction; the id breaks ties in the same direction. */
const SORT_KEYS = {
  published: ['i.firstPublishedAt', 'desc'],
  generated: ['i.generatedOn', 'desc'],
  title: ['i.title', 'asc'],
} as const;

function ordered(q: ListingQueryBuilder, sort: PublicSort): ListingQueryBuilder {
  const [column, direction] = SORT_KEYS[sort];
  return q.orderBy(column, direction).orderBy('i.id', direction);
}

/** One row of a public listing. */
export type PublicListingRow = Awaited<ReturnType<ListingQueryBuilder['execute']>>[number];

/** Counting stops here: beyond it the page says "more than" (a count of 100,000 rows stays cheap). */
export const COUNT_CAP = 100_000;

/**
 * One page of public items matching the filters, and how many match in all (capped at COUNT_CAP;
 * `capped` says so). A named agency or class that does not exist matches nothing.
 */
export async function listPublic(db: Executor, filters: PublicFilters, sort: PublicSort, page: number, pageSize: number, version?: number): Promise<{ total: number; capped: boolean; rows: PublicListingRow[] }> {
  const r = await resolveFilters(db, filters);
  if (!r) return { total: 0, capped: false, rows: [] };
  const n = await countMatching(db, r, version);
  const offset = (page - 1) * pageSize;
  // Past the last page or the depth limit: nothing to fetch (and no deep scan).
  if (offset >= n || offset >= MAX_LISTING_DEPTH) return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP, rows: [] };
  // The page's ids first (an index walk without joins), then their rows.
  const ids = (await orderedIds(filtered(db, r), sort).select('i.id').limit(pageSize).offset(offset).execute()).map((x) => x.id);
  const rows = ids.length === 0 ? [] : await ordered(listingRows(db, r).where('i.id', 'in', ids), sort).execute();
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP, rows };
}

function orderedIds(q: ReturnType<typeof filtered>, sort: PublicSort) {
  const [column, direction] = SORT_KEYS[sort];
  return q.orderBy(column, direction).orderBy('i.id', direction);
}

/** Counts per database and filter set, kept while the public catalogue is unchanged (its version). */
const countCaches = new WeakMap<Executor, { version: number; counts: Map<string, number> }>();
async function countMatching(db: Executor, r: Resolved, version: number | undefined): Promise<number> {
  const key = JSON.stringify(r);
  let cache = version === undefined ? undefined : countCaches.get(db);
  if (version !== undefined && cache?.version !== version) countCaches.set(db, (cache = { version, counts: new Map() }));
  const hit = cache?.counts.get(key);
  if (hit !== undefined) return hit;
  const row = await db
    .selectFrom(filtered(db, r).select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('m'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  if (cache && countCaches.get(db) === cache) {
    if (cache.counts.size >= 5000) cache.counts.delete(cache.counts.keys().next().value!);
    cache.counts.set(key, n);
  }
  return n;
}

/**
 * Every public item matching the filters, in the listing's order, fetched in batches by keyset
 * (no offsets, no connection held between batches), up to `cap` rows. For exports.
 */
export async function* streamPublic(db: Executor, filters: PublicFilters, sort: PublicSort, opts: { cap: number; batch?: number }): AsyncGenerator<PublicListingRow> {
  const r = await resolveFilters(db, filters);
  if (!r) return;
  const batch = opts.batch ?? 1000;
  let sent = 0;
  let after: { key: string; id: string } | undefined;
  while (sent < opts.cap) {
    let q = ordered(listingRows(db, r), sort).select(keyColumn(sort)).limit(Math.min(batch, opts.cap - sent));
    if (after) q = q.where(keysetAfter(sort, after));
    const rows = await q.execute();
    for (const row of rows) {
      const { sortKey: _key, ...rest } = row;
      yield rest;
    }
    sent += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = { key: last.sortKey, id: last.id };
  }
}

/** The sort column as text (timestamps keep their microseconds, which a JS Date would lose). */
function keyColumn(sort: PublicSort) {
  switch (sort) {
    case 'published':
      return sql<string>`i.first_published_at::text`.as('sortKey');
    case 'generated':
      return sql<string>`i.generated_on::text`.as('sortKey');
    case 'title':
      return sql<string>`i.title`.as('sortKey');
  }
}

function keysetAfter(sort: PublicSort, after: { key: string; id: string }) {
  switch (sort) {
    case 'published':
      return sql<boolean>`(i.first_published_at, i.id) < (${after.key}::timestamptz, ${after.id}::bigint)`;
    case 'generated':
      return sql<boolean>`(i.generated_on, i.id) < (${after.key}::date, ${after.id}::bigint)`;
    case 'title':
      return sql<boolean>`(i.title, i.id) > (${after.key}, ${after.id}::bigint)`;
  }
}

/** The newest public items with their summary (for feeds). */
export async function newestPublic(db: Executor, filters: PublicFilters, limit: number) {
  const r = await resolveFilters(db, filters);
  if (!r) return [];
  return ordered(listingRows(db, r), 'published')
    .innerJoin('catalogueVersions as v', 'v.id', 'i.currentVersionId')
    .select(['v.summary', 'v.keywords'])
    .limit(limit)
    .execute();
}

const ID = /^[1-9]\d{0,17}$/;

/** The public item page: item, its current published version, agencies, classes, attachments and 解读 links. */
export async function getPublic(db: Executor, id: string) {
  if (!ID.test(id)) return undefined;
  const item = await publicItemsWithVersion(db)
    .leftJoin('taxonomyTerms as tt', 'tt.id', 'v.topicId')
    .leftJoin('taxonomyTerms as ttp', 'ttp.id', 'tt.parentId')
    .leftJoin('taxonomyTerms as tg', 'tg.id', 'v.genreId')
    .select([
      'i.id',
      'i.indexNumber',
      'i.validity',
      'i.validityChangedOn',
      'i.firstPublishedAt',
      'i.updatedPublicAt',
      'o.id as agencyId',
      'o.slug as agencySlug',
      'o.name as agencyName',
      'o.nameEn as agencyNameEn',
      'v.title',
      'v.summary',
      'v.docNumber',
      'v.generatedOn',
      'v.effectiveOn',
      'v.repealedOn',
      'v.keywords',
      'v.coIssuerIds',
      'v.interpretsId',
      'v.bodyHtml',
      'v.bodyText',
      'v.attachmentIds',
      'v.id as versionId',
      'tt.code as topicCode',
      'tt.name as topicName',
      'ttp.name as topicParentName',
      'tg.code as genreCode',
      'tg.name as genreName',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!item) return undefined;
  const [coIssuers, attachments, interpretations, interprets, redactions] = await Promise.all([
    item.coIssuerIds.length === 0
      ? []
      : db.selectFrom('organisations').select(['id', 'slug', 'name', 'nameEn', 'isActive']).where('id', 'in', item.coIssuerIds).orderBy('path').execute(),
    item.attachmentIds.length === 0
      ? []
      : db
          .selectFrom('catalogueAttachments')
          .select(['id', 'fileName', 'mediaType', 'sizeBytes'])
          .where('itemId', '=', item.id)
          .where('id', 'in', item.attachmentIds)
          .orderBy('id')
          .execute(),
    publicItemsWithVersion(db).select(['i.id', 'v.title']).where('v.interpretsId', '=', item.id).orderBy('i.firstPublishedAt', 'desc').orderBy('i.id', 'desc').limit(50).execute(),
    item.interpretsId ? publicItems(db).select(['i.id', 'i.title']).where('i.id', '=', item.interpretsId).executeTakeFirst() : undefined,
    // The redaction log released with the item: what kind of content was removed, where, and why.
    db
      .selectFrom('screeningFindings as f')
      .leftJoin('catalogueAttachments as a', 'a.id', 'f.attachmentId')
      .select(['f.type', 'f.note', 'a.fileName'])
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('f.versionId', '=', item.versionId)
      .where('f.status', '=', 'masked')
      .groupBy(['f.type', 'f.note', 'a.fileName'])
      .orderBy('a.fileName', 'desc')
      .orderBy('f.type')
      .execute(),
  ]);
  // Keep the version's order of attachments.
  const order = new Map(item.attachmentIds.map((a, n) => [a, n]));
  attachments.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const { coIssuerIds: _co, attachmentIds: _att, versionId: _v, ...rest } = item;
  return {
    ...rest,
    coIssuers,
    attachments,
    interpretations,
    interprets: interprets ? { id: interprets.id, title: interprets.title ?? '' } : undefined,
    redactions: redactions.map((r) => ({ type: r.type, where: r.fileName ?? null, reason: r.note ?? '', count: Number(r.n) })),
  };
}

export type PublicItem = NonNullable<Awaited<ReturnType<typeof getPublic>>>;

/** A public attachment of a public item: listed in its current version's attachment_ids. */
export async function getPublicAttachment(db: Executor, itemId: string, attachmentId: string) {
  if (!ID.test(itemId) || !ID.test(attachmentId)) return undefined;
  return publicItemsWithVersion(db)
    .innerJoin('catalogueAttachments as a', 'a.itemId', 'i.id')
    .select(['a.id', 'a.sha256', 'a.fileName', 'a.mediaType', 'a.sizeBytes'])
    .where('i.id', '=', itemId)
    .where('a.id', '=', attachmentId)
    .where(sql<boolean>`a.id = ANY(v.attachment_ids)`)
    .executeTakeFirst();
}

/** How many items are public (for the sitemap index). */
export async function countPublic(db: Executor): Promise<number> {
  const row = await publicItems(db).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the sitemap's items, by id (stable pages). */
export async function sitemapItems(db: Executor, page: number, pageSize: number) {
  return publicItems(db)
    .select(['i.id', 'i.firstPublishedAt', 'i.updatedPublicAt'])
    .orderBy('i.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
}

/** Agencies that have a 政府信息公开指南 (for the sitemap). */
export async function agenciesWithGuide(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('agencyGuides').select('orgId').distinct().execute();
  return new Set(rows.map((r) => r.orgId));
}
