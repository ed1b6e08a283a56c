import { Button, Container, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useSession } from './session.js';

export function LoginPage() {
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Đăng nhập không thành công.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Container size={420} py={60}>
      <Title order={1} ta="center" size="h2" mb="lg">
        CCHC — Báo cáo cải cách hành chính
      </Title>
      <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} aria-labelledby="login-title">
        <Stack>
          <Title order={2} size="h3" id="login-title">
            Đăng nhập
          </Title>
          <TextInput label="Tên đăng nhập" autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
          <PasswordInput
            label="Mật khẩu"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert message={error} />
          <Button type="submit" loading={busy}>
            Đăng nhập
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}
