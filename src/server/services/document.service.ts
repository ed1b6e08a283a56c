/** A stored report as an official document (DOCX per Nghị định 30/2020, or the appendix as XLSX). */
import type { Template } from '../../core/catalogue/template.js';
import type { PeriodKind } from '../../core/periods/period.js';
import { foldForMatch } from '../../core/values/text.js';
import { defaultTitle, type AgencyDocument } from '../../documents/document-model.js';
import { renderDocx } from '../../documents/docx/official-docx.js';
import { renderReportXlsx } from '../../documents/xlsx/report-xlsx.js';
import type { Context } from '../context.js';
import type { Actor } from '../policies/access.js';
import { getAgency } from '../repositories/agency.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { viewReport } from './report.service.js';
import { notFound } from './service-error.js';

/** "Sở Khoa học và Công nghệ" → "SKHCN": the agency's letters in a document number. */
export function agencyCode(name: string): string {
  const words = foldForMatch(name).split(' ').filter((w) => w && !['va', 'cac', 'cua'].includes(w));
  return words.map((w) => w[0]!.toUpperCase()).join('').slice(0, 10);
}

function signatureTitle(kind: string): string {
  switch (kind) {
    case 'board':
      return 'TRƯỞNG BAN';
    case 'district-committee':
    case 'commune-committee':
      return 'TM. ỦY BAN NHÂN DÂN';
    case 'public-unit':
      return 'GIÁM ĐỐC';
    default:
      return 'GIÁM ĐỐC';
  }
}

export async function agencyDocumentOf(ctx: Context, actor: Actor, id: string): Promise<{ doc: AgencyDocument; fileName: string }> {
  const report = await viewReport(ctx, actor, id); // 404 outside the actor's agencies
  const template = (await getTemplateVersion(ctx.db, report.templateId)) as Template | undefined;
  const agency = await getAgency(ctx.db, report.agencyId);
  if (!template || !agency) throw notFound('report', id);
  const parent = agency.parent_id ? await getAgency(ctx.db, agency.parent_id) : undefined;
  const period = report.period as { year: number; kind: PeriodKind };
  const doc: AgencyDocument = {
    kind: 'agency',
    header: {
      governingBody: parent ? parent.name.toLocaleUpperCase('vi') : null,
      agency: agency.name,
      agencyCode: agencyCode(agency.name),
      number: null,
      place: agency.province ?? '',
      date: null,
    },
    period,
    title: defaultTitle(period, agency.name),
    sections: report.narrative.map((s) => ({ heading: s.heading, level: s.level, text: s.body })),
    recipients: ['Sở Nội vụ (để tổng hợp)', 'Lưu: VT'],
    signature: { titleLines: [signatureTitle(agency.kind)], name: report.signer },
    template,
    values: new Map(report.values.map((v) => [v.rowId, { value: v.value, status: v.status, note: v.note, decimals: null, raw: v.raw }])),
    findings: report.findings,
  };
  const fileName = `bao-cao-cchc_${agencyCode(agency.name).toLowerCase()}_${period.year}-${period.kind}`;
  return { doc, fileName };
}

export async function reportDocx(ctx: Context, actor: Actor, id: string) {
  const { doc, fileName } = await agencyDocumentOf(ctx, actor, id);
  return { bytes: await renderDocx(doc), fileName: `${fileName}.docx` };
}

export async function reportXlsx(ctx: Context, actor: Actor, id: string) {
  const { doc, fileName } = await agencyDocumentOf(ctx, actor, id);
  return { bytes: await renderReportXlsx(doc), fileName: `${fileName}.xlsx` };
}
