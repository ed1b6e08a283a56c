/** Agency files (`cchc agencies import`): YAML and CSV read into checked entries, every problem with its line and entry. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENCY_KINDS } from '../../shared/agency-kinds.js';
import { checkAgencyTree, formatAgencyProblem, formatOf, parseAgencyFile, type AgencyProblem, type ParsedAgencyFile } from './agency-file.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'docs', 'agencies.example.yaml');

function problemsOf(result: ParsedAgencyFile): AgencyProblem[] {
  expect(result.ok, 'the file should be refused').toBe(false);
  return result.ok ? [] : result.problems;
}

/** Problems as `line entry: message` (Vietnamese), easy to compare. */
const lines = (problems: AgencyProblem[]) => problems.map((p) => `${p.line ?? '-'} ${p.entry ?? '-'}: ${p.messageVi}`);

describe('the example file (docs/agencies.example.yaml)', () => {
  it('loads: a province with agencies of every kind and the 2025 mergers', () => {
    const result = parseAgencyFile(readFileSync(EXAMPLE, 'utf8'), 'yaml');
    expect(result.ok ? [] : lines(result.problems)).toEqual([]);
    if (!result.ok) return;
    const agencies = result.agencies;
    expect(new Set(agencies.map((a) => a.kind))).toEqual(new Set(AGENCY_KINDS));
    expect(agencies.filter((a) => a.parent === null).map((a) => a.id)).toEqual(['al']);
    const merged = agencies.filter((a) => a.successor !== null);
    expect(merged.map((a) => [a.id, a.validTo, a.successor])).toEqual([
      ['al-so-tt-tt', '2025-02-28', 'al-so-khcn'],
      ['al-so-ldtbxh', '2025-02-28', 'al-so-noi-vu'],
      ['al-xa-phu-my', '2025-06-30', 'al-xa-dong-phu'],
      ['al-xa-phu-an', '2025-06-30', 'al-xa-dong-phu'],
    ]);
    const snv = agencies.find((a) => a.id === 'al-so-noi-vu')!;
    // the file's defaults fill what an entry leaves out
    expect(snv).toMatchObject({
      name: 'Sở Nội vụ',
      shortName: 'SNV',
      roles: ['so-noi-vu'],
      province: 'An Lạc',
      validFrom: '2015-01-01',
      validTo: null,
    });
    expect(agencies.find((a) => a.id === 'al-xa-dong-phu')!.validFrom).toBe('2025-07-01');
    expect(readFileSync(EXAMPLE, 'utf8').split('\n')[snv.line - 1]).toBe('  - id: al-so-noi-vu');
  });
});

