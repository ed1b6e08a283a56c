/**
 * A province's agency tree as a file (`cchc agencies import`): YAML (like templates/) or CSV, read into checked
 * entries. Pure: text in, entries or problems out — no file or database access. Every problem names its line and
 * entry, in Vietnamese for the user and in English for logs; all of them are found at once, never only the first.
 *
 * The checks that need the database (a parent or successor that is neither in the file nor already stored, a cycle
 * through stored agencies) are `checkAgencyTree` with the stored agencies; `parseAgencyFile` runs it on the file
 * alone, leaving references to agencies outside the file for that second run. The format is in docs/cli.md and
 * docs/agencies.example.yaml.
 */
import { addDays } from '../../core/periods/deadline.js';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { AGENCY_KIND_LABEL, AGENCY_KINDS } from '../../shared/agency-kinds.js';
import { AGENCY_ROLE_LABEL, AGENCY_ROLES } from '../../shared/agency-roles.js';
import type { AgencyKind } from '../db/schema.js';

/** Agency ids: short stable codes, as they appear in URLs and in `cchc admin create --agency`. */
export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/u;
const FIELDS = ['id', 'name', 'shortName', 'kind', 'parent', 'province', 'roles', 'validFrom', 'validTo', 'successor'] as const;

export interface AgencyEntry {
  id: string;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  parent: string | null;
  /** As written for the agency, else the file's `province`; null: inherited from the parent when stored. */
  province: string | null;
  roles: string[];
  validFrom: string;
  validTo: string | null;
  successor: string | null;
  /** Where the entry starts in the file (1-based), for problems. */
  line: number;
}

export interface AgencyProblem {
  /** 1-based line in the file; null for a problem of the whole file. */
  line: number | null;
  /** The entry's id, or "mục N" when it has none. */
  entry: string | null;
  messageVi: string;
  message: string;
}

export type AgencyFileFormat = 'yaml' | 'csv';
/**
 * On problems, also the entries that are right in themselves and the ids of every entry (right or not), so the checks
 * against the database (`checkAgencyTree` with the stored agencies) still run and every problem is listed at once.
 */
export type ParsedAgencyFile =
  { ok: true; agencies: AgencyEntry[] } | { ok: false; problems: AgencyProblem[]; agencies: AgencyEntry[]; ids: string[] };

/** What `checkAgencyTree` needs of an agency already stored. */
export interface StoredAgencyLinks {
  id: string;
  parent_id: string | null;
  successor_id: string | null;
  valid_from: string;
  valid_to: string | null;
  roles: readonly string[];
}

export function formatOf(fileName: string): AgencyFileFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

// ---- the shape of one entry (zod, with a Vietnamese message for every check) ----

const missingOr = (missing: string, wrongType: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? missing : wrongType),
});
const cap = (what: string): string => what[0]!.toUpperCase() + what.slice(1);
const notText = (what: string) => `${what} phải là chuỗi ký tự (một mã gồm toàn chữ số hãy đặt trong dấu nháy: "01").`;

const code = (what: string) =>
  z
    .string(missingOr(`Thiếu ${what}.`, notText(cap(what))))
    .trim()
    .regex(AGENCY_ID_PATTERN, `${cap(what)} chỉ gồm chữ a–z không dấu viết thường, chữ số và các dấu ".", "_", "-" (tối đa 64 ký tự).`);

const text = (what: string, max: number) =>
  z
    .string(missingOr(`Thiếu ${what}.`, notText(cap(what))))
    .trim()
    .min(1, `${cap(what)} không được để trống.`)
    .max(max, `${cap(what)} không được dài quá ${max} ký tự.`);

const date = (what: string) =>
  z.iso.date({
    error: (issue) =>
      typeof issue.input === 'string'
        ? `${what} "${issue.input}" không phải ngày hợp lệ dạng yyyy-mm-dd (ví dụ 2025-07-01).`
        : `${what} phải là ngày dạng yyyy-mm-dd (ví dụ 2025-07-01).`,
  });

