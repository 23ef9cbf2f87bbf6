/**
 * The product engine (src/platform/search/engine.ts) behind the harness contract (types.ts), so
 * `run.ts --engine bench/search/gongkai-engine.ts` measures it beside Xapian and naive-pg.
 *
 * - Items: the generator's `titleTokens` / `bodyTokens` become the IndexDoc's title/body (every
 *   engine indexes the same tokens); agency/topic/genre names → small integer ids; date → day number;
 *   validity 现行有效/已失效/已废止 → 0/1/2; 文号 → `normalizeDocNumber`; 索引号 as is.
 * - Queries: `tokens` as terms (a `phrase` query as one quoted phrase), the filter as SearchFilters,
 *   limit 10, facets off (GK_BENCH_FACETS=1 turns them on for every query). Like the product's
 *   `parseQuery`, a 文号 or 索引号 in the text becomes docNumberKey/indexNumber. Judged queries
 *   (`judged:` ids, raw text) are folded with the product's `normalizeText` (Traditional →
 *   Simplified, widths, brackets) and re-tokenised with the harness tokenizer, which made the index.
 * - On close, the `common1`/`common2` queries seen are run again with facets on (what the product
 *   does on its search page) and timed; that and the engine's memory go to the log and, with
 *   GK_BENCH_EXTRA=<file>, to a JSON file.
 */
import fs from 'node:fs';
import { SearchEngine } from '../../src/platform/search/engine.js';
import { findDocNumbers, looksLikeIndexNumber, normalizeDocNumber, normalizeText } from '../../src/platform/search/text.js';
import type { EngineQuery, IndexDoc, SearchFilters, ValidityCode } from '../../src/platform/search/types.js';
import type { Engine, EngineFactory, Item, Query, Validity } from './types.js';

const VALIDITY: Record<Validity, ValidityCode> = { 现行有效: 0, 已失效: 1, 已废止: 2 };
const DAY_MS = 86_400_000;

export const dayOf = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS) || 0;

class Ids {
  private readonly map = new Map<string, number>();
  id(name: string): number {
    let i = this.map.get(name);
    if (i === undefined) this.map.set(name, (i = this.map.size + 1));
    return i;
  }
  find(name: string): number | undefined {
    return this.map.get(name);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
}

/** Items and queries of the harness as the product engine's IndexDoc and EngineQuery. */
export class GongkaiAdapter {
  private readonly agencies = new Ids();
  private readonly topics = new Ids();
  private readonly genres = new Ids();
  constructor(private readonly tokenize: (text: string) => string[]) {}

  toDoc(it: Item): IndexDoc {
    return {
      key: it.id,
      kind: 'item',
      title: it.titleTokens,
      body: it.bodyTokens,
      docNumberKey: it.docNumber ? normalizeDocNumber(it.docNumber) : null,
      indexNumber: it.indexNumber || null,
      agencyId: this.agencies.id(it.agency),
      topicId: this.topics.id(it.topic),
      genreId: this.genres.id(it.genre),
      day: dayOf(it.date),
      validity: VALIDITY[it.validity] ?? 0,
    };
  }

  toQuery(q: Query, facets: boolean): EngineQuery {
    const judged = q.id.startsWith('judged:');
    const text = judged ? normalizeText(q.text) : q.text;
    const tokens = judged ? [...new Set(this.tokenize(text))] : q.tokens;
    const filters: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = {};
    const f = q.filter;
    if (f?.agency !== undefined) filters.agencyIds = [this.agencies.find(f.agency) ?? -1];
    if (f?.yearFrom !== undefined) filters.dayFrom = dayOf(`${f.yearFrom}-01-01`);
    if (f?.yearTo !== undefined) filters.dayTo = dayOf(`${f.yearTo}-12-31`);
    if (f?.validity) filters.validity = f.validity.map((v) => VALIDITY[v]);
    const indexNumber = text.split(/\s+/u).find((c) => c.length > 0 && looksLikeIndexNumber(c)) ?? null;
    return {
      terms: q.phrase ? [] : tokens,
      phrases: q.phrase && tokens.length > 0 ? [tokens] : [],
      excluded: [],
      docNumberKey: findDocNumbers(text)[0] ?? null,
      indexNumber,
      filters,
      limit: 10,
      offset: 0,
      facets,
    };
  }
}

export const createGongkaiEngine: EngineFactory = (ctx) => {
  const engine = new SearchEngine({ autoCompact: false });
  const adapter = new GongkaiAdapter(ctx.tokenize);
  const toDoc = (it: Item): IndexDoc => adapter.toDoc(it);
  const toQuery = (q: Query, facets: boolean): EngineQuery => adapter.toQuery(q, facets);
  const facetsAlways = process.env.GK_BENCH_FACETS === '1';
  const seenCommon = new Map<string, Query>();
  let indexMs = 0;

  const e: Engine = {
    name: 'gongkai',
    async index(items) {
      for await (const it of items) {
        const doc = toDoc(it);
        const t = performance.now();
        engine.add(doc);
        indexMs += performance.now() - t;
      }
    },
    async search(q) {
      if ((q.class === 'common1' || q.class === 'common2') && !q.id.startsWith('judged:')) seenCommon.set(q.id, q);
      return engine.search(toQuery(q, facetsAlways)).hits.map((h) => h.key);
    },
    async close() {
      const mem = engine.memory();
      const extra: Record<string, unknown> = {
        docs: engine.size,
        addSeconds: indexMs / 1000,
        addItemsPerSec: engine.size / (indexMs / 1000),
        memoryBytes: mem,
        rssBytes: process.memoryUsage().rss,
      };
      const byClass: Record<string, number[]> = {};
      for (const q of seenCommon.values()) {
        const eq = toQuery(q, true);
        engine.search(eq); // warm
        const t = performance.now();
        const r = engine.search(eq);
        const ms = performance.now() - t;
        if (!r.facets) throw new Error('facets missing');
        (byClass[q.class] ??= []).push(ms);
      }
      extra.facets = Object.fromEntries(
        Object.entries(byClass).map(([c, xs]) => {
          xs.sort((a, b) => a - b);
          return [c, { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99) }];
        }),
      );
      const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
      ctx.log(
        `gongkai: ${engine.size} docs; add() alone ${(extra.addItemsPerSec as number).toFixed(0)} items/s; memory postings ${mb(mem.postings)}, forward ${mb(mem.forward)}, per-doc ${mb(mem.perDoc)}, rss ${mb(extra.rssBytes as number)}; with facets: ${JSON.stringify(extra.facets)}`,
      );
      if (process.env.GK_BENCH_EXTRA) fs.writeFileSync(process.env.GK_BENCH_EXTRA, JSON.stringify(extra, null, 2));
    },
  };
  return e;
};

export default createGongkaiEngine;
