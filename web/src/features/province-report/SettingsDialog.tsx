/**
 * The province's settings for its report: who issues it, the issuer's lines, the number's suffix, the place, the
 * recipients and the signature block. Versioned: a stale save (someone else saved) is refused with a message.
 */
import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorText } from '../../api/client.js';
import { queryKeys, useProvinceSettings } from '../../api/queries.js';
import type { ProvinceSettingsDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';

type Settings = ProvinceSettingsDto['settings'];
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function SettingsForm({ data, onClose }: { data: ProvinceSettingsDto; onClose(): void }) {
  const client = useQueryClient();
  const s = data.settings;
  const [issuer, setIssuer] = useState<Settings['issuer']>(s.issuer);
  const [issuerLines, setIssuerLines] = useState(s.issuerLines.join('\n'));
  const [governingBody, setGoverningBody] = useState(s.governingBody ?? '');
  const [numberSuffix, setNumberSuffix] = useState(s.numberSuffix);
  const [place, setPlace] = useState(s.place);
  const [recipients, setRecipients] = useState(s.recipients.join('\n'));
  const [titleLines, setTitleLines] = useState(s.signature.titleLines.join('\n'));
  const [signer, setSigner] = useState(s.signature.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const settings: Settings = {
      issuer,
      issuerLines: lines(issuerLines),
      governingBody: governingBody.trim() || null,
      numberSuffix: numberSuffix.trim(),
      place: place.trim(),
      recipients: lines(recipients),
      signature: { titleLines: lines(titleLines), name: signer.trim() || null },
    };
    if (settings.issuerLines.length === 0 || settings.recipients.length === 0 || settings.signature.titleLines.length === 0 || !settings.place) {
      setError('Cần nhập cơ quan ban hành, nơi ban hành, nơi nhận và chức danh người ký.');
      return;
    }
    setSaving(true);
    try {
      const saved = await api<ProvinceSettingsDto>(`/api/provinces/${encodeURIComponent(data.provinceId)}/report-settings`, {
        method: 'PUT',
        body: { version: data.version, settings },
      });
      client.setQueryData(queryKeys.provinceSettings(data.provinceId), saved);
      onClose();
    } catch (e) {
      setError(errorText(e, 'Không lưu được thiết lập. Kiểm tra các trường (ký hiệu số chỉ gồm chữ in hoa, số và dấu gạch ngang, ví dụ BC-UBND).'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="sm">
      {data.defaults && <Alert color="blue">Tỉnh chưa lưu thiết lập: đang dùng mặc định theo Nghị định 30/2020/NĐ-CP.</Alert>}
      <Select
        label="Cơ quan ban hành báo cáo"
        data={[
          { value: 'ubnd', label: 'UBND tỉnh (báo cáo gửi Bộ Nội vụ)' },
          { value: 'so-noi-vu', label: 'Sở Nội vụ (báo cáo gửi UBND tỉnh)' },
        ]}
        value={issuer}
        onChange={(v) => v && setIssuer(v as Settings['issuer'])}
        allowDeselect={false}
      />
      <TextInput
        label="Cơ quan chủ quản (nếu có)"
        description="Ví dụ: UBND TỈNH NINH THUẬN; để trống khi UBND tỉnh ban hành"
        value={governingBody}
        onChange={(e) => setGoverningBody(e.currentTarget.value)}
      />
      <Textarea
        label="Tên cơ quan ban hành (mỗi dòng một dòng in)"
        autosize
        minRows={2}
        value={issuerLines}
        onChange={(e) => setIssuerLines(e.currentTarget.value)}
      />
      <Group grow>
        <TextInput
          label="Ký hiệu số văn bản"
          description="Ví dụ: BC-UBND"
          value={numberSuffix}
          onChange={(e) => setNumberSuffix(e.currentTarget.value)}
        />
        <TextInput label="Địa danh" value={place} onChange={(e) => setPlace(e.currentTarget.value)} />
      </Group>
      <Textarea label="Nơi nhận (mỗi dòng một nơi)" autosize minRows={3} value={recipients} onChange={(e) => setRecipients(e.currentTarget.value)} />
      <Textarea
        label="Chức danh người ký (mỗi dòng một dòng)"
        autosize
        minRows={2}
        value={titleLines}
        onChange={(e) => setTitleLines(e.currentTarget.value)}
      />
      <TextInput label="Họ tên người ký" value={signer} onChange={(e) => setSigner(e.currentTarget.value)} />
      <ErrorAlert message={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Hủy
        </Button>
        <Button loading={saving} onClick={() => void save()}>
          Lưu thiết lập
        </Button>
      </Group>
    </Stack>
  );
}

export function SettingsDialog({ provinceId, opened, onClose }: { provinceId: string | null; opened: boolean; onClose(): void }) {
  const settings = useProvinceSettings(provinceId, { enabled: opened });
  return (
    <Modal opened={opened} onClose={onClose} title="Thiết lập báo cáo của tỉnh" size="lg">
      {settings.isLoading && <Loading />}
      <ErrorAlert message={settings.error ? errorText(settings.error, 'Không tải được thiết lập của tỉnh.') : null} />
      {settings.data && <SettingsForm key={settings.data.version} data={settings.data} onClose={onClose} />}
    </Modal>
  );
}
