/**
 * The search benchmark: one data set, one query mix, every engine, one table.
 *
 *   node --import tsx bench/search/run.ts [--n 1000000] [--dir /tmp/gk-search-bench] [--workers 2]
 *       [--engine bench/search/placeholder-engine.ts]... [--no-placeholder] [--no-gongkai] [--no-xapian] [--no-naive]
 *       [--naive-per-class 30] [--per-class 200] [--tokenizer path/to/module.ts]
 *   npm run bench -- search          (the same with the defaults; flags after `search`)
 *
 * An engine module's default export (or `createEngine`) is an `EngineFactory` (bench/search/types.ts).
 * A tokenizer module exports `tokenize(text): string[]`; it tokenises the queries (the items carry
 * the tokens the generator made with bench/search/tokenize.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { repoRoot } from './corpus.js';
import { readItems, readShard, type Manifest } from './data.js';
import { DEFAULT_DIR, generate } from './generate.js';
import { buildQueries } from './queries.js';
import { evaluate, loadJudged, score, type JudgedQuery, type RelevanceResult } from './relevance.js';
import { tokenize as defaultTokenize } from './tokenize.js';
import { QUERY_CLASSES, type EngineFactory, type Query, type QueryClass, type Tokenizer } from './types.js';

export interface EngineRun {
  name: string;
  kind: 'baseline' | 'engine';
  indexing: { items: number; seconds: number; itemsPerSec: number };
  /** Per query: class, ms, results. */
  samples: { id: string; cls: QueryClass; ms: number; results: number }[];
  querySeconds: number;
  relevance?: RelevanceResult;
  note?: string;
}

export interface SearchBenchOptions {
  n: number;
  dir: string;
  workers: number;
  perClass: number;
  naivePerClass: number;
  engines: string[];
  xapian: boolean;
  naive: boolean;
  tokenizer?: string;
}

const log = (l: string) => process.stderr.write(`${l}\n`);
const WARMUP = 10;

export function parseSearchArgs(argv: string[]): SearchBenchOptions {
  const all = (name: string) => argv.flatMap((a, i) => (a === `--${name}` ? [argv[i + 1]!] : a.startsWith(`--${name}=`) ? [a.slice(name.length + 3)] : []));
  const one = (name: string) => all(name)[0];
  const int = (name: string, fallback: number) => {
    const x = Number((one(name) ?? '').replace(/[_,]/g, ''));
    return Number.isInteger(x) && x > 0 ? x : fallback;
  };
  const n = int('n', 1_000_000);
  const engines = all('engine');
  if (!argv.includes('--no-placeholder') && n <= 100_000) engines.unshift(path.join('bench', 'search', 'placeholder-engine.ts'));
  const gongkai = path.join('bench', 'search', 'gongkai-engine.ts');
  if (!argv.includes('--no-gongkai') && !engines.some((e) => path.normalize(e) === gongkai)) engines.push(gongkai);
  const tokenizer = one('tokenizer');
  return {
    n,
    dir: one('dir') ?? (n === 1_000_000 ? DEFAULT_DIR : `${DEFAULT_DIR}-${n}`),
    workers: int('workers', 2),
    perClass: int('per-class', 200),
    naivePerClass: int('naive-per-class', n >= 200_000 ? 30 : 200),
    engines,
    xapian: !argv.includes('--no-xapian'),
    naive: !argv.includes('--no-naive'),
    ...(tokenizer ? { tokenizer } : {}),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Takes up to `per` queries of each class, spread over the class. */
function sampleQueries(queries: Query[], per: number): Query[] {
  return QUERY_CLASSES.flatMap((c) => {
    const qs = queries.filter((q) => q.class === c);
    if (qs.length <= per) return qs;
    return [...Array(per).keys()].map((i) => qs[Math.floor((i * qs.length) / per)]!);
  });
}

const judgedQuery = (j: JudgedQuery, tokenize: Tokenizer): Query => ({ id: `judged:${j.id}`, class: 'title', text: j.query, tokens: [...new Set(tokenize(j.query))], phrase: false });

async function runEngine(factory: EngineFactory, opts: SearchBenchOptions, queries: Query[], tokenize: Tokenizer, realIds: Set<string>, kind: EngineRun['kind']): Promise<EngineRun> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-search-engine-'));
  const engine = await factory({ workDir, tokenize, log });
  try {
    log(`search: ${engine.name}: indexing ${opts.n.toLocaleString('en')} items…`);
    const t0 = performance.now();
    let items = 0;
    await engine.index(
      (async function* () {
        for await (const it of readItems(opts.dir)) {
          items++;
          if (items % 100_000 === 0) log(`  [${engine.name}] ${items.toLocaleString('en')} items, ${((items / (performance.now() - t0)) * 1000).toFixed(0)}/s`);
          yield it;
        }
      })(),
    );
    const seconds = (performance.now() - t0) / 1000;
    log(`search: ${engine.name}: ${items} items in ${seconds.toFixed(1)} s; querying ${queries.length} queries…`);
    const warm = new Map<string, number>();
    for (const q of queries) {
      const c = warm.get(q.class) ?? 0;
      if (c >= WARMUP) continue;
      warm.set(q.class, c + 1);
      await engine.search(q);
    }
    const samples: EngineRun['samples'] = [];
    const tq = performance.now();
    for (const q of queries) {
      const t = performance.now();
      const ids = await engine.search(q);
      samples.push({ id: q.id, cls: q.class, ms: performance.now() - t, results: ids.length });
    }
    const querySeconds = (performance.now() - tq) / 1000;
    const relevance = await evaluate((j) => engine.search(judgedQuery(j, tokenize)), (k) => realIds.has(k));
    return { name: engine.name, kind, indexing: { items, seconds, itemsPerSec: items / seconds }, samples, querySeconds, relevance };
  } finally {
    await engine.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

interface XapianOut {
  version: string;
  indexing: { items: number; seconds: number; itemsPerSec: number; reused?: boolean };
  querySeconds: number;
  results: { id: string; ms: number; top: string[]; hits: number }[];
}

async function runXapian(opts: SearchBenchOptions, queries: Query[], tokenize: Tokenizer, realIds: Set<string>): Promise<EngineRun> {
  const judged = loadJudged().filter((j) => j.expected.length > 0 && j.expected.every((e) => realIds.has(e.key)));
  const file = path.join(opts.dir, 'xapian-queries.json');
  fs.writeFileSync(file, JSON.stringify([...queries, ...judged.map((j) => ({ ...judgedQuery(j, tokenize), class: 'judged' }))]));
  const python = process.env.XAPIAN_PYTHON ?? '/usr/bin/python3';
  const script = path.join(repoRoot, 'bench', 'search', 'xapian_bench.py');
  const args = [script, '--data', opts.dir, '--db', path.join(opts.dir, 'xapian'), '--queries', file, '--reuse', '--warmup', String(WARMUP)];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    child.stdout.on('data', (c: Buffer) => (s += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`xapian_bench.py exited with ${code} (is python3-xapian installed? apt-get install python3-xapian)`))));
  });
  const x = JSON.parse(out) as XapianOut;
  const byId = new Map(x.results.map((r) => [r.id, r]));
  const samples = queries.map((q) => ({ id: q.id, cls: q.class, ms: byId.get(q.id)!.ms, results: byId.get(q.id)!.top.length }));
  const relevance = await evaluate(async (j) => byId.get(`judged:${j.id}`)?.top ?? [], (k) => realIds.has(k));
  const measured = samples.reduce((s, r) => s + r.ms, 0) / 1000;
  return {
    name: `xapian ${x.version}`,
    kind: 'baseline',
    indexing: x.indexing,
    samples,
    querySeconds: measured,
    relevance,
    ...(x.indexing.reused ? { note: 'index reused from an earlier run (indexing figures from that run)' } : {}),
  };
}

