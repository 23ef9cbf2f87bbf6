/**
 * The server side of the catalogue benchmark (its own process, as in directory-server.ts).
 *
 * Builds the real app as `gongkai demo` does — embedded PostgreSQL in a temporary DATA_DIR,
 * migrations, `seedDemo` (示范市 with its 1,179 corpus items) — then generates BENCH_ITEMS
 * (100,000) published items by set-based SQL (catalogue-generate.ts), VACUUM ANALYZE, and starts
 * `buildApp`. For every measured page it fetches the answer once and serves exactly those bytes
 * with the same content-type from a bare Fastify instance (item pages: a map of a few hundred ids).
 *
 * IPC from the parent: "cpu" (CPU used so far by this process and by PostgreSQL), "explain"
 * (EXPLAIN ANALYZE of the SQL behind the measured pages), "import" (catalogue-import.ts), "stop".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { CamelCasePlugin, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { buildApp, loggerOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { seedDemo } from '../src/demo/seed.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/database.js';
import type { DB } from '../src/platform/db/schema.js';
import { getPublic, listPublic, type PublicFilters } from '../src/modules/catalogue/public.repository.js';
import { generateItems, loadTextSource, type GenerateResult } from './catalogue-generate.js';
import { runImports, type ImportProfile, type ImportRun } from './catalogue-import.js';
import { answerBenchControl } from './proc-cpu.js';

/** One measured page: our URL(s), the bare route with the same bytes. */
export interface PageTarget {
  name: string;
  /** Paths on our server; several are requested in turn. */
  paths: string[];
  /** The bare route's paths, in the same order (the same bytes as the path of ours at that index). */
  barePaths: string[];
  bytes: number;
  contentType: string;
  /** The page goes through the page cache for anonymous visitors (so an uncached variant is measured too). */
  pageCache: boolean;
  /** Fewer requests (an export). */
  heavy: boolean;
}

/** What the server process tells the parent once it listens. */
export interface CatalogueServers {
  ours: string;
  bare: string;
  targets: PageTarget[];
  generate: GenerateResult;
  seedMs: number;
  publicItems: number;
  postgresVersion: string;
  logLevel: string;
}

export type { CpuTimes } from './proc-cpu.js';

export interface ExplainResult {
  type: 'explain';
  plans: { what: string; ms: number; plan: string }[];
}

