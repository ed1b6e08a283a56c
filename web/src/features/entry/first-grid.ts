/**
 * A report opened directly (its address typed, a link followed, the page reloaded): its appendix grid, drawn by the
 * server into the page (src/server/web-page.ts) and taken as it stands here, or else drawn here as soon as the report,
 * its template and the session have arrived (early.ts asks for them first) — before React, Mantine and the page's own
 * code are evaluated. The officer sees her 200 rows and can type in them at once; the page, when it comes,
 * takes the same table over (EntryGrid) and receives what was typed meanwhile, so nothing is lost and nothing is
 * drawn twice. The instant checks' findings, the agency's history and autosave start with the page.
 *
 * The table is drawn only with what the page would draw (the same cells, the same rows, read-only when the page would
 * be): the page's own drawing replaces nothing. When the page's code wins the race, nothing is drawn here.
 */
import type { Early, EarlyReport } from '../../app/early.js';
import type { MeDto } from '../../api/types.js';
import { GridRows, isBlock, type CellChange, type GridHandlers } from './grid-rows.js';
import { mayEditCells } from '@core/workflow/roles.js';
import { FIRST_GRID_LOADING, FIRST_GRID_STATUS } from '@shared/entry/grid-markup.js';
import { openingCells, rowStateOf, withChanges } from '@shared/entry/grid-state.js';
import { readUnsent, withEditedCells, writeUnsent } from './unsent-edits.js';

interface Drawn {
  reportId: string;
  templateId: string;
  grid: GridRows;
  holder: HTMLElement;
}

let drawn: Drawn | null = null;
let pageStarted = false;

/** The app is about to draw its first page (main.tsx): from now on nothing is drawn here. */
export function pageStarting(): void {
  pageStarted = true;
}

/** The holder of the grid drawn here, with its line (as the server draws its own: web-page.ts). */
function newHolder(readOnly: boolean): HTMLDivElement {
  const holder = document.createElement('div');
  holder.className = 'first-grid';
  const status = document.createElement('p');
  status.className = 'first-grid-status';
  status.setAttribute('role', 'status');
  status.textContent = readOnly ? FIRST_GRID_LOADING : FIRST_GRID_STATUS;
  holder.append(status);
  return holder;
}

/** The report's grid the server drew into the page, while it is there. */
const servedGrid = (): HTMLElement | null => document.querySelector<HTMLElement>('body > .first-grid[data-report]');

/** A grid the server drew that no one takes over (the page shows another address, or draws its own): taken away. */
export function dropServedGrid(): void {
  servedGrid()?.remove();
}

