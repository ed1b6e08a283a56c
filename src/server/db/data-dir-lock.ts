/**
 * An exclusive lock on the embedded database's data directory. Measured here: two processes on one PGlite directory
 * silently lose writes, so a second start must be refused with a clear message. The lock is a file created with
 * O_EXCL holding the owner's pid and, where /proc tells them, the process's start time and the boot id. A lock left
 * by a process that no longer runs (killed) is taken over — also when its pid now belongs to another process, this
 * one included (a container restarts its server as pid 1 every time): the start time then differs.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${ownerPid}. Stop it first, or use another CCHC_DATA_DIR. ` +
        `(Thư mục dữ liệu ${dataDir} đang được tiến trình ${ownerPid} sử dụng: hãy dừng tiến trình đó hoặc chọn CCHC_DATA_DIR khác.)`,
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's start time (clock ticks after boot) and the boot id, from /proc; null where there is no /proc. */
function identity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTime ? `${startTime}@${bootId}` : null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock (pid, and identity when recorded) still runs. */
function ownerRuns(pid: number, recorded: string | undefined): boolean {
  if (!alive(pid)) return false;
  if (!recorded) return pid !== process.pid; // an old-style lock: only a pid to go by
  const now = identity(pid);
  return now === null || now === recorded;
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'cchc.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, [process.pid, identity(process.pid) ?? ''].join('\n'));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pid, recorded] = readFileSync(file, 'utf8').trim().split('\n');
      const owner = Number(pid);
      if (ownerRuns(owner, recorded?.trim() || undefined)) throw new DataDirLockedError(dataDir, owner);
      rmSync(file, { force: true }); // left by a process that died: take it over
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
