/**
 * A block pasted from Excel (or Word) into the entry grid, placed by meaning: the clipboard's table (tab-separated,
 * quoted cells may hold tabs, newlines and doubled quotes) → which column is the STT, the label, the unit, the value,
 * the note (from a header row when there is one, else from what the cells hold: codes of the template, labels like
 * its labels, numbers, its units) → each line matched to a template row by the importer's matcher (code and label) →
 * the value read with the cell grammar for that row's kind. Nothing is placed silently in a wrong place: every line
 * says where it lands, how sure the match is, how its value reads, or why it could not be placed. A paste of one or two
 * columns with neither codes nor labels is a plain value(+note) paste, placed by position by the grid. Pure.
 */
import { stripTrailingDot } from '../../core/catalogue/template-source.js';
import { rowsReadByChecks, rowTakesValue, type Template } from '../../core/catalogue/template.js';
import { parseCell } from '../../core/values/cell-grammar.js';
import { cellReading, type CellReading } from '../../core/values/cell-reading.js';
import { foldForMatch } from '../../core/values/text.js';
import type { AppendixRow } from '../appendix/appendix-tables.js';
import { cleanSourceLabel, labelSimilarity } from '../matching/label-similarity.js';
import { matchRows, UNSURE_BELOW } from '../matching/row-matcher.js';

export type ColumnRole = 'code' | 'label' | 'unit' | 'value' | 'note' | 'aside' | 'ignore';

export interface PasteColumn {
  index: number;
  role: ColumnRole;
  /** The header's caption, when the paste has a header row. */
  caption: string | null;
}

export interface PlacedLine {
  /** 1-based line of the paste (a quoted cell over several lines counts as one). */
  line: number;
  code: string;
  label: string;
  value: string;
  /** The note written: the note column, the label's remark, captioned extra columns ("Kế hoạch: 24"). */
  note: string;
  /** The template row, or null when the line could not be placed. */
  rowId: string | null;
  /** 0–1: how sure the match is. */
  confidence: number;
  /** The match is below the importer's sureness: shown to the officer, not applied unless she says so. */
  unsure: boolean;
  /** How the value reads for the row's kind (null when unplaced or when the value is empty). */
  reading: CellReading | null;
  /** Whether applying writes this line (placed, with a value or a note). */
  writes: boolean;
  /** Why the line is not placed or not written, in Vietnamese. */
  problem: string | null;
}

export interface PastePlacement {
  /** by-meaning: lines matched to rows; positional: a plain value(+note) block for the grid to place from its row. */
  mode: 'by-meaning' | 'positional';
  header: boolean;
  columns: PasteColumn[];
  /** The form the lines were matched in (multi-form templates), else null. */
  form: string | null;
  lines: PlacedLine[];
  /** Why nothing can be placed, in Vietnamese; null when something can. */
  problem: string | null;
  /** Doubts about the whole paste ("two columns of numbers: the first taken as the value"), in Vietnamese. */
  notices: string[];
}

export interface PasteOptions {
  /** The form of the row the officer pasted into: tried first in a multi-form template. */
  form?: string | null;
  /** Roles chosen by the officer in the preview, by column index: they replace the detected ones. */
  roles?: readonly ColumnRole[];
}

/** The most lines and columns a paste is read for. */
export const PASTE_MAX_LINES = 2000;
export const PASTE_MAX_COLUMNS = 30;

/**
 * The clipboard's table as Excel writes it (text/plain): rows by newline, cells by tab; a cell in double quotes may
 * hold tabs, newlines and "" for a quote. A trailing newline ends the last row, it does not start a new one.
 */
