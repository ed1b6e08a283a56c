/**
 * "Tài khoản" (/accounts), for administrators: the accounts of their agencies — filtered by name, agency, role and
 * state, a page at a time — created and edited in a dialog, deactivated and reactivated, and a password reset whose
 * temporary password is shown once. Every action asks the server, which holds the rules (src/server/services/
 * account.service.ts); its Vietnamese message is shown as it comes.
 */
import { Alert, Badge, Button, Group, Modal, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { roleLabel } from '@shared/role-labels.js';
import { errorText } from '../../api/client.js';
import { queryKeys, useAccountPage, useAgencies } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFooter } from '../../components/FormFooter.js';
import { Loading } from '../../components/Loading.js';
import { useSession } from '../auth/session.js';
import { AccountFormDialog, agencyOptions } from './AccountForm.js';
import {
  deactivateAccount,
  PAGE_SIZE,
  reactivateAccount,
  resetPassword,
  ROLES,
  type AccountDto,
  type AccountFilters,
  type AccountRole,
} from './accounts-api.js';
import { OneTimePasswordDialog, type OneTimePasswordProps } from './OneTimePassword.js';

type Pending = { kind: 'deactivate' | 'reset'; account: AccountDto } | null;

export function AccountsPage() {
  const { actor } = useSession();
  if (actor?.role !== 'admin') {
    return (
      <Stack>
        <Title order={2}>Tài khoản</Title>
        <Alert color="gray">Chỉ quản trị viên quản lý tài khoản.</Alert>
      </Stack>
    );
  }
  return <Accounts selfId={actor.accountId} />;
}

