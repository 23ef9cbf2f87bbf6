/**
 * 依申请公开 at scale (issue 4): 100 agencies with 10,000 open cases each. Measures, in one run,
 * the agency case list (`list()` with scope 'agency': page 1, a deep page, the 'overdue' and
 * 'due-soon' flags), the applicant's timeline (`track()` by case number and query code) and the
 * submission throughput (`apply()` with 1 and 4 concurrent clients), against the aim of p95 <= 200 ms
 * for list and track; then EXPLAIN ANALYZE of the SQL behind list() and track().
 *
 * The database, the data load (requests-generate.ts) and the service calls run in a child
 * process (requests-server.ts), which also starts the app; here the parent asks which HTTP routes
 * of the module exist (the staff list, the public form, the tracking page) and reports them.
 *
 * `--scale=AxC` (or BENCH_REQUESTS_SCALE): A agencies × C cases each; `--scale=smoke` is 5x1000
 * with short runs, for checking that the benchmark works.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { CpuTimes } from './proc-cpu.js';
import type { ExplainResult, OpSample, ProbeResult, RequestsServers, ServiceOptions, ServiceResult } from './requests-server.js';

export interface RequestsOptions extends ServiceOptions {
  /** Agencies × cases per agency, e.g. "100x10000". */
  scale: string;
}

export interface RequestsResult {
  options: RequestsOptions;
  servers: RequestsServers;
  samples: OpSample[];
  explain: ExplainResult;
  probe: ProbeResult;
  /** The p95 aim for list() and track(), ms. */
  aimMs: number;
}

