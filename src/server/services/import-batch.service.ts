/**
 * A whole archive of legacy reports imported into history at once (the command line's `cchc import --save`; the
 * browser's review queue uses the same plan): each document, already read into a preview (import-worker.ts), is
 * placed by what it says — template version, agency, period — and only the sure ones are saved, through the same
 * save as the browser's import (import.service.ts `saveImport`: access checked, cells read again by the core grammar,
 * audited). A document is held for review, with why, never guessed, when:
 * - it names no period, or its appendix fits no template well;
 * - its agency matches none of the agency tree (by name and province; an agency merged or renamed is followed through
 *   its successor links to the one in force for the period), or more than one;
 * - another document of the batch is for the same agency and period (all of them are held), or the agency already
 *   has an accepted report for the period (the save refuses it).
 */
import type { Period, PeriodKind } from '../../core/periods/period.js';
import { foldForMatch } from '../../core/values/text.js';
import type { ImportSaveBody } from '../../shared/import-schemas.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { listAgencies, type Agency } from '../repositories/agency.repository.js';
import { saveImport } from './import.service.js';
import type { ImportJobResult } from './import-worker.js';
import { forbidden, ServiceError } from './service-error.js';

export type HoldReason = 'no-period' | 'template-unsure' | 'no-agency' | 'ambiguous-agency' | 'duplicate' | 'report-exists' | 'refused';

export interface HeldDocument {
  source: string;
  reason: HoldReason;
  /** Why, in Vietnamese, for the person reviewing. */
  messageVi: string;
  /** Why, in English, for logs. */
  message: string;
  /** The agencies it could be (ambiguous), or that the duplicate documents are for. */
  agencyIds: string[];
  preview: ImportJobResult;
}

export interface PlannedDocument {
  source: string;
  agencyId: string;
  /** The agency the document names, when the one it is saved under is its successor (merged or renamed). */
  namedAgencyId: string | null;
  period: Period;
  preview: ImportJobResult;
}

export interface BatchPlan {
  sure: PlannedDocument[];
  held: HeldDocument[];
}

export interface SavedDocument extends PlannedDocument {
  reportId: string;
}

// ---------------------------------------------------------------------------------------------- matching agencies

const MONTHS: Record<PeriodKind, [number, number]> = { Q1: [1, 3], Q2: [4, 6], Q3: [7, 9], Q4: [10, 12], H1: [1, 6], M9: [1, 9], Y: [1, 12] };

