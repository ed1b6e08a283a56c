/**
 * A plan's tasks from a table (the rows of a CSV file or of a workbook's sheet): the columns found by their captions
 * (docs/plan.md lists them), each row read into a task, and every problem of every row listed at once with its line
 * and column, in Vietnamese. Section rows ("I. CẢI CÁCH THỂ CHẾ" alone on its line) set the area of the rows under
 * them. Nothing is imported from a table with a problem: the caller refuses the whole file. Pure.
 */
import { classifyHeading } from '../province-report/outline.js';
import { foldForMatch } from '../values/text.js';
import { dayText, isIsoDate, isPlanArea, PLAN_AREA_LABELS, PLAN_AREAS, taskProblems, type PlanArea } from './plan.js';

export type ImportColumn = 'number' | 'title' | 'area' | 'responsible' | 'deadline' | 'output' | 'owner';

/** The captions of each column (folded: no tones, lower case); the first listed is the template's. */
export const IMPORT_CAPTIONS: Readonly<Record<ImportColumn, readonly string[]>> = {
  number: ['stt', 'so tt', 'so thu tu', 'tt'],
  title: ['nhiem vu', 'ten nhiem vu', 'noi dung nhiem vu', 'noi dung', 'nhiem vu giai phap'],
  area: ['linh vuc', 'linh vuc cai cach', 'linh vuc cchc'],
  responsible: ['co quan chu tri', 'don vi chu tri', 'co quan thuc hien', 'don vi thuc hien', 'chu tri'],
  deadline: ['thoi han', 'thoi han hoan thanh', 'han hoan thanh', 'thoi gian hoan thanh'],
  output: ['san pham', 'san pham du kien', 'ket qua du kien', 'san pham dau ra'],
  owner: ['thuoc ke hoach', 'ke hoach', 'loai nhiem vu'],
};

/** The template's header row, as the import documentation and the downloadable template print it. */
export const IMPORT_TEMPLATE_HEADER = ['STT', 'Nhiệm vụ', 'Lĩnh vực', 'Cơ quan chủ trì', 'Thời hạn', 'Sản phẩm dự kiến', 'Thuộc kế hoạch'] as const;

const CAPTION_VI: Readonly<Record<ImportColumn, string>> = {
  number: 'STT',
  title: 'Nhiệm vụ',
  area: 'Lĩnh vực',
  responsible: 'Cơ quan chủ trì',
  deadline: 'Thời hạn',
  output: 'Sản phẩm dự kiến',
  owner: 'Thuộc kế hoạch',
};
const REQUIRED: readonly ImportColumn[] = ['title', 'area', 'responsible', 'deadline'];

export interface TableRow {
  cells: readonly string[];
  /** The row's line (CSV) or row number (sheet), 1-based, as the person sees it. */
  line: number;
}

export interface ImportAgency {
  id: string;
  name: string;
  shortName: string | null;
}

export interface ImportedTask {
  line: number;
  title: string;
  area: PlanArea;
  responsibleAgencyId: string;
  deadline: string;
  expectedOutput: string | null;
  /** The province's task (null) or the responsible agency's own. */
  ownerAgencyId: string | null;
}

export interface ImportProblem {
  line: number | null;
  column: string | null;
  messageVi: string;
}

export interface ImportResult {
  tasks: ImportedTask[];
  problems: ImportProblem[];
}

const norm = (text: string) =>
  foldForMatch(text)
    .replace(/[^a-z0-9 ]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();

function columnOf(caption: string): ImportColumn | null {
  const folded = norm(caption);
  if (folded === '') return null;
  for (const [column, captions] of Object.entries(IMPORT_CAPTIONS) as [ImportColumn, readonly string[]][])
    if (captions.includes(folded)) return column;
  return null;
}

/** The area a cell names: its key, its label, or words that name it ("thủ tục hành chính"). */
export function areaOf(text: string): PlanArea | null {
  const trimmed = text.trim();
  if (isPlanArea(trimmed)) return trimmed;
  const folded = norm(trimmed);
  if (folded === '') return null;
  for (const area of PLAN_AREAS) if (norm(PLAN_AREA_LABELS[area]) === folded) return area;
  const key = classifyHeading(trimmed);
  return key !== null && isPlanArea(key) ? key : null;
}

/** A deadline cell: dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, or "thường xuyên" / "cả năm" (the year's last day). */
export function deadlineOf(text: string, year: number): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(trimmed);
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  if (['thuong xuyen', 'ca nam', 'trong nam', 'hang nam', 'nam'].includes(norm(trimmed)) || norm(trimmed) === `nam ${year}`) return `${year}-12-31`;
  return null;
}