function stats(run: EngineRun) {
  const byClass = new Map<QueryClass, number[]>();
  for (const s of run.samples) byClass.set(s.cls, [...(byClass.get(s.cls) ?? []), s.ms]);
  const cls = Object.fromEntries(
    QUERY_CLASSES.map((c) => {
      const xs = (byClass.get(c) ?? []).sort((a, b) => a - b);
      const zero = run.samples.filter((s) => s.cls === c && s.results === 0).length;
      return [c, { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99), zero }];
    }),
  ) as Record<QueryClass, { n: number; p50: number; p95: number; p99: number; zero: number }>;
  const all = run.samples.map((s) => s.ms).sort((a, b) => a - b);
  return { cls, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), qps: run.samples.length / run.querySeconds };
}

const f = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(0));
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(a / b < 1 ? 2 : 1)}×` : '–');

export function searchTables(m: Manifest, runs: EngineRun[], shares: Record<string, number>): string {
  const st = new Map(runs.map((r) => [r.name, stats(r)]));
  const pct = (x: number) => `${((100 * x) / m.stats.items).toFixed(1)}%`;
  const lines = [
    `Search over ${m.n.toLocaleString('en')} items (${m.realCount.toLocaleString('en')} real documents from ${m.source} + ${m.generatedCount.toLocaleString('en')} composed; generated in ${(m.ms.total / 1000).toFixed(0)} s with ${m.workers} processes). 政府 in ${pct(m.stats.withZhengfu)} of items, 管理 in ${pct(m.stats.withGuanli)}, both in ${pct(m.stats.withBoth)}; body ${(m.stats.bodyChars / m.stats.items).toFixed(0)} characters / ${(m.stats.bodyTokens / m.stats.items).toFixed(0)} tokens on average. Single client, top 10, ${WARMUP} unmeasured queries per class first.`,
    `Common terms of the mix (estimated share of items): ${Object.entries(shares).map(([t, s]) => `${t} ${(100 * s).toFixed(0)}%`).join(', ')}.`,
    '',
    `| engine | indexing items/s | ${QUERY_CLASSES.map((c) => `${c} p50 / p95 / p99 ms`).join(' | ')} | overall p95 ms | queries/s | MRR | nDCG@10 |`,
    `|---|---:|${QUERY_CLASSES.map(() => '---:|').join('')}---:|---:|---:|---:|`,
    ...runs.map((r) => {
      const s = st.get(r.name)!;
      return `| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.indexing.itemsPerSec.toFixed(0)} | ${QUERY_CLASSES.map((c) => (s.cls[c].n ? `${f(s.cls[c].p50)} / ${f(s.cls[c].p95)} / ${f(s.cls[c].p99)}` : '–')).join(' | ')} | ${f(s.p95)} | ${s.qps.toFixed(0)} | ${r.relevance ? r.relevance.mrr.toFixed(3) : '–'} | ${r.relevance ? r.relevance.ndcg10.toFixed(3) : '–'} |`;
    }),
    '',
    `Queries per class measured and, in brackets, how many returned nothing: ${runs.map((r) => `${r.name}: ${QUERY_CLASSES.map((c) => `${c} ${st.get(r.name)!.cls[c].n} (${st.get(r.name)!.cls[c].zero})`).join(', ')}`).join('; ')}.`,
  ];
  const xap = runs.find((r) => r.name.startsWith('xapian'));
  const naive = runs.find((r) => r.name === 'naive-pg');
  const ours = runs.filter((r) => r.kind === 'engine');
  if (ours.length > 0 && (xap || naive)) {
    lines.push('', `| ratio (p95) | ${QUERY_CLASSES.join(' | ')} | overall |`, `|---|${QUERY_CLASSES.map(() => '---:|').join('')}---:|`);
    for (const o of ours) {
      const so = st.get(o.name)!;
      if (xap) {
        const sx = st.get(xap.name)!;
        lines.push(`| ${o.name} ÷ xapian (aim ≤ 2×) | ${QUERY_CLASSES.map((c) => ratio(so.cls[c].p95, sx.cls[c].p95)).join(' | ')} | ${ratio(so.p95, sx.p95)} |`);
      }
      if (naive) {
        const sn = st.get(naive.name)!;
        lines.push(`| naive-pg ÷ ${o.name} (aim ≥ 10× on common terms) | ${QUERY_CLASSES.map((c) => ratio(sn.cls[c].p95, so.cls[c].p95)).join(' | ')} | ${ratio(sn.p95, so.p95)} |`);
      }
    }
  }
  for (const r of runs) {
    if (!r.relevance) continue;
    lines.push(
      '',
      `Relevance, ${r.name}: ${r.relevance.queries} judged queries (${r.relevance.skipped} skipped: expected document not in the set); ` +
        Object.entries(r.relevance.byKind).map(([k, v]) => `${k} MRR ${v.mrr.toFixed(2)}`).join(', ') +
        (r.relevance.misses.length ? `; no hit in the top 10: ${r.relevance.misses.join(', ')}` : ''),
    );
  }
  return lines.join('\n');
}

async function importFactory(modulePath: string): Promise<EngineFactory> {
  const mod = (await import(pathToFileURL(path.resolve(modulePath)).href)) as { default?: EngineFactory; createEngine?: EngineFactory };
  const factory = mod.default ?? mod.createEngine;
  if (typeof factory !== 'function') throw new Error(`${modulePath}: no default export or createEngine`);
  return factory;
}

/** Runs the whole search benchmark and returns its Markdown tables. */
export async function runSearchBench(opts: SearchBenchOptions): Promise<{ markdown: string; runs: EngineRun[] }> {
  let tokenize: Tokenizer = defaultTokenize;
  if (opts.tokenizer) tokenize = ((await import(pathToFileURL(path.resolve(opts.tokenizer)).href)) as { tokenize: Tokenizer }).tokenize;
  const manifest = await generate({ n: opts.n, dir: opts.dir, workers: opts.workers, seed: 7, force: false }, log);
  log('search: building the query mix…');
  const mix = await buildQueries(opts.dir, tokenize, opts.perClass);
  const realIds = new Set<string>();
  for await (const it of readShard(path.join(opts.dir, manifest.shards[0]!))) realIds.add(it.id);
  const runs: EngineRun[] = [];
  if (opts.xapian) runs.push(await runXapian(opts, mix.queries, tokenize, realIds));
  if (opts.naive) {
    const { createNaivePg } = await import('./naive-pg.js');
    const qs = sampleQueries(mix.queries, opts.naivePerClass);
    const r = await runEngine(createNaivePg, opts, qs, tokenize, realIds, 'baseline');
    if (qs.length < mix.queries.length) r.note = `${opts.naivePerClass} queries per class`;
    runs.push(r);
  }
  for (const e of opts.engines) runs.push(await runEngine(await importFactory(e), opts, mix.queries, tokenize, realIds, 'engine'));
  return { markdown: searchTables(manifest, runs, mix.shares), runs };
}

export { score };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { markdown, runs } = await runSearchBench(parseSearchArgs(process.argv.slice(2)));
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(runs, null, 2));
  process.stdout.write(`\n${markdown}\n`);
}
