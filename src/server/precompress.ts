/**
 * Precompresses the web client's hashed assets (web/dist/assets) at build time: a `.br` and a `.gz` beside each
 * compressible file, which @fastify/static sends to browsers that accept them (`preCompressed`). Run by
 * `npm run build` (node dist/server/precompress.js web/dist); files that would not shrink are left alone.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argv } from 'node:process';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|map|txt|wasm)$/u;

/** Writes `.br` and `.gz` beside every compressible file under `dir`/assets; the files written. */
export function precompress(dir: string): string[] {
  const assets = join(dir, 'assets');
  const written: string[] = [];
  for (const name of readdirSync(assets)) {
    const path = join(assets, name);
    if (!COMPRESSIBLE.test(name) || !statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.length < bytes.length) {
      writeFileSync(`${path}.br`, br);
      written.push(`${path}.br`);
    }
    if (gz.length < bytes.length) {
      writeFileSync(`${path}.gz`, gz);
      written.push(`${path}.gz`);
    }
  }
  return written;
}

if (argv[1] && import.meta.url === pathToFileURL(argv[1]).href) {
  const written = precompress(argv[2] ?? 'web/dist');
  process.stdout.write(`precompressed ${written.length} files\n`);
}
