/**
 * Micro-benchmark of the in-process search engine (src/platform/search/engine.ts) alone, on
 * synthetic already-tokenised documents: no tokeniser, no database, no HTTP.
 *
 *   node --import tsx bench/search/engine-microbench.ts [--n 1000000] [--queries 500] [--seed 7] [--compact]
 *
 * Data: a Zipf-distributed vocabulary (200,000 tokens, exponent 1) drawn into a pool of 200,000
 * paragraphs of 30–70 tokens; a document is a title (a 6–14-token slice of a paragraph plus two
 * Zipf tokens) and a body of 8 random paragraphs (~400 tokens) plus 4 Zipf tokens, like the issue's
 * generator that composes corpus paragraphs into new documents. Two extra terms (政府, 管理) are
 * each put into 25% of bodies (and 5% of titles) at random positions. Metadata: 120 agencies, 40
 * topics, 20 genres, days over 2000–2025, validity 85% in force / 10% expired / 5% repealed.
 *
 * Prints add() throughput (generation excluded), memory, and p50/p95/p99 per query class
 * (limit 10, facets on) over `--queries` queries each, and the single-client throughput.
 */
import { performance } from 'node:perf_hooks';
import { SearchEngine } from '../../src/platform/search/engine.js';
import type { EngineQuery, IndexDoc } from '../../src/platform/search/types.js';

const args = process.argv.slice(2);
function arg(name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
}
const N = arg('n', 1_000_000);
const Q = arg('queries', 500);
const VOCAB = arg('vocab', 200_000);
const POOL = arg('paragraphs', 200_000);
const doCompact = args.includes('--compact');

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(arg('seed', 7));
const int = (n: number): number => Math.floor(rand() * n);

const vocab = Array.from({ length: VOCAB }, (_, i) => `w${i.toString(36)}`);
const cdf = new Float64Array(VOCAB);
{
  let s = 0;
  for (let i = 0; i < VOCAB; i++) cdf[i] = s += 1 / (i + 1);
  for (let i = 0; i < VOCAB; i++) cdf[i]! /= s;
}
function zipf(): number {
  const u = rand();
  let lo = 0;
  let hi = VOCAB - 1;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (cdf[m]! < u) lo = m + 1;
    else hi = m;
  }
  return lo;
}
const COMMON = ['政府', '管理'];
const paragraphs: Int32Array[] = Array.from({ length: POOL }, () => Int32Array.from({ length: 30 + int(41) }, zipf));

const df = new Uint32Array(VOCAB);
const stamp = new Int32Array(VOCAB).fill(-1);
const sampleTitles: string[][] = [];
const DAY0 = Date.UTC(2000, 0, 1) / 86_400_000;

function makeDoc(i: number): IndexDoc {
  const p = paragraphs[int(POOL)]!;
  const start = int(Math.max(1, p.length - 14));
  const titleIds = [...p.subarray(start, start + 6 + int(9)), zipf(), zipf()];
  const body: string[] = [];
  const note = (t: number): void => {
    if (stamp[t] !== i) {
      stamp[t] = i;
      df[t]!++;
    }
  };
  for (let k = 0; k < 8; k++) {
    for (const t of paragraphs[int(POOL)]!) {
      body.push(vocab[t]!);
      note(t);
    }
  }
  for (let k = 0; k < 4; k++) {
    const t = zipf();
    body.push(vocab[t]!);
    note(t);
  }
  for (const t of titleIds) note(t);
  const title = titleIds.map((t) => vocab[t]!);
  for (const c of COMMON) {
    if (rand() < 0.25) body.splice(int(body.length), 0, c);
    if (rand() < 0.05) title.splice(int(title.length), 0, c);
  }
  if (sampleTitles.length < 5000 && rand() < 0.01) sampleTitles.push(title);
  const v = rand();
  return {
    key: `item:${i}`,
    kind: rand() < 0.95 ? 'item' : 'guide',
    title,
    body,
    docNumberKey: null,
    indexNumber: null,
    agencyId: 1 + int(120),
    topicId: 1 + int(40),
    genreId: 1 + int(20),
    day: DAY0 + int(26 * 365),
    validity: v < 0.85 ? 0 : v < 0.95 ? 1 : 2,
  };
}