const kindList = AGENCY_KINDS.map((k) => `${k} (${AGENCY_KIND_LABEL[k]})`).join(', ');
const roleList = AGENCY_ROLES.map((r) => `${r} (${AGENCY_ROLE_LABEL[r]})`).join(', ');

const entrySchema = z.strictObject(
  {
    id: code('mã cơ quan (id)'),
    name: text('tên cơ quan (name)', 300),
    shortName: text('tên viết tắt (shortName)', 100).nullish(),
    kind: z.enum(AGENCY_KINDS, {
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `Thiếu loại cơ quan (kind): ${kindList}.`
          : `Loại cơ quan "${String(issue.input)}" không hợp lệ; chỉ có: ${kindList}.`,
    }),
    parent: code('mã cơ quan cấp trên (parent)').nullish(),
    province: text('tên tỉnh (province)', 100).nullish(),
    roles: z
      .array(
        z.preprocess(
          (v) => (typeof v === 'string' ? v.trim() : v),
          z.enum(AGENCY_ROLES, {
            error: (issue) =>
              typeof issue.input === 'string' ? `Vai trò "${issue.input}" không có; chỉ có: ${roleList}.` : 'Vai trò phải là chuỗi ký tự.',
          }),
        ),
        { error: 'Vai trò (roles) phải là một danh sách, ví dụ [so-noi-vu].' },
      )
      .nullish(),
    validFrom: date('Ngày bắt đầu hiệu lực (validFrom)').nullish(),
    validTo: date('Ngày hết hiệu lực (validTo)').nullish(),
    successor: code('mã cơ quan kế thừa (successor)').nullish(),
  },
  {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === 'unrecognized_keys'
        ? `Trường không được hỗ trợ: ${(issue.keys ?? []).join(', ')} (các trường: ${FIELDS.join(', ')}).`
        : 'Mỗi cơ quan phải là một bảng các trường (id, name, kind…).',
  },
);

const fileSchema = z.strictObject(
  {
    province: text('tên tỉnh (province)', 100).nullish(),
    validFrom: date('Ngày bắt đầu hiệu lực mặc định (validFrom)').nullish(),
    agencies: z
      .array(z.unknown(), missingOr('Thiếu danh sách cơ quan (agencies).', 'Danh sách cơ quan (agencies) phải là một danh sách.'))
      .min(1, 'Danh sách cơ quan (agencies) trống.'),
  },
  {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === 'unrecognized_keys'
        ? `Trường không được hỗ trợ ở đầu tệp: ${(issue.keys ?? []).join(', ')} (chỉ có province, validFrom, agencies).`
        : 'Tệp phải có dạng "agencies:" và danh sách các cơ quan (xem docs/agencies.example.yaml).',
  },
);

/** A raw entry from either format, with where its fields stand in the file. */
interface RawEntry {
  value: unknown;
  line: number;
  fieldLines: Map<string, number>;
}

interface FileDefaults {
  province: string | null;
  validFrom: string | null;
}

