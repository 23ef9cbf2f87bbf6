import { sql } from 'kysely';
import type { Executor } from '#platform/db/database.js';
import type { NewOrganisation, OrganisationRow, OrganisationUpdate } from '#platform/db/schema.js';

/** The only SQL about organisations. */
export const orgRepository = {
  /** Every organisation in tree order (path, then sort order). Active ones only unless asked. */
  async listAll(db: Executor, includeInactive = false): Promise<OrganisationRow[]> {
    let q = db.selectFrom('organisations').selectAll();
    if (!includeInactive) q = q.where('isActive', '=', true);
    return q.orderBy('depth').orderBy('sortOrder').orderBy('id').execute();
  },

  /** Organisations inside any of the subtrees. */
  async listInSubtrees(db: Executor, roots: string[]): Promise<OrganisationRow[]> {
    if (roots.length === 0) return [];
    return db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) => eb.or(roots.map((r) => eb('path', 'like', `${r}%`))))
      .orderBy('depth')
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
  },

  findById: (db: Executor, id: string) => db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst(),
  findBySlug: (db: Executor, slug: string) => db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst(),
  findByCreditCode: (db: Executor, code: string) =>
    db.selectFrom('organisations').select(['id', 'name']).where('creditCode', '=', code).executeTakeFirst(),

  /** Inserts a node; its path is its parent's path plus its own id. */
  async insert(db: Executor, row: Omit<NewOrganisation, 'id' | 'path' | 'depth'>, parent: OrganisationRow | null): Promise<OrganisationRow> {
    const { id } = await sql<{ id: string }>`SELECT nextval('organisations_id_seq')::text AS id`.execute(db).then((r) => r.rows[0]!);
    const path = `${parent?.path ?? '/'}${id}/`;
    return db
      .insertInto('organisations')
      .values({ ...row, id, path, depth: (parent?.depth ?? -1) + 1 })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  update: (db: Executor, id: string, patch: OrganisationUpdate) =>
    db.updateTable('organisations').set({ ...patch, updatedAt: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),

  /** Number of active children (a node with children cannot be deactivated). */
  async activeChildCount(db: Executor, id: string): Promise<number> {
    const r = await db.selectFrom('organisations').select(sql<string>`count(*)`.as('n')).where('parentId', '=', id).where('isActive', '=', true).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** The root of the tree (the city), if created. */
  root: (db: Executor) => db.selectFrom('organisations').selectAll().where('parentId', 'is', null).orderBy('id').executeTakeFirst(),
};
