/**
 * The server side of the 依申请公开 benchmark (its own process, as in catalogue-server.ts).
 *
 * Starts an embedded PostgreSQL in a temporary DATA_DIR, migrates, loads the city and its requests
 * (requests-generate.ts), builds the container and the app (`buildApp`, listening on 127.0.0.1:0),
 * and reports to the parent. The service-level measurements run here, next to the container, one
 * call at a time (or N concurrent clients for `apply()`), timed with `performance.now()` around
 * each call; CPU per call comes from this process's `cpuUsage` and PostgreSQL's `/proc` times.
 *
 * IPC from the parent: "service" (the service-level measurements), "explain" (EXPLAIN ANALYZE of
 * the SQL that list() and track() run), "probe" (which HTTP routes exist), "cpu", "stop".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { buildApp, loggerOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { anonymous, type Actor } from '../src/platform/actor.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/database.js';
import type { DB } from '../src/platform/db/schema.js';
import { generateRequests, prng, queryCodeFor, residentIdFor, type RequestsGenerateResult, type RequestsScale } from './requests-generate.js';
import { answerBenchControl, postgresCpu } from './proc-cpu.js';

/** Timings of one measured operation. */
export interface OpSample {
  name: string;
  calls: number;
  /** Concurrent clients (1 unless apply with several). */
  clients: number;
  seconds: number;
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** CPU per call, µs: this process (the service) and PostgreSQL. */
  nodeUs: number;
  postgresUs: number;
  errors: number;
  /** Rows on the page (list) or events on the timeline (track), mean. */
  rows: number;
}

export interface ServiceResult {
  type: 'service';
  samples: OpSample[];
}

export interface ExplainResult {
  type: 'explain';
  plans: { what: string; ms: number; plan: string }[];
}

export interface ProbeResult {
  type: 'probe';
  routes: { path: string; status: number }[];
}

/** What the server process tells the parent once it is ready. */
export interface RequestsServers {
  ours: string;
  generate: Omit<RequestsGenerateResult, 'orgs'>;
  postgresVersion: string;
  logLevel: string;
}

