import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  differingSections,
  holdsEdit,
  readUnsent,
  rebase,
  unsentKey,
  withEditedCells,
  writeUnsent,
  type ServerCell,
  type UnsentEdits,
} from './unsent-edits.js';

const cells = (entries: Record<string, ServerCell>) => new Map(Object.entries(entries));

describe('rebase: unsent edits against the server as it is now', () => {
  const edits = {
    cells: [
      { rowId: 'a', raw: '19', note: null },
      { rowId: 'b', raw: '7', note: 'theo báo cáo' },
      { rowId: 'c', raw: '3', note: null },
    ],
    bases: { a: { raw: '20', note: null }, b: null, c: { raw: '1', note: null } },
    narrative: null,
    narrativeBase: null,
  };

  it('a cell someone else changed to something else is a conflict with both values; the others may be sent', () => {
    const result = rebase(edits, { cells: cells({ a: { raw: '21', note: null }, b: null, c: { raw: '1', note: null } }), narrative: [] });
    expect(result.cellConflicts).toEqual([{ rowId: 'a', mine: edits.cells[0], theirs: { raw: '21', note: null } }]);
    expect(result.alreadyThere).toEqual([]);
    expect(result.narrativeConflict).toBeNull();
  });

  it('a cell the server already holds as edited (an answer lost on the way) is nothing to send and no conflict', () => {
    const result = rebase(edits, {
      cells: cells({ a: { raw: '20', note: null }, b: { raw: '7', note: 'theo báo cáo; số liệu ước tính' }, c: { raw: '3', note: null } }),
      narrative: [],
    });
    expect(result.cellConflicts).toEqual([]);
    expect(result.alreadyThere).toEqual(['b', 'c']);
  });

  it('the narrative conflicts only when someone else changed it and it differs from the edit', () => {
    const base = [{ heading: 'I', level: 1, body: 'Cũ.' }];
    const mine = [{ heading: 'I', level: 1, body: 'Của tôi.' }];
    const theirs = [{ heading: 'I', level: 1, body: 'Của người khác.' }];
    expect(rebase({ ...edits, cells: [], narrative: mine, narrativeBase: base }, { cells: cells({}), narrative: base }).narrativeConflict).toBeNull();
    expect(rebase({ ...edits, cells: [], narrative: mine, narrativeBase: base }, { cells: cells({}), narrative: mine }).narrativeConflict).toBeNull();
    expect(rebase({ ...edits, cells: [], narrative: mine, narrativeBase: base }, { cells: cells({}), narrative: theirs }).narrativeConflict).toEqual({
      mine,
      theirs,
      headings: ['I'],
    });
  });

  it('holdsEdit: an empty edit of a cell with no value is held; spaces around do not count', () => {
    expect(holdsEdit(null, { rowId: 'x', raw: ' ', note: null })).toBe(true);
    expect(holdsEdit({ raw: '12 ', note: '' }, { rowId: 'x', raw: '12', note: null })).toBe(true);
    expect(holdsEdit({ raw: '12', note: null }, { rowId: 'x', raw: '13', note: null })).toBe(false);
  });

  it('differingSections: by heading, an empty section the same as a missing one', () => {
    expect(
      differingSections(
        [
          { heading: 'I. A', level: 1, body: 'x' },
          { heading: 'II. B', level: 1, body: '' },
        ],
        [
          { heading: 'I.  a', level: 1, body: 'x\r\n' },
          { heading: 'III. C', level: 1, body: 'mới' },
        ],
      ),
    ).toEqual(['III. C']);
  });
});

