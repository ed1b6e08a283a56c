import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, webPageScriptHashes } from './inline-scripts.js';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe("the Content-Security-Policy hashes of the page's inline scripts", () => {
  it('hashes each inline script exactly as written, and skips scripts loaded from a file', () => {
    const first = '(function(){window.cchcStart={}})();';
    const second = '\n  console.log("hai");\n';
    const html = `<head><script>${first}</script><script type="module" src="/assets/index.js"></script><SCRIPT >${second}</SCRIPT></head>`;
    expect(inlineScriptHashes(html)).toEqual([sha(first), sha(second)]);
    expect(inlineScriptHashes('<p>no script</p>')).toEqual([]);
  });

  it('reads the built page, and nothing when the client is not built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-inline-'));
    expect(webPageScriptHashes(dir)).toEqual([]);
    writeFileSync(join(dir, 'index.html'), '<script>a()</script>');
    expect(webPageScriptHashes(dir)).toEqual([sha('a()')]);
  });
});
