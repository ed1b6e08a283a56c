/**
 * Hostile and broken input never crashes the importer: truncated reports, shuffled lines, random bytes, mutated
 * cells, a 50 MB file, a 5,000-row table. Each ends in a report (with unsure rows flagged) or an ImportError with a
 * Vietnamese message — never another exception, and never more than 5 s (a guard against pathological input,
 * not a speed target: speeds are in `npm run bench:import`).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ImportError, importDocument, type ImportedReport } from '../../src/import/import-report.js';
import { readReport } from '../../src/import/read-report.js';
import { templateLibrary } from '../../src/templates/template-loader.js';
import { readSample, samplesPresent } from '../samples/shared-samples.js';

const templates = templateLibrary().templates;
const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
const corpus = [
  ...readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(fixturesDir, f), 'utf8')),
  ...(samplesPresent ? ['khanh-hoa_bql-kdl-cam-ranh_2021-h1.txt', 'quang-tri_so-khcn_2023-q3.txt'].map(readSample) : []),
];

type Outcome = { ok: true; report: ImportedReport } | { ok: false; error: ImportError };

async function importBytes(bytes: Uint8Array, name = 'input.txt'): Promise<Outcome> {
  try {
    return { ok: true, report: importDocument(await readReport(bytes, name), templates) };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, error };
    throw error;
  }
}

const encode = (text: string) => new TextEncoder().encode(text);

/** The most one import may take, whatever the input: a guard against pathological input, not a speed target. */
const PER_INPUT_MS = 5000;

/**
 * Imports one generated input and fails the property when that input alone took 5 s or more (reading included),
 * so a single pathological input is caught even when the whole run stays within the test's timeout.
 */
async function importTimed(bytes: Uint8Array, name?: string): Promise<Outcome> {
  const start = performance.now();
  const outcome = await importBytes(bytes, name);
  const elapsed = performance.now() - start;
  expect(elapsed, `one import of ${bytes.length} bytes took ${Math.round(elapsed)} ms`).toBeLessThan(PER_INPUT_MS);
  return outcome;
}

function expectSane(outcome: Outcome) {
  if (!outcome.ok) {
    expect(outcome.error.messageVi.length).toBeGreaterThan(5);
    expect(outcome.error.message.length).toBeGreaterThan(5);
    return;
  }
  for (const row of outcome.report.rows) {
    if (row.status !== 'reported') expect(row.value).toBeNull();
    else expect(Number.isFinite(row.value)).toBe(true);
    expect(row.confidence).toBeGreaterThanOrEqual(0);
    expect(row.confidence).toBeLessThanOrEqual(1);
    if (row.rowId === null) expect(row.unsure).toBe(true);
  }
}

describe('broken input never crashes the importer', () => {
  it('truncated reports end in a report or a clear error, each within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: corpus.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (i, cut) => {
        const text = corpus[i]!;
        expectSane(await importTimed(encode(text.slice(0, Math.floor(text.length * cut)))));
      }),
      { numRuns: 60 },
    );
  });

  it('shuffled lines end in a report or a clear error, each within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: corpus.length - 1 }), fc.integer(), async (i, seed) => {
        const lines = corpus[i]!.split('\n');
        let state = seed;
        for (let k = lines.length - 1; k > 0; k--) {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          const j = state % (k + 1);
          [lines[k], lines[j]] = [lines[j]!, lines[k]!];
        }
        expectSane(await importTimed(encode(lines.join('\n'))));
      }),
      { numRuns: 25 },
    );
  });

  it('mutated value cells are read or flagged, never crash, each within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: corpus.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 30 })), { maxLength: 40 }),
        async (i, edits) => {
          const lines = corpus[i]!.split('\n');
          const tableLines = lines.map((l, n) => (l.split('\t').length >= 4 ? n : -1)).filter((n) => n >= 0);
          for (const [pick, text] of edits) {
            const n = tableLines[pick % tableLines.length]!;
            const cells = lines[n]!.split('\t');
            cells[3] = text.replace(/[\t\n\r]/gu, ' ');
            lines[n] = cells.join('\t');
          }
          expectSane(await importTimed(encode(lines.join('\n'))));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('random bytes are refused with a clear error, each within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 4000 }), async (bytes) => {
        const outcome = await importTimed(bytes, 'random.bin');
        expectSane(outcome);
      }),
      { numRuns: 100 },
    );
  });

  it('a 5,000-row table imports with the extra rows kept and flagged, within 5 s', async () => {
    const base = corpus[0]!;
    const extra = Array.from(
      { length: 5000 },
      (_, k) => `${(k % 9) + 1}.${k}.\tChỉ tiêu bổ sung số ${k} của đơn vị\tCơ quan, đơn vị\t${k % 7 === 0 ? '/' : k}\t`,
    ).join('\n');
    const start = performance.now();
    const outcome = await importBytes(encode(`${base}\n${extra}\n`));
    const elapsed = performance.now() - start;
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const unmapped = outcome.report.rows.filter((r) => r.rowId === null);
    expect(unmapped.length).toBeGreaterThanOrEqual(4900);
    expect(unmapped.every((r) => r.flags.includes('unmapped-row') && r.unsure)).toBe(true);
    expect(outcome.report.rows.filter((r) => r.rowId !== null).length).toBeGreaterThan(100);
    expect(elapsed).toBeLessThan(5000);
  });

  it('a 50 MB file ends within 5 s in a clear error or a flagged partial result', async () => {
    const unit = corpus[0]!;
    const copies = Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(unit));
    const bytes = encode(unit.repeat(copies));
    expect(bytes.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const start = performance.now();
    const outcome = await importBytes(bytes, 'big.txt');
    const elapsed = performance.now() - start;
    expectSane(outcome);
    if (!outcome.ok) expect(outcome.error.code).toBe('too-large');
    expect(elapsed).toBeLessThan(5000);
  }, 30_000);

  it('an empty or blank file is refused as empty', async () => {
    for (const text of ['', '   \n\n\t  \n']) {
      const outcome = await importBytes(encode(text));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('empty');
    }
  });
});

describe('one enormous line', () => {
  it('a 50 MB file without line breaks ends within 5 s', async () => {
    const bytes = encode('Báo cáo CCHC '.repeat(4_200_000));
    const start = performance.now();
    expectSane(await importBytes(bytes, 'one-line.txt'));
    expect(performance.now() - start).toBeLessThan(5000);
  }, 30_000);
});
