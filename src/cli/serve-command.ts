/** `cchc serve [--demo]`: the web server. Stops cleanly on SIGINT/SIGTERM (the data directory's lock is released). */
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { SettingsError } from '../server/settings.js';
import { startServer } from '../server/start-server.js';
import type { CliIo } from './io.js';

export async function runServe(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const unexpected = args.filter((a) => a !== '--demo');
  if (unexpected.length > 0) {
    io.err(`cchc serve: tùy chọn không hợp lệ ${unexpected.join(' ')} (unknown option). Cách dùng: cchc serve [--demo]`);
    return 2;
  }
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    io.err(`cchc serve: PORT không hợp lệ "${env['PORT']}" (invalid PORT)`);
    return 2;
  }
  try {
    const server = await startServer({ demo: args.includes('--demo'), port, host: env['HOST'] ?? '127.0.0.1', env, log: io.out });
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.out('Đang dừng CCHC…');
        void server.stop().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof SettingsError) io.err(`cchc serve: ${error.message}`);
    else io.err(`cchc serve: không khởi động được (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
}
