import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Actor } from '#platform/actor.js';
import type { CatalogueVersionRow } from '#platform/db/schema.js';
import { DomainError, ValidationFailed, type FieldErrors } from '#platform/errors.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from '#modules/org/index.js';
import type { Importer, ImportReport } from './import.js';
import type { CatalogueService } from './items.service.js';
import { formFromVersion } from './items.views.js';
import type { TaxonomyService } from './taxonomy.service.js';

/** Import bodies up to 20 MB (about 10,000 items with their text); other bodies keep the 1 MiB default. */
const IMPORT_BODY_LIMIT = 20 * 1_048_576;
const IMPORT_TYPES = ['text/plain', 'text/csv', 'application/x-ndjson', 'application/jsonl'];

/** The item fields a client may send (docs/catalogue-import.md without the import-only ones). */
const ITEM_FIELDS = new Set(['title', 'summary', 'docNumber', 'generatedOn', 'effectiveOn', 'topic', 'genre', 'keywords', 'disclosure', 'withheldGround', 'scope', 'art20', 'coIssuers', 'interprets', 'bodyHtml', 'bodyText']);
const IMPORT_ONLY = new Set(['key', 'state', 'publishedOn', 'validity', 'repealedOn', 'indexNumber']);

type Deps = { catalogue: CatalogueService; importItems: Importer; taxonomy: TaxonomyService; orgs: OrgService };

/** The JSON object of the request, with unknown fields named (a typo should not be dropped silently). */
function itemBody(body: unknown, extra: readonly string[] = []): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ValidationFailed({ _: '请求体应为 JSON 对象（Content-Type: application/json）。' });
  const errors: FieldErrors = {};
  for (const k of Object.keys(body)) {
    if (ITEM_FIELDS.has(k) || extra.includes(k)) continue;
    errors[k] = IMPORT_ONLY.has(k) ? '该字段仅用于批量导入（/api/v1/staff/items/import）。' : '不支持的字段。';
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  return body as Record<string, unknown>;
}

/** The import report as the API gives it (ImportReport in the OpenAPI document). */
function presentReport(r: ImportReport) {
  return {
    format: r.format,
    mode: r.mode,
    total: r.total,
    valid: r.valid,
    imported: r.imported,
    failed: r.lines.filter((l) => !l.ok).length,
    lines: r.lines.map((l) => ({ line: l.line, key: l.key, title: l.title, ok: l.ok, id: l.itemId ?? null, errors: l.errors, warnings: l.warnings })),
  };
}

/**
 * Staff writes to the catalogue over REST (an API token or the workspace session): create, edit,
 * submit for review, withdraw, bulk import, and the staff view of an item. Same services, same
 * rules and audit trail as the workspace pages.
 */
