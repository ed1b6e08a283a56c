import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the domain core is pure', () => {
  it('imports only other core modules and zod: no fs, network, database or process', () => {
    const offenders: string[] = [];
    for (const file of sources(coreDir)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gmu)) {
        const spec = match[1]!;
        if (spec === 'zod') continue;
        const inside = spec.startsWith('.') && resolve(dirname(file), spec).startsWith(coreDir);
        if (!inside) offenders.push(`${relative(coreDir, file)} → ${spec}`);
      }
      if (/\bprocess\.|\bDate\.now\(|\bMath\.random\(/u.test(text))
        offenders.push(`${relative(coreDir, file)} uses process, the clock or randomness`);
    }
    expect(offenders).toEqual([]);
  });
});
