/**
 * A stored report downloads as the official DOCX and as XLSX; each imports back to the same values, printed with the
 * decimals the officer typed; the agency's letters in the file name and in "Số: …/BC-…" are its short name when it has
 * one, else the initials of its name.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../import/import-report.js';
import { readReport } from '../import/read-report.js';
import type { SourceDocument } from '../import/source-document.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn, type TestSession } from '../test-support/http.js';
import type { Context } from './context.js';
import { agencyCode } from './services/document.service.js';

/** Every paragraph and cell of a document, as one string. */
const textOf = (source: SourceDocument) =>
  source.blocks.map((b) => (b.type === 'paragraph' ? b.paragraph.text : b.rows.map((r) => r.cells.join(' | ')).join('\n'))).join('\n');

describe('agency codes in document numbers', () => {
  it('takes the initials of the agency name', () => {
    expect(agencyCode('Sở Khoa học và Công nghệ')).toBe('SKHCN');
    expect(agencyCode('Sở Tư pháp')).toBe('STP');
    expect(agencyCode('Quảng Trị')).toBe('QT'); // a province, for the consolidated report's file name
  });

  it('takes the agency’s short name when it has one, else the initials', () => {
    expect(agencyCode({ name: 'Văn phòng Ủy ban nhân dân tỉnh', short_name: 'VP UBND' })).toBe('VPUBND');
    expect(agencyCode({ name: 'Sở Kế hoạch và Đầu tư', short_name: 'skhđt' })).toBe('SKHĐT');
    expect(agencyCode({ name: 'Sở Khoa học và Công nghệ', short_name: null })).toBe('SKHCN');
    expect(agencyCode({ name: 'Sở Khoa học và Công nghệ', short_name: '  ' })).toBe('SKHCN');
  });
});

onBothEngines('report documents', (engine) => {
  let ctx: Context;
  let app: FastifyInstance;
  let reporter: TestSession;
  let reportId: string;

  beforeAll(async () => {
    ({ ctx, app } = await engine.world());
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: 'quang-tri-forms-2022', period: { year: 2023, kind: 'Q3' }, agencyIds: ['so-khcn'] });
    reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    reportId = report.id;
    const cells = [
      { rowId: '1/1', raw: '14' },
      { rowId: '6/1', raw: '81,51' },
      { rowId: '6/1.1', raw: '8.326' },
      { rowId: '6/1.2', raw: '6.786,875' },
      { rowId: '7/6.7', raw: '20,83' },
      { rowId: '7/6.7.1', raw: '24' },
      { rowId: '7/6.7.2', raw: '05', note: 'Qua Cổng DVC tỉnh' },
      { rowId: '1/3.1', raw: '-' },
      // trailing zeros the officer typed: printed as typed, never "63,1" or "7,5"
      { rowId: '4/1.1', raw: '63,10' },
      { rowId: '4/1.2', raw: '7,500' },
    ];
    const saved = await app.inject({ method: 'PUT', url: `/api/reports/${report.id}/values`, headers: as(reporter), payload: { version: 1, cells } });
    expect(saved.statusCode, saved.body).toBe(200);
    await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/narrative`,
      headers: as(reporter),
      payload: {
        version: 2,
        sections: [
          { heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, body: 'Ban hành kế hoạch cải cách hành chính năm 2023.' },
        ],
      },
    });
  }, 60_000);

  const download = (format: 'docx' | 'xlsx', session = reporter) =>
    app.inject({ method: 'GET', url: `/api/reports/${reportId}/document.${format}`, headers: as(session) });

  it('downloads DOCX and XLSX that import back to the stored values, with the decimals typed; other agencies get 404', async () => {
    for (const format of ['docx', 'xlsx'] as const) {
      const response = await download(format);
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="bao-cao-cchc_skhcn_2023-Q3.${format}"`);
      const source = await readReport(new Uint8Array(response.rawPayload), `x.${format}`);
      const back = importDocument(source, ctx.templates.templates);
      expect(back.template.id).toBe('quang-tri-forms-2022');
      const value = (rowId: string) => back.rows.find((r) => r.rowId === rowId);
      expect(value('6/1.2')?.value).toBe(6786.875);
      expect(value('7/6.7')?.value).toBe(20.83);
      expect(value('7/6.7.2')).toMatchObject({ value: 5, note: 'Qua Cổng DVC tỉnh' });
      expect(value('1/3.1')).toMatchObject({ value: null, status: 'not-reported' });
      // printed with the precision the officer typed
      expect(value('6/1.2')?.raw, format).toBe('6.786,875');
      expect(value('7/6.7')?.raw, format).toBe('20,83');
      expect(value('4/1.1'), format).toMatchObject({ value: 63.1, raw: '63,10' });
      expect(value('4/1.2'), format).toMatchObject({ value: 7.5, raw: '7,500' });
      expect(back.findings).toEqual([]);
      // no short name: the initials of "Sở Khoa học và Công nghệ"
      expect(textOf(source), format).toContain('/BC-SKHCN');
    }
    const other = await signIn(app, 'yte.baocao');
    expect((await download('docx', other)).statusCode).toBe(404);
  }, 60_000);

  it('takes the agency’s short name, when it has one, for the file name and "Số: …/BC-…"', async () => {
    await ctx.db.updateTable('agencies').set({ short_name: 'KH&CN' }).where('id', '=', 'so-khcn').execute();
    try {
      for (const format of ['docx', 'xlsx'] as const) {
        const response = await download(format);
        expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
        expect(response.headers['content-disposition']).toBe(`attachment; filename="bao-cao-cchc_khcn_2023-Q3.${format}"`);
        const source = await readReport(new Uint8Array(response.rawPayload), `x.${format}`);
        const text = textOf(source);
        expect(text, format).toContain('/BC-KH&CN');
        expect(text, format).not.toContain('BC-SKHCN');
      }
    } finally {
      await ctx.db.updateTable('agencies').set({ short_name: null }).where('id', '=', 'so-khcn').execute();
    }
  }, 60_000);
});
