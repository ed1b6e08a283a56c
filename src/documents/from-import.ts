/** An imported legacy report as an official document: the officer's old, messy export becomes a clean report. Pure. */
import type { ImportedReport } from '../import/import-report.js';
import { defaultTitle, type AgencyDocument } from './document-model.js';

/** "122/BC-SKHCHN" → { number: "122", code: "SKHCHN" }; "/BC-SKHCCN" → number null. */
export function splitDocumentNumber(text: string | null): { number: string | null; code: string | null } {
  const m = /^\s*(\d*)\s*\/\s*BC-([\p{L}\d-]+)\s*$/u.exec(text ?? '');
  if (!m) return { number: null, code: null };
  return { number: m[1] ? m[1] : null, code: m[2]! };
}

export function documentFromImport(report: ImportedReport): AgencyDocument {
  const agency = report.agency.name ?? 'Cơ quan báo cáo';
  // a period the report does not state is left blank, never invented (no current year, no year of the date as a 'Y')
  const period = report.period;
  const { number, code } = splitDocumentNumber(report.document.number);
  return {
    kind: 'agency',
    header: {
      governingBody: report.governingBody?.name.toLocaleUpperCase('vi') ?? null,
      agency,
      agencyCode: code,
      number,
      place: report.agency.province ?? '',
      date: report.document.date,
    },
    period,
    title: report.title ?? defaultTitle(period, agency),
    sections: report.sections.map((s) => ({ heading: s.heading, level: s.level, text: s.text })),
    recipients: ['Sở Nội vụ (để tổng hợp)', 'Lưu: VT'],
    signature: { titleLines: (report.document.signerTitle ?? 'GIÁM ĐỐC').split(' / '), name: report.document.signer },
    template: report.template,
    values: new Map(
      report.rows.flatMap((r) =>
        r.rowId ? [[r.rowId, { value: r.value, status: r.status, note: r.note, decimals: null, raw: r.raw }] as const] : [],
      ),
    ),
    findings: report.findings,
  };
}
