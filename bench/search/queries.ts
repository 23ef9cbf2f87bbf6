/**
 * The fixed query mix of the search benchmark, derived deterministically (seeded) from the data set:
 * ~200 queries in each class of `QUERY_CLASSES`. Document frequencies are estimated from the real
 * documents plus the first generated items (a prefix of every larger set), scaled to the set's size.
 *
 *   node --import tsx bench/search/queries.ts [--dir /tmp/gk-search-bench] [--per-class 200]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isReserved, pick, rng } from './corpus.js';
import { readManifest, readShard } from './data.js';
import { cutWords } from './tokenize.js';
import type { Item, Query, QueryClass, Tokenizer, Validity } from './types.js';

const SAMPLE = 20_000;
const CJK = /^[\p{Script=Han}]{2,}$/u;

function shuffle<T>(r: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const dedupe = (xs: string[]) => [...new Set(xs)];
const yearOf = (item: Item) => Number(item.date.slice(0, 4));

export interface QueryMix {
  queries: Query[];
  /** Estimated share of items containing the term, for the headline terms. */
  shares: Record<string, number>;
}

/** Builds the query mix for the data set in `dir` (and writes it to dir/queries.json). */
export async function buildQueries(dir: string, tokenize: Tokenizer, perClass = 200): Promise<QueryMix> {
  const m = readManifest(dir);
  if (!m) throw new Error(`no data set in ${dir}`);
  const real: Item[] = [];
  for await (const it of readShard(path.join(dir, m.shards[0]!))) real.push(it);
  const gen: Item[] = [];
  for (const shard of m.shards.slice(1)) {
    for await (const it of readShard(path.join(dir, shard))) {
      if (gen.length >= SAMPLE) break;
      gen.push(it);
    }
    break; // the first shard holds the lowest ids
  }
  const dfGen = new Map<string, number>();
  const dfReal = new Map<string, number>();
  const bump = (df: Map<string, number>, item: Item) => {
    for (const t of new Set([...item.titleTokens, ...item.bodyTokens])) df.set(t, (df.get(t) ?? 0) + 1);
  };
  for (const it of gen) bump(dfGen, it);
  for (const it of real) bump(dfReal, it);
  const estimate = (t: string) => Math.round(((dfGen.get(t) ?? 0) / Math.max(1, gen.length)) * m.generatedCount + (dfReal.get(t) ?? 0));
  const share = (t: string) => estimate(t) / m.n;
  const r = rng(20260701);
  const out: Query[] = [];
  const add = (cls: QueryClass, list: Omit<Query, 'id' | 'class'>[]) => list.slice(0, perClass).forEach((q, i) => out.push({ id: `${cls}-${i}`, class: cls, ...q }));
  const termQuery = (terms: string[]): Omit<Query, 'id' | 'class'> => ({
    text: terms.join(' '),
    tokens: dedupe(terms.flatMap((t) => tokenize(t))),
    phrase: false,
    estimatedHits: Math.min(...terms.map(estimate)),
  });

  // Exact titles of real documents.
  const titles = shuffle(r, dedupe(real.map((d) => d.title)));
  add('title', titles.slice(0, perClass).map((t) => ({ text: t, tokens: dedupe(tokenize(t)), phrase: false })));

  // Vocabulary by share, words of two or more Han characters.
  const vocab = [...new Set([...dfGen.keys(), ...dfReal.keys()])].filter((t) => CJK.test(t)).sort();
  const common = vocab.filter((t) => share(t) >= 0.15 && share(t) <= 0.45 && t !== '政府' && t !== '管理');
  const commonish = vocab.filter((t) => share(t) >= 0.05 && share(t) <= 0.45);
  const c1 = ['政府', '管理', ...shuffle(r, common).slice(0, 8)];
  add('common1', [...Array(perClass).keys()].map((i) => termQuery([i % 4 < 3 ? c1[i % 2]! : c1[2 + (Math.floor(i / 4) % (c1.length - 2))] ?? c1[0]!])));

  const pairs = new Set<string>(['政府 管理']);
  for (let tries = 0; pairs.size < perClass && tries < perClass * 50; tries++) {
    const a = pick(r, commonish);
    const b = r() < 0.4 ? pick(r, ['政府', '管理']) : pick(r, commonish);
    if (a !== b) pairs.add([a, b].sort().join(' '));
  }
  add('common2', [...pairs].map((p) => termQuery(p.split(' '))));

  const mid = vocab.filter((t) => share(t) >= 0.001 && share(t) <= 0.01);
  add('mid', shuffle(r, mid).slice(0, perClass).map((t) => termQuery([t])));

  // Rare: words only in reserved real documents (never reused by the generator), in 1–3 of them.
  const poolVocab = new Set<string>();
  for (const d of real) if (!isReserved(d.id)) for (const t of [...d.titleTokens, ...d.bodyTokens]) poolVocab.add(t);
  for (const d of gen) for (const t of d.titleTokens) poolVocab.add(t);
  const rare = vocab.filter((t) => !poolVocab.has(t) && (dfReal.get(t) ?? 0) >= 1 && (dfReal.get(t) ?? 0) <= 3 && t.length >= 2);
  add('rare', shuffle(r, rare).slice(0, perClass).map((t) => ({ ...termQuery([t]), estimatedHits: dfReal.get(t) ?? 0 })));

  // Phrases: 2–4 consecutive words of a paragraph of a sampled item, in double quotes.
  const phrases = new Set<string>();
  const docs = [...real, ...gen];
  for (let tries = 0; phrases.size < perClass && tries < perClass * 50; tries++) {
    const d = pick(r, docs);
    const paras = d.body.split('\n');
    const words = cutWords(pick(r, paras));
    const len = 2 + Math.floor(r() * 3);
    if (words.length < len) continue;
    const at = Math.floor(r() * (words.length - len + 1));
    const w = words.slice(at, at + len);
    const text = w.join('');
    if (text.length < 4 || !w.every((x) => /\p{Script=Han}/u.test(x)) || w.every((x) => share(x) > 0.05)) continue;
    phrases.add(text);
  }
  add('phrase', [...phrases].map((p) => ({ text: `"${p}"`, tokens: tokenize(p), phrase: true })));

  // Filters: a common or mid-frequency term with an agency, a year range, a validity, or two of them.
  const agencies = gen.map((d) => d.agency);
  const filtered: Omit<Query, 'id' | 'class'>[] = [];
  const notInForce: Validity[] = ['已失效', '已废止'];
  for (let i = 0; i < perClass; i++) {
    const term = i % 3 === 0 ? pick(r, c1) : pick(r, i % 3 === 1 ? commonish : mid);
    const q = termQuery([term]);
    const kind = i % 4;
    const y = 2008 + Math.floor(r() * 16);
    const filter: NonNullable<Query['filter']> = {};
    if (kind === 0 || kind === 3) filter.agency = pick(r, agencies);
    if (kind === 1 || kind === 3) {
      filter.yearFrom = y;
      filter.yearTo = y + Math.floor(r() * 4);
    }
    if (kind === 2) filter.validity = r() < 0.5 ? notInForce : ['现行有效'];
    filtered.push({ ...q, filter });
  }
  add('filter', filtered);

  const shares = Object.fromEntries(c1.map((t) => [t, share(t)]));
  fs.writeFileSync(path.join(dir, 'queries.json'), JSON.stringify(out));
  return { queries: out, shares };
}

