/** Vietnamese names of the template model's terms, for the template pages. */

export const FAMILY_LABEL: Record<string, string> = {
  'seven-section': 'Phụ lục 7 nhóm chỉ tiêu',
  'responsible-unit': 'Phụ lục có cột đơn vị thực hiện',
  forms: 'Biểu mẫu 1–7',
};

export const KIND_LABEL: Record<string, string> = {
  count: 'Số nguyên',
  decimal: 'Số thập phân',
  percent: 'Tỷ lệ %',
  money: 'Tiền',
  coded: 'Mã hóa',
  text: 'Chữ',
};
export const KINDS = ['count', 'decimal', 'percent', 'money', 'coded', 'text'] as const;

export const MEASURE_LABEL: Record<string, string> = {
  flow: 'Trong kỳ',
  stock: 'Lũy kế, tại thời điểm',
};

export const AREA_LABEL: Record<string, string> = {
  direction: 'Chỉ đạo, điều hành',
  institutions: 'Cải cách thể chế',
  procedures: 'Cải cách thủ tục hành chính',
  organisation: 'Tổ chức bộ máy',
  'civil-service': 'Chế độ công vụ',
  finance: 'Tài chính công',
  egov: 'Chính phủ điện tử, chính phủ số',
};

export const RULE_LABEL: Record<string, string> = {
  sum: 'Tổng = các phần',
  'part-le-whole': 'Các phần ≤ tổng',
  ratio: 'Tỷ lệ = tử số / mẫu số',
  balance: 'Cân đối kỳ trước + tăng − giảm',
  cumulative: 'Lũy kế không giảm',
  required: 'Bắt buộc báo cáo',
};
export const RULES = ['sum', 'part-le-whole', 'ratio', 'balance', 'cumulative', 'required'] as const;

export const SEVERITY_LABEL: Record<string, string> = { error: 'Lỗi', warning: 'Cảnh báo' };

/** The row fields each rule names, in order, and whether the field is a list. */
export const RULE_FIELDS: Record<string, { field: 'whole' | 'parts' | 'percent' | 'numerator' | 'denominator' | 'current' | 'added' | 'removed' | 'previousInReport' | 'rows'; label: string; list?: boolean; optional?: boolean }[]> = {
  sum: [
    { field: 'whole', label: 'Dòng tổng' },
    { field: 'parts', label: 'Các dòng thành phần', list: true },
  ],
  'part-le-whole': [
    { field: 'whole', label: 'Dòng tổng' },
    { field: 'parts', label: 'Các dòng thành phần', list: true },
  ],
  ratio: [
    { field: 'percent', label: 'Dòng tỷ lệ %' },
    { field: 'numerator', label: 'Tử số' },
    { field: 'denominator', label: 'Mẫu số' },
  ],
  balance: [
    { field: 'current', label: 'Dòng hiện có' },
    { field: 'added', label: 'Dòng tăng' },
    { field: 'removed', label: 'Dòng giảm' },
    { field: 'previousInReport', label: 'Dòng kỳ trước (nếu có)', optional: true },
  ],
  cumulative: [{ field: 'rows', label: 'Các dòng', list: true }],
  required: [{ field: 'rows', label: 'Các dòng', list: true }],
};
