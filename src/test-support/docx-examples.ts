/**
 * A realistic agency report for any template version: a header for a provincial department of the template's
 * province, a narrative in the usual outline (I–V), and appendix values that respect the template's checks (parts
 * add up, ratios match their counts), with some rows left not reported. Deterministic (seeded by the template id).
 * Used by the DOCX writer's tests and by `npm run bench:docx`.
 */
import type { CheckDefinition, Template, TemplateRow } from '../core/catalogue/template.js';
import type { Period } from '../core/periods/period.js';
import { periodLabel } from '../core/periods/period.js';
import { reportedCell, type CellValue } from '../core/report.js';
import { getTemplate } from '../templates/template-loader.js';
import { defaultTitle, type AgencyDocument, type DocumentHeader, type NarrativeBlock } from '../documents/document-model.js';

interface Setting {
  header: DocumentHeader;
  period: Period;
  /** The agency as it names itself in sentences ("Sở Tư pháp"). */
  name: string;
  signer: string;
}

function settingFor(template: Template): Setting {
  const province = template.province ?? 'Ninh Thuận';
  const year = Number(template.effectiveFrom.slice(0, 4));
  switch (template.family) {
    case 'forms':
      return {
        header: {
          governingBody: `UBND tỉnh ${province}`,
          agency: 'Sở Khoa học và Công nghệ',
          agencyCode: 'SKHCN',
          number: '118',
          place: province,
          date: `${year + 1}-09-15`,
        },
        period: { year: year + 1, kind: 'Q3' },
        name: 'Sở Khoa học và Công nghệ',
        signer: 'Lê Quang Vinh',
      };
    case 'responsible-unit':
      return {
        header: {
          governingBody: `UBND tỉnh ${province}`,
          agency: 'Sở Nội vụ',
          agencyCode: 'SNV',
          number: '245',
          place: province,
          date: `${year}-12-10`,
        },
        period: { year, kind: 'Y' },
        name: 'Sở Nội vụ',
        signer: 'Phạm Thị Thu Hà',
      };
    case 'seven-section':
      return {
        // a draft: number and date left for the clerk
        header: { governingBody: `UBND tỉnh ${province}`, agency: 'Sở Tư pháp', agencyCode: 'STP', number: null, place: province, date: null },
        period: { year, kind: 'H1' },
        name: 'Sở Tư pháp',
        signer: 'Nguyễn Hoàng Nam',
      };
  }
}

/**
 * The period as it reads inside a sentence ("Quý III năm 2023", "năm 2023"). periodLabel currently doubles the
 * year word for the first half ("6 tháng đầu năm năm 2022"); the replace keeps the examples right either way.
 */
function periodPhrase(period: Period): string {
  return periodLabel(period)
    .replace(/^Năm/u, 'năm')
    .replace(/năm năm/u, 'năm');
}

