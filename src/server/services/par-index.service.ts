/**
 * The province's CCHC index: criteria sets (loaded from index-criteria/ and stored as loaded), each agency's
 * self-assessment (scores with explanations, evidence: uploaded files, linked reports, links; the periodic reports
 * linked automatically where a criterion asks for them), its submission, the Sở Nội vụ's appraisal (adjustments with
 * a reason, returns for more evidence, finalisation that freezes the computed points), and the group's results.
 *
 * Access follows the reports' agency scoping: an agency outside the actor's agencies does not exist for them (404);
 * the agency's reporters and approvers write the self-assessment (approvers submit it), the Sở Nội vụ's consolidators
 * and administrators appraise it, and those who read the consolidation read the results. Every write carries the
 * version it read (409 when stale) and is audited.
 */
import { createHash } from 'node:crypto';
import type { Template } from '../../core/catalogue/template.js';
import {
  agencyMayEdit,
  appraiserMayEdit,
  assessmentFindings,
  assessmentTotals,
  moveAssessment,
  scoreProblem,
  ASSESSMENT_STATUS_LABELS,
  type AssessmentAction,
  type AssessmentStatus,
  type ScoreEntry,
} from '../../core/par-index/assessment.js';
import { computeAll, forecast, indicatorsRead, type ComputeFacts, type ComputedScore, type ReportFact } from '../../core/par-index/computed.js';
import { criteriaByCode, INDEX_GROUP_LABELS, type CriteriaSet, type IndexCriterion, type IndexGroup } from '../../core/par-index/criteria-set.js';
import { areaSummary, bandOf, rankAssessments } from '../../core/par-index/ranking.js';
import { periodLabel, type PeriodKind } from '../../core/periods/period.js';
import type { Context } from '../context.js';
import type { AgencyKind } from '../db/schema.js';
import { may, type Action, type Actor } from '../policies/access.js';
import { getAgency } from '../repositories/agency.repository.js';
import { agencyIdsWithin } from '../repositories/agency.repository.js';
import {
  assessmentHistory,
  getAssessment,
  getCriteriaSet,
  getEvidenceFile,
  getPublication,
  getReportBrief,
  getScores,
  listCriteriaSets,
  listEvidence,
  listGroupAgencies,
  provincesAbove,
  publishResults,
  reportsOfYear,
  roundFactsOf,
  storeCriteriaSets,
  writeAssessment,
  type AssessmentRow,
  type AssessmentWrite,
  type EvidenceRow,
  type ScoreRow,
} from '../repositories/par-index.repository.js';
import { renderParIndexDocx } from '../../documents/docx/par-index-docx.js';
import type { ParIndexResultsDocument } from '../../documents/par-index-document.js';
import { renderParIndexXlsx } from '../../documents/xlsx/par-index-xlsx.js';
import { getValuesOf } from '../repositories/report.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { INDEX_GROUP_KINDS } from '../../shared/index-schemas.js';
import { loadCriteriaSets } from './par-index-criteria-files.js';
import { forbidden, notFound, ServiceError, staleVersion } from './service-error.js';

/** An uploaded evidence file: at most 10 MB, of the kinds offices exchange. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const EVIDENCE_EXTENSIONS = new Set(['pdf', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'png', 'jpg', 'jpeg', 'zip', 'txt']);

/** The agency kinds each group scores. */
const GROUP_KINDS: Record<IndexGroup, readonly AgencyKind[]> = INDEX_GROUP_KINDS;

const STALE_VI = 'Bản tự đánh giá vừa được người khác cập nhật. Hãy xem bản mới nhất rồi thực hiện lại.';

// ------------------------------------------------------------------------------------------------ criteria sets

const stored = new WeakMap<Context, Promise<void>>();

/** The sets of index-criteria/, stored once per context (a stored set is never replaced). */
async function ensureSets(ctx: Context): Promise<void> {
  let done = stored.get(ctx);
  if (!done) {
    done = (async () => {
      const sets = loadCriteriaSets(ctx.templates.indicators);
      await storeCriteriaSets(
        ctx.db,
        sets.map((s) => ({ id: s.id, year: s.year, group: s.group, name: s.name, definition: s })),
      );
    })();
    stored.set(ctx, done);
    done.catch(() => stored.delete(ctx));
  }
  await done;
}

export async function listIndexSets(ctx: Context, actor: Actor): Promise<CriteriaSet[]> {
  if (!may(actor, 'template:read')) throw forbidden('index-sets');
  await ensureSets(ctx);
  return (await listCriteriaSets(ctx.db)).map((row) => row.definition as unknown as CriteriaSet);
}

