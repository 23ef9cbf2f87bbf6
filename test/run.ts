/**
 * The test runner behind `npm test`: finds the tiers, starts a real PostgreSQL for the database
 * tiers (embedded unless TEST_DATABASE_URL points at a server), migrates a template database once,
 * then runs node's test runner and ends with a line "N passed, N failed".
 *
 *   npm test               unit + database + browser tiers (embedded PostgreSQL)
 *   npm run test:unit      pure tests only
 *   npm run test:db        database tiers only (with TEST_DATABASE_URL: against that server)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createKysely, migrateToLatest, openDatabase, type OpenDatabase } from '../src/platform/db/database.js';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const args = new Set(argv.filter((a) => a.startsWith('--')));
/** Optional substrings: only test files whose path contains one of them run. */
const filters = argv.filter((a) => !a.startsWith('--'));
const only = args.has('--unit') ? 'unit' : args.has('--db') ? 'db' : args.has('--e2e') ? 'e2e' : args.has('--proc') ? 'proc' : 'all';
const TEMPLATE = 'gongkai_test_template';

function findTests(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') findTests(p, out);
    else if (/\.test\.tsx?$/.test(e.name)) out.push(path.relative(root, p));
  }
  return out;
}

const all = [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))].sort().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
/** Tiers by file name: *.test.ts unit, *.db.test.ts service/http on a database, *.proc.test.ts whole processes, *.e2e.test.ts browser. */
const tiers = {
  unit: all.filter((f) => !/\.(db|e2e|proc)\.test\.tsx?$/.test(f)),
  db: all.filter((f) => /\.db\.test\.tsx?$/.test(f)),
  proc: all.filter((f) => /\.proc\.test\.tsx?$/.test(f)),
  e2e: all.filter((f) => /\.e2e\.test\.tsx?$/.test(f)),
};

function chromiumPath(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (p && fs.existsSync(p)) return p;
  }
  return undefined;
}

async function prepareDatabase(): Promise<{ adminUrl: string; server?: OpenDatabase }> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let server: OpenDatabase | undefined;
  if (!adminUrl) {
    server = await openDatabase({ databaseUrl: undefined, dataDir: process.env.TEST_DATA_DIR ?? path.join(root, 'data', 'test'), log: (l) => console.error(l), poolSize: 2 });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Drop leftovers of earlier runs (test databases are named t_*).
  const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname = $1`, [TEMPLATE]);
  for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(r.datname)} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE}`;
  const { db } = createKysely(url.toString(), 1);
  await migrateToLatest(db);
  await db.destroy();
  return { adminUrl, ...(server ? { server } : {}) };
}

function runNodeTests(files: string[], env: NodeJS.ProcessEnv): Promise<{ passed: number; failed: number; code: number }> {
  const tapFile = path.join(root, 'data', `test-report-${process.pid}.tap`);
  fs.mkdirSync(path.dirname(tapFile), { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
      { cwd: root, env, stdio: 'inherit' },
    );
    child.on('close', (code) => {
      const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
      fs.rmSync(tapFile, { force: true });
      const num = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
      resolve({ passed: num('pass'), failed: num('fail') + num('cancelled'), code: code ?? 1 });
    });
  });
}

const files = only === 'all' ? [...tiers.unit, ...tiers.db, ...tiers.proc, ...tiers.e2e] : tiers[only];
const needsDb = files.some((f) => tiers.db.includes(f) || tiers.e2e.includes(f));
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
let server: OpenDatabase | undefined;
const chromium = chromiumPath();
let runFiles = files;
if (!chromium && files.some((f) => tiers.e2e.includes(f))) {
  if (process.env.CI) {
    console.error('Browser tests need Chromium (apt-get install chromium); none found.');
    process.exit(1);
  }
  console.error('Chromium not found: skipping the browser tier (install Debian\'s chromium or set CHROMIUM_PATH).');
  runFiles = files.filter((f) => !tiers.e2e.includes(f));
}
if (chromium) env.CHROMIUM_PATH = chromium;
try {
  if (needsDb) {
    const prepared = await prepareDatabase();
    server = prepared.server;
    env.TEST_PG_ADMIN_URL = prepared.adminUrl;
    env.TEST_PG_TEMPLATE = TEMPLATE;
    console.error(`Database tier on ${prepared.server ? 'the embedded PostgreSQL server' : 'TEST_DATABASE_URL'}.`);
  }
  const r = await runNodeTests(runFiles, env);
  console.log(`\n${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.code === 0 && r.failed === 0 ? 0 : 1;
} finally {
  await server?.close();
}
