/** Big documents render in a worker thread, giving exactly what rendering in-process gives; failures are errors, not crashes. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exampleProvinceDocument } from '../../test-support/xlsx-examples.js';
import { renderDocument, renderStats, WORKER_THRESHOLD_AGENCIES } from './render-document.js';

async function sheetValues(bytes: Uint8Array): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const rows: unknown[][] = [];
  for (const sheet of workbook.worksheets)
    sheet.eachRow((row) => rows.push([sheet.name, ...(row.values as unknown[]).slice(1).map((v) => JSON.stringify(v ?? null))]));
  return rows;
}

describe('renderDocument', () => {
  it('renders a province table in a worker thread with the same content as in-process', async () => {
    const doc = exampleProvinceDocument('quang-tri-forms-2022', 12);
    const before = { ...renderStats };
    const inWorker = await renderDocument({ format: 'xlsx', doc }, { forceWorker: true });
    const inProcess = await renderDocument({ format: 'xlsx', doc });
    expect(renderStats.inWorker).toBe(before.inWorker + 1);
    expect(renderStats.inProcess).toBe(before.inProcess + 1);
    const rows = await sheetValues(inWorker);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows).toEqual(await sheetValues(inProcess));
    const docx = await renderDocument({ format: 'docx', doc }, { forceWorker: true });
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
  }, 60_000);

  it('sends a table by agency bigger than the threshold to a worker by itself; the province DOCX (a line per row) stays in-process', async () => {
    const doc = exampleProvinceDocument('ninh-thuan-7s-2022', WORKER_THRESHOLD_AGENCIES + 1);
    const before = { ...renderStats };
    const bytes = await renderDocument({ format: 'xlsx', doc });
    expect(renderStats.inWorker).toBe(before.inWorker + 1);
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
    const docx = await renderDocument({ format: 'docx', doc });
    expect(renderStats.inProcess).toBe(before.inProcess + 1);
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
  }, 60_000);

  it('turns a failure inside the worker into an error, and the server goes on', async () => {
    const broken = { format: 'xlsx', doc: { kind: 'province', consolidated: { agencies: [] } } } as never;
    await expect(renderDocument(broken, { forceWorker: true })).rejects.toThrow(/document rendering in a worker failed/);
  }, 60_000);
});
