/** @jsxImportSource preact */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { chinaDateTime } from '#platform/clock.js';
import { Unauthenticated, type FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import { TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX, type ApiTokenService, type TokenAuth, type TokenStatus } from './api-tokens.service.js';
import { requireStaff } from './auth.http.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token behind the request (API scope only), or null. */
    apiToken: TokenAuth['token'] | null;
  }
}

/**
 * Honours `Authorization: Bearer gk_…` for the routes of the scope it is registered in (the staff
 * API only, never pages): a valid token replaces the session actor with the token's narrowed
 * actor; an invalid, expired or revoked one is a 401 before the body is read.
 */
export function registerApiTokenAuth(app: FastifyInstance, apiTokens: ApiTokenService): void {
  app.decorateRequest('apiToken', null);
  app.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return;
    const auth = await apiTokens.authenticate(header.slice(7).trim(), { ip: req.ip, requestId: req.id });
    if (!auth) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new Unauthenticated('TOKEN_INVALID', '访问令牌无效、已过期或已被撤销，请在工作台的“API 令牌”中重新创建。');
    }
    req.actor = auth.actor;
    req.apiToken = auth.token;
  });
}

/** China time, minutes (tokens are read by people in Beijing time). */
const when = (d: Date | null): string => (d ? chinaDateTime(d) : '—');

function statusLabel(v: ViewCtx, s: TokenStatus): string {
  switch (s) {
    case 'active':
      return tr(v, '有效', 'Active');
    case 'expired':
      return tr(v, '已过期', 'Expired');
    case 'revoked':
      return tr(v, '已撤销', 'Revoked');
  }
}

