/** A stored report as an official document (DOCX per Nghị định 30/2020, or the appendix as XLSX). */
import type { Template } from '../../core/catalogue/template.js';
import type { PeriodKind } from '../../core/periods/period.js';
import { foldForMatch } from '../../core/values/text.js';
import { defaultTitle, type AgencyDocument } from '../../documents/document-model.js';
import { renderDocx } from '../../documents/docx/official-docx.js';
import { renderReportXlsx } from '../../documents/xlsx/report-xlsx.js';
import type { Context } from '../context.js';
import type { Actor } from '../policies/access.js';
import { getAgency, type Agency } from '../repositories/agency.repository.js';
import { getValues, toCellValue } from '../repositories/report.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { listSubmissions, type SubmissionRecord } from '../repositories/submission.repository.js';
import { signatureTitleLines } from '../../core/workflow/signature-form.js';
import { viewReport } from './report.service.js';
import { notFound } from './service-error.js';

/**
 * The agency's letters in a document number ("Số: …/BC-SKHCN") and in file names: its short name when it has one
 * ("VPUBND"), else the initials of its name ("Sở Khoa học và Công nghệ" → "SKHCN"). A plain name (a province, for
 * the consolidated report's file name) always takes the initials.
 */
export function agencyCode(agency: string | Pick<Agency, 'name' | 'short_name'>): string {
  if (typeof agency !== 'string') {
    const short = (agency.short_name ?? '').replace(/\s+/gu, '');
    return short ? short.toLocaleUpperCase('vi') : agencyCode(agency.name);
  }
  const words = foldForMatch(agency)
    .split(' ')
    .filter((w) => w && !['va', 'cac', 'cua'].includes(w));
  return words
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .slice(0, 10);
}

/** The code as it may stand in a file name (and a Content-Disposition header): ASCII letters and digits, lower case. */
function fileCode(code: string): string {
  return foldForMatch(code).replace(/[^a-z0-9]+/gu, '') || 'don-vi';
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

/** The latest submission's signature form (KT./TM./TL. and both titles, Nghị định 30), else the agency kind's title. */
function signatureBlock(submissions: readonly SubmissionRecord[], kind: string, signer: string | null): AgencyDocument['signature'] {
  const form = submissions.at(-1)?.signature;
  if (form) return { titleLines: signatureTitleLines(form), name: form.signer ?? signer };
  return { titleLines: [signatureTitle(kind)], name: signer };
}

export async function agencyDocumentOf(ctx: Context, actor: Actor, id: string): Promise<{ doc: AgencyDocument; fileName: string }> {
  const view = await viewReport(ctx, actor, id); // 404 outside the actor's agencies
  const { report } = view;
  const template = (await getTemplateVersion(ctx.db, report.template_id)) as Template | undefined;
  const agency = await getAgency(ctx.db, report.agency_id);
  if (!template || !agency) throw notFound('report', id);
  const parent = agency.parent_id ? await getAgency(ctx.db, agency.parent_id) : undefined;
  const period = { year: report.period_year, kind: report.period_kind as PeriodKind };
  const code = agencyCode(agency);
  // the stored cells as the officer typed them: decimals too, so "63,10" prints "63,10" and not "63,1"
  const values = new Map((await getValues(ctx.db, report.id)).map((v) => [v.row_id, { ...toCellValue(v), raw: v.raw }]));
  const doc: AgencyDocument = {
    kind: 'agency',
    header: {
      governingBody: parent ? parent.name.toLocaleUpperCase('vi') : null,
      agency: agency.name,
      agencyCode: code,
      number: null,
      place: agency.province ?? '',
      date: null,
    },
    period,
    title: defaultTitle(period, agency.name),
    sections: view.narrative.map((s) => ({ heading: s.heading, level: s.level, text: s.body })),
    recipients: ['Sở Nội vụ (để tổng hợp)', 'Lưu: VT'],
    signature: signatureBlock(await listSubmissions(ctx.db, report.id), agency.kind, report.signer),
    template,
    values,
    findings: view.findings,
  };
  const fileName = `bao-cao-cchc_${fileCode(code)}_${period.year}-${period.kind}`;
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
