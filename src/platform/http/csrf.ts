import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.js';

const COOKIE = 'gk_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests from browsers that arrived without a CSRF cookie (weakly held: gone with the request). */
const freshBrowsers = new WeakSet<FastifyRequest>();

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
 * and an HMAC of it in each form (hidden `_csrf`) or the `X-CSRF-Token` header. Requests carrying
 * a bearer token (no cookies involved) are exempt.
 */
export function registerCsrf(app: FastifyInstance, opts: { secret: string; secure: boolean }): void {
  app.addHook('onRequest', async (req, reply) => {
    let id = req.cookies[COOKIE];
    if (!id || !/^[A-Za-z0-9_-]{20,64}$/.test(id)) {
      id = crypto.randomBytes(24).toString('base64url');
      reply.setCookie(COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
      // A brand-new browser has no valid token yet: any unsafe request it sends must fail.
      freshBrowsers.add(req);
    }
    req.csrfToken = tokenFor(opts.secret, id);
  });
  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method)) return;
    // Exempt only when no cookies are sent: a session cookie still authenticates the request.
    if (typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('Bearer ') && !req.headers.cookie) return;
    const got = presented(req);
    const ok =
      !freshBrowsers.has(req) &&
      typeof got === 'string' &&
      got.length === req.csrfToken.length &&
      crypto.timingSafeEqual(Buffer.from(got), Buffer.from(req.csrfToken));
    if (!ok) throw new Forbidden('CSRF_FAILED', '页面已过期或来源无法验证，请刷新页面后重新提交。');
  });
}