/** `/staff/api-tokens`: the person's own API tokens, issuing one (shown once) and revoking. */
export function apiTokensStaffRoutes({ apiTokens }: { apiTokens: ApiTokenService }): FastifyPluginAsync {
  const listPage = async (req: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors; message?: string; status?: number } = {}) => {
    const actor = requireStaff(req);
    const v = viewCtx(req, takeNotice(req, reply));
    const [tokens, agencies] = await Promise.all([apiTokens.listOwn(actor), apiTokens.issuableAgencies(actor)]);
    const title = tr(v, 'API 访问令牌', 'API tokens');
    const values = o.values ?? {};
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <h1>{title}</h1>
        <p class="lead">
          {tr(v, '访问令牌供业务系统通过接口录入、提交和导入政府信息（见 ', 'Tokens let other systems record, submit and import information through the API (see ')}
          <a href="/api/openapi.json">OpenAPI</a>
          {tr(v, '）。令牌以您本人的名义、按您当前的角色操作，且仅限所选机构及其下属机构。', '). A token acts in your name, with your current roles, limited to the chosen agency and its subordinates.')}
        </p>
        <h2>{tr(v, '我的令牌', 'My tokens')}</h2>
        {tokens.length === 0 ? (
          <p class="empty">{tr(v, '您还没有访问令牌。', 'You have no tokens.')}</p>
        ) : (
          <DataTable
            label={tr(v, '我的令牌', 'My tokens')}
            caption={tr(v, '我的令牌', 'My tokens')}
            headers={[tr(v, '名称', 'Name'), tr(v, '机构', 'Agency'), tr(v, '前缀', 'Prefix'), tr(v, '创建时间', 'Created'), tr(v, '到期时间', 'Expires'), tr(v, '最近使用', 'Last used'), tr(v, '状态', 'Status'), tr(v, '操作', 'Action')]}
            rows={tokens}
            rowKey={(t) => t.id}
            cells={(t) => (
              <>
                <td>{t.name}</td>
                <td>{t.orgName}</td>
                <td>
                  <code>gk_{t.prefix}…</code>
                </td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.expiresAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>{t.status === 'active' ? statusLabel(v, t.status) : <span class="tag">{statusLabel(v, t.status)}</span>}</td>
                <td>
                  {t.status === 'revoked' ? null : (
                    <Form action={`/staff/api-tokens/${t.id}/revoke`} csrf={v.csrfToken} class="inline-form">
                      <button type="submit" class="link-button" aria-label={tr(v, `撤销令牌“${t.name}”`, `Revoke token “${t.name}”`)}>
                        {tr(v, '撤销', 'Revoke')}
                      </button>
                    </Form>
                  )}
                </td>
              </>
            )}
          />
        )}
        <h2>{tr(v, '创建令牌', 'New token')}</h2>
        {agencies.length === 0 ? (
          <p class="muted">{tr(v, '只有机构管理员或政务公开主管部门（协调员）可以创建访问令牌。', 'Only agency administrators or the coordinator can create tokens.')}</p>
        ) : (
          <Form action="/staff/api-tokens" csrf={v.csrfToken}>
            <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能创建令牌', 'Token not created')} />
            <SelectField name="orgId" label={tr(v, '机构', 'Agency')} required value={values.orgId} errors={o.errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...agencies.map((a) => ({ value: a.id, label: `${'　'.repeat(a.depth)}${a.name}` }))]} />
            <Field name="name" label={tr(v, '令牌名称', 'Token name')} value={values.name} errors={o.errors} required maxLength={60} hint={tr(v, '用途或使用该令牌的系统，例如：公文系统对接。', 'What it is for, e.g. the document system.')} />
            <Field name="days" type="number" inputmode="numeric" label={tr(v, '有效期（天）', 'Valid for (days)')} value={values.days ?? String(TOKEN_DAYS_DEFAULT)} errors={o.errors} required hint={tr(v, `1–${TOKEN_DAYS_MAX} 天，默认 ${TOKEN_DAYS_DEFAULT} 天。`, `1–${TOKEN_DAYS_MAX} days; ${TOKEN_DAYS_DEFAULT} by default.`)} />
            <button type="submit">{tr(v, '创建令牌', 'Create token')}</button>
          </Form>
        )}
      </StaffPage>,
      o.status ?? 200,
    );
  };

  return async (app) => {
    app.get('/staff/api-tokens', async (req, reply) => listPage(req, reply));

    app.post('/staff/api-tokens', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => apiTokens.create(actor, values));
      if (!r.ok) return listPage(req, reply, { values, errors: r.errors, message: r.message, status: r.status });
      // The secret goes into this one page only: never a redirect, cookie or log line.
      const v = viewCtx(req);
      const title = tr(v, '令牌已创建', 'Token created');
      return sendPage(
        reply,
        <StaffPage v={v} title={title}>
          <h1>{title}</h1>
          <p>
            {r.value.orgName} · {tr(v, '到期：', 'Expires: ')}
            {when(r.value.expiresAt)}
          </p>
          <p class="notice warn" role="alert">
            {tr(v, '令牌只显示这一次，系统不保存明文。请立即复制并妥善保管；丢失后只能撤销并重新创建。', 'This token is shown only once and is not stored. Copy it now and keep it safe; if lost, revoke it and create a new one.')}
          </p>
          <p>
            <label for="token-secret">{tr(v, '访问令牌', 'Token')}</label>
          </p>
          <p>
            <input id="token-secret" class="secret" type="text" readOnly value={r.value.secret} size={64} autoComplete="off" spellcheck={false} />
          </p>
          <p class="hint">{tr(v, '调用接口时在请求头中携带：', 'Send it in the request header:')}</p>
          <pre>
            <code>Authorization: Bearer gk_{r.value.prefix}_…</code>
          </pre>
          <p>
            <a href="/staff/api-tokens">{tr(v, '返回令牌列表', 'Back to the tokens')}</a>
          </p>
        </StaffPage>,
      );
    });

    app.post<{ Params: { id: string } }>('/staff/api-tokens/:id/revoke', async (req, reply) => {
      const actor = requireStaff(req);
      await apiTokens.revoke(actor, req.params.id);
      return redirectWithNotice(reply, '/staff/api-tokens', '令牌已撤销，使用它的请求将被拒绝。');
    });
  };
}
