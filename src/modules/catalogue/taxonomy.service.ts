import { isCityCoordinator, type Actor } from '#platform/actor.js';
import { notifyChange, type ChangeFeed } from '#platform/db/changes.js';
import type { Database, Tx } from '#platform/db/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '#platform/errors.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import { NewTermInput, RenameTermInput, type TaxonomyScheme } from './taxonomy.schema.js';

/** A term of 主题分类 or 体裁, with its children (topics have two levels). */
export interface Term {
  id: string;
  code: string;
  name: string;
  isActive: boolean;
  parentId: string | null;
  children: Term[];
}

const FORBIDDEN = '只有政务公开主管部门（协调员）可以维护分类。';

export type TaxonomyService = ReturnType<typeof createTaxonomyService>;

/** The coordinator keeps the topic tree (gov.cn scheme by default) and the genres; changes are audited. */
export function createTaxonomyService({ db, audit, changes }: { db: Database; audit: AuditService; changes?: ChangeFeed | undefined }) {
  // Public pages show term names: they are rebuilt after any change (here, or announced by NOTIFY).
  let version = 0;
  const bump = () => void version++;
  changes?.on('taxonomy', bump);
  /** Runs a change in a transaction that announces it, then bumps the version here. */
  const change = async (fn: (tx: Tx) => Promise<void>) => {
    await db.transaction().execute(async (tx) => {
      await fn(tx);
      await notifyChange(tx, 'taxonomy');
    });
    bump();
  };
  const find = async (id: string) => (/^[1-9]\d{0,17}$/.test(id) ? db.selectFrom('taxonomyTerms').selectAll().where('id', '=', id).executeTakeFirst() : undefined);
  const guard = (actor: Actor) => {
    if (!isCityCoordinator(actor)) throw new Forbidden('TAXONOMY_FORBIDDEN', FORBIDDEN);
  };
  const unique = (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') throw new Conflict('TERM_EXISTS', '代码或名称已被使用。', { code: '同一分类下的代码或名称已存在。' });
    throw err;
  };
  return {
    /** Changes whenever a term changes (for page caches). */
    version: () => version,

    /** The scheme's terms as a tree, in order; inactive ones included when asked. */
    async tree(scheme: TaxonomyScheme, includeInactive = false): Promise<Term[]> {
      let q = db.selectFrom('taxonomyTerms').select(['id', 'code', 'name', 'isActive', 'parentId']).where('scheme', '=', scheme);
      if (!includeInactive) q = q.where('isActive', '=', true);
      const rows = await q.orderBy('sortOrder').orderBy('id').execute();
      const byId = new Map<string, Term>(rows.map((r) => [r.id, { ...r, children: [] }]));
      const roots: Term[] = [];
      for (const t of byId.values()) (t.parentId ? byId.get(t.parentId)?.children : roots)?.push(t);
      return roots;
    },

    /** Adds a term (a second-level topic under a top-level one, or a top-level topic or genre). */
    async addTerm(actor: Actor, raw: unknown): Promise<void> {
      guard(actor);
      const input = parseInput(NewTermInput, raw);
      if (input.parentId) {
        const parent = await find(input.parentId);
        if (!parent || parent.scheme !== input.scheme || parent.parentId !== null || input.scheme !== 'topic') {
          throw new ValidationFailed({ parentId: '上级只能是一级主题分类。' });
        }
      }
      await change(async (tx) => {
        const max = await tx.selectFrom('taxonomyTerms').select((eb) => eb.fn.max('sortOrder').as('m')).where('scheme', '=', input.scheme).executeTakeFirst();
        const row = await tx
          .insertInto('taxonomyTerms')
          .values({ scheme: input.scheme, parentId: input.parentId, code: input.code, name: input.name, sortOrder: (max?.m ?? 0) + 1 })
          .returning('id')
          .executeTakeFirstOrThrow()
          .catch(unique);
        await audit.record(tx, actor, 'taxonomy.term-added', { subjectType: 'taxonomy_term', subjectId: row.id, summary: { scheme: input.scheme, code: input.code, name: input.name } });
      });
    },

    /** Renames a term. */
    async renameTerm(actor: Actor, id: string, raw: unknown): Promise<void> {
      guard(actor);
      const term = await find(id);
      if (!term) throw new NotFound('TERM_NOT_FOUND', '该分类不存在。');
      const { name } = parseInput(RenameTermInput, raw);
      if (name === term.name) return;
      await change(async (tx) => {
        await tx.updateTable('taxonomyTerms').set({ name }).where('id', '=', term.id).execute().catch(unique);
        await audit.record(tx, actor, 'taxonomy.term-renamed', { subjectType: 'taxonomy_term', subjectId: term.id, summary: { from: term.name, to: name } });
      });
    },

    /** Retires or restores a term (terms in use are never deleted, so old items keep their class). */
    async setActive(actor: Actor, id: string, active: boolean): Promise<void> {
      guard(actor);
      const term = await find(id);
      if (!term) throw new NotFound('TERM_NOT_FOUND', '该分类不存在。');
      if (term.isActive === active) return;
      await change(async (tx) => {
        await tx.updateTable('taxonomyTerms').set({ isActive: active }).where('id', '=', term.id).execute();
        await audit.record(tx, actor, active ? 'taxonomy.term-restored' : 'taxonomy.term-retired', { subjectType: 'taxonomy_term', subjectId: term.id, summary: { name: term.name } });
      });
    },
  };
}
