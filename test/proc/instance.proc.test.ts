/**
 * Whole-process tests of one Gongkai instance: `gongkai start` on a fresh data folder, the lock
 * that refuses a second instance, clean shutdown on SIGTERM, and no lost acknowledged write when
 * the server is killed with SIGKILL.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.js';
import { createProcEnv, sleep, waitFor } from './helpers.js';

const { freshDir, spawnGongkai, gk, postgresOf, cleanup } = createProcEnv({ postgresOnly: true, gracefulStop: true });

/** A running `gongkai start` or `gongkai demo`. */
interface Server {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServer(command: 'start' | 'demo', dataDir: string, extra: Record<string, string> = {}): Promise<Server> {
  const child = spawnGongkai([command], dataDir, ['ignore', 'ignore', 'pipe'], extra);
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai ${command} did not start in time:\n${stderr}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /running at (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('//localhost:', '//127.0.0.1:'), stderr: () => stderr, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gongkai ${command} exited during start-up (${code ?? signal}):\n${stderr}`));
    });
  });
}

after(cleanup);

describe('gongkai start: one instance per data folder, clean stop', () => {
  const dataDir = freshDir();
  let server: Server | undefined;

  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });

  it('serves /readyz on a fresh data folder', async () => {
    server = await startServer('start', dataDir);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.doesNotMatch(server.url, /:0$/, 'PORT=0 prints the real port');
    const r = await fetch(`${server.url}/readyz`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: 'ready', database: 'ok', migrations: 'current' });
    assert.ok(fs.existsSync(path.join(dataDir, 'gongkai.lock')));
    assert.equal(postgresOf(dataDir).length > 0, true, 'the embedded PostgreSQL runs under the data folder');
  });

  it('refuses a second instance on the same data folder, naming it', async () => {
    assert.ok(server);
    const t0 = Date.now();
    const second = await gk(['start'], dataDir, 20_000);
    assert.notEqual(second.code, 0);
    assert.equal(second.code, 1);
    assert.ok(Date.now() - t0 < 15_000, 'refuses quickly');
    assert.match(second.stderr, /正被另一个 Gongkai 进程/);
    assert.match(second.stderr, /in use/);
    assert.ok(second.stderr.includes(dataDir), second.stderr);
    assert.ok(second.stderr.includes(`PID ${server.child.pid}`), second.stderr);
    // The first instance is undisturbed.
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  });

  it('backs up while the server keeps running, and the archive restores', async () => {
    assert.ok(server);
    const file = path.join(freshDir(), 'live.gz');
    const backup = await gk(['backup', file], dataDir, 60_000);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Backup written to/);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200, 'the server kept serving');
    const restored = await gk(['restore', file], freshDir(), 60_000);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /Audit chain intact/);
  });

  it('stops the server and its PostgreSQL cleanly on SIGTERM', async () => {
    assert.ok(server);
    const t0 = Date.now();
    server.child.kill('SIGTERM');
    const { code, signal } = await Promise.race([server.exited, sleep(20_000).then(() => ({ code: null, signal: 'timeout' as NodeJS.Signals }))]);
    assert.equal(signal, null, server.stderr());
    assert.equal(code, 0, server.stderr());
    assert.ok(Date.now() - t0 < 20_000);
    assert.ok(await waitFor(() => postgresOf(dataDir).length === 0, 5_000), `postgres still running: ${postgresOf(dataDir).join(', ')}`);
    // A clean PostgreSQL shutdown removes its pid file; the instance lock is released too.
    assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false);
    assert.equal(fs.existsSync(path.join(dataDir, 'gongkai.lock')), false);
  });
});

describe('durability: SIGKILL loses no acknowledged write', () => {
  const dataDir = freshDir();
  const PASSWORD = 'Durable#Test-2026';
  const acknowledged: string[] = [];
  let server: Server | undefined;
  let restarted: Server | undefined;

  after(async () => {
    for (const s of [server, restarted]) {
      if (s && s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
  });

  /** A browser session on the portal: the CSRF cookie and the form token. */
  async function browser(url: string): Promise<{ cookie: string; csrf: string }> {
    const r = await fetch(`${url}/account/register`);
    assert.equal(r.status, 200);
    const cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await r.text())?.[1];
    assert.ok(cookie && csrf, 'register page sets a cookie and a _csrf field');
    return { cookie, csrf };
  }

  async function register(url: string, b: { cookie: string; csrf: string }, username: string): Promise<number> {
    const body = new URLSearchParams({ _csrf: b.csrf, username, displayName: `耐久 ${username}`, email: `${username}@example.org`, password: PASSWORD, confirm: PASSWORD });
    const r = await fetch(`${url}/account/register`, { method: 'POST', body, headers: { cookie: b.cookie }, redirect: 'manual' });
    await r.arrayBuffer();
    return r.status;
  }

  it('acknowledges 40 registrations, then is killed mid-way through a burst', async () => {
    server = await startServer('demo', dataDir, { RATE_LIMIT_FORMS: '10000' });
    const url = server.url;
    const b = await browser(url);
    for (let i = 0; i < 40; i++) {
      const name = `durable${String(i).padStart(3, '0')}`;
      assert.equal(await register(url, b, name), 303, `registration of ${name}`);
      acknowledged.push(name);
    }
    // A burst from 4 concurrent clients; SIGKILL once 12 more writes have been acknowledged.
    let next = 100;
    let killed = false;
    const refused: string[] = [];
    const worker = async () => {
      while (!killed) {
        const name = `durable${next++}`;
        let status: number;
        try {
          status = await register(url, b, name);
        } catch {
          return; // connection lost: the write was not acknowledged
        }
        if (status !== 303) {
          refused.push(`${name}: ${status}`);
          return;
        }
        acknowledged.push(name);
        if (!killed && acknowledged.length >= 52) {
          killed = true;
          server!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    assert.deepEqual(refused, [], 'every registration before the kill is accepted');
    const { signal } = await server.exited;
    assert.equal(signal, 'SIGKILL');
    assert.ok(acknowledged.length >= 52);
    // The embedded PostgreSQL was orphaned, still holding the cluster.
    assert.ok(postgresOf(dataDir).length > 0, 'the orphaned postmaster is still running');
    assert.ok(fs.existsSync(path.join(dataDir, 'gongkai.lock')), 'the dead process left its lock behind');
  });

  it('recovers on the next start, with every acknowledged write present and the audit chain intact', async () => {
    restarted = await startServer('start', dataDir);
    assert.equal((await fetch(`${restarted.url}/readyz`)).status, 200);
    restarted.child.kill('SIGTERM');
    assert.equal((await restarted.exited).code, 0, restarted.stderr());
    assert.equal(postgresOf(dataDir).length, 0, 'no postgres left after the restarted server stopped');

    const database = await openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1 });
    try {
      const rows = await database.db.selectFrom('users').select('username').where('kind', '=', 'public').execute();
      const present = new Set(rows.map((r) => r.username));
      const lost = acknowledged.filter((u) => !present.has(u));
      assert.deepEqual(lost, [], `acknowledged but lost: ${lost.join(', ')}`);
      const audited = await database.db.selectFrom('auditEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'user.registered').executeTakeFirstOrThrow();
      assert.equal(Number(audited.n), present.size, 'each registration is audited in its own transaction');
    } finally {
      await database.close();
    }

    const verify = await gk(['audit', 'verify'], dataDir);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /留痕链完整/);
  });
});
