/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import { ROLES, type Role } from '#platform/actor.js';
import type { FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, Pager, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { pageNumber } from '#platform/validation.js';
import type { OrgService } from '#modules/org/index.js';
import { ROLE_LABELS } from './auth.policy.js';
import { requireStaff } from './auth.http.js';
import type { UsersService } from './users.service.js';

const roleLabel = (v: ViewCtx, r: string) => {
  const l = ROLE_LABELS[r as Role];
  return l ? tr(v, l.zh, l.en) : r;
};
const PAGE_SIZE = 30;

/** Workspace pages for staff accounts and their roles, within the actor's agencies. */
export function usersStaffRoutes({ users, orgs }: { users: UsersService; orgs: OrgService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { orgId?: string; q?: string; page?: string } }>('/staff/users', async (req, reply) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, takeNotice(req, reply));
      const page = pageNumber(req.query.page);
      const q = (req.query.q ?? '').trim().slice(0, 64);
      const orgId = /^[1-9]\d*$/.test(req.query.orgId ?? '') ? req.query.orgId : undefined;
      const { rows, total } = await users.listStaff(actor, { orgId, q: q || undefined, page, pageSize: PAGE_SIZE });
      const scope = await orgs.staffScope(actor);
      const base = `/staff/users?${new URLSearchParams({ ...(orgId ? { orgId } : {}), ...(q ? { q } : {}) }).toString()}`;
      return sendPage(
        reply,
        <StaffPage v={v} title={v.t('staff.staff')}>
          <h1>{v.t('staff.staff')}</h1>
          <form method="get" action="/staff/users" class="filters" role="search">
            <SelectField name="orgId" label={tr(v, '机构', 'Agency')} value={orgId ?? ''} options={[{ value: '', label: tr(v, '全部', 'All') }, ...scope.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))]} />
            <Field name="q" label={tr(v, '姓名或用户名', 'Name or user name')} value={q} maxLength={64} />
            <button type="submit">{v.t('search')}</button>
          </form>
          <p>
            <a class="button" href={`/staff/users/new${orgId ? `?orgId=${orgId}` : ''}`}>
              {tr(v, '新建工作人员账户', 'New staff account')}
            </a>
          </p>
          {rows.length === 0 ? (
            <p class="empty">{tr(v, '没有符合条件的人员。', 'No staff match.')}</p>
          ) : (
            <table class="data">
              <caption class="visually-hidden">{v.t('staff.staff')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr(v, '姓名', 'Name')}</th>
                  <th scope="col">{tr(v, '用户名', 'User name')}</th>
                  <th scope="col">{tr(v, '所属机构', 'Agency')}</th>
                  <th scope="col">{tr(v, '状态', 'Status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <a href={`/staff/users/${u.id}`}>{u.displayName}</a>
                    </td>
                    <td>{u.username}</td>
                    <td>{u.orgName}</td>
                    <td>
                      {!u.isActive ? tr(v, '已停用', 'Disabled') : u.lockedUntil && u.lockedUntil > new Date() ? tr(v, '已锁定', 'Locked') : tr(v, '正常', 'Active')}
                      {u.totpEnabledAt ? ` · ${tr(v, '两步验证', '2FA')}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager base={base} page={page} pageSize={PAGE_SIZE} total={total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: v.t('pager.page', { page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total }) }} />
        </StaffPage>,
      );
    });

    const newPage = async (v: ViewCtx, actor: Parameters<OrgService['staffTree']>[0], values: Record<string, string | undefined>, errors: FieldErrors, message?: string) => {
      const manageable = (await orgs.staffScope(actor)).filter((o) => orgs.can(actor, 'manage-staff', o));
      return (
        <StaffPage v={v} title={tr(v, '新建工作人员账户', 'New staff account')}>
          <h1>{tr(v, '新建工作人员账户', 'New staff account')}</h1>
          <Form action="/staff/users/new" csrf={v.csrfToken}>
            <ErrorSummary errors={errors} message={message} title={tr(v, '未能创建账户', 'Account not created')} />
            <SelectField name="orgId" label={tr(v, '所属机构', 'Agency')} required value={values.orgId} errors={errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...manageable.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))]} />
            <Field name="displayName" label={tr(v, '姓名', 'Name')} value={values.displayName} errors={errors} required maxLength={50} />
            <Field name="username" label={tr(v, '用户名', 'User name')} value={values.username} errors={errors} required maxLength={64} hint={tr(v, '3–64 位小写字母、数字或 . _ @ -', '3–64 lower-case letters, digits or . _ @ -')} />
            <Field name="email" type="email" label={tr(v, '电子邮箱', 'E-mail')} value={values.email} errors={errors} maxLength={120} />
            <Field name="phone" type="tel" label={tr(v, '电话', 'Phone')} value={values.phone} errors={errors} maxLength={30} />
            <p class="hint">{tr(v, '创建后系统将生成一次性初始密码，仅显示一次，请当面或通过安全渠道告知本人。', 'A one-time initial password is generated and shown once; give it to the person securely.')}</p>
            <button type="submit">{tr(v, '创建账户', 'Create account')}</button>
          </Form>
        </StaffPage>
      );
    };

    app.get<{ Querystring: { orgId?: string } }>('/staff/users/new', async (req, reply) => {
      const actor = requireStaff(req);
      return sendPage(reply, await newPage(viewCtx(req), actor, { orgId: req.query.orgId }, {}));
    });

    app.post('/staff/users/new', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => users.createStaff(actor, values));
      if (!r.ok) return sendPage(reply, await newPage(viewCtx(req), actor, values, r.errors, r.message), r.status);
      const v = viewCtx(req);
      return sendPage(
        reply,
        <StaffPage v={v} title={tr(v, '账户已创建', 'Account created')}>
          <h1>{tr(v, '账户已创建', 'Account created')}</h1>
          <p>
            {r.value.user.displayName}（{r.value.user.username}）
          </p>
          <p>
            {tr(v, '一次性初始密码：', 'One-time initial password: ')}
            <code class="secret">{r.value.password}</code>
          </p>
          <p class="notice warn">{tr(v, '此密码只显示这一次。请提醒本人首次登录后在“账户安全”中修改密码。', 'This password is shown only once. Ask the person to change it after first sign-in.')}</p>
          <p>
            <a href={`/staff/users/${r.value.user.id}`}>{tr(v, '为其授予角色', 'Grant roles')}</a>
          </p>
        </StaffPage>,
      );
    });

    const detailPage = async (req: Parameters<typeof viewCtx>[0], id: string, errors: FieldErrors = {}, message?: string, notice?: string) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, notice);
      const { user, grants, canManage } = await users.getStaff(actor, id);
      const scope = await orgs.staffScope(actor);
      return (
        <StaffPage v={v} title={user.displayName}>
          <h1>
            {user.displayName} <span class="muted">（{user.username}）</span>
          </h1>
          <table class="kv">
            <tbody>
              <tr>
                <th scope="row">{tr(v, '状态', 'Status')}</th>
                <td>{user.isActive ? tr(v, '正常', 'Active') : tr(v, '已停用', 'Disabled')}{user.lockedUntil && user.lockedUntil > new Date() ? ` · ${tr(v, '已锁定', 'Locked')}` : ''}</td>
              </tr>
              <tr>
                <th scope="row">{tr(v, '两步验证', 'Two-step verification')}</th>
                <td>{user.totpEnabledAt ? tr(v, '已启用', 'On') : tr(v, '未启用', 'Off')}</td>
              </tr>
              <tr>
                <th scope="row">{tr(v, '最近登录', 'Last sign-in')}</th>
                <td>{user.lastLoginAt ? user.lastLoginAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—'}</td>
              </tr>
            </tbody>
          </table>
          <h2>{tr(v, '角色', 'Roles')}</h2>
          {grants.length === 0 ? (
            <p class="empty">{tr(v, '尚未授予角色。', 'No roles yet.')}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{tr(v, '机构', 'Agency')}</th>
                  <th scope="col">{tr(v, '角色', 'Role')}</th>
                  {canManage ? <th scope="col">{tr(v, '操作', 'Action')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {grants.map((g) => (
                  <tr key={g.id}>
                    <td>{g.orgName}</td>
                    <td>{roleLabel(v, g.role)}</td>
                    {canManage ? (
                      <td>
                        <Form action={`/staff/users/${user.id}/roles/${g.id}/revoke`} csrf={v.csrfToken} class="inline-form">
                          <button type="submit" class="link-button">
                            {tr(v, '撤销', 'Revoke')}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canManage ? (
            <>
              <h2>{tr(v, '授予角色', 'Grant a role')}</h2>
              <Form action={`/staff/users/${user.id}/roles`} csrf={v.csrfToken}>
                <ErrorSummary errors={errors} message={message} title={tr(v, '未能授予角色', 'Role not granted')} />
                <SelectField name="orgId" label={tr(v, '机构（角色适用于其全部下级机构）', 'Agency (the role applies to its subtree)')} required errors={errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...scope.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))]} />
                <SelectField name="role" label={tr(v, '角色', 'Role')} required errors={errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...ROLES.map((r) => ({ value: r, label: roleLabel(v, r) }))]} />
                <button type="submit">{tr(v, '授予', 'Grant')}</button>
              </Form>
              <h2>{tr(v, '账户操作', 'Account actions')}</h2>
              <div class="button-row">
                <Form action={`/staff/users/${user.id}/unlock`} csrf={v.csrfToken} class="inline-form">
                  <button type="submit">{tr(v, '解除锁定', 'Unlock')}</button>
                </Form>
                <Form action={`/staff/users/${user.id}/reset`} csrf={v.csrfToken} class="inline-form">
                  <button type="submit">{tr(v, '重置密码和两步验证', 'Reset password and 2FA')}</button>
                </Form>
                <Form action={`/staff/users/${user.id}/status`} csrf={v.csrfToken} class="inline-form">
                  <input type="hidden" name="active" value={user.isActive ? '0' : '1'} />
                  <button type="submit" class={user.isActive ? 'button-danger' : ''}>
                    {user.isActive ? tr(v, '停用账户', 'Disable account') : tr(v, '启用账户', 'Enable account')}
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </StaffPage>
      );
    };

    app.get<{ Params: { id: string } }>('/staff/users/:id', async (req, reply) => sendPage(reply, await detailPage(req, req.params.id, {}, undefined, takeNotice(req, reply))));

    app.post<{ Params: { id: string } }>('/staff/users/:id/roles', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => users.grantRole(actor, req.params.id, formValues(req)));
      if (!r.ok) return sendPage(reply, await detailPage(req, req.params.id, r.errors, r.message), r.status);
      return redirectWithNotice(reply, `/staff/users/${req.params.id}`, '角色已授予。');
    });

    app.post<{ Params: { id: string; grantId: string } }>('/staff/users/:id/roles/:grantId/revoke', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => users.revokeRole(actor, req.params.id, req.params.grantId));
      if (!r.ok) return sendPage(reply, await detailPage(req, req.params.id, r.errors, r.message), r.status);
      return redirectWithNotice(reply, `/staff/users/${req.params.id}`, '角色已撤销。');
    });

    app.post<{ Params: { id: string } }>('/staff/users/:id/unlock', async (req, reply) => {
      const actor = requireStaff(req);
      await users.unlock(actor, req.params.id);
      return redirectWithNotice(reply, `/staff/users/${req.params.id}`, '账户已解除锁定。');
    });

    app.post<{ Params: { id: string } }>('/staff/users/:id/status', async (req, reply) => {
      const actor = requireStaff(req);
      const active = formValues(req).active === '1';
      const r = await tryForm(() => users.setActive(actor, req.params.id, active));
      if (!r.ok) return sendPage(reply, await detailPage(req, req.params.id, r.errors, r.message), r.status);
      return redirectWithNotice(reply, `/staff/users/${req.params.id}`, active ? '账户已启用。' : '账户已停用。');
    });

    app.post<{ Params: { id: string } }>('/staff/users/:id/reset', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => users.resetCredentials(actor, req.params.id));
      if (!r.ok) return sendPage(reply, await detailPage(req, req.params.id, r.errors, r.message), r.status);
      const v = viewCtx(req);
      return sendPage(
        reply,
        <StaffPage v={v} title={tr(v, '已重置', 'Reset')}>
          <h1>{tr(v, '密码和两步验证已重置', 'Password and two-step verification reset')}</h1>
          <p>
            {tr(v, '新的一次性密码：', 'New one-time password: ')}
            <code class="secret">{r.value.password}</code>
          </p>
          <p class="notice warn">{tr(v, '此密码只显示这一次；本人下次登录时需重新设置两步验证。', 'Shown only once; the person sets up two-step verification again at next sign-in.')}</p>
          <p>
            <a href={`/staff/users/${r.value.user.id}`}>{tr(v, '返回', 'Back')}</a>
          </p>
        </StaffPage>,
      );
    });
  };
}
