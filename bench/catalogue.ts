/**
 * Catalogue throughput with 100,000 published items: the public listing (page 1, a deep page, a
 * filtered listing, an agency's listing), item pages, the CSV export and the read API, each against
 * a bare Fastify route answering the same bytes, in one run; then bulk import throughput.
 *
 * The servers run in a child process (catalogue-server.ts, which also generates the data);
 * autocannon runs here. Pages that go through the page cache for anonymous visitors are measured
 * twice: "cached" (the same URLs again and again: after the first answer every request is served
 * from the cache) and "uncached" (each request carries a flash-notice cookie, which the page cache
 * never serves nor stores, so each request renders the page and queries the database; listing
 * counts stay cached per catalogue version, as they are in production).
 * Item pages rotate over a few hundred ids (autocannon's setupRequest), the bare route likewise
 * over the same pages' bytes. Latency percentiles (p50/p95/p99) come from every response's own
 * latency, not from autocannon's histogram (which has no p95).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import type { CatalogueServers, CpuTimes, ExplainResult, ImportResult, PageTarget } from './catalogue-server.js';

export type Variant = 'bare' | 'cached' | 'uncached' | 'ours';

/** One autocannon run against one variant of one page. */
export interface Sample {
  target: string;
  variant: Variant;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  nodeUs: number;
  postgresUs: number;
}

export interface CatalogueOptions {
  duration: number;
  connections: number;
  /** Connections for the export (each request streams thousands of rows). */
  heavyConnections: number;
  rounds: number;
  warmup: number;
}

/** Mean figures of one variant over its rounds. */
export interface Summary {
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  nodeUs: number;
  postgresUs: number;
}

/** One line of the results: our variant of a page against the bare route with its bytes. */
export interface Row {
  target: PageTarget;
  variant: Exclude<Variant, 'bare'>;
  ours: Summary;
  bare: Summary;
  /** ours / bare req/s. */
  ratio: number;
}

export interface CatalogueResult {
  options: CatalogueOptions;
  servers: CatalogueServers;
  samples: Sample[];
  rows: Row[];
  explain: ExplainResult;
  imports: ImportResult;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);

interface ServerProcess {
  servers: CatalogueServers;
  cpu(): Promise<CpuTimes>;
  ask<T>(what: 'explain' | 'import'): Promise<T>;
  stop(): Promise<void>;
}

function startServers(log: (line: string) => void): Promise<ServerProcess> {
  const child = fork(path.join(import.meta.dirname, 'catalogue-server.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiters = new Map<string, ((m: unknown) => void)[]>();
  const wait = (type: string) => new Promise<unknown>((r) => waiters.set(type, [...(waiters.get(type) ?? []), r]));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`catalogue server exited early (${code})`)));
    child.on('message', (m) => {
      const type = (m as { type?: string }).type;
      if (type === 'import-failed') {
        log('catalogue: the import failed (see the server log above)');
        waiters.get('import')?.shift()?.(undefined);
        return;
      }
      if (type) {
        waiters.get(type)?.shift()?.(m);
        return;
      }
      resolve({
        servers: m as CatalogueServers,
        cpu: () => {
          const p = wait('cpu') as Promise<CpuTimes>;
          child.send('cpu');
          return p;
        },
        ask: <T>(what: 'explain' | 'import') => {
          const p = wait(what) as Promise<T>;
          child.send(what);
          return p;
        },
        stop: async () => {
          child.send('stop');
          await exited;
        },
      });
    });
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}


