import { dayNumber } from '#platform/calendar/index.js';
import type { Database } from '#platform/db/database.js';
import { escapeHtml } from '#platform/html/sanitize.js';
import { SearchEngine, type SearchEngineOptions } from '#platform/search/engine.js';
import { normalizeText, parseQuery } from '#platform/search/text.js';
import { VALIDITY_CODES, type Analyzer, type EngineQuery, type IndexDoc, type SearchFilters, type ValidityCode } from '#platform/search/types.js';
import { publicItemsWithVersion, VALIDITY_LABELS, type TaxonomyService } from '#modules/catalogue/index.js';
import type { OrgService } from '#modules/org/index.js';
import { publicMatters } from '#modules/matters/index.js';
import { chinaDate } from '#platform/clock.js';

export type SearchService = ReturnType<typeof createSearchService>;

/** What a search asks, as named in the URL and the API. */
export interface SearchParams {
  q?: string | undefined;
  /** Agency slug (its subtree included). */
  agency?: string | undefined;
  /** 主题分类 code (a top-level code includes its children). */
  topic?: string | undefined;
  /** 体裁 code. */
  genre?: string | undefined;
  /** Year range of the document's date. */
  from?: number | undefined;
  to?: number | undefined;
  validity?: keyof typeof VALIDITY_CODES | undefined;
  kind?: string | undefined;
  page?: number | undefined;
  limit?: number | undefined;
}

