/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import type { FieldErrors } from '#platform/errors.js';
import { NotFound } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, safeLocalPath, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form } from '#platform/views/forms.js';
import { PortalPage } from '#platform/views/layout.js';
import type { SessionService } from './session.service.js';
import type { UsersService } from './users.service.js';

interface Deps {
  sessions: SessionService;
  users: UsersService;
  config: { publicAccounts: boolean };
}

/** Optional public accounts: register, sign in, see one's account, sign out. */
export function accountPortalRoutes({ sessions, users, config }: Deps, formLimit: { max: number; timeWindow: string }): FastifyPluginAsync {
  return async (app) => {
    const enabled = () => {
      if (!config.publicAccounts) throw new NotFound('PUBLIC_ACCOUNTS_OFF', '本站未开放公众账户。');
    };
    const loginPage = (v: ViewCtx, next: string, errors: FieldErrors = {}, message?: string, username?: string) => (
      <PortalPage v={v} title={tr(v, '公众登录', 'Sign in')}>
        <div class="narrow">
          <h1>{tr(v, '公众登录', 'Sign in')}</h1>
          <p>{tr(v, '浏览和查询公开信息无需登录。登录后可集中查看您提交的事项。', 'You need no account to read or search. Signing in gathers what you have submitted.')}</p>
          <Form action={`/account/login?next=${encodeURIComponent(next)}`} csrf={v.csrfToken}>
            <ErrorSummary errors={errors} message={message} title={tr(v, '登录失败', 'Sign-in failed')} />
            <Field name="username" label={tr(v, '用户名', 'User name')} value={username} errors={errors} autocomplete="username" required maxLength={64} />
            <Field name="password" type="password" label={tr(v, '密码', 'Password')} errors={errors} autocomplete="current-password" required />
            <button type="submit">{tr(v, '登录', 'Sign in')}</button>
          </Form>
          <p>
            <a href="/account/register">{tr(v, '没有账户？注册', 'No account? Register')}</a>
          </p>
        </div>
      </PortalPage>
    );

    app.get<{ Querystring: { next?: string } }>('/account/login', async (req, reply) => {
      enabled();
      return sendPage(reply, loginPage(viewCtx(req, takeNotice(req, reply)), safeLocalPath(req.query.next, '/account')));
    });

    app.post<{ Querystring: { next?: string } }>('/account/login', { config: { rateLimit: formLimit } }, async (req, reply) => {
      enabled();
      const values = formValues(req);
      const next = safeLocalPath(req.query.next, '/account');
      const r = await tryForm(() => sessions.login(values, 'public', { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id }));
      if (!r.ok) return sendPage(reply, loginPage(viewCtx(req), next, r.errors, r.message, values.username), r.status);
      reply.startSession(r.value.token);
      return reply.redirect(next, 303);
    });

    const registerPage = (v: ViewCtx, values: Record<string, string | undefined> = {}, errors: FieldErrors = {}, message?: string) => (
      <PortalPage v={v} title={tr(v, '注册公众账户', 'Register')}>
        <div class="narrow">
          <h1>{tr(v, '注册公众账户', 'Register')}</h1>
          <Form action="/account/register" csrf={v.csrfToken}>
            <ErrorSummary errors={errors} message={message} title={tr(v, '未能注册', 'Not registered')} />
            <Field name="username" label={tr(v, '用户名', 'User name')} value={values.username} errors={errors} autocomplete="username" required maxLength={64} hint={tr(v, '3–64 位小写字母、数字或 . _ @ -', '3–64 lower-case letters, digits or . _ @ -')} />
            <Field name="displayName" label={tr(v, '称呼', 'Name to show')} value={values.displayName} errors={errors} required maxLength={50} />
            <Field name="email" type="email" label={tr(v, '电子邮箱', 'E-mail')} value={values.email} errors={errors} autocomplete="email" required maxLength={120} />
            <Field name="password" type="password" label={tr(v, '密码', 'Password')} errors={errors} autocomplete="new-password" required hint={tr(v, '至少 10 位，包含大写字母、小写字母、数字、符号中的三类。', 'At least 10 characters from three of: upper case, lower case, digits, symbols.')} />
            <Field name="confirm" type="password" label={tr(v, '再次输入密码', 'Repeat the password')} errors={errors} autocomplete="new-password" required />
            <button type="submit">{tr(v, '注册', 'Register')}</button>
          </Form>
        </div>
      </PortalPage>
    );

    app.get('/account/register', async (req, reply) => {
      enabled();
      return sendPage(reply, registerPage(viewCtx(req)));
    });

    app.post('/account/register', { config: { rateLimit: formLimit } }, async (req, reply) => {
      enabled();
      const values = formValues(req);
      const r = await tryForm(() => users.registerPublic(req.actor, values));
      if (!r.ok) return sendPage(reply, registerPage(viewCtx(req), { ...values, password: '', confirm: '' }, r.errors, r.message), r.status);
      return redirectWithNotice(reply, '/account/login', '注册成功，请登录。');
    });

    app.get('/account', async (req, reply) => {
      enabled();
      const a = req.actor;
      if (a.kind !== 'user' || a.userKind !== 'public') return reply.redirect('/account/login?next=/account', 303);
      const v = viewCtx(req, takeNotice(req, reply));
      return sendPage(
        reply,
        <PortalPage v={v} title={v.t('nav.account')}>
          <h1>{v.t('nav.account')}</h1>
          <p>
            {tr(v, '您好，', 'Hello, ')}
            {a.displayName}
          </p>
          <p>
            <a href="/account/requests">{tr(v, '我的申请（依申请公开）', 'My requests for information')}</a>
          </p>
          <Form action="/account/logout" csrf={v.csrfToken}>
            <button type="submit">{v.t('nav.logout')}</button>
          </Form>
        </PortalPage>,
      );
    });

    app.post('/account/logout', async (req, reply) => {
      await sessions.logout(req.sessionState, { ip: req.ip, requestId: req.id });
      reply.endSession();
      return redirectWithNotice(reply, '/', '您已退出登录。');
    });
  };
}
