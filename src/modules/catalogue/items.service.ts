import { grantRoots, type Actor } from '#platform/actor.js';
import { UnknownCalendarYear } from '#platform/calendar/index.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import { notifyChange, type ChangeFeed } from '#platform/db/changes.js';
import type { Database, Executor, Tx } from '#platform/db/database.js';
import type { CatalogueAttachmentRow, CatalogueItemRow, CatalogueVersionRow, OrganisationRow } from '#platform/db/schema.js';
import { Forbidden, InvalidState, NotFound, ValidationFailed } from '#platform/errors.js';
import { textToDocx } from '#platform/files/docx.js';
import { extractText } from '#platform/files/extract.js';
import { safeFileName, sniffFile } from '#platform/files/sniff.js';
import type { FileStorage } from '#platform/files/storage.js';
import { sanitizeHtml, textToHtml } from '#platform/html/sanitize.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import type { CalendarService } from '#modules/calendar/index.js';
import type { OrgService } from '#modules/org/index.js';
import { allocateIndexNumber } from './index-numbers.js';
import { indexCatalogueItems } from './search-index.js';
import type { Analyzer } from '#platform/search/types.js';
import { ItemInput, ReasonInput, ValidityInput } from './item.schema.js';
import { createItemScreening } from './item-screening.js';
import { canOnItem, isOwnWork, type ItemAction } from './items.policy.js';

/** Proactive disclosure is due within 20 working days of the information's formation (Art. 26). */
export const PROACTIVE_DUE_WORKDAYS = 20;
/** Items due within this many working days are flagged as due soon. */
export const DUE_SOON_WORKDAYS = 5;

/** The content of a version, resolved for forms and pages. */
export type VersionContent = Pick<
  CatalogueVersionRow,
  'title' | 'summary' | 'docNumber' | 'generatedOn' | 'effectiveOn' | 'topicId' | 'genreId' | 'keywords' | 'disclosure' | 'withheldGround' | 'scope' | 'art20Category' | 'coIssuerIds' | 'interpretsId' | 'bodyHtml' | 'bodyText' | 'attachmentIds'
>;

/** Where an unpublished item stands against its Art. 26 deadline. */
export interface Timeliness {
  due: string | null;
  status: 'on-time' | 'due-soon' | 'overdue' | 'published-late' | 'published' | 'unknown';
}

export type ItemWorkspace = Awaited<ReturnType<CatalogueService['get']>>;
export type CatalogueService = ReturnType<typeof createCatalogueService>;

const ID = /^[1-9]\d{0,17}$/;

/**
 * Government information items through their life: draft → submitted → reviewed (保密审查) →
 * published → revised → 失效/废止 → withdrawn. Every change is audited in its transaction, and
 * every change of what the public sees bumps the public version (page caches, other processes).
 */
