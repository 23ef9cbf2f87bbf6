import { sql } from 'kysely';
import type { Database } from '#platform/db/database.js';
import type { Analyzer } from '#platform/search/types.js';
import { indexCatalogueItems, logSearchChanges, publicItems, type GuideService } from '#modules/catalogue/index.js';
import { indexMatters } from '#modules/matters/index.js';

const CURSOR_KEY = 'search.reindex';
const BATCH = 200;

export interface ReindexResult {
  items: number;
  removed: number;
  guides: number;
  matters: number;
  resumedFrom: string | null;
}

/**
 * Rebuilds every search document from the catalogue: public items in id order, in batches, each
 * batch in its own transaction that also moves a cursor in app_settings, so an interrupted run
 * resumes where it stopped (`resume`); then removes documents of items no longer public and
 * re-indexes every agency's guide. Running processes pick the changes up from the change log.
 */
export async function reindexAll(
  deps: { db: Database; analyzer: () => Analyzer; guides: GuideService },
  opts: { resume?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReindexResult> {
  const { db } = deps;
  const saved = await db.selectFrom('appSettings').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst();
  const cursor = opts.resume && saved ? String((saved.value as { after?: string }).after ?? '0') : '0';
  const total = Number((await publicItems(db).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  let done = opts.resume && cursor !== '0' ? Number((await publicItems(db).where('i.id', '<=', cursor).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  let after = cursor;
  opts.onProgress?.(done, total);
  for (;;) {
    const ids = (await publicItems(db).where('i.id', '>', after).select('i.id').orderBy('i.id').limit(BATCH).execute()).map((r) => r.id);
    if (ids.length === 0) break;
    const last = ids.at(-1)!;
    await db.transaction().execute(async (tx) => {
      await indexCatalogueItems(tx, ids, deps.analyzer());
      await tx
        .insertInto('appSettings')
        .values({ key: CURSOR_KEY, value: JSON.stringify({ after: last }) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ after: last }) }))
        .execute();
    });
    after = last;
    done += ids.length;
    opts.onProgress?.(done, total);
  }
  // Documents of items that are no longer public (withdrawn, 依申请公开, agency deactivated).
  const removed = await db.transaction().execute(async (tx) => {
    const gone = await sql<{ key: string }>`
      DELETE FROM search_documents d
      WHERE d.kind = 'item' AND NOT EXISTS (
        SELECT 1 FROM catalogue_items i JOIN organisations o ON o.id = i.org_id
        WHERE i.id = d.ref_id AND i.public_state = 'published' AND i.disclosure = 'proactive' AND o.is_active)
      RETURNING d.key`.execute(tx);
    await logSearchChanges(
      tx,
      gone.rows.map((r) => r.key),
    );
    return gone.rows.length;
  });
  const guides = await deps.guides.reindexSearch();
  // Powers and service guides: every matter ever published (withdrawn ones are removed by indexMatters).
  const matterIds = (await db.selectFrom('matters').select('id').where('currentVersionId', 'is not', null).orderBy('id').execute()).map((r) => r.id);
  for (let c = 0; c < matterIds.length; c += BATCH) {
    const ids = matterIds.slice(c, c + BATCH);
    await db.transaction().execute((tx) => indexMatters(tx, ids, deps.analyzer()));
  }
  await db.deleteFrom('appSettings').where('key', '=', CURSOR_KEY).execute();
  return { items: done, removed, guides, matters: matterIds.length, resumedFrom: opts.resume && cursor !== '0' ? cursor : null };
}
