/**
 * Loading a province's agency tree (`cchc agencies import`): the checked entries of an agency file
 * (agency-file.ts) are upserted in one transaction, each insert and update with its audit row (before and after).
 * Idempotent: an entry equal to the stored agency is left alone, so loading the same file twice changes nothing.
 *
 * The file is the truth for the agencies it lists (a field it leaves out is cleared: no short name, no roles);
 * agencies it does not list are left as they are — agencies are never deleted (reports refer to them): one that
 * stops is given its `validTo`, and its `successor` after a merger.
 */
import type { Context } from '../context.js';
import {
  insertAgency,
  listAgencies,
  lockAgencyTree,
  setAgencySuccessor,
  updateAgency,
  type Agency,
  type AgencyFields,
} from '../repositories/agency.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { checkAgencyTree, type AgencyEntry, type AgencyProblem } from './agency-file.js';

export interface AgencyLoadOptions {
  /** Who loads, for the audit log ("cli" from the command line). */
  actor: string;
  /** Check against the database and count the changes, writing nothing. */
  dryRun?: boolean;
  /**
   * The problems the file's own checks found (`parseAgencyFile`), with the ids of all its entries: the checks against
   * the database still run on the entries that are right, so every problem is listed in one run; nothing is written.
   */
  file?: { problems: readonly AgencyProblem[]; ids: readonly string[] };
}

export interface AgencyLoadSummary {
  added: string[];
  /** Each updated agency with the fields that changed (as the file names them). */
  updated: { id: string; fields: string[] }[];
  unchanged: string[];
  dryRun: boolean;
}

export type AgencyLoadResult = { ok: true; summary: AgencyLoadSummary } | { ok: false; problems: AgencyProblem[] };

/** An agency as the file names its fields: what the audit log records before and after. */
function view(f: AgencyFields) {
  return {
    parent: f.parent_id,
    kind: f.kind,
    name: f.name,
    shortName: f.short_name,
    province: f.province,
    roles: f.roles,
    validFrom: f.valid_from,
    validTo: f.valid_to,
    successor: f.successor_id,
  };
}

function changedFields(before: Agency, after: AgencyFields): string[] {
  const a = view(before);
  const b = view(after);
  return (Object.keys(b) as (keyof typeof b)[]).filter((k) =>
    k === 'roles' ? [...a.roles].sort().join('\u0000') !== [...b.roles].sort().join('\u0000') : a[k] !== b[k],
  );
}

/** Parents before their children, so every insert finds its parent stored. */
function parentsFirst(entries: readonly AgencyEntry[]): AgencyEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const done = new Set<string>();
  const order: AgencyEntry[] = [];
  const visit = (e: AgencyEntry) => {
    if (done.has(e.id)) return;
    done.add(e.id);
    const parent = e.parent ? byId.get(e.parent) : undefined;
    if (parent) visit(parent);
    order.push(e);
  };
  entries.forEach(visit);
  return order;
}

/** The province each entry ends up with: as written, else its parent's (from the file, or as stored). */
function provinces(entries: readonly AgencyEntry[], stored: ReadonlyMap<string, Agency>): (id: string | null) => string | null {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const known = new Map<string, string | null>();
  const seen = new Set<string>();
  const provinceOf = (id: string | null): string | null => {
    if (id === null) return null;
    const entry = byId.get(id);
    if (!entry) return stored.get(id)?.province ?? null;
    if (!known.has(id)) {
      if (seen.has(id)) return null; // a parent cycle (reported by the tree check)
      seen.add(id);
      known.set(id, entry.province ?? provinceOf(entry.parent));
    }
    return known.get(id)!;
  };
  return provinceOf;
}

/**
 * Every problem of the entries against the stored agencies (pure): parents and successors that exist, no cycle, one
 * holder of a role per province at a time, and no reaching into another province's tree (an id stored for another
 * province is not taken over, and no new agency hangs under another province's agency). `fileIds`: every id the file
 * names, also of entries refused for problems of their own.
 */
