/**
 * Whether the compiled server (dist/) and web client (web/dist/) are older than their sources: `npm start` builds only
 * then. A quick walk of the source folders comparing modification times (a few hundred stat calls), no hashing; tests
 * and test helpers are left out since they are not built.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads, relative to the package root: folders walked, and single files. */
export const BUILD_INPUTS = {
  folders: ['src', 'web/src', 'web/public'],
  files: ['web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'],
};

/** What the build writes; the oldest of them is compared with the newest source. */
export const BUILD_OUTPUTS = ['dist/cli/main.js', 'dist/server/start-server.js', 'web/dist/index.html'];

const mtimeOf = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

const notBuilt = (name) => name.endsWith('.test.ts') || name === 'test-support' || name === 'node_modules' || name.startsWith('.');

/** The newest modification time under a folder (0 when it is absent), and the file that has it. */
function newestIn(folder) {
  let newest = { mtime: 0, path: null };
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const entry of entries) {
    if (notBuilt(entry.name)) continue;
    const path = join(folder, entry.name);
    const found = entry.isDirectory() ? newestIn(path) : { mtime: mtimeOf(path) ?? 0, path };
    if (found.mtime > newest.mtime) newest = found;
  }
  return newest;
}

/**
 * Whether `root` needs a build, and why (in English, for the console): an output missing, or a source newer than the
 * oldest output.
 */
export function buildNeeded(root) {
  const outputs = BUILD_OUTPUTS.map((p) => ({ path: p, mtime: mtimeOf(join(root, p)) }));
  const missing = outputs.find((o) => o.mtime === null);
  if (missing) return { needed: true, reason: `${missing.path} is missing` };
  const oldest = Math.min(...outputs.map((o) => o.mtime));
  let newest = { mtime: 0, path: null };
  for (const folder of BUILD_INPUTS.folders) {
    const found = newestIn(join(root, folder));
    if (found.mtime > newest.mtime) newest = found;
  }
  for (const file of BUILD_INPUTS.files) {
    const mtime = mtimeOf(join(root, file)) ?? 0;
    if (mtime > newest.mtime) newest = { mtime, path: join(root, file) };
  }
  if (newest.mtime > oldest) return { needed: true, reason: `${newest.path} changed since the last build` };
  return { needed: false, reason: 'the build is up to date' };
}
