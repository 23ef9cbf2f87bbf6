import { sql } from 'kysely';
import { grantRoots, isCityCoordinator, type Actor } from '#platform/actor.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import { notifyChange, type ChangeFeed } from '#platform/db/changes.js';
import type { Database, Executor, Tx } from '#platform/db/database.js';
import type { MatterRow, MatterVersionRow, OrganisationRow } from '#platform/db/schema.js';
import { Conflict, Forbidden, InvalidState, NotFound, ValidationFailed, type FieldErrors } from '#platform/errors.js';
import { mediaTypeOf, safeFileName, sniffFile } from '#platform/files/sniff.js';
import type { FileStorage } from '#platform/files/storage.js';
import type { Analyzer } from '#platform/search/types.js';
import { parseInput, requiredText } from '#platform/validation.js';
import { z } from 'zod';
import type { AuditService } from '#modules/audit/index.js';
import type { OrgService } from '#modules/org/index.js';
import { checkFlowchart, FlowchartSchema, type Flowchart, type FlowIssue } from './flowchart/index.js';
import { PowerContentSchema, ServiceContentSchema, type MatterType, type PowerContent, type ServiceContent } from './matter.schema.js';
import { canOnMatter, mayApproveOwn, type MatterAction } from './matters.policy.js';
import { indexMatters } from './search-index.js';

const ID = /^[1-9]\d{0,17}$/;

/** Chinese names of the two kinds of matter, for messages. */
export const TYPE_LABELS: Record<MatterType, { zh: string; en: string; code: string }> = {
  power: { zh: '职权事项', en: 'Power', code: '职权编码' },
  service: { zh: '办事指南', en: 'Service guide', code: '事项编码' },
};

export type MatterContent<T extends MatterType> = T extends 'power' ? PowerContent : ServiceContent;

/** Result of the flowchart checks shown to editors (errors block submission and publication). */
export interface FlowchartCheck {
  errors: FlowIssue[];
  warnings: FlowIssue[];
  longestDays: number | null;
}

export type MattersService = ReturnType<typeof createMattersService>;

const ReasonInput = z.object({ reason: requiredText(2, 500, '理由') });
const NoteInput = z.object({ note: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(500, '审核意见不能超过 500 个字符。')) });
const CategoryInput = z.object({
  code: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string({ message: '请填写类别代码。' }).regex(/^[A-Z0-9]{1,8}$/, '类别代码为 1–8 位大写字母或数字。')),
  name: requiredText(2, 20, '类别名称'),
  sort: z.preprocess((v) => (v === '' || v === undefined ? 0 : Number(v)), z.number({ message: '排序须为整数。' }).int('排序须为整数。').min(0).max(9999)),
});

/** Files allowed as blank forms and samples of a service guide. */
const FORM_KINDS = new Set(['pdf', 'docx', 'xlsx', 'ofd', 'png', 'jpeg']);

/** Parses a version's stored content with its type's schema (stored content was valid when saved). */
export function contentOf<T extends MatterType>(type: T, raw: unknown): MatterContent<T> {
  return (type === 'power' ? PowerContentSchema.parse(raw) : ServiceContentSchema.parse(raw)) as MatterContent<T>;
}

/** The stored flowchart of a version, or null. */
export function flowchartOf(raw: unknown): Flowchart | null {
  if (raw === null || raw === undefined) return null;
  const r = FlowchartSchema.safeParse(raw);
  return r.success ? r.data : null;
}

/** Runs the flowchart checks against the matter's statutory limit. */
export function checkChart(chart: Flowchart | null, content: { statutoryDays: number | null }): FlowchartCheck {
  if (!chart) return { errors: [], warnings: [], longestDays: null };
  return checkFlowchart(chart, { statutoryDays: content.statutoryDays });
}

/**
 * 权责清单 and 办事指南 through their life: draft → submitted → published (reviewed) → revised →
 * withdrawn. Every change is audited in its transaction; every change of what the public sees reaches
 * the search index in the same transaction and bumps the public version (page caches).
 */
