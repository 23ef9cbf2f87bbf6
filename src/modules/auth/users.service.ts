import crypto from 'node:crypto';
import { grantRoots, type Actor, type Role } from '#platform/actor.js';
import type { Clock } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import type { UserRow } from '#platform/db/schema.js';
import { Conflict, Forbidden, InvalidState, NotFound, ValidationFailed } from '#platform/errors.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '#platform/security/password.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import { canGrantRole, canManageAccount, canViewAccount } from './auth.policy.js';
import { authRepository } from './auth.repository.js';
import { ChangePasswordInput, CreateStaffInput, GrantRoleInput, RegisterPublicInput } from './auth.schema.js';

/** A readable random password that satisfies the policy (shown once to the administrator). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(14);
  const body = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${body.slice(0, 5)}-${body.slice(5, 10)}-${body.slice(10)}7a`;
}

/** Looks up an organisation's path (needed for scoping); provided by the org module. */
export type OrgLookup = (id: string) => Promise<{ id: string; path: string; name: string; isActive: boolean } | undefined>;

export type UsersService = ReturnType<typeof createUsersService>;

/** Staff accounts and role grants, managed within the actor's agencies; public accounts. */
export function createUsersService({ db, audit, clock, orgLookup }: { db: Database; audit: AuditService; clock: Clock; orgLookup: OrgLookup }) {
  async function homePath(user: UserRow): Promise<string | null> {
    if (!user.homeOrgId) return null;
    return (await orgLookup(user.homeOrgId))?.path ?? null;
  }
  /** The staff account if the actor may see it; otherwise not found (never forbidden: no leak). */
  async function visibleStaff(actor: Actor, userId: string): Promise<{ user: UserRow; path: string }> {
    const user = /^[1-9]\d{0,17}$/.test(userId) ? await authRepository.findUserById(db, userId) : undefined;
    const path = user ? await homePath(user) : null;
    if (!user || user.kind !== 'staff' || !path || !canViewAccount(actor, path)) throw new NotFound('USER_NOT_FOUND', '该账户不存在。');
    return { user, path };
  }
  async function managedStaff(actor: Actor, userId: string) {
    const v = await visibleStaff(actor, userId);
    if (!canManageAccount(actor, v.path)) throw new Forbidden('USER_FORBIDDEN', '您没有管理该账户的权限。');
    return v;
  }
  async function createUser(row: { kind: 'staff' | 'public'; username: string; displayName: string; email: string | null; phone: string | null; homeOrgId: string | null; password: string }) {
    if (await authRepository.findUserByUsername(db, row.username)) throw new Conflict('USERNAME_TAKEN', '用户名已被使用。', { username: '该用户名已被使用，请换一个。' });
    const { password, ...rest } = row;
    return { ...rest, passwordHash: await hashPassword(password) };
  }

  return {
    /** Staff visible to the actor (home agency inside the actor's admin/supervisor subtrees). */
    async listStaff(actor: Actor, opts: { orgId?: string | undefined; q?: string | undefined; page: number; pageSize: number }) {
      const roots = actor.kind === 'system' ? ['/'] : grantRoots(actor, ['coordinator', 'agency_admin', 'supervisor']);
      if (roots.length === 0) throw new Forbidden('USER_FORBIDDEN', '您没有查看人员的权限。');
      const org = opts.orgId ? await orgLookup(opts.orgId) : undefined;
      return authRepository.staffInSubtrees(db, roots, { orgPath: org?.path, q: opts.q, limit: opts.pageSize, offset: (opts.page - 1) * opts.pageSize });
    },

    /** One staff account with its grants, if visible. */
    async getStaff(actor: Actor, userId: string) {
      const { user, path } = await visibleStaff(actor, userId);
      return { user, grants: await authRepository.grantsWithNames(db, user.id), canManage: canManageAccount(actor, path) };
    },

    /** An agency admin creates a staff account in their agency; returns the one-time initial password. */
    async createStaff(actor: Actor, raw: unknown, password = generatePassword()) {
      const input = parseInput(CreateStaffInput, raw);
      const org = await orgLookup(input.orgId);
      if (!org || !org.isActive) throw new ValidationFailed({ orgId: '请选择所属机构。' });
      if (!canManageAccount(actor, org.path)) throw new Forbidden('USER_FORBIDDEN', '您不能在该机构创建账户。');
      const policy = checkPasswordPolicy(password, input.username);
      if (policy) throw new ValidationFailed({ password: policy });
      // The input's orgId becomes the home agency; it is no column of users.
      const { orgId: _orgId, ...fields } = input;
      const row = await createUser({ kind: 'staff', ...fields, homeOrgId: org.id, password });
      const user = await db.transaction().execute(async (tx) => {
        const u = await authRepository.insertUser(tx, row);
        await audit.record(tx, actor, 'user.created', { orgId: org.id, subjectType: 'user', subjectId: u.id, summary: { username: u.username, displayName: u.displayName } });
        return u;
      });
      return { user, password };
    },

    /** Grants a role on an agency (and so its subtree). */
    async grantRole(actor: Actor, userId: string, raw: unknown): Promise<void> {
      const { user } = await managedStaff(actor, userId);
      const input = parseInput(GrantRoleInput, raw);
      const org = await orgLookup(input.orgId);
      if (!org || !org.isActive) throw new ValidationFailed({ orgId: '请选择机构。' });
      if (!canGrantRole(actor, input.role, org.path)) throw new Forbidden('ROLE_FORBIDDEN', '您不能在该机构授予此角色。');
      await db.transaction().execute(async (tx) => {
        const r = await authRepository.insertGrant(tx, { userId: user.id, orgId: org.id, role: input.role, grantedBy: actor.kind === 'user' ? actor.id : null });
        if (!r) throw new Conflict('ROLE_EXISTS', '该账户已在该机构拥有此角色。', { role: '该账户已在该机构拥有此角色。' });
        await audit.record(tx, actor, 'role.granted', { orgId: org.id, subjectType: 'user', subjectId: user.id, summary: { role: input.role, username: user.username } });
      });
    },

    /** Revokes one grant. */
    async revokeRole(actor: Actor, userId: string, grantId: string): Promise<void> {
      const { user } = await managedStaff(actor, userId);
      const g = /^[1-9]\d*$/.test(grantId) ? await authRepository.findGrant(db, grantId) : undefined;
      if (!g || g.userId !== user.id) throw new NotFound('GRANT_NOT_FOUND', '该授权不存在。');
      if (!canGrantRole(actor, g.role as Role, g.orgPath)) throw new Forbidden('ROLE_FORBIDDEN', '您不能撤销此角色。');
      if (actor.kind === 'user' && actor.id === user.id && (g.role === 'agency_admin' || g.role === 'coordinator')) {
        throw new InvalidState('SELF_REVOKE', '不能撤销自己的管理角色，请由其他管理员操作。');
      }
      await db.transaction().execute(async (tx) => {
        await authRepository.deleteGrant(tx, g.id);
        await audit.record(tx, actor, 'role.revoked', { orgId: g.orgId, subjectType: 'user', subjectId: user.id, summary: { role: g.role, username: user.username } });
      });
    },

    /** Disables or re-enables an account; disabling ends its sessions. */
    async setActive(actor: Actor, userId: string, active: boolean): Promise<void> {
      const { user } = await managedStaff(actor, userId);
      if (actor.kind === 'user' && actor.id === user.id) throw new InvalidState('SELF_DISABLE', '不能停用自己的账户。');
      if (user.isActive === active) return;
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { isActive: active });
        if (!active) await authRepository.deleteSessionsOf(tx, user.id);
        await audit.record(tx, actor, active ? 'user.enabled' : 'user.disabled', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id, summary: { username: user.username } });
      });
    },

    /** Lifts a lockout. */
    async unlock(actor: Actor, userId: string): Promise<void> {
      const { user } = await managedStaff(actor, userId);
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null });
        await audit.record(tx, actor, 'user.unlocked', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id, summary: { username: user.username } });
      });
    },

    /** Sets a new one-time password and clears two-factor (the user enrols again). */
    async resetCredentials(actor: Actor, userId: string) {
      const { user } = await managedStaff(actor, userId);
      if (actor.kind === 'user' && actor.id === user.id) throw new InvalidState('SELF_RESET', '请在“账户安全”中修改自己的密码。');
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { passwordHash, passwordChangedAt: clock.now(), totpSecret: null, totpEnabledAt: null, totpLastStep: null, failedLogins: 0, lockedUntil: null });
        await authRepository.deleteSessionsOf(tx, user.id);
        await audit.record(tx, actor, 'user.credentials-reset', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id, summary: { username: user.username } });
      });
      return { user, password };
    },

    /** The signed-in user changes their own password; every other session of theirs ends. */
    async changePassword(actor: Actor, raw: unknown, currentSessionId: string | null = null): Promise<void> {
      if (actor.kind !== 'user') throw new Forbidden();
      const input = parseInput(ChangePasswordInput, raw);
      const user = await authRepository.findUserById(db, actor.id);
      if (!user || !(await verifyPassword(user.passwordHash, input.current))) throw new ValidationFailed({ current: '当前密码不正确。' });
      const policy = checkPasswordPolicy(input.next, user.username);
      if (policy) throw new ValidationFailed({ next: policy });
      if (input.next !== input.confirm) throw new ValidationFailed({ confirm: '两次填写的新密码不一致。' });
      const passwordHash = await hashPassword(input.next);
      await db.transaction().execute(async (tx) => {
        await authRepository.updateUser(tx, user.id, { passwordHash, passwordChangedAt: clock.now() });
        if (currentSessionId) await authRepository.deleteOtherSessions(tx, user.id, currentSessionId);
        else await authRepository.deleteSessionsOf(tx, user.id);
        await audit.record(tx, actor, 'user.password-changed', { orgId: user.homeOrgId, subjectType: 'user', subjectId: user.id });
      });
    },

    /** A member of the public registers an account (when PUBLIC_ACCOUNTS is on). */
    async registerPublic(actor: Actor, raw: unknown): Promise<UserRow> {
      // Every problem at once: the password rules are checked even when other fields are wrong.
      const form = (raw ?? {}) as Record<string, unknown>;
      const password = typeof form.password === 'string' ? form.password : '';
      const fields: Record<string, string> = {};
      let input: ReturnType<typeof RegisterPublicInput.parse> | undefined;
      try {
        input = parseInput(RegisterPublicInput, raw);
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        Object.assign(fields, e.fields);
      }
      const policy = password === '' ? '请填写密码。' : checkPasswordPolicy(password, typeof form.username === 'string' ? form.username.trim().toLowerCase() : '');
      if (policy) fields.password ??= policy;
      if (!policy && password !== form.confirm) fields.confirm ??= '两次填写的密码不一致。';
      if (!input || Object.keys(fields).length > 0) throw new ValidationFailed(fields);
      const row = await createUser({ kind: 'public', username: input.username, displayName: input.displayName, email: input.email, phone: null, homeOrgId: null, password: input.password });
      return db.transaction().execute(async (tx) => {
        const u = await authRepository.insertUser(tx, row);
        await audit.record(tx, actor, 'user.registered', { subjectType: 'user', subjectId: u.id });
        return u;
      });
    },

    /** Creates an account with a chosen password and grants (CLI `user create`, demo seeding). */
    async provisionUser(actor: Actor, p: { kind: 'staff' | 'public'; username: string; displayName: string; email?: string | null; homeOrgId: string | null; password: string; roles: { orgId: string; role: Role }[]; totpSecret?: string }) {
      const policy = checkPasswordPolicy(p.password, p.username);
      if (policy) throw new ValidationFailed({ password: policy });
      const row = await createUser({ kind: p.kind, username: p.username, displayName: p.displayName, email: p.email ?? null, phone: null, homeOrgId: p.homeOrgId, password: p.password });
      return db.transaction().execute(async (tx) => {
        const u = await authRepository.insertUser(tx, { ...row, ...(p.totpSecret ? { totpSecret: p.totpSecret, totpEnabledAt: clock.now() } : {}) });
        await audit.record(tx, actor, 'user.created', { orgId: p.homeOrgId, subjectType: 'user', subjectId: u.id, summary: { username: u.username } });
        for (const g of p.roles) {
          await authRepository.insertGrant(tx, { userId: u.id, orgId: g.orgId, role: g.role, grantedBy: null });
          await audit.record(tx, actor, 'role.granted', { orgId: g.orgId, subjectType: 'user', subjectId: u.id, summary: { role: g.role, username: u.username } });
        }
        return u;
      });
    },

    /** The user's own account record (account page). */
    async self(actor: Actor) {
      if (actor.kind !== 'user') throw new Forbidden();
      const user = await authRepository.findUserById(db, actor.id);
      if (!user) throw new NotFound();
      return { user, grants: await authRepository.grantsWithNames(db, user.id) };
    },
  };
}