async function setOf(ctx: Context, setId: string): Promise<CriteriaSet> {
  await ensureSets(ctx);
  const row = await getCriteriaSet(ctx.db, setId);
  if (!row) throw notFound('index criteria set', setId);
  return row.definition as unknown as CriteriaSet;
}

/** A set, with the names of the canonical indicators its computed criteria read. */
export interface IndexSetView {
  set: CriteriaSet;
  indicatorNames: ReadonlyMap<string, string>;
}

export async function getIndexSet(ctx: Context, actor: Actor, setId: string): Promise<IndexSetView> {
  if (!may(actor, 'template:read')) throw forbidden('index-sets');
  return { set: await setOf(ctx, setId), indicatorNames: indicatorNamesOf(ctx) };
}

const namesCache = new WeakMap<Context, ReadonlyMap<string, string>>();
/** The catalogue's indicator names by id. */
function indicatorNamesOf(ctx: Context): ReadonlyMap<string, string> {
  let names = namesCache.get(ctx);
  if (!names) namesCache.set(ctx, (names = new Map(ctx.templates.indicators.map((i) => [i.id, i.name]))));
  return names;
}

const numberVi = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });

/** How a computed criterion is computed, in Vietnamese (indicators by their catalogue names). */
export function computedFrom(c: IndexCriterion, names: ReadonlyMap<string, string>): string | null {
  if (c.scoring.kind !== 'computed') return null;
  const s = c.scoring.source;
  const name = (id: string) => `"${names.get(id) ?? id}"`;
  const scale =
    c.scoring.scale.kind === 'proportional'
      ? 'điểm tỷ lệ thuận với tỷ lệ đạt được'
      : c.scoring.scale.steps.map((x) => `từ ${numberVi(x.from)}%: ${numberVi(x.points)} điểm`).join('; ');
  switch (s.kind) {
    case 'report-timeliness':
      return `Tỷ lệ báo cáo CCHC định kỳ gửi đúng hạn trong năm (${scale})`;
    case 'ratio':
      return `${name(s.numerator)} trên ${name(s.denominator)} theo báo cáo được duyệt gần nhất trong năm (${scale})`;
    case 'indicator':
      return `${name(s.indicator)} theo báo cáo được duyệt gần nhất trong năm (${scale})`;
  }
}

// ------------------------------------------------------------------------------------------------ access

type Need = 'read' | 'self' | 'submit' | 'appraise';
const NEED_ACTIONS: Record<Need, Action[]> = {
  read: ['report:read'],
  self: ['report:write'],
  submit: ['report:submit'],
  appraise: ['report:review', 'consolidation:read'],
};

interface Target {
  set: CriteriaSet;
  agency: { id: string; name: string; kind: AgencyKind };
  row: AssessmentRow | undefined;
}

/** The set and the agency, if the actor sees the agency (404 otherwise) and may do what is needed (403). */
async function targetOf(ctx: Context, actor: Actor, setId: string, agencyId: string, need: Need): Promise<Target> {
  if (!actor.scope.has(agencyId)) throw notFound('agency', agencyId);
  const set = await setOf(ctx, setId);
  const agency = await getAgency(ctx.db, agencyId);
  if (!agency) throw notFound('agency', agencyId);
  if (!NEED_ACTIONS[need].every((a) => may(actor, a, agencyId))) throw forbidden(`index-assessment:${need}`);
  if (!GROUP_KINDS[set.group].includes(agency.kind)) {
    throw new ServiceError(
      422,
      'not-in-group',
      `${agency.name} không thuộc nhóm ${INDEX_GROUP_LABELS[set.group]} của bộ tiêu chí này.`,
      `agency ${agencyId} (${agency.kind}) is not in group ${set.group}`,
    );
  }
  return { set, agency: { id: agency.id, name: agency.name, kind: agency.kind }, row: await getAssessment(ctx.db, setId, agencyId) };
}

// ------------------------------------------------------------------------------------------------ facts

