import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, templateSummarySchema } from '../../shared/api-schemas.js';
import { indicatorSchema, templateCheckResultSchema, templateDraftBody, templateSourceDtoSchema } from '../../shared/template-schemas.js';
import { actorOf, type RouteDeps } from '../app.js';
import { may } from '../policies/access.js';
import { getTemplateVersion, listTemplateVersions } from '../repositories/template.repository.js';
import { forbidden, notFound } from '../services/service-error.js';
import { checkTemplateDraft, createTemplateVersion, indicatorCatalogue, templateSourceOf } from '../services/template.service.js';

export const templateRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/templates', { schema: { response: { 200: z.array(templateSummarySchema) } } }, async (request) => {
      if (!may(actorOf(request), 'template:read')) throw forbidden('template:read');
      return (await listTemplateVersions(ctx.db)).map((t) => ({
        id: t.id,
        family: t.family,
        name: t.name,
        effectiveFrom: t.effective_from,
        effectiveTo: t.effective_to,
      }));
    });

    // the canonical indicator catalogue (templates/indicators.yaml) rows of a version may point to
    app.get('/templates/indicators', { schema: { response: { 200: z.array(indicatorSchema) } } }, async (request) => [
      ...indicatorCatalogue(ctx, actorOf(request)),
    ]);

    app.get('/templates/:id', { schema: { params: idParams, response: { 200: z.record(z.string(), z.unknown()) } } }, async (request) => {
      if (!may(actorOf(request), 'template:read')) throw forbidden('template:read');
      const template = await getTemplateVersion(ctx.db, request.params.id);
      if (!template) throw notFound('template', request.params.id);
      return template as unknown as Record<string, unknown>;
    });

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
      const summary = await createTemplateVersion(ctx, actorOf(request), request.body);
      return reply.status(201).send(summary);
    });
  };
