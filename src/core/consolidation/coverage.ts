/**
 * A consolidation's coverage as data: out of the round's agencies, which reports are counted and which agencies are
 * left out and why (a draft, a report returned for changes, submitted but not accepted, not started). Every figure's
 * "n/N đơn vị" is out of the round's agencies; the agencies left out are named, so that the prose of the province's
 * report can say who is missing instead of a "3/3" that hides two agencies. Pure.
 */

/** Why an agency of the round is not in the figures. */
export type LeftOutReason = 'not-started' | 'draft' | 'returned' | 'submitted';

export interface LeftOutAgency {
  agencyId: string;
  name: string;
  reason: LeftOutReason;
}

export interface Coverage {
  /** Agencies of the round (in the consolidation's kind, that the reader may see). */
  agenciesInRound: number;
  /** Reports counted in the figures. */
  counted: number;
  /** Agencies of the round whose report is not counted, in name order. */
  leftOut: LeftOutAgency[];
}

export type MemberStatus = 'not-started' | 'draft' | 'returned' | 'submitted' | 'accepted';

/** Vietnamese words for why an agency is left out. */
export const LEFT_OUT_TEXT: Readonly<Record<LeftOutReason, string>> = {
  'not-started': 'chưa bắt đầu báo cáo',
  draft: 'đang soạn báo cáo',
  returned: 'báo cáo bị trả lại để sửa',
  submitted: 'đã nộp, chưa được duyệt',
};

/**
 * The coverage of a consolidation that counts reports of the given statuses, from the round's agencies and their
 * reports' statuses (null: no report yet).
 */
export function coverageOf(
  members: readonly { agencyId: string; name: string; status: MemberStatus | null }[],
  countedStatuses: readonly ('accepted' | 'submitted')[],
): Coverage {
  const counted = new Set(members.filter((m) => m.status !== null && (countedStatuses as readonly string[]).includes(m.status)));
  const leftOut = members
    .filter((m) => !counted.has(m))
    .map((m) => ({ agencyId: m.agencyId, name: m.name, reason: (m.status ?? 'not-started') as LeftOutReason }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.agencyId.localeCompare(b.agencyId));
  return { agenciesInRound: members.length, counted: counted.size, leftOut };
}

/** "Chưa tính 2/5 đơn vị: Sở Tư pháp (đang soạn báo cáo); UBND huyện A (chưa bắt đầu báo cáo)."; null when none is left out. */
export function leftOutSentence(coverage: Coverage): string | null {
  if (coverage.leftOut.length === 0) return null;
  const names = coverage.leftOut.map((l) => `${l.name} (${LEFT_OUT_TEXT[l.reason]})`).join('; ');
  return `Chưa tính ${coverage.leftOut.length}/${coverage.agenciesInRound} đơn vị: ${names}.`;
}
