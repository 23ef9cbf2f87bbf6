import type { Actor } from '#platform/actor.js';
import type { Database } from '#platform/db/database.js';
import { Forbidden, ValidationFailed } from '#platform/errors.js';
import type { AuditService } from '#modules/audit/index.js';
import type { OrgService } from '#modules/org/index.js';
import { DEFAULT_INDEX_TEMPLATE, renderIndexNumber, templateProblem } from './index-number.js';

export type CatalogueSettingsService = ReturnType<typeof createCatalogueSettingsService>;

/** Per-agency catalogue settings: for now the 索引号 template, kept by the agency admin or coordinator. */
export function createCatalogueSettingsService({ db, audit, orgs }: { db: Database; audit: AuditService; orgs: OrgService }) {
  async function templateOf(orgId: string): Promise<{ template: string; isDefault: boolean }> {
    const row = await db.selectFrom('catalogueSettings').select('indexTemplate').where('orgId', '=', orgId).executeTakeFirst();
    return row ? { template: row.indexTemplate, isDefault: false } : { template: DEFAULT_INDEX_TEMPLATE, isDefault: true };
  }
  return {
    /** The agency's template and an example of the number it gives (first serial of today's period). */
    async forAgency(actor: Actor, orgId: string, today: string) {
      const org = await orgs.getForStaff(actor, orgId);
      const t = await templateOf(org.id);
      let example: string | null;
      try {
        example = renderIndexNumber(t.template, { creditCode: org.creditCode, slug: org.slug, date: today, serial: 1 });
      } catch {
        // The agency lacks what the template needs (a credit code): the page says so.
        example = null;
      }
      return { org, ...t, example, canEdit: orgs.can(actor, 'edit-profile', org) };
    },

    /** Sets the template; it must be valid and renderable for this agency. Audited. */
    async setTemplate(actor: Actor, orgId: string, raw: unknown, today: string): Promise<void> {
      const org = await orgs.getForStaff(actor, orgId);
      if (!orgs.can(actor, 'edit-profile', org)) throw new Forbidden('CATALOGUE_SETTINGS_FORBIDDEN', '只有本机构管理员或协调员可以修改索引号规则。');
      const template = typeof (raw as { indexTemplate?: unknown } | null)?.indexTemplate === 'string' ? (raw as { indexTemplate: string }).indexTemplate.trim() : '';
      const problem = templateProblem(template);
      if (problem) throw new ValidationFailed({ indexTemplate: problem });
      try {
        renderIndexNumber(template, { creditCode: org.creditCode, slug: org.slug, date: today, serial: 1 });
      } catch (err) {
        throw new ValidationFailed({ indexTemplate: err instanceof Error ? err.message : String(err) });
      }
      const before = await templateOf(org.id);
      if (before.template === template && !before.isDefault) return;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('catalogueSettings')
          .values({ orgId: org.id, indexTemplate: template })
          .onConflict((oc) => oc.column('orgId').doUpdateSet({ indexTemplate: template, updatedAt: new Date() }))
          .execute();
        await audit.record(tx, actor, 'catalogue.index-template-set', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { from: before.template, to: template } });
      });
    },
  };
}
