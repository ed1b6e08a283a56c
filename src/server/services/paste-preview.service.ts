/**
 * Where a block pasted from Excel lands on a report's rows (src/import/paste/paste-placement.ts, the importer's
 * matcher): a preview for the officer, nothing written. The grid applies what she accepts through its autosave.
 */
import { placePaste, type ColumnRole, type PastePlacement } from '../../import/paste/paste-placement.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { getReport } from '../repositories/report.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { forbidden, notFound } from './service-error.js';

export interface PasteRequest {
  text: string;
  form?: string | null | undefined;
  roles?: readonly ColumnRole[] | undefined;
}

/** The placement of a paste on a report the actor may write (its agency's reporting officer or leader). */
export async function previewPaste(ctx: Context, actor: Actor, id: string, request: PasteRequest): Promise<PastePlacement> {
  const report = await getReport(ctx.db, id);
  if (!report || !may(actor, 'report:read', report.agency_id)) throw notFound('report', id);
  if (!may(actor, 'report:write', report.agency_id)) throw forbidden('report:write');
  const template = await getTemplateVersion(ctx.db, report.template_id);
  if (!template) throw notFound('template', report.template_id);
  return placePaste(template, request.text, { form: request.form ?? null, ...(request.roles ? { roles: request.roles } : {}) });
}
