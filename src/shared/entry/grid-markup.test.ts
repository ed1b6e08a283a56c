/**
 * The grid's markup, which the server sends in a report's page and the browser's grid parses: whatever a template, an
 * officer or a reviewer wrote comes out as text, never as an element or an attribute of its own. For any texts, the
 * markup's tags are only the grid's own (with only its attributes), and its text, read back, holds each text as given.
 * (That the browser draws the same markup as its own table, and takes it over, is tested in a browser:
 * web/src/features/entry/grid-rows.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Template, TemplateRow, ValueKind } from '../../core/catalogue/template.js';
import type { Finding } from '../../core/checks/finding.js';
import { cellReadingOf } from './cell-cache.js';
import { formTitleMarkup, rowMarkup, tableMarkup } from './grid-markup.js';
import type { RowState } from './grid-state.js';
import { templateRow } from '../../test-support/template-factory.js';

const TAGS = new Set(['table', 'thead', 'tbody', 'tr', 'th', 'td', 'input', 'select', 'option', 'span', 'div', 'strong']);
const ATTRIBUTES = new Set([
  'class',
  'aria-label',
  'data-row',
  'data-form',
  'data-index',
  'data-note-index',
  'autocomplete',
  'readonly',
  'disabled',
  'selected',
  'value',
  'inputmode',
  'aria-invalid',
  'aria-describedby',
  'id',
  'role',
  'style',
  'title',
  'colspan',
  'scope',
]);

/** The markup's tags: name and attribute names of each. */
function tagsOf(html: string): { name: string; attributes: string[] }[] {
  return [...html.matchAll(/<\/?([a-z]+)([^>]*)>/gu)].map((m) => ({
    name: m[1]!,
    attributes: [...m[2]!.matchAll(/\s([a-z-]+)(?:="[^"]*")?/gu)].map((a) => a[1]!),
  }));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/gu, (e) => ENTITIES[e]!);

/** What the markup says as text and in its attribute values, read back. */
const textOf = (html: string) => unescape(html.replace(/<[^>]*>/gu, ' '));
const attributeValuesOf = (html: string) => [...html.matchAll(/="([^"]*)"/gu)].map((m) => unescape(m[1]!));

// texts with everything that means something in markup, and Vietnamese
const text = fc
  .array(fc.constantFrom('<', '>', '&', '"', "'", '/', '=', ' ', 'a', 'ệ', 'script', 'img', 'onerror', '\n'), { maxLength: 30 })
  .map((parts) => parts.join(''));

const row = (label: string, code: string, unit: string, kind: ValueKind): TemplateRow =>
  templateRow({ id: `1/${code}`, form: '1', code, logicalCode: code, label, unit, kind });

const state = (r: TemplateRow, raw: string, note: string, remarks: string[], findings: Finding[]): RowState => ({
  takesValue: true,
  indent: 1,
  raw,
  note,
  reading: r.kind.type === 'coded' ? null : cellReadingOf(raw, r.kind),
  ratio: '',
  findings,
  remarks,
  readOnly: false,
  marker: null,
});

describe("the grid's markup", () => {
  it('holds any text as text: only its own tags and attributes, every text read back as given', () => {
    fc.assert(
      fc.property(
        fc.record({ label: text, code: text, unit: text, raw: text, note: text, remark: text, message: text, codeLabel: text, title: text }),
        fc.constantFrom<ValueKind['type']>('count', 'text', 'percent', 'coded'),
        (t, kindType) => {
          const kind: ValueKind =
            kindType === 'coded' ? { type: 'coded', codes: [{ code: 1, label: t.codeLabel }] } : ({ type: kindType } as ValueKind);
          const r = row(t.label, t.code, t.unit, kind);
          const finding = { rule: 'sum:1', severity: 'warning', message: t.message, rows: [r.id], kind: 'check' } as unknown as Finding;
          const html = rowMarkup(r, 3, state(r, t.raw, t.note, [t.remark], [finding]));
          const template = { forms: [{ number: '1', title: t.title }] } as unknown as Template;
          const title = formTitleMarkup(template, '1');
          for (const tag of [...tagsOf(html), ...tagsOf(title)]) {
            expect(TAGS.has(tag.name), tag.name).toBe(true);
            for (const attribute of tag.attributes) expect(ATTRIBUTES.has(attribute), attribute).toBe(true);
          }
          const said = textOf(html);
          for (const given of [t.label, t.code, t.note, t.remark, t.message]) expect(said).toContain(given);
          if (kindType === 'coded') expect(said).toContain(t.codeLabel);
          else expect(said).toContain(t.unit);
          // the value and the note in their inputs' value attributes, as typed
          expect(attributeValuesOf(html)).toEqual(expect.arrayContaining(kindType === 'coded' ? [t.note] : [t.raw, t.note]));
          expect(textOf(title)).toContain(t.title);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("draws the table's head, and its body empty when it is given no rows", () => {
    const template = { rows: [], forms: [] } as unknown as Template;
    expect(tableMarkup(template, null)).toBe(
      '<table class="entry-grid" aria-label="Phụ lục thống kê số liệu"><thead><tr><th scope="col">STT</th><th scope="col">Chỉ tiêu thống kê</th>' +
        '<th scope="col">Đơn vị tính</th><th scope="col">Số liệu</th><th scope="col">Ghi chú</th></tr></thead><tbody></tbody></table>',
    );
  });
});
