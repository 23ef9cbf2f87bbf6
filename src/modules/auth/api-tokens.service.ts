import crypto from 'node:crypto';
import { z } from 'zod';
import { hasRoleAt, inSubtree, type Actor, type Grant, type UserActor } from '#platform/actor.js';
import type { Clock } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { Forbidden, NotFound, ValidationFailed } from '#platform/errors.js';
import { parseInput, requiredText } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import type { OrgService } from '#modules/org/index.js';
import { authRepository } from './auth.repository.js';
import { userActor } from './session.service.js';

/** Roles that may hold an API token for an agency (and must keep holding them for it to work). */
export const TOKEN_ROLES = ['agency_admin', 'coordinator'] as const;
/** Lifetime of a token in days: default and maximum. */
export const TOKEN_DAYS_DEFAULT = 90;
export const TOKEN_DAYS_MAX = 365;

/** `gk_<8 hex>_<43 base64url>`: the prefix identifies the token in lists; only sha256 of the whole is stored. */
const TOKEN_FORMAT = /^gk_([0-9a-f]{8})_[A-Za-z0-9_-]{32,64}$/;

const CreateTokenInput = z.object({
  orgId: z.string({ message: '请选择机构。' }).regex(/^[1-9]\d{0,17}$/, '请选择机构。'),
  name: requiredText(1, 60, '令牌名称'),
  days: z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? TOKEN_DAYS_DEFAULT : Number(v)),
    z.number({ message: `有效期应为 1–${TOKEN_DAYS_MAX} 天。` }).int(`有效期应为 1–${TOKEN_DAYS_MAX} 天的整数。`).min(1, `有效期应为 1–${TOKEN_DAYS_MAX} 天。`).max(TOKEN_DAYS_MAX, `有效期最长 ${TOKEN_DAYS_MAX} 天。`),
  ),
});

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Status of a token at a moment. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

/** What a valid bearer token resolves to: the acting person (narrowed) and the token. */
export interface TokenAuth {
  actor: UserActor;
  token: { id: string; orgId: string; prefix: string };
}

/**
 * The owner's grants narrowed to the token's agency subtree: a grant above the agency becomes the
 * same role at the agency; a grant inside the subtree stays; anything else is dropped.
 */
