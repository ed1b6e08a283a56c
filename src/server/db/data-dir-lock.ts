/**
 * An exclusive lock on the embedded database's data directory. Measured here: two processes on one PGlite directory
 * silently lose writes, so a second start must be refused with a clear message. The lock is a file created with
 * O_EXCL holding the owner's pid; a lock left by a process that no longer runs (killed) is taken over.
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

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'cchc.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
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
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (alive(owner)) throw new DataDirLockedError(dataDir, owner);
      rmSync(file, { force: true }); // left by a process that died: take it over
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
