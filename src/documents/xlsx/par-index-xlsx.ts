/** The results of the CCHC index as XLSX: one sheet, the title, the ranking with each area's points, total, index. */
import ExcelJS from 'exceljs';
import { annexTitle, type ParIndexResultsDocument } from '../par-index-document.js';
import { addLine, BORDER, font, HEADER_FILL, workbookBytes } from './xlsx-format.js';

export const RESULTS_SHEET = 'Chỉ số CCHC';

export async function renderParIndexXlsx(doc: ParIndexResultsDocument): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CCHC';
  const sheet = workbook.addWorksheet(RESULTS_SHEET, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const columns = 2 + doc.areas.length + 3;
  sheet.columns = [{ width: 9 }, { width: 42 }, ...doc.areas.map(() => ({ width: 11 })), { width: 12 }, { width: 12 }, { width: 13 }];
  addLine(sheet, annexTitle(doc), columns, { bold: true, size: 13, height: 36 });
  addLine(sheet, doc.decision ? `(Kèm theo ${doc.decision})` : doc.setName, columns, { italic: true });
  sheet.addRow([]);
  const header = sheet.addRow([
    'Xếp hạng',
    'Cơ quan, đơn vị',
    ...doc.areas.map((a) => `LV ${a.code}: ${a.name} (${a.max})`),
    `Tổng điểm (${doc.max})`,
    'Chỉ số (%)',
    'Xếp loại',
  ]);
  header.height = 60;
  header.eachCell((c) => {
    c.font = font({ bold: true });
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const r of doc.ranking) {
    const row = sheet.addRow([r.rank, r.agencyName, ...doc.areas.map((a) => r.areas[a.key] ?? 0), r.score, r.percent, r.band]);
    row.eachCell((c, n) => {
      c.font = font();
      c.border = BORDER;
      if (n > 2 && n <= columns - 1) c.numFmt = '#,##0.00';
      c.alignment = { vertical: 'middle', horizontal: n === 2 ? 'left' : n === 1 || n === columns ? 'center' : 'right', wrapText: n === 2 };
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: header.number, xSplit: 2 }];
  return workbookBytes(workbook);
}
