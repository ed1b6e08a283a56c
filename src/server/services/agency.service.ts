/** Reading agencies: those within the actor's scope; outside it an agency does not exist. */
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { getAgency, listAgencies, type Agency } from '../repositories/agency.repository.js';
import { forbidden, notFound } from './service-error.js';

export async function listVisibleAgencies(ctx: Context, actor: Actor): Promise<Agency[]> {
  if (!may(actor, 'agency:read')) throw forbidden('agency:read');
  return listAgencies(ctx.db, [...actor.scope]);
}

export async function viewAgency(ctx: Context, actor: Actor, id: string): Promise<Agency> {
  const agency = await getAgency(ctx.db, id);
  if (!agency || !may(actor, 'agency:read', agency.id)) throw notFound('agency', id);
  return agency;
}
