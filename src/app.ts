import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Container } from './container.js';
import { migrationsCurrent } from '#platform/db/database.js';
import { registerCsrf } from '#platform/http/csrf.js';
import { registerSecurityHeaders } from '#platform/http/security-headers.js';
import { frameworkErrorHandler, registerErrorHandling } from '#platform/http/errors.js';
import { safeLocalPath, setSiteNameSource } from '#platform/http/request-context.js';
import { LANGS, type Lang } from '#platform/views/i18n.js';
import { auditStaffRoutes } from '#modules/audit/index.js';
import { calendarStaffRoutes } from '#modules/calendar/index.js';
import { catalogueSettingsStaffRoutes, guidePortalRoutes, guideStaffRoutes, inventoryStaffRoutes, itemsStaffRoutes, sensitiveWordsStaffRoutes, taxonomyStaffRoutes } from '#modules/catalogue/index.js';
import { registerUploads } from '#platform/http/uploads.js';
import { accountPortalRoutes, apiTokensStaffRoutes, authStaffRoutes, registerApiTokenAuth, registerSessions, usersApiRoutes, usersStaffRoutes } from '#modules/auth/index.js';
import { itemsApiRoutes } from '#modules/catalogue/index.js';
import { orgApiRoutes, orgPortalRoutes, orgStaffRoutes } from '#modules/org/index.js';
import { catalogueExportRoutes, catalogueFeedRoutes, publicCatalogueApiRoutes, publicCatalogueRoutes } from '#modules/catalogue/index.js';
import { homeRoutes } from '#modules/portal/index.js';
import { requestsPortalRoutes } from '#modules/requests/index.js';
import { requestsStaffRoutes } from '#modules/requests/index.js';
import { searchRoutes } from '#modules/search/index.js';
import { mattersPortalRoutes, mattersStaffRoutes } from '#modules/matters/index.js';
import { sectorCatalogue, standardsPortalRoutes, standardsStaffRoutes } from '#modules/standards/index.js';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');

/** Options of buildApp beyond the container. */
export interface AppOptions {
  container: Container;
  /** Secret for CSRF tokens; tests pass a fixed one. */
  secret: string;
  logger?: FastifyServerOptions['logger'];
}

