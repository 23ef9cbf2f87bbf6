/**
 * CPU time of the embedded PostgreSQL (the postmaster and its backends) from /proc, for "CPU per
 * request" figures (directory and catalogue servers).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Linux reports process times in clock ticks of 1/100 s. */
const TICK_US = 10_000;

/** user + system time, microseconds, of the postmaster of `<dataDir>/pg` and its children; 0 elsewhere. */
export function postgresCpu(dataDir: string): number {
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    let ticks = 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // Fields after the command name: state, ppid, ..., utime (12th), stime (13th).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === postmaster || Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks * TICK_US;
  } catch {
    return 0;
  }
}

/** CPU time used so far, in microseconds: this process, and the embedded PostgreSQL's processes. */
export interface CpuTimes {
  type: 'cpu';
  node: number;
  postgres: number;
}

/**
 * The control protocol of a benchmark server process: `stop` (or the parent going away) closes it
 * and exits; `cpu` answers with the CPU times; other messages go to `onMessage`.
 */
export function answerBenchControl(dataDir: string, close: () => Promise<void>, onMessage: (m: unknown) => void = () => undefined): void {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
    else if (m === 'cpu') {
      const u = process.cpuUsage();
      const times: CpuTimes = { type: 'cpu', node: u.user + u.system, postgres: postgresCpu(dataDir) };
      process.send?.(times);
    } else onMessage(m);
  });
  process.on('disconnect', () => void stop());
}
