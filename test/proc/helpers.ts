/**
 * Shared set-up of the whole-process tier: running `gongkai` (bin/gongkai.js) as a child process
 * on throw-away data folders, and finding the embedded PostgreSQL servers it leaves behind.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root: the working directory of every `gongkai` run. */
export const root = path.resolve(import.meta.dirname, '..', '..');
/** The `gongkai` command line, run with this very node. */
export const bin = path.join(root, 'bin', 'gongkai.js');

/** The environment of `gongkai` on DATA_DIR: an embedded database, any free port, quiet logs, plus `extra`. */
export function envFor(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', GONGKAI_DEMO: '', ...extra };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** The outcome of one `gongkai` run. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** PIDs of processes whose command line names this data folder's cluster; with `postgresOnly`, only those whose command line also mentions postgres. */
export function postgresOf(dataDir: string, postgresOnly = false): number[] {
  const pids: number[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if ((!postgresOnly || cmd.some((a) => a.includes('postgres'))) && cmd.includes(path.join(dataDir, 'pg'))) pids.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 100 ms for up to `ms` milliseconds; whether it came true. */
export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(100);
  }
  return cond();
}

/** How `cleanup` of createProcEnv treats the PostgreSQL servers left in the file's folders. */
export interface ProcEnvOptions {
  /** Count only processes whose command line mentions postgres (see postgresOf). */
  postgresOnly?: boolean;
  /** Stop leftover servers with SIGINT and up to 10 s of waiting before SIGKILL, rather than SIGKILL at once. */
  gracefulStop?: boolean;
}

/** The data folders and child processes of one test file, with the helpers that start them and the cleanup that ends them. */
export function createProcEnv(options: ProcEnvOptions = {}) {
  const { postgresOnly = false, gracefulStop = false } = options;
  const dirs: string[] = [];
  const children = new Set<ChildProcess>();
  const pgOf = (dataDir: string) => postgresOf(dataDir, postgresOnly);

  /** A new empty data folder, removed by cleanup. */
  function freshDir(): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-proc-'));
    dirs.push(d);
    return d;
  }

  /** Spawns `gongkai ARGS` on DATA_DIR; cleanup kills it if it is still running. */
  function spawnGongkai(args: string[], dataDir: string, stdio: StdioOptions, extra: Record<string, string> = {}): ChildProcess {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: envFor(dataDir, extra), stdio });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  }

  /** Runs `gongkai ARGS` to completion. */
  function gk(args: string[], dataDir: string, timeoutMs = 60_000): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawnGongkai(args, dataDir, ['ignore', 'pipe', 'pipe']);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`gongkai ${args.join(' ')} timed out\n${stderr}`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  /** Starts `gongkai demo` on DATA_DIR, waits until it serves, stops it with SIGTERM (asserting exit 0); its stderr. */
  async function loadDemo(dataDir: string): Promise<string> {
    const child = spawnGongkai(['demo'], dataDir, ['ignore', 'ignore', 'pipe']);
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      // The demo loads 1,180 documents, a year of requests, 300 powers and guides: on a busy 2-core machine that takes a while.
      const timer = setTimeout(() => reject(new Error(`gongkai demo did not start in time:\n${stderr}`)), 180_000);
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('running at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`gongkai demo exited during start-up (${code}):\n${stderr}`));
      });
    });
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, stderr);
    return stderr;
  }

  /** Kills the children still running and the PostgreSQL servers left in the folders, then removes the folders. */
  async function cleanup(): Promise<void> {
    for (const c of children) c.kill('SIGKILL');
    if (gracefulStop) {
      // A postmaster orphaned by a killed server: stop the ones this file started (they name our folders).
      for (const d of dirs) for (const pid of pgOf(d)) process.kill(pid, 'SIGINT');
      for (const d of dirs) {
        if (!(await waitFor(() => pgOf(d).length === 0, 10_000))) for (const pid of pgOf(d)) process.kill(pid, 'SIGKILL');
      }
    } else {
      for (const d of dirs) for (const pid of pgOf(d)) process.kill(pid, 'SIGKILL');
    }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }

  return { freshDir, spawnGongkai, gk, loadDemo, postgresOf: pgOf, cleanup };
}
