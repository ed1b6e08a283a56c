/**
 * Autosave of cells: edits are collected and sent after a short pause with the version the page holds. The state is
 * visible (saved / saving / failed); a stale version (someone else saved) is reported, never overwritten. The page
 * runs the checks itself, so an autosave asks for the minimal answer (new version and the cells as the server read
 * them), which the page merges into the report it holds.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { ReportDto, SavedValuesDto } from '../../api/types.js';

export type SaveState =
  { kind: 'saved' } | { kind: 'saving' } | { kind: 'pending' } | { kind: 'failed'; message: string } | { kind: 'conflict'; message: string };

export interface PendingCell {
  rowId: string;
  raw: string;
  note: string | null;
}

export function useAutosave(report: ReportDto, onSaved: (saved: SavedValuesDto) => void, delayMs = 600) {
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const pending = useRef(new Map<string, PendingCell>());
  const version = useRef(report.version);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  useEffect(() => {
    version.current = report.version;
  }, [report.version]);
  // the latest flush, for the timer: a save scheduled before a re-render runs with the report's current callbacks
  const flushRef = useRef<() => Promise<void>>(async () => {});

  /** (Re)starts the pause after which the pending edits are sent. */
  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flushRef.current();
    }, delayMs);
  }, [delayMs]);

  const flush = useCallback(async () => {
    if (inFlight.current || pending.current.size === 0) return;
    const cells = [...pending.current.values()];
    pending.current.clear();
    inFlight.current = true;
    setState({ kind: 'saving' });
    try {
      const saved = await api<SavedValuesDto>(`/api/reports/${report.id}/values`, {
        method: 'PUT',
        body: { version: version.current, cells },
        headers: { prefer: 'return=minimal' },
      });
      version.current = saved.version;
      onSaved(saved);
      setState(pending.current.size > 0 ? { kind: 'pending' } : { kind: 'saved' });
    } catch (e) {
      // keep the edits that did not reach the server, unless a newer edit of the same cell replaced them
      for (const cell of cells) if (!pending.current.has(cell.rowId)) pending.current.set(cell.rowId, cell);
      if (e instanceof ApiError && e.status === 409) setState({ kind: 'conflict', message: e.detail });
      else setState({ kind: 'failed', message: e instanceof Error ? e.message : 'Lưu không thành công.' });
    } finally {
      inFlight.current = false;
      // edits made while this save was in flight: sent after the pause, unless one is already scheduled
      if (pending.current.size > 0 && timer.current === null) schedule();
    }
  }, [report.id, onSaved, schedule]);
  useLayoutEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  const queue = useCallback(
    (cells: PendingCell[]) => {
      for (const cell of cells) pending.current.set(cell.rowId, cell);
      setState({ kind: 'pending' });
      schedule();
    },
    [schedule],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, queue, flushNow: flush };
}

export function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'saved':
      return 'Đã lưu';
    case 'saving':
      return 'Đang lưu…';
    case 'pending':
      return 'Chưa lưu (sẽ tự lưu)';
    case 'failed':
      return `Lưu không thành công: ${state.message}`;
    case 'conflict':
      return state.message;
  }
}
