import { sql } from 'kysely';
import pg from 'pg';
import type { Executor } from './database.js';

/** The PostgreSQL channel on which services announce committed changes (cache invalidation). */
export const CHANGES_CHANNEL = 'gongkai_changes';

/** Announces a change of `topic`; delivered to every listening process when the transaction commits. */
export async function notifyChange(tx: Executor, topic: string): Promise<void> {
  await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${topic})`.execute(tx);
}

/** Subscriptions to change notices from every app process sharing the database. */
export interface ChangeFeed {
  /** Calls `fn` after a change of `topic` commits anywhere, and after any gap in listening. */
  on(topic: string, fn: () => void): void;
  close(): Promise<void>;
}

/**
 * Listens on a dedicated connection. If the connection drops, notices may have been missed, so
 * every subscriber is told to drop its cache, and the listener reconnects.
 */
export async function listenForChanges(url: string, onError: (err: unknown) => void = () => undefined): Promise<ChangeFeed> {
  const subscribers = new Map<string, Set<() => void>>();
  let closed = false;
  let client: pg.Client | undefined;
  const everyone = () => {
    for (const fns of subscribers.values()) for (const fn of fns) fn();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      for (const fn of subscribers.get(n.payload ?? '') ?? []) fn();
    });
    const lost = (err?: unknown) => {
      if (err) onError(err);
      if (closed || client !== c) return;
      client = undefined;
      everyone();
      setTimeout(() => void connect().catch(onError), 1000).unref();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    client = c;
    everyone();
  };
  await connect();
  return {
    on(topic, fn) {
      let set = subscribers.get(topic);
      if (!set) subscribers.set(topic, (set = new Set()));
      set.add(fn);
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
