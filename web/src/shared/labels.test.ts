import { describe, expect, it } from 'vitest';
import { dateText, isoToVi, periodText, rowTitle, viToIso } from './labels.js';

describe('UI labels', () => {
  it('name a template row by its form, code and label', () => {
    expect(rowTitle({ form: '3', code: '3.1.3.', label: 'Tổng số TTHC' })).toBe('Biểu 3, 3.1.3. Tổng số TTHC');
    expect(rowTitle({ form: null, code: '1.1', label: 'Số văn bản' })).toBe('1.1 Số văn bản');
    expect(rowTitle({ label: 'Ghi chú chung' })).toBe('Ghi chú chung');
  });

  it('write dates dd/mm/yyyy and read them back, refusing days that do not exist', () => {
    expect(dateText('2025-07-01T03:00:00Z')).toBe('01/07/2025');
    expect(dateText(null)).toBe('');
    expect(isoToVi('2025-12-31')).toBe('31/12/2025');
    expect(viToIso('31/12/2025')).toBe('2025-12-31');
    expect(viToIso('1/7/2025')).toBe('2025-07-01');
    expect(viToIso('31/02/2025')).toBeNull();
    expect(viToIso('2025-07-01')).toBeNull();
  });

  it('name a period in Vietnamese', () => {
    expect(periodText({ year: 2024, kind: 'Y' })).toMatch(/2024$/u);
    expect(periodText({ year: 2024, kind: 'Q1' })).not.toBe(periodText({ year: 2024, kind: 'Q2' }));
  });
});
