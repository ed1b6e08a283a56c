import { Anchor, AppShell, Badge, Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { roleLabel } from '@shared/role-labels.js';
import { useSession } from '../features/auth/session.js';
import { ChangePasswordButton } from '../features/auth/ChangePassword.js';
import { href } from './router.js';

export function Layout({ children }: { children: ReactNode }) {
  const { actor, signOut } = useSession();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header px="md" style={{ background: '#8b0000' }}>
        <Group h="100%" justify="space-between">
          <Group gap="lg">
            <Title order={1} size="h4" c="white">
              CCHC
            </Title>
            <nav aria-label="Chức năng chính">
              <Group gap="md">
                <Anchor href={href({ name: 'rounds' })} c="white">
                  Đợt báo cáo
                </Anchor>
                <Anchor href={href({ name: 'history' })} c="white">
                  Lịch sử
                </Anchor>
                <Anchor href={href({ name: 'dashboards' })} c="white">
                  Bảng điều khiển
                </Anchor>
                <Anchor href={href({ name: 'import' })} c="white">
                  Nhập báo cáo cũ
                </Anchor>
                <Anchor href={href({ name: 'templates' })} c="white">
                  Mẫu báo cáo
                </Anchor>
                {actor?.role === 'admin' && (
                  <Anchor href={href({ name: 'accounts' })} c="white">
                    Tài khoản
                  </Anchor>
                )}
              </Group>
            </nav>
          </Group>
          <Group gap="sm">
            <Text c="white" size="sm">
              {actor?.displayName}
            </Text>
            <Badge color="gray" variant="light">
              {actor ? roleLabel(actor.role) : ''}
            </Badge>
            <ChangePasswordButton />
            <Button size="xs" variant="white" onClick={() => void signOut()}>
              Đăng xuất
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
