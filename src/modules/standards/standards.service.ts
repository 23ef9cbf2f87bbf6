import type { Actor } from '#platform/actor.js';
import { UnknownCalendarYear, type WorkingCalendar } from '#platform/calendar/index.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import type { Database, Tx } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '#platform/errors.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import type { CalendarService } from '#modules/calendar/index.js';
import type { OrgService } from '#modules/org/index.js';
import { assessEntry, MONITOR_STATUSES, type Assessment, type MonitorItem, type MonitorStatus } from './monitor.js';
import { isSectorCode, sectorCatalogue, SECTORS } from './sectors.js';
import { EntryInput, ImportInput, LinkInput, rawCrossFieldErrors } from './standards.schema.js';
import { canOnStandards, type StandardsAction } from './standards.policy.js';
import { standardsRepository as repo, type StandardEntryRow } from './standards.repository.js';
import { isArea } from './vocabulary.js';

const ID = /^[1-9]\d{0,17}$/;
const NOT_FOUND = '该标准目录事项不存在。';
const FORBIDDEN = '您没有维护该机构标准目录的权限（需要信息编辑、机构管理员或政务公开主管部门角色）。';
const DUPLICATE = '本机构的标准目录中已有相同的一级事项和二级事项。';

/** A linked item as the staff entry page shows it. */
export type LinkedItem = Awaited<ReturnType<typeof repo.linkedItems>>[number] & { due: string | null };

/** One row of an agency's catalogue with the monitor's answer. */
export interface EntryRow {
  entry: StandardEntryRow;
  linked: number;
  assessment: Assessment;
}

export type StandardsService = ReturnType<typeof createStandardsService>;

/**
 * 基层政务公开标准目录: each agency's catalogue of disclosure items (公开事项) with the nine national
 * columns, the 政府信息 items that fulfil each, and the timeliness monitor over them. Every change is
 * audited in its transaction.
 */
