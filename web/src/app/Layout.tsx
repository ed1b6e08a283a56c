import { Anchor, AppShell, Badge, Burger, Button, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { roleLabel } from '@shared/role-labels.js';
import { useSession } from '../features/auth/session.js';
import { ChangePasswordButton } from '../features/auth/ChangePassword.js';
import { href, type Route } from './router.js';

/** The main functions, in the header on a wide screen and in a drawer behind the menu button on a phone. */
function NavLinks({ admin, onPick }: { admin: boolean; onPick?: () => void }) {
  const links: [Route, string][] = [
    [{ name: 'rounds' }, 'Đợt báo cáo'],
    [{ name: 'history' }, 'Lịch sử'],
    [{ name: 'dashboards' }, 'Bảng điều khiển'],
    [{ name: 'plan' }, 'Kế hoạch CCHC'],
    [{ name: 'par-index' }, 'Chỉ số CCHC'],
    [{ name: 'import' }, 'Nhập báo cáo cũ'],
    [{ name: 'templates' }, 'Mẫu báo cáo'],
    ...(admin ? ([[{ name: 'accounts' }, 'Tài khoản']] as [Route, string][]) : []),
  ];
  return links.map(([route, label]) => (
    <Anchor key={label} href={href(route)} c={onPick ? undefined : 'white'} style={{ whiteSpace: 'nowrap' }} onClick={onPick}>
      {label}
    </Anchor>
  ));
}

export function Layout({ children }: { children: ReactNode }) {
  const { actor, signOut } = useSession();
  const [menu, { toggle, close }] = useDisclosure(false);
  const admin = actor?.role === 'admin';
  return (
    // a wide screen: the name and the account above, the functions below (one row no longer holds them at 1366 px);
    // a phone: one row, the functions behind the menu button
    <AppShell header={{ height: { base: 56, sm: 88 } }} padding="md">
      <AppShell.Header px="md" style={{ background: '#8b0000' }}>
        <Group h={{ base: 56, sm: 48 }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={menu} onClick={toggle} hiddenFrom="sm" size="sm" color="white" aria-label="Mở danh sách chức năng" />
            <Title order={1} size="h4" c="white">
              {/* the landing page: the officer's home for an agency's accounts, the rounds for the others */}
              <Anchor href={href({ name: 'home' })} c="white" underline="never" title="Trang đầu">
                CCHC
              </Anchor>
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text c="white" size="sm" visibleFrom="md">
              {actor?.displayName}
            </Text>
            <Badge color="gray" variant="light" visibleFrom="sm">
              {actor ? roleLabel(actor.role) : ''}
            </Badge>
            <ChangePasswordButton />
            <Button size="xs" variant="white" onClick={() => void signOut()}>
              Đăng xuất
            </Button>
          </Group>
        </Group>
        <Group h={36} align="center" wrap="nowrap" visibleFrom="sm">
          <nav aria-label="Chức năng chính">
            <Group gap="lg" wrap="nowrap">
              <NavLinks admin={admin} />
            </Group>
          </nav>
        </Group>
      </AppShell.Header>
      <Drawer opened={menu} onClose={close} title="CCHC" size="xs" hiddenFrom="sm">
        <Text size="sm" mb="sm">
          {actor?.displayName} · {actor ? roleLabel(actor.role) : ''}
        </Text>
        <nav aria-label="Chức năng chính">
          <Stack gap="sm">
            <NavLinks admin={admin} onPick={close} />
          </Stack>
        </nav>
      </Drawer>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
