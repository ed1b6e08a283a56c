/**
 * The narrative ↔ appendix check on the server: a report's stored narrative is compared with its appendix whenever
 * its findings are computed (viewing, saving, submitting); a disagreement is a warning, which needs no explanation
 * to submit.
 */
import { expect, it } from 'vitest';
import { as, openRound, signIn } from '../test-support/http.js';
import { onBothEngines } from '../test-support/both-engines.js';

onBothEngines('narrative ↔ appendix on the server', (engine) => {
  it('warns when the narrative states another figure than the appendix, and the warning does not block submitting', async () => {
    const { app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const reporter = await signIn(app, 'khcn.baocao');
    const approver = await signIn(app, 'khcn.duyet');
    const round = await openRound(app, snv, {
      templateId: 'quang-tri-forms-2022',
      period: { year: 2023, kind: 'Q3' },
      deadline: '2023-09-20',
      agencyIds: ['so-khcn'],
    });
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    const id = report.id as string;

    let view = (
      await app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/values`,
        headers: as(reporter),
        payload: {
          version: 1,
          cells: [
            { rowId: '1/5.1', raw: '118' },
            { rowId: '1/5.2', raw: '99' },
            { rowId: '1/5.3', raw: '06' },
          ],
        },
      })
    ).json();
    expect(view.findings).toEqual([]);
    const saveNarrative = async (version: number, body: string) => {
      const response = await app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/narrative`,
        headers: as(reporter),
        payload: { version, sections: [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, body }] },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    // the sample's own sentence: 105 = 99 + 6, no finding
    view = await saveNarrative(
      view.version,
      'Năm 2023, UBND tỉnh giao Sở Khoa học và Công nghệ 118 nhiệm vụ, đã hoàn thành 105 nhiệm vụ, đang thực hiện 13 nhiệm vụ.',
    );
    expect(view.findings).toEqual([]);

    // 106 completed in the narrative: a warning on form 1, row 5.2 (with 5.3), in Vietnamese
    view = await saveNarrative(
      view.version,
      'Năm 2023, UBND tỉnh giao Sở Khoa học và Công nghệ 118 nhiệm vụ, đã hoàn thành 106 nhiệm vụ, đang thực hiện 12 nhiệm vụ.',
    );
    expect(view.findings.map((f: { rule: string; severity: string; rows: string[] }) => [f.rule, f.severity, f.rows])).toEqual([
      ['narrative:1/5.2', 'warning', ['1/5.2', '1/5.3']],
    ]);
    expect(view.findings[0].message).toContain(
      'Phần thuyết minh nêu 106 nhiệm vụ (hoàn thành), phụ lục ghi Biểu 1, dòng 5.2 + Biểu 1, dòng 5.3: 99 + 6 = 105.',
    );
    const again = (await app.inject({ method: 'GET', url: `/api/reports/${id}`, headers: as(snv) })).json();
    expect(again.findings.map((f: { rule: string }) => f.rule)).toEqual(['narrative:1/5.2']);

    // a warning needs no explanation: the approver submits as it is
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/reports/${id}/submit`,
      headers: as(approver),
      payload: { version: view.version },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', findings: [expect.objectContaining({ rule: 'narrative:1/5.2' })] });
  }, 120_000);
});
