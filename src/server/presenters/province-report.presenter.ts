/**
 * The province's report → API shapes (the shared schemas' types, so a presenter that drifts from the schema fails
 * the type-check). Only the fields the schemas name leave the server.
 */
import type { z } from 'zod';
import type {
  provinceHistoryResponse,
  provinceReportSchema,
  provinceSettingsResponse,
  provinceSourcesResponse,
} from '../../shared/province-report-schemas.js';
import type {
  getProvinceReportSettings,
  getRoundProvinceReport,
  provinceReportHistoryOf,
  provinceReportSources,
  regenerateRoundProvinceReport,
} from '../services/province-report.service.js';

export type ProvinceReportDto = z.infer<typeof provinceReportSchema>;
type View = Awaited<ReturnType<typeof getRoundProvinceReport>> | Awaited<ReturnType<typeof regenerateRoundProvinceReport>>;

export function presentProvinceReport(v: View): ProvinceReportDto {
  return {
    roundId: v.roundId,
    version: v.version,
    status: v.status,
    number: v.number,
    issuedOn: v.issuedOn,
    period: { year: v.period.year, kind: v.period.kind },
    title: v.title,
    sections: v.sections.map((s) => ({
      key: s.key,
      heading: s.heading,
      level: s.level,
      text: s.text,
      origin: s.origin,
      stale: s.stale,
      draft: s.draft,
      excerpts: s.excerpts.map((e) => ({
        id: e.id,
        sourceReportId: e.sourceReportId,
        agencyId: e.agencyId,
        agencyName: e.agencyName,
        section: e.section,
        version: e.version,
        text: e.text,
        sourceChanged: e.sourceChanged,
      })),
    })),
    rankingIndicators: [...v.rankingIndicators],
    coverage: { ...v.coverage },
    ...(v.regenerated
      ? { regenerated: { replaced: [...v.regenerated.replaced], proposals: v.regenerated.proposals.map((p) => ({ key: p.key, draft: p.draft })) } }
      : {}),
  };
}

export const presentProvinceSources = (v: Awaited<ReturnType<typeof provinceReportSources>>): z.infer<typeof provinceSourcesResponse> => ({
  section: v.section,
  sources: v.sources.map((s) => ({ ...s, headings: [...s.headings] })),
});

export const presentProvinceHistory = (v: Awaited<ReturnType<typeof provinceReportHistoryOf>>): z.infer<typeof provinceHistoryResponse> =>
  v.map((h) => ({ ...h }));

export const presentProvinceSettings = (v: Awaited<ReturnType<typeof getProvinceReportSettings>>): z.infer<typeof provinceSettingsResponse> => ({
  provinceId: v.provinceId,
  version: v.version,
  settings: v.settings,
  defaults: v.defaults,
});
