import type { Executor } from '#platform/db/database.js';

/** The only SQL of the working-day calendar. */
export const calendarRepository = {
  /** Local days that apply everywhere or to the given scopes. */
  days: (db: Executor) =>
    db
      .selectFrom('calendarDays as d')
      .leftJoin('organisations as o', 'o.id', 'd.scopeOrgId')
      .select(['d.id', 'd.day', 'd.isOffDay', 'd.name', 'd.scopeOrgId', 'o.name as scopeName', 'o.path as scopePath', 'd.note', 'd.createdAt'])
      .orderBy('d.day')
      .execute(),
  years: (db: Executor) => db.selectFrom('calendarYears').selectAll().orderBy('year').execute(),
  findDay: (db: Executor, id: string) => db.selectFrom('calendarDays').selectAll().where('id', '=', id).executeTakeFirst(),
  findByDayAndScope: (db: Executor, day: string, scopeOrgId: string | null) =>
    db
      .selectFrom('calendarDays')
      .select('id')
      .where('day', '=', day)
      .where((eb) => (scopeOrgId === null ? eb('scopeOrgId', 'is', null) : eb('scopeOrgId', '=', scopeOrgId)))
      .executeTakeFirst(),
  insertDay: (db: Executor, row: { day: string; isOffDay: boolean; name: string; scopeOrgId: string | null; note: string | null; createdBy: string | null }) =>
    db.insertInto('calendarDays').values(row).returning('id').executeTakeFirstOrThrow(),
  deleteDay: (db: Executor, id: string) => db.deleteFrom('calendarDays').where('id', '=', id).execute(),
  upsertYear: (db: Executor, row: { year: number; note: string; markedBy: string | null }) =>
    db
      .insertInto('calendarYears')
      .values(row)
      .onConflict((oc) => oc.column('year').doUpdateSet({ note: row.note, markedBy: row.markedBy }))
      .execute(),
};
