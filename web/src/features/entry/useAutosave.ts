/**
 * Autosave of a report's cells and narrative: edits are collected and sent after a short pause with the version the
 * page holds, one request at a time (cells first, then the narrative, each on the version the previous one gave).
 * Every edit is also kept in the browser until the server has it (unsent-edits.ts), so a reload or a lost connection
 * loses nothing: while the server cannot be reached the state says "đã lưu trên máy, chờ gửi" and the edits are sent
 * again with growing pauses, and at once when the browser is back online. A stale version (someone else saved) is
 * looked at cell by cell: edits of cells nobody else changed are sent on the new version, and edits of cells someone
 * else changed are a conflict, shown with both values and sent only when the officer says so — never overwritten.
 * The page runs the checks itself, so a cell autosave asks for the minimal answer (new version and cells as read).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { ReportDto, SavedValuesDto } from '../../api/types.js';
import {
  differingSections,
  rebase,
  writeUnsent,
  type CellConflict,
  type NarrativeConflict,
  type Section,
  type ServerCell,
  type UnsentCell,
  type UnsentEdits,
} from './unsent-edits.js';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'pending' }
  /** The server could not be reached (or answered that it is unavailable): the edits are kept here and sent later. */
  | { kind: 'offline'; count: number }
  | { kind: 'failed'; message: string }
  | { kind: 'conflict'; message: string };

export type PendingCell = UnsentCell;

/** What the server holds now, against edits that could not be sent as they were. */
export interface Conflict {
  message: string;
  cells: CellConflict[];
  narrative: NarrativeConflict | null;
  /** The report as the server holds it; null when the server did not say (a locked report). */
  current: ReportDto | null;
  /** The report can no longer be edited (submitted or accepted meanwhile). */
  locked: boolean;
}

export interface AutosaveCallbacks {
  /** A cell save's minimal answer. */
  onSaved(saved: SavedValuesDto): void;
  /** A narrative save's answer (the whole report). */
  onNarrativeSaved(report: ReportDto): void;
  /**
   * The server's current report, taken in after a stale write: the page shows the server's cells and narrative except
   * those in `kept` (edits still to be sent or in conflict).
   */
  onServerState(current: ReportDto, kept: { rows: ReadonlySet<string>; narrative: boolean }): void;
}

const serverCellsOf = (report: Pick<ReportDto, 'values'>) =>
  new Map<string, ServerCell>(report.values.map((v) => [v.rowId, { raw: v.raw, note: v.note }]));
const sectionsOf = (report: Pick<ReportDto, 'narrative'>): Section[] =>
  report.narrative.map((s) => ({ heading: s.heading, level: s.level, body: s.body }));

/** Statuses that mean the server is not there right now (a proxy or a server without its database). */
const UNREACHABLE = new Set([0, 502, 503, 504]);

/**
 * `accountId`: whose edits these are (they are kept in the browser under it). `kept`: the edits this browser kept
 * from the account's earlier visit (a reload, a closed tab), as the page read them to show them; they are sent on the
 * version they were made on.
 */
