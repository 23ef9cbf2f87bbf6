import { sql } from 'kysely';
import type { Executor, Tx } from '#platform/db/database.js';
import type { AuditEntryRow } from '#platform/db/schema.js';
import { entryHash, GENESIS_HASH, type StoredEntry } from './audit-chain.js';

/** What a service records; the chain fields are filled in here. */
export interface NewAuditEntry {
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  orgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  summary: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}

/** Filters of the audit browser. */
export interface AuditFilter {
  orgId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  subjectType?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** The only SQL of the audit trail. */
export const auditRepository = {
  /**
   * Appends an entry inside the caller's transaction. Locking the head row serialises writers, so
   * sequence numbers have no gaps and each entry links to the one committed before it.
   */
  async append(tx: Tx, e: NewAuditEntry): Promise<{ seq: string; hash: string }> {
    const head = await tx.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirst();
    const prevHash = head?.hash ?? GENESIS_HASH;
    const seq = String(BigInt(head?.seq ?? '0') + 1n);
    const hash = entryHash(prevHash, { ...e, seq });
    await tx
      .insertInto('auditEntries')
      .values({ ...e, seq, summary: JSON.stringify(e.summary), prevHash, hash })
      .execute();
    if (head) await tx.updateTable('auditHead').set({ seq, hash }).where('id', '=', 1).execute();
    else await tx.insertInto('auditHead').values({ id: 1, seq, hash }).execute();
    return { seq, hash };
  },

  /** Appends many entries in order under one lock of the head (bulk operations such as imports). */
  async appendMany(tx: Tx, entries: NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const head = await tx.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirst();
    let prevHash = head?.hash ?? GENESIS_HASH;
    let seq = BigInt(head?.seq ?? '0');
    const rows = entries.map((e) => {
      seq += 1n;
      const s = String(seq);
      const hash = entryHash(prevHash, { ...e, seq: s });
      const row = { ...e, seq: s, summary: JSON.stringify(e.summary), prevHash, hash };
      prevHash = hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('auditEntries').values(rows.slice(i, i + 500)).execute();
    if (head) await tx.updateTable('auditHead').set({ seq: String(seq), hash: prevHash }).where('id', '=', 1).execute();
    else await tx.insertInto('auditHead').values({ id: 1, seq: String(seq), hash: prevHash }).execute();
  },

  /** A page of entries, newest first, limited to the given subtree roots (or all when `roots` is null). */
  async list(db: Executor, roots: string[] | null, f: AuditFilter, page: { limit: number; offset: number }) {
    let q = db
      .selectFrom('auditEntries as a')
      .leftJoin('organisations as o', 'o.id', 'a.orgId')
      .select(['a.seq', 'a.occurredAt', 'a.actorId', 'a.actorLabel', 'a.orgId', 'a.action', 'a.subjectType', 'a.subjectId', 'a.summary', 'a.ip', 'a.requestId', 'o.name as orgName']);
    if (roots) {
      if (roots.length === 0) return { rows: [], total: 0 };
      q = q.where((eb) => eb.or(roots.map((r) => eb('o.path', 'like', `${r}%`))));
    }
    if (f.orgId) q = q.where('a.orgId', '=', f.orgId);
    if (f.actor) q = q.where('a.actorLabel', '=', f.actor);
    if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
    if (f.subjectType) q = q.where('a.subjectType', '=', f.subjectType);
    if (f.from) q = q.where('a.occurredAt', '>=', f.from);
    if (f.to) q = q.where('a.occurredAt', '<', f.to);
    const [rows, count] = await Promise.all([
      q.orderBy('a.seq', 'desc').limit(page.limit).offset(page.offset).execute(),
      q.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  /** Entries after `afterSeq` in chain order, for verification. */
  async chainBatch(db: Executor, afterSeq: string, limit: number): Promise<StoredEntry[]> {
    const rows: AuditEntryRow[] = await db
      .selectFrom('auditEntries')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, summary: r.summary }));
  },

  async head(db: Executor) {
    return db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  },

  /** Distinct action names (filter options). */
  async actions(db: Executor): Promise<string[]> {
    const rows = await db.selectFrom('auditEntries').select('action').distinct().orderBy('action').execute();
    return rows.map((r) => r.action);
  },
};
