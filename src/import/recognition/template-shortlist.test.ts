/**
 * The quick look that shortlists template versions before the full row matcher (recognise-template.ts) is only a
 * speed-up: over every fixture we have, in every format the importer reads itself, it never drops the version the
 * full ranking (the matcher run on every version) picks, nor changes its score.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportXlsx } from '../../documents/xlsx/report-xlsx.js';
import { exampleAgencyDocument } from '../../test-support/xlsx-examples.js';
import type { Template } from '../../core/catalogue/template.js';
import { templateLibrary } from '../../templates/template-loader.js';
import { extractAppendix } from '../appendix/appendix-tables.js';
import { recognitionParagraphs } from '../import-report.js';
import { readReport } from '../read-report.js';
import { recogniseMetadata } from './recognise-metadata.js';
import { rankTemplates } from './recognise-template.js';

const fixturesDir = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures');
/** Formats read without LibreOffice (.doc and .xls become the DOCX and XLSX read here). */
const READ_DIRECTLY = /\.(?:txt|docx|xlsx|pdf)$/u;

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtureFiles(path);
    return READ_DIRECTLY.test(name) && name !== 'scanned.pdf' ? [path] : [];
  });
}

/**
 * Another version of each template, as another province's might be: every second row worded otherwise. With four
 * versions in the library the family alone leaves one or two; the decoys give the quick look versions to leave out.
 */
function decoy(template: Template): Template {
  return {
    ...template,
    id: `${template.id}-decoy`,
    rows: template.rows.map((r, i) => (i % 2 === 1 ? { ...r, label: `${r.label} theo hướng dẫn riêng của địa phương` } : r)),
  };
}

describe('the template shortlist', () => {
  const library = templateLibrary().templates;
  const templates = [...library, ...library.map(decoy)];
  const files = fixtureFiles(fixturesDir);

  it('covers fixtures of every format', () => {
    for (const ext of ['.txt', '.docx', '.pdf']) expect(files.filter((f) => f.endsWith(ext)).length).toBeGreaterThanOrEqual(3);
  });

  async function compare(bytes: Uint8Array, name: string): Promise<boolean> {
    const doc = await readReport(bytes, name);
    const tables = extractAppendix(doc);
    if (tables.every((t) => t.rows.length === 0)) return false;
    const metadata = recogniseMetadata(recognitionParagraphs(doc));
    const hints = { period: metadata.period, province: metadata.agency.province };
    const quick = rankTemplates(templates, tables, hints);
    const full = rankTemplates(templates, tables, { ...hints, exhaustive: true });
    expect(quick[0]!.template.id.endsWith('-decoy')).toBe(false);
    expect({ name, template: quick[0]!.template.id, score: quick[0]!.score }).toEqual({
      name,
      template: full[0]!.template.id,
      score: full[0]!.score,
    });
    return quick.length < full.length;
  }

  it('never drops the version the full ranking picks (text, DOCX and PDF fixtures)', { timeout: 120_000 }, async () => {
    let shortened = 0;
    for (const path of files) {
      if (await compare(new Uint8Array(readFileSync(path)), relative(fixturesDir, path))) shortened += 1;
    }
    // the shortlist does leave versions out (else this test would prove nothing)
    expect(shortened).toBeGreaterThan(files.length / 2);
  });

  it('never drops the version the full ranking picks (workbooks of every template)', { timeout: 60_000 }, async () => {
    for (const template of library) {
      for (const index of [3, 9]) {
        const bytes = await renderReportXlsx(exampleAgencyDocument(template.id, index));
        await compare(bytes, `${template.id}-${index}.xlsx`);
      }
    }
  });
});
