/**
 * The outlier warnings of a report as the officer types: her figures against the agency's own history (the server's
 * GET /reports/:id/history, read once), through the same core rule the server applies to the report's view and submit.
 */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { Template } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import { outlierFindings, type HistoryPoint } from '@core/checks/outliers.js';
import type { ReportValues } from '@core/report.js';
import { useReportHistory } from '../../api/queries.js';

const NONE: readonly Finding[] = [];

/** Earlier figures per row id, oldest first; empty until the history has arrived (or when there is none). */
export function useRowHistories(reportId: string | undefined): ReadonlyMap<string, readonly HistoryPoint[]> {
  // not needed to start typing: asked after the grid's first paint
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), 300);
    return () => clearTimeout(timer);
  }, []);
  const history = useReportHistory(ready ? reportId : undefined);
  // what the history changes (outliers, the "khác kỳ trước" filter) is worked out in the background: a keystroke first
  const rows = useDeferredValue(history.data?.rows);
  return useMemo(() => new Map((rows ?? []).map((r) => [r.rowId, r.points])), [rows]);
}

/** The outlier findings of the values typed, against the agency's history of this report's rows. */
export function useOutlierFindings(reportId: string | undefined, template: Template, values: ReportValues): readonly Finding[] {
  const histories = useRowHistories(reportId);
  return useMemo(() => (histories.size === 0 ? NONE : outlierFindings(template, values, histories)), [histories, template, values]);
}
