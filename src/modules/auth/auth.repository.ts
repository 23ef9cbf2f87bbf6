import { sql, type Insertable, type Updateable } from 'kysely';
import type { Grant, Role } from '#platform/actor.js';
import type { Executor } from '#platform/db/database.js';
import type { UserRow, UsersTable } from '#platform/db/schema.js';

/** The only SQL about accounts, role grants and sessions. */
export const authRepository = {
  findUserByUsername: (db: Executor, username: string) => db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),
  findUserById: (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

  insertUser: (db: Executor, row: Insertable<UsersTable>): Promise<UserRow> => db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow(),

  updateUser: (db: Executor, id: string, patch: Updateable<UsersTable>): Promise<UserRow> =>
    db.updateTable('users').set({ ...patch, updatedAt: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),

  /**
   * Counts a failed login atomically and locks the account at the threshold. Attempts during a
   * lock do not extend it: the lock lasts LOGIN_LOCK_MINUTES from the moment it was set.
   */
  async recordFailure(db: Executor, id: string, max: number, now: Date, lockUntil: Date) {
    return db
      .updateTable('users')
      .set(() => ({
        // A lock that has run out starts a new count.
        failedLogins: sql<number>`CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now}::timestamptz THEN 1 ELSE failed_logins + 1 END`,
        lockedUntil: sql<Date | null>`CASE WHEN locked_until > ${now}::timestamptz THEN locked_until
          WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now}::timestamptz THEN 1 ELSE failed_logins + 1 END) >= ${max} THEN ${lockUntil}::timestamptz
          ELSE NULL END`,
      }))
      .where('id', '=', id)
      .returning(['failedLogins', 'lockedUntil'])
      .executeTakeFirstOrThrow();
  },

  /** A user's grants with the granted agencies' tree paths. */
  async grantsOf(db: Executor, userId: string): Promise<Grant[]> {
    const rows = await db
      .selectFrom('roleGrants as g')
      .innerJoin('organisations as o', 'o.id', 'g.orgId')
      .select(['g.orgId', 'o.path as orgPath', 'g.role'])
      .where('g.userId', '=', userId)
      .where('o.isActive', '=', true)
      .execute();
    return rows.map((r) => ({ orgId: r.orgId, orgPath: r.orgPath, role: r.role as Role }));
  },

  /** Grants with agency names, for the staff pages. */
  grantsWithNames: (db: Executor, userId: string) =>
    db
      .selectFrom('roleGrants as g')
      .innerJoin('organisations as o', 'o.id', 'g.orgId')
      .select(['g.id', 'g.orgId', 'o.name as orgName', 'o.path as orgPath', 'g.role', 'g.createdAt'])
      .where('g.userId', '=', userId)
      .orderBy('o.path')
      .orderBy('g.role')
      .execute(),

  insertGrant: (db: Executor, g: { userId: string; orgId: string; role: Role; grantedBy: string | null }) =>
    db.insertInto('roleGrants').values(g).onConflict((oc) => oc.columns(['userId', 'orgId', 'role']).doNothing()).returning('id').executeTakeFirst(),

  findGrant: (db: Executor, id: string) =>
    db.selectFrom('roleGrants as g').innerJoin('organisations as o', 'o.id', 'g.orgId').select(['g.id', 'g.userId', 'g.orgId', 'g.role', 'o.path as orgPath', 'o.name as orgName']).where('g.id', '=', id).executeTakeFirst(),

  deleteGrant: (db: Executor, id: string) => db.deleteFrom('roleGrants').where('id', '=', id).execute(),

  /**
   * Staff accounts whose home agency lies in one of the subtrees, with their home agency's name.
   * Visibility is scoped here: staff outside the subtrees are simply absent.
   */
  async staffInSubtrees(db: Executor, roots: string[], opts: { orgPath?: string | undefined; q?: string | undefined; limit: number; offset: number }) {
    if (roots.length === 0) return { rows: [], total: 0 };
    let q = db
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.homeOrgId')
      .where('u.kind', '=', 'staff')
      .where((eb) => eb.or(roots.map((r) => eb('o.path', 'like', `${r}%`))));
    if (opts.orgPath) q = q.where('o.path', 'like', `${opts.orgPath}%`);
    if (opts.q) {
      const like = `%${opts.q.replace(/[%_\\]/g, '\\$&')}%`;
      q = q.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.displayName', 'like', like)]));
    }
    const [rows, count] = await Promise.all([
      q
        .select(['u.id', 'u.username', 'u.displayName', 'u.email', 'u.isActive', 'u.lockedUntil', 'u.totpEnabledAt', 'u.lastLoginAt', 'u.homeOrgId', 'o.name as orgName', 'o.path as orgPath'])
        .orderBy('o.path')
        .orderBy('u.username')
        .limit(opts.limit)
        .offset(opts.offset)
        .execute(),
      q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  insertSession: (db: Executor, s: { id: string; userId: string; mfaPassed: boolean; expiresAt: Date; ip: string | null; userAgent: string | null; now: Date }) =>
    db
      .insertInto('sessions')
      .values({ id: s.id, userId: s.userId, mfaPassed: s.mfaPassed, expiresAt: s.expiresAt, ip: s.ip, userAgent: s.userAgent, createdAt: s.now, lastSeenAt: s.now })
      .execute(),

  findSession: (db: Executor, id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),
  touchSession: (db: Executor, id: string, at: Date) => db.updateTable('sessions').set({ lastSeenAt: at }).where('id', '=', id).execute(),
  passMfa: (db: Executor, id: string) => db.updateTable('sessions').set({ mfaPassed: true }).where('id', '=', id).execute(),
  deleteSession: (db: Executor, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute(),
  deleteSessionsOf: (db: Executor, userId: string) => db.deleteFrom('sessions').where('userId', '=', userId).execute(),
  deleteOtherSessions: (db: Executor, userId: string, keepId: string) => db.deleteFrom('sessions').where('userId', '=', userId).where('id', '!=', keepId).execute(),
  deleteExpiredSessions: (db: Executor, now: Date) => db.deleteFrom('sessions').where('expiresAt', '<', now).execute(),
};