const rawId = (raw: RawEntry): string | null => {
  const id = (raw.value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
};
const entryName = (raw: RawEntry, index: number): string => rawId(raw) ?? `mục ${index + 1}`;

/** Entries from raw values: shape checks, then the checks across entries. */
function checkEntries(raws: RawEntry[], defaults: FileDefaults, problems: AgencyProblem[]): AgencyEntry[] {
  const entries: AgencyEntry[] = [];
  raws.forEach((raw, index) => {
    const entry = entryName(raw, index);
    const parsed = entrySchema.safeParse(raw.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
        problems.push({
          line: (field ? raw.fieldLines.get(field) : undefined) ?? raw.line,
          entry,
          messageVi: issue.message,
          message: `agency ${entry}: ${issue.path.length > 0 ? issue.path.join('.') : 'entry'}: ${issue.code}`,
        });
      }
      return;
    }
    const a = parsed.data;
    const validFrom = a.validFrom ?? defaults.validFrom;
    if (!validFrom) {
      problems.push({
        line: raw.line,
        entry,
        messageVi: 'Thiếu ngày bắt đầu hiệu lực (validFrom) của cơ quan, và tệp không có validFrom mặc định.',
        message: `agency ${entry}: no validFrom`,
      });
      return;
    }
    entries.push({
      id: a.id,
      name: a.name,
      shortName: a.shortName ?? null,
      kind: a.kind,
      parent: a.parent ?? null,
      province: a.province ?? defaults.province,
      roles: [...new Set(a.roles ?? [])],
      validFrom,
      validTo: a.validTo ?? null,
      successor: a.successor ?? null,
      line: raw.line,
    });
    const at = (field: string) => raw.fieldLines.get(field) ?? raw.line;
    const problem = (field: string, messageVi: string, message: string) =>
      problems.push({ line: at(field), entry: a.id, messageVi, message: `agency ${a.id}: ${message}` });
    if (a.kind === 'province' && a.parent)
      problem('parent', `UBND tỉnh là gốc của cây cơ quan: không có cơ quan cấp trên (parent "${a.parent}").`, 'a province has no parent');
    if (a.kind !== 'province' && !a.parent)
      problem('parent', `Thiếu cơ quan cấp trên (parent): chỉ UBND tỉnh (kind: province) đứng đầu cây.`, 'only a province may have no parent');
    if (a.parent === a.id) problem('parent', 'Cơ quan không thể là cấp trên của chính nó.', 'parent is itself');
    if (a.successor === a.id) problem('successor', 'Cơ quan không thể kế thừa chính nó.', 'successor is itself');
    if (a.validTo && a.validTo < validFrom)
      problem('validTo', `Ngày hết hiệu lực ${a.validTo} trước ngày bắt đầu hiệu lực ${validFrom}.`, 'validTo before validFrom');
    if (a.successor && !a.validTo)
      problem(
        'successor',
        `Có cơ quan kế thừa ("${a.successor}") thì phải có ngày hết hiệu lực (validTo): ngày cơ quan này thôi hoạt động.`,
        'successor without validTo',
      );
  });
  // duplicates among every entry that has an id, whatever else is wrong with it
  const first = new Map<string, number>();
  raws.forEach((raw) => {
    const id = rawId(raw);
    if (id === null) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, raw.line);
    else
      problems.push({
        line: raw.line,
        entry: id,
        messageVi: `Mã cơ quan "${id}" trùng với cơ quan ở dòng ${earlier}.`,
        message: `duplicate agency id ${id} (first at line ${earlier})`,
      });
  });
  return entries;
}

const nextDay = (day: string): string => addDays(day, 1);

/**
 * The checks across the tree: parents and successors that exist (in the file, or among `stored`), no cycle through
 * parents or successors, and a successor in force the day after the agency it replaces ends. With `stored` null,
 * references to agencies outside the file are left unchecked (the database decides them later).
 */
