/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, safeLocalPath, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { totpUri } from '#platform/security/totp.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { ROLE_LABELS, requiresMfa } from './auth.policy.js';
import { requireStaff } from './auth.http.js';
import type { SessionService } from './session.service.js';
import type { UsersService } from './users.service.js';

interface Deps {
  sessions: SessionService;
  users: UsersService;
}

function LoginPage({ v, errors, message, username, next }: { v: ViewCtx; errors: FieldErrors; message?: string | undefined; username?: string | undefined; next: string }) {
  return (
    <StaffPage v={v} title={tr(v, '工作人员登录', 'Staff sign-in')} nav={false}>
      <div class="narrow">
        <h1>{tr(v, '工作人员登录', 'Staff sign-in')}</h1>
        <Form action={`/staff/login?next=${encodeURIComponent(next)}`} csrf={v.csrfToken}>
          <ErrorSummary errors={errors} message={message} title={tr(v, '登录失败', 'Sign-in failed')} />
          <Field name="username" label={tr(v, '用户名', 'User name')} value={username} errors={errors} autocomplete="username" required maxLength={64} />
          <Field name="password" type="password" label={tr(v, '密码', 'Password')} errors={errors} autocomplete="current-password" required />
          <button type="submit">{tr(v, '登录', 'Sign in')}</button>
        </Form>
        <p class="muted">{tr(v, '连续多次输错密码后，账户将被暂时锁定。管理员和协调员须使用两步验证。', 'Repeated wrong passwords lock the account for a while. Administrators and coordinators must use two-step verification.')}</p>
      </div>
    </StaffPage>
  );
}

function CodePage({ v, action, errors, message, title, intro, children }: { v: ViewCtx; action: string; errors: FieldErrors; message?: string | undefined; title: string; intro: string; children?: preact.ComponentChildren }) {
  return (
    <StaffPage v={v} title={title} nav={false}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{intro}</p>
        {children}
        <Form action={action} csrf={v.csrfToken}>
          <ErrorSummary errors={errors} message={message} title={tr(v, '验证失败', 'Verification failed')} />
          <Field name="code" label={tr(v, '6 位动态验证码', '6-digit code')} errors={errors} inputmode="numeric" autocomplete="one-time-code" required maxLength={6} />
          <button type="submit">{tr(v, '验证', 'Verify')}</button>
        </Form>
      </div>
    </StaffPage>
  );
}