export function checkAgainstStored(entries: readonly AgencyEntry[], storedList: readonly Agency[], fileIds: readonly string[] = []): AgencyProblem[] {
  const stored = new Map(storedList.map((a) => [a.id, a]));
  const problems = checkAgencyTree(entries, storedList, fileIds);
  const provinceOf = provinces(entries, stored);
  const inFile = new Set(entries.map((e) => e.id));
  for (const e of entries) {
    const province = provinceOf(e.id);
    const before = stored.get(e.id);
    if (before && before.province !== null && province !== null && before.province !== province) {
      problems.push({
        line: e.line,
        entry: e.id,
        messageVi: `Mã "${e.id}" đã là của một đơn vị thuộc tỉnh ${before.province}: không ghi đè đơn vị của tỉnh khác. Hãy dùng mã khác.`,
        message: `agency ${e.id} is stored for province ${before.province}, the file says ${province}`,
      });
    }
    const parent = e.parent && !inFile.has(e.parent) ? stored.get(e.parent) : undefined;
    if (parent && parent.province !== null && province !== null && parent.province !== province) {
      problems.push({
        line: e.line,
        entry: e.id,
        messageVi: `Cơ quan cấp trên "${e.parent}" thuộc tỉnh ${parent.province}, khác tỉnh ${province} của đơn vị này.`,
        message: `agency ${e.id} (${province}) under ${e.parent} of province ${parent.province}`,
      });
    }
  }
  return problems;
}

/** The file's own problems and those against the database, each once, in the file's order. */
export function mergeProblems(...lists: (readonly AgencyProblem[])[]): AgencyProblem[] {
  const seen = new Set<string>();
  const all: AgencyProblem[] = [];
  for (const p of lists.flat()) {
    const key = `${p.line}\u0000${p.entry}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(p);
  }
  return all.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** A file's entries, the first of each id (a file with problems may repeat one; those are reported already). */
export function firstOfEachId(entries: readonly AgencyEntry[]): AgencyEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

export async function loadAgencies(
  ctx: Pick<Context, 'db' | 'clock'>,
  allEntries: readonly AgencyEntry[],
  options: AgencyLoadOptions,
): Promise<AgencyLoadResult> {
  const file = options.file && options.file.problems.length > 0 ? options.file : null;
  const entries = file ? firstOfEachId(allEntries) : allEntries;
  if (new Set(entries.map((e) => e.id)).size !== entries.length) throw new Error('loadAgencies: duplicate agency ids (parseAgencyFile refuses them)');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<AgencyLoadResult> => {
    if (!options.dryRun && !file) await lockAgencyTree(trx);
    const storedList = await listAgencies(trx, 'all');
    const stored = new Map(storedList.map((a) => [a.id, a]));
    const problems = checkAgainstStored(entries, storedList, file?.ids ?? []);
    if (file || problems.length > 0) return { ok: false, problems: mergeProblems(file?.problems ?? [], problems) };
    const provinceOf = provinces(entries, stored);

    const fieldsOf = (e: AgencyEntry): AgencyFields => ({
      parent_id: e.parent,
      kind: e.kind,
      name: e.name,
      short_name: e.shortName,
      province: provinceOf(e.id),
      roles: e.roles,
      valid_from: e.validFrom,
      valid_to: e.validTo,
      successor_id: e.successor,
    });

    const added: AgencyEntry[] = [];
    const updated: { entry: AgencyEntry; before: Agency; fields: string[] }[] = [];
    const unchanged: string[] = [];
    for (const entry of entries) {
      const before = stored.get(entry.id);
      if (!before) added.push(entry);
      else {
        const fields = changedFields(before, fieldsOf(entry));
        if (fields.length > 0) updated.push({ entry, before, fields });
        else unchanged.push(entry.id);
      }
    }
    const summary: AgencyLoadSummary = {
      added: added.map((e) => e.id),
      updated: updated.map((u) => ({ id: u.entry.id, fields: u.fields })),
      unchanged,
      dryRun: options.dryRun === true,
    };
    if (options.dryRun) return { ok: true, summary };

    // new agencies first (parents before children, successors set once every agency exists), then the changes
    const ordered = parentsFirst(added);
    for (const e of ordered) await insertAgency(trx, { id: e.id, ...fieldsOf(e), successor_id: null });
    for (const e of ordered) {
      if (e.successor) await setAgencySuccessor(trx, e.id, e.successor);
      await recordAudit(trx, { actorId: options.actor, action: 'create-agency', entity: 'agency', entityId: e.id, after: view(fieldsOf(e)) }, now);
    }
    for (const { entry, before } of updated) {
      const after = fieldsOf(entry);
      await updateAgency(trx, entry.id, after);
      await recordAudit(
        trx,
        { actorId: options.actor, action: 'update-agency', entity: 'agency', entityId: entry.id, before: view(before), after: view(after) },
        now,
      );
    }
    return { ok: true, summary };
  });
}
