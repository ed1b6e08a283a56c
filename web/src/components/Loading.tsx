/** The spinner shown while something loads, named for screen readers. */
import { Loader, type MantineSize } from '@mantine/core';

export function Loading({ label = 'Đang tải', size }: { label?: string; size?: MantineSize }) {
  return <Loader aria-label={label} size={size} />;
}