function narrativeFor(name: string, period: Period): NarrativeBlock[] {
  const label = periodPhrase(period);
  const next = period.kind === 'Y' ? `năm ${period.year + 1}` : 'kỳ tiếp theo';
  return [
    {
      heading: '',
      level: 0,
      text: `Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính theo hướng dẫn của Sở Nội vụ, ${name} báo cáo kết quả thực hiện công tác cải cách hành chính ${label} như sau:`,
    },
    { heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, text: '' },
    {
      heading: '1. Về kế hoạch cải cách hành chính',
      level: 2,
      text:
        `Ngay từ đầu năm, ${name} đã ban hành Kế hoạch cải cách hành chính, xác định rõ nhiệm vụ, sản phẩm, thời hạn hoàn thành và phân công phòng, đơn vị chủ trì thực hiện. ` +
        'Lãnh đạo đơn vị thường xuyên kiểm tra, đôn đốc tại các cuộc họp giao ban hằng tháng; các nhiệm vụ chậm tiến độ được nhắc nhở bằng văn bản.',
    },
    {
      heading: '2. Về kiểm tra và tuyên truyền cải cách hành chính',
      level: 2,
      text:
        'Công tác tự kiểm tra được lồng ghép với kiểm tra việc thực hiện kỷ luật, kỷ cương hành chính tại các phòng chuyên môn và đơn vị trực thuộc. ' +
        'Các tồn tại phát hiện qua kiểm tra đã được yêu cầu khắc phục trong thời hạn 30 ngày.\n' +
        'Nội dung cải cách hành chính được tuyên truyền trên Trang thông tin điện tử của đơn vị, trong sinh hoạt chi bộ và tại Bộ phận một cửa.',
    },
    { heading: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH', level: 1, text: '' },
    {
      heading: '1. Cải cách thể chế',
      level: 2,
      text: 'Đơn vị đã tham mưu xây dựng các dự thảo văn bản quy phạm pháp luật thuộc lĩnh vực quản lý theo đúng trình tự, thủ tục; thực hiện rà soát định kỳ và kiến nghị xử lý các văn bản không còn phù hợp.',
    },
    {
      heading: '2. Cải cách thủ tục hành chính',
      level: 2,
      text:
        'Bộ thủ tục hành chính thuộc thẩm quyền giải quyết được cập nhật, công khai đầy đủ trên Cổng Dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh. ' +
        'Toàn bộ hồ sơ được tiếp nhận, giải quyết đúng hẹn; không có phản ánh, kiến nghị về quy định hành chính trong kỳ.',
    },
    {
      heading: '2.1. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
      level: 3,
      text: 'Hồ sơ tiếp nhận trong kỳ được số hóa ngay tại Bộ phận một cửa; kết quả giải quyết được ký số và lưu trữ điện tử để tái sử dụng.',
    },
    {
      heading: '3. Cải cách tổ chức bộ máy',
      level: 2,
      text: 'Cơ cấu tổ chức của đơn vị được rà soát, sắp xếp theo hướng tinh gọn; vị trí việc làm được điều chỉnh phù hợp với chức năng, nhiệm vụ mới.',
    },
    {
      heading: '4. Cải cách chế độ công vụ',
      level: 2,
      text: 'Việc tuyển dụng, bổ nhiệm, đánh giá, xếp loại công chức, viên chức được thực hiện công khai, đúng quy định; kỷ luật, kỷ cương hành chính được duy trì nghiêm.',
    },
    {
      heading: '5. Cải cách tài chính công',
      level: 2,
      text: 'Dự toán ngân sách được giao kịp thời, chi tiêu đúng định mức; quy chế chi tiêu nội bộ và quy chế quản lý tài sản công được rà soát, bổ sung.',
    },
    {
      heading: '6. Xây dựng và phát triển chính quyền điện tử, chính quyền số',
      level: 2,
      text: 'Văn bản đi, đến được xử lý trên hệ thống quản lý văn bản và điều hành; tỷ lệ văn bản được ký số đạt trên 95%. Hệ thống họp trực tuyến được sử dụng thường xuyên.',
    },
    {
      heading: 'III. ĐÁNH GIÁ CHUNG',
      level: 1,
      text:
        'Công tác cải cách hành chính được triển khai đồng bộ và đạt kết quả tích cực, nhất là trong giải quyết thủ tục hành chính và ứng dụng công nghệ thông tin. ' +
        'Tuy nhiên, tỷ lệ hồ sơ nộp trực tuyến chưa cao; hạ tầng công nghệ thông tin của một số đơn vị trực thuộc đã xuống cấp.',
    },
    {
      heading: 'IV. NHIỆM VỤ TRỌNG TÂM',
      level: 1,
      text: `Trong ${next}, ${name} tiếp tục thực hiện các nhiệm vụ còn lại của Kế hoạch cải cách hành chính, tăng cường hướng dẫn người dân nộp hồ sơ trực tuyến và nâng cao chất lượng phục vụ tại Bộ phận một cửa.`,
    },
    {
      heading: 'V. ĐỀ XUẤT, KIẾN NGHỊ',
      level: 1,
      text: 'Đề nghị Sở Nội vụ tiếp tục tổ chức tập huấn nghiệp vụ về cải cách hành chính cho công chức làm công tác tham mưu tại các sở, ngành.',
    },
    {
      heading: '',
      level: 0,
      text: `Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính ${label} của ${name}./.`,
    },
  ];
}

/** A small deterministic generator (mulberry32). */
function random(seedText: string): () => number {
  let seed = 0;
  for (const ch of seedText) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const decimalsOf = (x: number) => (String(x).split('.')[1] ?? '').length;

function cell(value: number, note: string | null = null): CellValue {
  return reportedCell(value, decimalsOf(value), note);
}

/** Appendix values for a template: realistic, consistent with its checks, some rows not reported. */
export function exampleValues(template: Template): Map<string, CellValue> {
  const rand = random(template.id);
  const values = new Map<string, CellValue>();
  const moneyMillion = [8326, 6786.875, 1250.5];
  let moneyIndex = 0;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  template.rows.forEach((row, index) => {
    if (row.group && row.unit.trim() === '') return; // a heading row without a unit carries no figure
    if (index % 9 === 4) return; // not reported: absent
    if (index % 13 === 7) {
      values.set(row.id, { value: null, status: 'not-reported', note: null, decimals: null });
      return;
    }
    switch (row.kind.type) {
      case 'count':
        values.set(row.id, cell(/TTHC|thủ tục|hồ sơ/iu.test(row.label) ? between(5, 180) : between(0, 24)));
        break;
      case 'percent':
        values.set(row.id, cell(round2(60 + rand() * 40)));
        break;
      case 'decimal':
        values.set(row.id, cell(round2(rand() * 10)));
        break;
      case 'money':
        if (row.kind.unit === 'million-dong') values.set(row.id, cell(moneyMillion[moneyIndex++ % moneyMillion.length]!));
        else values.set(row.id, cell(between(10, 900) * 1_000_000));
        break;
      case 'coded': {
        const codes = row.kind.codes;
        const code = codes[between(0, codes.length - 1)];
        if (code) values.set(row.id, cell(code.code));
        break;
      }
      case 'text':
        values.set(row.id, { value: null, status: 'text', note: 'Đã triển khai trên hệ thống quản lý văn bản', decimals: null });
        break;
    }
  });

  const num = (id: string) => {
    const c = values.get(id);
    return c && c.status === 'reported' && c.value !== null ? c.value : null;
  };
  const kindOf = new Map<string, TemplateRow>(template.rows.map((r) => [r.id, r]));
  const set = (id: string, value: number) => {
    const previous = values.get(id);
    values.set(id, cell(value, previous?.note ?? null));
  };
  const fix = (check: CheckDefinition) => {
    switch (check.rule) {
      case 'sum': {
        const parts = check.parts.map(num);
        const whole = num(check.whole);
        const sum = parts.reduce<number>((a, b) => a + (b ?? 0), 0);
        // all parts given: the whole is their sum; some missing: the whole is at least what is given
        if (whole !== null && (parts.every((p) => p !== null) || sum > whole)) set(check.whole, sum);
        break;
      }
      case 'part-le-whole': {
        const whole = num(check.whole);
        const sum = check.parts.map(num).reduce<number>((a, b) => a + (b ?? 0), 0);
        if (whole !== null && sum > whole) set(check.whole, sum);
        break;
      }
      case 'ratio': {
        const n = num(check.numerator);
        const d = num(check.denominator);
        if (n === null || d === null) break;
        if (n > d) set(check.denominator, n);
        const den = Math.max(n, d);
        if (num(check.percent) !== null && kindOf.get(check.percent)?.kind.type === 'percent')
          set(check.percent, den > 0 ? round2((n / den) * 100) : 100);
        break;
      }
      case 'balance': {
        const added = num(check.added);
        const removed = num(check.removed);
        const current = num(check.current);
        if (added === null || removed === null || current === null) break;
        const previous = Math.max(0, current - added + removed);
        if (check.previousInReport) set(check.previousInReport, previous);
        set(check.current, previous + added - removed);
        break;
      }
      case 'cumulative':
      case 'required':
        break;
    }
  };
  for (let pass = 0; pass < 2; pass++) for (const check of template.checks) fix(check);

  // a few notes, as agencies write them
  const withValue = template.rows.filter((r) => num(r.id) !== null && r.kind.type === 'count');
  const noted = [withValue[0], withValue[Math.floor(withValue.length / 2)]];
  const notes = ['Lũy kế từ đầu năm', 'Số liệu đến ngày chốt báo cáo'];
  noted.forEach((row, i) => {
    if (!row) return;
    const c = values.get(row.id)!;
    values.set(row.id, { ...c, note: notes[i]! });
  });
  return values;
}

export function exampleAgencyDocument(templateId: string): AgencyDocument {
  const template = getTemplate(templateId);
  const setting = settingFor(template);
  return {
    kind: 'agency',
    header: setting.header,
    period: setting.period,
    title: defaultTitle(setting.period, setting.name).replace(/năm năm/u, 'năm'),
    sections: narrativeFor(setting.name, setting.period),
    recipients: ['Sở Nội vụ (b/c)', 'Giám đốc, các Phó Giám đốc Sở', 'Các phòng, đơn vị thuộc Sở', 'Lưu: VT, VP'],
    signature: { titleLines: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: setting.signer },
    template,
    values: exampleValues(template),
  };
}
