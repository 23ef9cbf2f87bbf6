import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.js';

const COOKIE = 'gk_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ID = /^[A-Za-z0-9_-]{20,64}$/;

/** Per-request CSRF state: the browser id from its cookie, or one minted when a page needs a token. */
interface CsrfState {
  id: string | undefined;
  minted: boolean;
  token: string | undefined;
}
const states = new WeakMap<FastifyRequest, CsrfState>();

function tokenFor(secret: string, browserId: string): string {
  return crypto.createHmac('sha256', secret).update(`csrf:${browserId}`).digest('base64url');
}

function presented(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
}

/**
 * CSRF protection for every state-changing request: a per-browser random id in an HttpOnly cookie,
 * and an HMAC of it in each form (hidden `_csrf`) or the `X-CSRF-Token` header. The cookie is
 * issued only when a page actually asks for a token (a form), so plain reads stay cheap. Requests
 * that carry a bearer token and no cookies are exempt.
 */
export function registerCsrf(app: FastifyInstance, opts: { secret: string; secure: boolean }): void {
  app.decorateRequest('csrfToken', {
    getter(this: FastifyRequest): string {
      const s = states.get(this);
      if (!s) return '';
      if (s.token === undefined) {
        if (!s.id) {
          s.id = crypto.randomBytes(24).toString('base64url');
          s.minted = true;
        }
        s.token = tokenFor(opts.secret, s.id);
      }
      return s.token;
    },
  });
  app.addHook('onRequest', (req, _reply, done) => {
    const id = req.cookies[COOKIE];
    states.set(req, { id: id && ID.test(id) ? id : undefined, minted: false, token: undefined });
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    const s = states.get(req);
    if (s?.minted && s.id) reply.setCookie(COOKIE, s.id, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
    done(null, payload);
  });
  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method)) return;
    // Bearer tokens are exempt only without cookies: a browser always sends its cookies.
    if (typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('Bearer ') && req.headers.cookie === undefined) return;
    const s = states.get(req);
    const got = presented(req);
    // A browser without the cookie cannot hold a valid token: its unsafe request fails.
    const ok = s?.id !== undefined && typeof got === 'string' && got.length === req.csrfToken.length && crypto.timingSafeEqual(Buffer.from(got), Buffer.from(req.csrfToken));
    if (!ok) throw new Forbidden('CSRF_FAILED', '页面已过期或来源无法验证，请刷新页面后重新提交。');
  });
}