export interface ServiceOptions {
  calls: number;
  trackCalls: number;
  applySeconds: number;
  applyClients: number[];
  deepPage: number;
}

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const log = (l: string) => process.stderr.write(`  [server] ${l}\n`);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function scaleFromEnv(): RequestsScale {
  const m = /^(\d+)x(\d+)$/.exec(process.env.BENCH_REQUESTS_SCALE ?? '100x10000');
  if (!m) throw new Error('BENCH_REQUESTS_SCALE: agencies x cases per agency, e.g. 100x10000');
  return { agencies: Number(m[1]), casesPerAgency: Number(m[2]) };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-req-'));
  fs.chmodSync(dataDir, 0o755);
  const logLevel = process.env.BENCH_LOG ?? 'info';
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: logLevel });
  const database = await openDatabase({ databaseUrl: undefined, dataDir, log });
  const cleanup = async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database.db);
    const gen = await generateRequests(database.db, database.pool, scaleFromEnv(), (l) => log(l));
    log(
      `requests: loaded in ${(gen.ms.total / 1000).toFixed(1)} s (COPY ${(gen.ms.copy / 1000).toFixed(1)} s, indexes ${(gen.ms.indexes / 1000).toFixed(1)} s, FK check ${(gen.ms.check / 1000).toFixed(1)} s, VACUUM ANALYZE ${(gen.ms.vacuumAnalyze / 1000).toFixed(1)} s); database ${gen.sizeMb.database} MB`,
    );
    const container = createContainer({ db: database.db, config });
    const postgresVersion = (await database.db.selectNoFrom((eb) => eb.fn<string>('version', []).as('v')).executeTakeFirstOrThrow()).v;
    const app = await buildApp({ container, secret: SECRET, logger: loggerOptions(config.logLevel) });
    const oursUrl = await app.listen({ host: '127.0.0.1', port: 0 });

    const officer = (o: RequestsGenerateResult['orgs'][number]): Actor => ({
      kind: 'user',
      id: o.officerId,
      username: `officer-${o.slug}`,
      displayName: `经办人${o.slug.slice(7)}`,
      userKind: 'staff',
      homeOrgId: o.id,
      grants: [{ orgId: o.id, orgPath: o.path, role: 'disclosure_officer' }],
    });

    const timeOps = async (name: string, calls: number, op: (i: number) => Promise<number>): Promise<OpSample> => {
      // Unmeasured warm-up (plans, pool, JIT).
      for (let i = 0; i < Math.min(20, calls); i++) await op(-1 - i);
      const lat = new Float64Array(calls);
      let rows = 0;
      let errors = 0;
      const cpu0 = process.cpuUsage();
      const pg0 = postgresCpu(dataDir);
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) {
        const s = performance.now();
        try {
          rows += await op(i);
        } catch (e) {
          if (errors++ === 0) log(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
        lat[i] = performance.now() - s;
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pgUs = postgresCpu(dataDir) - pg0;
      lat.sort();
      return { name, calls, clients: 1, seconds, perSec: calls / seconds, p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99), max: lat[lat.length - 1] ?? 0, nodeUs: (cpu.user + cpu.system) / calls, postgresUs: pgUs / calls, errors, rows: rows / calls };
    };

    const service = async (opts: ServiceOptions): Promise<ServiceResult> => {
      const rq = container.requests;
      const rnd = prng(42);
      const pick = () => gen.orgs[Math.floor(rnd() * gen.orgs.length)]!;
      const samples: OpSample[] = [];
      const listOp = (page: number, flag: string | null) => async () => {
        const o = pick();
        const r = await rq.list(officer(o), { scope: 'agency', orgId: o.id, page, flag });
        return r.rows.length;
      };
      const variants: [string, () => Promise<number>][] = [
        ['list: agency, page 1', listOp(1, null)],
        [`list: agency, page ${opts.deepPage}`, listOp(opts.deepPage, null)],
        ['list: agency, overdue', listOp(1, 'overdue')],
        ['list: agency, due soon', listOp(1, 'due-soon')],
      ];
      for (const [name, op] of variants) {
        const s = await timeOps(name, opts.calls, op);
        log(`${name}: p50 ${s.p50.toFixed(1)} p95 ${s.p95.toFixed(1)} p99 ${s.p99.toFixed(1)} ms, ${s.rows.toFixed(0)} rows`);
        samples.push(s);
      }

      // track(): random cases of every status, by case number and query code, as the public does.
      const ids = (await database.pool.query<{ id: string; case_number: string }>(`SELECT id::text, case_number FROM requests WHERE id IN (SELECT (1 + floor(random() * $1))::bigint FROM generate_series(1, $2))`, [gen.requests, opts.trackCalls + 20])).rows;
      const tr = await timeOps('track: case number + query code', Math.min(opts.trackCalls, ids.length), async (i) => {
        const c = ids[i < 0 ? -1 - i : i]!;
        const r = await rq.track(c.case_number, queryCodeFor(c.id), anonymous);
        return r.events.length;
      });
      log(`track: p50 ${tr.p50.toFixed(1)} p95 ${tr.p95.toFixed(1)} p99 ${tr.p99.toFixed(1)} ms, ${tr.rows.toFixed(1)} events`);
      samples.push(tr);

      // apply(): valid online applications from new applicants, to random agencies, for a fixed time.
      let serial = 0;
      const applyOnce = async () => {
        const o = pick();
        const a = 5_000_000 + serial++;
        await rq.apply(anonymous, {
          orgId: o.id,
          applicantKind: 'naturalPerson',
          applicantName: '测试申请人',
          idType: 'resident_id',
          idNumber: residentIdFor(a, rnd),
          phone: `139${String(10_000_000 + (a % 90_000_000)).slice(0, 8)}`,
          email: `bench${a}@example.com`,
          address: '深圳市南山区某路1号',
          postcode: '518000',
          title: `南山区道路改造工程招标文件（第${a % 50}批）`,
          description: '申请公开该工程的招标文件全文及中标结果公示材料，请以电子文档形式提供。',
          provisionForm: 'electronic',
          obtainMethod: 'email',
        });
      };
      for (let i = 0; i < 10; i++) await applyOnce();
      for (const clients of opts.applyClients) {
        const lat: number[] = [];
        let errors = 0;
        const cpu0 = process.cpuUsage();
        const pg0 = postgresCpu(dataDir);
        const t0 = performance.now();
        const end = t0 + opts.applySeconds * 1000;
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (performance.now() < end) {
              const s = performance.now();
              try {
                await applyOnce();
              } catch (e) {
                if (errors++ === 0) log(`apply: ${e instanceof Error ? e.message : String(e)}`);
              }
              lat.push(performance.now() - s);
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const pgUs = postgresCpu(dataDir) - pg0;
        const sorted = Float64Array.from(lat).sort();
        const s: OpSample = { name: 'apply: online application', calls: lat.length, clients, seconds, perSec: lat.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0, nodeUs: (cpu.user + cpu.system) / lat.length, postgresUs: pgUs / lat.length, errors, rows: 0 };
        log(`apply × ${clients}: ${s.perSec.toFixed(1)}/s, p50 ${s.p50.toFixed(1)} p95 ${s.p95.toFixed(1)} p99 ${s.p99.toFixed(1)} ms${errors ? `, ${errors} errors` : ''}`);
        samples.push(s);
      }
      return { type: 'service', samples };
    };

    const explain = async (deepPage: number): Promise<ExplainResult> => {
      // The SQL that list() and track() run, captured with its parameters through a logging container, then EXPLAIN ANALYZE of each.
      let captured: { sql: string; parameters: readonly unknown[] }[] = [];
      const logged = new Kysely<DB>({ dialect: new PostgresDialect({ pool: database.pool }), plugins: [new CamelCasePlugin()], log: (e: LogEvent) => void captured.push({ sql: e.query.sql, parameters: e.query.parameters }) });
      const c2 = createContainer({ db: logged, config });
      const o = gen.orgs[Math.floor(gen.orgs.length / 2)]!;
      const one = (await database.pool.query<{ id: string; case_number: string }>(`SELECT id::text, case_number FROM requests WHERE status = 'handling' AND extension_days > 0 ORDER BY id LIMIT 1 OFFSET $1`, [Math.floor(gen.requests / 20)])).rows[0]!;
      const plans: ExplainResult['plans'] = [];
      const cases: [string, () => Promise<unknown>][] = [
        ['list page 1', () => c2.requests.list(officer(o), { scope: 'agency', orgId: o.id, page: 1 })],
        [`list page ${deepPage}`, () => c2.requests.list(officer(o), { scope: 'agency', orgId: o.id, page: deepPage })],
        ['list overdue', () => c2.requests.list(officer(o), { scope: 'agency', orgId: o.id, flag: 'overdue' })],
        ['list due-soon', () => c2.requests.list(officer(o), { scope: 'agency', orgId: o.id, flag: 'due-soon' })],
        ['track', () => c2.requests.track(one.case_number, queryCodeFor(one.id), anonymous)],
      ];
      for (const [what, run] of cases) {
        captured = [];
        await run();
        for (const q of captured) {
          if (!/"?request/.test(q.sql)) continue;
          const r = await database.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
          const plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
          const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0) + Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
          plans.push({ what: `${what}: ${q.sql.replace(/\s+/g, ' ').slice(0, 200)}…`, ms, plan });
        }
      }
      return { type: 'explain', plans };
    };

    const probe = async (): Promise<ProbeResult> => {
      const routes: ProbeResult['routes'] = [];
      for (const p of ['/staff/requests', '/requests/new', '/requests/track']) {
        const res = await fetch(`${oursUrl}${p}`, { redirect: 'manual' });
        await res.arrayBuffer();
        routes.push({ path: p, status: res.status });
      }
      return { type: 'probe', routes };
    };

    answerBenchControl(
      dataDir,
      async () => {
        await app.close();
        await cleanup();
      },
      (m) => {
        const msg = m as { type?: string; opts?: ServiceOptions; deepPage?: number };
        const fail = (what: string) => (err: unknown) => {
          log(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          process.send?.({ type: `${what}-failed` });
        };
        if (msg.type === 'service' && msg.opts) void service(msg.opts).then((r) => process.send?.(r), fail('service'));
        if (msg.type === 'explain') void explain(msg.deepPage ?? 20).then((r) => process.send?.(r), fail('explain'));
        if (msg.type === 'probe') void probe().then((r) => process.send?.(r), fail('probe'));
      },
    );
    const { orgs: _orgs, ...generate } = gen;
    const ready: RequestsServers = { ours: oursUrl, generate, postgresVersion, logLevel };
    process.send?.(ready);
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

await main();
