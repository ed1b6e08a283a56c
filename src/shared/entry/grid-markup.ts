/**
 * The appendix grid's table as markup: one drawing of a row, its label, its value cell, for the server and the
 * browser alike. The server draws a report's table into its page with it (src/server/web-page.ts), so the officer's
 * 200 rows come with the page, as a static table would; the browser's grid (web: grid-rows.ts) draws and redraws
 * its rows with it, and takes the server's table over as if it had drawn it. Every text is escaped here, once: what
 * an officer typed, a template's label or a reason for returning the report is never read as markup. Pure.
 */
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import type { Finding } from '../../core/checks/finding.js';
import { escapeHtml } from '../html-text.js';
import type { RowState } from './grid-state.js';

/** The grid's accessible name (its table is found by it). */
const GRID_LABEL = 'Phụ lục thống kê số liệu';

/** The table's column titles. */
const GRID_COLUMNS = ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'] as const;

/** The line over a report's grid sent with its page, until the client's first module has taken it over. */
export const FIRST_GRID_LOADING = 'Đang tải các chức năng của trang báo cáo.';

/** The line over a grid the client's first module has drawn or taken over, until the app has come. */
export const FIRST_GRID_STATUS = 'Đang tải các chức năng của trang báo cáo; số liệu nhập vào bảng được giữ trên máy này và lưu khi tải xong.';

/** What the grid shows when no row is left by the search and filters. */
const NO_ROWS = 'Không có dòng nào khớp với tìm kiếm và bộ lọc.';

/** A template row as users name it: "Biểu 3, 3.1.3. Tổng số TTHC" (its form, code and label). */
export function rowTitle(row: { form?: string | null; code?: string | null; label: string }): string {
  return `${row.form ? `Biểu ${row.form}, ` : ''}${row.code ?? ''} ${row.label}`.trim();
}

/** "Lỗi: " or "Cảnh báo: ", before a finding's message. */
export function severityPrefix(severity: Finding['severity']): string {
  return severity === 'error' ? 'Lỗi: ' : 'Cảnh báo: ';
}

/** The worst of some findings' severities, or null when there are none. */
export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): 'error' | 'warning' | null {
  return findings.some((f) => f.severity === 'error') ? 'error' : findings.length > 0 ? 'warning' : null;
}

/** The row's class: its worst finding, a reason for returning it, or a heading. */
export function rowClass(row: TemplateRow, s: RowState<unknown>): string {
  const worst = worstSeverity(s.findings);
  return worst ? `finding-${worst}` : s.remarks.length > 0 ? 'remarked' : row.group ? 'group' : '';
}

/** The id of the element that says how a row's value reads (its input is described by it). */
export const readingId = (index: number): string => `reading-${index}`;

/** Whether the value cell says how it reads (a shown reading or a message). */
export const describes = (s: RowState<unknown>): boolean => !!s.reading && !!(s.reading.shown || s.reading.message);

/** The label cell's left padding, by how deep the row sits. */
export const indentOf = (indent: number): string => `${0.4 + indent * 0.9}rem`;

const attr = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;
const flag = (name: string, on: boolean) => (on ? ` ${name}` : '');

function noteDiv(className: string, text: string, id?: string): string {
  return `<div${attr('class', className)} role="note"${id ? attr('id', id) : ''}>${escapeHtml(text)}</div>`;
}

/** The label cell's content: the label, the return reasons, the findings (not the unreadable cell's own). */
export function labelMarkup(row: TemplateRow, s: RowState<unknown>): string {
  let html = row.group ? `<strong>${escapeHtml(row.label)}</strong>` : escapeHtml(row.label);
  for (const text of s.remarks) html += noteDiv('finding remark', `Lý do trả lại: ${text}`);
  for (const f of s.findings)
    if (!f.rule.startsWith('unreadable:')) html += noteDiv(`finding ${f.severity}`, `${severityPrefix(f.severity)}${f.message}`);
  return html;
}

/** What follows the value's control: the printed value, how the cell reads, the computed ratio. */
export function valueTailMarkup(row: TemplateRow, index: number, s: RowState<unknown>): string {
  let html = s.takesValue ? `<span class="print-only print-value">${escapeHtml(s.raw)}</span>` : '';
  const r = s.takesValue && row.kind.type !== 'coded' ? s.reading : null;
  if (r && (r.shown || r.message)) {
    html += r.severity
      ? noteDiv(`reading finding ${r.severity}`, `${r.severity === 'error' ? 'Lỗi: ' : 'Chưa chắc chắn: '}${r.message ?? ''}`, readingId(index))
      : `<div class="reading${r.shown === 'không báo cáo' ? ' not-reported' : ''}"${attr('id', readingId(index))}>${escapeHtml(r.shown ?? '')}</div>`;
  }
  if (s.ratio) html += `<div class="ratio">${escapeHtml(s.ratio)}</div>`;
  return html;
}