export function itemsApiRoutes({ catalogue, importItems, taxonomy, orgs }: Deps): FastifyPluginAsync {
  const terms = async () => ({ topics: await taxonomy.tree('topic', true), genres: await taxonomy.tree('genre', true) });

  /** A version as the API shows it: codes and slugs, like the input. */
  async function presentVersion(ver: CatalogueVersionRow, t: Awaited<ReturnType<typeof terms>>) {
    const form = formFromVersion(ver, t, [], null);
    const co = await Promise.all(ver.coIssuerIds.map((id) => orgs.lookup(id)));
    return {
      versionNo: ver.versionNo,
      title: ver.title,
      summary: ver.summary,
      docNumber: ver.docNumber,
      generatedOn: ver.generatedOn,
      effectiveOn: ver.effectiveOn,
      topic: form.topic || null,
      genre: form.genre || null,
      keywords: ver.keywords,
      disclosure: ver.disclosure,
      withheldGround: ver.withheldGround,
      scope: ver.scope,
      art20: ver.art20Category,
      coIssuers: co.filter((o) => o !== undefined).map((o) => o.slug),
      interprets: ver.interpretsId,
      bodyHtml: ver.bodyHtml,
      bodyText: ver.bodyText,
      attachmentIds: ver.attachmentIds,
      submittedAt: ver.submittedAt,
      reviewNote: ver.reviewNote,
      publishedAt: ver.publishedAt,
    };
  }

  /** The staff view of an item (StaffItem): state, the working and the published version. */
  async function present(actor: Actor, id: string) {
    const w = await catalogue.get(actor, id);
    const t = await terms();
    return {
      id: w.item.id,
      agency: { id: w.org.id, slug: w.org.slug, name: w.org.name },
      indexNumber: w.item.indexNumber,
      publicState: w.item.publicState,
      workState: w.item.workState,
      title: w.shown.title,
      validity: w.item.validity,
      validityChangedOn: w.item.validityChangedOn,
      firstPublishedAt: w.item.firstPublishedAt,
      withdrawnAt: w.item.withdrawnAt,
      updatedAt: w.item.updatedAt,
      timeliness: w.timeliness,
      work: w.work ? await presentVersion(w.work, t) : null,
      current: w.current ? await presentVersion(w.current, t) : null,
      attachments: w.attachments.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.sizeBytes })),
      can: w.can,
    };
  }

  /** The agency of a new item: `agency` (slug or id) within the caller's reach, else the token's agency. */
  async function agencyFor(actor: Actor, req: FastifyRequest, ref: unknown): Promise<string> {
    if (ref === undefined || ref === null || ref === '') {
      if (req.apiToken) return req.apiToken.orgId;
      throw new ValidationFailed({ agency: '请填写发布机构（agency）。' });
    }
    if (typeof ref !== 'string') throw new ValidationFailed({ agency: '发布机构应为机构标识（slug）或编号。' });
    const org = (await orgs.staffScope(actor)).find((o) => o.slug === ref || o.id === ref);
    if (!org) throw new ValidationFailed({ agency: `发布机构“${ref.slice(0, 60)}”不存在或不在您的权限（令牌）范围内。` });
    return org.id;
  }

  /** PATCH semantics: the working (else published) version's fields, overlaid with the given ones. */
  async function merged(actor: Actor, id: string, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    const w = await catalogue.get(actor, id);
    const { body, bodyFormat: _f, coIssuers: _c, interprets: _i, ...form } = formFromVersion(w.shown, await terms(), [], null);
    const base: Record<string, unknown> = { ...form, keywords: w.shown.keywords, coIssuers: w.shown.coIssuerIds, interprets: w.shown.interpretsId, bodyHtml: body ?? '' };
    // A new body replaces the old one whichever form it comes in.
    if ('bodyHtml' in patch || 'bodyText' in patch) delete base.bodyHtml;
    return { ...base, ...patch };
  }

  return async (app) => {
    for (const type of IMPORT_TYPES) {
      if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, buf: Buffer, done) => {
        try {
          done(null, new TextDecoder('utf-8', { fatal: true }).decode(buf));
        } catch {
          done(new ValidationFailed({ body: '内容不是 UTF-8 编码的文本，请另存为 UTF-8 后重新提交。' }), undefined);
        }
      });
    }

    app.get<{ Params: { id: string } }>('/items/:id', async (req) => present(requireStaff(req), req.params.id));

    app.post('/items', async (req, reply) => {
      const actor = requireStaff(req);
      const body = itemBody(req.body, ['agency']);
      const { agency, ...fields } = body;
      const { id, warnings } = await catalogue.create(actor, await agencyFor(actor, req, agency), fields);
      return reply.code(201).send({ ...(await present(actor, id)), warnings });
    });

    app.patch<{ Params: { id: string } }>('/items/:id', async (req) => {
      const actor = requireStaff(req);
      const patch = itemBody(req.body);
      const { warnings } = await catalogue.update(actor, req.params.id, await merged(actor, req.params.id, patch));
      return { ...(await present(actor, req.params.id)), warnings };
    });

    app.post<{ Params: { id: string } }>('/items/:id/submit', async (req) => {
      const actor = requireStaff(req);
      await catalogue.submit(actor, req.params.id);
      return present(actor, req.params.id);
    });

    app.post<{ Params: { id: string } }>('/items/:id/withdraw', async (req) => {
      const actor = requireStaff(req);
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ValidationFailed({ reason: '请填写撤回理由。' });
      await catalogue.withdraw(actor, req.params.id, body);
      return present(actor, req.params.id);
    });

    app.post<{ Querystring: { mode?: string } }>('/items/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (req, reply) => {
      const actor = requireStaff(req);
      const mode = req.query.mode ?? 'all-or-nothing';
      if (mode !== 'all-or-nothing' && mode !== 'valid-only') throw new ValidationFailed({ mode: 'mode 只能是 all-or-nothing 或 valid-only。' });
      if (req.body === undefined || req.body === null) throw new ValidationFailed({ body: '导入文件为空。' });
      if (typeof req.body !== 'string') throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, '请以 application/x-ndjson（JSONL）或 text/csv 提交导入文件。');
      if (req.body.trim() === '') throw new ValidationFailed({ body: '导入文件为空。' });
      const report = presentReport(await importItems(actor, req.body, { mode }));
      return reply.code(mode === 'all-or-nothing' && report.failed > 0 ? 422 : 200).send(report);
    });
  };
}