export function createMattersService(deps: {
  db: Database;
  audit: AuditService;
  orgs: OrgService;
  clock: Clock;
  storage: FileStorage;
  maxFileBytes: number;
  changes?: ChangeFeed | undefined;
  analyzer?: (() => Analyzer) | undefined;
}) {
  const { db, audit, orgs, clock, storage } = deps;
  let publicVersion = 0;
  const bump = () => void publicVersion++;
  deps.changes?.on('matters', bump);

  async function publicChanged(tx: Tx, ids: readonly string[]) {
    await notifyChange(tx, 'matters');
    if (deps.analyzer) await indexMatters(tx, ids, deps.analyzer());
  }

  async function loadMatter(actor: Actor, id: string, action: MatterAction = 'view'): Promise<{ matter: MatterRow; org: OrganisationRow }> {
    const matter = ID.test(id) ? await db.selectFrom('matters').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    const org = matter ? await orgs.lookup(matter.orgId) : undefined;
    if (!matter || !org || !canOnMatter(actor, 'view', org.path)) throw new NotFound('MATTER_NOT_FOUND', '该事项不存在。');
    if (action !== 'view' && !canOnMatter(actor, action, org.path)) throw new Forbidden('MATTER_FORBIDDEN', FORBIDDEN[action]);
    return { matter, org };
  }

  const lockMatter = (tx: Tx, id: string) => tx.selectFrom('matters').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  const version = async (ex: Executor, id: string | null): Promise<MatterVersionRow | undefined> => (id ? ex.selectFrom('matterVersions').selectAll().where('id', '=', id).executeTakeFirst() : undefined);

  /** Active categories (or all, for the coordinator's page), in order. */
  async function categories(all = false) {
    return db
      .selectFrom('powerCategories')
      .selectAll()
      .$if(!all, (q) => q.where('isActive', '=', true))
      .orderBy('sort')
      .orderBy('code')
      .execute();
  }

  /**
   * Validates content beyond its schema: the category exists, the code is free in the agency, a
   * linked power is the agency's, a blank form is the guide's own file; 设定依据 are linked to the
   * public catalogue document of the same title when there is one. Reports every problem at once.
   */
  async function resolve<T extends MatterType>(ex: Executor, type: T, org: OrganisationRow, raw: unknown, matterId: string | null): Promise<MatterContent<T>> {
    const content: PowerContent | ServiceContent = type === 'power' ? parseInput(PowerContentSchema, raw) : parseInput(ServiceContentSchema, raw);
    const errors: FieldErrors = {};
    if (type === 'power') {
      const p = content as PowerContent;
      const cat = await ex.selectFrom('powerCategories').select(['code', 'isActive']).where('code', '=', p.category).executeTakeFirst();
      if (!cat || !cat.isActive) errors.category = `职权类别“${p.category}”不存在或已停用。`;
    } else {
      const s = content as ServiceContent;
      if (s.powerId) {
        const power = await ex.selectFrom('matters').select(['id']).where('id', '=', s.powerId).where('type', '=', 'power').where('orgId', '=', org.id).where('publicState', '!=', 'withdrawn').executeTakeFirst();
        if (!power) errors.powerId = '关联的职权事项不存在，或不属于本机构。';
      }
      const formIds = s.materials.map((m) => m.blankFormId).filter((x): x is string => x !== null);
      if (formIds.length > 0) {
        const own = matterId ? await ex.selectFrom('matterFiles').select('id').where('matterId', '=', matterId).where('id', 'in', formIds).execute() : [];
        const ownIds = new Set(own.map((f) => f.id));
        s.materials.forEach((m, i) => {
          if (m.blankFormId && !ownIds.has(m.blankFormId)) errors[`materials.${i}.blankFormId`] = `第 ${i + 1} 项材料的空白表格不是本指南的附件。`;
        });
      }
    }
    const dup = await ex
      .selectFrom('matters')
      .select(['id'])
      .where('orgId', '=', org.id)
      .where('type', '=', type)
      .where('code', '=', content.code)
      .where('publicState', '!=', 'withdrawn')
      .$if(matterId !== null, (q) => q.where('id', '!=', matterId!))
      .executeTakeFirst();
    if (dup) errors.code = `${TYPE_LABELS[type].code}“${content.code}”已被本机构另一事项（编号 ${dup.id}）使用。`;
    if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
    await linkBasis(ex, content);
    return content as MatterContent<T>;
  }

  /** Links each 设定依据 to the public catalogue document of that title (when not linked already). */
  async function linkBasis(ex: Executor, content: PowerContent | ServiceContent) {
    const titles = [...new Set(content.basis.filter((b) => b.itemId === null).map((b) => b.law))];
    if (titles.length === 0) return;
    const found = await ex
      .selectFrom('catalogueItems as i')
      .innerJoin('organisations as o', 'o.id', 'i.orgId')
      .select(['i.id', 'i.title'])
      .where('i.publicState', '=', 'published')
      .where('i.disclosure', '=', 'proactive')
      .where('o.isActive', '=', true)
      .where((eb) => eb.or([eb('i.title', 'in', titles), eb('i.title', 'in', titles.map((t) => `《${t}》`))]))
      .orderBy('i.id')
      .execute();
    const byTitle = new Map<string, string>();
    for (const f of found) byTitle.set((f.title ?? '').replace(/^《|》$/g, ''), f.id);
    for (const b of content.basis) if (b.itemId === null) b.itemId = byTitle.get(b.law) ?? null;
  }

  /** The agencies where the actor may keep matters of a type (services: any agency, incl. 公共企事业单位). */
  async function editableAgencies(actor: Actor): Promise<OrganisationRow[]> {
    return (await orgs.staffScope(actor)).filter((o) => o.isActive && canOnMatter(actor, 'edit', o.path));
  }

  /** Makes sure the matter has a working version (a revision of the published one) and returns it. */
  async function ensureWork(tx: Tx, actor: Actor, m: MatterRow): Promise<MatterVersionRow> {
    if (m.workVersionId) return (await version(tx, m.workVersionId))!;
    if (m.publicState !== 'published') throw new InvalidState('MATTER_NOT_EDITABLE', '已撤回的事项不能再修改。');
    const current = (await version(tx, m.currentVersionId))!;
    const no = await nextVersionNo(tx, m.id);
    const row = await tx
      .insertInto('matterVersions')
      .values({ matterId: m.id, versionNo: no, content: JSON.stringify(current.content), flowchart: current.flowchart === null ? null : JSON.stringify(current.flowchart), createdBy: userId(actor) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.updateTable('matters').set({ workVersionId: row.id, workState: 'draft', updatedAt: clock.now() }).where('id', '=', m.id).execute();
    await audit.record(tx, actor, 'matters.revision-started', { orgId: m.orgId, subjectType: 'matter', subjectId: m.id, summary: { versionNo: no } });
    return row;
  }

  async function nextVersionNo(tx: Tx, matterId: string): Promise<number> {
    const r = await tx.selectFrom('matterVersions').select((eb) => eb.fn.max('versionNo').as('n')).where('matterId', '=', matterId).executeTakeFirst();
    return Number(r?.n ?? 0) + 1;
  }

  function assertEditable(m: MatterRow) {
    if (m.publicState === 'withdrawn') throw new InvalidState('MATTER_WITHDRAWN', '已撤回的事项不能再修改。');
    if (m.workState === 'submitted') throw new InvalidState('MATTER_SUBMITTED', '该事项正在审核中，请先由审核人处理。');
  }

  /** Refuses a version whose flowchart fails the checks (nothing invalid is submitted or published). */
  function assertPublishable(type: MatterType, v: MatterVersionRow) {
    const content = contentOf(type, v.content);
    const check = checkChart(flowchartOf(v.flowchart), content);
    if (check.errors.length > 0) {
      // No per-field errors: the page lists every problem beside the chart, linked to its step in the editor.
      const first = check.errors[0]!.message.replace(/。$/, '');
      throw new ValidationFailed({}, `运行流程图有 ${check.errors.length} 处错误，修正后才能提交或发布（${first}${check.errors.length > 1 ? '等' : ''}）。`, 'FLOWCHART_INVALID');
    }
  }

  /** Publishes the working version: the public snapshot, audit, search, caches. */
  async function publishWork(tx: Tx, actor: Actor, m: MatterRow, work: MatterVersionRow, at: Date, summary: Record<string, unknown> = {}) {
    const content = contentOf(m.type, work.content);
    await tx.updateTable('matterVersions').set({ publishedAt: at }).where('id', '=', work.id).execute();
    await tx
      .updateTable('matters')
      .set({
        publicState: 'published',
        workState: null,
        workVersionId: null,
        currentVersionId: work.id,
        code: content.code,
        name: content.name,
        category: m.type === 'power' ? (content as PowerContent).category : ((content as ServiceContent).sector ?? 'gov'),
        status: m.type === 'power' ? (content as PowerContent).status : null,
        hasFlowchart: work.flowchart !== null,
        powerId: m.type === 'service' ? (content as ServiceContent).powerId : null,
        firstPublishedAt: m.firstPublishedAt ?? at,
        updatedPublicAt: at,
        updatedAt: clock.now(),
      })
      .where('id', '=', m.id)
      .execute();
    await audit.record(tx, actor, m.publicState === 'published' ? 'matters.revised' : 'matters.published', {
      orgId: m.orgId,
      subjectType: 'matter',
      subjectId: m.id,
      summary: { type: m.type, code: content.code, versionNo: work.versionNo, ...summary },
    });
    await publicChanged(tx, [m.id]);
  }

  /** Creates a matter with its first (draft) version; `publish` is the importer's "already published". */
  async function createIn(tx: Tx, actor: Actor, type: MatterType, org: OrganisationRow, content: PowerContent | ServiceContent, flowchart: Flowchart | null, publish = false): Promise<string> {
    const m = await tx
      .insertInto('matters')
      .values({ type, orgId: org.id, code: content.code, createdBy: userId(actor) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const v = await tx
      .insertInto('matterVersions')
      .values({ matterId: m.id, versionNo: 1, content: JSON.stringify(content), flowchart: flowchart ? JSON.stringify(flowchart) : null, createdBy: userId(actor) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.updateTable('matters').set({ workVersionId: v.id, workState: 'draft' }).where('id', '=', m.id).execute();
    await audit.record(tx, actor, 'matters.created', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { type, code: content.code, name: content.name } });
    if (publish) {
      assertPublishable(type, v);
      await publishWork(tx, actor, { ...m, workVersionId: v.id, workState: 'draft' }, v, clock.now(), { imported: true });
    }
    return m.id;
  }

  /** Replaces the content of a matter's working version inside the caller's transaction (the importer). */
  async function reviseIn(tx: Tx, actor: Actor, matterId: string, content: PowerContent | ServiceContent, publish: boolean): Promise<void> {
    const m = await lockMatter(tx, matterId);
    assertEditable(m);
    const work = await ensureWork(tx, actor, m);
    await tx.updateTable('matterVersions').set({ content: JSON.stringify(content), updatedAt: clock.now() }).where('id', '=', work.id).execute();
    await tx.updateTable('matters').set({ code: content.code, workState: 'draft', updatedAt: clock.now() }).where('id', '=', m.id).execute();
    await audit.record(tx, actor, 'matters.edited', { orgId: m.orgId, subjectType: 'matter', subjectId: m.id, summary: { versionNo: work.versionNo, code: content.code, imported: true } });
    if (publish) {
      const fresh = (await version(tx, work.id))!;
      assertPublishable(m.type, fresh);
      await publishWork(tx, actor, { ...m, workVersionId: fresh.id, workState: 'draft' }, fresh, clock.now(), { imported: true });
    }
  }

  return {
    publicVersion: () => publicVersion,
    /** Bumps the public version after a commit that changed what the public sees (the importer). */
    touch: bump,
    reviseIn,
    categories,
    editableAgencies,
    resolve,
    createIn,

    /** The coordinator adds or edits a 职权类别 (the list is configuration: ogi-rules §6.1 is UNCONFIRMED). */
    async saveCategory(actor: Actor, raw: unknown, existing: string | null = null) {
      if (!canEditCategories(actor)) throw new Forbidden('CATEGORY_FORBIDDEN', '只有市级政务公开主管部门可以维护职权类别。');
      const input = parseInput(CategoryInput, raw);
      await db.transaction().execute(async (tx) => {
        if (existing) {
          const r = await tx.updateTable('powerCategories').set({ name: input.name, sort: input.sort }).where('code', '=', existing).executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) throw new NotFound('CATEGORY_NOT_FOUND', '该职权类别不存在。');
        } else {
          const clash = await tx.selectFrom('powerCategories').select('code').where((eb) => eb.or([eb('code', '=', input.code), eb('name', '=', input.name)])).executeTakeFirst();
          if (clash) throw new Conflict('CATEGORY_EXISTS', '类别代码或名称已存在。', { code: '类别代码或名称已存在。' });
          await tx.insertInto('powerCategories').values(input).execute();
        }
        await audit.record(tx, actor, 'matters.category-saved', { subjectType: 'power_category', subjectId: existing ?? input.code, summary: { name: input.name } });
      });
    },

    /** Retires or restores a category (matters keep theirs; new ones cannot choose a retired one). */
    async setCategoryActive(actor: Actor, code: string, active: boolean) {
      if (!canEditCategories(actor)) throw new Forbidden('CATEGORY_FORBIDDEN', '只有市级政务公开主管部门可以维护职权类别。');
      await db.transaction().execute(async (tx) => {
        const r = await tx.updateTable('powerCategories').set({ isActive: active }).where('code', '=', code).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new NotFound('CATEGORY_NOT_FOUND', '该职权类别不存在。');
        await audit.record(tx, actor, active ? 'matters.category-restored' : 'matters.category-retired', { subjectType: 'power_category', subjectId: code, summary: {} });
      });
    },

    /** Staff listing of matters of a type the actor may see, latest change first. */
    async list(actor: Actor, type: MatterType, f: { orgId?: string | undefined; state?: string | undefined; q?: string | undefined; category?: string | undefined; page: number; pageSize?: number }) {
      const roots = actor.kind === 'system' ? ['/'] : grantRoots(actor, ['editor', 'reviewer', 'disclosure_officer', 'agency_admin', 'office_head', 'coordinator', 'supervisor']);
      const pageSize = f.pageSize ?? 30;
      if (roots.length === 0) return { rows: [], total: 0, page: f.page, pageSize };
      let q = db
        .selectFrom('matters as m')
        .innerJoin('organisations as o', 'o.id', 'm.orgId')
        .leftJoin('matterVersions as w', 'w.id', 'm.workVersionId')
        .leftJoin('matterVersions as c', 'c.id', 'm.currentVersionId')
        .where('m.type', '=', type)
        .where((eb) => eb.or(roots.map((r) => eb('o.path', 'like', `${r}%`))));
      if (f.orgId && ID.test(f.orgId)) q = q.where('m.orgId', '=', f.orgId);
      const state = f.state ?? '';
      if (state === 'draft' || state === 'submitted' || state === 'returned') q = q.where('m.workState', '=', state);
      else if (state === 'published' || state === 'withdrawn' || state === 'unpublished') q = q.where('m.publicState', '=', state);
      // Any other value lists everything but withdrawn matters.
      else q = q.where('m.publicState', '!=', 'withdrawn');
      if (f.category) q = q.where(sql<string>`coalesce(w.content, c.content)->>'category'`, '=', f.category);
      if (f.q?.trim()) {
        const like = `%${f.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        q = q.where((eb) => eb.or([eb('m.code', 'like', like), eb(sql<string>`coalesce(w.content, c.content)->>'name'`, 'like', like)]));
      }
      const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .select(['m.id', 'm.orgId', 'o.name as orgName', 'm.code', 'm.publicState', 'm.workState', 'm.updatedAt', 'm.hasFlowchart'])
        .select([
          sql<string>`coalesce(w.content, c.content)->>'name'`.as('name'),
          sql<string | null>`coalesce(w.content, c.content)->>'category'`.as('category'),
          sql<string | null>`coalesce(w.content, c.content)->>'status'`.as('status'),
          sql<boolean>`coalesce(w.flowchart, c.flowchart) IS NOT NULL`.as('flowchart'),
        ])
        .orderBy('m.updatedAt', 'desc')
        .orderBy('m.id', 'desc')
        .limit(pageSize)
        .offset((f.page - 1) * pageSize)
        .execute();
      return { rows, total: Number(n), page: f.page, pageSize };
    },

    /** One matter for the workspace: working and published versions, checks, files and what the actor may do. */
    async get(actor: Actor, id: string) {
      const { matter, org } = await loadMatter(actor, id);
      const [work, current] = await Promise.all([version(db, matter.workVersionId), version(db, matter.currentVersionId)]);
      const shown = work ?? current!;
      const content = contentOf(matter.type, shown.content);
      const flowchart = flowchartOf(shown.flowchart);
      const check = checkChart(flowchart, content);
      const files = await db.selectFrom('matterFiles').select(['id', 'fileName', 'mediaType', 'size', 'createdAt']).where('matterId', '=', matter.id).orderBy('id').execute();
      const history = await db.selectFrom('matterVersions').select(['id', 'versionNo', 'createdAt', 'submittedAt', 'reviewedAt', 'reviewNote', 'publishedAt']).where('matterId', '=', matter.id).orderBy('versionNo', 'desc').execute();
      const isOwn = actor.kind === 'user' && (shown.createdBy === actor.id || matter.createdBy === actor.id) && !mayApproveOwn(actor, org.path);
      const editable = matter.publicState !== 'withdrawn' && matter.workState !== 'submitted';
      return {
        matter,
        org,
        work,
        current,
        content,
        flowchart,
        check,
        files,
        history,
        can: {
          edit: canOnMatter(actor, 'edit', org.path) && editable,
          submit: canOnMatter(actor, 'edit', org.path) && work !== undefined && matter.workState !== 'submitted',
          review: canOnMatter(actor, 'review', org.path) && work !== undefined && !isOwn && (matter.workState === 'submitted' || mayApproveOwn(actor, org.path)),
          discard: canOnMatter(actor, 'edit', org.path) && matter.publicState === 'published' && work !== undefined && matter.workState !== 'submitted',
          withdraw: canOnMatter(actor, 'withdraw', org.path) && matter.publicState === 'published',
        },
      };
    },

    /** A new matter (draft) in an agency the actor edits for. */
    async create(actor: Actor, type: MatterType, orgId: string, raw: unknown): Promise<string> {
      const org = ID.test(orgId) ? await orgs.lookup(orgId) : undefined;
      if (!org || !org.isActive) throw new ValidationFailed({ orgId: '请选择有效的机构。' });
      if (!canOnMatter(actor, 'edit', org.path)) throw new Forbidden('MATTER_FORBIDDEN', '您没有在该机构登记事项的权限。');
      return db.transaction().execute(async (tx) => {
        const content = await resolve(tx, type, org, raw, null);
        return createIn(tx, actor, type, org, content, null);
      });
    },

    /** Saves the content of the working version (a revision starts when the matter is published). */
    async saveContent(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'edit');
      assertEditable(matter);
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        assertEditable(m);
        const content = await resolve(tx, m.type, org, raw, m.id);
        const work = await ensureWork(tx, actor, m);
        await tx.updateTable('matterVersions').set({ content: JSON.stringify(content), updatedAt: clock.now() }).where('id', '=', work.id).execute();
        await tx.updateTable('matters').set({ code: content.code, workState: m.workState === 'returned' ? 'draft' : (m.workState ?? 'draft'), updatedAt: clock.now() }).where('id', '=', m.id).execute();
        await audit.record(tx, actor, 'matters.edited', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { versionNo: work.versionNo, code: content.code } });
      });
    },

    /**
     * Saves the flowchart of the working version (null removes it). A structurally valid chart is
     * saved even when the checks find errors — the editor sees them, and they block submission and
     * publication. Returns the checks.
     */
    async saveFlowchart(actor: Actor, id: string, raw: unknown): Promise<FlowchartCheck> {
      const { matter, org } = await loadMatter(actor, id, 'edit');
      assertEditable(matter);
      const chart = raw === null ? null : parseInput(FlowchartSchema, raw);
      return db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        assertEditable(m);
        const work = await ensureWork(tx, actor, m);
        await tx.updateTable('matterVersions').set({ flowchart: chart ? JSON.stringify(chart) : null, updatedAt: clock.now() }).where('id', '=', work.id).execute();
        await tx.updateTable('matters').set({ workState: m.workState === 'returned' ? 'draft' : (m.workState ?? 'draft'), updatedAt: clock.now() }).where('id', '=', m.id).execute();
        const check = checkChart(chart, contentOf(m.type, work.content));
        await audit.record(tx, actor, chart ? 'matters.flowchart-saved' : 'matters.flowchart-removed', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { versionNo: work.versionNo, steps: chart?.steps.length ?? 0, errors: check.errors.length } });
        return check;
      });
    },

    /** Sends the working version to review (refused while the flowchart has errors). */
    async submit(actor: Actor, id: string): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'edit');
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        if (!m.workVersionId || m.workState === 'submitted') throw new InvalidState('NOTHING_TO_SUBMIT', '没有待提交的稿件。');
        const work = (await version(tx, m.workVersionId))!;
        assertPublishable(m.type, work);
        await tx.updateTable('matterVersions').set({ submittedAt: clock.now() }).where('id', '=', work.id).execute();
        await tx.updateTable('matters').set({ workState: 'submitted', updatedAt: clock.now() }).where('id', '=', m.id).execute();
        await audit.record(tx, actor, 'matters.submitted', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { versionNo: work.versionNo } });
      });
    },

    /** Approves and publishes the working version (a reviewer's, or the agency admin's). */
    async approve(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'review');
      const { note } = parseInput(NoteInput, raw ?? {});
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        if (!m.workVersionId) throw new InvalidState('NOTHING_TO_APPROVE', '没有待审核的稿件。');
        const work = (await version(tx, m.workVersionId))!;
        const own = actor.kind === 'user' && (work.createdBy === actor.id || m.createdBy === actor.id);
        const admin = mayApproveOwn(actor, org.path);
        if (own && !admin) throw new Forbidden('OWN_WORK', '不能审核自己起草的稿件，请由其他审核人处理。');
        if (m.workState !== 'submitted' && !admin) throw new InvalidState('NOT_SUBMITTED', '该稿件尚未提交审核。');
        assertPublishable(m.type, work);
        const at = clock.now();
        await tx.updateTable('matterVersions').set({ reviewedBy: userId(actor), reviewedAt: at, reviewNote: note || null, submittedAt: work.submittedAt ?? at }).where('id', '=', work.id).execute();
        await publishWork(tx, actor, m, work, at, { note: note || null, selfApproved: own });
      });
      // Page caches follow at once in this process (other processes by NOTIFY).
      bump();
    },

    /** Returns the submitted version to its editor with a reason. */
    async returnWork(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'review');
      const { reason } = parseInput(ReasonInput, raw);
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        if (m.workState !== 'submitted' || !m.workVersionId) throw new InvalidState('NOT_SUBMITTED', '该稿件不在审核中。');
        await tx.updateTable('matterVersions').set({ reviewedBy: userId(actor), reviewedAt: clock.now(), reviewNote: reason }).where('id', '=', m.workVersionId).execute();
        await tx.updateTable('matters').set({ workState: 'returned', updatedAt: clock.now() }).where('id', '=', m.id).execute();
        await audit.record(tx, actor, 'matters.returned', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { reason } });
      });
    },

    /** Drops a pending revision of a published matter. */
    async discard(actor: Actor, id: string): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'edit');
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        if (m.publicState !== 'published' || !m.workVersionId || m.workState === 'submitted') throw new InvalidState('NO_REVISION', '没有可放弃的修订稿。');
        await tx.updateTable('matters').set({ workVersionId: null, workState: null, updatedAt: clock.now() }).where('id', '=', m.id).execute();
        await audit.record(tx, actor, 'matters.revision-discarded', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: {} });
      });
    },

    /** Takes a published matter off the public site (gone from pages, lists, feeds and search at once). */
    async withdraw(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'withdraw');
      const { reason } = parseInput(ReasonInput, raw);
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        if (m.publicState !== 'published') throw new InvalidState('NOT_PUBLISHED', '只有已发布的事项可以撤回。');
        const at = clock.now();
        await tx.updateTable('matters').set({ publicState: 'withdrawn', withdrawnAt: at, withdrawnReason: reason, workVersionId: null, workState: null, updatedAt: at }).where('id', '=', m.id).execute();
        // Guides that implemented this power lose the link on their pages (their own content stays).
        await audit.record(tx, actor, 'matters.withdrawn', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { reason, code: m.code } });
        await publicChanged(tx, [m.id]);
      });
      bump();
    },

    /** Adds a blank form or sample to a service guide (content-sniffed; PDF, Word, Excel, OFD, images). */
    async addFile(actor: Actor, id: string, file: { fileName: string; data: Buffer }): Promise<string> {
      const { matter, org } = await loadMatter(actor, id, 'edit');
      assertEditable(matter);
      if (matter.type !== 'service') throw new InvalidState('NOT_A_GUIDE', '只有办事指南可以上传空白表格。');
      if (file.data.length === 0) throw new ValidationFailed({ file: '请选择要上传的文件。' });
      if (file.data.length > deps.maxFileBytes) throw new ValidationFailed({ file: `文件不能超过 ${Math.floor(deps.maxFileBytes / 1048576)} MB。` });
      const sniffed = sniffFile(file.data, file.fileName);
      if (!sniffed.kind || !FORM_KINDS.has(sniffed.kind)) throw new ValidationFailed({ file: '只能上传 PDF、Word（.docx）、Excel（.xlsx）、OFD 或 PNG/JPEG 图片。' });
      const stored = await storage.put(file.data);
      const fileName = safeFileName(file.fileName);
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('matterFiles')
          .values({ matterId: matter.id, fileName, mediaType: mediaTypeOf(sniffed.kind), sha256: stored.sha256, size: stored.size, createdBy: userId(actor) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(tx, actor, 'matters.file-added', { orgId: org.id, subjectType: 'matter', subjectId: matter.id, summary: { fileId: row.id, fileName, sha256: stored.sha256, size: stored.size } });
        return row.id;
      });
    },

    /** Removes a file no material of the working version refers to. */
    async removeFile(actor: Actor, id: string, fileId: string): Promise<void> {
      const { matter, org } = await loadMatter(actor, id, 'edit');
      assertEditable(matter);
      await db.transaction().execute(async (tx) => {
        const m = await lockMatter(tx, matter.id);
        const versions = await tx.selectFrom('matterVersions').select(['content']).where('id', 'in', [m.workVersionId ?? '0', m.currentVersionId ?? '0']).execute();
        const used = versions.some((v) => ((v.content as { materials?: { blankFormId?: string | null }[] }).materials ?? []).some((x) => x.blankFormId === fileId));
        if (used) throw new InvalidState('FILE_IN_USE', '该文件仍被申请材料引用（包括已发布的版本），请先取消引用。');
        const r = ID.test(fileId) ? await tx.deleteFrom('matterFiles').where('id', '=', fileId).where('matterId', '=', m.id).executeTakeFirst() : { numDeletedRows: 0n };
        if (Number(r.numDeletedRows) === 0) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
        await audit.record(tx, actor, 'matters.file-removed', { orgId: org.id, subjectType: 'matter', subjectId: m.id, summary: { fileId } });
      });
    },

    /** A file of a matter for download: staff see any of theirs; the public only files of published guides. */
    async file(actor: Actor | null, id: string, fileId: string) {
      if (!ID.test(id) || !ID.test(fileId)) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
      if (actor) await loadMatter(actor, id);
      else if (!(await publicMatter(db, id))) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
      const f = await db.selectFrom('matterFiles').selectAll().where('id', '=', fileId).where('matterId', '=', id).executeTakeFirst();
      if (!f) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
      return { ...f, stream: () => storage.stream(f.sha256) };
    },

    // ---- Public side -------------------------------------------------------------------------

    /** Published matters of a type, by agency / category / status / sector / text, in code order. */
    async publicList(f: { type: MatterType; orgId?: string | undefined; category?: string | undefined; status?: string | undefined; q?: string | undefined; page: number; pageSize?: number }) {
      const pageSize = f.pageSize ?? 50;
      let q = publicMatters(db).where('m.type', '=', f.type);
      if (f.orgId) q = q.where('m.orgId', '=', f.orgId);
      if (f.category) q = q.where('m.category', '=', f.category);
      if (f.status && ['in_force', 'under_revision', 'abolished'].includes(f.status)) q = q.where('m.status', '=', f.status as 'in_force');
      if (f.q?.trim()) {
        const like = `%${f.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        q = q.where((eb) => eb.or([eb('m.name', 'like', like), eb('m.code', 'like', like)]));
      }
      const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .select(['m.id', 'm.code', 'm.name', 'm.category', 'm.status', 'm.hasFlowchart', 'm.updatedPublicAt', 'o.name as orgName', 'o.slug as orgSlug'])
        .orderBy('o.path')
        .orderBy('m.category')
        .orderBy('m.code')
        .limit(pageSize)
        .offset((f.page - 1) * pageSize)
        .execute();
      return { rows, total: Number(n), page: f.page, pageSize };
    },

    /** Counts of published matters of a type by category (for the filter's numbers), optionally in one agency. */
    async publicCounts(type: MatterType, orgId?: string) {
      return publicMatters(db)
        .where('m.type', '=', type)
        .$if(orgId !== undefined, (q) => q.where('m.orgId', '=', orgId!))
        .select(['m.category', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('m.category')
        .execute();
    },

    /** One published matter with its current content, flowchart, files and links. NotFound otherwise. */
    async publicGet(type: MatterType, id: string) {
      const row = ID.test(id) ? await publicMatter(db, id) : undefined;
      if (!row || row.type !== type) throw new NotFound('MATTER_NOT_FOUND', `该${TYPE_LABELS[type].zh}不存在或已撤回。`);
      const v = (await version(db, row.currentVersionId))!;
      const content = contentOf(type, v.content);
      const org = (await orgs.lookup(row.orgId))!;
      const files = type === 'service' ? await db.selectFrom('matterFiles').select(['id', 'fileName', 'mediaType', 'size']).where('matterId', '=', row.id).orderBy('id').execute() : [];
      const linkedPower = type === 'service' && row.powerId ? await publicMatter(db, row.powerId) : undefined;
      const guides = type === 'power' ? await publicMatters(db).where('m.type', '=', 'service').where('m.powerId', '=', row.id).select(['m.id', 'm.name']).orderBy('m.code').execute() : [];
      const basisIds = content.basis.map((b) => b.itemId).filter((x): x is string => x !== null);
      const publicBasis = new Set(
        basisIds.length
          ? (
              await db
                .selectFrom('catalogueItems as i')
                .innerJoin('organisations as o', 'o.id', 'i.orgId')
                .select('i.id')
                .where('i.id', 'in', basisIds)
                .where('i.publicState', '=', 'published')
                .where('i.disclosure', '=', 'proactive')
                .where('o.isActive', '=', true)
                .execute()
            ).map((r) => r.id)
          : [],
      );
      return {
        matter: row,
        org,
        content,
        flowchart: flowchartOf(v.flowchart),
        versionNo: v.versionNo,
        publishedAt: v.publishedAt,
        files,
        power: linkedPower ? { id: linkedPower.id, name: linkedPower.name ?? '' } : null,
        guides: guides.map((g) => ({ id: g.id, name: g.name ?? '' })),
        publicBasis,
        today: chinaDate(clock.now()),
      };
    },
  };
}

/** THE visibility rule of matters: published and the agency active. */
export function publicMatters(ex: Executor) {
  return ex.selectFrom('matters as m').innerJoin('organisations as o', 'o.id', 'm.orgId').where('m.publicState', '=', 'published').where('o.isActive', '=', true);
}

async function publicMatter(ex: Executor, id: string) {
  return publicMatters(ex).selectAll('m').where('m.id', '=', id).executeTakeFirst();
}

function userId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** The 职权类别 list is city-wide configuration: the city coordinator keeps it. */
const canEditCategories = isCityCoordinator;

const FORBIDDEN: Record<MatterAction, string> = {
  view: '您没有查看该事项的权限。',
  edit: '您没有修改该事项的权限。',
  review: '您没有审核该事项的权限。',
  withdraw: '您没有撤回该事项的权限。',
  import: '您没有导入事项的权限。',
};
