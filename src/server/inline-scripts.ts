/**
 * The Content-Security-Policy sources of a page's inline scripts: `'sha256-…'` of each `<script>` without a `src`
 * (the web client's start-up script, put into index.html by the build). The policy allows these scripts and no other
 * inline script: `script-src 'self'` plus their hashes, never `'unsafe-inline'`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The hash sources of the inline scripts in `html`, in their order. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/giu)) {
    const attributes = match[1] ?? '';
    if (/\bsrc\s*=/iu.test(attributes)) continue;
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(match[2] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return hashes;
}

/** The hash sources of the built web client's page (none when it is not built). */
export function webPageScriptHashes(webRoot: string): string[] {
  const page = join(webRoot, 'index.html');
  return existsSync(page) ? inlineScriptHashes(readFileSync(page, 'utf8')) : [];
}
