import { describe, expect, it } from 'vitest';
import { kindFromUnit, parseCodeList } from './unit.js';

describe('parseCodeList', () => {
  it('reads the code lists printed in the samples', () => {
    expect(parseCodeList('Chưa = 0 Đang làm = 1 Hoàn thành = 2')).toEqual([
      { code: 0, label: 'Chưa' },
      { code: 1, label: 'Đang làm' },
      { code: 2, label: 'Hoàn thành' },
    ]);
    expect(parseCodeList('Có = 1; Không = 0')).toEqual([
      { code: 0, label: 'Không' },
      { code: 1, label: 'Có' },
    ]);
    expect(parseCodeList('Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2').map((o) => o.label)).toEqual(['Trực tuyến', 'Phát phiếu', 'Kết hợp']);
  });

  it('keeps labels that start with a digit ("2 cấp")', () => {
    expect(parseCodeList('Chưa có = 0 2 cấp = 1 3 cấp = 2')).toEqual([
      { code: 0, label: 'Chưa có' },
      { code: 1, label: '2 cấp' },
      { code: 2, label: '3 cấp' },
    ]);
  });

  it('is empty for units that are not code lists', () => {
    expect(parseCodeList('Thủ tục')).toEqual([]);
    expect(parseCodeList('Chưa = 0')).toEqual([]); // a single pair is a page-split fragment, not a list
    expect(parseCodeList('Có = 1 Không = 1')).toEqual([]); // duplicate codes
  });
});

describe('kindFromUnit', () => {
  it('derives kinds from unit cells', () => {
    expect(kindFromUnit('%')).toEqual({ type: 'percent' });
    expect(kindFromUnit('Triệu đồng')).toEqual({ type: 'money', unit: 'million-dong' });
    expect(kindFromUnit('Đồng')).toEqual({ type: 'money', unit: 'dong' });
    expect(kindFromUnit('Thủ tục')).toEqual({ type: 'count' });
    expect(kindFromUnit('Không = 0 Có = 1').type).toBe('coded');
  });
});
