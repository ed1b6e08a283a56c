import type { TemplateRow } from '../catalogue/template.js';

/** "dòng 3.1.3" or "Biểu 7, dòng 6.7", for messages. */
export function rowName(row: TemplateRow): string {
  const code = row.logicalCode ?? row.id;
  const where = row.breakdown ? `dòng "${row.label}" (thuộc ${row.parent ?? ''})` : `dòng ${code}`;
  return row.form ? `Biểu ${row.form}, ${where}` : where.charAt(0).toUpperCase() + where.slice(1);
}
