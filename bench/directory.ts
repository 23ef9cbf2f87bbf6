/**
 * Agency directory throughput: the real /agencies page (Fastify + plugins + session and CSRF hooks
 * + a PostgreSQL query + server-side rendering of the tree of 示范市) against a bare Fastify route
 * that returns the same bytes, in the same run. The ratio ours/bare shows what our stack costs on
 * top of Fastify itself; the target is >= 0.5.
 *
 * The servers run in a child process (bench/directory-server.ts); autocannon runs here. The
 * targets are measured alternately (bare, ours, stack, bare, ours, stack, ...) after a short
 * warm-up of each. "stack" is the app's /healthz: the same plugins and hooks without a database
 * query or a page, which splits our cost into "the stack" and "the page".
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type { CpuTimes, DirectoryServers } from './directory-server.js';

/** What is measured: our page, the bare route with its bytes, our stack alone (/healthz). */
export type Target = 'ours' | 'bare' | 'stack';

/** One autocannon run against one target. */
export interface Sample {
  target: Target;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU per request (user + system), microseconds: the Node process and PostgreSQL. */
  nodeUs: number;
  postgresUs: number;
}

/** Options of the directory benchmark. */
export interface DirectoryOptions {
  /** Seconds per measured run. */
  duration: number;
  connections: number;
  /** How many times each target is measured (alternating). */
  rounds: number;
  /** Seconds of unmeasured warm-up per target. */
  warmup: number;
}

/** Aggregate figures of one target over its rounds. */
export interface TargetSummary {
  reqPerSec: number;
  p50: number;
  p99: number;
  nodeUs: number;
  postgresUs: number;
}

/** The directory benchmark's result. */
export interface DirectoryResult {
  options: DirectoryOptions;
  servers: DirectoryServers;
  samples: Sample[];
  ours: TargetSummary;
  bare: TargetSummary;
  stack: TargetSummary;
  /** ours / bare req/s: the figure with the 0.5 target. */
  ratio: number;
  /** bare / ours server CPU per request (Node + PostgreSQL): the ratio on an otherwise idle, CPU-bound machine. */
  cpuRatio: number;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);

/** The servers' process: its URLs, its CPU counters, and a way to stop it. */
interface ServerProcess {
  servers: DirectoryServers;
  cpu(): Promise<CpuTimes>;
  stop(): Promise<void>;
}

function startServers(): Promise<ServerProcess> {
  const child = fork(path.join(import.meta.dirname, 'directory-server.ts'), [], {
    // BENCH_CPU_PROF=<folder>: write a V8 CPU profile of the server process there (open it in Chrome DevTools).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    // stdout (the JSON request log) goes to /dev/null, as a production log shipper would take it away.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cpuWaiters: ((t: CpuTimes) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`directory server exited early (${code})`)));
    child.on('message', (m) => {
      if ((m as CpuTimes).type === 'cpu') {
        cpuWaiters.shift()?.(m as CpuTimes);
        return;
      }
      resolve({
        servers: m as DirectoryServers,
        cpu: () =>
          new Promise<CpuTimes>((r) => {
            cpuWaiters.push(r);
            child.send('cpu');
          }),
        stop: async () => {
          child.send('stop');
          await exited;
        },
      });
    });
  });
}

async function measure(server: ServerProcess, target: Target, connections: number, duration: number): Promise<Sample> {
  const before = await server.cpu();
  const r = await autocannon({ url: server.servers[target], connections, duration });
  const after = await server.cpu();
  const n = Math.max(r.requests.total, 1);
  return {
    target,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    nodeUs: (after.node - before.node) / n,
    postgresUs: (after.postgres - before.postgres) / n,
  };
}

function summarise(samples: Sample[], target: Target): TargetSummary {
  const mine = samples.filter((s) => s.target === target);
  const avg = (k: keyof Omit<Sample, 'target'>) => mean(mine.map((s) => s[k]));
  return { reqPerSec: avg('reqPerSec'), p50: avg('p50'), p99: avg('p99'), nodeUs: avg('nodeUs'), postgresUs: avg('postgresUs') };
}

/** Runs the directory benchmark; `log` receives progress lines. */
export async function runDirectoryBench(opts: DirectoryOptions, log: (line: string) => void): Promise<DirectoryResult> {
  log('directory: starting the app on an embedded PostgreSQL with the demo city…');
  const server = await startServers();
  const { servers } = server;
  try {
    log(`directory: /agencies is ${servers.bytes} bytes (${servers.contentType}); request log level ${servers.logLevel}`);
    const targets: Target[] = ['bare', 'ours', 'stack'];
    if (opts.warmup > 0) {
      for (const t of targets) await measure(server, t, opts.connections, opts.warmup);
    }
    const samples: Sample[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const target of targets) {
        const s = await measure(server, target, opts.connections, opts.duration);
        log(`directory: round ${round} ${target.padEnd(5)} ${s.reqPerSec.toFixed(0).padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  CPU/req ${s.nodeUs.toFixed(0)} µs + PostgreSQL ${s.postgresUs.toFixed(0)} µs${s.errors || s.non2xx ? `  (${s.errors} errors, ${s.non2xx} non-2xx)` : ''}`);
        samples.push(s);
      }
    }
    const failed = samples.filter((s) => s.errors > 0 || s.non2xx > 0);
    if (failed.length > 0) throw new Error(`directory: ${failed.length} runs had errors or non-2xx answers`);
    const ours = summarise(samples, 'ours');
    const bare = summarise(samples, 'bare');
    const cpuRatio = (bare.nodeUs + bare.postgresUs) / (ours.nodeUs + ours.postgresUs);
    return { options: opts, servers, samples, ours, bare, stack: summarise(samples, 'stack'), ratio: ours.reqPerSec / bare.reqPerSec, cpuRatio };
  } finally {
    await server.stop();
  }
}
