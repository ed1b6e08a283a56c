import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardSchema, idParams, roundBody, roundSchema } from '../../shared/api-schemas.js';
import { roundBoard } from '../services/workflow.service.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { createRound, listVisibleRounds, viewRound } from '../services/round.service.js';
import { presentBoard, presentRound } from '../presenters/round.presenter.js';

export const roundRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/rounds', { schema: { response: { 200: z.array(roundSchema) } } }, async (request) =>
      (await listVisibleRounds(ctx, actorOf(request))).map(presentRound),
    );
    app.get('/rounds/:id', { schema: { params: idParams, response: { 200: roundSchema } } }, async (request) =>
      presentRound(await viewRound(ctx, actorOf(request), request.params.id)),
    );
    app.get('/rounds/:id/board', { schema: { params: idParams, response: { 200: boardSchema } } }, async (request) =>
      presentBoard(await roundBoard(ctx, actorOf(request), request.params.id)),
    );
    app.post('/rounds', { schema: { body: roundBody, response: { 201: roundSchema } } }, async (request, reply) => {
      const round = await createRound(ctx, actorOf(request), request.body);
      return reply.status(201).send(presentRound(round));
    });
  };
