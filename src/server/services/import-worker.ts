/**
 * The import of one uploaded file, off the request thread: a node:worker_threads worker reads the bytes, imports the
 * document against the template versions it is sent (those the database holds) and posts back the preview JSON (no database: matching agencies and rounds
 * happens in the service). `runImport` is the job itself; the service calls it in-process only when no worker starts.
 *
 * Messages to the parent: { type: 'ready' } once this module has loaded (a failure before it means the worker could
 * not start), then { type: 'done', id, outcome } for every job { id, bytes, fileName } it is sent, one at a time.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Template } from '../../core/catalogue/template.js';
import { kindFromUnit } from '../../core/catalogue/unit.js';
import { parseCell, ownNote } from '../../core/values/cell-grammar.js';
import { ImportError } from '../../import/import-error.js';
import { importDocument, valueLocations } from '../../import/import-report.js';
import { readReport } from '../../import/read-report.js';
import type { ImportPreviewDto, ImportedRowDto } from '../../shared/import-schemas.js';
import { templateLibrary } from '../../templates/template-loader.js';

/** The preview without what needs the database (the matched agency and round). */
export type ImportJobResult = Omit<ImportPreviewDto, 'matchedAgencyId' | 'suggestedRoundId'>;

export type ImportOutcome =
  | { ok: true; result: ImportJobResult }
  | { ok: false; error: { kind: 'import'; code: ImportError['code']; messageVi: string; message: string } | { kind: 'crash'; message: string } };

export interface ImportJobInput {
  bytes: Uint8Array;
  fileName: string;
}

/** The import's note without the words the value grammar moves out of the raw cell (a save adds them back). */

function rowsOf(template: Template, rows: ReturnType<typeof importDocument>['rows']): ImportedRowDto[] {
  const byId = new Map(template.rows.map((r) => [r.id, r]));
  return rows.map((r) => {
    const kind = (r.rowId ? byId.get(r.rowId)?.kind : undefined) ?? kindFromUnit(r.unit);
    return {
      rowId: r.rowId,
      form: r.form,
      code: r.code,
      label: r.label,
      unit: r.unit,
      raw: r.raw,
      value: r.value,
      status: r.status,
      note: r.note,
      ownNote: ownNote(r.note, parseCell(r.raw, kind).note),
      confidence: r.confidence,
      unsure: r.unsure,
      flags: [...r.flags],
      at: valueLocations(r),
    };
  });
}

/** Reads and imports one file. Never throws: an unreadable file is an ImportError outcome, anything else a crash. */
export async function runImport(input: ImportJobInput, templates: readonly Template[] = templateLibrary().templates): Promise<ImportOutcome> {
  try {
    const doc = await readReport(input.bytes, input.fileName);
    const report = importDocument(doc, templates, templateLibrary().indicators);
    return {
      ok: true,
      result: {
        source: input.fileName,
        sha256: report.sha256,
        format: report.format,
        template: { id: report.template.id, name: report.template.name, score: report.templateScore },
        agency: { name: report.agency.name, province: report.agency.province },
        period: report.period ? { year: report.period.year, kind: report.period.kind } : null,
        document: {
          number: report.document.number,
          date: report.document.date,
          signer: report.document.signer,
          signerTitle: report.document.signerTitle,
        },
        rows: rowsOf(report.template, report.rows),
        findings: report.findings.map((f) => ({ ...f, rows: [...f.rows] })),
        missing: report.missing,
        problems: report.problems.map((p) => ({ rule: p.rule, severity: p.severity, message: p.message })),
        narrative: report.sections.map((s) => ({
          heading: s.heading.slice(0, 500),
          level: Math.min(Math.max(s.level, 1), 4),
          body: s.text.slice(0, 200_000),
        })),
      },
    };
  } catch (error) {
    if (error instanceof ImportError) {
      return { ok: false, error: { kind: 'import', code: error.code, messageVi: error.messageVi, message: error.message } };
    }
    return { ok: false, error: { kind: 'crash', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } };
  }
}

/** Marks the worker data of an import worker, so importing this module elsewhere never starts one. */
export const IMPORT_JOB = 'cchc-import-job';

/** A job for a worker; the bytes are transferred, not copied. The template versions the database holds. */
export interface ImportJobMessage extends ImportJobInput {
  id: number;
  templates: Template[];
}

export type ImportWorkerMessage = { type: 'ready' } | { type: 'done'; id: number; outcome: ImportOutcome };

if (!isMainThread && parentPort && (workerData as { job?: unknown } | null)?.job === IMPORT_JOB) {
  const port = parentPort;
  // one job at a time; the worker stays warm (modules and templates loaded) for the next upload
  port.on('message', (job: ImportJobMessage) => {
    void runImport({ bytes: job.bytes, fileName: job.fileName }, job.templates).then((outcome) =>
      port.postMessage({ type: 'done', id: job.id, outcome } satisfies ImportWorkerMessage),
    );
  });
  port.postMessage({ type: 'ready' } satisfies ImportWorkerMessage);
}
