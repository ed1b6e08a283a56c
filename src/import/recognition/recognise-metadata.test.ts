import { describe, expect, it } from 'vitest';
import { importDocument, recognitionParagraphs } from '../import-report.js';
import { readTextReport } from '../text/text-reader.js';
import { templateLibrary } from '../../templates/template-loader.js';
import { canonicalAgencyName, recogniseGoverningBody, recogniseMetadata, recogniseProvince } from './recognise-metadata.js';

const APPENDIX = [
  'STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú',
  '\t\tĐơn vị tính\tSố liệu\t',
  '3.1.1.\tSố TTHC công bố mới\tThủ tục\t04\t',
  '3.1.2.\tSố TTHC bãi bỏ, thay thế\tThủ tục\t02\t',
  '3.1.3.\tTổng số TTHC đang có hiệu lực\tThủ tục\t125\t',
].join('\n');

describe('the header block laid out as a table (as Word files have it)', () => {
  const text = [
    'UBND TỈNH NINH THUẬN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'SỞ TƯ PHÁP\tĐộc lập - Tự do - Hạnh phúc',
    'Số: 215/BC-STP\tNinh Thuận, ngày 12 tháng 9 năm 2022',
    'BÁO CÁO',
    'Kết quả thực hiện cải cách hành chính quý III năm 2022',
    'Sở Tư pháp báo cáo kết quả thực hiện cải cách hành chính quý III năm 2022 như sau:',
    'I. CÔNG TÁC CHỈ ĐẠO',
    'Nơi nhận:',
    'KT. GIÁM ĐỐC',
    'PHÓ GIÁM ĐỐC',
    'Trần Thị Mai',
    APPENDIX,
  ].join('\n');

  it('reads number, date and governing body from the header cells', () => {
    const doc = readTextReport(text, 'header.txt');
    const metadata = recogniseMetadata(recognitionParagraphs(doc));
    expect(metadata).toMatchObject({
      agency: { name: 'Sở Tư pháp', province: 'Ninh Thuận' },
      governingBody: { name: 'UBND tỉnh Ninh Thuận', inferred: false },
      period: { year: 2022, kind: 'Q3' },
      document: { number: '215/BC-STP', date: '2022-09-12', signer: 'Trần Thị Mai', signerTitle: 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' },
    });
  });

  it('does not take the header table for the appendix', () => {
    const report = importDocument(readTextReport(text, 'header.txt'), templateLibrary().templates);
    expect(report.rows.map((r) => r.code)).toEqual(['3.1.1.', '3.1.2.', '3.1.3.']);
  });
});

describe('recognition helpers', () => {
  it('infers the governing body of a provincial department when the header is not there', () => {
    expect(recogniseGoverningBody([], 'Sở Y tế', 'Khánh Hòa')).toEqual({ name: 'UBND tỉnh Khánh Hòa', inferred: true });
    expect(recogniseGoverningBody([], 'Sở Y tế', 'Đà Nẵng')).toEqual({ name: 'UBND thành phố Đà Nẵng', inferred: true });
    expect(recogniseGoverningBody(['ỦY BAN NHÂN DÂN HUYỆN NINH PHƯỚC'], 'UBND xã Phước Hậu', 'Ninh Thuận')).toEqual({
      name: 'UBND huyện Ninh Phước',
      inferred: false,
    });
    expect(recogniseGoverningBody([], null, null)).toBeNull();
  });

  it('normalises how reports spell department names', () => {
    expect(canonicalAgencyName('Sở Lao động Thương binh và Xã hội')).toBe('Sở Lao động - Thương binh và Xã hội');
    expect(canonicalAgencyName('Sở Lao động-Thương binh và Xã hội')).toBe('Sở Lao động - Thương binh và Xã hội');
    expect(canonicalAgencyName('Ban Quản lý Khu du lịch bán đảo Cam Ranh')).toBe('Ban Quản lý Khu du lịch bán đảo Cam Ranh');
  });

  it('finds the province from the place line before mentions, whatever the accent placement', () => {
    expect(recogniseProvince(['Khánh Hoà, ngày 5 tháng 7 năm 2021', 'theo chỉ đạo của UBND tỉnh Ninh Thuận'])).toBe('Khánh Hòa');
    expect(recogniseProvince(['UBND tỉnh Thừa Thiên Huế'])).toBe('Thừa Thiên Huế');
    expect(recogniseProvince(['Không có địa danh'])).toBeNull();
  });
});

describe('a header line holding both bodies (cells joined by a reader)', () => {
  it('keeps the governing body apart from the agency', () => {
    expect(recogniseGoverningBody(['UBND TỈNH QUẢNG TRỊ SỞ KHOA HỌC VÀ CÔNG NGHỆ'], 'Sở Khoa học và Công nghệ', 'Quảng Trị')).toEqual({
      name: 'UBND tỉnh Quảng Trị',
      inferred: false,
    });
  });
});
