import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderDocument } from '../views/render.js';

interface Entry {
  version: number;
  /** Encoded once: UTF-8 encoding of a page on every send costs more than the rest of the request. */
  body: Buffer;
  etag: string;
}

/**
 * Rendered public pages for anonymous visitors, keyed by URL, language and display mode, and
 * valid while the data version they were built from is current. Signed-in visitors, pages with a
 * notice, and pages holding a form (a CSRF token) are never cached.
 */
export function createPageCache(maxEntries = 1000) {
  const entries = new Map<string, Entry>();
  return {
    /** Sends the page, from the cache when possible, answering 304 to a matching If-None-Match. */
    async send(req: FastifyRequest, reply: FastifyReply, version: number, render: () => Promise<VNode> | VNode, canonicalUrl?: string): Promise<FastifyReply> {
      const cacheable = req.actor.kind === 'anonymous' && req.cookies.gk_notice === undefined;
      // Pages that parse their query pass the canonical form, so that unknown or reordered
      // parameters share one entry instead of forcing a render each.
      const key = `${canonicalUrl ?? req.url}\u0000${req.lang}\u0000${req.largeText ? 1 : 0}`;
      let entry = cacheable ? entries.get(key) : undefined;
      if (entry) {
        // Least recently used goes first: a hit moves the entry to the end.
        entries.delete(key);
        entries.set(key, entry);
      }
      if (!entry || entry.version !== version) {
        const html = renderDocument(await render());
        const body = Buffer.from(html);
        entry = { version, body, etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"` };
        if (cacheable && !html.includes('name="_csrf"')) {
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
          entries.set(key, entry);
        }
      }
      reply.type('text/html; charset=utf-8');
      if (!cacheable) return reply.header('cache-control', 'no-store').send(entry.body);
      reply.header('cache-control', 'no-cache').header('etag', entry.etag).header('vary', 'Cookie');
      if (req.headers['if-none-match'] === entry.etag) return reply.code(304).send();
      return reply.send(entry.body);
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;
