import { Anchor, AppShell, Badge, Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { roleLabel } from '@shared/role-labels.js';
import { useSession } from '../features/auth/session.js';
import { ChangePasswordButton } from '../features/auth/ChangePassword.js';
import { href } from './router.js';

export function Layout({ children }: { children: ReactNode }) {
  const { actor, signOut } = useSession();
  return (
    // two rows: the name and the account above, the functions below (one row no longer holds them at 1366 px)
    <AppShell header={{ height: 88 }} padding="md">
      <AppShell.Header px="md" style={{ background: '#8b0000' }}>
        <Group h={48} justify="space-between" wrap="nowrap">
          <Title order={1} size="h4" c="white">
            {/* the landing page: the officer's home for an agency's accounts, the rounds for the others */}
            <Anchor href={href({ name: 'home' })} c="white" underline="never" title="Trang đầu">
              CCHC
            </Anchor>
          </Title>
          <Group gap="sm" wrap="nowrap">
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
        <Group h={36} align="center" wrap="nowrap" style={{ overflowX: 'auto' }}>
          <nav aria-label="Chức năng chính">
            <Group gap="lg" wrap="nowrap">
              <Anchor href={href({ name: 'rounds' })} c="white">
                Đợt báo cáo
              </Anchor>
              <Anchor href={href({ name: 'history' })} c="white">
                Lịch sử
              </Anchor>
              <Anchor href={href({ name: 'dashboards' })} c="white">
                Bảng điều khiển
              </Anchor>
              <Anchor href={href({ name: 'plan' })} c="white">
                Kế hoạch CCHC
              </Anchor>
              <Anchor href={href({ name: 'par-index' })} c="white">
                Chỉ số CCHC
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
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
