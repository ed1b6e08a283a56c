/**
 * Autosave of the province report's sections: a section's text (and the excerpts inserted into it) is sent after a
 * short pause with the version the page holds; only the sections that changed. A stale version (another
 * consolidator saved) is reported and never overwritten: the edits stay on the page until the person reloads.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { ExcerptInputDto, ProvinceReportDto, ProvinceSectionKey } from '../../api/types.js';
import type { SaveState } from '../entry/useAutosave.js';

export interface PendingSection {
  key: ProvinceSectionKey;
  text: string;
  /** Excerpts inserted since the last save (no id yet); sent with the section's stored ones. */
  newExcerpts: ExcerptInputDto[];
}

export function useProvinceAutosave(report: ProvinceReportDto, onSaved: (saved: ProvinceReportDto) => void, delayMs = 700) {
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const pending = useRef(new Map<ProvinceSectionKey, PendingSection>());
  const version = useRef(report.version);
  const latest = useRef(report);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  useEffect(() => {
    version.current = report.version;
    latest.current = report;
  }, [report]);
  const flushRef = useRef<() => Promise<void>>(async () => {});

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flushRef.current();
    }, delayMs);
  }, [delayMs]);

  const send = useCallback(async () => {
    const sections = [...pending.current.values()];
    pending.current.clear();
    setState({ kind: 'saving' });
    try {
      const body = {
        version: version.current,
        sections: sections.map((s) => {
          if (s.newExcerpts.length === 0) return { key: s.key, text: s.text };
          // the section's stored excerpts (kept by id) and the new ones
          const stored = latest.current.sections.find((x) => x.key === s.key)?.excerpts ?? [];
          return {
            key: s.key,
            text: s.text,
            excerpts: [...stored.map((e) => ({ id: e.id, sourceReportId: e.sourceReportId, section: e.section, text: e.text })), ...s.newExcerpts],
          };
        }),
      };
      const saved = await api<ProvinceReportDto>(`/api/rounds/${report.roundId}/province-report`, { method: 'PUT', body });
      version.current = saved.version;
      latest.current = saved;
      onSaved(saved);
      setState(pending.current.size > 0 ? { kind: 'pending' } : { kind: 'saved' });
    } catch (e) {
      // keep what did not reach the server: a newer text of the same section replaces the text, excerpts add up
      for (const s of sections) {
        const newer = pending.current.get(s.key);
        pending.current.set(s.key, newer ? { ...newer, newExcerpts: [...s.newExcerpts, ...newer.newExcerpts] } : s);
      }
      if (e instanceof ApiError && e.status === 409) setState({ kind: 'conflict', message: e.detail });
      else setState({ kind: 'failed', message: e instanceof Error ? e.message : 'Lưu không thành công.' });
      throw e;
    }
  }, [report.roundId, onSaved]);

  /** Sends what is pending now (waiting for a save in flight first); rejects when the save fails. */
  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    while (inFlight.current) await inFlight.current.catch(() => {});
    if (pending.current.size === 0) return;
    const run = send();
    inFlight.current = run;
    try {
      await run;
    } finally {
      inFlight.current = null;
    }
  }, [send]);
  useLayoutEffect(() => {
    flushRef.current = () => flush().catch(() => {});
  }, [flush]);

  /** A section's new text (and an excerpt inserted into it, if any), sent after the pause. */
  const queue = useCallback(
    (key: ProvinceSectionKey, text: string, excerpt?: ExcerptInputDto) => {
      const before = pending.current.get(key);
      pending.current.set(key, { key, text, newExcerpts: [...(before?.newExcerpts ?? []), ...(excerpt ? [excerpt] : [])] });
      setState({ kind: 'pending' });
      schedule();
    },
    [schedule],
  );

  /** Whether a section has edits not yet saved (its text on the page is then the person's, not the server's). */
  const isPending = useCallback((key: ProvinceSectionKey) => pending.current.has(key), []);
  /** The excerpts inserted into a section and not saved yet. */
  const unsaved = useCallback((key: ProvinceSectionKey) => pending.current.get(key)?.newExcerpts ?? [], []);
  /** Drops every unsaved edit (after a conflict, to take the newest version). */
  const discard = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current.clear();
    setState({ kind: 'saved' });
  }, []);

  /** The version the page now holds (after a move or regeneration answered with the report). */
  const versionNow = useCallback(() => version.current, []);
  const setVersion = useCallback((v: number) => {
    version.current = v;
  }, []);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, queue, flush, isPending, unsaved, discard, versionNow, setVersion };
}
