import crypto from 'node:crypto';
import type { Grant, UserActor } from '#platform/actor.js';
import type { Clock } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import type { UserRow } from '#platform/db/schema.js';
import { InvalidState, Unauthenticated, ValidationFailed } from '#platform/errors.js';
import { dummyPasswordHash, verifyPassword } from '#platform/security/password.js';
import { newTotpSecret, verifyTotp } from '#platform/security/totp.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import { requiresMfa } from './auth.policy.js';
import { authRepository } from './auth.repository.js';
import { LoginInput, TotpCodeInput } from './auth.schema.js';

/** Session and lockout settings. */
export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
  maxFailures: number;
  lockMinutes: number;
}

/** What a session resolves to on a request. */
export type SessionState =
  | { status: 'none' }
  | { status: 'active'; actor: UserActor; sessionId: string }
  | { status: 'mfa-pending'; user: UserRow; sessionId: string; mfaEnrolled: boolean };

/** The one message for every failed sign-in: never says whether the account exists. */
export const LOGIN_FAILED_MESSAGE = '用户名或密码错误。连续多次输错后账户将被暂时锁定。';

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Builds the actor of a user from their grants. */
export function userActor(user: UserRow, grants: Grant[], meta: { ip?: string | undefined; requestId?: string | undefined } = {}): UserActor {
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    userKind: user.kind,
    homeOrgId: user.homeOrgId,
    grants,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

/** Sign-in, two-factor, sessions with idle timeout, lockout after repeated failures. */
export function createSessionService({ db, audit, clock, settings }: { db: Database; audit: AuditService; clock: Clock; settings: SessionSettings }) {
  async function openSession(user: UserRow, mfaPassed: boolean, meta: { ip: string | null; userAgent: string | null }): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = clock.now();
    await authRepository.insertSession(db, {
      id: hashToken(token),
      userId: user.id,
      mfaPassed,
      expiresAt: new Date(now.getTime() + settings.maxHours * 3_600_000),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      now,
    });
    return token;
  }

  return {
    /**
     * Checks a user name and password. Every failure gives the same message and takes the same time;
     * failures count towards a temporary lock. Returns a session token and whether two-factor is due.
     */
    async login(raw: unknown, kind: 'staff' | 'public', meta: { ip: string | null; userAgent: string | null; requestId?: string | undefined }) {
      const input = parseInput(LoginInput, raw);
      const user = await authRepository.findUserByUsername(db, input.username);
      const now = clock.now();
      if (!user || user.kind !== kind || !user.isActive) {
        await verifyPassword(await dummyPasswordHash(), input.password);
        throw new ValidationFailed({}, LOGIN_FAILED_MESSAGE, 'LOGIN_FAILED');
      }
      const locked = user.lockedUntil !== null && user.lockedUntil > now;
      const ok = await verifyPassword(user.passwordHash, input.password);
      const actor = userActor(user, [], { ip: meta.ip ?? undefined, requestId: meta.requestId });
      if (locked || !ok) {
        await db.transaction().execute(async (tx) => {
          const r = await authRepository.recordFailure(tx, user.id, settings.maxFailures, now, new Date(now.getTime() + settings.lockMinutes * 60_000));
          const nowLocked = r.lockedUntil !== null && r.lockedUntil > now;
          await audit.record(tx, actor, nowLocked && !locked ? 'auth.locked' : 'auth.login-failed', {
            orgId: user.homeOrgId,
            subjectType: 'user',
            subjectId: user.id,
            summary: { failedLogins: r.failedLogins, wasLocked: locked },
          });
        });
        throw new ValidationFailed({}, LOGIN_FAILED_MESSAGE, 'LOGIN_FAILED');
      }
      const grants = await authRepository.grantsOf(db, user.id);
      const mfaNeeded = user.totpEnabledAt !== null || requiresMfa(grants.map((g) => g.role));
      const token = await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, ...(mfaNeeded ? {} : { lastLoginAt: now }) });
        await audit.record(tx, actor, mfaNeeded ? 'auth.password-accepted' : 'auth.login', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id });
        return openSession(user, !mfaNeeded, meta);
      });
      return { token, mfa: mfaNeeded ? (user.totpEnabledAt ? 'verify' : 'enrol') : null } as const;
    },

    /** Resolves a session token: expired or idle sessions end here. */
    async resolve(token: string | undefined, meta: { ip?: string | undefined; requestId?: string | undefined } = {}): Promise<SessionState> {
      if (!token || token.length > 100) return { status: 'none' };
      const id = hashToken(token);
      const s = await authRepository.findSession(db, id);
      const now = clock.now();
      if (!s) return { status: 'none' };
      if (s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > settings.idleMinutes * 60_000) {
        await authRepository.deleteSession(db, id);
        return { status: 'none' };
      }
      const user = await authRepository.findUserById(db, s.userId);
      if (!user || !user.isActive) return { status: 'none' };
      // Write the activity time at most once a minute.
      if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await authRepository.touchSession(db, id, now);
      if (!s.mfaPassed) return { status: 'mfa-pending', user, sessionId: id, mfaEnrolled: user.totpEnabledAt !== null };
      const grants = await authRepository.grantsOf(db, user.id);
      return { status: 'active', actor: userActor(user, grants, meta), sessionId: id };
    },

    /** Second step of sign-in: a TOTP code for an enrolled user. */
    async verifyMfa(state: SessionState, raw: unknown, meta: { ip?: string | undefined; requestId?: string | undefined }): Promise<void> {
      if (state.status !== 'mfa-pending' || !state.user.totpSecret || !state.user.totpEnabledAt) throw new Unauthenticated();
      const { code } = parseInput(TotpCodeInput, raw);
      const user = state.user;
      const secret = user.totpSecret!;
      const step = verifyTotp(secret, code, clock.now(), user.totpLastStep === null ? null : Number(user.totpLastStep));
      const actor = userActor(user, [], meta);
      if (step === null) {
        await db.transaction().execute(async (tx) => {
          const now = clock.now();
          const r = await authRepository.recordFailure(tx, user.id, settings.maxFailures, now, new Date(now.getTime() + settings.lockMinutes * 60_000));
          const wasLocked = user.lockedUntil !== null && user.lockedUntil > now;
          const nowLocked = r.lockedUntil !== null && r.lockedUntil > now;
          // A lock set by this failure is recorded as such, like one set by wrong passwords.
          await audit.record(tx, actor, nowLocked && !wasLocked ? 'auth.locked' : 'auth.mfa-failed', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id, summary: { failedLogins: r.failedLogins, mfa: true } });
          if (nowLocked) await authRepository.deleteSessionsOf(tx, user.id);
        });
        throw new ValidationFailed({ code: '动态验证码不正确或已过期。' });
      }
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { totpLastStep: step, failedLogins: 0, lastLoginAt: clock.now() });
        await authRepository.passMfa(tx, state.sessionId);
        await audit.record(tx, actor, 'auth.login', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id, summary: { mfa: true } });
      });
    },

    /** Starts two-factor enrolment: stores a new pending secret and returns it for the authenticator app. */
    async startEnrolment(userId: string, meta: { ip?: string | undefined; requestId?: string | undefined }): Promise<string> {
      const user = await authRepository.findUserById(db, userId);
      if (!user) throw new Unauthenticated();
      if (user.totpEnabledAt) throw new InvalidState('MFA_ENROLLED', '已启用两步验证。');
      const secret = newTotpSecret();
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { totpSecret: secret });
        await audit.record(tx, userActor(user, [], meta), 'auth.mfa-enrolment-started', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id });
      });
      return secret;
    },

    /** Completes enrolment: a code from the authenticator proves the pending secret was added. */
    async enrolMfa(userId: string, sessionId: string | null, raw: unknown, meta: { ip?: string | undefined; requestId?: string | undefined }): Promise<void> {
      const user = await authRepository.findUserById(db, userId);
      if (!user) throw new Unauthenticated();
      if (user.totpEnabledAt || !user.totpSecret) throw new InvalidState('MFA_NOT_PENDING', '请重新开始设置两步验证。');
      const { code } = parseInput(TotpCodeInput, raw);
      const step = verifyTotp(user.totpSecret, code, clock.now(), null);
      if (step === null) throw new ValidationFailed({ code: '动态验证码不正确，请确认手机时间准确后重试。' });
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { totpEnabledAt: clock.now(), totpLastStep: step, lastLoginAt: clock.now() });
        if (sessionId) await authRepository.passMfa(tx, sessionId);
        await audit.record(tx, userActor(user, [], meta), 'auth.mfa-enrolled', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id });
      });
    },

    /** Ends a session. */
    async logout(state: SessionState, meta: { ip?: string | undefined; requestId?: string | undefined }): Promise<void> {
      if (state.status === 'none') return;
      const user = state.status === 'active' ? state.actor : userActor(state.user, [], meta);
      await db.transaction().execute(async (tx) => {
        await authRepository.deleteSession(tx, state.sessionId);
        await audit.record(tx, { ...user, ...meta }, 'auth.logout', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id });
      });
    },

    /** Removes expired sessions (housekeeping). */
    purgeExpired: () => authRepository.deleteExpiredSessions(db, clock.now()),

    /** Refuses a second step without a pending sign-in. */
    assertPending(state: SessionState): asserts state is Extract<SessionState, { status: 'mfa-pending' }> {
      if (state.status !== 'mfa-pending') throw new InvalidState('NO_PENDING_LOGIN', '登录已过期，请重新登录。');
    },

  };
}