/** What a text input shows of a text: an input holds one line (the browser drops line breaks from its value). */
export const shownInInput = (text: string): string => text.replace(/[\r\n]/gu, '');

/** The value cell's control: a code list, an input, or a blank on a heading. */
function controlMarkup(row: TemplateRow, index: number, s: RowState<unknown>): string {
  if (!s.takesValue) return `<span class="heading-cell" title="Dòng tiêu đề, không nhập số liệu"> </span>`;
  const label = attr('aria-label', `Số liệu: ${rowTitle(row)}`);
  if (row.kind.type === 'coded') {
    const codes = row.kind.codes.map((c) => String(c.code));
    const options = [`<option value="">—</option>`]
      .concat(
        row.kind.codes.map(
          (c) =>
            `<option${attr('value', String(c.code))}${flag('selected', String(c.code) === s.raw)}>${escapeHtml(`${c.code} — ${c.label}`)}</option>`,
        ),
      )
      // a stored text that is none of the codes (a label, "/", from an imported report) is shown as it is, not as "—"
      .concat(s.raw !== '' && !codes.includes(s.raw) ? [`<option${attr('value', s.raw)} selected>${escapeHtml(s.raw)}</option>`] : [])
      .join('');
    return `<select${label} data-index="${index}" autocomplete="off"${flag('disabled', s.readOnly)}>${options}</select>`;
  }
  return (
    `<input${label} data-index="${index}" autocomplete="off"${flag('readonly', s.readOnly)}${attr('value', s.raw)}` +
    `${attr('inputmode', row.kind.type === 'text' ? 'text' : 'decimal')}` +
    `${s.reading?.severity === 'error' ? ' aria-invalid="true"' : ''}${describes(s) ? attr('aria-describedby', readingId(index)) : ''}>`
  );
}

/** One row of the table. */
export function rowMarkup(row: TemplateRow, index: number, s: RowState<unknown>): string {
  const cls = rowClass(row, s);
  const note = s.takesValue
    ? `<input${attr('aria-label', `Ghi chú: ${rowTitle(row)}`)} data-note-index="${index}" autocomplete="off"${flag('readonly', s.readOnly)}${attr('value', s.note)}>`
    : '';
  return (
    `<tr${cls ? attr('class', cls) : ''}${attr('data-row', row.id)}>` +
    `<td class="code">${escapeHtml(row.code ?? '')}</td>` +
    `<td class="label" style="padding-left: ${indentOf(s.indent)};">${labelMarkup(row, s)}</td>` +
    `<td class="unit">${row.kind.type === 'coded' ? '' : escapeHtml(row.unit)}</td>` +
    `<td class="value">${controlMarkup(row, index, s)}${valueTailMarkup(row, index, s)}</td>` +
    `<td class="note">${note}<span class="print-only">${escapeHtml(s.note)}</span></td>` +
    `</tr>`
  );
}

/** The one row shown when the search and filters leave none. */
export const emptyRowMarkup = (): string => `<tr><td colspan="5">${escapeHtml(NO_ROWS)}</td></tr>`;

/** The title row over a form's rows. */
export function formTitleMarkup(template: Template, form: string): string {
  const title = template.forms.find((f) => f.number === form)?.title ?? '';
  return `<tr class="form-title"${attr('data-form', form)}><th colspan="5" scope="colgroup">${escapeHtml(`Biểu mẫu ${form}: ${title}`)}</th></tr>`;
}

/** Every row of the template, in order, with its forms' titles: the table body's content. */
export function bodyMarkup(template: Template, states: readonly RowState<unknown>[]): string {
  let html = '';
  let form: string | null | undefined;
  template.rows.forEach((row, index) => {
    if (row.form !== form) {
      form = row.form;
      if (row.form) html += formTitleMarkup(template, row.form);
    }
    html += rowMarkup(row, index, states[index]!);
  });
  return html;
}

/** The table, with its head and the rows given (none: an empty body, filled by the browser's grid). */
export function tableMarkup(template: Template, states: readonly RowState<unknown>[] | null): string {
  const head = GRID_COLUMNS.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('');
  return `<table class="entry-grid"${attr('aria-label', GRID_LABEL)}><thead><tr>${head}</tr></thead><tbody>${states ? bodyMarkup(template, states) : ''}</tbody></table>`;
}
