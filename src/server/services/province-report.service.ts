/**
 * The province's report of a round: stored and versioned like an agency's report (a stale write is a 409, never a
 * silent overwrite; every write audited), generated from the round's figures until a person edits it (regenerating
 * replaces only generated sections and offers the new draft beside edited ones), moved through its own workflow
 * (draft → ready for the leader → issued, locked with its number and date), composed from the agencies' texts per
 * section, and rendered as the province's DOCX with its annexes. Only the Sở Nội vụ's consolidators and the
 * province's administrators read and write it; a round of another province does not exist for anyone else.
 */
import type { Template } from '../../core/catalogue/template.js';
import { translateValues } from '../../core/catalogue/translate.js';
import { consolidateFigures, type AgencyReport, type ConsolidatedFigure, type ConsolidatedReport } from '../../core/consolidation/consolidate.js';
import { rankAgencies } from '../../core/consolidation/series.js';
import { comparePeriods, periodLabel, previousPeriod, timelinessOf, type Period, type PeriodKind } from '../../core/periods/period.js';
import { formatFigure, generateSections, type ProvinceFigure } from '../../core/province-report/figure-paragraphs.js';
import { agencyTextsBySection, fingerprint, PROVINCE_OUTLINE, sameText, type SectionKey } from '../../core/province-report/outline.js';
import {
  applyEdits,
  completeSections,
  generatedSections,
  isEditable,
  isStale,
  moveProvinceReport,
  regenerate,
  type Excerpt,
  type ProvinceReportAction,
  type ProvinceReportStatus,
  type StoredSection,
} from '../../core/province-report/province-report.js';
import { defaultProvinceSettings, provinceReportSettingsSchema, type ProvinceReportSettings } from '../../core/province-report/settings.js';
import { statusLabel } from '../../core/workflow/report-workflow.js';
import { foldForMatch } from '../../core/values/text.js';
import { formatNumber } from '../../core/values/number-format.js';
import type { ProvinceDocument } from '../../documents/document-model.js';
import type { z } from 'zod';
import type { provinceReportPutBody, provinceSettingsPutBody } from '../../shared/province-report-schemas.js';
import { phrasing } from '../../templates/phrasing-loader.js';
import type { Context } from '../context.js';
import type { AgencyKind, ReportStatus } from '../db/schema.js';
import { may, type Actor } from '../policies/access.js';
import {
  getProvinceReport,
  getProvinceSettings,
  listAcceptedReportsOf,
  listRoundReports,
  narrativesOf,
  previousReportsOf,
  provinceOf,
  provinceReportHistory,
  writeProvinceReport,
  writeProvinceSettings,
  type ProvinceReportRow,
} from '../repositories/province-report.repository.js';
import { getValuesOf, toCellValue } from '../repositories/report.repository.js';
import { getRound } from '../repositories/round.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { getAgency } from '../repositories/agency.repository.js';
import { keptPeriodFigures, roundFigures, rowValues } from './consolidation.service.js';
import { renderDocument } from './render-document.js';
import { provinceReportPart } from '../../core/province-report/access.js';
import { forbidden, notFound, ServiceError, staleVersion } from './service-error.js';

type Round = NonNullable<Awaited<ReturnType<typeof getRound>>>;

const STALE_VI = 'Báo cáo của tỉnh vừa được người khác cập nhật. Hãy xem bản mới nhất rồi thực hiện lại.';
const LOCKED_VI = 'Báo cáo của tỉnh đã trình lãnh đạo hoặc đã ban hành nên không sửa được; trả về soạn thảo trước khi sửa.';

/** Whether the actor may read and write province reports: the Sở Nội vụ (consolidator) and administrators. */
function mayCompose(actor: Actor): boolean {
  return may(actor, 'report:review') && may(actor, 'consolidation:read');
}

/** The round, if the actor sees it (404 otherwise, so another province's ids reveal nothing), and may compose (403). */
async function composableRound(ctx: Context, actor: Actor, roundId: string, options: { leader?: boolean } = {}): Promise<Round> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', roundId);
  if (!mayCompose(actor) && !(options.leader && (await isProvinceLeader(ctx, actor, round)))) throw forbidden('province-report');
  return round;
}

/**
 * The province's leader: a unit leader (approver) acting for the province itself (the UBND tỉnh), not for one of its
 * agencies. The report is made ready for them; they read it and issue it (its number and date) or send it back to
 * the Sở Nội vụ; they never write its text.
 */
