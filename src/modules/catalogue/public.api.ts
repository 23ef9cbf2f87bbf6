import type { FastifyPluginAsync } from 'fastify';
import { chinaDate } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import { NotFound, ValidationFailed } from '#platform/errors.js';
import { openApiDocument } from './openapi.js';
import { getPublic, listPublic, parseListingQuery, type PublicItem, type PublicListingRow } from './public.repository.js';

/** `YYYY-MM-DD` of a timestamp in China Standard Time, or null. */
export function cnDate(d: Date | null | undefined): string | null {
  return d ? chinaDate(d) : null;
}

/** 有效性 in words (one list for the whole module). */
export { VALIDITY_LABELS } from './item.schema.js';

/** The public address of an item. */
export function itemUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/catalogue/${id}`;
}

/** A listing row as the API, the JSON export and the CSV show it (a whitelist). */
export function presentListingRow(r: PublicListingRow, publicUrl: string) {
  return {
    id: r.id,
    url: itemUrl(publicUrl, r.id),
    indexNumber: r.indexNumber,
    title: r.title ?? '',
    docNumber: r.docNumber,
    agency: { slug: r.agencySlug, name: r.agencyName },
    topic: r.topicCode ? { code: r.topicCode, name: r.topicName } : null,
    genre: r.genreCode ? { code: r.genreCode, name: r.genreName } : null,
    generatedOn: r.generatedOn,
    publishedAt: r.firstPublishedAt?.toISOString() ?? null,
    updatedAt: (r.updatedPublicAt ?? r.firstPublishedAt)?.toISOString() ?? null,
    validity: r.validity,
    validityChangedOn: r.validityChangedOn,
  };
}

/** One public item with its current published version (never the working draft). */
export function presentItem(it: PublicItem, publicUrl: string) {
  return {
    id: it.id,
    url: itemUrl(publicUrl, it.id),
    indexNumber: it.indexNumber,
    title: it.title,
    summary: it.summary,
    docNumber: it.docNumber,
    agency: { slug: it.agencySlug, name: it.agencyName },
    coIssuers: it.coIssuers.map((o) => ({ slug: o.slug, name: o.name })),
    topic: it.topicCode ? { code: it.topicCode, name: it.topicName, parentName: it.topicParentName } : null,
    genre: it.genreCode ? { code: it.genreCode, name: it.genreName } : null,
    keywords: it.keywords,
    generatedOn: it.generatedOn,
    effectiveOn: it.effectiveOn,
    repealedOn: it.repealedOn,
    publishedAt: it.firstPublishedAt?.toISOString() ?? null,
    updatedAt: (it.updatedPublicAt ?? it.firstPublishedAt)?.toISOString() ?? null,
    validity: it.validity,
    validityChangedOn: it.validityChangedOn,
    bodyHtml: it.bodyHtml,
    bodyText: it.bodyText,
    attachments: it.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      mediaType: a.mediaType,
      size: Number(a.sizeBytes),
      url: `${itemUrl(publicUrl, it.id)}/attachments/${a.id}`,
    })),
    interpretations: it.interpretations.map((x) => ({ id: x.id, title: x.title, url: itemUrl(publicUrl, x.id) })),
    interprets: it.interprets ? { ...it.interprets, url: itemUrl(publicUrl, it.interprets.id) } : null,
    redactions: it.redactions,
  };
}

/** The public REST API of the catalogue (read-only, no session) and the OpenAPI document of the whole API. */
export function publicCatalogueApiRoutes({ db, publicUrl, publicVersion }: { db: Database; publicUrl: string; publicVersion?: () => number }): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/items', async (req) => {
      const q = parseListingQuery(req.query as Record<string, unknown>, { defaultPageSize: 20, maxPageSize: 100 });
      if (Object.keys(q.problems).length > 0) throw new ValidationFailed(q.problems);
      const { total, rows } = await listPublic(db, q.filters, q.sort, q.page, q.pageSize, publicVersion?.());
      return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => presentListingRow(r, publicUrl)) };
    });

    app.get<{ Params: { id: string } }>('/api/v1/items/:id', async (req) => {
      const item = await getPublic(db, req.params.id);
      if (!item) throw new NotFound('ITEM_NOT_FOUND', '该政府信息不存在或未公开。');
      return presentItem(item, publicUrl);
    });

    const doc = JSON.stringify(openApiDocument(publicUrl));
    app.get('/api/openapi.json', async (_req, reply) => reply.type('application/json; charset=utf-8').send(doc));
  };
}
