/**
 * Start-up time of `gongkai demo` (what `npm run demo` runs) on an existing data folder: from
 * spawning `node bin/gongkai.js demo` to its "running at" line. The first run creates the folder
 * (initdb, migrations, the demo city) and is reported apart; then each warm start is measured and
 * the server stopped with SIGTERM before the next.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One start of the server. */
export interface StartSample {
  /** Spawn to the "running at" line, ms. */
  wallMs: number;
  /** The server's own "ready in N ms" (after Node and tsx have loaded), ms. */
  readyMs: number | undefined;
  /** SIGTERM to exit, ms. */
  stopMs: number;
}

/** The start-up benchmark's result. */
export interface StartupResult {
  cold: StartSample;
  warm: StartSample[];
  minMs: number;
  medianMs: number;
}

const root = path.resolve(import.meta.dirname, '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Starts `gongkai demo` on `dataDir`, waits for "running at", then stops it with SIGTERM. */
async function startOnce(dataDir: string, timeoutMs = 180_000): Promise<StartSample> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.GONGKAI_DEMO;
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'gongkai.js'), 'demo'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  try {
    const { wallMs, readyMs } = await new Promise<{ wallMs: number; readyMs: number | undefined }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "running at" line within ${timeoutMs} ms:\n${stderr.slice(-2000)}`)), timeoutMs);
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (/running at/.test(stderr)) {
          clearTimeout(timer);
          const ready = /ready in (\d+) ms/.exec(stderr);
          resolve({ wallMs: performance.now() - t0, readyMs: ready ? Number(ready[1]) : undefined });
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`gongkai demo exited (${code}) before it was ready:\n${stderr.slice(-2000)}`));
      });
    });
    const s0 = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`gongkai demo exited with ${code} after SIGTERM:\n${stderr.slice(-2000)}`);
    return { wallMs, readyMs, stopMs: performance.now() - s0 };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/** Runs the start-up benchmark in a temporary data folder, removed afterwards. */
export async function runStartupBench(opts: { warmRuns: number }, log: (line: string) => void): Promise<StartupResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-start-'));
  // The embedded server runs as an unprivileged account when we are root: it must reach the folder.
  fs.chmodSync(dataDir, 0o755);
  try {
    log('startup: first run (creates the data folder, the cluster and the demo city)…');
    const cold = await startOnce(dataDir);
    log(`startup: first run ${cold.wallMs.toFixed(0)} ms (server's own ready time ${cold.readyMs ?? '?'} ms)`);
    const warm: StartSample[] = [];
    for (let i = 1; i <= opts.warmRuns; i++) {
      const s = await startOnce(dataDir);
      log(`startup: warm start ${i}: ${s.wallMs.toFixed(0)} ms to "running at" (server's own ready time ${s.readyMs ?? '?'} ms; stopped in ${s.stopMs.toFixed(0)} ms)`);
      warm.push(s);
    }
    const walls = warm.map((s) => s.wallMs);
    return { cold, warm, minMs: Math.min(...walls), medianMs: median(walls) };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
