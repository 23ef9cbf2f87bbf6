/**
 * The product engine alone on a generated data set (bench/search/generate.ts) and the benchmark's
 * query mix: each query answered twice, with dynamic pruning (the default) and exhaustively
 * (`exhaustive: true`), with facets off and on. Checks that the top 10 (keys and scores) are the
 * same, reports how far estimated totals and facets are from the exact ones, and times every mode.
 *
 *   node --import tsx bench/search/engine-compare.ts [--dir /tmp/gk-search-bench-100000] [--items 100000]
 *       [--per-class 200] [--rounds 1] [--modes pruned,exhaustive,pruned+facets,exhaustive+facets]
 *       [--classes common1,common2] [--no-check] [--profile out.cpuprofile]
 *
 * `--items` indexes only the first items of the set (the query mix is still the set's).
 * Exits non-zero when a top 10 differs.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SearchEngine } from '../../src/platform/search/engine.js';
import type { EngineQuery, EngineResult } from '../../src/platform/search/types.js';
import { readItems, readManifest } from './data.js';
import { DEFAULT_DIR } from './generate.js';
import { GongkaiAdapter } from './gongkai-engine.js';
import { buildQueries } from './queries.js';
import { tokenize } from './tokenize.js';
import { QUERY_CLASSES, type QueryClass } from './types.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dir = opt('dir') ?? `${DEFAULT_DIR}-100000`;
const manifest = readManifest(dir);
if (!manifest) throw new Error(`no data set in ${dir}`);
const maxItems = Number(opt('items') ?? manifest.n);
const perClass = Number(opt('per-class') ?? 200);
const rounds = Number(opt('rounds') ?? 1);
const modes = (opt('modes') ?? 'pruned,exhaustive,pruned+facets,exhaustive+facets').split(',');
const log = (l: string): void => void process.stderr.write(`${l}\n`);

const engine = new SearchEngine({ autoCompact: false });
const adapter = new GongkaiAdapter(tokenize);
const t0 = performance.now();
let n = 0;
for await (const it of readItems(dir, maxItems)) {
  engine.add(adapter.toDoc(it));
  if (++n % 100_000 === 0) log(`  ${n.toLocaleString('en')} items, ${((n / (performance.now() - t0)) * 1000).toFixed(0)}/s`);
}
log(`indexed ${n.toLocaleString('en')} items of ${path.basename(dir)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const mix = await buildQueries(dir, tokenize, perClass);
const classes = opt('classes')?.split(',');
const queries = classes ? mix.queries.filter((q) => classes.includes(q.class)) : mix.queries;
const check = !argv.includes('--no-check');

const modeQuery = (q: EngineQuery, mode: string): EngineQuery => ({ ...q, facets: mode.endsWith('+facets'), ...(mode.startsWith('exhaustive') ? { exhaustive: true } : {}) });
const pct = (xs: Float64Array, p: number): number => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1))]!;
const f = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(0));

// Equivalence and estimate quality first (untimed).
let differ = 0;
const err: Record<string, { n: number; estimated: number; totalErr: number[]; facetErr: number[] }> = {};
for (const q of check ? queries : []) {
  const base = adapter.toQuery(q, true);
  const ex = engine.search(modeQuery(base, 'exhaustive+facets'));
  for (const mode of ['pruned', 'pruned+facets']) {
    const pr = engine.search(modeQuery(base, mode));
    const same = pr.hits.length === ex.hits.length && pr.hits.every((h, i) => h.key === ex.hits[i]!.key && h.score === ex.hits[i]!.score);
    if (!same) {
      differ++;
      if (differ <= 5) log(`DIFFERENT top 10 (${mode}) for ${q.id} ${JSON.stringify(q.tokens)}:\n  pruned     ${JSON.stringify(pr.hits)}\n  exhaustive ${JSON.stringify(ex.hits)}`);
    }
    if (mode === 'pruned+facets') {
      const e = (err[q.class] ??= { n: 0, estimated: 0, totalErr: [], facetErr: [] });
      e.n++;
      if ((pr as EngineResult & { totalIsEstimate?: boolean }).totalIsEstimate) {
        e.estimated++;
        e.totalErr.push(Math.abs(pr.total - ex.total) / Math.max(1, ex.total));
        e.facetErr.push(facetError(pr, ex));
      } else if (pr.total !== ex.total) {
        differ++;
        log(`DIFFERENT exact total for ${q.id}: ${pr.total} vs ${ex.total}`);
      }
    }
  }
}

/** Largest absolute error of an agency/year/validity count, relative to the exact total. */
function facetError(a: EngineResult, b: EngineResult): number {
  if (!a.facets || !b.facets) return NaN;
  let worst = 0;
  for (const k of ['agency', 'year', 'validity', 'topic', 'genre'] as const) {
    const ma = a.facets[k] as Map<unknown, number>;
    const mb = b.facets[k] as Map<unknown, number>;
    for (const key of new Set([...ma.keys(), ...mb.keys()])) worst = Math.max(worst, Math.abs((ma.get(key) ?? 0) - (mb.get(key) ?? 0)));
  }
  return worst / Math.max(1, b.total);
}

