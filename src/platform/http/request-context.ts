import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Actor } from '../actor.js';
import type { ViewCtx } from '../views/context.js';
import { translator, type Lang } from '../views/i18n.js';
import { renderDocument } from '../views/render.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting (anonymous until a session says otherwise). */
    actor: Actor;
    /** Interface language chosen by cookie (zh-CN by default). */
    lang: Lang;
    /** Large-font (适老化) display mode. */
    largeText: boolean;
    /** The CSRF token to embed in this page's forms. */
    csrfToken: string;
  }
}

/** Site name resolved once per request by the app (the city's name). */
export type SiteNameSource = () => string;

let siteNameSource: SiteNameSource = () => '政务公开平台';
/** Set by buildApp. */
export function setSiteNameSource(src: SiteNameSource): void {
  siteNameSource = src;
}

/** The view context of a request. */
export function viewCtx(req: FastifyRequest, notice?: string): ViewCtx {
  const a = req.actor;
  return {
    lang: req.lang,
    t: translator(req.lang),
    path: req.url,
    // Read only by pages that render a form: reading it issues the CSRF cookie.
    get csrfToken() {
      return req.csrfToken;
    },
    largeText: req.largeText,
    siteName: siteNameSource(),
    user: a.kind === 'user' ? { displayName: a.displayName, kind: a.userKind } : null,
    notice,
  };
}

/** Sends a rendered page. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(page));
}

/** Flash notices travel in a short-lived cookie across a redirect (POST → redirect → GET). */
export function redirectWithNotice(reply: FastifyReply, to: string, notice: string): FastifyReply {
  reply.setCookie('gk_notice', encodeURIComponent(notice.slice(0, 300)), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(to, 303);
}

/** Reads and clears the flash notice. */
export function takeNotice(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = req.cookies.gk_notice;
  if (!raw) return undefined;
  reply.clearCookie('gk_notice', { path: '/' });
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** A local path safe to redirect to (no scheme, no host, no protocol-relative tricks). */
export function safeLocalPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /[\r\n]/.test(next)) return fallback;
  return next.slice(0, 500);
}
