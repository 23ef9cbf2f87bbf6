import { sql } from 'kysely';
import { dayNumber } from '#platform/calendar/index.js';
import type { Executor, Tx } from '#platform/db/database.js';
import { VALIDITY_CODES, type Analyzer } from '#platform/search/types.js';
import { normalizeDocNumber } from '#platform/search/text.js';
import { publicItemsWithVersion } from './public.repository.js';

/** Advisory-lock key of the search change log (so that sequence order is commit order). */
const SEARCH_LOCK = 7_406_331;

/** Appends changed keys to the search log; the caller's transaction holds the lock until it commits. */
export async function logSearchChanges(tx: Executor, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${SEARCH_LOCK})`.execute(tx);
  await tx
    .insertInto('searchChanges')
    .values(keys.map((key) => ({ key })))
    .execute();
}

const CHUNK = 500;

/**
 * Brings the search documents of these catalogue items in line with what the public may see, in the
 * caller's transaction: public items (published, 主动公开, active agency) are tokenised and upserted
 * from their current version (title, 文号, 索引号, summary, body, attachments' text, issuers);
 * anything else is removed. Called by publication, revision, validity change, withdrawal and import.
 */
export async function indexCatalogueItems(tx: Tx, itemIds: readonly string[], analyzer: Analyzer): Promise<void> {
  if (itemIds.length === 0) return;
  const keys = itemIds.map((id) => `item:${id}`);
  for (let c = 0; c < itemIds.length; c += CHUNK) {
    const ids = itemIds.slice(c, c + CHUNK);
    const rows = await publicItemsWithVersion(tx)
      .where('i.id', 'in', ids)
      .select([
        'i.id',
        'i.orgId',
        'i.indexNumber',
        'i.validity',
        'o.name as orgName',
        'v.title',
        'v.summary',
        'v.docNumber',
        'v.generatedOn',
        'v.topicId',
        'v.genreId',
        'v.bodyText',
        'v.attachmentIds',
        'v.coIssuerIds',
        'v.keywords',
      ])
      .execute();
    const attachmentIds = rows.flatMap((r) => r.attachmentIds);
    const texts = new Map<string, string>();
    if (attachmentIds.length > 0) {
      for (const a of await tx.selectFrom('catalogueAttachments').select(['id', 'textContent', 'fileName']).where('id', 'in', attachmentIds).execute()) texts.set(a.id, `${a.fileName}\n${a.textContent ?? ''}`);
    }
    const coIds = [...new Set(rows.flatMap((r) => r.coIssuerIds))];
    const coNames = new Map<string, string>();
    if (coIds.length > 0) for (const o of await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', coIds).execute()) coNames.set(o.id, o.name);

    const present = new Set(rows.map((r) => r.id));
    const gone = ids.filter((id) => !present.has(id)).map((id) => `item:${id}`);
    if (gone.length > 0) await tx.deleteFrom('searchDocuments').where('key', 'in', gone).execute();
    if (rows.length > 0) {
      const docs = rows.map((r) => {
        const body = [r.summary ?? '', r.bodyText, ...r.attachmentIds.map((id) => texts.get(id) ?? ''), r.orgName, ...r.coIssuerIds.map((id) => coNames.get(id) ?? ''), r.docNumber ?? '', r.indexNumber ?? '', r.keywords.join(' ')].join('\n');
        return {
          key: `item:${r.id}`,
          kind: 'item',
          refId: r.id,
          orgId: r.orgId,
          title: r.title,
          docNumber: r.docNumber,
          docNumberKey: r.docNumber ? normalizeDocNumber(r.docNumber) : null,
          indexNumber: r.indexNumber,
          topicId: r.topicId,
          genreId: r.genreId,
          day: dayNumber(r.generatedOn),
          validity: VALIDITY_CODES[r.validity],
          titleTokens: analyzer.tokens(r.title),
          bodyTokens: analyzer.tokens(body),
          url: `/catalogue/${r.id}`,
        };
      });
      await tx
        .insertInto('searchDocuments')
        .values(docs)
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            orgId: eb.ref('excluded.orgId'),
            title: eb.ref('excluded.title'),
            docNumber: eb.ref('excluded.docNumber'),
            docNumberKey: eb.ref('excluded.docNumberKey'),
            indexNumber: eb.ref('excluded.indexNumber'),
            topicId: eb.ref('excluded.topicId'),
            genreId: eb.ref('excluded.genreId'),
            day: eb.ref('excluded.day'),
            validity: eb.ref('excluded.validity'),
            titleTokens: eb.ref('excluded.titleTokens'),
            bodyTokens: eb.ref('excluded.bodyTokens'),
            url: eb.ref('excluded.url'),
            updatedAt: sql`now()`,
          })),
        )
        .execute();
    }
  }
  await logSearchChanges(tx, keys);
}

/** The agency's 政府信息公开指南 as a search document (`guide:<orgId>`), replaced on every saved version. */
export async function indexGuide(tx: Tx, org: { id: string; name: string; slug: string; isActive: boolean }, sectionsText: string, analyzer: Analyzer, on: string): Promise<void> {
  const key = `guide:${org.id}`;
  if (!org.isActive) {
    await tx.deleteFrom('searchDocuments').where('key', '=', key).execute();
  } else {
    const title = `${org.name}政府信息公开指南`;
    const doc = {
      key,
      kind: 'guide',
      refId: org.id,
      orgId: org.id,
      title,
      docNumber: null,
      docNumberKey: null,
      indexNumber: null,
      topicId: null,
      genreId: null,
      day: dayNumber(on),
      validity: VALIDITY_CODES.in_force,
      titleTokens: analyzer.tokens(title),
      bodyTokens: analyzer.tokens(`${org.name}\n${sectionsText}`),
      url: `/agencies/${org.slug}/guide`,
    };
    await tx
      .insertInto('searchDocuments')
      .values(doc)
      .onConflict((oc) => oc.column('key').doUpdateSet({ title: doc.title, titleTokens: doc.titleTokens, bodyTokens: doc.bodyTokens, day: doc.day, url: doc.url, updatedAt: sql`now()` }))
      .execute();
  }
  await logSearchChanges(tx, [key]);
}
