/** The append-only audit log: every write records who, when, what, before and after — in the write's transaction. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export async function listAudit(db: Kysely<Database>, filter: { entity?: string; entityId?: string; actorId?: string } = {}) {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id');
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  return query.execute();
}