export interface SearchHit {
  id: string;
  kind: string;
  title: string;
  /** Title with the matched terms in <mark> (HTML, escaped). */
  titleHtml: string;
  docNumber: string | null;
  indexNumber: string | null;
  agency: string;
  date: string | null;
  validity: string | null;
  url: string;
  /** A short passage around the first match, plain text, and as HTML with <mark>. */
  snippet: string;
  snippetHtml: string;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SearchResponse {
  query: string;
  total: number;
  /** `total` and the facet counts are estimates (very many matches; see SearchEngine.search). */
  totalIsEstimate: boolean;
  page: number;
  limit: number;
  results: SearchHit[];
  facets: { agency: FacetValue[]; topic: FacetValue[]; genre: FacetValue[]; year: FacetValue[]; validity: FacetValue[]; kind: FacetValue[] };
  /** Filters that named nothing known (shown as a notice, never an error). */
  ignored: string[];
  tookMs: number;
}

export const KIND_LABELS: Record<string, string> = { item: '政府信息', guide: '政府信息公开指南', power: '权责清单', service: '办事指南' };
const MAX_PAGE = 100;
const LOAD_BATCH = 2000;

/**
 * One search over what the public may see. PostgreSQL is the system of record (`search_documents`,
 * written in the transaction of each publication, revision and withdrawal, with its key appended to
 * `search_changes`); each process keeps an in-memory index of it, catches up from the change log
 * before every query, and checks every result against PostgreSQL's visibility rule before returning it.
 */
export function createSearchService(deps: { db: Database; orgs: OrgService; taxonomy: TaxonomyService; analyzer: () => Analyzer; engineOptions?: Pick<SearchEngineOptions, 'exactTotalsUpTo' | 'sampleBudget'> }) {
  const { db, orgs, taxonomy } = deps;
  const engineOptions: SearchEngineOptions = { ...deps.engineOptions };
  let engine = new SearchEngine(engineOptions);
  let lastSeq = 0;
  let loading: Promise<void> | undefined;
  let catching: Promise<void> | undefined;
  /** Titles for suggestions: key → title; a sorted list of normalised titles built lazily. */
  const titles = new Map<string, string>();
  let sorted: { norm: string; title: string }[] | null = null;

  /** Agencies and terms by id and code, rebuilt when either changes (every query needs them). */
  let labelCache: { key: string; value: Promise<Labels> } | undefined;
  interface Labels {
    orgs: Awaited<ReturnType<OrgService['listActive']>>;
    orgById: Map<number, { slug: string; name: string; path: string }>;
    termById: Map<number, { code: string; name: string }>;
    topics: Awaited<ReturnType<TaxonomyService['tree']>>;
    genres: Awaited<ReturnType<TaxonomyService['tree']>>;
  }
  function labels(): Promise<Labels> {
    const key = `${orgs.version()}:${taxonomy.version()}`;
    if (labelCache?.key !== key) {
      const value = (async () => {
        const [all, topics, genres] = await Promise.all([orgs.listActive(), taxonomy.tree('topic'), taxonomy.tree('genre')]);
        return {
          orgs: all,
          orgById: new Map(all.map((o) => [Number(o.id), o])),
          termById: new Map([...topics.flatMap((t) => [t, ...t.children]), ...genres.flatMap((t) => [t, ...t.children])].map((t) => [Number(t.id), t])),
          topics,
          genres,
        };
      })();
      value.catch(() => (labelCache = undefined));
      labelCache = { key, value };
    }
    return labelCache.value;
  }

  const toDoc = (r: { key: string; kind: string; orgId: string; titleTokens: string[]; bodyTokens: string[]; docNumberKey: string | null; indexNumber: string | null; topicId: string | null; genreId: string | null; day: number; validity: number }): IndexDoc => ({
    key: r.key,
    kind: r.kind,
    title: r.titleTokens,
    body: r.bodyTokens,
    docNumberKey: r.docNumberKey,
    indexNumber: r.indexNumber,
    agencyId: Number(r.orgId),
    topicId: r.topicId ? Number(r.topicId) : 0,
    genreId: r.genreId ? Number(r.genreId) : 0,
    day: r.day,
    validity: r.validity as ValidityCode,
  });
  const docColumns = ['key', 'kind', 'orgId', 'title', 'titleTokens', 'bodyTokens', 'docNumberKey', 'indexNumber', 'topicId', 'genreId', 'day', 'validity'] as const;

  /** Loads every search document (keyset batches), then catches up with changes made meanwhile. */
  async function load(onProgress?: (done: number) => void): Promise<void> {
    const fresh = new SearchEngine(engineOptions);
    titles.clear();
    sorted = null;
    const head = await db.selectFrom('searchChanges').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    const from = Number(head?.seq ?? 0);
    let after = '';
    let done = 0;
    for (;;) {
      const rows = await db.selectFrom('searchDocuments').select(docColumns).where('key', '>', after).orderBy('key').limit(LOAD_BATCH).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        fresh.add(toDoc(r));
        titles.set(r.key, r.title);
      }
      done += rows.length;
      onProgress?.(done);
      after = rows.at(-1)!.key;
    }
    engine = fresh;
    lastSeq = from;
    await catchUpNow();
  }

