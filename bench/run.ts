/**
 * `npm run bench`: runs the benchmarks in sequence and prints a results table (Markdown, ready
 * for bench/README.md) with the machine it ran on.
 *
 *   npm run bench                     all benchmarks
 *   npm run bench -- directory        only the agency directory throughput
 *   npm run bench -- startup          only the start-up time
 *   npm run bench -- catalogue        only the catalogue with 100,000 items (pages, export, API, bulk import)
 *   npm run bench -- requests         only 依申请公开 with 100 agencies × 10,000 open cases (list, track, apply)
 *   npm run bench -- requests --scale=smoke   the same with 5 × 1,000 and short runs
 *   npm run bench -- search [--n 200000]      search: ours vs Xapian vs naive-pg (only when named; flags in bench/search/README.md)
 *
 * Environment: BENCH_DURATION (seconds per measured run, default 10), BENCH_CONNECTIONS (10),
 * BENCH_ROUNDS (2), BENCH_WARMUP (seconds, 3), BENCH_STARTS (warm starts, 3),
 * BENCH_LOG (request log level of the app under test, default info; "silent" turns it off),
 * BENCH_CPU_PROF (a folder: write a V8 CPU profile of the directory servers' process there).
 * Catalogue: BENCH_ITEMS (100000), BENCH_CATALOGUE_DURATION (seconds per run, 5),
 * BENCH_EXPORT_CONNECTIONS (2), BENCH_IMPORT_LINES (2000), BENCH_ITEM_IDS (300).
 */
import fs from 'node:fs';
import os from 'node:os';
import { runDirectoryBench, type DirectoryResult, type TargetSummary } from './directory.js';
import { runStartupBench, type StartupResult } from './startup.js';
import { runCatalogueBench, type CatalogueResult, type Summary } from './catalogue.js';
import { requestsOptions, requestsTables, runRequestsBench } from './requests.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Share of CPU time the machine spent busy over `ms` (before we start: other work distorts figures). */
async function cpuBusy(ms: number): Promise<number> {
  const sample = () => os.cpus().reduce((acc, c) => ({ idle: acc.idle + c.times.idle, total: acc.total + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, total: 0 });
  const a = sample();
  await new Promise((r) => setTimeout(r, ms));
  const b = sample();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

const busyAtStart = await cpuBusy(2000);
if (busyAtStart > 0.25) {
  log(`warning: the machine is busy before the benchmark starts (${(busyAtStart * 100).toFixed(0)}% CPU); figures will be low and noisy`);
}

/** The machine, as recorded with the results. */
function machine(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    /* not Linux */
  }
  const gib = (os.totalmem() / 1024 ** 3).toFixed(0);
  const load = (os.loadavg()[0] ?? 0).toFixed(2);
  return `${os.availableParallelism()} CPUs (${cpu}), ${gib} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}, ${new Date().toISOString()}; CPU ${(busyAtStart * 100).toFixed(0)}% busy before the start, 1-minute load average ${load} at the end`;
}

function directoryTable(r: DirectoryResult): string {
  const row = (name: string, s: TargetSummary) =>
    `| ${name} | ${s.reqPerSec.toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.nodeUs.toFixed(0)} | ${s.postgresUs.toFixed(0)} |`;
  return [
    `Agency directory (/agencies, ${r.servers.bytes} bytes; ${r.options.connections} connections, ${r.options.rounds} × ${r.options.duration} s each, alternating; request log: ${r.servers.logLevel})`,
    '',
    '| target | req/s | p50 ms | p99 ms | server CPU µs/req | PostgreSQL CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|',
    row('Gongkai /agencies', r.ours),
    row('bare Fastify, same bytes', r.bare),
    row('Gongkai /healthz (plugins and hooks only, for reference)', r.stack),
    '',
    `ratio ours / bare: **${r.ratio.toFixed(2)}** (target >= 0.5) ${r.ratio >= 0.5 ? 'met' : 'NOT met'}; /healthz / bare: ${(r.stack.reqPerSec / r.bare.reqPerSec).toFixed(2)}`,
    `by CPU per request (bare / ours, Node + PostgreSQL): ${r.cpuRatio.toFixed(2)}`,
  ].join('\n');
}

function startupTable(r: StartupResult): string {
  const ms = (x: number) => x.toFixed(0);
  return [
    `Start-up of \`gongkai demo\` on an existing data folder (spawn → "running at"; ${r.warm.length} warm starts)`,
    '',
    '| run | spawn → running at, ms | server ready, ms |',
    '|---|---:|---:|',
    `| first run (creates the folder) | ${ms(r.cold.wallMs)} | ${r.cold.readyMs ?? '?'} |`,
    ...r.warm.map((s, i) => `| warm start ${i + 1} | ${ms(s.wallMs)} | ${s.readyMs ?? '?'} |`),
    '',
    `warm start: min **${ms(r.minMs)} ms**, median **${ms(r.medianMs)} ms**`,
  ].join('\n');
}

function catalogueTables(r: CatalogueResult): string {
  const g = r.servers.generate;
  const f0 = (x: number) => x.toFixed(0);
  const f1 = (x: number) => x.toFixed(1);
  const lat = (s: Summary) => `${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.p99)}`;
  const o = r.options;
  const pages = [
    `Catalogue with ${r.servers.publicItems.toLocaleString('en')} public items (${g.items.toLocaleString('en')} generated + the demo city's), ${r.servers.postgresVersion.split(' ').slice(0, 2).join(' ')}; ${o.connections} connections (export: ${o.heavyConnections}), ${o.rounds} × ${o.duration} s per variant, alternating; request log: ${r.servers.logLevel}.`,
    '"cached": the same URL(s) repeatedly (the page cache answers); "uncached": each request carries a flash-notice cookie, which the page cache neither serves nor stores, so each one renders (listing counts stay cached per catalogue version, as in production).',
    '',
    '| page | bytes | variant | req/s | p50 ms | p95 ms | p99 ms | CPU µs/req (Node + PG) | bare req/s | bare p95 ms | ratio ours / bare |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map((row) => {
      const path = row.target.paths.length > 1 ? `${row.target.paths[0]!.replace(/\d+$/, ':id')} (${row.target.paths.length} ids in turn)` : row.target.paths[0]!;
      return `| \`${path}\` | ${row.target.bytes.toLocaleString('en')} | ${row.variant} | ${f0(row.ours.reqPerSec)} | ${lat(row.ours)} | ${f0(row.ours.nodeUs)} + ${f0(row.ours.postgresUs)} | ${f0(row.bare.reqPerSec)} | ${f1(row.bare.p95)} | **${row.ratio.toFixed(row.ratio < 0.1 ? 3 : 2)}** |`;
    }),
  ];
  const gen = `Generation (setup, not measured): ${g.items.toLocaleString('en')} items + versions in ${f1(g.ms.total / 1000)} s (inserts ${f1(g.ms.insert / 1000)} s, foreign-key check ${f1(g.ms.check / 1000)} s, VACUUM ANALYZE ${f1(g.ms.vacuumAnalyze / 1000)} s); ${g.agencies} agencies; bodies ${g.avgBodyChars} characters on average from ${g.source}; catalogue_items ${g.tableMb.items} MB, catalogue_versions ${g.tableMb.versions} MB. Demo city seeding (1,179 items through importItems): ${f1(r.servers.seedMs / 1000)} s.`;
  const imp = [
    '| import (all-or-nothing, into the big database) | lines | seconds | items/s |',
    '|---|---:|---:|---:|',
    ...r.imports.runs.map((x) => `| \`state: "${x.state}"\` (${f0(x.avgLineBytes)} bytes per line) | ${x.lines} | ${f1(x.ms / 1000)} | **${f0(x.itemsPerSec)}** |`),
  ];
  const prof = r.imports.profiles.flatMap((p) => [
    '',
    `Profiled import, \`state: "${p.state}"\` (query-logging container): ${f1(p.ms / 1000)} s in all; validation ${f1(p.validation.ms / 1000)} s (${p.validation.queries} queries, ${f1(p.validation.dbMs / 1000)} s in the database), writes ${f1(p.writes.ms / 1000)} s (${p.writes.queries} queries, ${f1(p.writes.dbMs / 1000)} s in the database).`,
    '',
    '| query shape | count | per item | total ms | µs each |',
    '|---|---:|---:|---:|---:|',
    ...p.shares.slice(0, 14).map((s) => `| ${s.label} | ${s.count} | ${(s.count / p.lines).toFixed(2)} | ${f0(s.ms)} | ${f0((s.ms * 1000) / s.count)} |`),
  ]);
  return [...pages, '', gen, '', ...imp, ...prof].join('\n');
}