interface ServerProcess {
  servers: RequestsServers;
  ask<T>(type: 'service' | 'explain' | 'probe' | 'cpu', extra?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

function startServer(scale: string, log: (line: string) => void): Promise<ServerProcess> {
  const child = fork(path.join(import.meta.dirname, 'requests-server.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_REQUESTS_SCALE: scale },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiters = new Map<string, ((m: unknown) => void)[]>();
  const wait = (type: string) => new Promise<unknown>((r) => waiters.set(type, [...(waiters.get(type) ?? []), r]));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`requests server exited early (${code})`)));
    child.on('message', (m) => {
      const type = (m as { type?: string }).type;
      if (type?.endsWith('-failed')) {
        log(`requests: ${type} (see the server log above)`);
        waiters.get(type.slice(0, -'-failed'.length))?.shift()?.(undefined);
        return;
      }
      if (type) {
        waiters.get(type)?.shift()?.(m);
        return;
      }
      resolve({
        servers: m as RequestsServers,
        ask: <T>(what: 'service' | 'explain' | 'probe' | 'cpu', extra: Record<string, unknown> = {}) => {
          const p = wait(what) as Promise<T>;
          child.send(what === 'cpu' ? 'cpu' : { type: what, ...extra });
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

/** Runs the requests benchmark; `log` receives progress lines. */
export async function runRequestsBench(opts: RequestsOptions, log: (line: string) => void): Promise<RequestsResult> {
  log(`requests: starting an embedded PostgreSQL and loading ${opts.scale} (agencies x open cases each)…`);
  const server = await startServer(opts.scale, log);
  try {
    const g = server.servers.generate;
    log(`requests: ${g.requests.toLocaleString('en')} requests, ${g.events.toLocaleString('en')} events, ${g.notices.toLocaleString('en')} notices in ${(g.ms.total / 1000).toFixed(0)} s; database ${g.sizeMb.database} MB`);
    const probe = await server.ask<ProbeResult>('probe');
    log(`requests: HTTP routes: ${probe.routes.map((r) => `${r.path} ${r.status}`).join(', ')}`);
    const service = await server.ask<ServiceResult | undefined>('service', { opts: { calls: opts.calls, trackCalls: opts.trackCalls, applySeconds: opts.applySeconds, applyClients: opts.applyClients, deepPage: opts.deepPage } satisfies ServiceOptions });
    if (!service) throw new Error('requests: the service measurements failed');
    const failed = service.samples.filter((s) => s.errors > 0);
    if (failed.length > 0) throw new Error(`requests: errors in ${failed.map((s) => `${s.name} (${s.errors})`).join(', ')}`);
    log('requests: EXPLAIN ANALYZE of the list and track queries…');
    const explain = await server.ask<ExplainResult | undefined>('explain', { deepPage: opts.deepPage });
    if (!explain) throw new Error('requests: EXPLAIN failed');
    for (const p of explain.plans) log(`requests: ${p.ms.toFixed(2)} ms  ${p.what}`);
    return { options: opts, servers: server.servers, samples: service.samples, explain, probe, aimMs: 200 };
  } finally {
    await server.stop();
  }
}

/** The results as Markdown, for bench/README.md. */
export function requestsTables(r: RequestsResult): string {
  const g = r.servers.generate;
  const f1 = (x: number) => x.toFixed(1);
  const s = (x: number) => (x / 1000).toFixed(1);
  const status = Object.entries(g.byStatus)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ');
  const head = [
    `依申请公开 with ${g.agencies} agencies × ${(g.requests / Math.max(g.agencies, 1)).toLocaleString('en')} open cases = ${g.requests.toLocaleString('en')} requests (${status}; ${g.overdue.toLocaleString('en')} overdue, ${g.dueSoon.toLocaleString('en')} due within 3 working days), ${g.events.toLocaleString('en')} events, ${g.notices.toLocaleString('en')} notices; ${r.servers.postgresVersion.split(' ').slice(0, 2).join(' ')}; today ${g.today}.`,
    `Load: ${s(g.ms.total)} s (agencies ${s(g.ms.orgs)} s, COPY ${s(g.ms.copy)} s, indexes ${s(g.ms.indexes)} s, FK check ${s(g.ms.check)} s, VACUUM ANALYZE ${s(g.ms.vacuumAnalyze)} s). Sizes with indexes: requests ${g.sizeMb.requests} MB, request_events ${g.sizeMb.events} MB, request_notices ${g.sizeMb.notices} MB; database ${g.sizeMb.database} MB.`,
    '',
    `| operation (service level) | clients | calls | per s | p50 ms | p95 ms | p99 ms | max ms | Node CPU µs/call | p95 ≤ ${r.aimMs} ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.samples.map((x) => {
      const aim = x.name.startsWith('apply') ? '–' : x.p95 <= r.aimMs ? 'yes' : '**no**';
      return `| ${x.name}${x.rows ? ` (${x.rows.toFixed(x.rows < 10 ? 1 : 0)} ${x.name.startsWith('track') ? 'events' : 'rows'})` : ''} | ${x.clients} | ${x.calls.toLocaleString('en')} | ${f1(x.perSec)} | ${f1(x.p50)} | ${f1(x.p95)} | ${f1(x.p99)} | ${f1(x.max)} | ${x.nodeUs.toFixed(0)} | ${aim} |`;
    }),
    '',
    'Node CPU: the service process (validation, the clock replay, Kysely) per call. PostgreSQL CPU per call is in the JSON (`postgresUs`) but not shown: it sums the live server processes, so the checkpointer and I/O workers after the load inflate it and backends that exit make it negative.',
    '',
    `HTTP routes of the module at the time of the run: ${r.probe.routes.map((x) => `\`${x.path}\` ${x.status}`).join(', ')}.`,
    '',
    '| query (EXPLAIN ANALYZE, planning + execution) | ms |',
    '|---|---:|',
    ...r.explain.plans.map((p) => `| ${p.what.replace(/\|/g, '\\|').slice(0, 150)} | ${p.ms.toFixed(2)} |`),
  ];
  return head.join('\n');
}

/** Options from the command line (`--scale=…`) and the environment. */
export function requestsOptions(argv: readonly string[], num: (name: string, fallback: number) => number): RequestsOptions {
  const arg = argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length) ?? process.env.BENCH_REQUESTS_SCALE ?? '100x10000';
  const smoke = arg === 'smoke';
  const scale = smoke ? '5x1000' : arg;
  if (!/^\d+x\d+$/.test(scale)) throw new Error(`--scale: agencies x cases per agency (e.g. 100x10000) or "smoke", not ${arg}`);
  return {
    scale,
    calls: num('BENCH_REQUESTS_CALLS', smoke ? 30 : 300),
    trackCalls: num('BENCH_REQUESTS_TRACK_CALLS', smoke ? 50 : 1000),
    applySeconds: num('BENCH_REQUESTS_APPLY_SECONDS', smoke ? 2 : 30),
    applyClients: [1, 4],
    deepPage: num('BENCH_REQUESTS_DEEP_PAGE', smoke ? 5 : 20),
  };
}

export type { CpuTimes };
