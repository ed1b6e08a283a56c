/** A report's state as a coloured badge, with the labels and colours of src/shared/report-status.ts. */
import { Badge, type MantineSize } from '@mantine/core';
import { reportStatusColor, reportStatusLabel } from '@shared/report-status.js';

export function StatusBadge({ status, size }: { status: string; size?: MantineSize }) {
  return (
    <Badge size={size} color={reportStatusColor(status)}>
      {reportStatusLabel(status)}
    </Badge>
  );
}