/** Whose plan a task belongs to: the province's (empty, "tỉnh", "UBND tỉnh") or the responsible agency's own. */
function ownerOf(text: string): 'province' | 'own' | null {
  const folded = norm(text);
  if (['', 'tinh', 'ubnd tinh', 'ke hoach tinh', 'cua tinh'].includes(folded)) return 'province';
  if (['co quan', 'don vi', 'rieng', 'cua co quan', 'ke hoach co quan', 'ke hoach rieng', 'dia phuong'].includes(folded)) return 'own';
  return null;
}

/** The key of a task for finding the same task twice: its title, agency and deadline. */
export const taskKey = (t: { title: string; responsibleAgencyId: string; deadline: string }) =>
  `${norm(t.title)}|${t.responsibleAgencyId}|${t.deadline}`;

/**
 * The tasks of a table for a plan of `year`. `agencies` are those a task may be given to (matched by id, name or
 * short name, any case or tone); `existing` are the keys (taskKey) of the plan's tasks already stored.
 */
export function readPlanTable(
  rows: readonly TableRow[],
  year: number,
  agencies: readonly ImportAgency[],
  existing: ReadonlySet<string> = new Set(),
): ImportResult {
  const problems: ImportProblem[] = [];
  const headerIndex = rows.slice(0, 15).findIndex((r) => {
    const columns = new Set(r.cells.map(columnOf));
    return columns.has('title') && (columns.has('responsible') || columns.has('deadline'));
  });
  if (headerIndex < 0) {
    return {
      tasks: [],
      problems: [
        {
          line: null,
          column: null,
          messageVi: `Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (cần các cột: ${REQUIRED.map((c) => CAPTION_VI[c]).join(', ')}).`,
        },
      ],
    };
  }
  const header = rows[headerIndex]!;
  const at = new Map<ImportColumn, number>();
  header.cells.forEach((caption, i) => {
    const column = columnOf(caption);
    if (column === null) return;
    if (at.has(column))
      problems.push({ line: header.line, column: caption.trim(), messageVi: `Cột "${CAPTION_VI[column]}" xuất hiện hai lần trong dòng tiêu đề.` });
    else at.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !at.has(c));
  if (missing.length > 0)
    problems.push({ line: header.line, column: null, messageVi: `Thiếu cột: ${missing.map((c) => CAPTION_VI[c]).join(', ')}.` });
  if (problems.length > 0) return { tasks: [], problems };

  const byName = new Map<string, ImportAgency[]>();
  const remember = (key: string, agency: ImportAgency) => {
    const folded = norm(key);
    if (folded === '') return;
    const list = byName.get(folded) ?? [];
    if (!list.includes(agency)) list.push(agency);
    byName.set(folded, list);
  };
  for (const a of agencies) {
    remember(a.id, a);
    remember(a.name, a);
    if (a.shortName) remember(a.shortName, a);
  }

  const tasks: ImportedTask[] = [];
  const seen = new Map<string, number>();
  let sectionArea: PlanArea | null = null;
  for (const row of rows.slice(headerIndex + 1)) {
    const cell = (column: ImportColumn) => (at.has(column) ? (row.cells[at.get(column)!] ?? '').trim() : '');
    if (row.cells.every((c) => c.trim() === '')) continue;
    const [title, areaText, agencyText, deadlineText, output, ownerText] = (
      ['title', 'area', 'responsible', 'deadline', 'output', 'owner'] as const
    ).map(cell) as [string, string, string, string, string, string];
    // a section row: a heading alone on its line sets the area of the rows under it
    if (agencyText === '' && deadlineText === '' && output === '' && areaText === '') {
      const area = areaOf(title);
      if (area !== null) {
        sectionArea = area;
        continue;
      }
    }
    const rowProblems: ImportProblem[] = [];
    const problem = (column: ImportColumn | null, messageVi: string) =>
      rowProblems.push({ line: row.line, column: column === null ? null : CAPTION_VI[column], messageVi });
    const area = areaText === '' ? sectionArea : areaOf(areaText);
    if (area === null) problem('area', areaText === '' ? 'Chưa ghi lĩnh vực.' : `Không nhận ra lĩnh vực "${areaText}".`);
    let responsible: ImportAgency | null = null;
    if (agencyText === '') problem('responsible', 'Chưa ghi cơ quan chủ trì.');
    else {
      const found = byName.get(norm(agencyText)) ?? [];
      if (found.length === 0) problem('responsible', `Không có cơ quan "${agencyText}" trong danh sách cơ quan của tỉnh.`);
      else if (found.length > 1)
        problem('responsible', `Tên "${agencyText}" trùng với nhiều cơ quan (${found.map((a) => a.id).join(', ')}); hãy ghi mã cơ quan.`);
      else responsible = found[0]!;
    }
    const deadline = deadlineText === '' ? null : deadlineOf(deadlineText, year);
    if (deadlineText === '') problem('deadline', 'Chưa ghi thời hạn.');
    else if (deadline === null) problem('deadline', `Không đọc được thời hạn "${deadlineText}" (ghi ngày dạng dd/mm/yyyy).`);
    const owner = ownerOf(ownerText);
    if (owner === null) problem('owner', `Không rõ "${ownerText}" (ghi "Tỉnh" hoặc "Cơ quan").`);
    for (const p of taskProblems({ title, area: area ?? 'direction', deadline: deadline ?? `${year}-12-31`, expectedOutput: output || null }, year)) {
      const column: ImportColumn | null =
        p.field === 'title' ? 'title' : p.field === 'deadline' ? 'deadline' : p.field === 'output' ? 'output' : null;
      problem(column, p.messageVi);
    }
    if (rowProblems.length === 0 && responsible && area && deadline) {
      const task: ImportedTask = {
        line: row.line,
        title,
        area,
        responsibleAgencyId: responsible.id,
        deadline,
        expectedOutput: output || null,
        ownerAgencyId: owner === 'own' ? responsible.id : null,
      };
      const key = taskKey(task);
      if (existing.has(key)) problem('title', `Nhiệm vụ này (cùng cơ quan chủ trì, thời hạn ${dayText(deadline)}) đã có trong kế hoạch.`);
      else if (seen.has(key)) problem('title', `Nhiệm vụ trùng với dòng ${seen.get(key)} của tệp.`);
      else {
        seen.set(key, row.line);
        tasks.push(task);
      }
    }
    problems.push(...rowProblems);
  }
  if (problems.length === 0 && tasks.length === 0)
    problems.push({ line: null, column: null, messageVi: 'Tệp không có nhiệm vụ nào (chỉ có dòng tiêu đề).' });
  return problems.length > 0 ? { tasks: [], problems } : { tasks, problems };
}

/**
 * The records of a CSV text (RFC 4180 quoting; the delimiter is the header line's "," or ";", as Excel saves it in
 * Vietnamese settings), each with the line it starts on; null with the line of an unterminated quote.
 */
export function parseCsv(input: string): { rows: TableRow[] } | { unterminatedAt: number } {
  const text = input.replace(/^\uFEFF/u, '');
  const firstLine = text.split(/\r?\n/u, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/gu)?.length ?? 0) > (firstLine.match(/,/gu)?.length ?? 0) ? ';' : ',';
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      rows.push({ cells, line: start });
      cells = [];
      field = '';
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) return { unterminatedAt: quoteLine };
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    rows.push({ cells, line: start });
  }
  return { rows };
}
