/** The spinner shown while something loads, named for screen readers. */
import { Loader, type MantineSize } from '@mantine/core';

export function Loading({ label = 'Đang tải', size }: { label?: string; size?: MantineSize }) {
  // a status role: axe refuses an aria-label on Mantine's bare span
  return <Loader role="status" aria-label={label} size={size} />;
}