/** The first and last day a period covers (yyyy-mm-dd). */
export function periodDays(period: Period): { from: string; to: string } {
  const [first, last] = MONTHS[period.kind];
  const lastDay = new Date(Date.UTC(period.year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${period.year}-${pad(first)}-01`, to: `${period.year}-${pad(last)}-${pad(lastDay)}` };
}

const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** "Sở Y tế tỉnh Khánh Hòa" and "Sở Y tế" name the same agency of Khánh Hòa. */
function foldedName(name: string): string {
  return foldForMatch(name)
    .replace(/\s+(?:tinh|thanh pho|tp)\s+[a-z\s-]+$/u, '')
    .trim();
}

const inForce = (agency: Agency, days: { from: string; to: string }) =>
  day(agency.valid_from) <= days.to && (agency.valid_to === null || day(agency.valid_to) >= days.from);

export type AgencyMatch = { ok: true; agency: Agency; named: Agency } | { ok: false; reason: 'no-agency' | 'ambiguous-agency'; candidates: Agency[] };

/**
 * The agency of the tree a document is from, for its period: those whose name (or short name) and province match the
 * recognised ones; one that had stopped before the period is followed through its successor links (a merger, a new
 * name) to the one in force then. Exactly one must remain.
 */
export function matchAgencyForPeriod(
  agencies: readonly Agency[],
  recognised: { name: string | null; province: string | null },
  period: Period,
): AgencyMatch {
  if (!recognised.name) return { ok: false, reason: 'no-agency', candidates: [] };
  const name = foldedName(recognised.name);
  const province = recognised.province ? foldForMatch(recognised.province) : null;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const named = agencies.filter(
    (a) =>
      [a.name, a.short_name].some((n) => n && foldedName(n) === name) && (province === null || !a.province || foldForMatch(a.province) === province),
  );
  const days = periodDays(period);
  const found = new Map<string, { agency: Agency; named: Agency }>();
  for (const start of named) {
    let agency: Agency | undefined = start;
    // an agency that stopped before the period: its successor took over (at most a few hops; a loop stops)
    for (let hops = 0; agency && agency.valid_to !== null && day(agency.valid_to) < days.from && hops < 16; hops++) {
      agency = agency.successor_id ? byId.get(agency.successor_id) : undefined;
    }
    if (agency && inForce(agency, days) && !found.has(agency.id)) found.set(agency.id, { agency, named: start });
  }
  const matches = [...found.values()];
  if (matches.length === 1) return { ok: true, ...matches[0]! };
  return { ok: false, reason: matches.length === 0 ? 'no-agency' : 'ambiguous-agency', candidates: matches.map((m) => m.agency) };
}

// ---------------------------------------------------------------------------------------------- the plan

const periodText = (p: Period) => `${p.kind} ${p.year}`;

/** Where each document goes, and those held for review with why. Reads the agency tree within the actor's scope. */
export async function planHistoryImport(ctx: Context, actor: Actor, documents: readonly ImportJobResult[]): Promise<BatchPlan> {
  if (!may(actor, 'history:import')) throw forbidden('import history');
  const agencies = await listAgencies(ctx.db, [...actor.scope]);
  const held: HeldDocument[] = [];
  const placed: PlannedDocument[] = [];
  for (const preview of documents) {
    const hold = (reason: HoldReason, messageVi: string, message: string, agencyIds: string[] = []) =>
      held.push({ source: preview.source, reason, messageVi, message, agencyIds, preview });
    if (!preview.period) {
      hold('no-period', 'Không nhận ra kỳ báo cáo trong văn bản.', 'no reporting period recognised');
      continue;
    }
    if (preview.problems.some((p) => p.rule === 'import:template-fit')) {
      hold(
        'template-unsure',
        'Phụ lục không khớp rõ với mẫu báo cáo nào; cần xem lại trước khi lưu.',
        `the appendix fits no template well (closest ${preview.template.id})`,
      );
      continue;
    }
    const match = matchAgencyForPeriod(agencies, preview.agency, preview.period);
    if (!match.ok) {
      const named = preview.agency.name ? `"${preview.agency.name}"` : '(không nhận ra tên)';
      if (match.reason === 'no-agency') {
        hold(
          'no-agency',
          `Không tìm thấy cơ quan ${named} trong danh sách cơ quan cho kỳ ${periodText(preview.period)}.`,
          `no agency of the tree matches ${preview.agency.name ?? '(none)'} for ${periodText(preview.period)}`,
        );
      } else {
        const ids = match.candidates.map((a) => a.id);
        hold(
          'ambiguous-agency',
          `Tên cơ quan ${named} khớp với nhiều cơ quan (${ids.join(', ')}); cần chọn cơ quan.`,
          `agency name ${preview.agency.name} matches ${ids.join(', ')}`,
          ids,
        );
      }
      continue;
    }
    placed.push({
      source: preview.source,
      agencyId: match.agency.id,
      namedAgencyId: match.named.id === match.agency.id ? null : match.named.id,
      period: preview.period,
      preview,
    });
  }
  // two documents of the batch for one agency and period: which one is right is for a person to say
  const key = (d: PlannedDocument) => `${d.agencyId}|${d.period.year}|${d.period.kind}`;
  const count = new Map<string, number>();
  for (const d of placed) count.set(key(d), (count.get(key(d)) ?? 0) + 1);
  const sure: PlannedDocument[] = [];
  for (const d of placed) {
    const n = count.get(key(d))!;
    if (n === 1) sure.push(d);
    else {
      held.push({
        source: d.source,
        reason: 'duplicate',
        messageVi: `Có ${n} văn bản cùng của cơ quan ${d.agencyId} cho kỳ ${periodText(d.period)}; cần chọn một.`,
        message: `${n} documents for agency ${d.agencyId} and ${periodText(d.period)}`,
        agencyIds: [d.agencyId],
        preview: d.preview,
      });
    }
  }
  return { sure, held };
}

const FORMATS = ['text', 'docx', 'xlsx', 'pdf'] as const;
const isFormat = (format: string | undefined): format is (typeof FORMATS)[number] => FORMATS.includes(format as (typeof FORMATS)[number]);

/** What the save of a planned document sends: the browser's save body, every matched row once. */
export function saveBodyOf(document: PlannedDocument): ImportSaveBody {
  const seen = new Set<string>();
  const cells: ImportSaveBody['cells'] = [];
  for (const row of document.preview.rows) {
    if (row.rowId === null || seen.has(row.rowId)) continue;
    seen.add(row.rowId);
    const raw = row.raw.slice(0, 2000);
    cells.push({
      rowId: row.rowId,
      raw,
      note: row.ownNote?.slice(0, 4000) ?? null,
      origin: { at: (row.at ?? []).slice(0, 20), doubtful: row.unsure, raw },
    });
  }
  return {
    templateId: document.preview.template.id,
    agencyId: document.agencyId,
    roundId: null,
    period: document.period,
    cells,
    narrative: document.preview.narrative,
    signer: document.preview.document.signer?.slice(0, 200) ?? null,
    source: document.source.slice(-500),
    ...(document.preview.sha256 ? { sha256: document.preview.sha256 } : {}),
    ...(isFormat(document.preview.format) ? { format: document.preview.format } : {}),
  };
}

/**
 * Saves the sure documents of a plan as accepted history, each in its own transaction (one refused leaves the others
 * saved): one the save refuses (the agency already has an accepted report for the period) joins the held ones.
 */
export async function saveHistoryBatch(ctx: Context, actor: Actor, plan: BatchPlan): Promise<{ saved: SavedDocument[]; held: HeldDocument[] }> {
  const saved: SavedDocument[] = [];
  const held = [...plan.held];
  for (const document of plan.sure) {
    try {
      const { report } = await saveImport(ctx, actor, saveBodyOf(document));
      saved.push({ ...document, reportId: report.id });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      held.push({
        source: document.source,
        reason: error.code === 'report-exists' ? 'report-exists' : 'refused',
        messageVi: error.messageVi,
        message: error.message,
        agencyIds: [document.agencyId],
        preview: document.preview,
      });
    }
  }
  return { saved, held };
}