export function parseClipboardTable(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  const s = text.replace(/\r\n?/gu, '\n');
  while (i < s.length) {
    const ch = s[i]!;
    if (atCellStart && ch === '"') {
      // a quoted cell: up to the closing quote followed by a tab, a newline or the end
      let j = i + 1;
      let quoted = '';
      let closed = false;
      while (j < s.length) {
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            quoted += '"';
            j += 2;
            continue;
          }
          if (j + 1 === s.length || s[j + 1] === '\t' || s[j + 1] === '\n') {
            closed = true;
            j++;
            break;
          }
        }
        quoted += s[j];
        j++;
      }
      if (closed) {
        cell = quoted;
        i = j;
        atCellStart = false;
        continue;
      }
      // an unbalanced quote is text, as Excel reads it back
    }
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += ch;
      atCellStart = false;
    }
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.slice(0, PASTE_MAX_LINES).map((r) => r.slice(0, PASTE_MAX_COLUMNS));
}

const compact = (s: string) => foldForMatch(s).replace(/\s+/gu, '');

/** The role a header caption names, or null when it names none we know. */
function roleOfCaption(caption: string): ColumnRole | null {
  const c = compact(caption);
  if (c === '') return null;
  if (/^(?:stt|tt|sott|sothutu|thutu|maso|ma|machitieu)$/u.test(c)) return 'code';
  if (/^(?:chitieu|noidung|tenchitieu|danhmuc|tieuchi)/u.test(c) && !/^chitieu(?:kehoach|giao)/u.test(c)) return 'label';
  if (/^(?:donvitinh|dvt|donvido)$/u.test(c)) return 'unit';
  if (/^(?:solieu|giatri|soluong|ketqua|thuchien|ketquathuchien|uocthuchien|sothuchien|uocth|th)/u.test(c) && !/^ketquathongke$/u.test(c))
    return 'value';
  if (/^ketquathongke/u.test(c)) return 'value';
  if (/^ghichu/u.test(c)) return 'note';
  return 'aside';
}

/** A row's code as written in Excel: "1.2", "1.2.", "1,2" (a code Excel took for a decimal), "I", "II.". */
function normaliseCode(cell: string): string {
  const t = cell.trim();
  if (/^\d+(?:,\d+)+\.?$/u.test(t)) return t.replace(/,/gu, '.');
  return t;
}