async function isProvinceLeader(ctx: Context, actor: Actor, round: Round): Promise<boolean> {
  if (actor.role !== 'approver') return false;
  const province = await provinceNameOf(ctx, round);
  // the core's rule (province-report/access.ts): the scope holds the province's own agency only when the account is
  // attached to it (a scope runs down the tree, never up)
  return province.id !== null && provinceReportPart(actor.role, actor.scope, new Set([province.id])) === 'lead';
}

const templateCache = new WeakMap<Context, Map<string, Template>>();
async function templateOf(ctx: Context, id: string): Promise<Template> {
  let cache = templateCache.get(ctx);
  if (!cache) templateCache.set(ctx, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const template = (ctx.templates.templates.find((t) => t.id === id) ?? (await getTemplateVersion(ctx.db, id))) as Template | undefined;
  if (!template) throw new Error(`template version ${id} is not stored`);
  cache.set(id, template);
  return template;
}

const periodOf = (round: Round): Period => ({ year: round.period_year, kind: round.period_kind as PeriodKind });

/** The province figures of an earlier period: the round's agencies' accepted reports of it, carried to this template. */
async function earlierFigures(
  ctx: Context,
  template: Template,
  agencyIds: readonly string[],
  period: Period,
): Promise<Map<string, ConsolidatedFigure> | null> {
  // from the kept aggregates when that period's reports are one round's accepted reports of this template version
  const kept = await keptPeriodFigures(ctx, template, agencyIds, period);
  if (kept !== undefined) return kept;
  const listed = await listAcceptedReportsOf(ctx.db, agencyIds, period);
  const latest = new Map<string, (typeof listed)[number]>();
  for (const r of listed) if (!latest.has(r.agency_id)) latest.set(r.agency_id, r);
  if (latest.size === 0) return null;
  const stored = await getValuesOf(
    ctx.db,
    [...latest.values()].map((r) => r.id),
  );
  const reports: AgencyReport[] = [];
  for (const r of latest.values()) {
    const from = await templateOf(ctx, r.template_id);
    const values = new Map(stored.get(r.id)!.map((v) => [v.row_id, toCellValue(v)]));
    reports.push({ agencyId: r.agency_id, roles: r.roles, values: translateValues(from, template, values).values });
  }
  return new Map(consolidateFigures(template, reports).map((f) => [f.rowId, f]));
}

interface Counted {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  status: string;
}

interface Basis {
  round: Round;
  template: Template;
  period: Period;
  consolidated: ConsolidatedReport;
  counted: Counted[];
  figures: ProvinceFigure[];
  drafts: Map<SectionKey, string>;
  coverage: { roundAgencies: number; reported: number; late: number; missing: number };
  roster: Awaited<ReturnType<typeof listRoundReports>>;
}

/**
 * Everything the generated drafts are made from: this period's figures from the counted reports the actor sees
 * (accepted; submitted too when asked), the previous period's and the same period last year's, the round's coverage.
 */
async function basisOf(ctx: Context, actor: Actor, round: Round, options: { includeSubmitted?: boolean; kind?: AgencyKind } = {}): Promise<Basis> {
  const template = await templateOf(ctx, round.template_id);
  const period = periodOf(round);
  // the figures from the aggregates the database keeps (a few hundred rows, whatever the number of agencies) when the
  // actor sees the whole round; the appendix needs no agency's own value (the ranking annex reads its rows alone)
  const figuresOf = await roundFigures(ctx, actor, round, template, options);
  const consolidated: ConsolidatedReport = {
    templateId: template.id,
    agencies: figuresOf.consolidated.agencies,
    rows: figuresOf.consolidated.rows.map((f) => ({ ...f, contributions: [] })),
  };
  const roundAgencies = round.agency_ids.filter((a) => actor.scope.has(a));
  const previous = previousPeriod(period);
  const lastYear: Period = { year: period.year - 1, kind: period.kind };
  const previousFigures = await earlierFigures(ctx, template, roundAgencies, previous);
  const lastYearFigures =
    previous.year === lastYear.year && previous.kind === lastYear.kind
      ? previousFigures
      : await earlierFigures(ctx, template, roundAgencies, lastYear);
  const indicators = new Map(ctx.templates.indicators.map((i) => [i.id, i]));
  const seen = new Set<string>();
  const figures: ProvinceFigure[] = [];
  for (const row of consolidated.rows) {
    const templateRow = template.rows.find((r) => r.id === row.rowId)!;
    const indicator = templateRow.indicator ? indicators.get(templateRow.indicator) : undefined;
    if (!indicator || seen.has(indicator.id) || row.method === 'text') continue;
    seen.add(indicator.id);
    const earlier = (m: Map<string, ConsolidatedFigure> | null) => {
      const f = m?.get(row.rowId);
      return f && f.reported > 0 && f.value !== null && Number.isFinite(f.value) ? f.value : null;
    };
    figures.push({
      indicator: indicator.id,
      name: indicator.name,
      area: indicator.area,
      kind: templateRow.kind.type,
      ...(templateRow.kind.type === 'money' ? { currency: templateRow.kind.unit === 'dong' ? 'đồng' : 'triệu đồng' } : {}),
      value: row.value !== null && Number.isFinite(row.value) ? row.value : null,
      reported: row.reported,
      ...(row.distribution ? { distribution: row.distribution.map((d) => ({ label: d.label, agencies: d.agencies })) } : {}),
      previous: earlier(previousFigures),
      lastYear: earlier(lastYearFigures),
    });
  }
  const roster = (await listRoundReports(ctx.db, round.id)).filter((r) => actor.scope.has(r.agency_id));
  const sent = roster.filter((r) => r.status === 'submitted' || r.status === 'accepted');
  const late = sent.filter((r) => timelinessOf(round.deadline, r.submitted_at, ctx.clock.now()) === 'late').length;
  const coverage = { roundAgencies: roundAgencies.length, reported: sent.length, late, missing: roundAgencies.length - sent.length };
  const drafts = generateSections(
    { period, previousPeriod: previous, lastYearPeriod: lastYear, roundAgencies: roundAgencies.length, figures, coverage },
    phrasing(),
  );
  return {
    round,
    template,
    period,
    consolidated,
    counted: figuresOf.agencies.map((a) => ({ agencyId: a.id, name: a.name, kind: a.kind as AgencyKind, status: a.status })),
    figures,
    drafts,
    coverage,
    roster,
  };
}

function storedSectionsOf(row: ProvinceReportRow | undefined, drafts: ReadonlyMap<SectionKey, string>): StoredSection[] {
  return row ? completeSections(row.sections as StoredSection[], drafts) : generatedSections(drafts);
}

export function provinceTitle(period: Period, province: string): string {
  return `Kết quả thực hiện công tác cải cách hành chính ${periodLabel(period).replace(/^Năm/u, 'năm')} trên địa bàn tỉnh ${province}`.trim();
}

/** The current fingerprint of each (report, section) an excerpt came from, and the source agencies' names. */
async function excerptSources(ctx: Context, sections: readonly StoredSection[]) {
  const reportIds = [...new Set(sections.flatMap((s) => s.excerpts.map((e) => e.sourceReportId)))];
  const narratives = await narrativesOf(ctx.db, reportIds);
  const prints = new Map<string, string>();
  for (const [reportId, narrative] of narratives) {
    for (const s of agencyTextsBySection(narrative)) prints.set(`${reportId}|${s.key}`, fingerprint(s.text));
  }
  return prints;
}

async function present(
  ctx: Context,
  basis: Basis,
  row: ProvinceReportRow | undefined,
  sections: readonly StoredSection[],
  province: string,
  extra: { regenerated?: { replaced: SectionKey[]; proposals: { key: SectionKey; draft: string }[] } } = {},
) {
  const prints = await excerptSources(ctx, sections);
  const names = new Map(basis.roster.map((r) => [r.agency_id, r.name]));
  return {
    roundId: basis.round.id,
    version: row?.version ?? 0,
    status: (row?.status ?? 'draft') as ProvinceReportStatus,
    number: row?.number ?? null,
    issuedOn: row?.issued_on ?? null,
    period: basis.period,
    title: provinceTitle(basis.period, province),
    sections: PROVINCE_OUTLINE.filter((o) => !o.headingOnly).map((o) => {
      const s = sections.find((x) => x.key === o.key)!;
      const stale = isStale(s, basis.drafts);
      return {
        key: s.key,
        heading: o.heading,
        level: o.level,
        text: s.text,
        origin: s.origin,
        stale,
        draft: s.origin === 'edited' && stale ? (basis.drafts.get(s.key) ?? '') : null,
        excerpts: s.excerpts.map((e) => ({
          id: e.id,
          sourceReportId: e.sourceReportId,
          agencyId: e.agencyId,
          agencyName: names.get(e.agencyId) ?? null,
          section: e.section,
          version: e.version,
          text: e.text,
          sourceChanged: prints.get(`${e.sourceReportId}|${e.section}`) !== e.sourceFingerprint,
        })),
      };
    }),
    rankingIndicators: row?.ranking_indicators ?? [],
    coverage: basis.coverage,
    ...extra,
  };
}

async function provinceNameOf(ctx: Context, round: Round): Promise<{ id: string | null; name: string }> {
  const province = round.agency_ids.length > 0 ? await provinceOf(ctx.db, round.agency_ids[0]!) : null;
  if (province) return { id: province.id, name: province.province ?? province.name.replace(/^(?:UBND\s+)?tỉnh\s+/iu, '') };
  const agency = round.agency_ids.length > 0 ? await getAgency(ctx.db, round.agency_ids[0]!) : undefined;
  return { id: null, name: agency?.province ?? '' };
}

export async function getRoundProvinceReport(ctx: Context, actor: Actor, roundId: string) {
  const round = await composableRound(ctx, actor, roundId, { leader: true });
  const [basis, row, province] = await Promise.all([basisOf(ctx, actor, round), getProvinceReport(ctx.db, roundId), provinceNameOf(ctx, round)]);
  return present(ctx, basis, row, storedSectionsOf(row, basis.drafts), province.name);
}

function staleOf(row: ProvinceReportRow | undefined) {
  return staleVersion('province report version is stale', { currentVersion: row?.version ?? 0, status: row?.status ?? 'draft' }, STALE_VI);
}

/** Checks the version the writer read against the stored one (0 = never saved), before anything is computed. */
function checkVersion(row: ProvinceReportRow | undefined, version: number) {
  if ((row?.version ?? 0) !== version) throw staleOf(row);
}

function checkEditable(row: ProvinceReportRow | undefined) {
  if (row && !isEditable(row.status))
    throw new ServiceError(409, 'province-report-locked', LOCKED_VI, `province report of round ${row.round_id} is ${row.status}`, {
      currentVersion: row.version,
      status: row.status,
    });
}

async function write(
  ctx: Context,
  actor: Actor,
  round: Round,
  row: ProvinceReportRow | undefined,
  version: number,
  next: { sections: StoredSection[]; rankingIndicators?: string[]; status?: ProvinceReportStatus; number?: string | null; issuedOn?: string | null },
  action: string,
  changed: string[],
) {
  const now = ctx.clock.now();
  const status = next.status ?? row?.status ?? 'draft';
  const issued = status === 'issued';
  const written = await writeProvinceReport(
    ctx.db,
    row?.id ?? ctx.ids.next('preport'),
    round.id,
    version,
    {
      sections: next.sections,
      rankingIndicators: next.rankingIndicators ?? row?.ranking_indicators ?? [],
      status,
      number: next.number !== undefined ? next.number : (row?.number ?? null),
      issuedOn: next.issuedOn !== undefined ? next.issuedOn : (row?.issued_on ?? null),
      issuedAt: issued ? (row?.issued_at ?? now) : null,
      issuedBy: issued ? (row?.issued_by ?? actor.accountId) : null,
    },
    {
      actorId: actor.accountId,
      action,
      now,
      before: {
        status: row?.status ?? 'draft',
        sections: (row ? (row.sections as StoredSection[]) : [])
          .filter((s) => changed.includes(s.key))
          .map((s) => ({ key: s.key, text: s.text, origin: s.origin })),
      },
      after: { status, sections: next.sections.filter((s) => changed.includes(s.key)).map((s) => ({ key: s.key, text: s.text, origin: s.origin })) },
    },
  );
  if (written === null) throw staleOf(await getProvinceReport(ctx.db, round.id));
}

/** The excerpts of an edit, each checked against its source (a report of this round the actor sees) and stamped. */
async function stampExcerpts(
  ctx: Context,
  actor: Actor,
  round: Round,
  previous: readonly Excerpt[],
  inputs: z.infer<typeof provinceReportPutBody>['sections'][number]['excerpts'],
): Promise<Excerpt[] | undefined> {
  if (!inputs) return undefined;
  const kept = new Map(previous.map((e) => [e.id, e]));
  const roster = new Map(
    (await listRoundReports(ctx.db, round.id)).filter((r) => r.report_id && actor.scope.has(r.agency_id)).map((r) => [r.report_id!, r]),
  );
  const newSources = [...new Set(inputs.filter((e) => !(e.id && kept.has(e.id))).map((e) => e.sourceReportId))];
  const narratives = await narrativesOf(
    ctx.db,
    newSources.filter((id) => roster.has(id)),
  );
  return inputs.map((input) => {
    const old = input.id ? kept.get(input.id) : undefined;
    if (old && old.sourceReportId === input.sourceReportId && old.section === input.section) return { ...old, text: input.text };
    const source = roster.get(input.sourceReportId);
    if (!source)
      throw new ServiceError(
        422,
        'excerpt-source',
        'Đoạn trích phải lấy từ báo cáo của một đơn vị trong đợt báo cáo này.',
        `excerpt source ${input.sourceReportId} is not a report of round ${round.id} in scope`,
      );
    const section = agencyTextsBySection(narratives.get(input.sourceReportId) ?? []).find((s) => s.key === input.section);
    return {
      id: ctx.ids.next('excerpt'),
      sourceReportId: input.sourceReportId,
      agencyId: source.agency_id,
      section: input.section,
      version: source.version ?? 0,
      sourceFingerprint: fingerprint(section?.text ?? ''),
      text: input.text,
    };
  });
}

function checkRanking(ctx: Context, ids: readonly string[] | undefined) {
  if (!ids) return;
  const known = new Set(ctx.templates.indicators.map((i) => i.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new ServiceError(
      422,
      'unknown-indicator',
      'Chỉ tiêu chọn để xếp hạng không có trong danh mục chỉ tiêu.',
      `unknown ranking indicators: ${unknown.join(', ')}`,
    );
}

/** A person's edits (autosave: only the sections that changed), with the version they read. */
export async function saveRoundProvinceReport(ctx: Context, actor: Actor, roundId: string, body: z.infer<typeof provinceReportPutBody>) {
  const round = await composableRound(ctx, actor, roundId);
  const row = await getProvinceReport(ctx.db, roundId);
  checkEditable(row);
  checkVersion(row, body.version);
  checkRanking(ctx, body.rankingIndicators);
  const [basis, province] = await Promise.all([basisOf(ctx, actor, round), provinceNameOf(ctx, round)]);
  const current = storedSectionsOf(row, basis.drafts);
  const edits = [];
  for (const s of body.sections) {
    const excerpts = await stampExcerpts(ctx, actor, round, current.find((c) => c.key === s.key)?.excerpts ?? [], s.excerpts);
    edits.push({ key: s.key, text: s.text, ...(excerpts ? { excerpts } : {}) });
  }
  const sections = applyEdits(current, edits);
  await write(
    ctx,
    actor,
    round,
    row,
    body.version,
    { sections, ...(body.rankingIndicators ? { rankingIndicators: body.rankingIndicators } : {}) },
    'save-province-report',
    body.sections.map((s) => s.key),
  );
  const stored = await getProvinceReport(ctx.db, roundId);
  return present(ctx, basis, stored, sections, province.name);
}

/** Regenerates the generated sections from the current figures; edited ones get the new draft beside them. */
export async function regenerateRoundProvinceReport(ctx: Context, actor: Actor, roundId: string, body: { version: number; replace: SectionKey[] }) {
  const round = await composableRound(ctx, actor, roundId);
  const row = await getProvinceReport(ctx.db, roundId);
  checkEditable(row);
  checkVersion(row, body.version);
  const [basis, province] = await Promise.all([basisOf(ctx, actor, round), provinceNameOf(ctx, round)]);
  const result = regenerate(storedSectionsOf(row, basis.drafts), basis.drafts, body.replace);
  await write(ctx, actor, round, row, body.version, { sections: result.sections }, 'regenerate-province-report', result.replaced);
  const stored = await getProvinceReport(ctx.db, roundId);
  return present(ctx, basis, stored, result.sections, province.name, { regenerated: { replaced: result.replaced, proposals: result.proposals } });
}

/** A workflow move: ready for the leader, issued (number and date), or back to draft. */
export async function moveRoundProvinceReport(
  ctx: Context,
  actor: Actor,
  roundId: string,
  action: ProvinceReportAction,
  body: { version: number; number?: string; date?: string },
) {
  // the province's leader issues the report made ready for them, or sends it back (making it ready is the Sở Nội vụ's)
  const round = await composableRound(ctx, actor, roundId, { leader: action !== 'ready' });
  const row = await getProvinceReport(ctx.db, roundId);
  checkVersion(row, body.version);
  const from: ProvinceReportStatus = row?.status ?? 'draft';
  const moved = moveProvinceReport(from, action, actor.role, {
    ...(body.number !== undefined ? { number: body.number } : {}),
    ...(body.date !== undefined ? { date: body.date } : {}),
  });
  if (!moved.ok) {
    if (moved.reason === 'role') throw forbidden(`province-report:${action}`);
    if (moved.reason === 'state')
      throw new ServiceError(409, 'invalid-transition', moved.messageVi, `province report: ${action} from ${from}`, {
        currentVersion: row?.version ?? 0,
        status: from,
      });
    throw new ServiceError(422, `invalid-${moved.reason}`, moved.messageVi, `province report: issue with an invalid ${moved.reason}`);
  }
  const [basis, province] = await Promise.all([basisOf(ctx, actor, round), provinceNameOf(ctx, round)]);
  const sections = storedSectionsOf(row, basis.drafts);
  const issue = action === 'issue' ? { number: body.number!.trim(), issuedOn: body.date! } : {};
  await write(ctx, actor, round, row, body.version, { sections, status: moved.status, ...issue }, `province-report-${action}`, []);
  const stored = await getProvinceReport(ctx.db, roundId);
  return present(ctx, basis, stored, sections, province.name);
}

/**
 * The agencies' texts of one section, side by side: from the reports sent (submitted or accepted) of the round's
 * agencies the actor sees, by agency kind, searched by words (tones and case ignored), each marked when it changed
 * since the agency's previous accepted report.
 */
export async function provinceReportSources(
  ctx: Context,
  actor: Actor,
  roundId: string,
  query: { section: SectionKey; kind?: AgencyKind; q?: string },
) {
  const round = await composableRound(ctx, actor, roundId);
  const roster = (await listRoundReports(ctx.db, roundId)).filter(
    (r) =>
      actor.scope.has(r.agency_id) && r.report_id && (r.status === 'submitted' || r.status === 'accepted') && (!query.kind || r.kind === query.kind),
  );
  const narratives = await narrativesOf(
    ctx.db,
    roster.map((r) => r.report_id!),
  );
  const period = periodOf(round);
  const earlier = (
    await previousReportsOf(
      ctx.db,
      roster.map((r) => r.agency_id),
      { year: period.year },
    )
  )
    .filter((r) => comparePeriods({ year: r.period_year, kind: r.period_kind as PeriodKind }, period) < 0)
    .sort((a, b) =>
      comparePeriods({ year: b.period_year, kind: b.period_kind as PeriodKind }, { year: a.period_year, kind: a.period_kind as PeriodKind }),
    );
  const previousOf = new Map<string, string>();
  for (const r of earlier) if (!previousOf.has(r.agency_id)) previousOf.set(r.agency_id, r.id);
  const previousNarratives = await narrativesOf(ctx.db, [...previousOf.values()]);
  const words = query.q ? foldForMatch(query.q).split(' ').filter(Boolean) : [];
  const sources = roster.flatMap((r) => {
    const section = agencyTextsBySection(narratives.get(r.report_id!) ?? []).find((s) => s.key === query.section);
    if (!section || !section.text.trim()) return [];
    const folded = foldForMatch(section.text);
    if (!words.every((w) => folded.includes(w))) return [];
    const previousId = previousOf.get(r.agency_id);
    const before = previousId ? agencyTextsBySection(previousNarratives.get(previousId) ?? []).find((s) => s.key === query.section) : undefined;
    return [
      {
        agencyId: r.agency_id,
        agencyName: r.name,
        agencyKind: r.kind,
        reportId: r.report_id!,
        reportVersion: r.version ?? 0,
        status: r.status!,
        headings: section.headings,
        text: section.text,
        changedSincePrevious: previousId ? !sameText(before?.text ?? '', section.text) : null,
      },
    ];
  });
  return { section: query.section, sources };
}

export async function provinceReportHistoryOf(ctx: Context, actor: Actor, roundId: string) {
  await composableRound(ctx, actor, roundId);
  const row = await getProvinceReport(ctx.db, roundId);
  if (!row) return [];
  return (await provinceReportHistory(ctx.db, row.id)).map((h) => {
    const after = (h.after ?? {}) as { version?: number; sections?: { key: string }[] };
    return {
      at: new Date(h.at).toISOString(),
      action: h.action,
      actorId: h.actor_id,
      actorName: h.display_name ?? null,
      version: typeof after.version === 'number' ? after.version : null,
      sections: (after.sections ?? []).map((s) => s.key),
    };
  });
}

// ------------------------------------------------------------------------------------------------------ settings

async function settingsProvince(ctx: Context, actor: Actor, provinceId: string) {
  const agency = await getAgency(ctx.db, provinceId);
  if (!agency || agency.kind !== 'province' || !actor.scope.has(provinceId)) throw notFound('province', provinceId);
  if (!mayCompose(actor)) throw forbidden('province-settings');
  return agency;
}

function storedSettings(raw: unknown, province: string): { settings: ProvinceReportSettings; defaults: boolean } {
  const parsed = provinceReportSettingsSchema.safeParse(raw);
  return parsed.success ? { settings: parsed.data, defaults: false } : { settings: defaultProvinceSettings(province), defaults: true };
}

const provinceLabel = (agency: { province: string | null; name: string }) => agency.province ?? agency.name.replace(/^(?:UBND\s+)?tỉnh\s+/iu, '');

export async function getProvinceReportSettings(ctx: Context, actor: Actor, provinceId: string) {
  const agency = await settingsProvince(ctx, actor, provinceId);
  const row = await getProvinceSettings(ctx.db, provinceId);
  const { settings, defaults } = row
    ? storedSettings(row.settings, provinceLabel(agency))
    : { settings: defaultProvinceSettings(provinceLabel(agency)), defaults: true };
  return { provinceId, version: row?.version ?? 0, settings, defaults };
}

export async function saveProvinceReportSettings(ctx: Context, actor: Actor, provinceId: string, body: z.infer<typeof provinceSettingsPutBody>) {
  await settingsProvince(ctx, actor, provinceId);
  const row = await getProvinceSettings(ctx.db, provinceId);
  if ((row?.version ?? 0) !== body.version)
    throw staleVersion(
      'province settings version is stale',
      { currentVersion: row?.version ?? 0 },
      STALE_VI.replace('Báo cáo của tỉnh', 'Thiết lập báo cáo của tỉnh'),
    );
  const version = await writeProvinceSettings(ctx.db, provinceId, body.version, body.settings, {
    actorId: actor.accountId,
    action: 'save-province-settings',
    now: ctx.clock.now(),
    before: { settings: row?.settings ?? null },
    after: { settings: body.settings },
  });
  if (version === null)
    throw staleVersion('province settings version is stale', { currentVersion: (await getProvinceSettings(ctx.db, provinceId))?.version ?? 0 });
  return { provinceId, version, settings: body.settings, defaults: false };
}

// ------------------------------------------------------------------------------------------------------ document

const STATE_VI: Record<string, string> = { late: 'Gửi báo cáo muộn' };

/** Ranked agencies printed per indicator at most, from the top and from the bottom (a round of thousands of agencies). */
export const RANKING_SHOWN = 25;

type RankedEntry = { rank: number | null; name: string; value: number | null };
type RankingLine = { gap: { rank: null; name: string; value: string } };

/**
 * A ranking as the document prints it: every agency when there are few; otherwise the first and the last
 * RANKING_SHOWN ranked, one line saying how many are ranked between them, and the agencies without a value counted
 * in one line (named when few). The order and ranks are the core's (`rankAgencies`).
 */
export function boundedRanking<T extends RankedEntry>(ranked: readonly T[]): (T | RankingLine)[] {
  const withRank = ranked.filter((e) => e.rank !== null);
  const without = ranked.filter((e) => e.rank === null);
  const middle = withRank.length - 2 * RANKING_SHOWN;
  const top: (T | RankingLine)[] =
    middle > 0
      ? [
          ...withRank.slice(0, RANKING_SHOWN),
          {
            gap: {
              rank: null,
              name: `… ${formatNumber(middle)} cơ quan, đơn vị xếp hạng từ ${RANKING_SHOWN + 1} đến ${withRank.length - RANKING_SHOWN}`,
              value: '…',
            },
          },
          ...withRank.slice(-RANKING_SHOWN),
        ]
      : withRank;
  const tail: (T | RankingLine)[] =
    without.length > RANKING_SHOWN ? [{ gap: { rank: null, name: `${formatNumber(without.length)} cơ quan, đơn vị khác`, value: '' } }] : without;
  return [...top, ...tail];
}

/**
 * The province's report as a document: the header, number, date, recipients and signature from the province's
 * settings; the narrative as stored (generated where untouched) for those who compose it, generated from what the
 * actor sees for other readers; the province appendix with coverage out of the round's agencies; the agencies that
 * did not report or reported late; the ranking of the picked indicators.
 */
export async function provinceReportDocument(
  ctx: Context,
  actor: Actor,
  roundId: string,
  options: { includeSubmitted?: boolean; kind?: AgencyKind },
): Promise<{ doc: ProvinceDocument; fileName: string }> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', roundId);
  if (!may(actor, 'consolidation:read')) throw forbidden('consolidation:read');
  const composer = mayCompose(actor);
  const [basis, row, province] = await Promise.all([
    basisOf(ctx, actor, round, options),
    composer ? getProvinceReport(ctx.db, roundId) : Promise.resolve(undefined),
    provinceNameOf(ctx, round),
  ]);
  const settingsRow = province.id ? await getProvinceSettings(ctx.db, province.id) : undefined;
  const settings = settingsRow ? storedSettings(settingsRow.settings, province.name).settings : defaultProvinceSettings(province.name);
  const sections = storedSectionsOf(row, basis.drafts);
  const now = ctx.clock.now();
  const missing = basis.roster.flatMap((r) => {
    const sent = r.status === 'submitted' || r.status === 'accepted';
    if (!sent)
      return [{ name: r.name, state: `Chưa gửi báo cáo (${statusLabel((r.status ?? 'not-started') as ReportStatus).toLocaleLowerCase('vi')})` }];
    if (timelinessOf(round.deadline, r.submitted_at, now) === 'late') {
      const d = r.submitted_at ? new Date(r.submitted_at) : null;
      return [
        {
          name: r.name,
          state: d
            ? `${STATE_VI['late']} (ngày ${d.toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' })})`
            : STATE_VI['late']!,
        },
      ];
    }
    return [];
  });
  const picked = row?.ranking_indicators?.length ? row.ranking_indicators : phrasing().ranking;
  const rankings = [];
  for (const indicator of picked) {
    const templateRow = basis.template.rows.find((r) => r.indicator === indicator);
    const consolidatedRow = templateRow ? basis.consolidated.rows.find((r) => r.rowId === templateRow.id) : undefined;
    if (!templateRow || !consolidatedRow || templateRow.kind.type === 'text' || templateRow.kind.type === 'coded') continue;
    // every agency of the round: those without a counted value come last, unranked ("Không báo cáo"), never as 0;
    // the counted values of that row only
    const values = await rowValues(ctx, actor, roundId, templateRow.id, options);
    const ranked = rankAgencies(basis.roster.map((r) => ({ agencyId: r.agency_id, name: r.name, value: values.get(r.agency_id) ?? null })));
    const figure = {
      kind: templateRow.kind.type,
      ...(templateRow.kind.type === 'money' ? { currency: templateRow.kind.unit === 'dong' ? 'đồng' : 'triệu đồng' } : {}),
    };
    const entries = boundedRanking(ranked).map((e) =>
      'gap' in e ? e.gap : { rank: e.rank, name: e.name, value: e.value === null ? '' : formatFigure(figure, e.value) },
    );
    rankings.push({ title: templateRow.label, unit: templateRow.unit, entries });
  }
  const blocks = PROVINCE_OUTLINE.map((o) => ({
    heading: o.heading,
    level: o.level,
    text: o.headingOnly ? '' : (sections.find((s) => s.key === o.key)?.text ?? ''),
  }));
  const issued = row?.status === 'issued';
  return {
    doc: {
      kind: 'province',
      header: {
        governingBody: settings.governingBody,
        agency: settings.issuerLines.join('\n'),
        agencyCode: null,
        numberType: settings.numberSuffix,
        number: issued ? row!.number : null,
        place: settings.place,
        date: issued ? row!.issued_on : null,
      },
      period: basis.period,
      title: provinceTitle(basis.period, province.name),
      sections: blocks,
      recipients: settings.recipients,
      signature: { titleLines: settings.signature.titleLines, name: settings.signature.name },
      template: basis.template,
      consolidated: basis.consolidated,
      agencyNames: new Map(basis.counted.map((c) => [c.agencyId, c.name])),
      roundAgencies: basis.coverage.roundAgencies,
      annexes: { missing, rankings },
    },
    fileName: `bao-cao-cchc_${foldForMatch(province.name || 'tinh').replace(/\s+/gu, '-')}_${basis.period.year}-${basis.period.kind}`,
  };
}

export async function provinceReportDocx(ctx: Context, actor: Actor, roundId: string, options: { includeSubmitted?: boolean; kind?: AgencyKind }) {
  const { doc, fileName } = await provinceReportDocument(ctx, actor, roundId, options);
  return { bytes: await renderDocument({ format: 'docx', doc }), fileName: `${fileName}.docx` };
}
