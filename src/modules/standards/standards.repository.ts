import type { Executor } from '#platform/db/database.js';
import type { StandardEntriesTable } from '#platform/db/schema.js';
import type { Insertable, Selectable, Updateable } from 'kysely';
import { publicItems } from '#modules/catalogue/index.js';

export type StandardEntryRow = Selectable<StandardEntriesTable>;

/** The only SQL of the standard catalogue. */
export const standardsRepository = {
  /** An agency's entries in catalogue order. */
  entriesOf: (db: Executor, orgId: string) => db.selectFrom('standardEntries').selectAll().where('orgId', '=', orgId).orderBy('sortOrder').orderBy('id').execute(),

  find: (db: Executor, id: string) => db.selectFrom('standardEntries').selectAll().where('id', '=', id).executeTakeFirst(),

  findByName: (db: Executor, orgId: string, level1: string, level2: string) =>
    db.selectFrom('standardEntries').select('id').where('orgId', '=', orgId).where('level1', '=', level1).where('level2', '=', level2).executeTakeFirst(),

  /** The agency's highest sort order (0 when it has no entries). */
  maxSort: async (db: Executor, orgId: string) => (await db.selectFrom('standardEntries').select((eb) => eb.fn.max('sortOrder').as('m')).where('orgId', '=', orgId).executeTakeFirst())?.m ?? 0,

  insert: (db: Executor, row: Insertable<StandardEntriesTable>) => db.insertInto('standardEntries').values(row).returning('id').executeTakeFirstOrThrow(),

  update: (db: Executor, id: string, row: Updateable<StandardEntriesTable>) => db.updateTable('standardEntries').set(row).where('id', '=', id).execute(),

  /** Deletes an entry; its links go with it (ON DELETE CASCADE). */
  remove: (db: Executor, id: string) => db.deleteFrom('standardEntries').where('id', '=', id).execute(),

  /**
   * The items linked to the entries, as staff see them: the item's state, its title and 成文日期
   * (of the current published version, else of the working version) and its publication dates.
   */
  linkedItems: (db: Executor, entryIds: readonly string[]) =>
    entryIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('standardEntryItems as l')
          .innerJoin('catalogueItems as i', 'i.id', 'l.itemId')
          .innerJoin('organisations as o', 'o.id', 'i.orgId')
          .leftJoin('catalogueVersions as w', 'w.id', 'i.workVersionId')
          .select(['l.entryId', 'i.id', 'i.orgId', 'o.name as orgName', 'o.isActive as orgActive', 'i.indexNumber', 'i.publicState', 'i.workState', 'i.firstPublishedAt', 'i.updatedPublicAt'])
          .select((eb) => [
            eb.fn.coalesce('i.title', 'w.title').as('title'),
            eb.fn.coalesce('i.generatedOn', 'w.generatedOn').as('generatedOn'),
            eb.fn.coalesce('i.disclosure', 'w.disclosure').as('disclosure'),
          ])
          .where('l.entryId', 'in', entryIds)
          .orderBy('l.entryId')
          .orderBy((eb) => eb.fn.coalesce('i.generatedOn', 'w.generatedOn'), 'desc')
          .orderBy('i.id', 'desc')
          .execute(),

  /**
   * Linked items the public may see (the catalogue's one visibility rule, `publicItems`): only
   * published 主动公开 items of active agencies, and only public columns.
   */
  publicLinkedItems: (db: Executor, entryIds: readonly string[]) =>
    entryIds.length === 0
      ? Promise.resolve([])
      : publicItems(db)
          .innerJoin('standardEntryItems as l', 'l.itemId', 'i.id')
          .select(['l.entryId', 'i.id', 'i.title', 'i.indexNumber', 'i.generatedOn', 'i.firstPublishedAt'])
          .where('l.entryId', 'in', entryIds)
          .orderBy('l.entryId')
          .orderBy('i.generatedOn', 'desc')
          .orderBy('i.id', 'desc')
          .execute(),

  /** Items of the subtree at `rootPath` whose id or 索引号 is among `refs`. */
  itemsByRef: (db: Executor, refs: readonly string[], rootPath: string) => {
    const ids = refs.filter((r) => /^[1-9]\d{0,17}$/.test(r));
    return db
      .selectFrom('catalogueItems as i')
      .innerJoin('organisations as o', 'o.id', 'i.orgId')
      .select(['i.id', 'i.indexNumber'])
      .where('o.path', 'like', `${rootPath}%`)
      .where((eb) => eb.or([eb('i.indexNumber', 'in', refs), ...(ids.length > 0 ? [eb('i.id', 'in', ids)] : [])]))
      .execute();
  },

  linkedIds: async (db: Executor, entryId: string) => (await db.selectFrom('standardEntryItems').select('itemId').where('entryId', '=', entryId).execute()).map((r) => r.itemId),

  link: (db: Executor, entryId: string, itemIds: readonly string[], createdBy: string | null) =>
    db
      .insertInto('standardEntryItems')
      .values(itemIds.map((itemId) => ({ entryId, itemId, createdBy })))
      .onConflict((oc) => oc.doNothing())
      .execute(),

  unlink: (db: Executor, entryId: string, itemId: string) => db.deleteFrom('standardEntryItems').where('entryId', '=', entryId).where('itemId', '=', itemId).executeTakeFirst(),
};
