import type { Actor } from '#platform/actor.js';
import { notifyChange, type ChangeFeed } from '#platform/db/changes.js';
import type { Database, Tx } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { Conflict, Forbidden, InvalidState, NotFound, ValidationFailed } from '#platform/errors.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import { canOnOrg, type OrgAction } from './org.policy.js';
import { orgRepository } from './org.repository.js';
import { ALLOWED_CHILDREN, CreateOrgInput, OrgProfileInput, type OrgKind } from './org.schema.js';

/** A node of the agency tree with its children. */
export interface OrgNode {
  org: OrganisationRow;
  children: OrgNode[];
}

/** Builds the nested tree from a flat list in depth order. */
export function buildTree(rows: OrganisationRow[]): OrgNode[] {
  const byId = new Map<string, OrgNode>();
  const roots: OrgNode[] = [];
  for (const org of rows) {
    const node = { org, children: [] };
    byId.set(org.id, node);
    const parent = org.parentId ? byId.get(org.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function diff(before: OrganisationRow, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    const old = (before as unknown as Record<string, unknown>)[k];
    if ((old ?? null) !== (v ?? null)) out[k] = { from: old ?? null, to: v ?? null };
  }
  return out;
}

export type OrgService = ReturnType<typeof createOrgService>;

/** Organisations: the tree of 行政区划 and agencies, and each agency's public profile. */
export function createOrgService({ db, audit, changes }: { db: Database; audit: AuditService; changes?: ChangeFeed | undefined }) {
  // The active agencies are read on almost every public page and change rarely: keep them in
  // memory, dropped after every change here and on notice of a change made by another process.
  let version = 0;
  let active: Promise<OrganisationRow[]> | undefined;
  const invalidate = () => {
    version++;
    active = undefined;
  };
  changes?.on('org', invalidate);
  function activeRows(): Promise<OrganisationRow[]> {
    if (!active) {
      const p = orgRepository.listAll(db);
      active = p;
      p.catch(() => {
        if (active === p) active = undefined;
      });
    }
    return active;
  }
  /** Runs a change in a transaction that announces it, and drops the cache once committed. */
  async function change<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const r = await db.transaction().execute(async (tx) => {
      const out = await fn(tx);
      await notifyChange(tx, 'org');
      return out;
    });
    invalidate();
    return r;
  }

  async function load(id: string): Promise<OrganisationRow> {
    const org = /^[1-9]\d{0,17}$/.test(id) ? await orgRepository.findById(db, id) : undefined;
    if (!org) throw new NotFound('ORG_NOT_FOUND', '该机构不存在。');
    return org;
  }
  function assertCan(actor: Actor, action: OrgAction, org: OrganisationRow): void {
    if (!canOnOrg(actor, action, org)) throw new Forbidden('ORG_FORBIDDEN', '您没有管理该机构的权限。');
  }
  async function assertCreditCodeFree(code: string | null, selfId: string | null): Promise<void> {
    if (!code) return;
    const other = await orgRepository.findByCreditCode(db, code);
    if (other && other.id !== selfId) {
      throw new Conflict('ORG_CREDIT_CODE_TAKEN', '统一社会信用代码已被其他机构使用。', { creditCode: `该代码已登记给“${other.name}”。` });
    }
  }

  async function staffTree(actor: Actor): Promise<OrgNode[]> {
    if (actor.kind === 'system') return buildTree(await orgRepository.listAll(db, true));
    if (actor.kind !== 'user') throw new Forbidden();
    const roots = [...new Set(actor.grants.map((g) => g.orgPath))];
    return buildTree(await orgRepository.listInSubtrees(db, roots));
  }

  return {
    /** The public directory: every active agency, as a tree. */
    async publicTree(): Promise<OrgNode[]> {
      return buildTree(await activeRows());
    },

    /** All active agencies, flat, in tree order (shared cached array: do not mutate). */
    listActive: () => activeRows(),

    /** A number that changes whenever any agency changes (for page caches). */
    version: () => version,

    /** One active agency by its URL slug (public). */
    async publicBySlug(slug: string): Promise<{ org: OrganisationRow; parent: OrganisationRow | undefined; children: OrganisationRow[] }> {
      const all = await activeRows();
      const org = all.find((o) => o.slug === slug);
      if (!org) throw new NotFound('ORG_NOT_FOUND', '该机构不存在。');
      return { org, parent: all.find((o) => o.id === org.parentId), children: all.filter((o) => o.parentId === org.id) };
    },

    /** Agencies the actor may see in the workspace: the subtrees of all its grants. */
    staffTree,

    /** The same agencies flat, depth-first in tree order (for choosers in forms). */
    async staffScope(actor: Actor): Promise<OrganisationRow[]> {
      const flat = (n: OrgNode): OrganisationRow[] => [n.org, ...n.children.flatMap(flat)];
      return (await staffTree(actor)).flatMap(flat);
    },

    /** One agency for the workspace; not found unless inside the actor's subtrees. */
    async getForStaff(actor: Actor, id: string): Promise<OrganisationRow> {
      const org = await load(id);
      if (actor.kind === 'system') return org;
      if (actor.kind !== 'user' || !actor.grants.some((g) => org.path.startsWith(g.orgPath))) {
        throw new NotFound('ORG_NOT_FOUND', '该机构不存在。');
      }
      return org;
    },

    /** Whether the actor may do `action` on the agency (for showing buttons). */
    can: (actor: Actor, action: OrgAction, org: { path: string }) => canOnOrg(actor, action, org),

    /** The coordinator adds an agency under a parent. */
    async createOrg(actor: Actor, raw: unknown): Promise<OrganisationRow> {
      const input = parseInput(CreateOrgInput, raw);
      const parent = await load(input.parentId);
      assertCan(actor, 'create-child', parent);
      if (!ALLOWED_CHILDREN[parent.kind as OrgKind].includes(input.kind)) {
        throw new ValidationFailed({ kind: '该类型的机构不能设在所选上级机构之下。' });
      }
      if (input.kind === 'institution' && !input.sector) throw new ValidationFailed({ sector: '公共企事业单位须选择所属行业。' });
      if (await orgRepository.findBySlug(db, input.slug)) throw new Conflict('ORG_SLUG_TAKEN', '网址标识已被使用。', { slug: '网址标识已被其他机构使用，请换一个。' });
      await assertCreditCodeFree(input.creditCode, null);
      const { parentId: _p, ...fields } = input;
      return change(async (tx) => {
        const org = await orgRepository.insert(tx, { ...fields, parentId: parent.id, sector: input.kind === 'institution' ? input.sector : null }, parent);
        await audit.record(tx, actor, 'org.created', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { name: org.name, kind: org.kind, parentId: parent.id } });
        return org;
      });
    },

    /** An agency admin or the coordinator edits the agency's profile (the 指南's contact block). */
    async updateProfile(actor: Actor, id: string, raw: unknown): Promise<OrganisationRow> {
      const org = await load(id);
      if (actor.kind === 'user' && !actor.grants.some((g) => org.path.startsWith(g.orgPath))) throw new NotFound('ORG_NOT_FOUND', '该机构不存在。');
      assertCan(actor, 'edit-profile', org);
      const input = parseInput(OrgProfileInput, raw);
      if (org.kind === 'institution' && !input.sector) throw new ValidationFailed({ sector: '公共企事业单位须选择所属行业。' });
      await assertCreditCodeFree(input.creditCode, org.id);
      const patch = { ...input, sector: org.kind === 'institution' ? input.sector : null };
      const changes = diff(org, patch);
      if (Object.keys(changes).length === 0) return org;
      return change(async (tx) => {
        const updated = await orgRepository.update(tx, org.id, patch);
        await audit.record(tx, actor, 'org.profile-updated', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { changes } });
        return updated;
      });
    },

    /** The coordinator deactivates (or reactivates) an agency; one with active children stays. */
    async setActive(actor: Actor, id: string, active: boolean): Promise<OrganisationRow> {
      const org = await load(id);
      assertCan(actor, 'change-status', org);
      if (org.parentId === null && !active) throw new InvalidState('ORG_ROOT', '不能停用根机构。');
      if (!active && (await orgRepository.activeChildCount(db, org.id)) > 0) {
        throw new InvalidState('ORG_HAS_CHILDREN', '该机构下仍有启用的下级机构，请先处理下级机构。');
      }
      // Reactivating under an inactive parent would leave the agency loose in the public directory.
      if (active && org.parentId !== null && !(await load(org.parentId)).isActive) {
        throw new InvalidState('ORG_PARENT_INACTIVE', '上级机构已停用，请先重新启用上级机构。');
      }
      if (org.isActive === active) return org;
      return change(async (tx) => {
        const updated = await orgRepository.update(tx, org.id, { isActive: active });
        await audit.record(tx, actor, active ? 'org.reactivated' : 'org.deactivated', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { name: org.name } });
        return updated;
      });
    },

    /** Creates the root (the city) when the tree is empty: for the CLI and the demo only. */
    async createRoot(actor: Actor, raw: unknown): Promise<OrganisationRow> {
      const input = parseInput(OrgProfileInput.extend({ slug: CreateOrgInput.shape.slug }), raw);
      if (await orgRepository.root(db)) throw new InvalidState('ORG_ROOT_EXISTS', '根机构已存在。');
      return change(async (tx) => {
        const org = await orgRepository.insert(tx, { ...input, kind: 'city', parentId: null }, null);
        await audit.record(tx, actor, 'org.created', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { name: org.name, kind: 'city' } });
        return org;
      });
    },

    root: () => orgRepository.root(db),

    /** One agency by id, whatever the actor (for scoping checks in other modules). */
    lookup: (id: string) => (/^[1-9]\d{0,17}$/.test(id) ? orgRepository.findById(db, id) : Promise.resolve(undefined)),
  };
}
