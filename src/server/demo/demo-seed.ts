/**
 * The demo an empty database starts with (demo mode only): the samples' provinces with agencies of every kind
 * (including the 2025 mergers as successor links), an account for every role, history for the sample agencies over
 * several periods built from the samples' figures, and one open round with agencies in every state.
 */
import { randomBytes } from 'node:crypto';
import { translateValues } from '../../core/catalogue/translate.js';
import type { Template } from '../../core/catalogue/template.js';
import { previousPeriod, type Period } from '../../core/periods/period.js';
import type { CellValue } from '../../core/report.js';
import { formatValue, parseCell } from '../../core/values/cell-grammar.js';
import type { Context } from '../context.js';
import type { AgencyKind, Role } from '../db/schema.js';
import { countAccounts, insertAccount } from '../repositories/account.repository.js';
import { insertAgency, setAgencySuccessor } from '../repositories/agency.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { findReport, insertReport, replaceNarrative, setReportState, upsertValues, type ValueWrite } from '../repositories/report.repository.js';
import { insertComment } from '../repositories/submission.repository.js';
import { storeTemplates } from '../repositories/template.repository.js';
import { hashPassword } from '../services/passwords.js';
import { createRound } from '../services/round.service.js';
import { SAMPLE_FACTS } from './sample-facts.js';
import { defaultProvinceSettings } from '../../core/province-report/settings.js';
import { writeProvinceSettings } from '../repositories/province-report.repository.js';
import { seedDemoPlan } from './plan-demo.js';
import { seedDemoParIndex } from './par-index-demo.js';

interface DemoAgency {
  id: string;
  parent: string | null;
  kind: AgencyKind;
  name: string;
  province: string;
  roles?: string[];
  validFrom?: string;
  validTo?: string;
  successor?: string;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  { id: 'nt', parent: null, kind: 'province', name: 'UBND tỉnh Ninh Thuận', province: 'Ninh Thuận' },
  { id: 'nt-so-noi-vu', parent: 'nt', kind: 'department', name: 'Sở Nội vụ', province: 'Ninh Thuận', roles: ['so-noi-vu'] },
  { id: 'nt-vp-ubnd', parent: 'nt', kind: 'department', name: 'Văn phòng Ủy ban nhân dân tỉnh', province: 'Ninh Thuận', roles: ['vp-ubnd'] },
  { id: 'nt-so-khcn', parent: 'nt', kind: 'department', name: 'Sở Khoa học và Công nghệ', province: 'Ninh Thuận' },
  {
    id: 'nt-so-ldtbxh',
    parent: 'nt',
    kind: 'department',
    name: 'Sở Lao động - Thương binh và Xã hội',
    province: 'Ninh Thuận',
    validTo: '2025-02-28',
    successor: 'nt-so-noi-vu',
  },
  { id: 'nt-so-tu-phap', parent: 'nt', kind: 'department', name: 'Sở Tư pháp', province: 'Ninh Thuận', roles: ['so-tu-phap'] },
  { id: 'nt-so-y-te', parent: 'nt', kind: 'department', name: 'Sở Y tế', province: 'Ninh Thuận' },
  {
    id: 'nt-so-tt-tt',
    parent: 'nt',
    kind: 'department',
    name: 'Sở Thông tin và Truyền thông',
    province: 'Ninh Thuận',
    roles: ['so-tt-tt'],
    validTo: '2025-02-28',
    successor: 'nt-so-khcn',
  },
  { id: 'nt-bql-kcn', parent: 'nt', kind: 'board', name: 'Ban Quản lý các khu công nghiệp', province: 'Ninh Thuận' },
  { id: 'nt-tt-hcc', parent: 'nt-vp-ubnd', kind: 'public-unit', name: 'Trung tâm Phục vụ hành chính công tỉnh', province: 'Ninh Thuận' },
  {
    id: 'nt-huyen-ninh-phuoc',
    parent: 'nt',
    kind: 'district-committee',
    name: 'UBND huyện Ninh Phước',
    province: 'Ninh Thuận',
    validTo: '2025-06-30',
  },
  {
    id: 'nt-xa-phuoc-hau',
    parent: 'nt-huyen-ninh-phuoc',
    kind: 'commune-committee',
    name: 'UBND xã Phước Hậu',
    province: 'Ninh Thuận',
    validTo: '2025-06-30',
    successor: 'nt-xa-phuoc-huu',
  },
  { id: 'nt-xa-phuoc-huu', parent: 'nt', kind: 'commune-committee', name: 'UBND xã Phước Hữu', province: 'Ninh Thuận', validFrom: '2025-07-01' },
  { id: 'kh', parent: null, kind: 'province', name: 'UBND tỉnh Khánh Hòa', province: 'Khánh Hòa' },
  { id: 'kh-so-noi-vu', parent: 'kh', kind: 'department', name: 'Sở Nội vụ', province: 'Khánh Hòa', roles: ['so-noi-vu'] },
  { id: 'kh-bql-kdl-cam-ranh', parent: 'kh', kind: 'board', name: 'Ban Quản lý Khu du lịch bán đảo Cam Ranh', province: 'Khánh Hòa' },
  { id: 'qt', parent: null, kind: 'province', name: 'UBND tỉnh Quảng Trị', province: 'Quảng Trị' },
  { id: 'qt-so-noi-vu', parent: 'qt', kind: 'department', name: 'Sở Nội vụ', province: 'Quảng Trị', roles: ['so-noi-vu'] },
  { id: 'qt-so-khcn', parent: 'qt', kind: 'department', name: 'Sở Khoa học và Công nghệ', province: 'Quảng Trị' },
];

