/** The template versions of templates/*.yaml are stored at start, each with its audit row, once. */
import { expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { fixedClock, sequentialIds, type Context } from '../context.js';
import { listAudit } from '../repositories/audit.repository.js';
import { listTemplateVersions } from '../repositories/template.repository.js';
import { storeTemplateFiles } from './template.service.js';
import { onBothEngines } from '../../test-support/both-engines.js';

onBothEngines('template files stored at start', (engine) => {
  it('stores every version once, each with an audit row', async () => {
    const database = await engine.fresh();
    try {
      const ctx: Context = { db: database.db, clock: fixedClock(), ids: sequentialIds(), templates: templateLibrary() };
      const ids = ctx.templates.templates.map((t) => t.id).sort();
      expect((await storeTemplateFiles(ctx)).sort()).toEqual(ids);
      expect((await listTemplateVersions(ctx.db)).map((t) => t.id).sort()).toEqual(ids);
      const audit = (await listAudit(ctx.db, { entity: 'template' })).filter((a) => a.action === 'load-template-version');
      expect(audit.map((a) => a.entity_id).sort()).toEqual(ids);
      const first = ctx.templates.templates[0]!;
      expect(audit.find((a) => a.entity_id === first.id)).toMatchObject({
        actor_id: null,
        before: null,
        after: { id: first.id, name: first.name, rows: first.rows.length, source: 'templates/*.yaml' },
      });

      // the next start adds and records nothing
      expect(await storeTemplateFiles(ctx)).toEqual([]);
      expect((await listAudit(ctx.db, { entity: 'template' })).length).toBe(audit.length);
    } finally {
      await database.close();
    }
  });
});
