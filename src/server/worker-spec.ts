/**
 * How to start one of the server's worker threads. In the compiled server (dist) it is `<name>.js` next to the module
 * whose `import.meta.url` is given.
 * Under vitest or tsx the modules are TypeScript: Node 20 applies no `--import` loader hooks to worker threads, so a
 * one-line bootstrap loads `<name>.ts` through tsx's `tsImport` (the module then runs exactly as in dist).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export function workerSpec(name: string, here: string): { entry: URL | string; eval: boolean } {
  if (!/\.[cm]?ts$/u.test(new URL(here).pathname)) return { entry: new URL(`./${name}.js`, here), eval: false };
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