const profileFile = opt('profile');
const session = profileFile ? new inspector.Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const times = new Map<string, Map<QueryClass, number[]>>();
for (let r = 0; r < rounds; r++) {
  for (const mode of modes) {
    const byClass = times.get(mode) ?? new Map<QueryClass, number[]>();
    times.set(mode, byClass);
    const qs = queries.map((q) => modeQuery(adapter.toQuery(q, false), mode));
    for (let i = 0; i < Math.min(50, qs.length); i++) engine.search(qs[(i * 37) % qs.length]!);
    for (const [i, q] of qs.entries()) {
      const t = performance.now();
      engine.search(q);
      const ms = performance.now() - t;
      const c = queries[i]!.class;
      byClass.set(c, [...(byClass.get(c) ?? []), ms]);
    }
  }
}

if (session && profileFile) {
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}

const out: string[] = [];
out.push(`# engine-compare: ${n.toLocaleString('en')} items of ${dir}, ${queries.length} queries, ${rounds} round(s), node ${process.version}`);
out.push('', `| mode | ${QUERY_CLASSES.map((c) => `${c} p50 / p95 / p99 ms`).join(' | ')} | overall p95 | queries/s |`, `|---|${QUERY_CLASSES.map(() => '---:|').join('')}---:|---:|`);
for (const [mode, byClass] of times) {
  const all = Float64Array.from([...byClass.values()].flat()).sort();
  const sum = all.reduce((s, x) => s + x, 0);
  const cells = QUERY_CLASSES.map((c) => {
    const xs = Float64Array.from(byClass.get(c) ?? []).sort();
    return xs.length ? `${f(pct(xs, 0.5))} / ${f(pct(xs, 0.95))} / ${f(pct(xs, 0.99))}` : '–';
  });
  out.push(`| ${mode} | ${cells.join(' | ')} | ${f(pct(all, 0.95))} | ${((all.length / sum) * 1000).toFixed(0)} |`);
}
if (check) out.push('', `Top 10 (keys and scores) of pruned vs exhaustive, facets off and on: ${differ === 0 ? 'identical for every query' : `${differ} DIFFERENCES`}.`);
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const max = (xs: number[]): number => xs.reduce((s, x) => Math.max(s, x), 0);
if (check) {
  out.push(
  'Estimated totals (pruned, facets on): ' +
    QUERY_CLASSES.filter((c) => err[c])
      .map((c) => {
        const e = err[c]!;
        return e.estimated === 0 ? `${c} 0/${e.n}` : `${c} ${e.estimated}/${e.n} (total error mean ${(100 * mean(e.totalErr)).toFixed(1)}%, max ${(100 * max(e.totalErr)).toFixed(1)}%; worst facet count off by ${(100 * max(e.facetErr)).toFixed(1)}% of the total)`;
      })
      .join('; ') +
    '.',
  );
}
process.stdout.write(`${out.join('\n')}\n`);
if (differ > 0) process.exitCode = 1;