export const DEMO_ACCOUNTS: { username: string; name: string; role: Role; agencies: string[] }[] = [
  { username: 'quantri', name: 'Quản trị hệ thống', role: 'admin', agencies: ['nt', 'kh', 'qt'] },
  { username: 'snv.tonghop', name: 'Anh Minh — Sở Nội vụ Ninh Thuận', role: 'consolidator', agencies: ['nt'] },
  { username: 'khcn.baocao', name: 'Chị Lan — Sở KH&CN Ninh Thuận', role: 'reporter', agencies: ['nt-so-khcn'] },
  { username: 'khcn.duyet', name: 'Phó Giám đốc Sở KH&CN Ninh Thuận', role: 'approver', agencies: ['nt-so-khcn'] },
  { username: 'tuphap.baocao', name: 'Cán bộ CCHC Sở Tư pháp Ninh Thuận', role: 'reporter', agencies: ['nt-so-tu-phap'] },
  { username: 'lanhdao', name: 'Lãnh đạo UBND tỉnh Ninh Thuận', role: 'viewer', agencies: ['nt'] },
];

const AGENCY_BY_SAMPLE: Record<string, string> = {
  'Ninh Thuận|Sở Khoa học và Công nghệ': 'nt-so-khcn',
  'Ninh Thuận|Sở Lao động - Thương binh và Xã hội': 'nt-so-ldtbxh',
  'Khánh Hòa|Ban Quản lý Khu du lịch bán đảo Cam Ranh': 'kh-bql-kdl-cam-ranh',
  'Quảng Trị|Sở Khoa học và Công nghệ': 'qt-so-khcn',
};

