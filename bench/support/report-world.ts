/**
 * The reports the crash test and the load bench write to, on a server started with `--demo` on an empty database:
 * the demo's accounts signed in once (sessions live in the database, so they survive restarts and the login rate
 * limit is never approached), and rounds opened by the administrator through the API, each giving one report to the
 * Sở KH&CN (written by its reporter and its approver, who may also submit) and one to the Sở Tư pháp (its reporter).
 */
import { api, demoCredentials, login, type Session } from './server-process.js';

export const TEMPLATE_ID = 'ninh-thuan-7s-2023';
export const AGENCY_KHCN = 'nt-so-khcn';
export const AGENCY_TUPHAP = 'nt-so-tu-phap';

export interface WorldReport {
  id: string;
  agencyId: string;
  version: number;
}

export interface World {
  admin: Session;
  /** khcn.duyet: writes and submits the Sở KH&CN's reports. */
  approver: Session;
  /** khcn.baocao: writes the Sở KH&CN's reports. */
  khcnReporter: Session;
  /** tuphap.baocao: writes the Sở Tư pháp's reports. */
  tuphapReporter: Session;
  /** The reports of the rounds opened here (both agencies), in round order. */
  reports: WorldReport[];
  /** Value rows of the template holding counts (any non-negative integer is a valid raw value). */
  countRows: string[];
}

export async function prepareWorld(
  url: string,
  serverLines: readonly string[],
  rounds: number,
  firstYear = 2031,
  templateId = TEMPLATE_ID,
): Promise<World> {
  const credentials = demoCredentials(serverLines);
  const signIn = async (username: string) => {
    const account = credentials.get(username);
    if (!account) throw new Error(`demo account ${username} not printed by the server (was the database empty?)`);
    return login(url, username, account.password);
  };
  const admin = await signIn('quantri');
  const approver = await signIn('khcn.duyet');
  const khcnReporter = await signIn('khcn.baocao');
  const tuphapReporter = await signIn('tuphap.baocao');

  const template = await api<{ rows: { id: string; group: boolean; kind: { type: string } }[] }>(url, admin, 'GET', `/api/templates/${templateId}`);
  if (template.status !== 200) throw new Error(`template ${templateId}: ${template.status}`);
  const countRows = template.body.rows.filter((r) => !r.group && r.kind.type === 'count').map((r) => r.id);

  const reports: WorldReport[] = [];
  for (let i = 0; i < rounds; i++) {
    const created = await api<{ id: string }>(url, admin, 'POST', '/api/rounds', {
      templateId,
      period: { year: firstYear + i, kind: 'Y' },
      agencyIds: [AGENCY_KHCN, AGENCY_TUPHAP],
    });
    if (created.status !== 201) throw new Error(`creating round ${i}: ${created.status} ${JSON.stringify(created.body)}`);
    const listed = await api<WorldReport[]>(url, admin, 'GET', `/api/reports?roundId=${encodeURIComponent(created.body.id)}`);
    if (listed.status !== 200) throw new Error(`listing round ${created.body.id}: ${listed.status}`);
    for (const r of listed.body.sort((a, b) => a.agencyId.localeCompare(b.agencyId)))
      reports.push({ id: r.id, agencyId: r.agencyId, version: r.version });
  }
  return { admin, approver, khcnReporter, tuphapReporter, reports, countRows };
}
