import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '#platform/db/database.js';
import { NotFound } from '#platform/errors.js';
import type { OrgService } from '#modules/org/index.js';
import { itemUrl } from './public.api.js';
import { agenciesWithGuide, countPublic, newestPublic, parseListingQuery, sitemapItems, type PublicFilters } from './public.repository.js';

/** Escapes text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Items per sitemap file (the protocol allows 50,000; smaller files are cheaper to build). */
export const SITEMAP_PAGE = 10_000;
const FEED_SIZE = 50;

/** Atom 1.0 feeds of the public catalogue, and the sitemap (index → pages → items). */
export function catalogueFeedRoutes({ db, orgs, publicUrl }: { db: Database; orgs: OrgService; publicUrl: string }): FastifyPluginAsync {
  return async (app) => {
    app.get('/catalogue/feed.atom', async (req, reply) => {
      const { filters } = parseListingQuery(req.query as Record<string, unknown>, { defaultPageSize: FEED_SIZE, maxPageSize: FEED_SIZE });
      const feedFilters: PublicFilters = { agency: filters.agency, sub: filters.sub, topic: filters.topic };
      const rows = await newestPublic(db, feedFilters, FEED_SIZE);
      const agency = filters.agency ? (await orgs.listActive()).find((o) => o.slug === filters.agency) : undefined;
      const query = new URLSearchParams(Object.entries({ agency: feedFilters.agency, sub: feedFilters.sub ? '1' : undefined, topic: feedFilters.topic }).filter((e): e is [string, string] => e[1] !== undefined)).toString();
      const self = `${publicUrl}/catalogue/feed.atom${query ? `?${query}` : ''}`;
      const alternate = agency && !feedFilters.topic && !feedFilters.sub ? `${publicUrl}/agencies/${agency.slug}/catalogue` : `${publicUrl}/catalogue${query ? `?${query}` : ''}`;
      const updated = rows.reduce<Date | undefined>((m, r) => {
        const d = r.updatedPublicAt ?? r.firstPublishedAt;
        return d && (!m || d > m) ? d : m;
      }, undefined);
      const title = `${agency ? `${agency.name} ` : ''}政府信息公开目录${feedFilters.topic ? `（主题分类 ${feedFilters.topic}）` : ''}`;
      const entries = rows.map((r) => {
        const url = itemUrl(publicUrl, r.id);
        const published = r.firstPublishedAt ?? new Date(`${r.generatedOn ?? '1970-01-01'}T00:00:00+08:00`);
        const summary = r.summary ?? [r.docNumber, r.indexNumber ? `索引号 ${r.indexNumber}` : null].filter(Boolean).join('，');
        return [
          '<entry>',
          `<title>${xmlEscape(r.title ?? '')}</title>`,
          `<id>${xmlEscape(url)}</id>`,
          `<link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>`,
          `<published>${published.toISOString()}</published>`,
          `<updated>${(r.updatedPublicAt ?? published).toISOString()}</updated>`,
          `<author><name>${xmlEscape(r.agencyName)}</name><uri>${xmlEscape(`${publicUrl}/agencies/${r.agencySlug}`)}</uri></author>`,
          r.topicCode ? `<category term="${xmlEscape(r.topicCode)}" label="${xmlEscape(r.topicName ?? '')}"/>` : '',
          summary ? `<summary type="text">${xmlEscape(summary)}</summary>` : '',
          '</entry>',
        ].join('');
      });
      const xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        `<title>${xmlEscape(title)}</title>`,
        `<id>${xmlEscape(self)}</id>`,
        `<link rel="self" type="application/atom+xml" href="${xmlEscape(self)}"/>`,
        `<link rel="alternate" type="text/html" href="${xmlEscape(alternate)}"/>`,
        `<updated>${(updated ?? new Date(0)).toISOString()}</updated>`,
        `<author><name>${xmlEscape(agency?.name ?? (await orgs.root())?.name ?? '政务公开平台')}</name></author>`,
        '<generator uri="https://gongkai.dev">Gongkai</generator>',
        ...entries,
        '</feed>',
      ].join('\n');
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(xml);
    });

    app.get('/sitemap.xml', async (_req, reply) => {
      const pages = Math.max(1, Math.ceil((await countPublic(db)) / SITEMAP_PAGE));
      const maps = [`${publicUrl}/sitemap-pages.xml`, ...Array.from({ length: pages }, (_, n) => `${publicUrl}/sitemap-items-${n + 1}.xml`)];
      const xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ...maps.map((loc) => `<sitemap><loc>${xmlEscape(loc)}</loc></sitemap>`),
        '</sitemapindex>',
      ].join('\n');
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(xml);
    });

    app.get('/sitemap-pages.xml', async (_req, reply) => {
      const [agencies, guides] = await Promise.all([orgs.listActive(), agenciesWithGuide(db)]);
      const locs = [
        `${publicUrl}/`,
        `${publicUrl}/agencies`,
        `${publicUrl}/catalogue`,
        ...agencies.flatMap((o) => [
          `${publicUrl}/agencies/${o.slug}`,
          `${publicUrl}/agencies/${o.slug}/catalogue`,
          ...(guides.has(o.id) ? [`${publicUrl}/agencies/${o.slug}/guide`] : []),
        ]),
      ];
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(urlset(locs.map((loc) => ({ loc }))));
    });

    app.get<{ Params: { n: string } }>('/sitemap-items-:n.xml', async (req, reply) => {
      const n = /^[1-9]\d{0,4}$/.test(req.params.n) ? Number(req.params.n) : 0;
      const rows = n > 0 ? await sitemapItems(db, n, SITEMAP_PAGE) : [];
      if (rows.length === 0 && n !== 1) throw new NotFound();
      const urls = rows.map((r) => ({ loc: itemUrl(publicUrl, r.id), lastmod: (r.updatedPublicAt ?? r.firstPublishedAt)?.toISOString() }));
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(urlset(urls));
    });
  };
}

function urlset(urls: { loc: string; lastmod?: string | undefined }[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((u) => `<url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`),
    '</urlset>',
  ].join('\n');
}
