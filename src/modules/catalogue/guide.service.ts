import { indexGuide } from './search-index.js';
import type { Analyzer } from '#platform/search/types.js';
import { z } from 'zod';
import type { Actor } from '#platform/actor.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import { notifyChange, type ChangeFeed } from '#platform/db/changes.js';
import type { Database, Executor } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { Conflict, Forbidden, NotFound } from '#platform/errors.js';
import { optionalText, parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import type { OrgService } from '#modules/org/index.js';
import {
  changedSections,
  defaultGuideSections,
  GUIDE_SECTIONS,
  guideCompleteness,
  guideContact,
  normalizeSections,
  SECTION_MAX,
  type GuideSectionKey,
  type GuideSections,
} from './guide.js';

const sectionShape = Object.fromEntries(GUIDE_SECTIONS.map((s) => [s.key, optionalText(SECTION_MAX, `“${s.zh}”`)])) as Record<GuideSectionKey, ReturnType<typeof optionalText>>;

/** A posted guide: every section as plain text; `baseVersion` is the version the editor started from. */
const GuideInput = z.object({
  ...sectionShape,
  baseVersion: z.preprocess((v) => (v === undefined || v === '' ? undefined : Number(v)), z.number().int().min(0).optional()),
});

/** Line breaks as `\n` and no trailing blanks on lines, so an unchanged textarea compares equal. */
function prepare(raw: unknown): Record<string, unknown> {
  const src = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { baseVersion: src.baseVersion };
  for (const s of GUIDE_SECTIONS) {
    const v = src[s.key];
    out[s.key] = typeof v === 'string' ? v.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n') : v;
  }
  return out;
}

/** One saved version in the history list. */
export interface GuideVersionInfo {
  versionNo: number;
  createdAt: Date;
  /** Display name of the editor; null for the system (demo, CLI). */
  editor: string | null;
}

export type GuideService = ReturnType<typeof createGuideService>;

/**
 * 政府信息公开指南 of every agency: versions kept forever, the newest public; before the first save
 * the public sees the default text. Kept by the agency admin or the coordinator, audited.
 */
export function createGuideService({ db, audit, orgs, clock, changes, analyzer }: { db: Database; audit: AuditService; orgs: OrgService; clock: Clock; changes?: ChangeFeed | undefined; analyzer?: (() => Analyzer) | undefined }) {
  // Bumped on every save here and on notice of a save elsewhere (page caches key on it).
  let version = 0;
  const invalidate = () => {
    version++;
  };
  changes?.on('guide', invalidate);

  const history = (ex: Executor, orgId: string) =>
    ex
      .selectFrom('agencyGuides as g')
      .leftJoin('users as u', 'u.id', 'g.createdBy')
      .select(['g.versionNo', 'g.createdAt', 'u.displayName as editor'])
      .where('g.orgId', '=', orgId)
      .orderBy('g.versionNo', 'desc');

  const newest = (ex: Executor, orgId: string) => history(ex, orgId).select('g.sections').limit(1).executeTakeFirst();

  /** Names of the agency's ancestors from the root down (for the default text). */
  async function ancestorNames(org: OrganisationRow): Promise<string[]> {
    const ids = org.path.split('/').filter((id) => id !== '' && id !== org.id);
    const active = await orgs.listActive();
    const names: string[] = [];
    for (const id of ids) {
      const o = active.find((a) => a.id === id) ?? (await orgs.lookup(id));
      if (o) names.push(o.name);
    }
    return names;
  }

  /** The default text for the agency, with this year's 索引号 example. */
  async function defaultsFor(org: OrganisationRow): Promise<GuideSections> {
    return defaultGuideSections(org, await ancestorNames(org), { year: Number(chinaDate(clock.now()).slice(0, 4)) });
  }

  /** The guide as the public sees it now: the newest version, or the defaults. */
  async function currentOf(org: OrganisationRow) {
    const row = await newest(db, org.id);
    const sections = row ? normalizeSections(row.sections) : await defaultsFor(org);
    // The contact block is live, so a profile change also updates the guide.
    const updatedAt = row && row.createdAt > org.updatedAt ? row.createdAt : org.updatedAt;
    return {
      org,
      sections,
      versionNo: row?.versionNo ?? null,
      savedAt: row?.createdAt ?? null,
      editor: row?.editor ?? null,
      updatedAt,
      contact: guideContact(org),
      completeness: guideCompleteness(sections, org),
    };
  }

  function assertCanEdit(actor: Actor, org: OrganisationRow): void {
    if (!orgs.can(actor, 'edit-profile', org)) throw new Forbidden('GUIDE_FORBIDDEN', '只有本机构管理员或协调员可以修改政府信息公开指南。');
  }

  const guideText = (sections: GuideSections) => GUIDE_SECTIONS.map((x) => `${x.zh}\n${sections[x.key]}`).join('\n');

  return {
    /** A number that changes whenever a guide is saved (for page caches, with `orgs.version()`). */
    cacheVersion: () => version,

    /** Puts every active agency's current guide into the search index (`gongkai search reindex`). */
    async reindexSearch(): Promise<number> {
      if (!analyzer) return 0;
      const all = await orgs.listActive();
      for (const org of all) {
        const current = await currentOf(org);
        await db.transaction().execute((tx) => indexGuide(tx, org, guideText(current.sections), analyzer(), chinaDate(clock.now())));
      }
      return all.length;
    },

    /** The public guide of an active agency (404 for an unknown or deactivated one). */
    async publicGuide(slug: string) {
      const { org } = await orgs.publicBySlug(slug);
      return currentOf(org);
    },

    /** The guide in the workspace: current text, whether the actor may edit it, and the history. */
    async forStaff(actor: Actor, orgId: string) {
      const org = await orgs.getForStaff(actor, orgId);
      const current = await currentOf(org);
      const versions: GuideVersionInfo[] = (await history(db, org.id).execute()).map((r) => ({ versionNo: r.versionNo, createdAt: r.createdAt, editor: r.editor }));
      return { ...current, versions, canEdit: orgs.can(actor, 'edit-profile', org) };
    },

    /**
     * Saves the posted sections as a new version (public at once). Unchanged text saves nothing;
     * a version saved meanwhile by someone else is a conflict. Audited in the same transaction.
     */
    async saveVersion(actor: Actor, orgId: string, raw: unknown): Promise<{ saved: boolean; versionNo: number }> {
      const org = await orgs.getForStaff(actor, orgId);
      assertCanEdit(actor, org);
      const input = parseInput(GuideInput, prepare(raw));
      const sections = {} as GuideSections;
      for (const s of GUIDE_SECTIONS) sections[s.key] = input[s.key] ?? '';
      const defaults = await defaultsFor(org);
      const result = await db.transaction().execute(async (tx) => {
        // One save at a time per agency, so version numbers follow each other.
        await tx.selectFrom('organisations').select('id').where('id', '=', org.id).forUpdate().execute();
        const before = await newest(tx, org.id);
        const currentNo = before?.versionNo ?? 0;
        if (input.baseVersion !== undefined && input.baseVersion !== currentNo) {
          throw new Conflict('GUIDE_STALE', `指南已被他人更新为第 ${currentNo} 版。您填写的内容仍保留在下方，请核对最新版本后再保存。`);
        }
        // The first save always creates version 1, even of the defaults: it fixes the text.
        const changed = changedSections(before ? normalizeSections(before.sections) : defaults, sections);
        if (before && changed.length === 0) return { saved: false, versionNo: currentNo };
        const versionNo = currentNo + 1;
        await tx
          .insertInto('agencyGuides')
          .values({ orgId: org.id, versionNo, sections: JSON.stringify(sections), createdBy: actor.kind === 'user' ? actor.id : null, createdAt: clock.now() })
          .execute();
        await audit.record(tx, actor, 'guide.version-saved', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { versionNo, changed } });
        await notifyChange(tx, 'guide');
        if (analyzer) await indexGuide(tx, org, guideText(sections), analyzer(), chinaDate(clock.now()));
        return { saved: true, versionNo };
      });
      if (result.saved) invalidate();
      return result;
    },

    /** Every saved version of the agency's guide, newest first. */
    async versions(actor: Actor, orgId: string): Promise<GuideVersionInfo[]> {
      const org = await orgs.getForStaff(actor, orgId);
      return (await history(db, org.id).execute()).map((r) => ({ versionNo: r.versionNo, createdAt: r.createdAt, editor: r.editor }));
    },

    /** One saved version, for staff reading the history. */
    async version(actor: Actor, orgId: string, versionNo: number) {
      const org = await orgs.getForStaff(actor, orgId);
      if (!Number.isInteger(versionNo) || versionNo < 1) throw new NotFound('GUIDE_VERSION_NOT_FOUND', '该版本不存在。');
      const row = await history(db, org.id).select('g.sections').where('g.versionNo', '=', versionNo).executeTakeFirst();
      if (!row) throw new NotFound('GUIDE_VERSION_NOT_FOUND', '该版本不存在。');
      const latest = await history(db, org.id).limit(1).executeTakeFirst();
      return { org, versionNo, createdAt: row.createdAt, editor: row.editor, sections: normalizeSections(row.sections), isCurrent: latest?.versionNo === versionNo };
    },
  };
}