describe('kept in the browser under the report id, with the version the edits were made on', () => {
  const items = new Map<string, string>();
  beforeEach(() => {
    items.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  const edits: UnsentEdits = {
    accountId: 'acc-khcn-baocao',
    reportId: 'r1',
    version: 7,
    cells: [{ rowId: 'a', raw: '5', note: null }],
    bases: { a: null },
    narrative: null,
    narrativeBase: null,
    at: '2025-01-01T00:00:00.000Z',
  };

  it('written, read back, and forgotten once nothing is left', () => {
    expect(writeUnsent(edits)).toBe(true);
    expect(readUnsent('acc-khcn-baocao', 'r1')).toEqual(edits);
    expect(readUnsent('acc-khcn-baocao', 'r2')).toBeNull();
    writeUnsent({ ...edits, cells: [] });
    expect(items.has(unsentKey('acc-khcn-baocao', 'r1'))).toBe(false);
  });

  it("are the account's own: a colleague on the same computer neither reads them nor overwrites them", () => {
    writeUnsent(edits);
    expect(readUnsent('acc-khcn-duyet', 'r1')).toBeNull();
    const theirs = { ...edits, accountId: 'acc-khcn-duyet', cells: [{ rowId: 'b', raw: '9', note: null }] };
    writeUnsent(theirs);
    expect(readUnsent('acc-khcn-baocao', 'r1')).toEqual(edits);
    expect(readUnsent('acc-khcn-duyet', 'r1')).toEqual(theirs);
    // an entry under one account's key that names another account is not trusted
    items.set(unsentKey('acc-khcn-xem', 'r1'), JSON.stringify(edits));
    expect(readUnsent('acc-khcn-xem', 'r1')).toBeNull();
    expect(items.has(unsentKey('acc-khcn-xem', 'r1'))).toBe(false);
  });

  it('kept by an earlier client under the report alone: taken by the account that opens it, then kept under it', () => {
    const { accountId: _unknown, ...legacy } = edits;
    items.set('cchc:unsent:r1', JSON.stringify(legacy));
    expect(readUnsent('acc-khcn-baocao', 'r1')).toEqual(edits);
    writeUnsent(edits);
    expect(items.has('cchc:unsent:r1')).toBe(false);
    expect(readUnsent('acc-khcn-duyet', 'r1')).toBeNull();
  });

  it('a damaged entry is dropped, not thrown', () => {
    items.set(unsentKey('acc-khcn-baocao', 'r1'), '{not json');
    expect(readUnsent('acc-khcn-baocao', 'r1')).toBeNull();
    expect(items.has(unsentKey('acc-khcn-baocao', 'r1'))).toBe(false);
    items.set(unsentKey('acc-khcn-baocao', 'r1'), JSON.stringify({ ...edits, reportId: 'r9' }));
    expect(readUnsent('acc-khcn-baocao', 'r1')).toBeNull();
  });
});

describe('withEditedCells: edits kept as they are made (the grid drawn before the app)', () => {
  const server = cells({ a: { raw: '20', note: null }, b: { raw: '7', note: 'theo báo cáo' } });
  const on = { accountId: 'acc-1', reportId: 'r1', version: 5, server };

  it("keeps each cell's latest text, its base the server's value when first edited, on the version of the first edit", () => {
    const first = withEditedCells(null, on, [{ rowId: 'a', raw: '21', note: null }], 't1');
    expect(first).toEqual({
      accountId: 'acc-1',
      reportId: 'r1',
      version: 5,
      cells: [{ rowId: 'a', raw: '21', note: null }],
      bases: { a: { raw: '20', note: null } },
      narrative: null,
      narrativeBase: null,
      at: 't1',
    });
    const later = withEditedCells(
      first,
      { ...on, version: 6, server: cells({ a: { raw: '99', note: null } }) },
      [
        { rowId: 'a', raw: '22', note: 'sửa' },
        { rowId: 'c', raw: '1', note: null },
      ],
      't2',
    );
    expect(later.version).toBe(5);
    expect(later.cells).toEqual([
      { rowId: 'a', raw: '22', note: 'sửa' },
      { rowId: 'c', raw: '1', note: null },
    ]);
    // a's base stays what the server held when it was first edited; c had no value on the server
    expect(later.bases).toEqual({ a: { raw: '20', note: null }, c: null });
    expect(later.at).toBe('t2');
  });

  it('keeps the narrative an earlier visit left, and a row id that is also an object key is a row like any other', () => {
    const earlier: UnsentEdits = {
      ...withEditedCells(null, on, [{ rowId: 'b', raw: '8', note: null }], 't0'),
      narrative: [{ heading: 'I', level: 1, body: 'x' }],
      narrativeBase: [],
    };
    const next = withEditedCells(earlier, on, [{ rowId: 'constructor', raw: '3', note: null }], 't1');
    expect(next.narrative).toEqual([{ heading: 'I', level: 1, body: 'x' }]);
    expect(next.narrativeBase).toEqual([]);
    expect(next.bases).toEqual({ b: { raw: '7', note: 'theo báo cáo' }, constructor: null });
  });
});
