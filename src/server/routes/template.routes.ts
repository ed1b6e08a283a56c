import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, templateSummarySchema } from '../../shared/api-schemas.js';
import { indicatorSchema, templateCheckResultSchema, templateDraftBody, templateSourceDtoSchema } from '../../shared/template-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { checkTemplateDraft, createTemplateVersion, indicatorCatalogue, templateSourceOf } from '../services/template.service.js';
import { listTemplates, viewTemplate } from '../services/template.service.js';
import { presentTemplate, presentTemplateSummary } from '../presenters/template.presenter.js';

export const templateRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/templates', { schema: { response: { 200: z.array(templateSummarySchema) } } }, async (request) =>
      (await listTemplates(ctx, actorOf(request))).map(presentTemplateSummary),
    );

    // the canonical indicator catalogue (templates/indicators.yaml) rows of a version may point to
    app.get('/templates/indicators', { schema: { response: { 200: z.array(indicatorSchema) } } }, async (request) => [
      ...indicatorCatalogue(ctx, actorOf(request)),
    ]);

    app.get('/templates/:id', { schema: { params: idParams, response: { 200: z.record(z.string(), z.unknown()) } } }, async (request) =>
      presentTemplate(await viewTemplate(ctx, actorOf(request), request.params.id)),
    );

    // a stored version as an editable source (docs/templates.md), the start of a new version
    app.get('/templates/:id/source', { schema: { params: idParams, response: { 200: templateSourceDtoSchema } } }, async (request) =>
      templateSourceOf(ctx, actorOf(request), request.params.id),
    );

    // checks a new version's source against the schema and the rules of a new version; never stores
    app.post('/templates/check', { schema: { body: templateDraftBody, response: { 200: templateCheckResultSchema } } }, async (request) =>
      checkTemplateDraft(ctx, actorOf(request), request.body),
    );

    // stores a new version (admin): 422 with the problems, 409 when the id exists
    app.post('/templates', { schema: { body: templateDraftBody, response: { 201: templateSummarySchema } } }, async (request, reply) => {
      return reply.status(201).send(presentTemplateSummary(await createTemplateVersion(ctx, actorOf(request), request.body)));
    });
  };
