import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../shared/api-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { reportDocx, reportXlsx } from '../services/document.service.js';

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const documentRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reports/:id/document.docx', { schema: { params: idParams } }, async (request, reply) => {
      const { bytes, fileName } = await reportDocx(ctx, actorOf(request), request.params.id);
      return reply.type(TYPES.docx).header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(bytes));
    });
    app.get('/reports/:id/document.xlsx', { schema: { params: idParams } }, async (request, reply) => {
      const { bytes, fileName } = await reportXlsx(ctx, actorOf(request), request.params.id);
      return reply.type(TYPES.xlsx).header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(bytes));
    });
  };
