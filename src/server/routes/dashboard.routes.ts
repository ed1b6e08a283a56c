/**
 * The dashboards (read-only). Each chart's data as JSON, and the same data as CSV at the same path with ".csv"
 * (UTF-8 with BOM, RFC 4180; see src/core/values/csv.ts).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chartIndicatorsSchema, completenessSchema, rankingQuery, rankingSchema, trendQuery, trendSchema } from '../../shared/dashboard-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import {
  completenessCsv,
  presentChartIndicator,
  presentCompleteness,
  presentRanking,
  presentTrend,
  rankingCsv,
  trendCsv,
  type CsvFile,
} from './presenters.js';
import { agencyRanking, chartIndicators, indicatorTrend, roundsCompleteness } from '../services/dashboard.service.js';

const noQuery = z.object({}).strict();

function sendCsv(reply: FastifyReply, file: CsvFile) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(file.text);
}

export const dashboardRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/dashboards/indicators', { schema: { querystring: noQuery, response: { 200: chartIndicatorsSchema } } }, async (request) =>
      (await chartIndicators(ctx, actorOf(request))).map(presentChartIndicator),
    );

    app.get('/dashboards/trend', { schema: { querystring: trendQuery, response: { 200: trendSchema } } }, async (request) =>
      presentTrend(await indicatorTrend(ctx, actorOf(request), request.query)),
    );
    app.get('/dashboards/trend.csv', { schema: { querystring: trendQuery } }, async (request, reply) =>
      sendCsv(reply, trendCsv(presentTrend(await indicatorTrend(ctx, actorOf(request), request.query)))),
    );

    app.get('/dashboards/ranking', { schema: { querystring: rankingQuery, response: { 200: rankingSchema } } }, async (request) =>
      presentRanking(await agencyRanking(ctx, actorOf(request), request.query)),
    );
    app.get('/dashboards/ranking.csv', { schema: { querystring: rankingQuery } }, async (request, reply) =>
      sendCsv(reply, rankingCsv(presentRanking(await agencyRanking(ctx, actorOf(request), request.query)))),
    );

    app.get('/dashboards/completeness', { schema: { querystring: noQuery, response: { 200: completenessSchema } } }, async (request) =>
      presentCompleteness(await roundsCompleteness(ctx, actorOf(request))),
    );
    app.get('/dashboards/completeness.csv', { schema: { querystring: noQuery } }, async (request, reply) =>
      sendCsv(reply, completenessCsv(presentCompleteness(await roundsCompleteness(ctx, actorOf(request))), ctx.clock.now())),
    );
  };
