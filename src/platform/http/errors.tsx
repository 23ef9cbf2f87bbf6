/** @jsxImportSource preact */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import { PortalPage, StaffPage } from '../views/layout.js';
import { sendPage, viewCtx } from './request-context.js';

/** True for requests that want JSON (the REST API and probes). */
export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

const TITLES: Record<number, string> = {
  400: '提交的内容有误',
  401: '请先登录',
  403: '没有权限',
  404: '页面不存在',
  405: '不支持的请求方式',
  409: '操作无法完成',
  413: '提交的内容过大',
  414: '请求的地址过长',
  415: '不支持的内容类型',
  429: '请求过于频繁',
  500: '系统繁忙',
  503: '服务暂不可用',
};

/** Translates framework errors (bad JSON, oversize bodies) into Chinese messages. */
function frameworkMessage(err: FastifyError, status: number): string {
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return '请求体不是有效的 JSON。';
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return '提交的内容超过了大小限制。';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return '不支持该内容类型。';
  if (err.code === 'FST_ERR_VALIDATION') return '请求参数格式不正确。';
  if (status === 429) return err.message;
  return TITLES[status] ?? '请求无法处理。';
}

/** Sends an RFC 9457 problem document. */
export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, errors?: Record<string, string>): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: `https://gongkai.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status] ?? '错误', status, code, detail, ...(errors && Object.keys(errors).length ? { errors } : {}) });
}

const TITLES_EN: Record<number, string> = {
  400: 'Please check what you sent',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Method not allowed',
  409: 'This could not be done',
  413: 'Too large',
  414: 'Address too long',
  415: 'Unsupported content type',
  429: 'Too many requests',
  500: 'Temporarily unavailable',
  503: 'Service unavailable',
};

/** The page title of an error in the interface language. */
function errorTitle(lang: string, status: number): string {
  return lang === 'en' ? (TITLES_EN[status] ?? 'Error') : (TITLES[status] ?? '出错了');
}

function ErrorBody(props: { lang: string; status: number; message: string; requestId: string; home: string }) {
  const en = props.lang === 'en';
  return (
    <section class="error-page">
      <h1>{errorTitle(props.lang, props.status)}</h1>
      {/* Domain messages are Chinese whatever the interface language. */}
      <p lang="zh-CN">{props.message}</p>
      <p class="muted">
        {en ? 'Error reference (quote it when you contact us): ' : '错误编号（请在咨询时提供）：'}
        <code>{props.requestId}</code>
      </p>
      <p>
        <a href={props.home}>{en ? 'Back to the home page' : '返回首页'}</a>
      </p>
    </section>
  );
}

/** Renders a Chinese error page in the portal or workspace frame (plain text if even that fails). */
export function sendErrorPage(req: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  try {
    return renderErrorPage(req, reply, status, message);
  } catch (err) {
    req.log.error({ err }, 'error page failed');
    return reply.code(status).type('text/plain; charset=utf-8').send(`${TITLES[status] ?? '出错了'}：${message}（错误编号 ${req.id}）`);
  }
}

function renderErrorPage(req: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  const v = viewCtx(req);
  const staff = req.url.startsWith('/staff');
  const title = errorTitle(v.lang, status);
  const body = <ErrorBody lang={v.lang} status={status} message={message} requestId={req.id} home={staff ? '/staff' : '/'} />;
  return sendPage(reply, staff ? <StaffPage v={v} title={title}>{body}</StaffPage> : <PortalPage v={v} title={title}>{body}</PortalPage>, status);
}

/**
 * PostgreSQL refuses text it cannot store (a NUL character, SQLSTATE 22021/22P05). Such text can
 * only come from the request, so it is the client's error (400), not a 500.
 */
function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

/**
 * One error handler: domain errors keep their status and Chinese message; framework errors get a
 * Chinese message; anything else is a 500 whose details go to the log only, with the request id.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      if (err.status === 401 && !wantsJson(req)) return reply.redirect(`${req.url.startsWith('/staff') ? '/staff/login' : '/account/login'}?next=${encodeURIComponent(req.url)}`, 303);
      return answerWithoutHooks(req, reply, err.status, err.code, err.message, err.message, err.fields);
    }
    if (isUnstorableText(err)) {
      const message = '提交的内容含有无法处理的字符（如空字符），请删除后重试。';
      return answerWithoutHooks(req, reply, 400, 'INVALID_CHARACTERS', message, message);
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    const message = status === 500 ? '系统暂时无法处理您的请求，请稍后再试。' : frameworkMessage(err, status);
    return answerWithoutHooks(req, reply, status, status === 500 ? 'INTERNAL' : (err.code ?? 'BAD_REQUEST'), message, message);
  });
  app.setNotFoundHandler((req, reply) => {
    return answerWithoutHooks(req, reply, 404, 'NOT_FOUND', '请求的资源不存在。', '您访问的页面不存在或已被移除。');
  });
}

/** Errors the router raises before any hook runs (an over-long parameter, a broken %-escape). */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  const message = status === 414 ? '请求的地址过长。' : '请求的地址格式不正确。';
  return answerWithoutHooks(req, reply, status, err.code ?? 'BAD_URL', message, message);
}

/** Answers in Chinese when the request's own hooks may not have run (decorations defaulted). */
function answerWithoutHooks(req: FastifyRequest, reply: FastifyReply, status: number, code: string, apiMessage: string, pageMessage: string, fields?: Record<string, string>): FastifyReply {
  req.lang ??= 'zh-CN';
  req.actor ??= { kind: 'anonymous' };
  return wantsJson(req) ? sendProblem(reply, status, code, apiMessage, fields) : sendErrorPage(req, reply, status, pageMessage);
}
