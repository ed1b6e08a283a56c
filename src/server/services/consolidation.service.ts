/**
 * The province's consolidated report of a round, with the core's semantics (sums, ratios of summed parts,
 * distributions, responsible agencies, missing never 0): every figure drills down to each agency's value and says
 * how many agencies reported it; optionally only agencies of one kind; the findings of all agencies in one place.
 */
import type { Template } from '../../core/catalogue/template.js';
import { runChecks } from '../../core/checks/run-checks.js';
import type { Finding } from '../../core/checks/finding.js';
import { consolidate, type ConsolidatedReport } from '../../core/consolidation/consolidate.js';
import { periodLabel, type PeriodKind } from '../../core/periods/period.js';
import type { ProvinceDocument } from '../../documents/document-model.js';
import { renderDocx } from '../../documents/docx/official-docx.js';
import { renderConsolidatedXlsx } from '../../documents/xlsx/report-xlsx.js';
import type { Context } from '../context.js';
import type { AgencyKind } from '../db/schema.js';
import { may, type Actor } from '../policies/access.js';
import { getAgency, listAgencies } from '../repositories/agency.repository.js';
import { getValues, listReports, toCellValue } from '../repositories/report.repository.js';
import { getRound } from '../repositories/round.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { agencyCode } from './document.service.js';
import { forbidden, notFound } from './service-error.js';

export interface ConsolidationOptions {
  /** Only agencies of this kind. */
  kind?: AgencyKind;
  /** Count submitted reports too, not only accepted ones (a preview before everything is accepted). */
  includeSubmitted?: boolean;
}

export interface RoundConsolidation {
  roundId: string;
  templateId: string;
  period: { year: number; kind: PeriodKind };
  consolidated: ConsolidatedReport;
  agencies: { id: string; name: string; kind: AgencyKind; status: string }[];
  findings: (Finding & { agencyId: string })[];
}

export async function consolidateRound(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions = {}): Promise<RoundConsolidation> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', roundId);
  if (!may(actor, 'consolidation:read')) throw forbidden('consolidation:read');
  const template = (await getTemplateVersion(ctx.db, round.template_id)) as Template;
  const statuses = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
  const reports = (await listReports(ctx.db, { agencyIds: [...actor.scope], roundId })).filter((r) => statuses.includes(r.status));
  const agencies = new Map((await listAgencies(ctx.db, reports.map((r) => r.agency_id))).map((a) => [a.id, a]));
  const included = reports.filter((r) => !options.kind || agencies.get(r.agency_id)?.kind === options.kind);
  const agencyReports = [];
  const findings: (Finding & { agencyId: string })[] = [];
  for (const report of included) {
    const values = new Map((await getValues(ctx.db, report.id)).map((v) => [v.row_id, toCellValue(v)]));
    agencyReports.push({ agencyId: report.agency_id, roles: agencies.get(report.agency_id)?.roles ?? [], values });
    for (const f of runChecks(template, values)) findings.push({ ...f, agencyId: report.agency_id });
  }
  return {
    roundId,
    templateId: template.id,
    period: { year: round.period_year, kind: round.period_kind as PeriodKind },
    consolidated: consolidate(template, agencyReports),
    agencies: included.map((r) => {
      const a = agencies.get(r.agency_id)!;
      return { id: a.id, name: a.name, kind: a.kind, status: r.status };
    }),
    findings,
  };
}

async function provinceDocument(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions): Promise<{ doc: ProvinceDocument; fileName: string }> {
  const result = await consolidateRound(ctx, actor, roundId, options);
  const template = (await getTemplateVersion(ctx.db, result.templateId)) as Template;
  // the document is issued by the Sở Nội vụ of the round's province
  const round = (await getRound(ctx.db, roundId))!;
  const first = round.agency_ids.find((a) => actor.scope.has(a));
  const province = (first ? await getAgency(ctx.db, first) : undefined)?.province ?? '';
  const issuer = 'Sở Nội vụ';
  return {
    doc: {
      kind: 'province',
      header: { governingBody: province ? `UBND TỈNH ${province.toLocaleUpperCase('vi')}` : null, agency: issuer, agencyCode: 'SNV', number: null, place: province, date: null },
      period: result.period,
      title: `Kết quả thực hiện công tác cải cách hành chính ${periodLabel(result.period).replace(/^Năm/u, 'năm')} của tỉnh ${province}`.trim(),
      sections: [
        {
          heading: 'I. TÌNH HÌNH TỔNG HỢP',
          level: 1,
          text: `Số liệu tổng hợp từ ${result.agencies.length} báo cáo ${options.includeSubmitted ? 'đã nộp hoặc đã duyệt' : 'đã được duyệt'} của các cơ quan, đơn vị. Mỗi chỉ tiêu ghi rõ số đơn vị đã báo cáo; đơn vị không báo cáo không được tính là 0.`,
        },
      ],
      recipients: ['UBND tỉnh', 'Bộ Nội vụ', 'Lưu: VT, CCHC'],
      signature: { titleLines: ['GIÁM ĐỐC'], name: null },
      template,
      consolidated: result.consolidated,
      agencyNames: new Map(result.agencies.map((a) => [a.id, a.name])),
    },
    fileName: `tong-hop-cchc_${agencyCode(province || 'tinh').toLowerCase()}_${result.period.year}-${result.period.kind}`,
  };
}

export async function consolidationDocx(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions) {
  const { doc, fileName } = await provinceDocument(ctx, actor, roundId, options);
  return { bytes: await renderDocx(doc), fileName: `${fileName}.docx` };
}

export async function consolidationXlsx(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions) {
  const { doc, fileName } = await provinceDocument(ctx, actor, roundId, options);
  return { bytes: await renderConsolidatedXlsx(doc), fileName: `${fileName}.xlsx` };
}
