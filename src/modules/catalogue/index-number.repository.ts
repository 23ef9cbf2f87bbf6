import type { Executor, Tx } from '#platform/db/database.js';

/** The only SQL of index numbers. */
export const indexNumberRepository = {
  /** The agency's template, if it set one. */
  template: async (db: Executor, orgId: string) =>
    (await db.selectFrom('catalogueSettings').select('indexTemplate').where('orgId', '=', orgId).executeTakeFirst())?.indexTemplate,

  /**
   * Takes the next serial of the agency's period inside the caller's transaction. The upsert locks
   * the counter row until commit, so concurrent publications queue and get consecutive serials; a
   * rolled-back publication gives its serial back, so no committed number is ever issued twice.
   */
  async nextSerial(tx: Tx, orgId: string, period: string, count = 1): Promise<number> {
    const row = await tx
      .insertInto('indexNumberCounters')
      .values({ orgId, period, lastSerial: count })
      .onConflict((oc) => oc.columns(['orgId', 'period']).doUpdateSet((eb) => ({ lastSerial: eb('indexNumberCounters.lastSerial', '+', count) })))
      .returning('lastSerial')
      .executeTakeFirstOrThrow();
    // With `count` > 1 the caller owns the serials ending here: (last - count + 1) … last.
    return row.lastSerial;
  },
};
