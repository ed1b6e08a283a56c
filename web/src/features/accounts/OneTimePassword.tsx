/**
 * A password the server generated (a new account's, or a reset's temporary one), shown this once with a copy button.
 * Nothing keeps it: closing the dialog forgets it, and the server only has its hash.
 */
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

export interface OneTimePasswordProps {
  /** null: the dialog is closed. */
  shown: { username: string; displayName: string; password: string; sessionsEnded?: number; kind: 'created' | 'reset' } | null;
  onClose(): void;
}

export function OneTimePasswordDialog({ shown, onClose }: OneTimePasswordProps) {
  return (
    <Modal
      opened={shown !== null}
      onClose={onClose}
      title={shown?.kind === 'reset' ? 'Mật khẩu tạm thời' : 'Mật khẩu của tài khoản mới'}
      closeOnClickOutside={false}
    >
      {shown && (
        <Stack>
          <Text>
            {shown.kind === 'reset' ? 'Đã đặt lại mật khẩu cho' : 'Đã tạo tài khoản'} <strong>{shown.displayName}</strong> (tên đăng nhập{' '}
            <strong>{shown.username}</strong>).
            {shown.kind === 'reset' && shown.sessionsEnded !== undefined && shown.sessionsEnded > 0
              ? ` ${shown.sessionsEnded} phiên đăng nhập của tài khoản đã kết thúc.`
              : ''}
          </Text>
          <Stack gap={4}>
            <Text size="sm" id="one-time-password-label">
              Mật khẩu:
            </Text>
            <Code block aria-labelledby="one-time-password-label" style={{ fontSize: '1.25rem', userSelect: 'all' }}>
              {shown.password}
            </Code>
          </Stack>
          <Alert color="orange" role="status">
            Mật khẩu chỉ hiện <strong>một lần</strong>: hãy sao chép và chuyển cho người dùng qua kênh an toàn (trực tiếp, điện thoại), rồi nhắc họ
            đổi mật khẩu bằng “Đổi mật khẩu” sau lần đăng nhập đầu.
          </Alert>
          <Group justify="space-between">
            <CopyButton value={shown.password} timeout={3000}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'light' : 'filled'} color={copied ? 'green' : undefined} onClick={copy} aria-live="polite">
                  {copied ? 'Đã sao chép' : 'Sao chép mật khẩu'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              Đã ghi nhận, đóng
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