describe('refused files: every problem, with its line and entry', () => {
  it('reports YAML syntax errors with their lines', () => {
    const problems = problemsOf(parseAgencyFile('agencies:\n  - id: a\n    id: b\n    name: [A\n', 'yaml'));
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatchObject({ line: 3, messageVi: 'Tệp YAML sai cú pháp.' });
    expect(problems[0]!.message).toMatch(/unique/u);
  });

  it('reports a file that is not a list of agencies', () => {
    expect(lines(problemsOf(parseAgencyFile('', 'yaml')))).toEqual(['- -: Tệp rỗng.']);
    expect(lines(problemsOf(parseAgencyFile('- id: a\n', 'yaml')))).toEqual([
      '- -: Tệp phải có dạng "agencies:" và danh sách các cơ quan (xem docs/agencies.example.yaml).',
    ]);
    expect(lines(problemsOf(parseAgencyFile('tinh: X\nagencies: []\n', 'yaml')))).toEqual([
      '1 -: Trường không được hỗ trợ ở đầu tệp: tinh (chỉ có province, validFrom, agencies).',
      '2 -: Danh sách cơ quan (agencies) trống.',
    ]);
  });

  it('finds every bad field, bad kind, bad date, duplicate, self-reference and cycle at once', () => {
    const file = [
      'validFrom: 2015-01-01', //                       1
      'agencies:', //                                    2
      '  - id: tinh', //                                 3
      '    name: UBND tỉnh Thử', //                      4
      '    kind: province', //                           5
      '  - id: so-a', //                                 6
      '    name: Sở A', //                               7
      '    kind: sở', //                                 8  bad kind
      '    parent: tinh', //                             9
      '  - id: 58', //                                  10  a number, not a code
      '    name: Sở B', //                              11
      '    kind: department', //                        12
      '    parent: tinh', //                            13
      '    validFrom: 2025-02-30', //                   14  no such day
      '  - id: so-a', //                                15  duplicate
      '    name: ""', //                                16  empty
      '    kind: board', //                             17
      '    parrent: tinh', //                           18  unknown field
      '  - id: Sở C', //                                19  not a code
      '    name: Sở C', //                              20
      '    kind: department', //                        21
      '  - id: vong-1', //                              22
      '    name: Vòng 1', //                            23
      '    kind: department', //                        24
      '    parent: vong-2', //                          25
      '  - id: vong-2', //                              26
      '    name: Vòng 2', //                            27
      '    kind: department', //                        28
      '    parent: vong-1', //                          29
      '  - id: tu-than', //                             30
      '    name: Tự thân', //                           31
      '    kind: public-unit', //                       32
      '    parent: tu-than', //                         33
      '  - id: het-truoc', //                           34
      '    name: Hết trước khi bắt đầu', //             35
      '    kind: board', //                             36
      '    parent: tinh', //                            37
      '    validFrom: 2020-01-01', //                   38
      '    validTo: 2019-12-31', //                     39
      '  - id: ke-thua', //                             40
      '    name: Có kế thừa, không có ngày hết', //     41
      '    kind: department', //                        42
      '    parent: tinh', //                            43
      '    successor: so-a', //                         44
      '  - id: tinh-2', //                              45
      '    name: Tỉnh có cấp trên', //                  46
      '    kind: province', //                          47
      '    parent: tinh', //                            48
      '  - id: sap-nhap', //                            49
      '    name: Sáp nhập vào cơ quan chưa có', //      50
      '    kind: commune-committee', //                 51
      '    parent: tinh', //                            52
      '    validTo: 2025-06-30', //                     53
      '    successor: moi', //                          54
      '  - id: moi', //                                 55
      '    name: Xã mới', //                            56
      '    kind: commune-committee', //                 57
      '    parent: tinh', //                            58
      '    validFrom: 2025-08-01', //                   59  a month after sap-nhap ended
    ].join('\n');
    const problems = problemsOf(parseAgencyFile(file, 'yaml'));
    expect(lines(problems)).toEqual([
      '8 so-a: Loại cơ quan "sở" không hợp lệ; chỉ có: province (UBND tỉnh), department (Sở, ban, ngành), board (Ban quản lý), public-unit (Đơn vị sự nghiệp), district-committee (UBND cấp huyện), commune-committee (UBND cấp xã).',
      '10 mục 3: Mã cơ quan (id) phải là chuỗi ký tự (một mã gồm toàn chữ số hãy đặt trong dấu nháy: "01").',
      '14 mục 3: Ngày bắt đầu hiệu lực (validFrom) "2025-02-30" không phải ngày hợp lệ dạng yyyy-mm-dd (ví dụ 2025-07-01).',
      '15 so-a: Mã cơ quan "so-a" trùng với cơ quan ở dòng 6.',
      '16 so-a: Tên cơ quan (name) không được để trống.',
      '18 so-a: Trường không được hỗ trợ: parrent (các trường: id, name, shortName, kind, parent, province, roles, validFrom, validTo, successor).',
      '19 Sở C: Mã cơ quan (id) chỉ gồm chữ a–z không dấu viết thường, chữ số và các dấu ".", "_", "-" (tối đa 64 ký tự).',
      '22 vong-1: Vòng lặp cơ quan cấp trên: "vong-1" → "vong-2" → "vong-1".',
      '33 tu-than: Cơ quan không thể là cấp trên của chính nó.',
      '39 het-truoc: Ngày hết hiệu lực 2019-12-31 trước ngày bắt đầu hiệu lực 2020-01-01.',
      '44 ke-thua: Có cơ quan kế thừa ("so-a") thì phải có ngày hết hiệu lực (validTo): ngày cơ quan này thôi hoạt động.',
      '48 tinh-2: UBND tỉnh là gốc của cây cơ quan: không có cơ quan cấp trên (parent "tinh").',
      '49 sap-nhap: Cơ quan kế thừa "moi" không có hiệu lực vào ngày 2025-07-01, ngày sau khi "sap-nhap" hết hiệu lực (hiệu lực của "moi": 2025-08-01 – nay).',
    ]);
    // English for the logs beside every Vietnamese message
    expect(problems.map((p) => p.message)).toEqual([
      'agency so-a: kind: invalid_value',
      'agency mục 3: id: invalid_type',
      'agency mục 3: validFrom: invalid_format',
      'duplicate agency id so-a (first at line 6)',
      'agency so-a: name: too_small',
      'agency so-a: entry: unrecognized_keys',
      'agency Sở C: id: invalid_format',
      'parent cycle vong-1 -> vong-2',
      'agency tu-than: parent is itself',
      'agency het-truoc: validTo before validFrom',
      'agency ke-thua: successor without validTo',
      'agency tinh-2: a province has no parent',
      'agency sap-nhap: successor moi not in force on 2025-07-01',
    ]);
    expect(formatAgencyProblem('tinh.yaml', problems[3]!)).toBe(
      'tinh.yaml:15: so-a: Mã cơ quan "so-a" trùng với cơ quan ở dòng 6. (duplicate agency id so-a (first at line 6))',
    );
  });

  it('requires a parent below the province, a validFrom, and finds cycles of successors', () => {
    const file = [
      'agencies:',
      '  - { id: mo-coi, name: Không cấp trên, kind: board, validFrom: 2020-01-01 }',
      '  - { id: khong-ngay, name: Không ngày, kind: province }',
      '  - { id: x1, name: X1, kind: province, validFrom: 2020-01-01, validTo: 2024-12-31, successor: x2 }',
      '  - { id: x2, name: X2, kind: province, validFrom: 2020-01-01, validTo: 2024-12-31, successor: x1 }',
    ].join('\n');
    expect(lines(problemsOf(parseAgencyFile(file, 'yaml')))).toEqual([
      '2 mo-coi: Thiếu cơ quan cấp trên (parent): chỉ UBND tỉnh (kind: province) đứng đầu cây.',
      '3 khong-ngay: Thiếu ngày bắt đầu hiệu lực (validFrom) của cơ quan, và tệp không có validFrom mặc định.',
      '4 x1: Cơ quan kế thừa "x2" không có hiệu lực vào ngày 2025-01-01, ngày sau khi "x1" hết hiệu lực (hiệu lực của "x2": 2020-01-01 – 2024-12-31).',
      '4 x1: Vòng lặp cơ quan kế thừa: "x1" → "x2" → "x1".',
      '5 x2: Cơ quan kế thừa "x1" không có hiệu lực vào ngày 2025-01-01, ngày sau khi "x2" hết hiệu lực (hiệu lực của "x1": 2020-01-01 – 2024-12-31).',
    ]);
  });

  it('leaves references outside the file to the database, and checks them against stored agencies', () => {
    const file =
      'agencies:\n  - { id: so-moi, name: Sở mới, kind: department, parent: tinh-cu, validFrom: 2020-01-01, validTo: 2025-02-28, successor: so-khac }\n';
    const result = parseAgencyFile(file, 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(lines(checkAgencyTree(result.agencies, []))).toEqual([
      '2 so-moi: Không có cơ quan cấp trên "tinh-cu" trong tệp hay trong cơ sở dữ liệu.',
      '2 so-moi: Không có cơ quan kế thừa "so-khac" trong tệp hay trong cơ sở dữ liệu.',
    ]);
    const stored = [
      { id: 'tinh-cu', parent_id: null, successor_id: null, valid_from: '2015-01-01', valid_to: null, roles: [] },
      { id: 'so-khac', parent_id: 'so-moi', successor_id: null, valid_from: '2015-01-01', valid_to: null, roles: [] },
    ];
    expect(checkAgencyTree(result.agencies, stored)).toEqual([]);
    // a cycle through a stored agency: so-moi under so-khac, stored under so-moi
    const under = parseAgencyFile(file.replace('parent: tinh-cu', 'parent: so-khac'), 'yaml');
    expect(under.ok && lines(checkAgencyTree(under.agencies, stored))).toEqual([
      '2 so-moi: Vòng lặp cơ quan cấp trên: "so-moi" → "so-khac" → "so-moi".',
    ]);
  });
});

describe('roles', () => {
  const head = ['validFrom: 2015-01-01', 'agencies:', '  - { id: tinh, name: UBND tỉnh Thử, kind: province }'];

  it('refuses a role no template knows, naming the known ones', () => {
    const file = [...head, '  - { id: snv, name: Sở Nội vụ, kind: department, parent: tinh, roles: [so-noi-vu, so-noivu] }'].join('\n');
    const problems = problemsOf(parseAgencyFile(file, 'yaml'));
    expect(lines(problems)).toEqual([
      expect.stringMatching(
        /^4 snv: Vai trò "so-noivu" không có; chỉ có: so-noi-vu \(Sở Nội vụ\), vp-ubnd \(Văn phòng UBND tỉnh\), .*so-ke-hoach-dau-tu/u,
      ),
    ]);
    expect(problems[0]!.message).toBe('agency snv: roles.1: invalid_value');
  });

  it('refuses a second agency of the province holding a role at the same time, and allows one after the other', () => {
    const file = [
      ...head,
      '  - { id: snv, name: Sở Nội vụ, kind: department, parent: tinh, roles: [so-noi-vu] }',
      '  - { id: snv-2, name: Sở Nội vụ (bản sao), kind: department, parent: tinh, roles: [so-noi-vu, vp-ubnd] }',
      '  - { id: snv-cu, name: Sở Nội vụ cũ, kind: department, parent: tinh, roles: [so-tu-phap], validTo: 2014-12-31, validFrom: 2010-01-01 }',
      '  - { id: stp, name: Sở Tư pháp, kind: department, parent: tinh, roles: [so-tu-phap] }',
      '  - { id: tinh-khac, name: UBND tỉnh Khác, kind: province }',
      '  - { id: snv-khac, name: Sở Nội vụ tỉnh Khác, kind: department, parent: tinh-khac, roles: [so-noi-vu] }',
    ].join('\n');
    const problems = problemsOf(parseAgencyFile(file, 'yaml'));
    expect(lines(problems)).toEqual([
      '5 snv-2: Vai trò "so-noi-vu" đã thuộc cơ quan "snv" (ở dòng 4) của cùng tỉnh, cùng thời gian hiệu lực: mỗi vai trò chỉ một cơ quan giữ. Hãy bỏ vai trò ở một trong hai cơ quan, hoặc đặt ngày hết hiệu lực (validTo) cho cơ quan cũ.',
    ]);
    expect(problems[0]!.message).toBe('agency snv-2: role so-noi-vu is already held by snv');
    // against the stored agencies: a holder in the database, in force, of the same province
    const one = parseAgencyFile(
      [...head.slice(0, 2), '  - { id: snv-moi, name: Sở Nội vụ mới, kind: department, parent: tinh, roles: [so-noi-vu] }'].join('\n'),
      'yaml',
    );
    if (!one.ok) throw new Error('the file should be right in itself');
    const stored = (validTo: string | null, parent = 'tinh') => [
      { id: 'tinh', parent_id: null, successor_id: null, valid_from: '2015-01-01', valid_to: null, roles: [] },
      { id: 'tinh-khac', parent_id: null, successor_id: null, valid_from: '2015-01-01', valid_to: null, roles: [] },
      { id: 'snv', parent_id: parent, successor_id: null, valid_from: '2015-01-01', valid_to: validTo, roles: ['so-noi-vu'] },
    ];
    expect(lines(checkAgencyTree(one.agencies, stored(null)))).toEqual([
      '3 snv-moi: Vai trò "so-noi-vu" đã thuộc cơ quan "snv" (trong cơ sở dữ liệu) của cùng tỉnh, cùng thời gian hiệu lực: mỗi vai trò chỉ một cơ quan giữ. Hãy bỏ vai trò ở một trong hai cơ quan, hoặc đặt ngày hết hiệu lực (validTo) cho cơ quan cũ.',
    ]);
    expect(checkAgencyTree(one.agencies, stored('2014-12-31'))).toEqual([]);
    expect(checkAgencyTree(one.agencies, stored(null, 'tinh-khac'))).toEqual([]);
  });
});

describe('CSV', () => {
  it('reads a spreadsheet export (";" between cells, a BOM, quoted cells, roles separated by spaces)', () => {
    const csv = [
      '\uFEFFid;name;shortName;kind;parent;province;roles;validFrom;validTo;successor',
      'tinh;"UBND tỉnh ""Thử""";;province;;Thử;;2015-01-01;;',
      'so-noi-vu;Sở Nội vụ;SNV;department;tinh;;so-noi-vu vp-ubnd;2015-01-01;;',
      'so-cu;"Sở cũ; đã sáp nhập";;department;tinh;;;2015-01-01;2025-02-28;so-noi-vu',
    ].join('\r\n');
    const result = parseAgencyFile(csv, 'csv');
    expect(result.ok ? [] : lines(result.problems)).toEqual([]);
    if (!result.ok) return;
    expect(result.agencies.map((a) => [a.id, a.name, a.shortName, a.parent, a.province, a.roles, a.validTo, a.successor, a.line])).toEqual([
      ['tinh', 'UBND tỉnh "Thử"', null, null, 'Thử', [], null, null, 2],
      ['so-noi-vu', 'Sở Nội vụ', 'SNV', 'tinh', null, ['so-noi-vu', 'vp-ubnd'], null, null, 3],
      ['so-cu', 'Sở cũ; đã sáp nhập', null, 'tinh', null, [], '2025-02-28', 'so-noi-vu', 4],
    ]);
  });

  it('refuses unknown columns, extra cells, an open quote, and checks rows as YAML entries', () => {
    expect(lines(problemsOf(parseAgencyFile('id,ten,kind\n', 'csv')))).toEqual([
      '1 -: Cột không được hỗ trợ: "ten" (các cột: id, name, shortName, kind, parent, province, roles, validFrom, validTo, successor).',
    ]);
    expect(lines(problemsOf(parseAgencyFile('id,name,kind,validFrom\n"a,A,province,2020-01-01\n', 'csv')))).toEqual([
      '2 -: Tệp CSV sai cú pháp: dấu nháy kép mở mà không đóng.',
    ]);
    const csv = [
      'id,name,kind,parent,validFrom',
      'tinh,Tỉnh,province,,2020-01-01,thừa',
      'so-a,Sở A,department,khong-co,2020-13-01',
      'so-a,Sở A,huyen,tinh,2020-01-01',
    ].join('\n');
    expect(lines(problemsOf(parseAgencyFile(csv, 'csv')))).toEqual([
      '2 -: Dòng có 6 ô, nhiều hơn 5 cột của dòng tiêu đề.',
      '3 so-a: Ngày bắt đầu hiệu lực (validFrom) "2020-13-01" không phải ngày hợp lệ dạng yyyy-mm-dd (ví dụ 2025-07-01).',
      '4 so-a: Loại cơ quan "huyen" không hợp lệ; chỉ có: province (UBND tỉnh), department (Sở, ban, ngành), board (Ban quản lý), public-unit (Đơn vị sự nghiệp), district-committee (UBND cấp huyện), commune-committee (UBND cấp xã).',
      '4 so-a: Mã cơ quan "so-a" trùng với cơ quan ở dòng 3.',
    ]);
  });

  it('tells the format by the file name', () => {
    expect([formatOf('a.yaml'), formatOf('A.YML'), formatOf('tinh.csv'), formatOf('tinh.xlsx')]).toEqual(['yaml', 'yaml', 'csv', null]);
  });
});