const engine = new SearchEngine();
const BATCH = 10_000;
let addMs = 0;
let addCpuUs = 0;
const t0 = performance.now();
for (let s = 0; s < N; s += BATCH) {
  const docs: IndexDoc[] = [];
  for (let i = s; i < Math.min(N, s + BATCH); i++) docs.push(makeDoc(i));
  const a = performance.now();
  const c = process.cpuUsage();
  for (const d of docs) engine.add(d);
  const cu = process.cpuUsage(c);
  addCpuUs += cu.user + cu.system;
  addMs += performance.now() - a;
  if ((s / BATCH) % 10 === 9) process.stderr.write(`  ${s + BATCH} docs, add ${Math.round(((s + BATCH) / addMs) * 1000)}/s wall, ${Math.round(((s + BATCH) / addCpuUs) * 1e6)}/s cpu\n`);
}
const wall = performance.now() - t0;
global.gc?.();
const mu = process.memoryUsage();
const em = engine.memory();
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

console.log(`# engine micro-benchmark: ${N.toLocaleString('en')} documents, node ${process.version}`);
console.log(`add(): ${Math.round((N / addMs) * 1000).toLocaleString('en')} docs/s wall (${(addMs / 1000).toFixed(1)} s; with generation ${(wall / 1000).toFixed(1)} s), ${Math.round((N / addCpuUs) * 1e6).toLocaleString('en')} docs/s of process CPU time`);
console.log(`memory: rss ${mb(mu.rss)}, heapUsed ${mb(mu.heapUsed)}, arrayBuffers ${mb(mu.arrayBuffers)}; engine postings ${mb(em.postings)}, forward index ${mb(em.forward)}, per-doc ${mb(em.perDoc)}`);

// ---- queries ----
const byDf = (lo: number, hi: number): number[] => {
  const out: number[] = [];
  for (let t = 0; t < VOCAB; t++) if (df[t]! >= lo && df[t]! <= hi) out.push(t);
  return out;
};
const mid = byDf(N * 0.005, N * 0.05);
const rare = byDf(3, Math.max(5, N * 0.0001));
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const base = (): EngineQuery => ({ terms: [], phrases: [], excluded: [], docNumberKey: null, indexNumber: null, filters: {}, limit: 10, offset: 0, facets: true });
function phrase(): string[] {
  for (;;) {
    const p = pick(paragraphs);
    const i = int(p.length - 1);
    if (df[p[i]!]! < N * 0.3 && df[p[i + 1]!]! < N * 0.3) return [vocab[p[i]!]!, vocab[p[i + 1]!]!];
  }
}
const classes: Record<string, () => EngineQuery> = {
  'exact title': () => ({ ...base(), terms: pick(sampleTitles) }),
  'single common': () => ({ ...base(), terms: [pick(COMMON)] }),
  'two common': () => ({ ...base(), terms: [...COMMON] }),
  mid: () => ({ ...base(), terms: [vocab[pick(mid)]!] }),
  'two mid': () => ({ ...base(), terms: [vocab[pick(mid)]!, vocab[pick(mid)]!] }),
  rare: () => ({ ...base(), terms: [vocab[pick(rare)]!] }),
  phrase: () => ({ ...base(), phrases: [phrase()] }),
  'common + phrase bonus': () => ({ ...base(), terms: [pick(COMMON), ...phrase()] }),
  filtered: () => {
    const from = DAY0 + int(20 * 365);
    return { ...base(), terms: [pick(COMMON)], filters: { agencyIds: [1 + int(120), 1 + int(120)], dayFrom: from, dayTo: from + 3 * 365, validity: [0] } };
  },
};

function measure(label: string): void {
  console.log(`\n${label}\n| class | p50 ms | p95 ms | p99 ms | mean total |`);
  console.log('|---|---:|---:|---:|---:|');
  let all = 0;
  let count = 0;
  for (const [name, make] of Object.entries(classes)) {
    const qs = Array.from({ length: Q }, make);
    for (const q of qs.slice(0, 20)) engine.search(q); // warm-up
    const times = new Float64Array(Q);
    let totals = 0;
    for (let i = 0; i < Q; i++) {
      const a = performance.now();
      totals += engine.search(qs[i]!).total;
      times[i] = performance.now() - a;
    }
    times.sort();
    all += times.reduce((s, x) => s + x, 0);
    count += Q;
    const pc = (p: number): string => times[Math.min(Q - 1, Math.floor(p * Q))]!.toFixed(2);
    console.log(`| ${name} | ${pc(0.5)} | ${pc(0.95)} | ${pc(0.99)} | ${Math.round(totals / Q).toLocaleString('en')} |`);
  }
  console.log(`single client: ${Math.round((count / all) * 1000)} queries/s over ${count} queries (all classes)`);
}

measure('queries (limit 10, facets on)');
if (doCompact) {
  for (let i = 0; i < N; i += 4) engine.remove(`item:${i}`);
  const a = performance.now();
  engine.compact();
  console.log(`\ncompact() after removing 25%: ${((performance.now() - a) / 1000).toFixed(1)} s, ${engine.size.toLocaleString('en')} live`);
  measure('queries after removing 25% and compact()');
}