async function measure(server: ServerProcess, t: PageTarget, variant: Variant, opts: CatalogueOptions, duration: number): Promise<Sample> {
  const paths = variant === 'bare' ? t.barePaths : t.paths;
  const url = variant === 'bare' ? server.servers.bare : server.servers.ours;
  let next = 0;
  const pathOf = () => {
    const p = paths[next++ % paths.length]!;
    return p;
  };
  if (variant === 'cached' && paths.length > 1) {
    // The uncached runs fill the page cache with unique URLs, and it empties itself when full:
    // put the rotated pages back first (unmeasured), so that "cached" means cached.
    for (const p of paths) await (await fetch(`${url}${p}`)).arrayBuffer();
  }
  const latencies: number[] = [];
  const before = await server.cpu();
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: t.heavy ? opts.heavyConnections : opts.connections,
        duration,
        // "uncached": a request that carries a flash-notice cookie is never served from the page
        // cache (nor stored in it), so each one renders and queries the database.
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathOf(), ...(variant === 'uncached' ? { headers: { ...req.headers, cookie: 'gk_notice=bench' } } : {}) }) }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_c, _status, _bytes, ms) => void latencies.push(ms));
  });
  const after = await server.cpu();
  const sorted = Float64Array.from(latencies).sort();
  const n = Math.max(result.requests.total, 1);
  return {
    target: t.name,
    variant,
    requests: result.requests.total,
    reqPerSec: result.requests.total / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    nodeUs: (after.node - before.node) / n,
    postgresUs: (after.postgres - before.postgres) / n,
  };
}

function summarise(samples: Sample[], target: string, variant: Variant): Summary {
  const mine = samples.filter((s) => s.target === target && s.variant === variant);
  const avg = (k: 'reqPerSec' | 'p50' | 'p95' | 'p99' | 'nodeUs' | 'postgresUs') => mean(mine.map((s) => s[k]));
  return { reqPerSec: avg('reqPerSec'), p50: avg('p50'), p95: avg('p95'), p99: avg('p99'), nodeUs: avg('nodeUs'), postgresUs: avg('postgresUs') };
}

const variantsOf = (t: PageTarget): Variant[] => (t.pageCache ? ['bare', 'cached', 'uncached'] : ['bare', 'ours']);

/** Runs the catalogue benchmark; `log` receives progress lines. */
export async function runCatalogueBench(opts: CatalogueOptions, log: (line: string) => void): Promise<CatalogueResult> {
  log('catalogue: starting the app on an embedded PostgreSQL with the demo city, then generating the items…');
  const server = await startServers(log);
  const { servers } = server;
  try {
    log(`catalogue: ${servers.publicItems} public items; ${servers.postgresVersion}`);
    if (opts.warmup > 0) {
      for (const t of servers.targets) for (const v of variantsOf(t)) await measure(server, t, v, opts, opts.warmup);
    }
    const samples: Sample[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const t of servers.targets) {
        for (const v of variantsOf(t)) {
          const s = await measure(server, t, v, opts, opts.duration);
          log(
            `catalogue: round ${round} ${t.name.padEnd(10)} ${v.padEnd(8)} ${s.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)}  p95 ${s.p95.toFixed(1)}  p99 ${s.p99.toFixed(1)} ms  CPU/req ${s.nodeUs.toFixed(0)} µs + PostgreSQL ${s.postgresUs.toFixed(0)} µs${s.errors || s.non2xx ? `  (${s.errors} errors, ${s.non2xx} non-2xx)` : ''}`,
          );
          samples.push(s);
        }
      }
    }
    const failed = samples.filter((s) => s.errors > 0 || s.non2xx > 0);
    if (failed.length > 0) throw new Error(`catalogue: ${failed.length} runs had errors or non-2xx answers`);
    const rows: Row[] = [];
    for (const t of servers.targets) {
      const bare = summarise(samples, t.name, 'bare');
      for (const v of variantsOf(t)) {
        if (v === 'bare') continue;
        const ours = summarise(samples, t.name, v);
        rows.push({ target: t, variant: v, ours, bare, ratio: ours.reqPerSec / bare.reqPerSec });
      }
    }
    log('catalogue: EXPLAIN ANALYZE of the listing and item queries…');
    const explain = await server.ask<ExplainResult>('explain');
    for (const p of explain.plans) log(`catalogue: ${p.ms.toFixed(1)} ms  ${p.what}`);
    log('catalogue: bulk import…');
    const imports = await server.ask<ImportResult | undefined>('import');
    if (!imports) throw new Error('catalogue: the import failed');
    return { options: opts, servers, samples, rows, explain, imports };
  } finally {
    await server.stop();
  }
}