/** Sign-in with two-factor, sign-out, the dashboard and the account page. */
export function authStaffRoutes({ sessions, users }: Deps, formLimit: { max: number; timeWindow: string }): FastifyPluginAsync {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });
  async function setupPage(req: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, message?: string, status = 200) {
    const state = req.sessionState;
    const v = viewCtx(req);
    if (state.status !== 'mfa-pending' && !(state.status === 'active')) return reply.redirect('/staff/login', 303);
    const user = state.status === 'mfa-pending' ? state.user : (await users.self(state.actor)).user;
    if (user.totpEnabledAt) return reply.redirect('/staff', 303);
    const secret = user.totpSecret ?? (await sessions.startEnrolment(user.id, meta(req)));
    const uri = totpUri(secret, user.username);
    const qr = await QRCode.toString(uri, { type: 'svg', margin: 1 });
    return sendPage(
      reply,
      <CodePage
        v={v}
        action="/staff/2fa/setup"
        errors={errors}
        message={message}
        title={tr(v, '设置两步验证', 'Set up two-step verification')}
        intro={tr(v, '请用手机上的身份验证器应用（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）扫描二维码，或手动输入密钥，然后填写应用显示的 6 位验证码。', 'Scan the QR code with an authenticator app, or type the key, then enter the 6-digit code it shows.')}
      >
        <figure class="qr">
          <img src={`data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`} alt={tr(v, '两步验证二维码', 'Two-step verification QR code')} width={200} height={200} />
          <figcaption>
            {tr(v, '密钥：', 'Key: ')}
            <code class="secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </figcaption>
        </figure>
      </CodePage>,
      status,
    );
  }

  return async (app) => {
    app.get<{ Querystring: { next?: string } }>('/staff/login', async (req, reply) => {
      if (req.actor.kind === 'user' && req.actor.userKind === 'staff') return reply.redirect('/staff', 303);
      return sendPage(reply, <LoginPage v={viewCtx(req, takeNotice(req, reply))} errors={{}} next={safeLocalPath(req.query.next, '/staff')} />);
    });

    app.post<{ Querystring: { next?: string } }>('/staff/login', { config: { rateLimit: formLimit } }, async (req, reply) => {
      const values = formValues(req);
      const next = safeLocalPath(req.query.next, '/staff');
      const r = await tryForm(() => sessions.login(values, 'staff', { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id }));
      if (!r.ok) return sendPage(reply, <LoginPage v={viewCtx(req)} errors={r.errors} message={r.message} username={values.username} next={next} />, r.status);
      reply.startSession(r.value.token);
      if (r.value.mfa === 'verify') return reply.redirect(`/staff/2fa?next=${encodeURIComponent(next)}`, 303);
      if (r.value.mfa === 'enrol') return reply.redirect('/staff/2fa/setup', 303);
      return reply.redirect(next, 303);
    });

    const verifyPage = (v: ViewCtx, next: string, errors: FieldErrors = {}, message?: string) => (
      <CodePage v={v} action={`/staff/2fa?next=${encodeURIComponent(next)}`} errors={errors} message={message} title={tr(v, '两步验证', 'Two-step verification')} intro={tr(v, '请输入身份验证器应用显示的 6 位验证码。', 'Enter the 6-digit code from your authenticator app.')} />
    );

    app.get<{ Querystring: { next?: string } }>('/staff/2fa', async (req, reply) => {
      if (req.sessionState.status !== 'mfa-pending') return reply.redirect('/staff/login', 303);
      if (!req.sessionState.mfaEnrolled) return reply.redirect('/staff/2fa/setup', 303);
      return sendPage(reply, verifyPage(viewCtx(req), safeLocalPath(req.query.next, '/staff')));
    });

    app.post<{ Querystring: { next?: string } }>('/staff/2fa', { config: { rateLimit: formLimit } }, async (req, reply) => {
      const next = safeLocalPath(req.query.next, '/staff');
      if (req.sessionState.status !== 'mfa-pending') return reply.redirect('/staff/login', 303);
      const r = await tryForm(() => sessions.verifyMfa(req.sessionState, formValues(req), meta(req)));
      if (!r.ok) return sendPage(reply, verifyPage(viewCtx(req), next, r.errors, r.message), r.status);
      return reply.redirect(next, 303);
    });

    app.get('/staff/2fa/setup', async (req, reply) => setupPage(req, reply));

    app.post('/staff/2fa/setup', { config: { rateLimit: formLimit } }, async (req, reply) => {
      const state = req.sessionState;
      if (state.status === 'none') return reply.redirect('/staff/login', 303);
      const userId = state.status === 'mfa-pending' ? state.user.id : state.actor.id;
      const r = await tryForm(() => sessions.enrolMfa(userId, state.sessionId, formValues(req), meta(req)));
      if (!r.ok) return setupPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, '/staff', '两步验证已启用。');
    });

    app.post('/staff/logout', async (req, reply) => {
      await sessions.logout(req.sessionState, meta(req));
      reply.endSession();
      return redirectWithNotice(reply, '/staff/login', '您已安全退出。');
    });

    app.get('/staff', async (req, reply) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, takeNotice(req, reply));
      const { grants, user } = await users.self(actor);
      const mfaMissing = !user.totpEnabledAt && requiresMfa(actor.grants.map((g) => g.role));
      return sendPage(
        reply,
        <StaffPage v={v} title={v.t('staff.home')}>
          <h1>
            {v.t('staff.home')} · {actor.displayName}
          </h1>
          {mfaMissing ? (
            <p class="notice warn">
              {tr(v, '您的角色要求启用两步验证。', 'Your roles require two-step verification.')} <a href="/staff/2fa/setup">{tr(v, '立即设置', 'Set it up')}</a>
            </p>
          ) : null}
          <h2>{tr(v, '我的机构与角色', 'My agencies and roles')}</h2>
          {grants.length === 0 ? (
            <p class="empty">{tr(v, '您尚未被授予任何角色，请联系本机构管理员。', 'You hold no roles yet; ask your agency administrator.')}</p>
          ) : (
            <table class="data">
              <caption>{tr(v, '角色授予在机构上，并适用于其全部下级机构。', 'Roles are granted on an agency and apply to all agencies below it.')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr(v, '机构', 'Agency')}</th>
                  <th scope="col">{tr(v, '角色', 'Role')}</th>
                </tr>
              </thead>
              <tbody>
                {grants.map((g) => (
                  <tr key={g.id}>
                    <td>
                      <a href={`/staff/agencies/${g.orgId}`}>{g.orgName}</a>
                    </td>
                    <td>{tr(v, ROLE_LABELS[g.role as keyof typeof ROLE_LABELS].zh, ROLE_LABELS[g.role as keyof typeof ROLE_LABELS].en)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </StaffPage>,
      );
    });

    const accountPage = (v: ViewCtx, user: { username: string; totpEnabledAt: Date | null; lastLoginAt: Date | null; passwordChangedAt: Date }, errors: FieldErrors = {}, message?: string) => (
      <StaffPage v={v} title={v.t('staff.account')}>
        <h1>{v.t('staff.account')}</h1>
        <table class="kv">
          <tbody>
            <tr>
              <th scope="row">{tr(v, '用户名', 'User name')}</th>
              <td>{user.username}</td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '两步验证', 'Two-step verification')}</th>
              <td>{user.totpEnabledAt ? tr(v, '已启用', 'On') : <a href="/staff/2fa/setup">{tr(v, '未启用，立即设置', 'Off — set it up')}</a>}</td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '密码修改时间', 'Password changed')}</th>
              <td>{user.passwordChangedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
            </tr>
          </tbody>
        </table>
        <h2>{tr(v, '修改密码', 'Change password')}</h2>
        <Form action="/staff/account/password" csrf={v.csrfToken}>
          <ErrorSummary errors={errors} message={message} title={tr(v, '未能修改密码', 'Password not changed')} />
          <Field name="current" type="password" label={tr(v, '当前密码', 'Current password')} errors={errors} autocomplete="current-password" required />
          <Field name="next" type="password" label={tr(v, '新密码', 'New password')} errors={errors} autocomplete="new-password" required hint={tr(v, '至少 10 位，包含大写字母、小写字母、数字、符号中的三类。', 'At least 10 characters from three of: upper case, lower case, digits, symbols.')} />
          <Field name="confirm" type="password" label={tr(v, '再次输入新密码', 'Repeat the new password')} errors={errors} autocomplete="new-password" required />
          <button type="submit">{tr(v, '修改密码', 'Change password')}</button>
        </Form>
      </StaffPage>
    );

    app.get('/staff/account', async (req, reply) => {
      const actor = requireStaff(req);
      const { user } = await users.self(actor);
      return sendPage(reply, accountPage(viewCtx(req, takeNotice(req, reply)), user));
    });

    app.post('/staff/account/password', { config: { rateLimit: formLimit } }, async (req, reply) => {
      const actor = requireStaff(req);
      const sessionId = req.sessionState.status === 'active' ? req.sessionState.sessionId : null;
      const r = await tryForm(() => users.changePassword(actor, formValues(req), sessionId));
      if (!r.ok) {
        const { user } = await users.self(actor);
        return sendPage(reply, accountPage(viewCtx(req), user, r.errors, r.message), r.status);
      }
      return redirectWithNotice(reply, '/staff/account', '密码已修改。');
    });
  };
}