export function createCatalogueService(deps: {
  db: Database;
  audit: AuditService;
  orgs: OrgService;
  calendar: CalendarService;
  clock: Clock;
  storage: FileStorage;
  maxFileBytes: number;
  changes?: ChangeFeed | undefined;
  /** Tokeniser for the search index (written in the same transaction as every public change). */
  analyzer?: (() => Analyzer) | undefined;
}) {
  const { db, audit, orgs, calendar, clock, storage } = deps;
  const screening = createItemScreening({ audit, clock });
  /** Re-reads the working version and screens it (after every change of its content). */
  const rescan = async (tx: Tx, versionId: string) => screening.scan(tx, (await version(tx, versionId))!);
  let publicVersion = 0;
  const bump = () => void publicVersion++;
  deps.changes?.on('catalogue', bump);

  async function publicChanged(tx: Executor) {
    await notifyChange(tx, 'catalogue');
  }

  /** Brings the items' search documents in line with what the public sees, in the same transaction. */
  async function reindex(tx: Tx, ids: readonly string[]) {
    if (deps.analyzer) await indexCatalogueItems(tx, ids, deps.analyzer());
  }

  async function loadItem(actor: Actor, id: string, action: ItemAction = 'view'): Promise<{ item: CatalogueItemRow; org: OrganisationRow }> {
    const item = ID.test(id) ? await db.selectFrom('catalogueItems').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    const org = item ? await orgs.lookup(item.orgId) : undefined;
    if (!item || !org || !canOnItem(actor, 'view', org.path)) throw new NotFound('ITEM_NOT_FOUND', '该信息不存在。');
    if (action !== 'view' && !canOnItem(actor, action, org.path)) throw new Forbidden('ITEM_FORBIDDEN', forbiddenMessage(action));
    return { item, org };
  }

  async function lockItem(tx: Tx, id: string): Promise<CatalogueItemRow> {
    return tx.selectFrom('catalogueItems').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  }

  async function version(ex: Executor, id: string | null): Promise<CatalogueVersionRow | undefined> {
    return id ? ex.selectFrom('catalogueVersions').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  }

  /** Term lookups by code, name or `一级\二级` path (the importer passes a cached version). */
  const dbTerm = async (scheme: 'topic' | 'genre', ref: string): Promise<{ id: string } | undefined> => {
    let q = db.selectFrom('taxonomyTerms as t').select(['t.id', 't.isActive']).where('t.scheme', '=', scheme);
    if (scheme === 'topic' && ref.includes('\\')) {
      const [top, sub] = ref.split('\\').map((s) => s.trim());
      q = q.innerJoin('taxonomyTerms as p', 'p.id', 't.parentId').where('p.name', '=', top ?? '').where('t.name', '=', sub ?? '');
    } else q = q.where((eb) => eb.or([eb('t.code', '=', ref), eb('t.name', '=', ref)]));
    return q.executeTakeFirst();
  };
  const dbOrg = async (ref: string) => (ID.test(ref) ? await orgs.lookup(ref) : await db.selectFrom('organisations').selectAll().where('slug', '=', ref).executeTakeFirst());

  /** Resolves codes and references of the input into a version's columns; reports every problem at once. */
  async function resolve(org: OrganisationRow, raw: unknown, itemId: string | null, lookups: { term: typeof dbTerm; org: typeof dbOrg } = { term: dbTerm, org: dbOrg }): Promise<{ content: Omit<VersionContent, 'attachmentIds'>; warnings: string[] }> {
    const input = parseInput(ItemInput, raw);
    const errors: Record<string, string> = {};
    const warnings: string[] = [];
    const today = chinaDate(clock.now());
    if (input.generatedOn > today) errors.generatedOn = '成文日期不能晚于今天。';
    const term = async (scheme: 'topic' | 'genre', ref: string | null) => (ref ? lookups.term(scheme, ref) : null);
    const topic = await term('topic', input.topic);
    if (input.topic && !topic) errors.topic = `主题分类“${input.topic}”不存在。`;
    const genre = await term('genre', input.genre);
    if (input.genre && !genre) errors.genre = `体裁“${input.genre}”不存在。`;
    const coIssuerIds: string[] = [];
    for (const ref of input.coIssuers) {
      const o = await lookups.org(ref);
      if (!o || !o.isActive) errors.coIssuers = `联合发布机构“${ref}”不存在。`;
      else if (o.id !== org.id && !coIssuerIds.includes(o.id)) coIssuerIds.push(o.id);
    }
    let interpretsId: string | null = null;
    if (input.interprets) {
      const target = await db
        .selectFrom('catalogueItems')
        .select(['id'])
        .where((eb) => (ID.test(input.interprets!) ? eb.or([eb('id', '=', input.interprets!), eb('indexNumber', '=', input.interprets!)]) : eb('indexNumber', '=', input.interprets!)))
        .executeTakeFirst();
      if (!target || target.id === itemId) errors.interprets = '所解读的文件不存在（请填写其编号或索引号）。';
      else interpretsId = target.id;
    }
    if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
    if (input.docNumber) {
      // Two index lookups: a published number, or one in a pending working version.
      const published = await db
        .selectFrom('catalogueItems')
        .select('id')
        .where('orgId', '=', org.id)
        .where('docNumber', '=', input.docNumber)
        .where('publicState', '!=', 'withdrawn')
        .$if(itemId !== null, (q) => q.where('id', '!=', itemId!))
        .executeTakeFirst();
      const dup =
        published ??
        (await db
          .selectFrom('catalogueVersions as w')
          .innerJoin('catalogueItems as i', 'i.workVersionId', 'w.id')
          .select('i.id')
          .where('w.docNumber', '=', input.docNumber)
          .where('i.orgId', '=', org.id)
          .$if(itemId !== null, (q) => q.where('i.id', '!=', itemId!))
          .executeTakeFirst());
      if (dup) warnings.push(`文号“${input.docNumber}”已被本机构另一条信息（编号 ${dup.id}）使用，请确认是否重复登记。`);
    }
    // Plain text becomes escaped paragraphs, safe by construction; HTML goes through the allowlist.
    const body = input.bodyHtml !== null ? sanitizeHtml(input.bodyHtml) : input.bodyText !== null ? { html: textToHtml(input.bodyText), text: input.bodyText.replace(/\r\n?/g, '\n'), removed: false } : { html: '', text: '', removed: false };
    if (body.removed) warnings.push('正文中的脚本、样式或不安全的链接已被清除。');
    return {
      content: {
        title: input.title,
        summary: input.summary,
        docNumber: input.docNumber,
        generatedOn: input.generatedOn,
        effectiveOn: input.effectiveOn,
        topicId: topic?.id ?? null,
        genreId: genre?.id ?? null,
        keywords: input.keywords,
        disclosure: input.disclosure,
        withheldGround: input.withheldGround,
        scope: input.scope,
        art20Category: input.art20,
        coIssuerIds,
        interpretsId,
        bodyHtml: body.html,
        bodyText: body.text,
      },
      warnings,
    };
  }

  function timeliness(org: OrganisationRow, item: CatalogueItemRow, generatedOn: string, today: string): Promise<Timeliness> {
    return calendar.forAgency(org.path).then((cal) => {
      try {
        const due = cal.addWorkdays(generatedOn, PROACTIVE_DUE_WORKDAYS).date;
        if (item.firstPublishedAt) return { due, status: chinaDate(item.firstPublishedAt) > due ? 'published-late' : 'published' };
        if (today > due) return { due, status: 'overdue' };
        return { due, status: cal.workdaysBetween(today, due) <= DUE_SOON_WORKDAYS ? 'due-soon' : 'on-time' };
      } catch (err) {
        if (err instanceof UnknownCalendarYear) return { due: null, status: 'unknown' };
        throw err;
      }
    });
  }

  /** The agencies where the actor may record items. */
  async function editableAgencies(actor: Actor): Promise<OrganisationRow[]> {
    return (await orgs.staffScope(actor)).filter((o) => o.isActive && canOnItem(actor, 'edit', o.path));
  }

  /** Begins a revision of a published item: a new working version copying the current one. */
  async function ensureWorkVersion(tx: Tx, actor: Actor, item: CatalogueItemRow): Promise<CatalogueVersionRow> {
    if (item.workVersionId) return (await version(tx, item.workVersionId))!;
    if (item.publicState !== 'published') throw new InvalidState('ITEM_NOT_EDITABLE', '已撤回的信息不能再修改。');
    const current = (await version(tx, item.currentVersionId))!;
    const max = await tx.selectFrom('catalogueVersions').select((eb) => eb.fn.max('versionNo').as('n')).where('itemId', '=', item.id).executeTakeFirstOrThrow();
    const { id: _id, versionNo: _n, createdAt: _c, updatedAt: _u, submittedAt: _s, reviewedBy: _rb, reviewedAt: _ra, reviewNote: _rn, publishedAt: _p, createdBy: _cb, unredactedBodyHtml: _uh, unredactedBodyText: _ut, unredactedAttachmentIds: _ua, ...content } = current;
    const row = await tx
      .insertInto('catalogueVersions')
      .values({ ...content, versionNo: (max.n ?? 0) + 1, createdBy: actor.kind === 'user' ? actor.id : null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.updateTable('catalogueItems').set({ workVersionId: row.id, workState: 'draft', updatedAt: clock.now() }).where('id', '=', item.id).execute();
    await audit.record(tx, actor, 'catalogue.revision-started', { orgId: item.orgId, subjectType: 'catalogue_item', subjectId: item.id, summary: { versionNo: row.versionNo } });
    return row;
  }

  function assertEditable(item: CatalogueItemRow) {
    if (item.workState === 'submitted') throw new InvalidState('ITEM_UNDER_REVIEW', '该信息正在审查中，审查完成前不能修改。');
    if (item.publicState === 'withdrawn') throw new InvalidState('ITEM_WITHDRAWN', '已撤回的信息不能再修改。');
  }

  /**
   * Attachments with masked findings are released as generated copies (DOCX of the extracted text,
   * the values removed); the version lists the copies, and keeps the originals for staff.
   */
  async function releaseMaskedAttachments(tx: Tx, actor: Actor, orgId: string, work: CatalogueVersionRow): Promise<number> {
    const texts = await screening.maskedAttachments(tx, work);
    if (texts.size === 0) return 0;
    const ids = [...work.attachmentIds];
    for (const [originalId, text] of texts) {
      const original = await tx.selectFrom('catalogueAttachments').selectAll().where('id', '=', originalId).executeTakeFirstOrThrow();
      const base = original.fileName.replace(/\.[^.]+$/, '');
      const fileName = safeFileName(`${base}（公开版）.docx`);
      const stored = await storage.put(textToDocx(`${base}（公开版：依法删除的内容以“*”代替）`, text));
      const copy = await tx
        .insertInto('catalogueAttachments')
        .values({ itemId: work.itemId, sha256: stored.sha256, fileName, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sizeBytes: stored.size, textContent: text, createdBy: actor.kind === 'user' ? actor.id : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[ids.indexOf(originalId)] = copy.id;
      await audit.record(tx, actor, 'screening.attachment-redacted', { orgId, subjectType: 'catalogue_item', subjectId: work.itemId, summary: { original: originalId, released: copy.id, fileName } });
    }
    await tx.updateTable('catalogueVersions').set({ attachmentIds: ids, unredactedAttachmentIds: work.attachmentIds }).where('id', '=', work.id).execute();
    return texts.size;
  }

  /** Publishes the working version (after review or by import): 索引号 on first publication. */
  async function publishWork(tx: Tx, actor: Actor, item: CatalogueItemRow, org: OrganisationRow, work: CatalogueVersionRow, at: Date, indexNumber: string | null = null, announce = true) {
    const number = item.indexNumber ?? indexNumber ?? (await allocateIndexNumber(tx, org, chinaDate(at)));
    await tx.updateTable('catalogueVersions').set({ publishedAt: at }).where('id', '=', work.id).execute();
    await tx
      .updateTable('catalogueItems')
      .set({
        publicState: 'published',
        workState: null,
        workVersionId: null,
        currentVersionId: work.id,
        indexNumber: number,
        title: work.title,
        docNumber: work.docNumber,
        generatedOn: work.generatedOn,
        topicId: work.topicId,
        genreId: work.genreId,
        disclosure: work.disclosure,
        firstPublishedAt: item.firstPublishedAt ?? at,
        updatedPublicAt: at,
        updatedAt: clock.now(),
      })
      .where('id', '=', item.id)
      .execute();
    await audit.record(tx, actor, item.publicState === 'published' ? 'catalogue.item-revised' : 'catalogue.item-published', {
      orgId: org.id,
      subjectType: 'catalogue_item',
      subjectId: item.id,
      summary: { indexNumber: number, versionNo: work.versionNo, disclosure: work.disclosure },
    });
    if (announce) await publicChanged(tx);
    await reindex(tx, [item.id]);
    return number;
  }

  return {
    /** Bumped on every change of what the public sees (here or, by NOTIFY, in another process). */
    publicVersion: () => publicVersion,
    editableAgencies,
    timeliness,

    /** Staff listing of the items the actor may see, newest change first, with filters. */
    async list(actor: Actor, f: { orgId?: string | undefined; state?: string | undefined; q?: string | undefined; page: number; pageSize?: number }) {
      const roots = actor.kind === 'system' ? ['/'] : grantRoots(actor, ['editor', 'reviewer', 'disclosure_officer', 'agency_admin', 'coordinator', 'supervisor']);
      const pageSize = f.pageSize ?? 20;
      if (roots.length === 0) return { rows: [], total: 0, page: f.page, pageSize };
      let q = db
        .selectFrom('catalogueItems as i')
        .innerJoin('organisations as o', 'o.id', 'i.orgId')
        .leftJoin('catalogueVersions as w', 'w.id', 'i.workVersionId')
        .where((eb) => eb.or(roots.map((r) => eb('o.path', 'like', `${r}%`))));
      if (f.orgId && ID.test(f.orgId)) q = q.where('i.orgId', '=', f.orgId);
      const state = f.state ?? '';
      switch (state) {
        case 'draft':
        case 'submitted':
        case 'returned':
          q = q.where('i.workState', '=', state);
          break;
        case 'published':
        case 'withdrawn':
        case 'unpublished':
          q = q.where('i.publicState', '=', state);
          break;
        case 'expired':
        case 'repealed':
          q = q.where('i.validity', '=', state);
          break;
        default:
          // Any other value lists every state.
          break;
      }
      if (f.q?.trim()) {
        const like = `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('i.title', 'like', like), eb('w.title', 'like', like), eb('i.indexNumber', '=', f.q!.trim()), eb('i.docNumber', 'like', like)]));
      }
      const [{ n }] = [await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()];
      const rows = await q
        .select(['i.id', 'i.orgId', 'o.name as orgName', 'o.path as orgPath', 'i.publicState', 'i.workState', 'i.indexNumber', 'i.validity', 'i.firstPublishedAt', 'i.updatedAt', 'i.createdBy'])
        .select((eb) => [eb.fn.coalesce('w.title', 'i.title').as('title'), eb.fn.coalesce('w.generatedOn', 'i.generatedOn').as('generatedOn'), eb.fn.coalesce('w.disclosure', 'i.disclosure').as('disclosure')])
        .orderBy('i.updatedAt', 'desc')
        .orderBy('i.id', 'desc')
        .limit(pageSize)
        .offset((f.page - 1) * pageSize)
        .execute();
      return { rows, total: Number(n), page: f.page, pageSize };
    },

    /** Unpublished items of the actor's agencies that are overdue or due soon (the workspace flags). */
    async dueItems(actor: Actor) {
      const roots = actor.kind === 'system' ? ['/'] : grantRoots(actor, ['editor', 'reviewer', 'agency_admin', 'coordinator', 'supervisor']);
      if (roots.length === 0) return [];
      const rows = await db
        .selectFrom('catalogueItems as i')
        .innerJoin('organisations as o', 'o.id', 'i.orgId')
        .innerJoin('catalogueVersions as w', 'w.id', 'i.workVersionId')
        .selectAll('i')
        .select(['w.title as workTitle', 'w.generatedOn as workGeneratedOn', 'o.name as orgName'])
        .where('i.publicState', '=', 'unpublished')
        .where('w.disclosure', '=', 'proactive')
        .where((eb) => eb.or(roots.map((r) => eb('o.path', 'like', `${r}%`))))
        .orderBy('w.generatedOn')
        .limit(500)
        .execute();
      const today = chinaDate(clock.now());
      const out = [];
      for (const r of rows) {
        const org = await orgs.lookup(r.orgId);
        if (!org) continue;
        const t = await timeliness(org, r, r.workGeneratedOn, today);
        if (t.status === 'overdue' || t.status === 'due-soon') out.push({ id: r.id, title: r.workTitle, orgName: r.orgName, workState: r.workState, generatedOn: r.workGeneratedOn, ...t });
      }
      return out;
    },

    /** One item for the workspace: working and current versions, history, attachments, what the actor may do. */
    async get(actor: Actor, id: string) {
      const { item, org } = await loadItem(actor, id);
      const [work, current, versions, attachments] = await Promise.all([
        version(db, item.workVersionId),
        version(db, item.currentVersionId),
        db.selectFrom('catalogueVersions as v').leftJoin('users as u', 'u.id', 'v.createdBy').leftJoin('users as r', 'r.id', 'v.reviewedBy').select(['v.id', 'v.versionNo', 'v.title', 'v.createdAt', 'v.submittedAt', 'v.reviewedAt', 'v.reviewNote', 'v.publishedAt', 'u.displayName as author', 'r.displayName as reviewer']).where('v.itemId', '=', item.id).orderBy('v.versionNo', 'desc').execute(),
        db.selectFrom('catalogueAttachments').select(['id', 'fileName', 'mediaType', 'sizeBytes', 'sha256', 'createdAt']).select((eb) => eb.fn<number>('length', [eb.fn.coalesce('textContent', eb.val(''))]).as('textLength')).where('itemId', '=', item.id).orderBy('id').execute(),
      ]);
      const shown = (work ?? current)!;
      const findings = work ? await screening.findings(db, work.id) : [];
      const today = chinaDate(clock.now());
      const own = work ? isOwnWork(actor, item, work) : false;
      return {
        item,
        org,
        work: work ?? null,
        current: current ?? null,
        shown,
        versions,
        attachments: attachments.filter((a) => shown.attachmentIds.includes(a.id)),
        findings,
        timeliness: shown.disclosure === 'proactive' ? await timeliness(org, item, (current ?? shown).generatedOn, today) : null,
        can: {
          edit: canOnItem(actor, 'edit', org.path) && item.workState !== 'submitted' && item.publicState !== 'withdrawn',
          submit: canOnItem(actor, 'edit', org.path) && (item.workState === 'draft' || item.workState === 'returned'),
          review: canOnItem(actor, 'review', org.path) && item.workState === 'submitted' && !own,
          ownWork: own,
          manage: canOnItem(actor, 'manage', org.path) && item.publicState === 'published',
          discard: canOnItem(actor, 'edit', org.path) && item.publicState === 'published' && item.workState !== null && item.workState !== 'submitted',
        },
      };
    },

    /** One stored version (staff only: every published version stays viewable). */
    async version(actor: Actor, id: string, versionNo: number) {
      const { item, org } = await loadItem(actor, id);
      const v = await db.selectFrom('catalogueVersions').selectAll().where('itemId', '=', item.id).where('versionNo', '=', versionNo).executeTakeFirst();
      if (!v) throw new NotFound('VERSION_NOT_FOUND', '该版本不存在。');
      return { item, org, version: v };
    },

    /** Records a new item as a draft of the agency. */
    async create(actor: Actor, orgId: string, raw: unknown): Promise<{ id: string; warnings: string[] }> {
      const org = ID.test(orgId) ? await orgs.lookup(orgId) : undefined;
      if (!org || !org.isActive || !canOnItem(actor, 'view', org.path)) throw new ValidationFailed({ orgId: '请选择发布机构。' });
      if (!canOnItem(actor, 'edit', org.path)) throw new Forbidden('ITEM_FORBIDDEN', forbiddenMessage('edit'));
      const { content, warnings } = await resolve(org, raw, null);
      const id = await db.transaction().execute(async (tx) => {
        const by = actor.kind === 'user' ? actor.id : null;
        const item = await tx.insertInto('catalogueItems').values({ orgId: org.id, createdBy: by }).returning('id').executeTakeFirstOrThrow();
        const v = await tx
          .insertInto('catalogueVersions')
          .values({ ...content, itemId: item.id, versionNo: 1, createdBy: by, attachmentIds: [] })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable('catalogueItems').set({ workVersionId: v.id, workState: 'draft' }).where('id', '=', item.id).execute();
        await rescan(tx, v.id);
        await audit.record(tx, actor, 'catalogue.item-created', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { title: content.title } });
        return item.id;
      });
      return { id, warnings };
    },

    /** Saves the working version; on a published item this starts a revision (the public keeps the current one). */
    async update(actor: Actor, id: string, raw: unknown): Promise<{ warnings: string[] }> {
      const { item, org } = await loadItem(actor, id, 'edit');
      assertEditable(item);
      const { content, warnings } = await resolve(org, raw, item.id);
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        assertEditable(locked);
        const work = await ensureWorkVersion(tx, actor, locked);
        await tx.updateTable('catalogueVersions').set({ ...content, updatedAt: clock.now() }).where('id', '=', work.id).execute();
        await tx.updateTable('catalogueItems').set({ updatedAt: clock.now() }).where('id', '=', item.id).execute();
        await rescan(tx, work.id);
        await audit.record(tx, actor, 'catalogue.item-edited', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { versionNo: work.versionNo, title: content.title } });
      });
      return { warnings };
    },

    /** Sends the working version to 保密审查. */
    async submit(actor: Actor, id: string): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'edit');
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        if (locked.workState !== 'draft' && locked.workState !== 'returned') throw new InvalidState('ITEM_NOT_DRAFT', '只有草稿或被退回的信息可以提交审查。');
        const work = (await version(tx, locked.workVersionId))!;
        if (work.disclosure === 'proactive' && !work.bodyText.trim() && work.attachmentIds.length === 0) {
          throw new ValidationFailed({ bodyHtml: '主动公开的信息须有正文或附件。' }, '提交前请补充正文或附件。');
        }
        await screening.scan(tx, work);
        await tx.updateTable('catalogueVersions').set({ submittedAt: clock.now() }).where('id', '=', work.id).execute();
        await tx.updateTable('catalogueItems').set({ workState: 'submitted', updatedAt: clock.now() }).where('id', '=', item.id).execute();
        await audit.record(tx, actor, 'catalogue.item-submitted', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { versionNo: work.versionNo } });
      });
    },

    /** The reviewer approves the version under review, which publishes it (a first publication gets its 索引号). */
    async approve(actor: Actor, id: string, raw: unknown = {}): Promise<{ indexNumber: string }> {
      const { item, org } = await loadItem(actor, id, 'review');
      const note = typeof (raw as { note?: unknown }).note === 'string' ? (raw as { note: string }).note.trim().slice(0, 500) || null : null;
      const result = await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        if (locked.workState !== 'submitted') throw new InvalidState('ITEM_NOT_SUBMITTED', '该信息不在待审查状态。');
        const work = (await version(tx, locked.workVersionId))!;
        if (isOwnWork(actor, locked, work)) throw new Forbidden('OWN_WORK', '不能审查自己起草或修改的信息，请由其他审查人员审查。');
        // The gate: no open high-severity finding; masked findings leave the body before release.
        await screening.assertClear(tx, work);
        const masked = await screening.maskedBody(tx, work);
        if (masked) {
          await tx
            .updateTable('catalogueVersions')
            .set({ bodyText: masked.bodyText, bodyHtml: masked.bodyHtml, unredactedBodyText: work.bodyText, unredactedBodyHtml: work.bodyHtml })
            .where('id', '=', work.id)
            .execute();
        }
        const releasedAttachments = await releaseMaskedAttachments(tx, actor, org.id, work);
        const at = clock.now();
        await tx.updateTable('catalogueVersions').set({ reviewedBy: actor.kind === 'user' ? actor.id : null, reviewedAt: at, reviewNote: note }).where('id', '=', work.id).execute();
        await audit.record(tx, actor, 'catalogue.item-approved', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { versionNo: work.versionNo, note, masked: masked?.masked ?? 0, redactedAttachments: releasedAttachments } });
        const indexNumber = await publishWork(tx, actor, locked, org, masked || releasedAttachments > 0 ? (await version(tx, work.id))! : work, at);
        return { indexNumber };
      });
      // This process learns at once; others by the NOTIFY sent in the transaction.
      bump();
      return result;
    },

    /** The reviewer returns the version under review with a reason. */
    async returnForChanges(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'review');
      const { reason } = parseInput(ReasonInput, raw);
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        if (locked.workState !== 'submitted') throw new InvalidState('ITEM_NOT_SUBMITTED', '该信息不在待审查状态。');
        const work = (await version(tx, locked.workVersionId))!;
        if (isOwnWork(actor, locked, work)) throw new Forbidden('OWN_WORK', '不能审查自己起草或修改的信息，请由其他审查人员审查。');
        await tx.updateTable('catalogueVersions').set({ reviewedBy: actor.kind === 'user' ? actor.id : null, reviewedAt: clock.now(), reviewNote: reason }).where('id', '=', work.id).execute();
        await tx.updateTable('catalogueItems').set({ workState: 'returned', updatedAt: clock.now() }).where('id', '=', item.id).execute();
        await audit.record(tx, actor, 'catalogue.item-returned', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { versionNo: work.versionNo, reason } });
      });
    },

    /** The reviewer resolves a 保密审查 finding of the version under review (mask, dismiss, keep); audited. */
    async resolveFinding(actor: Actor, id: string, findingId: string, raw: unknown): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'review');
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        if (locked.workState !== 'submitted') throw new InvalidState('ITEM_NOT_SUBMITTED', '只能在审查期间处理审查发现。');
        const work = (await version(tx, locked.workVersionId))!;
        if (isOwnWork(actor, locked, work)) throw new Forbidden('OWN_WORK', '不能审查自己起草或修改的信息，请由其他审查人员审查。');
        await screening.resolve(tx, actor, work, org.id, findingId, raw);
      });
    },

    /** Drops a pending revision of a published item (the published version stays as it is). */
    async discardRevision(actor: Actor, id: string): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'edit');
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        if (locked.publicState !== 'published' || !locked.workVersionId || locked.workState === 'submitted') throw new InvalidState('NO_REVISION', '没有可放弃的修订稿。');
        await tx.updateTable('catalogueItems').set({ workVersionId: null, workState: null, updatedAt: clock.now() }).where('id', '=', item.id).execute();
        await audit.record(tx, actor, 'catalogue.revision-discarded', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: {} });
      });
    },

    /** Marks a published item 失效 or 废止 (it stays public, clearly marked), or back in force. */
    async setValidity(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'manage');
      const input = parseInput(ValidityInput, raw);
      if (item.publicState !== 'published') throw new InvalidState('ITEM_NOT_PUBLISHED', '只有已发布的信息可以标注失效或废止。');
      if (input.changedOn && item.generatedOn && input.changedOn < item.generatedOn) throw new ValidationFailed({ changedOn: '失效或废止日期不能早于成文日期。' });
      const changedOn = input.validity === 'in_force' ? null : input.changedOn;
      if (item.validity === input.validity && item.validityChangedOn === changedOn) return;
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('catalogueItems').set({ validity: input.validity, validityChangedOn: changedOn, updatedAt: clock.now() }).where('id', '=', item.id).execute();
        await audit.record(tx, actor, 'catalogue.validity-changed', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { from: item.validity, to: input.validity, on: changedOn } });
        await publicChanged(tx);
        await reindex(tx, [item.id]);
      });
      bump();
    },

    /** Withdraws a published item from every public surface; only with a reason. */
    async withdraw(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'manage');
      const { reason } = parseInput(ReasonInput, raw);
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        if (locked.publicState !== 'published') throw new InvalidState('ITEM_NOT_PUBLISHED', '只有已发布的信息可以撤回。');
        const at = clock.now();
        await tx
          .updateTable('catalogueItems')
          .set({ publicState: 'withdrawn', withdrawnAt: at, withdrawnReason: reason, workVersionId: null, workState: null, updatedAt: at })
          .where('id', '=', item.id)
          .execute();
        await audit.record(tx, actor, 'catalogue.item-withdrawn', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { reason, indexNumber: locked.indexNumber } });
        await publicChanged(tx);
        // Gone from the search index before the withdrawal is acknowledged.
        await reindex(tx, [item.id]);
      });
      bump();
    },

    /** Adds an attachment to the working version (checked by content, stored by hash, text extracted). */
    async addAttachment(actor: Actor, id: string, file: { fileName: string; buffer: Buffer }): Promise<{ warnings: string[] }> {
      const { item, org } = await loadItem(actor, id, 'edit');
      assertEditable(item);
      if (file.buffer.length === 0) throw new ValidationFailed({ file: '请选择要上传的文件。' });
      if (file.buffer.length > deps.maxFileBytes) throw new ValidationFailed({ file: `文件超过 ${Math.round(deps.maxFileBytes / 1_048_576)} MB 的大小限制。` });
      const fileName = safeFileName(file.fileName);
      const kind = sniffFile(file.buffer, fileName);
      const text = await extractText(file.buffer, kind.kind);
      const stored = await storage.put(file.buffer);
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        assertEditable(locked);
        const work = await ensureWorkVersion(tx, actor, locked);
        if (work.attachmentIds.length >= 20) throw new ValidationFailed({ file: '每条信息最多 20 个附件。' });
        const att = await tx
          .insertInto('catalogueAttachments')
          .values({ itemId: item.id, sha256: stored.sha256, fileName, mediaType: kind.mediaType, sizeBytes: stored.size, textContent: text, createdBy: actor.kind === 'user' ? actor.id : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable('catalogueVersions').set({ attachmentIds: [...work.attachmentIds, att.id], updatedAt: clock.now() }).where('id', '=', work.id).execute();
        await rescan(tx, work.id);
        await tx.updateTable('catalogueItems').set({ updatedAt: clock.now() }).where('id', '=', item.id).execute();
        await audit.record(tx, actor, 'catalogue.attachment-added', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { attachmentId: att.id, fileName, sha256: stored.sha256, size: stored.size } });
      });
      return { warnings: text === null && (kind.kind === 'pdf' || kind.kind === 'docx') ? ['未能从该文件中提取文字（可能是扫描件），请在正文中提供文字内容以便检索和无障碍阅读。'] : [] };
    },

    /** Removes an attachment from the working version (the file stays with the versions that had it). */
    async removeAttachment(actor: Actor, id: string, attachmentId: string): Promise<void> {
      const { item, org } = await loadItem(actor, id, 'edit');
      assertEditable(item);
      await db.transaction().execute(async (tx) => {
        const locked = await lockItem(tx, item.id);
        assertEditable(locked);
        const work = await ensureWorkVersion(tx, actor, locked);
        if (!work.attachmentIds.includes(attachmentId)) throw new NotFound('ATTACHMENT_NOT_FOUND', '该附件不存在。');
        await tx.updateTable('catalogueVersions').set({ attachmentIds: work.attachmentIds.filter((a) => a !== attachmentId), updatedAt: clock.now() }).where('id', '=', work.id).execute();
        await rescan(tx, work.id);
        await audit.record(tx, actor, 'catalogue.attachment-removed', { orgId: org.id, subjectType: 'catalogue_item', subjectId: item.id, summary: { attachmentId } });
      });
    },

    /** An attachment of an item for staff download (any version of the item). */
    async staffAttachment(actor: Actor, id: string, attachmentId: string): Promise<CatalogueAttachmentRow> {
      const { item } = await loadItem(actor, id);
      const a = ID.test(attachmentId) ? await db.selectFrom('catalogueAttachments').selectAll().where('id', '=', attachmentId).where('itemId', '=', item.id).executeTakeFirst() : undefined;
      if (!a) throw new NotFound('ATTACHMENT_NOT_FOUND', '该附件不存在。');
      return a;
    },

    /** Internal to the catalogue module: resolution and publication for the importer. */
    internals: { resolve, publishWork, publicChanged, bump, dbTerm, dbOrg, reindex },
  };
}

function forbiddenMessage(action: ItemAction): string {
  switch (action) {
    case 'edit':
      return '只有本机构的信息编辑人员可以录入和修改信息。';
    case 'review':
      return '只有本机构的审查人员可以进行保密审查。';
    case 'manage':
      return '只有本机构的审查人员或管理员可以标注失效、废止或撤回信息。';
    case 'import':
    case 'import-published':
    case 'view':
      return '您没有执行此操作的权限。';
  }
}