export interface ImportResult {
  type: 'import';
  runs: ImportRun[];
  profiles: ImportProfile[];
  /** EXPLAIN ANALYZE of the importer's slowest query shape per profiled run. */
  plans: { what: string; plan: string }[];
}

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const log = (l: string) => process.stderr.write(`  [server] ${l}\n`);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-cat-'));
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
    const container = createContainer({ db: database.db, config });
    const t0 = performance.now();
    await seedDemo(container);
    const seedMs = performance.now() - t0;
    log(`demo city seeded in ${(seedMs / 1000).toFixed(1)} s`);
    const text = loadTextSource();
    const generate = await generateItems(database.db, num('BENCH_ITEMS', 100_000), text, log);
    log(`generated ${generate.items} items in ${(generate.ms.total / 1000).toFixed(1)} s (inserts ${(generate.ms.insert / 1000).toFixed(1)} s, FK check ${(generate.ms.check / 1000).toFixed(1)} s, VACUUM ANALYZE ${(generate.ms.vacuumAnalyze / 1000).toFixed(1)} s); items ${generate.tableMb.items} MB, versions ${generate.tableMb.versions} MB, body ${generate.avgBodyChars} characters on average`);

    const db = database.db;
    const publicItems = Number((await db.selectFrom('catalogueItems').select((eb) => eb.fn.countAll<string>().as('n')).where('publicState', '=', 'published').where('disclosure', '=', 'proactive').executeTakeFirstOrThrow()).n);
    const postgresVersion = (await db.selectNoFrom((eb) => eb.fn<string>('version', []).as('v')).executeTakeFirstOrThrow()).v;
    // The agency with the most public items, the top-level 主题分类 with most items of 2020, and a few hundred item ids spread over the table.
    const agency = (
      await db
        .selectFrom('catalogueItems as i')
        .innerJoin('organisations as o', 'o.id', 'i.orgId')
        .select(['o.slug', (eb) => eb.fn.countAll<string>().as('n')])
        .where('i.publicState', '=', 'published')
        .groupBy('o.slug')
        .orderBy('n', 'desc')
        .executeTakeFirstOrThrow()
    ).slug;
    const topic = (
      await db
        .selectFrom('catalogueItems as i')
        .innerJoin('taxonomyTerms as t', 't.id', 'i.topicId')
        .innerJoin('taxonomyTerms as p', 'p.id', 't.parentId')
        .select(['p.code', (eb) => eb.fn.countAll<string>().as('n')])
        .where('i.generatedOn', '>=', '2020-01-01')
        .where('i.generatedOn', '<', '2021-01-01')
        .groupBy('p.code')
        .orderBy('n', 'desc')
        .executeTakeFirstOrThrow()
    ).code;
    const ids = (await db.selectFrom('catalogueItems').select('id').where('publicState', '=', 'published').where('disclosure', '=', 'proactive').orderBy((eb) => eb.fn('hashint8', [eb.ref('id')])).limit(num('BENCH_ITEM_IDS', 300)).execute()).map((r) => r.id);

    const app = await buildApp({ container, secret: SECRET, logger: loggerOptions(config.logLevel) });
    const oursUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const bare = Fastify({ logger: false });
    const bodies = new Map<string, { body: Buffer; contentType: string }>();
    bare.get('/*', (req, reply) => {
      const b = bodies.get(req.url);
      if (!b) return reply.code(404).send();
      return reply.type(b.contentType).send(b.body);
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

    const targets: PageTarget[] = [];
    const add = async (name: string, paths: string[], pageCache: boolean, heavy = false) => {
      const barePaths: string[] = [];
      let bytes = 0;
      let contentType = '';
      for (const [i, p] of paths.entries()) {
        const res = await fetch(`${oursUrl}${p}`);
        if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
        const body = Buffer.from(await res.arrayBuffer());
        contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
        const bp = `/${name}/${i}`;
        bodies.set(bp, { body, contentType });
        barePaths.push(bp);
        bytes += body.length;
      }
      targets.push({ name, paths, barePaths, bytes: Math.round(bytes / paths.length), contentType, pageCache, heavy });
      log(`${name}: ${paths.length > 1 ? `${paths.length} paths, ` : `${paths[0]}, `}${Math.round(bytes / paths.length)} bytes${paths.length > 1 ? ' on average' : ''}`);
    };
    await add('catalogue', ['/catalogue'], true);
    await add('deep-page', ['/catalogue?page=500'], true);
    await add('filtered', [`/catalogue?topic=${topic}&year=2020`], true);
    await add('agency', [`/agencies/${agency}/catalogue`], true);
    await add('item', ids.map((id) => `/catalogue/${id}`), true);
    await add('export-csv', [`/catalogue.csv?agency=${agency}`], false, true);
    await add('api', ['/api/v1/items?pageSize=50'], false);

    const explain = async (): Promise<ExplainResult> => {
      // The SQL that listPublic / getPublic run, captured with its parameters, then EXPLAIN ANALYZE of each.
      let captured: { sql: string; parameters: readonly unknown[] }[] = [];
      const logged = new Kysely<DB>({ dialect: new PostgresDialect({ pool: database.pool }), plugins: [new CamelCasePlugin()], log: (e: LogEvent) => void captured.push({ sql: e.query.sql, parameters: e.query.parameters }) });
      const plans: ExplainResult['plans'] = [];
      const cases: [string, () => Promise<unknown>][] = [
        ['/catalogue', () => listPublic(logged, {}, 'published', 1, 20)],
        ['/catalogue?page=500', () => listPublic(logged, {}, 'published', 500, 20)],
        [`/catalogue?topic=${topic}&year=2020`, () => listPublic(logged, { topic, year: 2020 } satisfies PublicFilters, 'published', 1, 20)],
        [`/agencies/${agency}/catalogue`, () => listPublic(logged, { agency }, 'published', 1, 20)],
        [`/catalogue/${ids[0]}`, () => getPublic(logged, ids[0]!)],
      ];
      for (const [what, run] of cases) {
        captured = [];
        await run();
        for (const q of captured) {
          if (!/catalogue_items/.test(q.sql)) continue;
          const r = await database.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
          const plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
          const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
          plans.push({ what: `${what}: ${q.sql.replace(/\s+/g, ' ').slice(0, 160)}…`, ms, plan });
        }
      }
      // Not destroyed: it shares the app's pool.
      return { type: 'explain', plans };
    };

    const runImport = async (): Promise<ImportResult> => {
      const r = await runImports(container, database, config, text, num('BENCH_IMPORT_LINES', 2000), log);
      const plans: ImportResult['plans'] = [];
      for (const p of r.profiles) {
        const slow = p.shares.find((s) => /^(resolve|indexNumber)/.test(s.label)) ?? p.shares[0];
        if (!slow) continue;
        const res = await database.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slow.sql}`, slow.parameters as unknown[]);
        plans.push({ what: `${p.state}: ${slow.label} — ${slow.sql.replace(/\s+/g, ' ')}`, plan: res.rows.map((x) => x['QUERY PLAN']).join('\n') });
      }
      return { type: 'import', ...r, plans };
    };

    answerBenchControl(
      dataDir,
      async () => {
        await bare.close();
        await app.close();
        await cleanup();
      },
      (m) => {
        if (m === 'explain') void explain().then((r) => process.send?.(r));
        if (m === 'import') {
          void runImport().then(
            (r) => process.send?.(r),
            (err: unknown) => {
              log(`import failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
              process.send?.({ type: 'import-failed' });
            },
          );
        }
      },
    );
    const ready: CatalogueServers = { ours: oursUrl, bare: bareUrl, targets, generate, seedMs, publicItems, postgresVersion, logLevel };
    process.send?.(ready);
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

await main();
