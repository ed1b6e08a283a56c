/** "Báo cáo của tỉnh": the link to the round's province report, for those who work on it (nothing for others). */
import { Anchor, type AnchorProps } from '@mantine/core';
import { href } from '../../app/router.js';
import { useMayOpenProvinceReport } from './useMayOpenProvinceReport.js';

export function ProvinceReportLink({ id, ...props }: { id: string } & AnchorProps) {
  const may = useMayOpenProvinceReport();
  if (!may) return null;
  return (
    <Anchor href={href({ name: 'province-report', id })} {...props}>
      Báo cáo của tỉnh
    </Anchor>
  );
}