  async function catchUpNow(): Promise<void> {
    for (;;) {
      const changes = await db.selectFrom('searchChanges').select(['seq', 'key']).where('seq', '>', String(lastSeq)).orderBy('seq').limit(5000).execute();
      if (changes.length === 0) return;
      const keys = [...new Set(changes.map((c) => c.key))];
      const rows = await db.selectFrom('searchDocuments').select(docColumns).where('key', 'in', keys).execute();
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const k of keys) {
        const r = byKey.get(k);
        if (r) {
          engine.add(toDoc(r));
          titles.set(k, r.title);
        } else {
          engine.remove(k);
          titles.delete(k);
        }
      }
      sorted = null;
      lastSeq = Number(changes.at(-1)!.seq);
    }
  }

  /** Ready and current: the first call loads, later calls read the change log (one indexed query). */
  async function current(): Promise<void> {
    loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
    await loading;
    // One catch-up at a time; queries arriving meanwhile wait for it.
    catching ??= catchUpNow().finally(() => {
      catching = undefined;
    });
    await catching;
  }

  async function filtersOf(p: SearchParams): Promise<{ filters: SearchFilters; ignored: string[] }> {
    const filters: SearchFilters = {};
    const ignored: string[] = [];
    const l = await labels();
    if (p.agency) {
      const all = l.orgs;
      const org = all.find((o) => o.slug === p.agency);
      if (org) filters.agencyIds = all.filter((o) => o.path.startsWith(org.path)).map((o) => Number(o.id));
      else ignored.push('agency');
    }
    for (const scheme of ['topic', 'genre'] as const) {
      const code = p[scheme];
      if (!code) continue;
      const tree = scheme === 'topic' ? l.topics : l.genres;
      const hit = tree.flatMap((t) => [t, ...t.children]).find((t) => t.code === code);
      if (!hit) {
        ignored.push(scheme);
        continue;
      }
      const ids = [Number(hit.id), ...(tree.find((t) => t.id === hit.id)?.children.map((c) => Number(c.id)) ?? [])];
      if (scheme === 'topic') filters.topicIds = ids;
      else filters.genreIds = ids;
    }
    if (p.from !== undefined) filters.dayFrom = dayNumber(`${p.from}-01-01`);
    if (p.to !== undefined) filters.dayTo = dayNumber(`${p.to}-12-31`);
    if (p.validity) filters.validity = [VALIDITY_CODES[p.validity]];
    if (p.kind) {
      if (KIND_LABELS[p.kind]) filters.kinds = [p.kind];
      else ignored.push('kind');
    }
    return { filters, ignored };
  }

  /** Marks the query's tokens in a text (HTML-escaped), for titles and snippets. */
  function highlight(text: string, needles: readonly string[]): string {
    const words = [...new Set(needles.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
    if (words.length === 0) return escapeHtml(text);
    const norm = normalizeText(text);
    // Normalisation keeps positions when lengths agree (the usual case for Chinese text); else no marks.
    if (norm.length !== text.length) return escapeHtml(text);
    const marks = new Uint8Array(text.length);
    for (const w of words) {
      for (let i = norm.indexOf(w); i !== -1; i = norm.indexOf(w, i + w.length)) marks.fill(1, i, i + w.length);
    }
    let html = '';
    let open = false;
    for (let i = 0; i < text.length; i++) {
      if (marks[i] && !open) {
        html += '<mark>';
        open = true;
      } else if (!marks[i] && open) {
        html += '</mark>';
        open = false;
      }
      html += escapeHtml(text[i]!);
    }
    return open ? `${html}</mark>` : html;
  }

  function snippetOf(text: string, needles: readonly string[], size = 90): string {
    const clean = text.replace(/\s+/g, ' ').trim();
    const norm = normalizeText(clean);
    let at = -1;
    for (const w of [...needles].sort((a, b) => b.length - a.length)) {
      const i = norm.indexOf(w);
      if (i !== -1 && (at === -1 || i < at)) at = i;
    }
    const start = Math.max(0, at === -1 ? 0 : at - Math.floor(size / 3));
    const cut = clean.slice(start, start + size);
    return `${start > 0 ? '…' : ''}${cut}${start + size < clean.length ? '…' : ''}`;
  }

  return {
    /** Loads the index now (start-up), instead of on the first query. */
    warm: () => current(),

    /** Rebuilds the in-memory index from PostgreSQL (after `gongkai search reindex`). */
    reload: (onProgress?: (done: number) => void) => (loading = load(onProgress)),

    size: () => engine.size,

    async search(p: SearchParams): Promise<SearchResponse> {
      const started = performance.now();
      await current();
      const analyzer = deps.analyzer();
      const raw = (p.q ?? '').slice(0, 200);
      const parsed = parseQuery(raw, analyzer);
      const limit = Math.min(Math.max(p.limit ?? 10, 1), 50);
      const page = Math.min(Math.max(p.page ?? 1, 1), MAX_PAGE);
      const { filters, ignored } = await filtersOf(p);
      const empty = parsed.terms.length === 0 && parsed.phrases.length === 0 && !parsed.docNumberKey && !parsed.indexNumber;
      const facetsEmpty = { agency: [], topic: [], genre: [], year: [], validity: [], kind: [] };
      if (empty) return { query: raw, total: 0, totalIsEstimate: false, page, limit, results: [], facets: facetsEmpty, ignored, tookMs: Math.round(performance.now() - started) };
      const q: EngineQuery = {
        terms: parsed.terms,
        phrases: parsed.phrases,
        excluded: parsed.excluded,
        docNumberKey: parsed.docNumberKey,
        indexNumber: parsed.indexNumber,
        filters,
        // A few more than asked, in case a result is no longer visible (checked below).
        limit: limit + 5,
        offset: (page - 1) * limit,
        facets: true,
      };
      const r = engine.search(q);
      // Visibility is PostgreSQL's: every result is checked against the public rule before it is shown.
      const itemIds = r.hits.filter((h) => h.key.startsWith('item:')).map((h) => h.key.slice(5));
      const guideIds = r.hits.filter((h) => h.key.startsWith('guide:')).map((h) => h.key.slice(6));
      const matterIds = r.hits.filter((h) => h.key.startsWith('power:') || h.key.startsWith('service:')).map((h) => h.key.slice(h.key.indexOf(':') + 1));
      const [items, guides, matters] = await Promise.all([
        itemIds.length
          ? publicItemsWithVersion(db)
              .where('i.id', 'in', itemIds)
              .select(['i.id', 'i.indexNumber', 'i.validity', 'o.name as agency', 'v.title', 'v.docNumber', 'v.generatedOn', 'v.summary', 'v.bodyText'])
              .execute()
          : [],
        guideIds.length
          ? db
              .selectFrom('searchDocuments as d')
              .innerJoin('organisations as o', 'o.id', 'd.orgId')
              .select(['d.refId as id', 'd.title', 'd.url', 'o.name as agency', 'o.slug'])
              .where('d.key', 'in', guideIds.map((g) => `guide:${g}`))
              .where('o.isActive', '=', true)
              .execute()
          : [],
        // Matters: THE public rule of the matters module (published, agency active).
        matterIds.length
          ? publicMatters(db)
              .innerJoin('matterVersions as v', 'v.id', 'm.currentVersionId')
              .select(['m.id', 'm.type', 'm.name', 'm.code', 'm.status', 'm.firstPublishedAt', 'o.name as agency', 'v.content'])
              .where('m.id', 'in', matterIds)
              .execute()
          : [],
      ]);
      const matterById = new Map(matters.map((m) => [`${m.type}:${m.id}`, m]));
      const itemById = new Map(items.map((i) => [i.id, i]));
      const guideById = new Map(guides.map((g) => [g.id, g]));
      const needles = [...parsed.terms, ...parsed.phrases.map((ph) => ph.join('')), ...parsed.phrases.flat()];
      const results: SearchHit[] = [];
      let dropped = 0;
      for (const h of r.hits) {
        if (results.length >= limit) break;
        const [kind, id] = [h.key.slice(0, h.key.indexOf(':')), h.key.slice(h.key.indexOf(':') + 1)];
        if (kind === 'item') {
          const it = itemById.get(id);
          if (!it) {
            dropped++;
            continue;
          }
          const text = `${it.summary ?? ''} ${it.bodyText}`;
          const snippet = snippetOf(text, needles);
          results.push({
            id,
            kind,
            title: it.title,
            titleHtml: highlight(it.title, needles),
            docNumber: it.docNumber,
            indexNumber: it.indexNumber,
            agency: it.agency,
            date: it.generatedOn,
            validity: VALIDITY_LABELS[it.validity].zh,
            url: `/catalogue/${id}`,
            snippet,
            snippetHtml: highlight(snippet, needles),
          });
        } else if (kind === 'guide') {
          const g = guideById.get(id);
          if (!g) {
            dropped++;
            continue;
          }
          const snippet = `${g.agency}的政府信息公开指南：公开的方式和途径、依申请公开的程序、监督和救济。`;
          results.push({ id, kind, title: g.title, titleHtml: highlight(g.title, needles), docNumber: null, indexNumber: null, agency: g.agency, date: null, validity: null, url: g.url, snippet, snippetHtml: highlight(snippet, needles) });
        } else if (kind === 'power' || kind === 'service') {
          const m = matterById.get(h.key);
          if (!m) {
            dropped++;
            continue;
          }
          const c = m.content as { conditions?: string; implementingBody?: string; subItems?: string[] };
          const snippet = snippetOf(`${m.code} ${c.implementingBody ?? ''} ${(c.subItems ?? []).join('；')} ${c.conditions ?? ''}`, needles);
          const title = m.name ?? '';
          results.push({ id, kind, title, titleHtml: highlight(title, needles), docNumber: null, indexNumber: null, agency: m.agency, date: m.firstPublishedAt ? chinaDate(m.firstPublishedAt) : null, validity: m.status === 'abolished' ? '已取消' : null, url: kind === 'power' ? `/powers/${id}` : `/services/${id}`, snippet, snippetHtml: highlight(snippet, needles) });
        } else dropped++;
      }
      const f = r.facets;
      const facets = f ? await facetLabels(f) : facetsEmpty;
      return { query: raw, total: Math.max(0, r.total - dropped), totalIsEstimate: r.totalIsEstimate, page, limit, results, facets, ignored, tookMs: Math.round(performance.now() - started) };
    },

    /** Up to `n` titles starting with the text (then containing it), for the search box. */
    async suggest(prefix: string, n = 8): Promise<string[]> {
      await current();
      const p = normalizeText(prefix.trim()).slice(0, 50);
      if (p.length === 0) return [];
      sorted ??= [...titles.values()].map((title) => ({ norm: normalizeText(title), title })).sort((a, b) => (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0));
      const out: string[] = [];
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]!.norm < p) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length && out.length < n && sorted[i]!.norm.startsWith(p); i++) if (!out.includes(sorted[i]!.title)) out.push(sorted[i]!.title);
      // Then titles containing the text, scanning a bounded number of titles.
      for (let i = 0; i < sorted.length && out.length < n && i < 200_000; i++) if (sorted[i]!.norm.includes(p) && !out.includes(sorted[i]!.title)) out.push(sorted[i]!.title);
      return out;
    },
  };

  async function facetLabels(f: NonNullable<ReturnType<SearchEngine['search']>['facets']>): Promise<SearchResponse['facets']> {
    const { orgById, termById } = await labels();
    const top = <K>(m: Map<K, number>, label: (k: K) => { value: string; label: string } | null, n = 12) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .flatMap(([k, count]) => {
          const l = label(k);
          return l ? [{ ...l, count }] : [];
        })
        .slice(0, n);
    const validityNames = ['in_force', 'expired', 'repealed'] as const;
    return {
      agency: top(f.agency, (id) => {
        const o = orgById.get(id);
        return o ? { value: o.slug, label: o.name } : null;
      }),
      topic: top(f.topic, (id) => {
        const t = termById.get(id);
        return t ? { value: t.code, label: t.name } : null;
      }),
      genre: top(f.genre, (id) => {
        const t = termById.get(id);
        return t ? { value: t.code, label: t.name } : null;
      }),
      year: [...f.year].sort((a, b) => b[0] - a[0]).map(([y, count]) => ({ value: String(y), label: `${y}年`, count })).slice(0, 20),
      validity: top(f.validity, (v) => (validityNames[v] ? { value: validityNames[v], label: VALIDITY_LABELS[validityNames[v]].zh } : null)),
      kind: top(f.kind, (k) => ({ value: k, label: KIND_LABELS[k] ?? k })),
    };
  }
}
