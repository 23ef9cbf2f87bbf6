/**
 * The server side of the directory benchmark, run in its own process so that the load generator
 * (autocannon, in the parent) does not share the servers' event loop.
 *
 * Starts the real app (buildApp) on an embedded PostgreSQL in a temporary DATA_DIR with the demo
 * city, fetches the /agencies page once, then starts a bare Fastify instance that answers with
 * exactly those bytes and the same content-type. Reports both URLs to the parent over IPC and
 * stops everything (app, database, temp folder) when the parent says "stop" or disconnects.
 *
 * On "cpu" it answers the CPU time used so far by itself and by PostgreSQL, so that the parent can
 * report CPU per request, a figure that other work on the machine disturbs far less than req/s.
 *
 * Request logging is as in production (LOG_LEVEL, default info), written to this process's
 * stdout, which the parent points at /dev/null. BENCH_LOG=silent turns it off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp, loggerOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { seedDemo } from '../src/demo/seed.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/database.js';
import { answerBenchControl } from './proc-cpu.js';

/** What the server process tells the parent once both servers listen. */
export interface DirectoryServers {
  ours: string;
  bare: string;
  /** The app's /healthz: the same plugin stack and hooks, no database query and no page. */
  stack: string;
  bytes: number;
  contentType: string;
  logLevel: string;
}

export type { CpuTimes } from './proc-cpu.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-dir-'));
  // The embedded server runs as an unprivileged account when we are root: it must reach the folder.
  fs.chmodSync(dataDir, 0o755);
  const logLevel = process.env.BENCH_LOG ?? 'info';
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: logLevel });
  const database = await openDatabase({ databaseUrl: undefined, dataDir, log: (l) => process.stderr.write(`  [server] ${l}\n`) });
  const cleanup = async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database.db);
    const container = createContainer({ db: database.db, config });
    await seedDemo(container);

    const app = await buildApp({ container, secret: SECRET, logger: loggerOptions(config.logLevel) });
    const oursUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${oursUrl}/agencies`);
    if (res.status !== 200) throw new Error(`/agencies answered ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';

    const bare = Fastify({ logger: false });
    bare.get('/agencies', (_req, reply) => {
      void reply.type(contentType).send(body);
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

    answerBenchControl(dataDir, async () => {
      await bare.close();
      await app.close();
      await cleanup();
    });
    const ready: DirectoryServers = { ours: `${oursUrl}/agencies`, bare: `${bareUrl}/agencies`, stack: `${oursUrl}/healthz`, bytes: body.length, contentType, logLevel };
    process.send?.(ready);
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

await main();
