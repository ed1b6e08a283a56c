/**
 * Template versions made in the browser: a stored version as an editable source, the catalogue of canonical
 * indicators, checking a draft, and storing it as a new version. A stored version is never changed in place —
 * reports keep the version they were filed on — so a new version always gets a new id.
 *
 * Permission: creating a version is 'template:create' (administrators); reading and checking need 'template:read'.
 */
import { checkTemplateVersion, templateToSource, type StoredVersion, type VersionCheck } from '../../core/catalogue/template-rules.js';
import type { IndicatorDefinition, Template } from '../../core/catalogue/template.js';
import type { TemplateSource } from '../../core/catalogue/template-source.js';
import type { TemplateDraft } from '../../shared/template-schemas.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { getTemplateVersion, listTemplateVersions, storeTemplates } from '../repositories/template.repository.js';
import { forbidden, notFound, ServiceError } from './service-error.js';

/** A version's identity and dates, as the audit log records it. */
const summaryOf = (t: Pick<Template, 'id' | 'family' | 'name' | 'effectiveFrom' | 'effectiveTo'>) => ({
  id: t.id,
  family: t.family,
  name: t.name,
  effectiveFrom: t.effectiveFrom,
  effectiveTo: t.effectiveTo,
});

/** A stored version as listed: id, family, name and dates. */
export type StoredTemplateVersion = Awaited<ReturnType<typeof listTemplateVersions>>[number];

/** The stored versions, the newest first. */
export async function listTemplates(ctx: Context, actor: Actor): Promise<StoredTemplateVersion[]> {
  if (!may(actor, 'template:read')) throw forbidden('template:read');
  return listTemplateVersions(ctx.db);
}

/** One stored version, whole. */
export async function viewTemplate(ctx: Context, actor: Actor, id: string): Promise<Template> {
  if (!may(actor, 'template:read')) throw forbidden('template:read');
  const template = await getTemplateVersion(ctx.db, id);
  if (!template) throw notFound('template', id);
  return template;
}

function mayCreate(actor: Actor): boolean {
  return may(actor, 'template:create');
}

/** A stored version as the source an admin edits (only what the builder cannot derive is written out). */
export async function templateSourceOf(ctx: Context, actor: Actor, id: string): Promise<TemplateSource> {
  if (!may(actor, 'template:read')) throw forbidden('template:read');
  const template = await getTemplateVersion(ctx.db, id);
  if (!template) throw notFound('template', id);
  return templateToSource(template, ctx.templates.indicators);
}

export function indicatorCatalogue(_ctx: Context, actor: Actor): readonly IndicatorDefinition[] {
  if (!may(actor, 'template:read')) throw forbidden('template:read');
  return _ctx.templates.indicators;
}

async function checkDraft(ctx: Context, draft: TemplateDraft): Promise<{ result: VersionCheck; exists: boolean }> {
  const { basedOn, ...source } = draft;
  const listed = await listTemplateVersions(ctx.db);
  const based = await getTemplateVersion(ctx.db, basedOn);
  const stored: StoredVersion[] = [];
  for (const v of listed) {
    const version: StoredVersion = { id: v.id, family: v.family, name: v.name, effectiveFrom: v.effective_from };
    // the province matters only for a version of the same family starting the same day; look only those up
    if (v.family === source.family && v.effective_from === source.effectiveFrom)
      version.province = (await getTemplateVersion(ctx.db, v.id))?.province ?? null;
    stored.push(version);
  }
  const result = checkTemplateVersion(source, { basedOn, source: based ?? null, stored, indicators: ctx.templates.indicators });
  return { result, exists: listed.some((v) => v.id === source.id) };
}

/** Checks a draft without storing anything. */
export async function checkTemplateDraft(
  ctx: Context,
  actor: Actor,
  draft: TemplateDraft,
): Promise<{ ok: boolean; problems: { at: string; message: string }[] }> {
  if (!may(actor, 'template:read')) throw forbidden('template:read');
  const { result } = await checkDraft(ctx, draft);
  return { ok: result.ok, problems: result.problems };
}

const duplicate = (id: string, problems: unknown[] = []) =>
  new ServiceError(
    409,
    'template-exists',
    `Đã có phiên bản mẫu mã "${id}". Phiên bản đã lưu không được sửa: hãy đặt mã mới.`,
    `template ${id} exists`,
    {
      problems,
    },
  );

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** Checks a draft and stores it as a new version, with its audit row, in one transaction. */
export async function createTemplateVersion(ctx: Context, actor: Actor, draft: TemplateDraft): Promise<Template> {
  if (!mayCreate(actor)) throw forbidden('template:create');
  const { result, exists } = await checkDraft(ctx, draft);
  if (exists) throw duplicate(draft.id, result.problems);
  if (!result.ok) {
    throw new ServiceError(
      422,
      'template-invalid',
      `Phiên bản mẫu chưa hợp lệ (${result.problems.length} vấn đề). Hãy sửa rồi lưu lại.`,
      `template draft ${draft.id} has ${result.problems.length} problems`,
      { problems: result.problems },
    );
  }
  const template = result.template;
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const added = await storeTemplates(trx, [template]);
      if (added.length === 0) throw duplicate(template.id);
      await recordAudit(
        trx,
        {
          actorId: actor.accountId,
          action: 'create-template-version',
          entity: 'template',
          entityId: template.id,
          after: {
            ...summaryOf(template),
            basedOn: draft.basedOn,
            province: template.province,
            forms: template.forms.length,
            rows: template.rows.length,
            checks: template.checks.length,
          },
        },
        now,
      );
    });
  } catch (error) {
    // two admins storing the same id at once: the second insert meets the primary key
    if (isUniqueViolation(error)) throw duplicate(template.id);
    throw error;
  }
  return template;
}

/**
 * Stores the versions of templates/*.yaml the database does not hold yet (at every start), each with its audit row; a
 * stored version is never changed. Returns the ids added. Two processes starting at once: the second adds nothing.
 */
export async function storeTemplateFiles(ctx: Context): Promise<string[]> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const added = await storeTemplates(trx, ctx.templates.templates);
      for (const id of added) {
        const template = ctx.templates.templates.find((t) => t.id === id)!;
        await recordAudit(
          trx,
          {
            actorId: null,
            action: 'load-template-version',
            entity: 'template',
            entityId: id,
            after: {
              ...summaryOf(template),
              source: 'templates/*.yaml',
              forms: template.forms.length,
              rows: template.rows.length,
              checks: template.checks.length,
            },
          },
          now,
        );
      }
      return added;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return [];
    throw error;
  }
}