function Accounts({ selfId }: { selfId: string }) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<AccountFilters>({ q: '', agencyId: null, role: null, active: null });
  const [q] = useDebouncedValue(filters.q, 300);
  const [page, setPage] = useState(1);
  const effective = { ...filters, q };
  const accounts = useAccountPage(effective, page);
  const agencies = useAgencies();
  const options = useMemo(() => agencyOptions(agencies.data ?? []), [agencies.data]);
  const names = useMemo(() => new Map(options.map((o) => [o.value, o.label])), [options]);

  const [editing, setEditing] = useState<'new' | AccountDto | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [oneTime, setOneTime] = useState<OneTimePasswordProps['shown']>(null);
  const [message, setMessage] = useState<{ color: 'green' | 'red'; text: string } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.accounts() });
  const filter = (change: Partial<AccountFilters>) => {
    setFilters({ ...filters, ...change });
    setPage(1);
  };
  const failed = (e: unknown, fallback: string) => setMessage({ color: 'red', text: errorText(e, fallback) });

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === 'deactivate') {
        const { account, sessionsEnded } = await deactivateAccount(pending.account.id);
        setMessage({
          color: 'green',
          text: `Đã khóa tài khoản ${account.username}.${sessionsEnded > 0 ? ` ${sessionsEnded} phiên đăng nhập đã kết thúc.` : ''}`,
        });
      } else {
        const { account, temporaryPassword, sessionsEnded } = await resetPassword(pending.account.id);
        setMessage(null);
        setOneTime({ username: account.username, displayName: account.displayName, password: temporaryPassword, sessionsEnded, kind: 'reset' });
      }
    } catch (e) {
      failed(e, pending.kind === 'deactivate' ? 'Không khóa được tài khoản.' : 'Không đặt lại được mật khẩu.');
    } finally {
      setBusy(false);
      setPending(null);
      await refresh();
    }
  };

  const reactivate = async (account: AccountDto) => {
    try {
      await reactivateAccount(account.id);
      setMessage({ color: 'green', text: `Đã mở khóa tài khoản ${account.username}.` });
    } catch (e) {
      failed(e, 'Không mở khóa được tài khoản.');
    }
    await refresh();
  };

  const total = accounts.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Tài khoản</Title>
        <Button
          onClick={() => {
            setMessage(null);
            setEditing('new');
          }}
        >
          Tạo tài khoản
        </Button>
      </Group>

      <Group gap="sm" align="flex-end" role="search" aria-label="Lọc tài khoản">
        <TextInput
          label="Tìm theo tên"
          placeholder="Họ tên hoặc tên đăng nhập"
          w={240}
          maxLength={100}
          value={filters.q}
          onChange={(e) => filter({ q: e.currentTarget.value })}
        />
        <Select
          label="Đơn vị"
          placeholder="Tất cả đơn vị"
          w={320}
          searchable
          clearable
          limit={100}
          nothingFoundMessage="Không có đơn vị phù hợp"
          data={options}
          value={filters.agencyId}
          onChange={(v) => filter({ agencyId: v })}
        />
        <Select
          label="Vai trò"
          placeholder="Tất cả vai trò"
          w={200}
          clearable
          data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          value={filters.role}
          onChange={(v) => filter({ role: v as AccountRole | null })}
        />
        <Select
          label="Trạng thái"
          placeholder="Tất cả"
          w={170}
          clearable
          data={[
            { value: 'true', label: 'Đang hoạt động' },
            { value: 'false', label: 'Đã khóa' },
          ]}
          value={filters.active}
          onChange={(v) => filter({ active: v as 'true' | 'false' | null })}
        />
      </Group>

      {message && (
        <Alert
          color={message.color}
          role={message.color === 'red' ? 'alert' : 'status'}
          withCloseButton
          closeButtonLabel="Đóng thông báo"
          onClose={() => setMessage(null)}
        >
          {message.text}
        </Alert>
      )}

      {accounts.isLoading ? (
        <Loading />
      ) : accounts.isError ? (
        <ErrorAlert message={errorText(accounts.error, 'Không tải được danh sách tài khoản.')} />
      ) : (
        <>
          <Table striped withTableBorder highlightOnHover aria-label="Danh sách tài khoản" aria-busy={accounts.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Họ tên</Table.Th>
                <Table.Th scope="col">Tên đăng nhập</Table.Th>
                <Table.Th scope="col">Vai trò</Table.Th>
                <Table.Th scope="col">Đơn vị</Table.Th>
                <Table.Th scope="col">Trạng thái</Table.Th>
                <Table.Th scope="col">Thao tác</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(accounts.data?.items ?? []).map((a) => {
                const self = a.id === selfId;
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      {a.displayName}
                      {self && (
                        <Text span size="sm" c="dimmed">
                          {' '}
                          (bạn)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{a.username}</Table.Td>
                    <Table.Td>{roleLabel(a.role)}</Table.Td>
                    <Table.Td style={{ maxWidth: 360 }}>{a.agencyIds.map((id) => names.get(id) ?? id).join('; ')}</Table.Td>
                    <Table.Td>
                      <Badge color={a.active ? 'teal' : 'gray'} variant="outline">
                        {a.active ? 'Đang hoạt động' : 'Đã khóa'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={`Sửa tài khoản ${a.displayName} (${a.username})`}
                          onClick={() => {
                            setMessage(null);
                            setEditing(a);
                          }}
                        >
                          Sửa
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          disabled={self}
                          title={self ? 'Dùng “Đổi mật khẩu” ở đầu trang để đổi mật khẩu của bạn.' : undefined}
                          aria-label={`Đặt lại mật khẩu cho ${a.displayName} (${a.username})`}
                          onClick={() => setPending({ kind: 'reset', account: a })}
                        >
                          Đặt lại mật khẩu
                        </Button>
                        {a.active ? (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            disabled={self}
                            title={self ? 'Bạn không thể tự khóa tài khoản của chính mình.' : undefined}
                            aria-label={`Khóa tài khoản ${a.displayName} (${a.username})`}
                            onClick={() => setPending({ kind: 'deactivate', account: a })}
                          >
                            Khóa
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="green"
                            aria-label={`Mở khóa tài khoản ${a.displayName} (${a.username})`}
                            onClick={() => void reactivate(a)}
                          >
                            Mở khóa
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
              {accounts.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed">Không có tài khoản nào phù hợp.</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {total === 0 ? 'Không có tài khoản' : `${(page - 1) * PAGE_SIZE + 1}–${Math.min(page * PAGE_SIZE, total)} trong ${total} tài khoản`}
            </Text>
            <nav aria-label="Chuyển trang danh sách tài khoản">
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                hideWithOnePage
                size="sm"
                getItemProps={(p) => ({ 'aria-label': `Trang ${p}` })}
                getControlProps={(control) => ({
                  'aria-label': { first: 'Trang đầu', previous: 'Trang trước', next: 'Trang sau', last: 'Trang cuối' }[control],
                })}
              />
            </nav>
          </Group>
        </>
      )}

      <AccountFormDialog
        editing={editing}
        agencies={options}
        selfId={selfId}
        onClose={() => setEditing(null)}
        onCreated={(account, generatedPassword) => {
          setEditing(null);
          void refresh();
          if (generatedPassword) {
            setOneTime({ username: account.username, displayName: account.displayName, password: generatedPassword, kind: 'created' });
          } else {
            setMessage({ color: 'green', text: `Đã tạo tài khoản ${account.username} với mật khẩu bạn đã nhập.` });
          }
        }}
        onUpdated={(account) => {
          setEditing(null);
          void refresh();
          setMessage({ color: 'green', text: `Đã lưu tài khoản ${account.username}.` });
        }}
      />

      <Modal
        opened={pending !== null}
        onClose={() => !busy && setPending(null)}
        title={pending?.kind === 'reset' ? 'Đặt lại mật khẩu' : 'Khóa tài khoản'}
      >
        {pending && (
          <Stack>
            <Text>
              {pending.kind === 'reset' ? (
                <>
                  Đặt lại mật khẩu cho <strong>{pending.account.displayName}</strong> ({pending.account.username})? Mật khẩu hiện tại hết hiệu lực và
                  mọi phiên đăng nhập của tài khoản kết thúc ngay; một mật khẩu tạm thời sẽ hiện một lần.
                </>
              ) : (
                <>
                  Khóa tài khoản <strong>{pending.account.displayName}</strong> ({pending.account.username})? Người dùng bị đăng xuất ngay và không
                  đăng nhập được cho đến khi được mở khóa. Dữ liệu và lịch sử của tài khoản được giữ nguyên.
                </>
              )}
            </Text>
            <FormFooter
              onCancel={() => setPending(null)}
              focusCancel
              busy={busy}
              color="red"
              onConfirm={() => void confirm()}
              submitLabel={pending.kind === 'reset' ? 'Đặt lại mật khẩu' : 'Khóa tài khoản'}
            />
          </Stack>
        )}
      </Modal>

      <OneTimePasswordDialog shown={oneTime} onClose={() => setOneTime(null)} />
    </Stack>
  );
}
