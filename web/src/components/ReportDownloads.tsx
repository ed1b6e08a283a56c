/**
 * A report's documents to download: the official DOCX (Nghị định 30) and the appendix as XLSX. Named "DOCX"/"XLSX" in
 * their table row (the agency's name only in the title, so a link named by the agency stays the one to its report).
 */
import { Anchor, Group } from '@mantine/core';

export function ReportDownloads({ reportId, name }: { reportId: string; name: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Anchor size="sm" href={`/api/reports/${reportId}/document.docx`} title={`Tải báo cáo (DOCX) của ${name}`}>
        DOCX
      </Anchor>
      <Anchor size="sm" href={`/api/reports/${reportId}/document.xlsx`} title={`Tải phụ lục (XLSX) của ${name}`}>
        XLSX
      </Anchor>
    </Group>
  );
}
