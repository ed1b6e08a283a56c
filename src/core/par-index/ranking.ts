/**
 * The ranking of a group's agencies by their index (percent of the set's maximum): highest first, equal indexes share
 * a rank (1, 2, 2, 4), ties listed by name; with each agency's per-area scores. Pure.
 */
import type { AreaResult } from './assessment.js';

export interface RankInput {
  agencyId: string;
  name: string;
  score: number;
  max: number;
  percent: number;
  areas: AreaResult[];
}

export interface RankedAgency extends RankInput {
  rank: number;
}

/** Index bands often used in the published rankings ("Tốt", "Khá", …); data, not rules: a province may ignore them. */
export function bandOf(percent: number): string {
  if (percent >= 90) return 'Xuất sắc';
  if (percent >= 80) return 'Tốt';
  if (percent >= 70) return 'Khá';
  if (percent >= 50) return 'Trung bình';
  return 'Yếu';
}

export function rankAssessments(inputs: readonly RankInput[]): RankedAgency[] {
  const sorted = [...inputs].sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name, 'vi') || a.agencyId.localeCompare(b.agencyId));
  const out: RankedAgency[] = [];
  sorted.forEach((input, i) => {
    const previous = out[i - 1];
    const rank = previous && previous.percent === input.percent ? previous.rank : i + 1;
    out.push({ ...input, rank });
  });
  return out;
}

/** Per area: the group's average percent, best and worst (for the results' area table). */
export function areaSummary(ranked: readonly RankedAgency[]): { key: string; name: string; average: number; best: number; worst: number }[] {
  const first = ranked[0];
  if (!first) return [];
  return first.areas.map((area) => {
    const values = ranked.map((r) => r.areas.find((a) => a.key === area.key)?.percent ?? 0);
    const average = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
    return { key: area.key, name: area.name, average, best: Math.max(...values), worst: Math.min(...values) };
  });
}