/** Demo narrative (written for the demo; the samples' narrative is not copied). */
function demoNarrative(agencyName: string, period: Period): { heading: string; level: number; body: string }[] {
  const when = `${period.kind === 'Y' ? 'năm' : 'kỳ'} ${period.year}`;
  return [
    {
      heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
      level: 1,
      body: `${agencyName} ban hành kế hoạch cải cách hành chính ${when}, phân công nhiệm vụ cho từng phòng, đơn vị và theo dõi tiến độ hằng tháng.`,
    },
    { heading: 'II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH', level: 1, body: '' },
    {
      heading: '1. Cải cách thể chế',
      level: 2,
      body: 'Rà soát văn bản quy phạm pháp luật thuộc lĩnh vực quản lý; không phát hiện văn bản trái quy định.',
    },
    {
      heading: '2. Cải cách thủ tục hành chính',
      level: 2,
      body: 'Cập nhật, công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công; hồ sơ được giải quyết đúng hạn.',
    },
    { heading: '3. Cải cách tổ chức bộ máy', level: 2, body: 'Tiếp tục sắp xếp các phòng chuyên môn theo quy định.' },
    { heading: '4. Cải cách chế độ công vụ', level: 2, body: 'Thực hiện đánh giá, xếp loại công chức, viên chức đúng quy định.' },
    { heading: '5. Cải cách tài chính công', level: 2, body: 'Công khai dự toán, quyết toán ngân sách theo quy định.' },
    {
      heading: '6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số',
      level: 2,
      body: 'Toàn bộ văn bản đi, đến được xử lý trên hệ thống quản lý văn bản điều hành.',
    },
    { heading: 'III. ĐÁNH GIÁ CHUNG', level: 1, body: 'Các nhiệm vụ cải cách hành chính cơ bản hoàn thành đúng tiến độ.' },
    { heading: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI', level: 1, body: 'Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình.' },
    { heading: 'V. KIẾN NGHỊ, ĐỀ XUẤT', level: 1, body: 'Không.' },
  ];
}

/** Another period's figures from a report's: flows scaled, stocks nudged, percentages and codes kept. Deterministic. */
function derive(template: Template, cells: Map<string, CellValue>, step: number): Map<string, CellValue> {
  const out = new Map<string, CellValue>();
  for (const row of template.rows) {
    const cell = cells.get(row.id);
    if (!cell) continue;
    if (cell.status !== 'reported' || cell.value === null || row.kind.type === 'percent' || row.kind.type === 'coded') {
      out.set(row.id, cell);
      continue;
    }
    const value = row.measure === 'flow' ? Math.max(0, Math.round(cell.value * (1 - 0.15 * step))) : Math.max(0, Math.round(cell.value - step));
    out.set(row.id, { ...cell, value, decimals: 0 });
  }
  return out;
}

function writesOf(template: Template, cells: Map<string, CellValue>, raws?: Map<string, string>): ValueWrite[] {
  return [...cells].map(([rowId, cell]) => {
    const row = template.rows.find((r) => r.id === rowId)!;
    const raw =
      raws?.get(rowId) ?? (cell.status === 'reported' ? formatValue(cell.value, row.kind) : cell.status === 'text' ? (cell.note ?? '') : '/');
    return { rowId, raw, cell, provenance: { source: 'demo' } };
  });
}

export interface DemoCredentials {
  username: string;
  password: string;
  role: Role;
  name: string;
}

/** Seeds the demo into an empty database; returns the accounts and their passwords (shown once), or null when not empty. */
export async function seedDemo(ctx: Context): Promise<DemoCredentials[] | null> {
  if ((await countAccounts(ctx.db)) > 0) return null;
  const now = ctx.clock.now();
  const credentials: DemoCredentials[] = [];
  await storeTemplates(ctx.db, ctx.templates.templates);
  await ctx.db.transaction().execute(async (trx) => {
    for (const a of DEMO_AGENCIES) {
      await insertAgency(trx, {
        id: a.id,
        parent_id: a.parent,
        kind: a.kind,
        name: a.name,
        short_name: null,
        province: a.province,
        roles: a.roles ?? [],
        valid_from: a.validFrom ?? '2015-01-01',
        valid_to: a.validTo ?? null,
        successor_id: null,
      });
    }
    for (const a of DEMO_AGENCIES.filter((x) => x.successor)) {
      await setAgencySuccessor(trx, a.id, a.successor!);
    }
    for (const a of DEMO_ACCOUNTS) {
      const password = `demo-${randomBytes(6).toString('base64url')}-${Math.floor(10 + Math.random() * 89)}`;
      await insertAccount(trx, {
        id: `acc-${a.username}`,
        username: a.username,
        display_name: a.name,
        role: a.role,
        agency_ids: a.agencies,
        password_hash: await hashPassword(password),
      });
      credentials.push({ username: a.username, password, role: a.role, name: a.name });
    }
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'seed-demo',
        entity: 'database',
        entityId: 'demo',
        after: { agencies: DEMO_AGENCIES.length, accounts: DEMO_ACCOUNTS.length },
      },
      now,
    );
  });

  // history: the samples' own reports, and earlier periods derived from them
  const templates = new Map(ctx.templates.templates.map((t) => [t.id, t]));
  for (const fact of SAMPLE_FACTS) {
    const agencyId = AGENCY_BY_SAMPLE[`${fact.agency.province}|${fact.agency.name}`]!;
    const template = templates.get(fact.template)!;
    const cells = new Map<string, CellValue>();
    const raws = new Map<string, string>();
    for (const [rowId, raw, note] of fact.cells) {
      const parsed = parseCell(raw, template.rows.find((r) => r.id === rowId)!.kind);
      cells.set(rowId, { value: parsed.value, status: parsed.status, note, decimals: parsed.decimals });
      raws.set(rowId, raw);
    }
    const agencyName = DEMO_AGENCIES.find((a) => a.id === agencyId)!.name;
    const periods: { period: Period; cells: Map<string, CellValue>; raws?: Map<string, string> }[] = [{ period: fact.period, cells, raws }];
    let period: Period = fact.period;
    for (let step = 1; step <= 3; step++) {
      period = previousPeriod(period);
      periods.push({ period, cells: derive(template, cells, step) });
    }
    for (const { period: p, cells: c, raws: r } of periods) {
      // each report on the version of its family in force for its period; before the first version, the first one
      const family = [...templates.values()]
        .filter((t) => t.family === template.family && t.province === template.province)
        .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      const version = family.filter((t) => t.effectiveFrom <= `${p.year}-12-31`).at(-1) ?? family[0] ?? template;
      const moved = translateValues(template, version, c).values as Map<string, CellValue>;
      const id = ctx.ids.next('report');
      await ctx.db.transaction().execute(async (trx) => {
        await insertReport(trx, {
          id,
          agency_id: agencyId,
          round_id: null,
          template_id: version.id,
          period_year: p.year,
          period_kind: p.kind,
          status: 'accepted',
          signer: fact.signer,
          source: 'import',
          submitted_at: now,
          accepted_at: now,
          created_at: now,
          updated_at: now,
        });
        await upsertValues(trx, id, writesOf(version, moved, version.id === template.id ? r : undefined), null, now);
        await replaceNarrative(trx, id, demoNarrative(agencyName, p));
        await recordAudit(
          trx,
          { actorId: null, action: 'seed-demo', entity: 'report', entityId: id, after: { agencyId, period: p, template: version.id } },
          now,
        );
      });
    }
  }

  // the open round: the year 2026 in Ninh Thuận, agencies in every state
  const admin = {
    accountId: 'acc-quantri',
    username: 'quantri',
    displayName: 'Quản trị hệ thống',
    role: 'admin' as const,
    scope: new Set(DEMO_AGENCIES.map((a) => a.id)),
  };
  const round = await createRound(ctx, admin, {
    templateId: 'ninh-thuan-7s-2023',
    period: { year: 2026, kind: 'Y' },
    agencyIds: ['nt-so-noi-vu', 'nt-so-khcn', 'nt-so-tu-phap', 'nt-so-y-te', 'nt-bql-kcn', 'nt-tt-hcc', 'nt-xa-phuoc-huu', 'nt-vp-ubnd'],
  });
  const states: Record<string, 'draft' | 'submitted' | 'returned' | 'accepted'> = {
    'nt-so-noi-vu': 'accepted',
    'nt-vp-ubnd': 'submitted',
    'nt-so-khcn': 'draft',
    'nt-so-tu-phap': 'returned',
    'nt-tt-hcc': 'draft',
  };
  const sevenSection = templates.get('ninh-thuan-7s-2023')!;
  const base = new Map<string, CellValue>(
    [
      ['1.1.1', 24],
      ['1.1.2', 20],
      ['1.1.3', 15],
      ['3.1', 120],
      ['3.1.1', 6],
      ['3.1.2', 4],
      ['3.1.3', 122],
      ['3.1.3/cap-tinh', 100],
      ['3.1.3/cap-huyen', 12],
      ['3.1.3/cap-xa', 10],
      ['3.4.1', 98.5],
      ['4.2.1', 40],
      ['4.2.2', 37],
      ['7.8.1', 30],
      ['7.8.2', 70],
      // every reform area has figures, so the province report's generated narrative states each of them
      ['2.1', 5],
      ['2.3', 12],
      ['2.4', 3],
      ['2.5', 3],
      ['5.1.1', 1],
      ['5.2.1', 3],
      ['5.2.4', 6],
      ['6.2', 1],
      ['6.3', 2],
      ['7.4', 100],
    ].map(([rowId, value]) => [
      rowId as string,
      { value: value as number, status: 'reported' as const, note: null, decimals: Number.isInteger(value) ? 0 : 1 },
    ]),
  );
  for (const [agencyId, status] of Object.entries(states)) {
    const report = (await findReport(ctx.db, agencyId, round.id))!;
    await ctx.db.transaction().execute(async (trx) => {
      await upsertValues(trx, report.id, writesOf(sevenSection, base), null, now);
      await replaceNarrative(trx, report.id, demoNarrative(DEMO_AGENCIES.find((a) => a.id === agencyId)!.name, { year: 2026, kind: 'Y' }));
      await setReportState(trx, report.id, {
        status,
        submitted_at: status === 'draft' ? null : now,
        accepted_at: status === 'accepted' ? now : null,
        updated_at: now,
      });
      if (status === 'returned') {
        await insertComment(trx, {
          id: ctx.ids.next('comment'),
          reportId: report.id,
          rowId: '3.1.3',
          authorId: 'acc-snv.tonghop',
          kind: 'return-reason',
          body: 'Tổng số TTHC đang có hiệu lực chưa khớp với số kỳ trước cộng mới trừ bãi bỏ; đề nghị kiểm tra lại.',
          at: now,
        });
      }
      await recordAudit(trx, { actorId: null, action: 'seed-demo', entity: 'report', entityId: report.id, after: { status } }, now);
    });
  }
  // the Sở Nội vụ's accepted report of the year before, so the province report states changes "so với cùng kỳ năm trước"
  const lastYear = ctx.ids.next('report');
  await ctx.db.transaction().execute(async (trx) => {
    await insertReport(trx, {
      id: lastYear,
      agency_id: 'nt-so-noi-vu',
      round_id: null,
      template_id: sevenSection.id,
      period_year: 2025,
      period_kind: 'Y',
      status: 'accepted',
      signer: null,
      source: 'import',
      submitted_at: now,
      accepted_at: now,
      created_at: now,
      updated_at: now,
    });
    await upsertValues(trx, lastYear, writesOf(sevenSection, derive(sevenSection, base, 1)), null, now);
    await replaceNarrative(trx, lastYear, demoNarrative('Sở Nội vụ', { year: 2025, kind: 'Y' }));
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'seed-demo',
        entity: 'report',
        entityId: lastYear,
        after: { agencyId: 'nt-so-noi-vu', period: { year: 2025, kind: 'Y' } },
      },
      now,
    );
  });
  // Ninh Thuận's settings for its province report: the defaults, with the deputy chair who signs (a demo name)
  await writeProvinceSettings(
    ctx.db,
    'nt',
    0,
    {
      ...defaultProvinceSettings('Ninh Thuận'),
      signature: { titleLines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn Bình' },
    },
    {
      actorId: null,
      action: 'seed-demo',
      before: {},
      after: {},
      now,
    },
  );
  // Ninh Thuận's annual CCHC plan of the round's year (the plan page, and the reports' plan figures)
  await seedDemoPlan(ctx);
  await seedDemoParIndex(ctx);
  return credentials;
}
