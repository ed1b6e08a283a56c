/**
 * The province's report of a round (the Sở Nội vụ composes it): read, autosave (409 on a stale version),
 * regenerate, workflow moves, the agencies' texts per section, history; and each province's settings for it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../shared/api-schemas.js';
import {
  provinceHistoryResponse,
  provinceMoveBody,
  provinceMoveParams,
  provinceRegenerateBody,
  provinceReportPutBody,
  provinceReportSchema,
  provinceSettingsPutBody,
  provinceSettingsResponse,
  provinceSourcesQuery,
  provinceSourcesResponse,
} from '../../shared/province-report-schemas.js';
import {
  presentProvinceHistory,
  presentProvinceReport,
  presentProvinceSettings,
  presentProvinceSources,
} from '../presenters/province-report.presenter.js';
import {
  getProvinceReportSettings,
  getRoundProvinceReport,
  moveRoundProvinceReport,
  provinceReportHistoryOf,
  provinceReportSources,
  regenerateRoundProvinceReport,
  saveProvinceReportSettings,
  saveRoundProvinceReport,
} from '../services/province-report.service.js';
import { actorOf, type RouteDeps } from './route-helpers.js';

/** A whole report's sections with excerpts can exceed the default body limit. */
const REPORT_BODY_LIMIT = 2 * 1024 * 1024;

export const provinceReportRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/rounds/:id/province-report', { schema: { params: idParams, response: { 200: provinceReportSchema } } }, async (request) =>
      presentProvinceReport(await getRoundProvinceReport(ctx, actorOf(request), request.params.id)),
    );
    app.put(
      '/rounds/:id/province-report',
      { bodyLimit: REPORT_BODY_LIMIT, schema: { params: idParams, body: provinceReportPutBody, response: { 200: provinceReportSchema } } },
      async (request) => presentProvinceReport(await saveRoundProvinceReport(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/rounds/:id/province-report/regenerate',
      { schema: { params: idParams, body: provinceRegenerateBody, response: { 200: provinceReportSchema } } },
      async (request) => presentProvinceReport(await regenerateRoundProvinceReport(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/rounds/:id/province-report/:action',
      { schema: { params: provinceMoveParams, body: provinceMoveBody, response: { 200: provinceReportSchema } } },
      async (request) =>
        presentProvinceReport(await moveRoundProvinceReport(ctx, actorOf(request), request.params.id, request.params.action, request.body)),
    );
    app.get(
      '/rounds/:id/province-report/sources',
      { schema: { params: idParams, querystring: provinceSourcesQuery, response: { 200: provinceSourcesResponse } } },
      async (request) => {
        const { section, kind, q } = request.query;
        return presentProvinceSources(
          await provinceReportSources(ctx, actorOf(request), request.params.id, { section, ...(kind ? { kind } : {}), ...(q ? { q } : {}) }),
        );
      },
    );
    app.get('/rounds/:id/province-report/history', { schema: { params: idParams, response: { 200: provinceHistoryResponse } } }, async (request) =>
      presentProvinceHistory(await provinceReportHistoryOf(ctx, actorOf(request), request.params.id)),
    );
    app.get('/provinces/:id/report-settings', { schema: { params: idParams, response: { 200: provinceSettingsResponse } } }, async (request) =>
      presentProvinceSettings(await getProvinceReportSettings(ctx, actorOf(request), request.params.id)),
    );
    app.put(
      '/provinces/:id/report-settings',
      { schema: { params: idParams, body: provinceSettingsPutBody, response: { 200: provinceSettingsResponse } } },
      async (request) => presentProvinceSettings(await saveProvinceReportSettings(ctx, actorOf(request), request.params.id, request.body)),
    );
  };