export function useAutosave(
  report: ReportDto,
  callbacks: AutosaveCallbacks,
  { accountId, kept = null, delayMs = 600 }: { accountId: string; kept?: UnsentEdits | null; delayMs?: number },
) {
  const owner = useRef(accountId);
  const [restored] = useState(() => kept);
  const [state, setState] = useState<SaveState>(() => (restored ? { kind: 'offline', count: countOf(restored) } : { kind: 'saved' }));
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const pending = useRef(new Map<string, PendingCell>((restored?.cells ?? []).map((c) => [c.rowId, c])));
  const bases = useRef(new Map<string, ServerCell>(Object.entries(restored?.bases ?? {})));
  const narrative = useRef<Section[] | null>(restored?.narrative ?? null);
  const narrativeBase = useRef<Section[] | null>(restored?.narrativeBase ?? null);
  const version = useRef(restored?.version ?? report.version);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const attempts = useRef(0);
  const blocked = useRef(false); // a conflict waits for the officer
  const held = useRef(report);
  const cb = useRef(callbacks);
  useLayoutEffect(() => {
    held.current = report;
    cb.current = callbacks;
  });
  // a version the page moved to by itself (a workflow step, carrying stocks over) while nothing waits to be sent
  useEffect(() => {
    if (pending.current.size === 0 && !narrative.current && !inFlight.current) version.current = report.version;
  }, [report.version]);

  const keep = useCallback(() => {
    const edits: UnsentEdits = {
      accountId: owner.current,
      reportId: held.current.id,
      version: version.current,
      cells: [...pending.current.values()],
      bases: Object.fromEntries([...bases.current].filter(([rowId]) => pending.current.has(rowId))),
      narrative: narrative.current,
      narrativeBase: narrative.current ? narrativeBase.current : null,
      at: new Date().toISOString(),
    };
    writeUnsent(edits);
  }, []);

  const flushRef = useRef<() => Promise<void>>(async () => {});
  const schedule = useCallback((ms: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flushRef.current();
    }, ms);
  }, []);

  /** A 409: the report as the server holds it against the edits; true when they may be sent again at once. */
  const resolveStale = useCallback(
    async (e: ApiError): Promise<boolean> => {
      if (e.code === 'report-locked') {
        blocked.current = true;
        const message = `${e.detail} Các thay đổi chưa gửi vẫn được giữ trên máy này.`;
        setConflict({ message, cells: [], narrative: null, current: null, locked: true });
        setState({ kind: 'conflict', message });
        return false;
      }
      let current = (e.body['current'] as ReportDto | undefined) ?? null;
      if (!current) {
        try {
          current = await api<ReportDto>(`/api/reports/${held.current.id}`);
        } catch {
          setState({ kind: 'offline', count: pending.current.size });
          schedule(2000);
          return false;
        }
      }
      const result = rebase(
        {
          cells: [...pending.current.values()],
          bases: Object.fromEntries(bases.current),
          narrative: narrative.current,
          narrativeBase: narrativeBase.current,
        },
        { cells: serverCellsOf(current), narrative: sectionsOf(current) },
      );
      for (const rowId of result.alreadyThere) {
        pending.current.delete(rowId);
        bases.current.delete(rowId);
      }
      if (narrative.current && !result.narrativeConflict && differingSections(narrative.current, sectionsOf(current)).length === 0)
        narrative.current = null;
      const conflictRows = new Set(result.cellConflicts.map((c) => c.rowId));
      // the edits nobody else touched go on from the server's version; their base is what the server holds now
      const theirs = serverCellsOf(current);
      for (const rowId of pending.current.keys()) if (!conflictRows.has(rowId)) bases.current.set(rowId, theirs.get(rowId) ?? null);
      if (narrative.current && !result.narrativeConflict) narrativeBase.current = sectionsOf(current);
      version.current = current.version;
      keep();
      cb.current.onServerState(current, { rows: new Set(pending.current.keys()), narrative: narrative.current !== null });
      if (result.cellConflicts.length === 0 && !result.narrativeConflict) return true;
      blocked.current = true;
      const parts = [
        result.cellConflicts.length > 0 ? `${result.cellConflicts.length} ô số liệu` : '',
        result.narrativeConflict ? `nội dung báo cáo (${result.narrativeConflict.headings.length} mục)` : '',
      ].filter(Boolean);
      const message = `Báo cáo vừa được người khác cập nhật: ${parts.join(' và ')} khác với bản của bạn. Hãy chọn giữ bản nào.`;
      setConflict({ message, cells: result.cellConflicts, narrative: result.narrativeConflict, current, locked: false });
      setState({ kind: 'conflict', message });
      return false;
    },
    [keep, schedule],
  );

  /** Sends what waits, one request after the other; resolves once this round of sending is over. */
  const send = useCallback(async (): Promise<void> => {
    const id = held.current.id;
    let rebases = 0;
    while (!blocked.current && (pending.current.size > 0 || narrative.current)) {
      setState({ kind: 'saving' });
      try {
        if (pending.current.size > 0) {
          const cells = [...pending.current.values()];
          const saved = await api<SavedValuesDto>(`/api/reports/${id}/values`, {
            method: 'PUT',
            body: { version: version.current, cells },
            headers: { prefer: 'return=minimal' },
          });
          version.current = saved.version;
          const stored = new Map(saved.cells.map((c) => [c.rowId, { raw: c.raw, note: c.note }]));
          for (const cell of cells) {
            if (pending.current.get(cell.rowId) === cell) {
              pending.current.delete(cell.rowId);
              bases.current.delete(cell.rowId);
            } else bases.current.set(cell.rowId, stored.get(cell.rowId) ?? null); // edited again meanwhile: from what the server now holds
          }
          keep();
          cb.current.onSaved(saved);
        } else if (narrative.current) {
          const sections = narrative.current;
          const saved = await api<ReportDto>(`/api/reports/${id}/narrative`, { method: 'PUT', body: { version: version.current, sections } });
          version.current = saved.version;
          if (narrative.current === sections) narrative.current = null;
          narrativeBase.current = sectionsOf(saved);
          keep();
          cb.current.onNarrativeSaved(saved);
        }
        attempts.current = 0;
      } catch (e) {
        keep();
        if (e instanceof ApiError && e.status === 409) {
          if (!(await resolveStale(e))) return;
          if (++rebases < 3) continue; // nothing conflicts: sent again on the server's version
          schedule(delayMs); // the report keeps moving under this page: again after a pause
          return;
        }
        const count = countOf({ cells: [...pending.current.values()], narrative: narrative.current });
        if (e instanceof ApiError && !UNREACHABLE.has(e.status) && e.status < 500) {
          // refused for good (a row the template lacks, a permission): kept here, not sent again by itself
          setState({ kind: 'failed', message: `${e.detail} Các thay đổi vẫn được giữ trên máy này.` });
          return;
        }
        setState({ kind: 'offline', count });
        // again after a growing pause (1, 2, 4… up to 15 seconds), or as soon as the browser is back online
        attempts.current++;
        schedule(Math.min(15_000, 1000 * 2 ** Math.min(4, attempts.current - 1)));
        return;
      }
    }
    if (!blocked.current) setState(pending.current.size > 0 || narrative.current ? { kind: 'pending' } : { kind: 'saved' });
  }, [keep, schedule, resolveStale, delayMs]);

  const flush = useCallback(async () => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    while (inFlight.current) await inFlight.current;
    if (blocked.current || (pending.current.size === 0 && !narrative.current)) return;
    const run = send().finally(() => {
      inFlight.current = null;
    });
    inFlight.current = run;
    await run;
    // edits made while this round was sending: after the pause
    if (!blocked.current && (pending.current.size > 0 || narrative.current) && timer.current === null && attempts.current === 0) schedule(delayMs);
  }, [send, schedule, delayMs]);
  useLayoutEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  const queue = useCallback(
    (cells: PendingCell[]) => {
      const known = serverCellsOf(held.current);
      for (const cell of cells) {
        if (!bases.current.has(cell.rowId)) bases.current.set(cell.rowId, known.get(cell.rowId) ?? null);
        pending.current.set(cell.rowId, cell);
      }
      keep();
      if (blocked.current) return;
      setState((s) =>
        s.kind === 'offline'
          ? { kind: 'offline', count: countOf({ cells: [...pending.current.values()], narrative: narrative.current }) }
          : { kind: 'pending' },
      );
      if (attempts.current === 0) schedule(delayMs);
    },
    [keep, schedule, delayMs],
  );

  const queueNarrative = useCallback(
    (sections: Section[]) => {
      if (!narrative.current) narrativeBase.current = sectionsOf(held.current);
      narrative.current = sections;
      keep();
      if (blocked.current) return;
      setState((s) => (s.kind === 'offline' ? s : { kind: 'pending' }));
      if (attempts.current === 0) schedule(delayMs * 2); // a text is typed in longer runs than a cell
    },
    [keep, schedule, delayMs],
  );

  /** The conflict settled: the officer's edits kept (sent over the server's values) or the server's values taken. */
  const settle = useCallback(
    (choice: 'mine' | 'theirs') => {
      const c = conflict;
      if (!c) return;
      if (c.locked) {
        if (choice === 'theirs') {
          pending.current.clear();
          bases.current.clear();
          narrative.current = null;
          keep();
        }
        setConflict(null);
        setState(choice === 'theirs' ? { kind: 'saved' } : { kind: 'conflict', message: c.message });
        return;
      }
      if (choice === 'mine') {
        for (const x of c.cells) bases.current.set(x.rowId, x.theirs);
        if (c.narrative) narrativeBase.current = c.narrative.theirs;
      } else {
        for (const x of c.cells) {
          pending.current.delete(x.rowId);
          bases.current.delete(x.rowId);
        }
        if (c.narrative) narrative.current = null;
        if (c.current) cb.current.onServerState(c.current, { rows: new Set(pending.current.keys()), narrative: narrative.current !== null });
      }
      keep();
      blocked.current = false;
      attempts.current = 0;
      setConflict(null);
      setState(pending.current.size > 0 || narrative.current ? { kind: 'pending' } : { kind: 'saved' });
      void flushRef.current();
    },
    [conflict, keep],
  );

  // back online: what waits is sent at once; restored edits are sent as soon as the page is there
  useEffect(() => {
    const online = () => {
      attempts.current = 0;
      void flushRef.current();
    };
    window.addEventListener('online', online);
    if (restored) void flushRef.current();
    return () => window.removeEventListener('online', online);
  }, [restored]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      // leaving the page: what waits is sent now (and stays kept here until the server has it)
      if (!blocked.current && (pending.current.size > 0 || narrative.current)) void flushRef.current();
    },
    [],
  );

  /** Whether edits wait to reach the server (read now, not as of the last render). */
  const hasUnsent = useCallback(() => pending.current.size > 0 || narrative.current !== null || inFlight.current !== null, []);
  return { state, conflict, restored, queue, queueNarrative, flushNow: flush, settle, hasUnsent };
}

function countOf(edits: { cells: readonly unknown[]; narrative: Section[] | null }): number {
  return edits.cells.length + (edits.narrative ? 1 : 0);
}

export function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'saved':
      return 'Đã lưu';
    case 'saving':
      return 'Đang lưu…';
    case 'pending':
      return 'Chưa lưu (sẽ tự lưu)';
    case 'offline':
      return `Lưu không thành công (không kết nối được máy chủ) — đã lưu trên máy, chờ gửi (${state.count} thay đổi)`;
    case 'failed':
      return `Lưu không thành công: ${state.message}`;
    case 'conflict':
      return state.message;
  }
}
