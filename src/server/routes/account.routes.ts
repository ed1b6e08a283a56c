/**
 * /api/accounts: account management by administrators, within their agencies (src/server/services/account.service.ts).
 * Writes need the session's CSRF token like every other write (the hook in app.ts). A malformed request is answered
 * with the first Vietnamese message of the shared schemas (src/shared/account-schemas.ts) as the problem's detail.
 */
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  accountIdParams,
  accountListSchema,
  createAccountBody,
  createAccountResponse,
  deactivateAccountResponse,
  listAccountsQuery,
  reactivateAccountResponse,
  resetPasswordResponse,
  updateAccountBody,
  accountSchema,
} from '../../shared/account-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import {
  createAccount,
  deactivateAccount,
  listManagedAccounts,
  reactivateAccount,
  resetAccountPassword,
  updateAccount,
  viewAccount,
} from '../services/account.service.js';
import { ServiceError } from '../services/service-error.js';
import { presentAccount } from '../presenters/account.presenter.js';

export const accountRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // this plugin's own error handler: a malformed request says which field is wrong, in Vietnamese; anything else
    // (and the ServiceError made here) goes on to the application's handler, which writes the problem document
    app.setErrorHandler((error: FastifyError, _request, _reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((v) => ({ path: v.instancePath, message: v.message }));
        throw new ServiceError(
          400,
          'invalid-request',
          issues[0]?.message ?? 'Dữ liệu gửi lên không hợp lệ.',
          `invalid ${error.validationContext ?? 'request'}`,
          { issues },
        );
      }
      throw error;
    });

    app.get('/accounts', { schema: { querystring: listAccountsQuery, response: { 200: accountListSchema } } }, async (request) => {
      const { rows, total } = await listManagedAccounts(ctx, actorOf(request), request.query);
      return { items: rows.map(presentAccount), total };
    });

    app.get('/accounts/:id', { schema: { params: accountIdParams, response: { 200: accountSchema } } }, async (request) =>
      presentAccount(await viewAccount(ctx, actorOf(request), request.params.id)),
    );

    app.post('/accounts', { schema: { body: createAccountBody, response: { 201: createAccountResponse } } }, async (request, reply) => {
      const { account, generatedPassword } = await createAccount(ctx, actorOf(request), request.body);
      // the generated password is shown this once; nothing on the server can show it again
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send({ account: presentAccount(account), ...(generatedPassword === undefined ? {} : { generatedPassword }) });
    });

    app.patch('/accounts/:id', { schema: { params: accountIdParams, body: updateAccountBody, response: { 200: accountSchema } } }, async (request) =>
      presentAccount(await updateAccount(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.post('/accounts/:id/deactivate', { schema: { params: accountIdParams, response: { 200: deactivateAccountResponse } } }, async (request) => {
      const { account, sessionsEnded } = await deactivateAccount(ctx, actorOf(request), request.params.id);
      return { account: presentAccount(account), sessionsEnded };
    });

    app.post('/accounts/:id/reactivate', { schema: { params: accountIdParams, response: { 200: reactivateAccountResponse } } }, async (request) => ({
      account: presentAccount(await reactivateAccount(ctx, actorOf(request), request.params.id)),
    }));

    app.post(
      '/accounts/:id/reset-password',
      { schema: { params: accountIdParams, response: { 200: resetPasswordResponse } } },
      async (request, reply) => {
        const { account, temporaryPassword, sessionsEnded } = await resetAccountPassword(ctx, actorOf(request), request.params.id);
        void reply.header('cache-control', 'no-store');
        return { account: presentAccount(account), temporaryPassword, sessionsEnded };
      },
    );
  };
