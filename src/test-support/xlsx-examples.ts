/**
 * Realistic example documents for tests and benchmarks: agency reports with deterministic pseudo-random figures
 * (the same template id and agency index give the same figures), made consistent with the template's checks
 * (parts add up to their whole, a part never exceeds its whole, a percentage is its numerator over its
 * denominator), and the province document that consolidates them.
 */
import type { Template, TemplateRow } from '../core/catalogue/template.js';
import { consolidate, type AgencyReport } from '../core/consolidation/consolidate.js';
import type { Period } from '../core/periods/period.js';
import { reportedCell, type CellValue } from '../core/report.js';
import { exactSum } from '../core/values/exact-sum.js';
import { getTemplate } from '../templates/template-loader.js';
import { defaultTitle, type AgencyDocument, type DocumentHeader, type ProvinceDocument } from '../documents/document-model.js';

/** A small deterministic generator (mulberry32) seeded from a string. */
export function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i += 1) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ExampleAgency {
  id: string;
  name: string;
  roles: string[];
  code: string;
}

/** Agencies that hold a role first, so rows a role reports have a province figure as soon as there are a few agencies. */
const AGENCIES: readonly ExampleAgency[] = [
  { id: 'so-noi-vu', name: 'Sở Nội vụ', roles: ['so-noi-vu'], code: 'SNV' },
  { id: 'van-phong-ubnd', name: 'Văn phòng Ủy ban nhân dân tỉnh', roles: ['vp-ubnd'], code: 'VPUB' },
  { id: 'so-tt-tt', name: 'Sở Thông tin và Truyền thông', roles: ['so-tt-tt'], code: 'STTTT' },
  { id: 'so-tu-phap', name: 'Sở Tư pháp', roles: ['so-tu-phap'], code: 'STP' },
  { id: 'so-tai-chinh', name: 'Sở Tài chính', roles: ['so-tai-chinh'], code: 'STC' },
  { id: 'so-ke-hoach-dau-tu', name: 'Sở Kế hoạch và Đầu tư', roles: ['so-ke-hoach-dau-tu'], code: 'SKHĐT' },
  { id: 'so-khcn', name: 'Sở Khoa học và Công nghệ', roles: [], code: 'SKHCN' },
  { id: 'so-ldtbxh', name: 'Sở Lao động - Thương binh và Xã hội', roles: [], code: 'SLĐTBXH' },
  { id: 'so-gddt', name: 'Sở Giáo dục và Đào tạo', roles: [], code: 'SGDĐT' },
  { id: 'so-y-te', name: 'Sở Y tế', roles: [], code: 'SYT' },
  { id: 'so-xay-dung', name: 'Sở Xây dựng', roles: [], code: 'SXD' },
  { id: 'so-cong-thuong', name: 'Sở Công Thương', roles: [], code: 'SCT' },
  { id: 'so-tnmt', name: 'Sở Tài nguyên và Môi trường', roles: [], code: 'STNMT' },
  { id: 'so-gtvt', name: 'Sở Giao thông vận tải', roles: [], code: 'SGTVT' },
  { id: 'so-nn-ptnt', name: 'Sở Nông nghiệp và Phát triển nông thôn', roles: [], code: 'SNNPTNT' },
  { id: 'so-vhttdl', name: 'Sở Văn hóa, Thể thao và Du lịch', roles: [], code: 'SVHTTDL' },
  { id: 'thanh-tra', name: 'Thanh tra tỉnh', roles: [], code: 'TTr' },
  { id: 'ban-dan-toc', name: 'Ban Dân tộc', roles: [], code: 'BDT' },
  { id: 'ban-ql-kcn', name: 'Ban Quản lý các khu công nghiệp', roles: [], code: 'BQLKCN' },
];

/** N agencies: the provincial departments first, then districts ("UBND huyện 1" …). */
export function exampleAgencies(count: number): ExampleAgency[] {
  return Array.from(
    { length: count },
    (_, i) =>
      AGENCIES[i] ?? {
        id: `ubnd-huyen-${i - AGENCIES.length + 1}`,
        name: `Ủy ban nhân dân huyện ${i - AGENCIES.length + 1}`,
        roles: [],
        code: 'UBND',
      },
  );
}

function integer(random: () => number, max: number): number {
  return Math.floor(random() * (max + 1));
}

/** A plausible size for a count, from its unit. */
function countScale(row: TemplateRow): number {
  const unit = row.unit.toLowerCase();
  if (unit.includes('hồ sơ')) return 4000;
  if (unit.includes('thủ tục')) return 450;
  if (unit.includes('văn bản') && /văn bản đi|đến/iu.test(row.label)) return 20000;
  if (unit.includes('người') || unit.includes('biên chế')) return 300;
  if (unit.includes('phiếu') || unit.includes('số lượng')) return 800;
  return 40;
}

function round(x: number, decimals: number): number {
  return Number(x.toFixed(decimals));
}

/**
 * One agency's values on a template: about one row in ten not reported, group headings without a unit left
 * empty, figures consistent with the template's sum, part-le-whole and ratio checks.
 */
