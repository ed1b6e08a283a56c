/**
 * The signature form of a submission: the leader signs KT. for the head with his own title; the submission records it
 * and the DOCX prints "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC" over the name (Nghị định 30). Explanations carry no rule codes.
 */
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';

async function docxLines(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/u)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join(''))
    .filter((line) => line.trim() !== '');
}

onBothEngines('the signature form of a submission', (engine) => {
  it('records KT. with both titles and the DOCX prints them in order', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const approver = await signIn(app, 'khcn.duyet');
    const round = await openRound(app, snv, {
      templateId: 'quang-tri-forms-2022',
      period: { year: 2023, kind: 'Q3' },
      deadline: '2023-09-20',
      agencyIds: ['so-khcn'],
    });
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(approver) })).json();
    const id = report.id as string;
    let view = (
      await app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/values`,
        headers: as(approver),
        payload: {
          version: report.version,
          cells: [
            { rowId: '7/6.7', raw: '35,08' },
            { rowId: '7/6.7.1', raw: '24' },
            { rowId: '7/6.7.2', raw: '05' },
          ],
        },
      })
    ).json();
    const submit = (payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/reports/${id}/submit`,
        headers: as(approver),
        payload: { version: view.version, explanations: [{ rule: 'ratio:7/6.7', text: 'Tính theo cả năm.' }], ...payload },
      });

    // signing for the head needs the head's title: refused in Vietnamese, nothing recorded
    const incomplete = await submit({ signature: { signingFor: 'KT', headTitle: '', signerTitle: 'Phó Giám đốc', signer: 'Lê Văn B' } });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'invalid-signature' });
    expect(incomplete.json().detail).toMatch(/chức vụ của người đứng đầu/u);

    ctx.clock.advance(60_000);
    const submitted = await submit({ signature: { signingFor: 'KT', headTitle: 'Giám đốc', signerTitle: 'Phó Giám đốc', signer: 'Lê Văn B' } });
    expect(submitted.statusCode).toBe(200);
    view = submitted.json();
    expect(view).toMatchObject({ status: 'submitted', signer: 'Lê Văn B' });
    // the explanation is the officer's words on the finding's row, without "[ratio:7/6.7]"
    const explanation = view.comments.find((c: { kind: string }) => c.kind === 'explanation');
    expect(explanation).toMatchObject({ rowId: '7/6.7', body: 'Tính theo cả năm.' });

    const submissions = (await app.inject({ method: 'GET', url: `/api/reports/${id}/submissions`, headers: as(approver) })).json();
    expect(submissions).toHaveLength(1);
    expect(submissions[0].signature).toEqual({ signingFor: 'KT', headTitle: 'Giám đốc', signerTitle: 'Phó Giám đốc', signer: 'Lê Văn B' });

    const docx = await app.inject({ method: 'GET', url: `/api/reports/${id}/document.docx`, headers: as(approver) });
    expect(docx.statusCode).toBe(200);
    const lines = await docxLines(docx.rawPayload);
    const kt = lines.indexOf('KT. GIÁM ĐỐC');
    expect(kt).toBeGreaterThan(0);
    expect(lines[kt + 1]).toBe('PHÓ GIÁM ĐỐC');
    expect(lines.slice(kt + 2)).toContain('Lê Văn B');
  });
});