/** Whether `item` passes `q.filter` (for engines that filter in memory). */
export function passesFilter(item: Pick<Item, 'agency' | 'date' | 'validity'>, q: Query): boolean {
  const f = q.filter;
  if (!f) return true;
  if (f.agency !== undefined && item.agency !== f.agency) return false;
  const y = yearOf(item as Item);
  if (f.yearFrom !== undefined && y < f.yearFrom) return false;
  if (f.yearTo !== undefined && y > f.yearTo) return false;
  if (f.validity && !f.validity.includes(item.validity)) return false;
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { tokenize } = await import('./tokenize.js');
  const argv = process.argv.slice(2);
  const dir = argv.includes('--dir') ? argv[argv.indexOf('--dir') + 1]! : '/tmp/gk-search-bench';
  const per = argv.includes('--per-class') ? Number(argv[argv.indexOf('--per-class') + 1]) : 200;
  const mix = await buildQueries(dir, tokenize, per);
  const by = new Map<string, number>();
  for (const q of mix.queries) by.set(q.class, (by.get(q.class) ?? 0) + 1);
  process.stdout.write(`${JSON.stringify({ classes: Object.fromEntries(by), shares: mix.shares })}\n`);
  for (const c of by.keys()) process.stdout.write(`${JSON.stringify(mix.queries.filter((q) => q.class === c).slice(0, 3))}\n`);
}
