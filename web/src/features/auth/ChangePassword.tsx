/**
 * "Đổi mật khẩu": a button for the shell's header and its dialog. The server checks the current password and the
 * policy (its Vietnamese message is shown as is), signs out every other session and rotates this one: the response
 * brings the new session's CSRF token, which the API client takes from then on.
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { passwordChangeResponse } from '@shared/api-schemas.js';
import { api, setCsrfToken } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFooter } from '../../components/FormFooter.js';

type PasswordChangeResult = z.infer<typeof passwordChangeResponse>;

/** What the server's policy asks (src/server/services/passwords.ts), to say before the user types. */
const POLICY_HINT = 'Ít nhất 10 ký tự, có cả chữ và số.';

export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<PasswordChangeResult | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (newPassword !== confirmation) {
      setError('Mật khẩu nhập lại không khớp với mật khẩu mới.');
      return;
    }
    setBusy(true);
    try {
      const result = await api<PasswordChangeResult>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
      setCsrfToken(result.csrfToken);
      setDone(result);
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Không đổi được mật khẩu.');
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Stack>
        <Alert color="green" role="status">
          Đã đổi mật khẩu.{' '}
          {done.sessionsEnded > 0 ? `${done.sessionsEnded} phiên đăng nhập khác đã bị đăng xuất.` : 'Không có phiên đăng nhập nào khác.'}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onDone}>Đóng</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} aria-label="Đổi mật khẩu" noValidate>
      <Stack>
        <PasswordInput
          label="Mật khẩu hiện tại"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.currentTarget.value)}
          data-autofocus
        />
        <PasswordInput
          label="Mật khẩu mới"
          description={POLICY_HINT}
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
        />
        <PasswordInput
          label="Nhập lại mật khẩu mới"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(e) => setConfirmation(e.currentTarget.value)}
        />
        <Text size="sm" c="dimmed">
          Sau khi đổi, mọi phiên đăng nhập khác của tài khoản (trên máy hoặc trình duyệt khác) sẽ bị đăng xuất.
        </Text>
        <ErrorAlert message={error} />
        <FormFooter onCancel={onDone} busy={busy} submitDisabled={currentPassword === '' || newPassword === ''} submitLabel="Đổi mật khẩu" />
      </Stack>
    </form>
  );
}

/** The header's "Đổi mật khẩu" button and its dialog. */
export function ChangePasswordButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="xs" variant="white" onClick={() => setOpen(true)}>
        Đổi mật khẩu
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Đổi mật khẩu">
        <ChangePasswordForm onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}
