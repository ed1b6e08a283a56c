/** A stored report downloads as the official DOCX and as XLSX; each imports back to the same values. */
import { afterAll, describe, expect, it } from 'vitest';
import { importDocument } from '../import/import-report.js';
import { readReport } from '../import/read-report.js';
import { as, signIn } from '../test-support/http.js';
import { testEngines } from '../test-support/test-database.js';
import { buildWorld } from '../test-support/world.js';
import { buildApp } from './app.js';
import { agencyCode } from './services/document.service.js';

describe('agency codes in document numbers', () => {
  it('takes the initials of the agency name', () => {
    expect(agencyCode('Sở Khoa học và Công nghệ')).toBe('SKHCN');
    expect(agencyCode('Sở Tư pháp')).toBe('STP');
  });
});

for (const engine of testEngines()) {
  describe(`report documents on ${engine.name}`, () => {
    afterAll(() => engine.dispose());

    it('downloads DOCX and XLSX that import back to the stored values; other agencies get 404', async () => {
      const database = await engine.fresh();
      const ctx = await buildWorld(database);
      const app = await buildApp(ctx, { loginLimit: { max: 100, timeWindowMs: 60_000 } });
      try {
        const snv = await signIn(app, 'snv.tonghop');
        const round = (await app.inject({ method: 'POST', url: '/api/rounds', headers: as(snv), payload: { templateId: 'quang-tri-forms-2022', period: { year: 2023, kind: 'Q3' }, agencyIds: ['so-khcn'] } })).json();
        const reporter = await signIn(app, 'khcn.baocao');
        const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
        const cells = [
          { rowId: '1/1', raw: '14' },
          { rowId: '6/1', raw: '81,51' },
          { rowId: '6/1.1', raw: '8.326' },
          { rowId: '6/1.2', raw: '6.786,875' },
          { rowId: '7/6.7', raw: '20,83' },
          { rowId: '7/6.7.1', raw: '24' },
          { rowId: '7/6.7.2', raw: '05', note: 'Qua Cổng DVC tỉnh' },
          { rowId: '1/3.1', raw: '-' },
        ];
        await app.inject({ method: 'PUT', url: `/api/reports/${report.id}/values`, headers: as(reporter), payload: { version: 1, cells } });
        await app.inject({
          method: 'PUT',
          url: `/api/reports/${report.id}/narrative`,
          headers: as(reporter),
          payload: { version: 2, sections: [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, body: 'Ban hành kế hoạch cải cách hành chính năm 2023.' }] },
        });
        for (const format of ['docx', 'xlsx'] as const) {
          const response = await app.inject({ method: 'GET', url: `/api/reports/${report.id}/document.${format}`, headers: as(reporter) });
          expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
          expect(response.headers['content-disposition']).toBe(`attachment; filename="bao-cao-cchc_skhcn_2023-Q3.${format}"`);
          const back = importDocument(await readReport(new Uint8Array(response.rawPayload), `x.${format}`), ctx.templates.templates);
          expect(back.template.id).toBe('quang-tri-forms-2022');
          const value = (rowId: string) => back.rows.find((r) => r.rowId === rowId);
          expect(value('6/1.2')?.value).toBe(6786.875);
          expect(value('7/6.7')?.value).toBe(20.83);
          expect(value('7/6.7.2')).toMatchObject({ value: 5, note: 'Qua Cổng DVC tỉnh' });
          expect(value('1/3.1')).toMatchObject({ value: null, status: 'not-reported' });
          expect(back.findings).toEqual([]);
        }
        const other = await signIn(app, 'yte.baocao');
        expect((await app.inject({ method: 'GET', url: `/api/reports/${report.id}/document.docx`, headers: as(other) })).statusCode).toBe(404);
      } finally {
        await app.close();
        await database.close();
      }
    }, 60_000);
  });
}