export function checkAgencyTree(
  entries: readonly AgencyEntry[],
  stored: readonly StoredAgencyLinks[] | null,
  fileIds: readonly string[] = [],
): AgencyProblem[] {
  const problems: AgencyProblem[] = [];
  const links = new Map<string, StoredAgencyLinks>();
  for (const s of stored ?? []) links.set(s.id, s);
  const inFile = new Map<string, AgencyEntry>();
  for (const e of entries) {
    if (inFile.has(e.id)) continue;
    inFile.set(e.id, e);
    links.set(e.id, { id: e.id, parent_id: e.parent, successor_id: e.successor, valid_from: e.validFrom, valid_to: e.validTo, roles: e.roles });
  }
  // an entry of the file with problems of its own is still there: its children are not told their parent is missing
  const named = new Set(fileIds);
  const where = stored ? 'trong tệp hay trong cơ sở dữ liệu' : 'trong tệp';
  for (const e of inFile.values()) {
    if (e.parent && e.parent !== e.id && !links.has(e.parent) && !named.has(e.parent) && stored) {
      problems.push({
        line: e.line,
        entry: e.id,
        messageVi: `Không có cơ quan cấp trên "${e.parent}" ${where}.`,
        message: `agency ${e.id}: unknown parent ${e.parent}`,
      });
    }
    if (e.successor && e.successor !== e.id) {
      const successor = links.get(e.successor);
      if (!successor && stored && !named.has(e.successor)) {
        problems.push({
          line: e.line,
          entry: e.id,
          messageVi: `Không có cơ quan kế thừa "${e.successor}" ${where}.`,
          message: `agency ${e.id}: unknown successor ${e.successor}`,
        });
      }
      if (successor && e.validTo) {
        const from = nextDay(e.validTo);
        if (successor.valid_from > from || (successor.valid_to !== null && successor.valid_to < from)) {
          problems.push({
            line: e.line,
            entry: e.id,
            messageVi: `Cơ quan kế thừa "${e.successor}" không có hiệu lực vào ngày ${from}, ngày sau khi "${e.id}" hết hiệu lực (hiệu lực của "${e.successor}": ${successor.valid_from} – ${successor.valid_to ?? 'nay'}).`,
            message: `agency ${e.id}: successor ${e.successor} not in force on ${from}`,
          });
        }
      }
    }
  }
  // cycles: follow each link from every agency of the file; report each cycle once, at its first member in the file
  for (const [link, labelVi, labelEn] of [
    ['parent_id', 'cấp trên', 'parent'],
    ['successor_id', 'kế thừa', 'successor'],
  ] as const) {
    const reported = new Set<string>();
    for (const e of inFile.values()) {
      const path: string[] = [];
      const seen = new Set<string>();
      let id: string | null = e.id;
      while (id !== null && !seen.has(id)) {
        seen.add(id);
        path.push(id);
        const next: string | null | undefined = links.get(id)?.[link];
        id = next && next !== id ? next : null; // self-references are reported on their own
      }
      if (id === null) continue;
      const cycle = path.slice(path.indexOf(id));
      if (cycle.length < 2 || cycle.some((c) => reported.has(c))) continue;
      cycle.forEach((c) => reported.add(c));
      const head = cycle.map((c) => inFile.get(c)).find((c) => c !== undefined) ?? e;
      const shown = [...cycle, cycle[0]].map((c) => `"${c}"`).join(' → ');
      problems.push({
        line: head.line,
        entry: head.id,
        messageVi: `Vòng lặp cơ quan ${labelVi}: ${shown}.`,
        message: `${labelEn} cycle ${cycle.join(' -> ')}`,
      });
    }
  }
  problems.push(...roleConflicts(inFile, links, stored !== null));
  return problems;
}

/** The top of an agency's tree (its province), following parents through the file and the stored agencies. */
function rootOf(id: string, links: ReadonlyMap<string, StoredAgencyLinks>): string {
  const seen = new Set<string>();
  let at = id;
  for (;;) {
    seen.add(at);
    const parent = links.get(at)?.parent_id ?? null;
    if (parent === null || seen.has(parent)) return at;
    if (!links.has(parent)) return parent; // outside what is known: the parent's id stands for its tree
    at = parent;
  }
}

const overlaps = (a: StoredAgencyLinks, b: StoredAgencyLinks): boolean =>
  a.valid_from <= (b.valid_to ?? '9999-12-31') && b.valid_from <= (a.valid_to ?? '9999-12-31');

/**
 * A role is held by one agency of a province at a time: two agencies of the same tree holding it on a same day are
 * refused (the province figure would come from either). Reported at the later entry of the file.
 */
