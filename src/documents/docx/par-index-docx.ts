/**
 * The results of the CCHC index as the DOCX annex of the province's decision: "Phụ lục", the title, the decision it
 * belongs to, then the ranking table (rank, agency, each area's points, total, index in percent, band) in landscape
 * A4, Times New Roman, its header row repeated on every page.
 */
import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { A4, FONT, MARGINS } from './official-docx.js';
import { annexTitle, points, type ParIndexResultsDocument } from '../par-index-document.js';

const text = (value: string, options: { bold?: boolean; italic?: boolean; size?: number } = {}) =>
  new TextRun({ text: value, font: FONT, bold: options.bold ?? false, italics: options.italic ?? false, size: (options.size ?? 12) * 2 });

const centred = (value: string, options: { bold?: boolean; italic?: boolean; size?: number } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 60 }, children: [text(value, options)] });

function cell(value: string, options: { bold?: boolean; align?: 'left' | 'center' | 'right'; width: number }) {
  const alignment = options.align === 'left' ? AlignmentType.LEFT : options.align === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER;
  return new TableCell({
    width: { size: options.width, type: WidthType.DXA },
    children: [new Paragraph({ alignment, children: [text(value, { bold: options.bold ?? false, size: 11 })] })],
  });
}

export async function renderParIndexDocx(doc: ParIndexResultsDocument): Promise<Uint8Array> {
  const textWidth = A4.height - MARGINS.left - MARGINS.right;
  const fixed = { rank: 700, name: 3200, total: 900, percent: 900, band: 1100 };
  const areaWidth = Math.max(
    600,
    Math.floor((textWidth - fixed.rank - fixed.name - fixed.total - fixed.percent - fixed.band) / Math.max(1, doc.areas.length)),
  );
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell('Xếp hạng', { bold: true, width: fixed.rank }),
      cell('Cơ quan, đơn vị', { bold: true, width: fixed.name }),
      ...doc.areas.map((a) => cell(`LV ${a.code} (${points(a.max)})`, { bold: true, width: areaWidth })),
      cell(`Tổng điểm (${points(doc.max)})`, { bold: true, width: fixed.total }),
      cell('Chỉ số (%)', { bold: true, width: fixed.percent }),
      cell('Xếp loại', { bold: true, width: fixed.band }),
    ],
  });
  const rows = doc.ranking.map(
    (r) =>
      new TableRow({
        children: [
          cell(String(r.rank), { width: fixed.rank }),
          cell(r.agencyName, { align: 'left', width: fixed.name }),
          ...doc.areas.map((a) => cell(points(r.areas[a.key] ?? 0), { align: 'right', width: areaWidth })),
          cell(points(r.score), { align: 'right', width: fixed.total }),
          cell(points(r.percent), { align: 'right', width: fixed.percent }),
          cell(r.band, { width: fixed.band }),
        ],
      }),
  );
  const legend = doc.areas.map(
    (a) => new Paragraph({ children: [text(`Lĩnh vực ${a.code}: ${a.name} (tối đa ${points(a.max)} điểm).`, { size: 11 })] }),
  );
  const document = new Document({
    creator: 'CCHC',
    title: annexTitle(doc),
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGINS.top, bottom: MARGINS.bottom, left: MARGINS.left, right: MARGINS.right },
          },
        },
        children: [
          centred('Phụ lục', { bold: true, size: 13 }),
          centred(annexTitle(doc), { bold: true, size: 13 }),
          centred(
            doc.decision
              ? `(Kèm theo ${doc.decision})`
              : `(Kèm theo Quyết định số      /QĐ-UBND ngày      của UBND ${doc.provinceName.replace(/^Tỉnh /u, 'tỉnh ')})`,
            { italic: true, size: 13 },
          ),
          ...(doc.example ? [centred(`Bộ tiêu chí: ${doc.setName}`, { italic: true, size: 12 })] : []),
          new Table({ width: { size: textWidth, type: WidthType.DXA }, rows: [header, ...rows] }),
          new Paragraph({ spacing: { before: 200 }, children: [text('Ghi chú:', { bold: true, size: 11 })] }),
          ...legend,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
