import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '#platform/actor.js';
import { Forbidden, Unauthenticated } from '#platform/errors.js';
import type { SessionService, SessionState } from './session.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the request, including a sign-in awaiting its second factor. */
    sessionState: SessionState;
  }
}

export const SESSION_COOKIE = 'gk_session';
const NO_SESSION: SessionState = { status: 'none' };

/** Resolves the session cookie into `req.actor` on every request. */
export function registerSessions(app: FastifyInstance, sessions: SessionService, opts: { secure: boolean }): void {
  app.addHook('onRequest', (req, _reply, done) => {
    req.actor = { kind: 'anonymous', ip: req.ip, requestId: req.id };
    req.sessionState = NO_SESSION;
    const token = req.cookies[SESSION_COOKIE];
    if (!token || req.url.startsWith('/static/')) return done();
    sessions.resolve(token, { ip: req.ip, requestId: req.id }).then((state) => {
      req.sessionState = state;
      if (state.status === 'active') req.actor = state.actor;
      done();
    }, done);
  });
  app.decorateReply('startSession', function (this: FastifyReply, token: string) {
    this.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
    return this;
  });
  app.decorateReply('endSession', function (this: FastifyReply) {
    this.clearCookie(SESSION_COOKIE, { path: '/' });
    return this;
  });
}

declare module 'fastify' {
  interface FastifyReply {
    startSession(token: string): FastifyReply;
    endSession(): FastifyReply;
  }
}

/** The signed-in staff member, or a redirect to sign-in (pages) / 401 (API). */
export function requireStaff(req: FastifyRequest): UserActor {
  const a = req.actor;
  if (a.kind !== 'user') throw new Unauthenticated('UNAUTHENTICATED', '请先登录工作台。');
  if (a.userKind !== 'staff') throw new Forbidden('STAFF_ONLY', '仅限工作人员使用。');
  return a;
}
