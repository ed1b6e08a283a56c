import { Alert } from '@mantine/core';

/** The note under an illustrative set: it is an example, to be replaced by the province's decision. */
export function ExampleNote() {
  return (
    <Alert color="yellow" title="Bộ tiêu chí ví dụ">
      Đây là bộ tiêu chí minh họa theo cấu trúc PAR INDEX, chưa phải bộ tiêu chí do UBND tỉnh ban hành. Khi tỉnh có quyết định, quản trị hệ thống thay
      bằng bộ tiêu chí của tỉnh (hướng dẫn: docs/index-criteria.md).
    </Alert>
  );
}