export function narrowGrants(grants: readonly Grant[], org: { id: string; path: string }): Grant[] {
  const out: Grant[] = [];
  for (const g of grants) {
    if (inSubtree(org.path, g.orgPath)) out.push({ orgId: org.id, orgPath: org.path, role: g.role });
    else if (inSubtree(g.orgPath, org.path)) out.push(g);
  }
  return out.filter((g, i) => out.findIndex((x) => x.orgId === g.orgId && x.role === g.role) === i);
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;

/**
 * API tokens for staff writes through the REST API: issued by an agency admin (or the coordinator)
 * for themselves and one agency in their reach, shown once, stored as a hash, expiring, revocable.
 * A token acts with its owner's current roles, narrowed to its agency's subtree.
 */
export function createApiTokenService({ db, audit, clock, orgs }: { db: Database; audit: AuditService; clock: Clock; orgs: OrgService }) {
  const statusOf = (t: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): TokenStatus => (t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active');

  /** Active agencies where the actor may issue a token for themselves. */
  async function issuableAgencies(actor: Actor): Promise<OrganisationRow[]> {
    if (actor.kind !== 'user' || actor.userKind !== 'staff') return [];
    return (await orgs.staffScope(actor)).filter((o) => o.isActive && hasRoleAt(actor, TOKEN_ROLES, o.path));
  }

  return {
    issuableAgencies,

    /** Issues a token; the secret is in the answer only, never stored or logged. */
    async create(actor: Actor, raw: unknown): Promise<{ id: string; secret: string; prefix: string; orgName: string; expiresAt: Date }> {
      if (actor.kind !== 'user' || actor.userKind !== 'staff') throw new Forbidden('TOKEN_FORBIDDEN', '只有机构管理员可以创建访问令牌。');
      const input = parseInput(CreateTokenInput, raw);
      const org = (await issuableAgencies(actor)).find((o) => o.id === input.orgId);
      if (!org) throw new ValidationFailed({ orgId: '请选择您担任机构管理员的机构。' });
      const prefix = crypto.randomBytes(4).toString('hex');
      const secret = `gk_${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(clock.now().getTime() + input.days * 86_400_000);
      const id = await db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('apiTokens').values({ orgId: org.id, userId: actor.id, name: input.name, tokenHash: hashToken(secret), prefix, createdAt: clock.now(), expiresAt }).returning('id').executeTakeFirstOrThrow();
        await audit.record(tx, actor, 'api-token.created', { orgId: org.id, subjectType: 'api_token', subjectId: row.id, summary: { name: input.name, prefix, expiresAt: expiresAt.toISOString() } });
        return row.id;
      });
      return { id, secret, prefix, orgName: org.name, expiresAt };
    },

    /** The actor's own tokens, newest first (never the secret: it is not kept). */
    async listOwn(actor: Actor) {
      if (actor.kind !== 'user') return [];
      const rows = await db
        .selectFrom('apiTokens as t')
        .innerJoin('organisations as o', 'o.id', 't.orgId')
        .select(['t.id', 't.name', 't.prefix', 't.orgId', 'o.name as orgName', 't.createdAt', 't.expiresAt', 't.lastUsedAt', 't.revokedAt'])
        .where('t.userId', '=', actor.id)
        .orderBy('t.createdAt', 'desc')
        .orderBy('t.id', 'desc')
        .limit(200)
        .execute();
      const now = clock.now();
      return rows.map((r) => ({ ...r, status: statusOf(r, now) }));
    },

    /** Revokes a token: its owner, or an agency admin / coordinator of its agency. Revoking twice changes nothing. */
    async revoke(actor: Actor, id: string): Promise<void> {
      const t = /^[1-9]\d{0,17}$/.test(id) ? await db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
      const org = t ? await orgs.lookup(t.orgId) : undefined;
      const allowed = t && org && actor.kind === 'user' && (t.userId === actor.id || hasRoleAt(actor, TOKEN_ROLES, org.path));
      if (!t || !allowed) throw new NotFound('TOKEN_NOT_FOUND', '该访问令牌不存在。');
      if (t.revokedAt) return;
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('apiTokens').set({ revokedAt: clock.now() }).where('id', '=', t.id).where('revokedAt', 'is', null).execute();
        await audit.record(tx, actor, 'api-token.revoked', { orgId: t.orgId, subjectType: 'api_token', subjectId: t.id, summary: { name: t.name, prefix: t.prefix } });
      });
    },

    /**
     * Resolves a bearer token into an actor, or null. Null when the token is unknown, revoked or
     * expired; when its owner is disabled, no longer holds an issuing role for the agency, or had
     * their two-factor reset since the token was issued (a credentials reset ends tokens too).
     */
    async authenticate(token: string, meta: { ip?: string | undefined; requestId?: string | undefined } = {}): Promise<TokenAuth | null> {
      const m = TOKEN_FORMAT.exec(token);
      if (!m) return null;
      const t = await db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', hashToken(token)).executeTakeFirst();
      const now = clock.now();
      if (!t || t.prefix !== m[1] || statusOf(t, now) !== 'active') return null;
      const [user, org] = await Promise.all([authRepository.findUserById(db, t.userId), orgs.lookup(t.orgId)]);
      if (!user || !user.isActive || user.kind !== 'staff' || !org || !org.isActive) return null;
      if (!user.totpEnabledAt || user.totpEnabledAt > t.createdAt) return null;
      const grants = await authRepository.grantsOf(db, user.id);
      const narrowed = narrowGrants(grants, org);
      if (!narrowed.some((g) => g.orgId === org.id && (TOKEN_ROLES as readonly string[]).includes(g.role))) return null;
      // The use time is written at most once a minute.
      if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', t.id).execute();
      // The audit trail names the token next to its owner (the label is all it reads of the name).
      const actor = { ...userActor(user, narrowed, meta), username: `${user.username} (API gk_${t.prefix})` };
      return { actor, token: { id: t.id, orgId: t.orgId, prefix: t.prefix } };
    },
  };
}
