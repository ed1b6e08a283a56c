/** Findings as the grids show them: on the first row they name, the worst severity tinting the row. */
import type { Finding } from '@core/checks/finding.js';

/** The findings of each row, by the first row each finding names (a sum's finding sits on its total). */
export function findingsByFirstRow(findings: readonly Finding[]): Map<string, Finding[]> {
  const byRow = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = f.rows[0];
    if (id !== undefined) byRow.set(id, [...(byRow.get(id) ?? []), f]);
  }
  return byRow;
}

// 'error' when any finding is an error, 'warning' when there are only warnings, null when there are none; "Lỗi: " or
// "Cảnh báo: " before a finding's message: the grid's markup (drawn by the server too) says findings the same way
export { severityPrefix, worstSeverity } from '@shared/entry/grid-markup.js';