export function exampleValues(template: Template, seed: string): Map<string, CellValue> {
  const random = seededRandom(`${template.id}:${seed}`);
  const values = new Map<string, CellValue>();
  for (const row of template.rows) {
    if (row.group && row.unit.trim() === '' && row.kind.type === 'count') continue;
    if (random() < 0.1) continue;
    switch (row.kind.type) {
      case 'count':
        values.set(row.id, reportedCell(integer(random, countScale(row)), 0));
        break;
      case 'money':
        values.set(
          row.id,
          row.kind.unit === 'million-dong' ? reportedCell(round(random() * 20000, 3), 3) : reportedCell(integer(random, 500) * 1_000_000, 0),
        );
        break;
      case 'percent':
        values.set(row.id, reportedCell(round(random() * 100, 1), 1));
        break;
      case 'decimal':
        values.set(row.id, reportedCell(round(random() * 10, 2), 2));
        break;
      case 'coded': {
        const codes = row.kind.codes;
        const code = codes[integer(random, codes.length - 1)] ?? codes[0];
        if (code) values.set(row.id, reportedCell(code.code, 0));
        break;
      }
      case 'text':
        values.set(row.id, { value: null, status: 'text', note: 'Đã triển khai theo kế hoạch', decimals: null });
        break;
    }
  }

  const number = (id: string): number | null => {
    const cell = values.get(id);
    return cell?.status === 'reported' ? cell.value : null;
  };
  const setNumber = (id: string, value: number) => {
    const previous = values.get(id);
    const decimals = previous?.decimals ?? 0;
    values.set(id, reportedCell(round(value, Math.max(decimals, 0)), decimals));
  };
  for (let pass = 0; pass < 3; pass += 1) {
    for (const check of template.checks) {
      if (check.rule === 'part-le-whole') {
        const whole = number(check.whole);
        const parts = check.parts.map(number);
        if (whole === null || parts.some((p) => p === null)) continue;
        const total = exactSum(parts as number[]);
        if (total <= whole) continue;
        // scale the parts down under their whole, rounding down
        check.parts.forEach((id, i) => setNumber(id, Math.floor((parts[i]! * whole) / total)));
      }
    }
    for (const check of template.checks) {
      if (check.rule === 'sum') {
        const parts = check.parts.map(number);
        if (parts.some((p) => p === null)) continue;
        setNumber(check.whole, exactSum(parts as number[]));
      }
    }
  }
  for (const check of template.checks) {
    if (check.rule !== 'ratio') continue;
    const numerator = number(check.numerator);
    const denominator = number(check.denominator);
    if (numerator === null || denominator === null) continue;
    if (denominator <= 0) {
      values.delete(check.percent);
      continue;
    }
    if (numerator > denominator) setNumber(check.numerator, denominator);
    const ratio = (Math.min(numerator, denominator) / denominator) * 100;
    values.set(check.percent, reportedCell(round(ratio, 2), 2));
  }
  return values;
}

function periodOf(template: Template): Period {
  return { year: Number(template.effectiveFrom.slice(0, 4)), kind: 'Y' };
}

function provinceOf(template: Template): string {
  return template.province ?? 'Ninh Thuận';
}

function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}

/** One agency's report as a document, the agency being the `index`-th of exampleAgencies. */
export function exampleAgencyDocument(templateId: string, index = 6): AgencyDocument {
  const template = getTemplate(templateId);
  const agency = exampleAgencies(index + 1)[index]!;
  const province = provinceOf(template);
  const period = periodOf(template);
  const header: DocumentHeader = {
    governingBody: `UBND TỈNH ${upper(province)}`,
    agency: upper(agency.name),
    agencyCode: agency.code,
    number: null,
    place: province,
    date: null,
  };
  return {
    kind: 'agency',
    header,
    period,
    title: defaultTitle(period, agency.name),
    sections: [
      {
        heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
        level: 1,
        text: 'Ban hành Kế hoạch cải cách hành chính năm và triển khai đầy đủ các nhiệm vụ được giao.',
      },
      {
        heading: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH',
        level: 1,
        text: 'Các nhiệm vụ cải cách thể chế, thủ tục hành chính, tổ chức bộ máy được thực hiện đúng tiến độ.',
      },
    ],
    recipients: ['Sở Nội vụ;', 'Lãnh đạo Sở;', 'Lưu: VT, VP.'],
    signature: { titleLines: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Nguyễn Văn An' },
    template,
    values: exampleValues(template, agency.id),
  };
}

/** The agency reports behind exampleProvinceDocument. */
export function exampleAgencyReports(template: Template, agencies: number): AgencyReport[] {
  return exampleAgencies(agencies).map((agency) => ({ agencyId: agency.id, roles: agency.roles, values: exampleValues(template, agency.id) }));
}

/** The province's consolidated report of `agencies` generated agency reports on a template version. */
export function exampleProvinceDocument(templateId: string, agencies: number): ProvinceDocument {
  const template = getTemplate(templateId);
  const list = exampleAgencies(agencies);
  const province = provinceOf(template);
  const period = periodOf(template);
  return {
    kind: 'province',
    header: {
      governingBody: `UBND TỈNH ${upper(province)}`,
      agency: 'SỞ NỘI VỤ',
      agencyCode: 'SNV',
      number: null,
      place: province,
      date: null,
    },
    period,
    title: defaultTitle(period, `tỉnh ${province}`),
    sections: [
      {
        heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
        level: 1,
        text: `Tổng hợp báo cáo của ${agencies} cơ quan, đơn vị trên địa bàn tỉnh.`,
      },
      { heading: 'II. KẾT QUẢ THỰC HIỆN', level: 1, text: 'Số liệu của tỉnh được tổng hợp theo phụ lục kèm theo.' },
    ],
    recipients: ['Bộ Nội vụ;', 'Thường trực Tỉnh ủy;', 'Chủ tịch, các PCT UBND tỉnh;', 'Lưu: VT, CCHC.'],
    signature: { titleLines: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Trần Thị Bình' },
    template,
    consolidated: consolidate(template, exampleAgencyReports(template, agencies)),
    agencyNames: new Map(list.map((a) => [a.id, a.name])),
  };
}
