import fs from 'node:fs';
import path from 'node:path';

/** Thrown when another live process holds the data folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个 Gongkai 进程（PID ${pid}）使用。请先停止该进程，或用 DATA_DIR 指定其他目录。\n` +
        `The data folder ${dataDir} is in use by another Gongkai process (PID ${pid}). Stop it first, or set DATA_DIR to another folder.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the process is a Node.js process (guards against a recycled PID). */
function isNodeProcess(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node/.test(cmd);
  } catch {
    return isAlive(pid);
  }
}

/** An exclusive lock on a data folder, held for the life of the process. */
export interface DirLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the data folder's lock file atomically (O_EXCL). A lock left by a process that has died
 * (SIGKILL, power loss) is taken over; a lock of a live process is refused.
 */
export function acquireDirLock(dataDir: string): DirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'gongkai.lock');
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder) && isNodeProcess(holder)) {
        throw new DataDirInUseError(dataDir, holder);
      }
      // Stale lock: move it aside atomically so two racing starters cannot both take it.
      const stale = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, stale);
        fs.unlinkSync(stale);
      } catch {
        /* another starter won the race; retry */
      }
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
