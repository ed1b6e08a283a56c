/**
 * How to start one of the server's worker threads. In the compiled server (dist) it is `<name>.js` next to the module
 * whose `import.meta.url` is given.
 * Under vitest or tsx the modules are TypeScript: Node 20 applies no `--import` loader hooks to worker threads, so a
 * one-line bootstrap loads `<name>.ts` through tsx's `tsImport` (the module then runs exactly as in dist).
 * A worker that imports no module of the project at run time (only packages and Node's own) is `selfContained`: its
 * one file is transpiled by the TypeScript compiler instead, once, kept under node_modules/.cache (named by a hash of
 * its source), and started as plain JavaScript — without tsx's loader thread, which costs each new worker a few
 * hundred milliseconds of CPU (the embedded database starts one per opening, many times in a test run).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function workerSpec(name: string, here: string, options: { selfContained?: boolean } = {}): { entry: URL | string; eval: boolean } {
  if (!/\.[cm]?ts$/u.test(new URL(here).pathname)) return { entry: new URL(`./${name}.js`, here), eval: false };
  if (options.selfContained) return { entry: transpiled(name, here), eval: false };
  const target = new URL(`./${name}.ts`, here).href;
  // the ESM build of tsx's API (its CommonJS build cannot load it)
  const tsxApi = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/u, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(target)}, ${JSON.stringify(here)}));`;
  return { entry: code, eval: true };
}

/**
 * `<name>.ts` as JavaScript in node_modules/.cache/cchc-workers (inside the project, so the packages it imports
 * resolve as they do from the source), written once per version of the source.
 */
function transpiled(name: string, here: string): URL {
  const sourcePath = fileURLToPath(new URL(`./${name}.ts`, here));
  const source = readFileSync(sourcePath, 'utf8');
  const require = createRequire(here);
  const typescriptPath = require.resolve('typescript');
  const cacheDir = join(
    typescriptPath.slice(0, typescriptPath.lastIndexOf(`${join('node_modules', 'typescript')}`)),
    'node_modules',
    '.cache',
    'cchc-workers',
  );
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = join(cacheDir, `${name}-${hash}.mjs`);
  if (!existsSync(target)) {
    const ts = require('typescript') as typeof import('typescript');
    const { outputText } = ts.transpileModule(source, {
      fileName: sourcePath,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    mkdirSync(dirname(target), { recursive: true });
    // written beside and renamed into place: two processes starting the worker at once each see a whole file
    const partial = `${target}.${process.pid}.${Date.now()}.partial`;
    writeFileSync(partial, outputText);
    renameSync(partial, target);
  }
  return pathToFileURL(target);
}
