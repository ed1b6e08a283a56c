/**
 * The appendix values of an agency's DOCX: a percentage computed from a done-of-total prints rounded to two decimals
 * (never "99,3333333333333", never "100,00" below 100), a not-reported cell prints "/" (never an empty cell nor 0).
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../core/report.js';
import { exampleAgencyDocument } from '../../test-support/docx-examples.js';
import { renderDocx } from './official-docx.js';

/** The rows of the appendix table: the texts of each row's cells. */
async function tableRows(bytes: Uint8Array): Promise<string[][]> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:tr>/u)
    .map((tr) => tr.split(/<\/w:tc>/u).map((tc) => [...tc.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('')));
}

describe('agency DOCX appendix values', () => {
  it('prints a done-of-total percentage rounded, and not reported as "/"', async () => {
    const doc = exampleAgencyDocument('ninh-thuan-7s-2022');
    const values = new Map<string, CellValue & { raw?: string }>(doc.values);
    values.set('3.4.3', { value: (149 / 150) * 100, status: 'reported', note: '149/150', decimals: null, raw: '149/150' } as CellValue);
    values.set('3.4.2', { value: (59999 / 60000) * 100, status: 'reported', note: '59999/60000', decimals: null, raw: '59999/60000' } as CellValue);
    values.set('7.6.2', { value: null, status: 'not-reported', note: null, decimals: null });
    values.delete('7.7.1');
    values.delete('7.7');
    const rows = await tableRows(await renderDocx({ ...doc, values }));
    const row = (code: string) => rows.find((r) => r[0] === code || r[0] === `${code}.`);
    expect(row('3.4.3')![3]).toBe('99,33');
    expect(row('3.4.2')![3]).toBe('99,998'); // two decimals would read 100,00
    expect(row('7.6.2')![3]).toBe('/');
    expect(row('7.7.1')![3]).toBe('/');
    expect(row('7.7')![3]).toBe(''); // a heading row nobody fills
    expect(rows.flat().join(' ')).not.toMatch(/\d,\d{5,}/u);
  });
});