/** Pino settings: JSON lines, request ids, no cookies, tokens, passwords or query strings. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.body.password', 'req.body.next', 'req.body.current', 'req.body.confirm', 'req.body.code', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      // The path only: query strings may carry personal data (search terms, tracking codes).
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
    },
  };
}

/**
 * Builds the web application: platform plugins, then every module's routes. Never listens, so
 * tests drive it with `inject()` and the entrypoint decides where it serves.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { container } = opts;
  const { config } = container;
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // One log line per request (written in onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: (err, req, reply) => void frameworkErrorHandler(err, req, reply),
  });

  let siteName = (await container.orgs.root())?.name ?? '政务公开平台';
  setSiteNameSource(() => siteName);
  app.decorate('refreshSiteName', async () => {
    siteName = (await container.orgs.root())?.name ?? '政务公开平台';
  });

  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  registerSecurityHeaders(app, { hsts: config.cookieSecure });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1_048_576 });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `请求过于频繁，请在 ${Math.ceil(ctx.ttl / 1000)} 秒后重试。`,
    }),
  });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/static/', maxAge: '1h', index: false });

  registerErrorHandling(app);
  app.addHook('onRequest', (req, _reply, done) => {
    const lang = req.cookies.gk_lang;
    req.lang = LANGS.includes(lang as Lang) ? (lang as Lang) : 'zh-CN';
    req.largeText = req.cookies.gk_display === 'large';
    done();
  });
  registerCsrf(app, { secret: opts.secret, secure: config.cookieSecure });
  registerSessions(app, container.sessions, { secure: config.cookieSecure });
  await registerUploads(app, { maxFileBytes: config.maxUploadBytes });
  registerMetrics(app, config.metricsToken);

  /** Language and large-text switches: plain links that set a cookie and come back (no JS needed). */
  app.get('/prefs', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const year = 365 * 24 * 3600;
    if (q.lang && LANGS.includes(q.lang as Lang)) reply.setCookie('gk_lang', q.lang, { path: '/', sameSite: 'lax', maxAge: year });
    if (q.display === 'large' || q.display === 'standard') reply.setCookie('gk_display', q.display, { path: '/', sameSite: 'lax', maxAge: year });
    return reply.redirect(safeLocalPath(q.next), 303);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(container.db);
      const current = await migrationsCurrent(container.db);
      return reply.code(current ? 200 : 503).send({ status: current ? 'ready' : 'migrations-pending', database: 'ok', migrations: current ? 'current' : 'pending' });
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  const forms = { max: config.rateLimitForms, timeWindow: '1 minute' };
  await app.register(homeRoutes(container));
  await app.register(orgPortalRoutes(container.orgs));
  // The public catalogue: pages, feeds and sitemap, exports, read API (one visibility rule: publicItems()).
  const publicCatalogue = { db: container.db, orgs: container.orgs, taxonomy: container.taxonomy, storage: container.storage, publicUrl: config.publicUrl, publicVersion: () => container.catalogue.publicVersion() + container.taxonomy.version() };
  await app.register(publicCatalogueRoutes(publicCatalogue));
  await app.register(catalogueFeedRoutes(publicCatalogue));
  await app.register(catalogueExportRoutes(publicCatalogue));
  await app.register(publicCatalogueApiRoutes(publicCatalogue));
  await app.register(guidePortalRoutes(container));
  await app.register(searchRoutes(container));
  await app.register(mattersPortalRoutes({ matters: container.matters, sheets: container.powerSheets, orgs: container.orgs, sectorCatalogue }));
  await app.register(standardsPortalRoutes(container));
  await app.register(accountPortalRoutes(container, forms));
  await app.register(requestsPortalRoutes(container, forms, { secret: opts.secret }));
  await app.register(authStaffRoutes(container, forms));
  await app.register(orgStaffRoutes(container));
  await app.register(usersStaffRoutes(container));
  await app.register(auditStaffRoutes(container));
  await app.register(calendarStaffRoutes(container));
  await app.register(taxonomyStaffRoutes(container));
  await app.register(catalogueSettingsStaffRoutes(container));
  await app.register(itemsStaffRoutes(container));
  await app.register(inventoryStaffRoutes(container));
  await app.register(sensitiveWordsStaffRoutes(container));
  await app.register(requestsStaffRoutes(container));
  await app.register(guideStaffRoutes(container));
  await app.register(mattersStaffRoutes({ matters: container.matters, sheets: container.powerSheets, orgs: container.orgs }));
  await app.register(standardsStaffRoutes(container));
  await app.register(orgApiRoutes(container), { prefix: '/api/v1' });
  await app.register(usersApiRoutes(container), { prefix: '/api/v1' });
  await app.register(apiTokensStaffRoutes(container));
  // Staff writes over REST: an API token (Authorization: Bearer gk_…) is honoured inside this scope only, never on pages.
  await app.register(
    async (staffApi) => {
      registerApiTokenAuth(staffApi, container.apiTokens);
      await staffApi.register(itemsApiRoutes(container));
    },
    { prefix: '/api/v1/staff' },
  );
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Re-reads the site name (after the root agency is renamed). */
    refreshSiteName(): Promise<void>;
  }
}

/** True for a request from this machine (no proxy in between). */
function fromLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

/** Prometheus metrics at /metrics: for loopback, or for a bearer of METRICS_TOKEN. */
function registerMetrics(app: FastifyInstance, token: string | undefined): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'gongkai_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    req.log.info({ method: req.method, path: req.url.split('?')[0], route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  app.get('/metrics', async (req, reply) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    const allowed = expected ? given.length === expected.length && crypto.timingSafeEqual(given, expected) : fromLoopback(req.ip);
    if (!allowed) return reply.code(404).type('application/problem+json; charset=utf-8').send({ status: 404, code: 'NOT_FOUND', title: '页面不存在', detail: '请求的资源不存在。' });
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