/** Draws the report's grid at the top of the page, unless the page has started drawing itself; whether it drew. */
export async function drawFirstGrid(report: EarlyReport, session: Early<MeDto>): Promise<boolean> {
  const answers = await Promise.all([session.promise, report.report.promise, report.template.promise]).catch(() => null);
  const [me, dto, template] = answers ?? [];
  if (!me || !dto || !template || pageStarted || template.id !== dto.templateId) {
    // not taken here: the page draws its own table
    dropServedGrid();
    return false;
  }
  // the table the server drew into the page with this report's stored values (what was typed in it since, before any
  // script ran, is in its inputs); one drawn for another report or template (an address whose "#/…" names another
  // report) is taken away, never read as this one's
  const found = servedGrid();
  const served = found?.dataset['report'] === dto.id && found.dataset['template'] === template.id ? found : null;
  if (found && !served) found.remove();
  const servedTable = served?.querySelector<HTMLTableElement>('table.entry-grid') ?? null;
  const actor = me.actor;
  const kept = readUnsent(actor.accountId, dto.id);
  let cells = openingCells(template, dto, kept?.cells);
  const readOnly = !mayEditCells(actor.role, dto.status);
  const grid = new GridRows(template, document, servedTable);
  const draw = () => grid.update((row) => rowStateOf(template, row, cells, { readOnly }), null);
  let typed: CellChange[] = [];
  if (servedTable) {
    const stored = openingCells(template, dto, undefined);
    grid.update((row) => rowStateOf(template, row, stored, { readOnly }), null);
    typed = readOnly ? [] : grid.typedMeanwhile();
  }
  // typed before the page's scripts ran: newer than the edits kept from an earlier visit
  cells = withChanges(cells, typed);
  draw();
  // the server's table comes with its holder and line, the same as drawn here (only the line's text changes: what is
  // typed is kept from now on; a read-only table keeps its line)
  const holder = (servedTable && served) || newHolder(readOnly);
  const status = holder.querySelector<HTMLElement>('.first-grid-status')!;
  if (servedTable && !readOnly) status.textContent = FIRST_GRID_STATUS;
  // until the page takes the table over, what is typed is read and drawn here (its reading, the ratios it feeds),
  // kept in the inputs for the page (GridRows.typedMeanwhile), and kept in this browser as the page keeps edits not
  // yet sent (unsent-edits.ts): a reload, a closed tab or an app that never arrives loses nothing, and the page sends
  // them when it comes
  const server = new Map(dto.values.map((v) => [v.rowId, { raw: v.raw, note: v.note }]));
  let keep = kept;
  const handlers: GridHandlers = {
    onChange(changes) {
      cells = withChanges(cells, changes);
      draw();
      const edited = changes.map(({ rowId }) => {
        const cell = cells.get(rowId) ?? { raw: '', note: '' };
        return { rowId, raw: cell.raw, note: cell.note || null };
      });
      keep = withEditedCells(keep, { accountId: actor.accountId, reportId: dto.id, version: dto.version, server }, edited, new Date().toISOString());
      writeUnsent(keep);
    },
    onKey: () => undefined,
    // a block pasted from Excel is placed by the page (by meaning, after a preview): held until it comes, not put in
    // one cell as text
    onPaste(event, index) {
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (readOnly || !isBlock(text)) return;
      event.preventDefault();
      grid.holdPaste(index, text);
      status.textContent = 'Đang tải các chức năng của trang báo cáo; khối vừa dán sẽ được xem trước và điền khi tải xong.';
    },
  };
  grid.listen(handlers);
  // what was typed before the scripts ran is kept like what is typed from now on
  if (typed.length > 0) handlers.onChange(typed);
  if (!servedTable) {
    holder.append(grid.table);
    document.body.insertBefore(holder, document.getElementById('root'));
  }
  drawn = { reportId: dto.id, templateId: template.id, grid, holder };
  return true;
}

/**
 * The app could not be loaded: the first drawing's line says so (what was typed is kept in this browser, not yet on
 * the server), the table turned read-only; false when no grid was drawn here.
 */
export function firstGridFailed(message: string): boolean {
  if (!drawn) return false;
  const status = drawn.holder.querySelector('.first-grid-status');
  if (status) {
    status.textContent = message;
    status.setAttribute('role', 'alert');
  }
  for (const input of drawn.grid.table.querySelectorAll('input')) input.readOnly = true;
  for (const select of drawn.grid.table.querySelectorAll('select')) select.disabled = true;
  return true;
}

/** Whether a grid drawn here is on the page, neither taken over nor taken away. */
export const firstGridShown = (): boolean => drawn !== null;

/**
 * The table drawn for this report and template, for the page to take over (the same one each time it asks, until it is
 * let go); null when none was drawn.
 */
export function firstGridFor(reportId: string, templateId: string): GridRows | null {
  return drawn && drawn.reportId === reportId && drawn.templateId === templateId ? drawn.grid : null;
}

/**
 * The page has put the table in its place (EntryGrid), or shows another page than that report's (App): the first
 * drawing's holder goes, with the table when no page took it.
 */
export function letFirstGridGo(): void {
  drawn?.holder.remove();
  drawn = null;
  dropServedGrid();
}