const wanted = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
const run = (name: string) => wanted.size === 0 || wanted.has(name);
const sections: string[] = [];

if (run('directory')) {
  const r = await runDirectoryBench(
    { duration: num('BENCH_DURATION', 10), connections: num('BENCH_CONNECTIONS', 10), rounds: num('BENCH_ROUNDS', 2), warmup: num('BENCH_WARMUP', 3) },
    log,
  );
  sections.push(directoryTable(r));
}
if (run('startup')) {
  const r = await runStartupBench({ warmRuns: num('BENCH_STARTS', 3) }, log);
  sections.push(startupTable(r));
}

if (run('catalogue')) {
  const r = await runCatalogueBench(
    {
      duration: num('BENCH_CATALOGUE_DURATION', 5),
      connections: num('BENCH_CONNECTIONS', 10),
      heavyConnections: num('BENCH_EXPORT_CONNECTIONS', 2),
      rounds: num('BENCH_ROUNDS', 2),
      warmup: num('BENCH_WARMUP', 3),
    },
    log,
  );
  sections.push(catalogueTables(r));
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ ...r, samples: r.samples }, null, 2));
}

if (run('requests')) {
  const r = await runRequestsBench(requestsOptions(process.argv.slice(2), num), log);
  sections.push(requestsTables(r));
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(r, null, 2));
}

if (wanted.has('search')) {
  const search = await import('./search/run.js'); // only when named: 1,000,000 items by default (bench/search/README.md)
  sections.push((await search.runSearchBench(search.parseSearchArgs(process.argv.slice(2).filter((a) => a !== 'search')))).markdown);
}

process.stdout.write(`\n## Results\n\nMachine: ${machine()}\n\n${sections.join('\n\n')}\n`);
