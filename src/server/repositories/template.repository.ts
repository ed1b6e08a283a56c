/** Template versions: the checked definitions from templates/*.yaml, stored so reports keep the version they were filed on. */
import type { Kysely, Transaction } from 'kysely';
import type { Template } from '../../core/catalogue/template.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores versions not stored yet. A stored version is never changed in place (reports were filed on it). */
export async function storeTemplates(db: Db, templates: readonly Template[]): Promise<string[]> {
  const existing = new Set((await db.selectFrom('template_versions').select('id').execute()).map((r) => r.id));
  const added = templates.filter((t) => !existing.has(t.id));
  for (const template of added) {
    await db
      .insertInto('template_versions')
      .values({
        id: template.id,
        family: template.family,
        name: template.name,
        effective_from: template.effectiveFrom,
        effective_to: template.effectiveTo,
        definition: JSON.stringify(template),
      })
      .execute();
  }
  return added.map((t) => t.id);
}

// a stored version never changes (reports were filed on it), so every process may keep what it has read — per database
const cache = new WeakMap<object, Map<string, Template>>();

export async function getTemplateVersion(db: Db, id: string): Promise<Template | undefined> {
  let versions = cache.get(db);
  if (!versions) {
    versions = new Map();
    cache.set(db, versions);
  }
  const known = versions.get(id);
  if (known) return known;
  const row = await db.selectFrom('template_versions').select('definition').where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const template = row.definition as unknown as Template;
  if (versions.size > 500) versions.clear();
  versions.set(id, template);
  return template;
}

/** Every stored version's definition (each read once per process: a stored version never changes). */
export async function listTemplateDefinitions(db: Db): Promise<Template[]> {
  const ids = (await db.selectFrom('template_versions').select('id').orderBy('id').execute()).map((r) => r.id);
  const templates: Template[] = [];
  for (const id of ids) {
    const template = await getTemplateVersion(db, id);
    if (template) templates.push(template);
  }
  return templates;
}

export async function listTemplateVersions(db: Db) {
  return db
    .selectFrom('template_versions')
    .select(['id', 'family', 'name', 'effective_from', 'effective_to'])
    .orderBy('effective_from', 'desc')
    .execute();
}