function roleConflicts(
  inFile: ReadonlyMap<string, AgencyEntry>,
  links: ReadonlyMap<string, StoredAgencyLinks>,
  withStored: boolean,
): AgencyProblem[] {
  const problems: AgencyProblem[] = [];
  const holders = [...links.values()].filter((l) => l.roles.length > 0 && (withStored || inFile.has(l.id)));
  const fileOrder = [...inFile.keys()];
  for (const e of inFile.values()) {
    const mine = links.get(e.id)!;
    for (const role of e.roles) {
      const other = holders.find((h) => {
        if (h.id === e.id || !h.roles.includes(role)) return false;
        // two entries of the file: only the later one is reported
        if (inFile.has(h.id) && fileOrder.indexOf(h.id) > fileOrder.indexOf(e.id)) return false;
        return rootOf(h.id, links) === rootOf(e.id, links) && overlaps(h, mine);
      });
      if (!other) continue;
      const at = inFile.get(other.id);
      const place = at ? `ở dòng ${at.line}` : 'trong cơ sở dữ liệu';
      problems.push({
        line: e.line,
        entry: e.id,
        messageVi:
          `Vai trò "${role}" đã thuộc cơ quan "${other.id}" (${place}) của cùng tỉnh, cùng thời gian hiệu lực: mỗi vai trò chỉ một cơ quan giữ. ` +
          `Hãy bỏ vai trò ở một trong hai cơ quan, hoặc đặt ngày hết hiệu lực (validTo) cho cơ quan cũ.`,
        message: `agency ${e.id}: role ${role} is already held by ${other.id}`,
      });
    }
  }
  return problems;
}

// ---- YAML ----

function parseYaml(text: string): ParsedAgencyFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      agencies: [],
      ids: [],
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0].line ?? null;
        return { line, entry: null, messageVi: 'Tệp YAML sai cú pháp.', message: e.message.split('\n')[0]! };
      }),
    };
  }
  const lineOf = (node: YamlNode | null | undefined, fallback: number | null): number | null =>
    node?.range ? lineCounter.linePos(node.range[0]).line : fallback;
  const problems: AgencyProblem[] = [];
  const top = fileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!top.success) {
    for (const issue of top.error.issues) {
      const key = issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? null) : typeof issue.path[0] === 'string' ? issue.path[0] : null;
      const node = key && isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
      problems.push({
        line: lineOf(isPair(node) ? (node.key as YamlNode) : null, null),
        entry: null,
        messageVi: issue.message,
        message: `file: ${issue.path.length > 0 ? issue.path.join('.') : 'document'}: ${issue.code}`,
      });
    }
    return { ok: false, problems, agencies: [], ids: [] };
  }
  const seq = doc.get('agencies', true);
  const items = isSeq(seq) ? seq.items : [];
  const raws: RawEntry[] = top.data.agencies.map((value, i) => {
    const node = items[i] as YamlNode | undefined;
    const line = lineOf(node, 1)!;
    const fieldLines = new Map<string, number>();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range) fieldLines.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
      }
    }
    return { value, line, fieldLines };
  });
  const agencies = checkEntries(raws, { province: top.data.province ?? null, validFrom: top.data.validFrom ?? null }, problems);
  const ids = raws.map(rawId).filter((id): id is string => id !== null);
  problems.push(...checkAgencyTree(agencies, null, ids));
  return problems.length > 0 ? { ok: false, problems, agencies, ids } : { ok: true, agencies };
}

// ---- CSV ----

/** Records of a CSV text (RFC 4180 quoting), each with the line it starts on. */
function csvRecords(text: string, delimiter: string): { cells: string[]; line: number }[] | { line: number } {
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let fresh = true; // nothing read yet in this record
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      fresh = false;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      fresh = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (!fresh || cell !== '') records.push({ cells: [...cells, cell], line: start });
      cells = [];
      cell = '';
      fresh = true;
      line++;
      start = line;
    } else {
      cell += c;
      fresh = false;
    }
  }
  if (quoted) return { line: start };
  if (!fresh || cell !== '') records.push({ cells: [...cells, cell], line: start });
  return records;
}

const CSV_COLUMNS = new Map<string, (typeof FIELDS)[number]>([
  ...FIELDS.map((f) => [f.toLowerCase(), f] as const),
  ['short_name', 'shortName'],
  ['valid_from', 'validFrom'],
  ['valid_to', 'validTo'],
  ['parent_id', 'parent'],
  ['successor_id', 'successor'],
]);