const CODE_LIKE = /^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.?|[a-zđ]\)|[-+•*])$/u;
/** A code at the start of a label cell ("1.1. Kế hoạch CCHC", "II. CẢI CÁCH THỂ CHẾ"). */
const LEADING_CODE = /^\s*(\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+(?=\S)/u;

function templateCodes(template: Template): Set<string> {
  const codes = new Set<string>();
  for (const r of template.rows) {
    if (r.logicalCode) codes.add(r.logicalCode);
    if (r.code) codes.add(stripTrailingDot(r.code));
  }
  return codes;
}

const numberish = (cell: string) => {
  const t = cell.trim();
  if (t === '') return false;
  if (t === '/' || t === '-' || t === 'x' || t === 'X') return true;
  return parseCell(t, { type: 'decimal' }).status === 'reported' && /^[\d\s.,%/()+-]+$/u.test(t);
};

interface ColumnStats {
  filled: number;
  /** Cells that are a code of the template written as a code ("1.2", "1.2.", "3,2", "I."), or a heading with its code. */
  codes: number;
  /** Cells that could be an STT: a code or a whole number. */
  codeLike: number;
  numbers: number;
  units: number;
  /** Summed likeness of the cells to the template's labels (sampled). */
  label: number;
}

function statsOf(template: Template, rows: readonly string[][], index: number, codes: ReadonlySet<string>, units: ReadonlySet<string>): ColumnStats {
  const cells = rows.map((r) => (r[index] ?? '').trim()).filter((c) => c !== '');
  const labels = template.rows.map((r) => r.label);
  let label = 0;
  for (const cell of cells.slice(0, 40)) {
    const text = cleanSourceLabel(cell.replace(LEADING_CODE, ''));
    if (!/\p{L}{2,}/u.test(text)) continue;
    let best = 0;
    for (const l of labels) best = Math.max(best, labelSimilarity(text, l));
    label += best;
  }
  const isCode = (c: string) => {
    const code = normaliseCode(c);
    if (/^[IVXLC]+\.?$/u.test(code)) return true;
    if (/[.]/u.test(code) && codes.has(stripTrailingDot(code))) return true;
    // a heading merged over the STT and label columns: "2. Cải cách thể chế"
    return LEADING_CODE.test(c) && /\p{L}{2,}/u.test(c.replace(LEADING_CODE, ''));
  };
  return {
    filled: cells.length,
    codes: cells.filter(isCode).length,
    codeLike: cells.filter((c) => CODE_LIKE.test(normaliseCode(c))).length,
    numbers: cells.filter(numberish).length,
    units: cells.filter((c) => units.has(compact(c))).length,
    label,
  };
}

/** The roles of the paste's columns, from its header when it has one and from what the cells hold otherwise. */
export function detectColumns(template: Template, table: readonly string[][]): { columns: PasteColumn[]; header: boolean; notices: string[] } {
  const width = Math.max(0, ...table.map((r) => r.length));
  const notices: string[] = [];
  const first = table[0] ?? [];
  const captions = first.map(roleOfCaption);
  const known = captions.filter((r) => r !== null && r !== 'aside').length;
  const header = known >= 2 && !first.some((c) => numberish(c) && !/^\(\d+\)$/u.test(c.trim()));
  const data = header ? table.slice(1) : table;
  const roles: (ColumnRole | null)[] = Array.from({ length: width }, (_, i) => (header ? (captions[i] ?? null) : null));
  if (header) {
    // a caption that names a role twice ("Số liệu" over two columns): the first keeps it, the others are asides
    const seen = new Set<ColumnRole>();
    roles.forEach((r, i) => {
      if (r && r !== 'aside' && r !== 'ignore') {
        if (seen.has(r)) roles[i] = 'aside';
        seen.add(r);
      }
    });
  }
  const codes = templateCodes(template);
  const units = new Set(template.rows.map((r) => compact(r.unit)).filter((u) => u !== ''));
  const stats = Array.from({ length: width }, (_, i) => statsOf(template, data, i, codes, units));
  const free = (i: number) => roles[i] === null && stats[i]!.filled > 0;
  const pick = (score: (s: ColumnStats, i: number) => number, min: number): number | null => {
    let best: number | null = null;
    let bestScore = min;
    for (let i = 0; i < width; i++) {
      if (!free(i)) continue;
      const s = score(stats[i]!, i);
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    }
    return best;
  };
  const has = (role: ColumnRole) => roles.includes(role);
  if (!has('label')) {
    // the column most like the template's labels, over its lines (a column of one merged heading is not the labels)
    const i = pick((s) => (s.label / Math.min(40, s.filled) >= 0.3 ? s.label : 0), 0);
    if (i !== null) roles[i] = 'label';
  }
  if (!has('code')) {
    let i = pick((s) => s.codes / s.filled, 0.49);
    // whole numbers are codes only before the labels, every cell an STT ("1", "2", "2.1" as Excel leaves them)
    const labelAt = roles.indexOf('label');
    if (i === null && labelAt > 0) i = pick((s, j) => (j < labelAt && s.codeLike === s.filled ? 1 : 0), 0.5);
    if (i !== null) roles[i] = 'code';
  }
  if (!has('unit')) {
    const i = pick((s) => s.units / s.filled, 0.5);
    if (i !== null) roles[i] = 'unit';
  }
  if (!has('value')) {
    const candidates = Array.from({ length: width }, (_, i) => i).filter((i) => free(i) && stats[i]!.numbers / stats[i]!.filled >= 0.5);
    const labelAt = roles.indexOf('label');
    // the numbers right of the label first (a plan column before the result is told below)
    const ordered = [...candidates].sort((a, b) => (a > labelAt ? 0 : 1) - (b > labelAt ? 0 : 1) || a - b);
    const chosen = ordered[0] ?? pick((s) => s.numbers / s.filled, 0.2);
    if (chosen !== null) roles[chosen] = 'value';
    if (ordered.length > 1) {
      notices.push(
        `Có ${ordered.length} cột số mà không có dòng tiêu đề: đã lấy cột ${chosen! + 1} làm Số liệu; hãy kiểm tra, hoặc chọn lại vai trò của các cột.`,
      );
    }
  }
  if (!has('note')) {
    const valueAt = roles.indexOf('value');
    const rest = Array.from({ length: width }, (_, i) => i).filter(free);
    const i = rest.find((x) => x > valueAt);
    if (i !== undefined) roles[i] = 'note';
  }
  const columns = roles.map((role, index) => ({
    index,
    role: role ?? 'ignore',
    caption: header ? (first[index] ?? '').trim() || null : null,
  }));
  const ignoredFilled = columns.filter((c) => c.role === 'ignore' && stats[c.index]!.filled > 0);
  if (ignoredFilled.length > 0) notices.push(`Bỏ qua ${ignoredFilled.map((c) => `cột ${c.index + 1}`).join(', ')}: không nhận ra nội dung.`);
  return { columns, header, notices };
}

/** A cell of a line, its line breaks and runs of spaces (a quoted cell over several lines) made one space. */
const cellAt = (row: readonly string[], index: number | undefined) => (index === undefined ? '' : (row[index] ?? '').replace(/\s+/gu, ' ').trim());

/** Places a pasted block on the template's rows (see the module's comment). */
export function placePaste(template: Template, text: string, options: PasteOptions = {}): PastePlacement {
  const table = parseClipboardTable(text).filter((r) => r.some((c) => c.trim() !== ''));
  const empty = (problem: string): PastePlacement => ({
    mode: 'by-meaning',
    header: false,
    columns: [],
    form: null,
    lines: [],
    problem,
    notices: [],
  });
  if (table.length === 0) return empty('Không có gì để dán.');
  const detected = detectColumns(template, table);
  let { columns } = detected;
  const { header } = detected;
  const notices = [...detected.notices];
  if (options.roles) {
    columns = columns.map((c) => ({ ...c, role: options.roles![c.index] ?? c.role }));
    notices.length = 0;
  }
  const at = (role: ColumnRole) => columns.find((c) => c.role === role)?.index;
  const data = header ? table.slice(1) : table;
  const width = columns.length;
  if (at('label') === undefined && at('code') === undefined) {
    if (width <= 2 && !options.roles) return { mode: 'positional', header, columns, form: null, lines: [], problem: null, notices: [] };
    return {
      mode: 'by-meaning',
      header,
      columns,
      form: null,
      lines: [],
      problem:
        'Không nhận ra cột STT hoặc cột tên chỉ tiêu trong khối đã dán, nên không biết mỗi dòng thuộc chỉ tiêu nào. Hãy sao chép cả cột STT hoặc cột Chỉ tiêu, hoặc chọn vai trò các cột.',
      notices,
    };
  }
  if (at('value') === undefined && at('note') === undefined) {
    return {
      mode: 'by-meaning',
      header,
      columns,
      form: null,
      lines: [],
      problem: 'Không thấy cột Số liệu (hoặc Ghi chú) trong khối đã dán: không có gì để điền. Hãy chọn vai trò các cột.',
      notices,
    };
  }

  const asides = columns.filter((c) => c.role === 'aside');
  const sources: AppendixRow[] = data.map((cells, i) => {
    let code = normaliseCode(cellAt(cells, at('code')));
    let label = cellAt(cells, at('label')).replace(/\s+/gu, ' ');
    // a heading merged over the STT and label columns lands in the STT cell; a code typed into the label cell
    if (label === '' && code !== '' && !CODE_LIKE.test(code)) {
      label = code;
      code = '';
    }
    const leading = LEADING_CODE.exec(label);
    if (leading && code === '') {
      code = leading[1]!;
      label = label.slice(leading[0].length);
    }
    const extra = asides
      .map((c) => [c.caption ?? `Cột ${c.index + 1}`, cellAt(cells, c.index)] as const)
      .filter(([, v]) => v !== '')
      .map(([caption, v]) => `${caption}: ${v}`);
    return {
      code,
      label,
      unit: cellAt(cells, at('unit')),
      value: cellAt(cells, at('value')),
      extra: '',
      note: cellAt(cells, at('note')),
      at: [{ kind: 'line', line: i + 1 }],
      markup: false,
      ...(extra.length > 0 ? { asides: extra } : {}),
    };
  });

  const multiForm = template.forms.some((f) => f.number !== null);
  const forms = multiForm ? template.forms.map((f) => f.number) : [null];
  const hinted = options.form ?? null;
  let best: { form: string | null; rows: ReturnType<typeof matchRows>['rows']; score: number } | null = null;
  for (const form of forms) {
    const matched =
      at('label') !== undefined
        ? matchRows(template, [{ form, title: null, extraColumn: 'note', rows: sources }]).rows
        : byCode(template, form, sources);
    const score = matched.reduce((s, m) => s + (m.row ? m.confidence : 0), 0) + (form === hinted ? 0.01 : 0);
    if (!best || score > best.score) best = { form, rows: matched, score };
  }
  const checked = rowsReadByChecks(template.checks);
  const lineOf = (source: AppendixRow) => {
    const p = source.at[0];
    return p && p.kind === 'line' ? p.line + (header ? 1 : 0) : 0;
  };
  const lines: PlacedLine[] = best!.rows.map((m) => {
    const source = m.source;
    const note = [source.note, m.remark ?? '', ...(source.asides ?? [])].filter((n) => n.trim() !== '').join('; ');
    const base = { line: lineOf(source), code: source.code, label: source.label, value: source.value, note };
    if (!m.row) {
      const problem =
        source.code === '' && source.label === '' ? 'Dòng không có STT hay tên chỉ tiêu.' : 'Không tìm thấy chỉ tiêu này trong mẫu báo cáo.';
      return { ...base, rowId: null, confidence: m.confidence, unsure: true, reading: null, writes: false, problem };
    }
    const row = m.row;
    const unsure = m.confidence < UNSURE_BELOW;
    if (!rowTakesValue(row, checked)) {
      const problem = source.value !== '' ? 'Dòng tiêu đề, không nhận số liệu.' : null;
      return { ...base, rowId: row.id, confidence: m.confidence, unsure, reading: null, writes: false, problem };
    }
    const reading = source.value === '' ? null : cellReading(parseCell(source.value, row.kind), row.kind);
    const writes = source.value !== '' || note !== '';
    return {
      ...base,
      rowId: row.id,
      confidence: m.confidence,
      unsure,
      reading,
      writes,
      problem: writes ? null : 'Ô Số liệu trống: giữ số liệu hiện có.',
    };
  });
  const placed = lines.filter((l) => l.writes).length;
  return {
    mode: 'by-meaning',
    header,
    columns,
    form: best!.form,
    lines,
    problem: placed === 0 ? 'Không dòng nào trong khối đã dán khớp được với một chỉ tiêu có số liệu của mẫu báo cáo.' : null,
    notices,
  };
}

/** Lines with a code and no label: the row whose code it is in the form (the logical code first, then as printed). */
function byCode(template: Template, form: string | null, sources: readonly AppendixRow[]): ReturnType<typeof matchRows>['rows'] {
  const rows = form === null ? template.rows : template.rows.filter((r) => r.form === form);
  const used = new Set<string>();
  return sources.map((source) => {
    const code = stripTrailingDot(source.code);
    const logical = rows.filter((r) => r.logicalCode === code && !used.has(r.id));
    const printed = rows.filter((r) => r.code !== null && stripTrailingDot(r.code) === code && !used.has(r.id));
    const row = logical.length === 1 ? logical[0]! : printed.length === 1 ? printed[0]! : null;
    if (row) used.add(row.id);
    return {
      source,
      form,
      row,
      label: source.label,
      remark: null,
      // a code alone is surer when it is the logical code; a printed code the template repeats is no match
      confidence: row ? (logical.length === 1 ? 0.8 : 0.7) : 0,
    };
  });
}
