/**
 * `npm run bench`: runs the benchmarks in sequence and prints a results table (Markdown, ready
 * for bench/README.md) with the machine it ran on.
 *
 *   npm run bench                     all benchmarks
 *   npm run bench -- directory        only the agency directory throughput
 *   npm run bench -- startup          only the start-up time
 *
 * Environment: BENCH_DURATION (seconds per measured run, default 10), BENCH_CONNECTIONS (10),
 * BENCH_ROUNDS (2), BENCH_WARMUP (seconds, 3), BENCH_STARTS (warm starts, 3),
 * BENCH_LOG (request log level of the app under test, default info; "silent" turns it off),
 * BENCH_CPU_PROF (a folder: write a V8 CPU profile of the directory servers' process there).
 */
import fs from 'node:fs';
import os from 'node:os';
import { runDirectoryBench, type DirectoryResult, type TargetSummary } from './directory.js';
import { runStartupBench, type StartupResult } from './startup.js';

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

process.stdout.write(`\n## Results\n\nMachine: ${machine()}\n\n${sections.join('\n\n')}\n`);
