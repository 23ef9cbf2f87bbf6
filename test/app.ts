import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { createContainer, type Container } from '../src/container.js';
import { systemActor, type Role } from '../src/platform/actor.js';
import { fixedClock, systemClock, type Clock } from '../src/platform/clock.js';
import { totpAt, totpStep } from '../src/platform/security/totp.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A test application on its own database. */
export interface TestApp {
  app: FastifyInstance;
  c: Container;
  tdb: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** Builds the real app on a fresh database; `configOverrides` adjust the parsed config. */
export async function buildTestApp(opts: { config?: Partial<Config>; clock?: Clock } = {}): Promise<TestApp> {
  const tdb = await createTestDatabase();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-files-'));
  const config = { ...loadConfig({ DATA_DIR: '/tmp/gongkai-test-unused', FILES_DIR: filesDir, RATE_LIMIT_FORMS: '1000' }), ...opts.config };
  const c = createContainer({ db: tdb.db, config, clock: opts.clock ?? systemClock });
  const app = await buildApp({ container: c, secret: TEST_SECRET });
  return {
    app,
    c,
    tdb,
    config,
    async close() {
      await app.close();
      await tdb.drop();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A small city for tests: city → two departments (each with a sub-unit) → users per role. */
export async function seedSmallCity(c: Container) {
  const actor = systemActor('test');
  const city = await c.orgs.createRoot(actor, { name: '测试市人民政府', slug: 'city' });
  const mk = (parentId: string, slug: string, name: string, kind = 'department') => c.orgs.createOrg(actor, { parentId, slug, name, kind });
  const a = await mk(city.id, 'dept-a', '测试市甲局');
  const a1 = await mk(a.id, 'dept-a1', '测试市甲局一处');
  const b = await mk(city.id, 'dept-b', '测试市乙局');
  const b1 = await mk(b.id, 'dept-b1', '测试市乙局一处');
  return { city, a, a1, b, b1 };
}

export const PASSWORD = 'Test#Passw0rd-2026';

/** Creates a staff account with roles; returns its TOTP secret when two-factor is set up. */
export async function makeStaff(c: Container, username: string, homeOrgId: string, roles: { orgId: string; role: Role }[], opts: { totp?: boolean } = {}) {
  const totpSecret = opts.totp ? 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' : undefined;
  const user = await c.users.provisionUser(systemActor('test'), { kind: 'staff', username, displayName: username, homeOrgId, password: PASSWORD, roles, ...(totpSecret ? { totpSecret } : {}) });
  return { user, totpSecret };
}

/** A browser-like client: keeps cookies, reads the CSRF token from pages. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    return res;
  }

  /** Posts a form with the CSRF token (fetching a page first if none is known). */
  async post(url: string, form: Record<string, string>, opts: { csrf?: string | false } = {}): Promise<LightMyRequestResponse> {
    if (!this.csrf && opts.csrf !== false) await this.get('/');
    const body = new URLSearchParams({ ...(opts.csrf === false ? {} : { _csrf: opts.csrf ?? this.csrf }), ...form }).toString();
    const res = await this.app.inject({ method: 'POST', url, payload: body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.keep(res);
    return res;
  }

  /** Posts a form given as name–value pairs (repeated names allowed), with the CSRF token. */
  async postPairs(url: string, pairs: [string, string][]): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/');
    const body = new URLSearchParams([['_csrf', this.csrf], ...pairs]).toString();
    const res = await this.app.inject({ method: 'POST', url, payload: body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.keep(res);
    return res;
  }

  /** Posts a multipart form with one file (and the CSRF token as a field). */
  async upload(url: string, fields: Record<string, string>, file: { field: string; fileName: string; content: Buffer; type?: string }): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/');
    const boundary = `----gk${Date.now().toString(16)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
    const res = await this.app.inject({ method: 'POST', url, payload: Buffer.concat(parts), headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    this.keep(res);
    return res;
  }

  /** Sends JSON to the API with the CSRF header. */
  async json(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/');
    const res = await this.app.inject({
      method,
      url,
      headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.csrf, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    this.keep(res);
    return res;
  }

  /** Signs in to the workspace (with the TOTP step when a secret is given). */
  async loginStaff(username: string, password = PASSWORD, totpSecret?: string): Promise<LightMyRequestResponse> {
    await this.get('/staff/login');
    let res = await this.post('/staff/login', { username, password });
    if (totpSecret && res.headers.location?.toString().startsWith('/staff/2fa')) {
      await this.get('/staff/2fa');
      res = await this.post('/staff/2fa', { code: totpAt(totpSecret, totpStep(new Date())) });
    }
    return res;
  }
}

/** The Chinese message shown next to a form field on a page, if any. */
export function fieldError(body: string, name: string): string | undefined {
  return new RegExp(`<p class="field-error" id="f-${name}-err"[^>]*>([^<]*)</p>`).exec(body)?.[1];
}

export { fixedClock };