const templateCache = new WeakMap<Context, Map<string, Template>>();
async function templateOf(ctx: Context, id: string): Promise<Template | undefined> {
  let cache = templateCache.get(ctx);
  if (!cache) templateCache.set(ctx, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const template = ctx.templates.templates.find((t) => t.id === id) ?? (await getTemplateVersion(ctx.db, id));
  if (template) cache.set(id, template);
  return template;
}

/** What the computed criteria read for an agency: the year's rounds, and its accepted reports' indicator values. */
async function factsOf(ctx: Context, set: CriteriaSet, agencyId: string): Promise<ComputeFacts> {
  const rounds = await roundFactsOf(ctx.db, [agencyId], set.year);
  const accepted = await reportsOfYear(ctx.db, [agencyId], set.year, ['accepted']);
  const wanted = indicatorsRead(set);
  const values =
    wanted.length > 0
      ? await getValuesOf(
          ctx.db,
          accepted.map((r) => r.id),
        )
      : new Map<string, Awaited<ReturnType<typeof getValuesOf>> extends Map<string, infer V> ? V : never>();
  const reports: ReportFact[] = [];
  for (const r of accepted) {
    const template = await templateOf(ctx, r.template_id);
    const rowOf = new Map<string, string>();
    for (const row of template?.rows ?? []) if (row.indicator && !rowOf.has(row.indicator)) rowOf.set(row.indicator, row.id);
    const cells = new Map((values.get(r.id) ?? []).map((v) => [v.row_id, v]));
    const indicators = new Map<string, number | null>();
    for (const indicator of wanted) {
      const rowId = rowOf.get(indicator);
      const cell = rowId ? cells.get(rowId) : undefined;
      const n = cell && cell.status === 'reported' && cell.value !== null ? Number(cell.value) : null;
      indicators.set(indicator, n !== null && Number.isFinite(n) ? n : null);
    }
    reports.push({ reportId: r.id, period: { year: r.period_year, kind: r.period_kind as PeriodKind }, indicators });
  }
  return {
    year: set.year,
    now: ctx.clock.now(),
    indicatorNames: indicatorNamesOf(ctx),
    rounds: rounds.map((r) => ({
      roundId: r.round_id,
      period: { year: r.period_year, kind: r.period_kind as PeriodKind },
      deadline: r.deadline,
      submittedAt: r.submitted_at && (r.status === 'submitted' || r.status === 'accepted') ? new Date(r.submitted_at) : null,
    })),
    reports,
  };
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function entriesOf(scores: readonly ScoreRow[]): ScoreEntry[] {
  return scores.map((s) => ({
    code: s.code,
    selfScore: num(s.self_score),
    selfNote: s.self_note,
    appraisedScore: num(s.appraised_score),
    appraisalReason: s.appraisal_reason,
    frozenComputed: num(s.computed_score),
  }));
}

// ------------------------------------------------------------------------------------------------ the assessment

export interface EvidenceItem {
  id: string | null;
  code: string;
  kind: 'file' | 'report' | 'link';
  title: string;
  fileName: string | null;
  size: number | null;
  reportId: string | null;
  url: string | null;
  auto: boolean;
  createdAt: Date | null;
}

const reportLabel = (r: { period_year: number; period_kind: string }) =>
  `Báo cáo CCHC ${periodLabel({ year: r.period_year, kind: r.period_kind as PeriodKind }).replace(/^Năm/u, 'năm')}`;

/** Everything the assessment page shows, computed from what is stored and from the reports now. */
async function viewOf(ctx: Context, actor: Actor, target: Target) {
  const { set, agency, row } = target;
  const status: AssessmentStatus = row?.status ?? 'draft';
  const scores = row ? await getScores(ctx.db, [row.id]) : [];
  const entries = entriesOf(scores);
  const evidenceRows = row ? await listEvidence(ctx.db, [row.id]) : [];
  const facts = await factsOf(ctx, set, agency.id);
  const computed = computeAll(set, facts);
  const sent = await reportsOfYear(ctx.db, [agency.id], set.year, ['submitted', 'accepted']);
  const auto = new Set<string>();
  const evidence = new Map<string, EvidenceItem[]>(set.criteria.map((c) => [c.code, []]));
  for (const c of set.criteria) {
    if (!c.evidence.reports) continue;
    for (const r of sent) {
      auto.add(c.code);
      evidence.get(c.code)!.push({
        id: null,
        code: c.code,
        kind: 'report',
        title: reportLabel(r),
        fileName: null,
        size: null,
        reportId: r.id,
        url: null,
        auto: true,
        createdAt: null,
      });
    }
  }
  for (const e of evidenceRows) evidence.get(e.code)?.push(evidenceItem(e));
  const totals = assessmentTotals(set, entries, computed);
  const findings = assessmentFindings(
    set,
    entries,
    evidenceRows.map((e) => ({ code: e.code, kind: e.kind })),
    auto,
  );
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const results = new Map(totals.criteria.map((r) => [r.code, r]));
  return {
    setId: set.id,
    agencyId: agency.id,
    agencyName: agency.name,
    version: row?.version ?? 0,
    status,
    statusLabel: ASSESSMENT_STATUS_LABELS[status],
    returnReason: row?.return_reason ?? null,
    submittedAt: row?.submitted_at ?? null,
    finalisedAt: row?.finalised_at ?? null,
    criteria: set.criteria.map((c) => {
      const e = byCode.get(c.code);
      const r = results.get(c.code)!;
      const live = computed.get(c.code);
      const frozen = e?.frozenComputed ?? null;
      return {
        code: c.code,
        self: e?.selfScore ?? null,
        selfNote: e?.selfNote ?? null,
        appraised: e?.appraisedScore ?? null,
        appraisalReason: e?.appraisalReason ?? null,
        computed: live ? computedView(live, status === 'finalised' ? frozen : null) : null,
        final: r.final,
        adjusted: r.adjusted,
        evidence: evidence.get(c.code) ?? [],
      };
    }),
    totals: { score: totals.score, max: totals.max, percent: totals.percent, selfScore: totals.selfScore, areas: totals.areas },
    findings,
    forecast: (({ points, max }) => ({ points, max }))(forecast(set, facts)),
    reports: sent.map((r) => ({ id: r.id, label: reportLabel(r), status: r.status })),
    permissions: {
      selfEdit: agencyMayEdit(status) && may(actor, 'report:write', agency.id),
      submit: agencyMayEdit(status) && may(actor, 'report:submit', agency.id),
      appraise: may(actor, 'report:review', agency.id) && may(actor, 'consolidation:read', agency.id),
    },
    maxEvidenceBytes: MAX_EVIDENCE_BYTES,
  };
}

export type AssessmentView = Awaited<ReturnType<typeof viewOf>>;

function computedView(live: ComputedScore, frozen: number | null) {
  if (frozen !== null) return { points: frozen, rate: live.rate, basis: live.basis, missing: [], reportId: live.reportId, frozen: true };
  return { points: live.points, rate: live.rate, basis: live.basis, missing: live.missing, reportId: live.reportId, frozen: false };
}

function evidenceItem(e: EvidenceRow): EvidenceItem {
  return {
    id: e.id,
    code: e.code,
    kind: e.kind,
    title: e.title,
    fileName: e.file_name,
    size: e.size,
    reportId: e.report_id,
    url: e.url,
    auto: false,
    createdAt: e.created_at,
  };
}

export async function getIndexAssessment(ctx: Context, actor: Actor, setId: string, agencyId: string): Promise<AssessmentView> {
  return viewOf(ctx, actor, await targetOf(ctx, actor, setId, agencyId, 'read'));
}

/**
 * The group's agencies within the actor's agencies, each with its assessment's state (the appraisal's work list) and
 * the province it belongs to (where its group's results are).
 */
export async function listIndexAssessments(ctx: Context, actor: Actor, setId: string) {
  if (!may(actor, 'report:read')) throw forbidden('index-assessments');
  const set = await setOf(ctx, setId);
  const rows = await listGroupAgencies(ctx.db, set.id, GROUP_KINDS[set.group], [...actor.scope], set.year);
  const provinces = await provincesAbove(
    ctx.db,
    rows.map((r) => r.agency_id),
  );
  return rows.map((r) => ({
    agencyId: r.agency_id,
    agencyName: r.name,
    provinceId: provinces.get(r.agency_id) ?? null,
    status: r.status ?? null,
    statusLabel: r.status ? ASSESSMENT_STATUS_LABELS[r.status] : 'Chưa tự đánh giá',
    version: r.version ?? 0,
    submittedAt: r.submitted_at ?? null,
    finalisedAt: r.finalised_at ?? null,
  }));
}

async function write(
  ctx: Context,
  actor: Actor,
  target: Target,
  expected: number,
  change: AssessmentWrite,
  action: string,
  after: Record<string, unknown>,
) {
  const current = target.row?.version ?? 0;
  if (expected !== current)
    throw staleVersion(
      `index assessment ${target.set.id}/${target.agency.id} is at ${current}, not ${expected}`,
      { currentVersion: current },
      STALE_VI,
    );
  const result = await writeAssessment(
    ctx.db,
    { id: target.row?.id ?? ctx.ids.next('idx'), setId: target.set.id, agencyId: target.agency.id },
    expected,
    change,
    { actorId: actor.accountId, action, before: { status: target.row?.status ?? null }, after, now: ctx.clock.now() },
  );
  if (!result) throw staleVersion(`index assessment ${target.set.id}/${target.agency.id}: concurrent write`, {}, STALE_VI);
  return viewOf(ctx, actor, { ...target, row: await getAssessment(ctx.db, target.set.id, target.agency.id) });
}

const locked = (status: AssessmentStatus, who: 'agency' | 'appraiser') =>
  new ServiceError(
    409,
    'assessment-locked',
    who === 'agency'
      ? 'Bản tự đánh giá đã gửi thẩm định hoặc đã chốt nên đơn vị không sửa được.'
      : 'Chỉ điều chỉnh điểm khi bản tự đánh giá đang chờ thẩm định.',
    `assessment is ${status}`,
  );

const invalid = (messageVi: string, log: string) => new ServiceError(422, 'invalid-score', messageVi, log);

/** The agency's self scores and explanations (draft or returned only). */
export async function saveSelfScores(
  ctx: Context,
  actor: Actor,
  setId: string,
  agencyId: string,
  body: { version: number; scores: { code: string; score: number | null; note: string | null }[] },
) {
  const target = await targetOf(ctx, actor, setId, agencyId, 'self');
  const status = target.row?.status ?? 'draft';
  if (!agencyMayEdit(status)) throw locked(status, 'agency');
  const criteria = criteriaByCode(target.set);
  for (const s of body.scores) {
    const c = criteria.get(s.code);
    const problem = scoreProblem(c, s.score);
    if (problem) throw invalid(problem, `self score of ${s.code}: ${problem}`);
    if (c!.scoring.kind !== 'self') throw invalid(`Tiêu chí ${s.code} không do đơn vị tự chấm.`, `criterion ${s.code} is ${c!.scoring.kind}`);
  }
  return write(
    ctx,
    actor,
    target,
    body.version,
    { status, scores: body.scores.map((s) => ({ code: s.code, side: 'self', score: s.score, text: s.note?.trim() || null })) },
    'index-self-score',
    { scores: body.scores },
  );
}

/** The appraisal's adjustments, each with its reason (while the assessment waits for appraisal). */
export async function saveAppraisal(
  ctx: Context,
  actor: Actor,
  setId: string,
  agencyId: string,
  body: { version: number; scores: { code: string; score: number | null; reason: string | null }[] },
) {
  const target = await targetOf(ctx, actor, setId, agencyId, 'appraise');
  const status = target.row?.status ?? 'draft';
  if (!appraiserMayEdit(status)) throw locked(status, 'appraiser');
  const criteria = criteriaByCode(target.set);
  for (const s of body.scores) {
    const c = criteria.get(s.code);
    const problem = scoreProblem(c, s.score);
    if (problem) throw invalid(problem, `appraised score of ${s.code}: ${problem}`);
    if (s.score !== null && c!.scoring.kind !== 'appraised' && !(s.reason ?? '').trim()) {
      throw invalid(`Cần ghi lý do điều chỉnh điểm của tiêu chí ${s.code}.`, `appraisal of ${s.code} without a reason`);
    }
  }
  return write(
    ctx,
    actor,
    target,
    body.version,
    { scores: body.scores.map((s) => ({ code: s.code, side: 'appraisal', score: s.score, text: s.reason?.trim() || null })) },
    'index-appraise',
    { scores: body.scores },
  );
}

/** submit (the agency's approver), return with a reason, finalise, reopen (the appraisal team). */
export async function moveIndexAssessment(
  ctx: Context,
  actor: Actor,
  setId: string,
  agencyId: string,
  action: AssessmentAction,
  body: { version: number; reason?: string | undefined },
) {
  const target = await targetOf(ctx, actor, setId, agencyId, action === 'submit' ? 'submit' : 'appraise');
  const view = await viewOf(ctx, actor, target);
  const status = view.status;
  const moved = moveAssessment(status, action, { findings: view.findings, reason: body.reason ?? null });
  if (!moved.ok) {
    if ((body.version ?? 0) !== view.version) throw staleVersion('index assessment moved since read', { currentVersion: view.version }, STALE_VI);
    throw new ServiceError(409, 'invalid-transition', moved.message, `cannot ${action} an assessment that is ${status}`);
  }
  const now = ctx.clock.now();
  const change: AssessmentWrite = { status: moved.to };
  if (action === 'submit') Object.assign(change, { submittedAt: now, returnReason: null });
  if (action === 'return') change.returnReason = body.reason!.trim();
  if (action === 'finalise') {
    change.finalisedAt = now;
    change.freeze = view.criteria.filter((c) => c.computed !== null).map((c) => ({ code: c.code, points: c.computed!.points ?? 0 }));
  }
  if (action === 'reopen') {
    change.finalisedAt = null;
    change.freeze = view.criteria.filter((c) => c.computed !== null).map((c) => ({ code: c.code, points: null }));
  }
  return write(ctx, actor, target, body.version, change, `index-${action}`, { status: moved.to, ...(body.reason ? { reason: body.reason } : {}) });
}

function fileNameOf(name: string): string {
  const base = name.split(/[\\/]/u).pop()!.trim().slice(0, 200);
  return base || 'tai-lieu';
}

/** An uploaded file as evidence of a criterion (draft or returned only): 10 MB at most, of the usual office kinds. */
export async function addEvidenceFile(
  ctx: Context,
  actor: Actor,
  setId: string,
  agencyId: string,
  input: { version: number; code: string; fileName: string; contentType: string; bytes: Buffer },
) {
  const target = await targetOf(ctx, actor, setId, agencyId, 'self');
  const status = target.row?.status ?? 'draft';
  if (!agencyMayEdit(status)) throw locked(status, 'agency');
  if (!criteriaByCode(target.set).has(input.code)) throw invalid('Không có tiêu chí này trong bộ tiêu chí.', `no criterion ${input.code}`);
  if (input.bytes.length === 0) throw new ServiceError(400, 'empty-file', 'Tệp tải lên rỗng.', 'empty evidence file');
  if (input.bytes.length > MAX_EVIDENCE_BYTES) {
    throw new ServiceError(
      413,
      'too-large',
      `Tệp quá lớn (tối đa ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB).`,
      `evidence of ${input.bytes.length} bytes`,
    );
  }
  const name = fileNameOf(input.fileName);
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  if (!EVIDENCE_EXTENSIONS.has(ext)) {
    throw new ServiceError(
      415,
      'unsupported-file',
      `Chỉ nhận tệp ${[...EVIDENCE_EXTENSIONS].map((e) => `.${e}`).join(', ')}.`,
      `evidence file type ${ext || '(none)'}`,
    );
  }
  return write(
    ctx,
    actor,
    target,
    input.version,
    {
      status,
      addEvidence: {
        id: ctx.ids.next('evd'),
        code: input.code,
        kind: 'file',
        title: name,
        file: {
          name,
          contentType: input.contentType || 'application/octet-stream',
          size: input.bytes.length,
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          base64: input.bytes.toString('base64'),
        },
      },
    },
    'index-evidence-add',
    { code: input.code, kind: 'file', fileName: name, size: input.bytes.length },
  );
}

/** A link as evidence: one of the agency's reports in CCHC, or an address (http, https). */
export async function addEvidenceLink(
  ctx: Context,
  actor: Actor,
  setId: string,
  agencyId: string,
  body: { version: number; code: string; reportId?: string | undefined; url?: string | undefined; title?: string | undefined },
) {
  const target = await targetOf(ctx, actor, setId, agencyId, 'self');
  const status = target.row?.status ?? 'draft';
  if (!agencyMayEdit(status)) throw locked(status, 'agency');
  if (!criteriaByCode(target.set).has(body.code)) throw invalid('Không có tiêu chí này trong bộ tiêu chí.', `no criterion ${body.code}`);
  if ((body.reportId === undefined) === (body.url === undefined)) {
    throw invalid('Hãy chọn một báo cáo trong CCHC hoặc nhập một đường dẫn.', 'link evidence needs exactly one of reportId, url');
  }
  let title = body.title?.trim() ?? '';
  if (body.reportId !== undefined) {
    const report = await getReportBrief(ctx.db, body.reportId);
    if (!report || report.agency_id !== agencyId || !actor.scope.has(report.agency_id)) throw notFound('report', body.reportId);
    if (report.status !== 'accepted' && report.status !== 'submitted') {
      throw invalid('Chỉ liên kết được báo cáo đã nộp hoặc đã được duyệt.', `report ${report.id} is ${report.status}`);
    }
    title ||= reportLabel(report);
  } else {
    const url = new URL(body.url!);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw invalid('Đường dẫn phải bắt đầu bằng http:// hoặc https://.', `link ${url.protocol}`);
    title ||= url.host;
  }
  return write(
    ctx,
    actor,
    target,
    body.version,
    {
      status,
      addEvidence: {
        id: ctx.ids.next('evd'),
        code: body.code,
        kind: body.reportId !== undefined ? 'report' : 'link',
        title,
        ...(body.reportId !== undefined ? { reportId: body.reportId } : { url: body.url! }),
      },
    },
    'index-evidence-add',
    { code: body.code, kind: body.reportId !== undefined ? 'report' : 'link', title, reportId: body.reportId ?? null, url: body.url ?? null },
  );
}

export async function removeEvidence(ctx: Context, actor: Actor, setId: string, agencyId: string, evidenceId: string, body: { version: number }) {
  const target = await targetOf(ctx, actor, setId, agencyId, 'self');
  const status = target.row?.status ?? 'draft';
  if (!agencyMayEdit(status)) throw locked(status, 'agency');
  const present = target.row ? (await listEvidence(ctx.db, [target.row.id])).find((e) => e.id === evidenceId) : undefined;
  if (!present) throw notFound('evidence', evidenceId);
  return write(ctx, actor, target, body.version, { status, removeEvidence: evidenceId }, 'index-evidence-remove', {
    code: present.code,
    kind: present.kind,
    title: present.title,
  });
}

/** An evidence file's bytes, for those who may read the agency's assessment. */
export async function evidenceFile(ctx: Context, actor: Actor, evidenceId: string) {
  const row = await getEvidenceFile(ctx.db, evidenceId);
  if (!row || !actor.scope.has(row.agency_id) || row.kind !== 'file' || row.content_base64 === null) throw notFound('evidence', evidenceId);
  if (!may(actor, 'report:read', row.agency_id)) throw forbidden('index-evidence');
  return {
    fileName: row.file_name ?? 'tai-lieu',
    contentType: row.content_type ?? 'application/octet-stream',
    bytes: Buffer.from(row.content_base64, 'base64'),
  };
}

/** The assessment's history: every write, who and when, the adjustments with their reasons. */
export async function indexAssessmentHistory(ctx: Context, actor: Actor, setId: string, agencyId: string) {
  const target = await targetOf(ctx, actor, setId, agencyId, 'read');
  if (!target.row) return [];
  return (await assessmentHistory(ctx.db, target.row.id)).map((h) => ({
    at: h.at,
    action: h.action,
    actor: h.display_name,
    after: h.after,
  }));
}

// ------------------------------------------------------------------------------------------------ results

/** The province, if the actor sees it (404) and may read the consolidation (403): the Sở Nội vụ's view of the results. */
async function provinceFor(ctx: Context, actor: Actor, provinceId: string, action: 'read' | 'publish') {
  if (!actor.scope.has(provinceId)) throw notFound('province', provinceId);
  const province = await getAgency(ctx.db, provinceId);
  if (!province || province.kind !== 'province') throw notFound('province', provinceId);
  const needs: Action[] = action === 'read' ? ['consolidation:read'] : ['consolidation:read', 'report:review'];
  if (!needs.every((a) => may(actor, a, provinceId))) throw forbidden(`index-results:${action}`);
  return province;
}

/**
 * Who reads a group's results in a province, and how: the Sở Nội vụ (those who read the province's consolidation)
 * reads them as they stand, every agency of the group with its state; an agency of the group in the province (its
 * accounts) reads the published ranking only — nothing before publication, and no agency's state. Anyone else: 404.
 */
async function resultsReader(ctx: Context, actor: Actor, set: CriteriaSet, provinceId: string) {
  if (actor.scope.has(provinceId) && may(actor, 'consolidation:read', provinceId)) {
    return { province: await provinceFor(ctx, actor, provinceId, 'read'), publishedOnly: false };
  }
  const province = await getAgency(ctx.db, provinceId);
  if (!province || province.kind !== 'province' || !may(actor, 'report:read')) throw notFound('province', provinceId);
  const under = new Set(await agencyIdsWithin(ctx.db, [province.id]));
  const own = await listGroupAgencies(
    ctx.db,
    set.id,
    GROUP_KINDS[set.group],
    [...actor.scope].filter((a) => under.has(a)),
    set.year,
  );
  if (own.length === 0) throw notFound('province', provinceId);
  return { province, publishedOnly: true };
}

async function resultsOf(ctx: Context, actor: Actor, set: CriteriaSet, province: { id: string; name: string }, publishedOnly = false) {
  const under = await agencyIdsWithin(ctx.db, [province.id]);
  const publication = await getPublication(ctx.db, set.id, province.id);
  // an agency reads the whole group's published ranking: the assessments finalised when the results were published (one
  // reopened since drops out of its view until the results are published again)
  const agencies =
    publishedOnly && !publication
      ? []
      : await listGroupAgencies(ctx.db, set.id, GROUP_KINDS[set.group], publishedOnly ? under : under.filter((a) => actor.scope.has(a)), set.year);
  const finalised = agencies.filter(
    (a) =>
      a.status === 'finalised' &&
      a.assessment_id &&
      (!publishedOnly || (a.finalised_at !== null && new Date(a.finalised_at) <= new Date(publication!.published_at))),
  );
  const scores = await getScores(
    ctx.db,
    finalised.map((a) => a.assessment_id!),
  );
  const byAssessment = new Map<string, ScoreRow[]>();
  for (const s of scores) byAssessment.set(s.assessment_id, [...(byAssessment.get(s.assessment_id) ?? []), s]);
  const inputs = finalised.map((a) => {
    // a finalised assessment's computed points are frozen: nothing is read from the reports
    const totals = assessmentTotals(set, entriesOf(byAssessment.get(a.assessment_id!) ?? []), new Map());
    return { agencyId: a.agency_id, name: a.name, score: totals.score, max: totals.max, percent: totals.percent, areas: totals.areas };
  });
  const ranking = rankAssessments(inputs);
  return {
    set,
    provinceId: province.id,
    provinceName: province.name,
    publishedOnly,
    published: publication ? { at: publication.published_at, decision: publication.decision } : null,
    ranking: ranking.map((r) => ({ ...r, band: bandOf(r.percent) })),
    pending: publishedOnly
      ? []
      : agencies
          .filter((a) => a.status !== 'finalised')
          .map((a) => ({
            agencyId: a.agency_id,
            agencyName: a.name,
            status: a.status ?? null,
            statusLabel: a.status ? ASSESSMENT_STATUS_LABELS[a.status] : 'Chưa tự đánh giá',
          })),
    areas: areaSummary(ranking),
  };
}

export type IndexResults = Awaited<ReturnType<typeof resultsOf>>;

/** The group's results in a province: as they stand for the Sở Nội vụ, as published for the group's agencies. */
export async function indexResults(ctx: Context, actor: Actor, setId: string, provinceId: string): Promise<IndexResults> {
  const set = await setOf(ctx, setId);
  const { province, publishedOnly } = await resultsReader(ctx, actor, set, provinceId);
  return resultsOf(ctx, actor, set, province, publishedOnly);
}

/** Publishes the group's results in the province (with the decision that issues them); they can be published again. */
export async function publishIndexResults(ctx: Context, actor: Actor, setId: string, provinceId: string, body: { decision?: string | undefined }) {
  const province = await provinceFor(ctx, actor, provinceId, 'publish');
  const set = await setOf(ctx, setId);
  const results = await resultsOf(ctx, actor, set, province);
  if (results.ranking.length === 0) {
    throw new ServiceError(409, 'nothing-to-publish', 'Chưa có đơn vị nào được chốt kết quả để công bố.', `no finalised assessment of ${setId}`);
  }
  await publishResults(ctx.db, set.id, province.id, body.decision?.trim() || null, actor.accountId, ctx.clock.now());
  return resultsOf(ctx, actor, set, province);
}

/** Each agency's index over the years of a group's sets (finalised assessments), for the comparison chart. */
export async function compareIndexYears(ctx: Context, actor: Actor, provinceId: string, group: IndexGroup) {
  const province = await provinceFor(ctx, actor, provinceId, 'read');
  await ensureSets(ctx);
  const sets = (await listCriteriaSets(ctx.db))
    .map((r) => r.definition as unknown as CriteriaSet)
    .filter((s) => s.group === group)
    .sort((a, b) => a.year - b.year);
  const years = [...new Set(sets.map((s) => s.year))];
  const agencies = new Map<string, { agencyId: string; agencyName: string; percents: (number | null)[] }>();
  for (const set of sets) {
    const results = await resultsOf(ctx, actor, set, province);
    const at = years.indexOf(set.year);
    for (const r of results.ranking) {
      const row = agencies.get(r.agencyId) ?? { agencyId: r.agencyId, agencyName: r.name, percents: years.map(() => null) };
      row.percents[at] = r.percent;
      agencies.set(r.agencyId, row);
    }
  }
  return { group, years, agencies: [...agencies.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi')) };
}

/** The results as the DOCX annex of the province's decision, or as XLSX. */
export async function indexResultsDocument(ctx: Context, actor: Actor, setId: string, provinceId: string, format: 'docx' | 'xlsx') {
  const results = await indexResults(ctx, actor, setId, provinceId);
  if (results.publishedOnly && !results.published) {
    throw new ServiceError(409, 'not-published', 'Kết quả Chỉ số CCHC của nhóm này chưa được công bố.', `results of ${setId} not published`);
  }
  const doc: ParIndexResultsDocument = {
    provinceName: results.provinceName,
    year: results.set.year,
    groupLabel: INDEX_GROUP_LABELS[results.set.group],
    setName: results.set.name,
    decision: results.published?.decision ?? results.set.decision,
    example: results.set.example,
    max: results.set.max,
    areas: results.set.areas.map((a) => ({ key: a.key, code: a.code, name: a.name, max: a.max })),
    ranking: results.ranking.map((r) => ({
      rank: r.rank,
      agencyName: r.name,
      score: r.score,
      percent: r.percent,
      band: r.band,
      areas: Object.fromEntries(r.areas.map((a) => [a.key, a.score])),
    })),
  };
  const bytes = format === 'docx' ? await renderParIndexDocx(doc) : await renderParIndexXlsx(doc);
  return { bytes, fileName: `chi-so-cchc-${results.set.id}.${format}` };
}