export function createStandardsService(deps: { db: Database; audit: AuditService; orgs: OrgService; calendar: CalendarService; clock: Clock }) {
  const { db, audit, orgs, calendar, clock } = deps;
  const today = () => chinaDate(clock.now());
  const by = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);

  /** An agency the actor may see (or act on); otherwise "not found" / "forbidden". */
  async function agency(actor: Actor, orgId: string, action: StandardsAction = 'view'): Promise<OrganisationRow> {
    const org = ID.test(orgId) ? await orgs.lookup(orgId) : undefined;
    if (!org || !org.isActive || !canOnStandards(actor, 'view', org.path)) throw new NotFound('ORG_NOT_FOUND', '该机构不存在。');
    if (action === 'edit' && !canOnStandards(actor, 'edit', org.path)) throw new Forbidden('STANDARDS_FORBIDDEN', FORBIDDEN);
    return org;
  }

  /** An entry and its agency; "not found" unless the actor may see it. */
  async function load(actor: Actor, id: string, action: StandardsAction = 'view'): Promise<{ entry: StandardEntryRow; org: OrganisationRow }> {
    const entry = ID.test(id) ? await repo.find(db, id) : undefined;
    const org = entry ? await orgs.lookup(entry.orgId) : undefined;
    if (!entry || !org || !canOnStandards(actor, 'view', org.path)) throw new NotFound('STANDARD_ENTRY_NOT_FOUND', NOT_FOUND);
    if (action === 'edit' && !canOnStandards(actor, 'edit', org.path)) throw new Forbidden('STANDARDS_FORBIDDEN', FORBIDDEN);
    return { entry, org };
  }

  /** True for a city-level agency (the city itself, or an agency directly under it): 市级 applies. */
  async function isCityLevel(org: OrganisationRow): Promise<boolean> {
    if (org.kind === 'city') return true;
    const parent = org.parentId ? await orgs.lookup(org.parentId) : undefined;
    return parent?.kind === 'city';
  }

  /** The 公开层级 an agency's entries usually carry (form default and imports). */
  async function defaultLevels(org: OrganisationRow): Promise<string[]> {
    if (await isCityLevel(org)) return ['city'];
    if (org.kind === 'township' || org.kind === 'subdistrict') return ['township', 'village'];
    return ['county'];
  }

  /** Parses an entry and checks what depends on the agency; throws ValidationFailed. */
  async function parseEntry(org: OrganisationRow, raw: unknown) {
    let input;
    try {
      input = parseInput(EntryInput, raw);
    } catch (err) {
      // The schema's cross-field checks wait for valid fields: report them in the same round.
      if (err instanceof ValidationFailed) throw new ValidationFailed({ ...rawCrossFieldErrors(raw), ...err.fields }, err.message);
      throw err;
    }
    if (input.levels.includes('city') && !(await isCityLevel(org))) throw new ValidationFailed({ levels: '“市级”仅适用于市级部门和单位，请选择县级、乡级或村级。' });
    return { ...input, subject: input.subject ?? org.name };
  }

  const unique = (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') throw new Conflict('STANDARD_ENTRY_EXISTS', DUPLICATE, { level2: DUPLICATE });
    throw err;
  };

  /** The monitor's view of a linked item (only 主动公开 publication counts). */
  function monitorItem(r: Awaited<ReturnType<typeof repo.linkedItems>>[number]): MonitorItem {
    const proactive = r.disclosure === 'proactive';
    const publicNow = proactive && r.publicState === 'published' && r.orgActive;
    return {
      id: r.id,
      title: r.title ?? `信息 ${r.id}`,
      generatedOn: r.generatedOn,
      firstPublishedOn: proactive && r.firstPublishedAt ? chinaDate(r.firstPublishedAt) : null,
      lastPublishedOn: publicNow ? chinaDate(r.updatedPublicAt ?? r.firstPublishedAt!) : null,
    };
  }

  /** Entries of one agency with their linked items and assessments. */
  async function assessAll(org: OrganisationRow, entries: readonly StandardEntryRow[]) {
    const links = await repo.linkedItems(
      db,
      entries.map((e) => e.id),
    );
    const byEntry = new Map<string, typeof links>();
    for (const l of links) byEntry.set(l.entryId, [...(byEntry.get(l.entryId) ?? []), l]);
    const cal = await calendar.forAgency(org.path);
    const day = today();
    return entries.map((entry) => {
      const items = byEntry.get(entry.id) ?? [];
      return { entry, items, assessment: assessEntry(entry, items.map(monitorItem), day, cal) };
    });
  }

  /** The Art. 26-style due date of one linked item of a `workdays` entry (null when not applicable or unknown). */
  function itemDue(entry: StandardEntryRow, generatedOn: string | null, cal: WorkingCalendar): string | null {
    if (entry.limitKind !== 'workdays' || entry.limitValue === null || !generatedOn) return null;
    try {
      return cal.addWorkdays(generatedOn, entry.limitValue).date;
    } catch (err) {
      if (err instanceof UnknownCalendarYear) return null;
      throw err;
    }
  }

  function summary(e: { area: string; level1: string; level2: string; limitKind: string; limitValue: number | null; method: string }) {
    return { area: e.area, level1: e.level1, level2: e.level2, limitKind: e.limitKind, limitValue: e.limitValue, method: e.method };
  }

  return {
    /** Agencies whose catalogue the actor may see, in tree order. */
    async agencies(actor: Actor): Promise<OrganisationRow[]> {
      return (await orgs.staffScope(actor)).filter((o) => o.isActive && canOnStandards(actor, 'view', o.path));
    },

    /** Whether the actor may edit the agency's catalogue (for showing forms). */
    canEdit: (actor: Actor, org: { path: string }) => canOnStandards(actor, 'edit', org.path),

    defaultLevels,
    isCityLevel,

    /** An agency for the entry form (edit permission required). */
    agencyForEdit: (actor: Actor, orgId: string) => agency(actor, orgId, 'edit'),

    /**
     * An agency's catalogue for the workspace: the entries (filtered by area and status, one page),
     * counts by status over all entries, and whether the actor may edit.
     */
    async overview(actor: Actor, orgId: string, f: { area?: string | undefined; status?: string | undefined; page?: number; pageSize?: number } = {}) {
      const org = await agency(actor, orgId);
      const all = await assessAll(org, await repo.entriesOf(db, org.id));
      const counts = Object.fromEntries(MONITOR_STATUSES.map((s) => [s, 0])) as Record<MonitorStatus, number>;
      for (const r of all) counts[r.assessment.status]++;
      const area = f.area && isArea(f.area) ? f.area : undefined;
      const status = f.status && (MONITOR_STATUSES as readonly string[]).includes(f.status) ? (f.status as MonitorStatus) : undefined;
      const matching = all.filter((r) => (!area || r.entry.area === area) && (!status || r.assessment.status === status));
      const pageSize = f.pageSize ?? 20;
      const pages = Math.max(1, Math.ceil(matching.length / pageSize));
      const page = Math.min(Math.max(1, f.page ?? 1), pages);
      const rows: EntryRow[] = matching.slice((page - 1) * pageSize, page * pageSize).map((r) => ({ entry: r.entry, linked: r.items.length, assessment: r.assessment }));
      return { org, rows, total: matching.length, all: all.length, page, pageSize, counts, filters: { area, status }, today: today(), canEdit: canOnStandards(actor, 'edit', org.path) };
    },

    /** One entry for the workspace: its agency, linked items (with due dates), the monitor's answer. */
    async entry(actor: Actor, id: string) {
      const { entry, org } = await load(actor, id);
      const [r] = await assessAll(org, [entry]);
      const cal = await calendar.forAgency(org.path);
      const items: LinkedItem[] = r!.items.map((i) => ({ ...i, due: itemDue(entry, i.generatedOn, cal) }));
      return { entry, org, items, assessment: r!.assessment, canEdit: canOnStandards(actor, 'edit', org.path) };
    },

    /** An entry for the edit and delete forms (edit permission required). */
    async forEdit(actor: Actor, id: string) {
      return load(actor, id, 'edit');
    },

    /** Adds an entry to the agency's catalogue. */
    async create(actor: Actor, orgId: string, raw: unknown): Promise<string> {
      const org = await agency(actor, orgId, 'edit');
      const e = await parseEntry(org, raw);
      if (await repo.findByName(db, org.id, e.level1, e.level2)) throw new Conflict('STANDARD_ENTRY_EXISTS', DUPLICATE, { level2: DUPLICATE });
      return db.transaction().execute(async (tx) => {
        const sortOrder = e.sortOrder ?? (await repo.maxSort(tx, org.id)) + 10;
        const { id } = await repo.insert(tx, { ...e, orgId: org.id, sortOrder, createdBy: by(actor) }).catch(unique);
        await audit.record(tx, actor, 'standards.entry-created', { orgId: org.id, subjectType: 'standard_entry', subjectId: id, summary: summary(e) });
        return id;
      });
    },

    /** Changes an entry (every column but the agency). */
    async update(actor: Actor, id: string, raw: unknown): Promise<void> {
      const { entry, org } = await load(actor, id, 'edit');
      const e = await parseEntry(org, raw);
      const clash = await repo.findByName(db, org.id, e.level1, e.level2);
      if (clash && clash.id !== entry.id) throw new Conflict('STANDARD_ENTRY_EXISTS', DUPLICATE, { level2: DUPLICATE });
      const next = { ...e, sortOrder: e.sortOrder ?? entry.sortOrder };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(entry[k]));
      if (changed.length === 0) return;
      await db.transaction().execute(async (tx) => {
        await repo.update(tx, entry.id, { ...next, updatedAt: clock.now() }).catch(unique);
        await audit.record(tx, actor, 'standards.entry-updated', { orgId: org.id, subjectType: 'standard_entry', subjectId: entry.id, summary: { ...summary(next), changed } });
      });
    },

    /** Deletes an entry and its links (the linked items themselves stay). */
    async remove(actor: Actor, id: string): Promise<void> {
      const { entry, org } = await load(actor, id, 'edit');
      await db.transaction().execute(async (tx) => {
        const linked = await repo.linkedIds(tx, entry.id);
        await repo.remove(tx, entry.id);
        await audit.record(tx, actor, 'standards.entry-deleted', { orgId: org.id, subjectType: 'standard_entry', subjectId: entry.id, summary: { ...summary(entry), linkedItems: linked } });
      });
    },

    /**
     * Links items of the agency's subtree, named by 索引号 or id. All or nothing: one unknown or
     * foreign reference refuses the whole list. Returns how many links are new.
     */
    async link(actor: Actor, id: string, raw: unknown): Promise<number> {
      const { entry, org } = await load(actor, id, 'edit');
      const { refs } = parseInput(LinkInput, raw);
      const found = await repo.itemsByRef(db, refs, org.path);
      const missing = refs.filter((r) => !found.some((i) => i.id === r || i.indexNumber === r));
      if (missing.length > 0) throw new ValidationFailed({ refs: `未找到本机构（含下级机构）的以下信息：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}。请填写本机构及下级机构信息的索引号或编号。` });
      const existing = new Set(await repo.linkedIds(db, entry.id));
      const ids = [...new Set(found.map((i) => i.id))].filter((x) => !existing.has(x));
      if (ids.length === 0) return 0;
      await db.transaction().execute(async (tx: Tx) => {
        await repo.link(tx, entry.id, ids, by(actor));
        await audit.record(tx, actor, 'standards.items-linked', { orgId: org.id, subjectType: 'standard_entry', subjectId: entry.id, summary: { itemIds: ids } });
      });
      return ids.length;
    },

    /** Removes one link. */
    async unlink(actor: Actor, id: string, itemId: string): Promise<void> {
      const { entry, org } = await load(actor, id, 'edit');
      if (!ID.test(itemId)) throw new NotFound('STANDARD_LINK_NOT_FOUND', '该关联不存在。');
      await db.transaction().execute(async (tx) => {
        const r = await repo.unlink(tx, entry.id, itemId);
        if (Number(r.numDeletedRows) === 0) throw new NotFound('STANDARD_LINK_NOT_FOUND', '该关联不存在。');
        await audit.record(tx, actor, 'standards.item-unlinked', { orgId: org.id, subjectType: 'standard_entry', subjectId: entry.id, summary: { itemId } });
      });
    },

    /**
     * 从行业标准目录导入: adds the sector template's entries the agency does not have yet (by 一级 +
     * 二级事项), so running it again adds nothing.
     */
    async importSector(actor: Actor, orgId: string, raw: unknown): Promise<{ created: number; skipped: number }> {
      const org = await agency(actor, orgId, 'edit');
      const { sector } = parseInput(ImportInput, raw);
      if (!isSectorCode(sector)) throw new ValidationFailed({ sector: '请选择行业。' });
      const template = sectorCatalogue(sector);
      const levels = await defaultLevels(org);
      return db.transaction().execute(async (tx) => {
        // One import at a time per agency: the check and the inserts see the same entries.
        await tx.selectFrom('organisations').select('id').where('id', '=', org.id).forUpdate().execute();
        const have = new Set((await repo.entriesOf(tx, org.id)).map((e) => `${e.level1}\u0000${e.level2}`));
        let sort = await repo.maxSort(tx, org.id);
        const created: string[] = [];
        for (const t of template) {
          if (have.has(`${t.level1}\u0000${t.level2}`)) continue;
          sort += 10;
          const row = { ...t, channels: [...t.channels], levels, subject: org.name, orgId: org.id, sortOrder: sort, createdBy: by(actor) };
          const { id } = await repo.insert(tx, row);
          created.push(id);
          await audit.record(tx, actor, 'standards.entry-created', { orgId: org.id, subjectType: 'standard_entry', subjectId: id, summary: { ...summary(row), sector } });
        }
        await audit.record(tx, actor, 'standards.sector-imported', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { sector, created: created.length, skipped: template.length - created.length } });
        return { created: created.length, skipped: template.length - created.length };
      });
    },

    /** Sectors with a template, and the one matching the agency's own sector (for the import form). */
    sectors: () => SECTORS,

    /**
     * The public catalogue of an active agency: entries grouped by 一级事项, the linked items the
     * public may see, and the monitor's public answer (never naming unpublished items).
     */
    async publicCatalogue(slug: string) {
      const { org } = await orgs.publicBySlug(slug);
      const entries = await repo.entriesOf(db, org.id);
      const assessed = await assessAll(org, entries);
      const visible = await repo.publicLinkedItems(
        db,
        entries.map((e) => e.id),
      );
      const groups: { level1: string; entries: { entry: StandardEntryRow; items: typeof visible; status: MonitorStatus; reason: string }[] }[] = [];
      for (const a of assessed) {
        let g = groups.find((x) => x.level1 === a.entry.level1);
        if (!g) groups.push((g = { level1: a.entry.level1, entries: [] }));
        g.entries.push({ entry: a.entry, items: visible.filter((i) => i.entryId === a.entry.id), status: a.assessment.status, reason: a.assessment.publicReason });
      }
      return { org, groups, total: entries.length, today: today() };
    },
  };
}
