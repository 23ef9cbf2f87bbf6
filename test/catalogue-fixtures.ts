/**
 * Catalogue items for tests, inserted directly (no service): an item row plus the versions its
 * states need, consistent with the table's CHECK constraints — published/withdrawn ⇒ a current
 * version; a work state ⇒ a working version.
 */
import crypto from 'node:crypto';
import type { Database } from '../src/platform/db/database.js';
import type { Disclosure, PublicState, Validity, WorkState } from '../src/platform/db/schema.js';

/** An attachment to store and name on a version. */
export interface AttachmentFixture {
  fileName: string;
  mediaType?: string;
  content: string | Buffer;
}

export interface ItemFixture {
  orgId: string;
  title: string;
  body?: string;
  summary?: string | null;
  publicState?: PublicState;
  workState?: WorkState | null;
  disclosure?: Disclosure;
  /** Content of the pending working version (defaults: the current one's). */
  workTitle?: string;
  workBody?: string;
  generatedOn?: string;
  firstPublishedAt?: Date;
  updatedPublicAt?: Date | null;
  topicCode?: string | null;
  genreCode?: string | null;
  docNumber?: string | null;
  indexNumber?: string | null;
  keywords?: string[];
  coIssuerIds?: string[];
  interpretsId?: string | null;
  validity?: Validity;
  validityChangedOn?: string | null;
  effectiveOn?: string | null;
  repealedOn?: string | null;
  /** Attachments of the current (published) version. */
  attachments?: AttachmentFixture[];
  /** Attachments only the working version names. */
  workAttachments?: AttachmentFixture[];
}

/** What was inserted. */
export interface InsertedItem {
  id: string;
  currentVersionId: string | null;
  workVersionId: string | null;
  attachmentIds: string[];
  workAttachmentIds: string[];
}

let serial = 0;

/** Inserts an item (published and proactive by default) and returns its ids. */
export async function insertItem(db: Database, f: ItemFixture, storage?: { put(buf: Buffer): Promise<{ sha256: string }> }): Promise<InsertedItem> {
  const publicState = f.publicState ?? 'published';
  const disclosure = f.disclosure ?? 'proactive';
  const generatedOn = f.generatedOn ?? '2024-01-15';
  const term = async (scheme: 'topic' | 'genre', code: string | null | undefined) =>
    code ? (await db.selectFrom('taxonomyTerms').select('id').where('scheme', '=', scheme).where('code', '=', code).executeTakeFirstOrThrow()).id : null;
  const topicId = await term('topic', f.topicCode);
  const genreId = await term('genre', f.genreCode);

  const item = await db.insertInto('catalogueItems').values({ orgId: f.orgId }).returning('id').executeTakeFirstOrThrow();
  const addAttachments = async (list: AttachmentFixture[] | undefined) => {
    const ids: string[] = [];
    for (const a of list ?? []) {
      const buf = Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content);
      const sha256 = storage ? (await storage.put(buf)).sha256 : crypto.createHash('sha256').update(buf).digest('hex');
      const row = await db
        .insertInto('catalogueAttachments')
        .values({ itemId: item.id, sha256, fileName: a.fileName, mediaType: a.mediaType ?? 'application/pdf', sizeBytes: buf.length })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return ids;
  };
  const attachmentIds = await addAttachments(f.attachments);
  const workAttachmentIds = await addAttachments(f.workAttachments);
  const content = {
    itemId: item.id,
    summary: f.summary ?? null,
    docNumber: f.docNumber ?? null,
    generatedOn,
    effectiveOn: f.effectiveOn ?? null,
    repealedOn: f.repealedOn ?? null,
    topicId,
    genreId,
    keywords: f.keywords ?? [],
    disclosure,
    withheldGround: disclosure === 'withheld' ? 'art16_internal' : null,
    coIssuerIds: f.coIssuerIds ?? [],
    interpretsId: f.interpretsId ?? null,
  };

  let versionNo = 0;
  let currentVersionId: string | null = null;
  if (publicState !== 'unpublished') {
    const publishedAt = f.firstPublishedAt ?? new Date(Date.UTC(2024, 0, 1) + ++serial * 60_000);
    const v = await db
      .insertInto('catalogueVersions')
      .values({ ...content, versionNo: ++versionNo, title: f.title, bodyHtml: `<p>${f.body ?? ''}</p>`, bodyText: f.body ?? '', attachmentIds, publishedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    currentVersionId = v.id;
    await db
      .updateTable('catalogueItems')
      .set({
        publicState,
        currentVersionId,
        indexNumber: f.indexNumber === undefined ? `TEST/${generatedOn.slice(0, 4)}-${String(Number(item.id)).padStart(5, '0')}` : f.indexNumber,
        title: f.title,
        docNumber: f.docNumber ?? null,
        generatedOn,
        topicId,
        genreId,
        disclosure,
        validity: f.validity ?? 'in_force',
        validityChangedOn: f.validityChangedOn ?? null,
        firstPublishedAt: publishedAt,
        updatedPublicAt: f.updatedPublicAt ?? publishedAt,
        ...(publicState === 'withdrawn' ? { withdrawnAt: new Date(), withdrawnReason: '测试撤回' } : {}),
      })
      .where('id', '=', item.id)
      .execute();
  }
  let workVersionId: string | null = null;
  const workState = f.workState ?? (publicState === 'unpublished' ? 'draft' : null);
  if (workState) {
    const title = f.workTitle ?? f.title;
    const body = f.workBody ?? f.body ?? '';
    const v = await db
      .insertInto('catalogueVersions')
      .values({ ...content, versionNo: versionNo + 1, title, bodyHtml: `<p>${body}</p>`, bodyText: body, attachmentIds: [...attachmentIds, ...workAttachmentIds] })
      .returning('id')
      .executeTakeFirstOrThrow();
    workVersionId = v.id;
    await db.updateTable('catalogueItems').set({ workState, workVersionId }).where('id', '=', item.id).execute();
  }
  return { id: item.id, currentVersionId, workVersionId, attachmentIds, workAttachmentIds };
}