function parseCsv(text: string): ParsedAgencyFile {
  const body = text.replace(/^\uFEFF/u, '');
  const firstLine = body.split(/\r?\n/u, 1)[0] ?? '';
  // a spreadsheet in a Vietnamese locale writes ";" between cells (the decimal separator is ",")
  const delimiter = [';', '\t', ','].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const records = csvRecords(body, delimiter);
  if (!Array.isArray(records)) {
    return {
      ok: false,
      problems: [
        { line: records.line, entry: null, messageVi: 'Tệp CSV sai cú pháp: dấu nháy kép mở mà không đóng.', message: 'unterminated quoted field' },
      ],
      agencies: [],
      ids: [],
    };
  }
  const [header, ...rows] = records;
  if (!header)
    return { ok: false, problems: [{ line: null, entry: null, messageVi: 'Tệp CSV trống.', message: 'empty CSV' }], agencies: [], ids: [] };
  const problems: AgencyProblem[] = [];
  const columns = header.cells.map((h) => CSV_COLUMNS.get(h.trim().toLowerCase()) ?? null);
  header.cells.forEach((h, i) => {
    const column = columns[i] ?? null;
    if (column === null)
      problems.push({
        line: header.line,
        entry: null,
        messageVi: `Cột không được hỗ trợ: "${h.trim()}" (các cột: ${FIELDS.join(', ')}).`,
        message: `unknown column ${h.trim()}`,
      });
    else if (columns.indexOf(column) !== i)
      problems.push({ line: header.line, entry: null, messageVi: `Cột "${h.trim()}" xuất hiện hai lần.`, message: `duplicate column ${h.trim()}` });
  });
  if (problems.length > 0) return { ok: false, problems, agencies: [], ids: [] };
  if (rows.length === 0)
    return {
      ok: false,
      problems: [{ line: null, entry: null, messageVi: 'Tệp CSV không có cơ quan nào (chỉ có dòng tiêu đề).', message: 'no rows' }],
      agencies: [],
      ids: [],
    };
  const raws: RawEntry[] = rows.map((row) => {
    const value: Record<string, unknown> = {};
    if (row.cells.slice(columns.length).some((c) => c.trim() !== '')) {
      problems.push({
        line: row.line,
        entry: null,
        messageVi: `Dòng có ${row.cells.length} ô, nhiều hơn ${columns.length} cột của dòng tiêu đề.`,
        message: 'more cells than columns',
      });
    }
    columns.forEach((field, i) => {
      const cell = (row.cells[i] ?? '').trim();
      if (cell === '' || !field) return;
      value[field] = field === 'roles' ? cell.split(/[\s,;|]+/u).filter((r) => r !== '') : cell;
    });
    return { value, line: row.line, fieldLines: new Map() };
  });
  const agencies = checkEntries(raws, { province: null, validFrom: null }, problems);
  const ids = raws.map(rawId).filter((id): id is string => id !== null);
  problems.push(...checkAgencyTree(agencies, null, ids));
  return problems.length > 0 ? { ok: false, problems, agencies, ids } : { ok: true, agencies };
}

/** Reads an agency file's text: every entry checked, or every problem found. */
export function parseAgencyFile(text: string, format: AgencyFileFormat): ParsedAgencyFile {
  if (text.trim() === '')
    return { ok: false, problems: [{ line: null, entry: null, messageVi: 'Tệp rỗng.', message: 'empty file' }], agencies: [], ids: [] };
  const result = format === 'yaml' ? parseYaml(text) : parseCsv(text);
  if (!result.ok) result.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

/** One problem as a line: `file:line: entry: Vietnamese (English)`. */
export function formatAgencyProblem(file: string, p: AgencyProblem): string {
  return `${file}${p.line !== null ? `:${p.line}` : ''}: ${p.entry ? `${p.entry}: ` : ''}${p.messageVi} (${p.message})`;
}
