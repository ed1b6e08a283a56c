/**
 * `npm start`: the demo server, built first only when the sources changed since the last build (build-state.mjs);
 * `npm install` builds once. CCHC_FORCE_BUILD=1 builds anyway.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNeeded } from './build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = process.env['CCHC_FORCE_BUILD'] === '1' ? { needed: true, reason: 'CCHC_FORCE_BUILD=1' } : buildNeeded(root);
if (state.needed) {
  console.log(`CCHC: đang biên dịch máy chủ và giao diện (mã nguồn đã thay đổi; lần đầu mất khoảng một phút)… [${state.reason}]`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else {
  console.log('CCHC: bản biên dịch đã mới nhất, khởi động ngay.');
}
const server = spawn(process.execPath, [join(root, 'bin', 'cchc.js'), 'serve', '--demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
