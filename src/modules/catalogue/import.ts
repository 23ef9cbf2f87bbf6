import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '#platform/actor.js';
import { isValidDate } from '#platform/calendar/index.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { DomainError, type FieldErrors } from '#platform/errors.js';
import type { AuditService } from '#modules/audit/index.js';
import { allocateIndexNumbers } from './index-numbers.js';
import { canOnItem } from './items.policy.js';
import type { CatalogueService, VersionContent } from './items.service.js';

/** Fields of an import line beyond the item's content (see docs/catalogue-import.md). */
const LineExtras = z.object({
  key: z.string().max(80, 'key 不能超过 80 个字符。').optional(),
  agency: z.string({ message: '请填写发布机构（agency）。' }).min(1, '请填写发布机构（agency）。'),
  state: z.enum(['draft', 'published'], { message: 'state 只能是 draft 或 published。' }).default('draft'),
  publishedOn: z.string().refine(isValidDate, '发布日期不是有效日期（YYYY-MM-DD）。').optional(),
  validity: z.enum(['in_force', 'expired', 'repealed'], { message: 'validity 只能是 in_force、expired 或 repealed。' }).default('in_force'),
  repealedOn: z.string().refine(isValidDate, '废止日期不是有效日期（YYYY-MM-DD）。').optional(),
  indexNumber: z.string().min(1).max(60, '索引号不能超过 60 个字符。').optional(),
});

const LIST_FIELDS = new Set(['keywords', 'coIssuers']);
/** Rows written per statement. */
const CHUNK = 500;

export interface ImportLineReport {
  line: number;
  key: string | null;
  title: string | null;
  ok: boolean;
  errors: FieldErrors;
  warnings: string[];
  itemId?: string;
}

export interface ImportReport {
  format: 'jsonl' | 'csv';
  mode: 'all-or-nothing' | 'valid-only';
  total: number;
  valid: number;
  imported: number;
  lines: ImportLineReport[];
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Splits an upload into records with their line numbers; a line that is not an object is reported. */
export function parseImport(text: string): { format: 'jsonl' | 'csv'; records: { line: number; data: Record<string, unknown> | null; error?: string }[] } {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '{') {
    const records = body.split(/\r?\n/).flatMap((l, i): { line: number; data: Record<string, unknown> | null; error?: string }[] => {
      if (l.trim() === '') return [];
      try {
        const data: unknown = JSON.parse(l);
        if (data && typeof data === 'object' && !Array.isArray(data)) return [{ line: i + 1, data: data as Record<string, unknown> }];
        return [{ line: i + 1, data: null, error: '该行不是 JSON 对象。' }];
      } catch {
        return [{ line: i + 1, data: null, error: '该行不是有效的 JSON。' }];
      }
    });
    return { format: 'jsonl', records };
  }
  const rows = parseCsv(body);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const records = rows.slice(1).map((r, i) => {
    const data: Record<string, unknown> = {};
    header.forEach((h, j) => {
      const cell = (r[j] ?? '').trim();
      if (cell === '') return;
      data[h] = LIST_FIELDS.has(h) ? cell.split(/[;；]/).map((x) => x.trim()).filter(Boolean) : h === 'art20' ? Number(cell) : cell;
    });
    return { line: i + 2, data };
  });
  return { format: 'csv', records };
}

/**
 * Bulk import (the 清理 inventory of existing content): every line validated and reported; by
 * default nothing is written unless every line is valid. Lines with `state: published` publish at
 * once (keeping a given 索引号), which needs the agency admin role; drafts enter review as usual.
 */
export function createImporter({ db, audit, catalogue, clock }: { db: Database; audit: AuditService; catalogue: CatalogueService; clock: Clock }) {
  const { resolve, publicChanged, bump, dbTerm, dbOrg, reindex } = catalogue.internals;

  return async function importItems(actor: Actor, text: string, opts: { mode?: 'all-or-nothing' | 'valid-only'; maxLines?: number } = {}): Promise<ImportReport> {
    const mode = opts.mode ?? 'all-or-nothing';
    const { format, records } = parseImport(text);
    if (records.length > (opts.maxLines ?? 50_000)) {
      throw new DomainError('IMPORT_TOO_LARGE', 413, `一次最多导入 ${opts.maxLines ?? 50_000} 条，请拆分文件。`);
    }
    // Lookups are cached for the run: a few agencies and terms serve thousands of lines.
    const termCache = new Map<string, Promise<{ id: string } | undefined>>();
    const orgCache = new Map<string, Promise<OrganisationRow | undefined>>();
    const lookups = {
      term: (scheme: 'topic' | 'genre', ref: string) => {
        const k = `${scheme}\u0000${ref}`;
        let p = termCache.get(k);
        if (!p) termCache.set(k, (p = dbTerm(scheme, ref)));
        return p;
      },
      org: (ref: string) => {
        let p = orgCache.get(ref);
        if (!p) orgCache.set(ref, (p = dbOrg(ref)));
        return p;
      },
    };
    const keys = new Map<string, number>();
    const numbers = new Set<string>();
    const today = chinaDate(clock.now());
    const prepared: { report: ImportLineReport; org: OrganisationRow; content: Omit<VersionContent, 'attachmentIds'>; extras: z.infer<typeof LineExtras>; interpretsKey: string | null }[] = [];
    const lines: ImportLineReport[] = [];

    for (const rec of records) {
      const report: ImportLineReport = { line: rec.line, key: null, title: null, ok: false, errors: {}, warnings: [] };
      lines.push(report);
      if (!rec.data) {
        report.errors._ = rec.error ?? '无法读取该行。';
        continue;
      }
      const data = rec.data;
      report.key = typeof data.key === 'string' ? data.key : null;
      report.title = typeof data.title === 'string' ? data.title.slice(0, 100) : null;
      const ex = LineExtras.safeParse(data);
      if (!ex.success) {
        for (const i of ex.error.issues) report.errors[String(i.path[0] ?? '_')] ??= /[\u4e00-\u9fff]/.test(i.message) ? i.message : '格式不正确。';
        continue;
      }
      const extras = ex.data;
      const org = await lookups.org(extras.agency);
      if (!org || !org.isActive) {
        report.errors.agency = `发布机构“${extras.agency}”不存在。`;
        continue;
      }
      if (!canOnItem(actor, 'import', org.path)) {
        report.errors.agency = `您不能为“${org.name}”导入信息。`;
        continue;
      }
      if (extras.state === 'published' && !canOnItem(actor, 'import-published', org.path)) {
        report.errors.state = '以“已发布”状态导入须由本机构管理员操作。';
        continue;
      }
      if (extras.key) {
        if (keys.has(extras.key)) report.errors.key = `key“${extras.key}”与第 ${keys.get(extras.key)} 行重复。`;
        else keys.set(extras.key, rec.line);
      }
      const interpretsRaw = typeof data.interprets === 'string' ? data.interprets : null;
      const { key: _k, agency: _a, state: _s, publishedOn: _p, validity: _v, repealedOn: _r, indexNumber: _n, ...itemFields } = data;
      try {
        const r = await resolve(org, { ...itemFields, interprets: null }, null, lookups);
        report.warnings.push(...r.warnings);
        const published = extras.publishedOn ?? r.content.generatedOn;
        if (extras.state === 'published' && published < r.content.generatedOn) report.errors.publishedOn = '发布日期不能早于成文日期。';
        if (extras.state === 'published' && published > today) report.errors.publishedOn = '发布日期不能晚于今天。';
        if (extras.validity !== 'in_force') {
          if (extras.state !== 'published') report.errors.validity = '只有已发布的信息可以标注失效或废止。';
          else if (!extras.repealedOn) report.errors.repealedOn = '失效或废止的信息须填写 repealedOn。';
          else if (extras.repealedOn < r.content.generatedOn) report.errors.repealedOn = '废止日期不能早于成文日期。';
        }
        if (extras.indexNumber) {
          if (extras.state !== 'published') report.errors.indexNumber = '只有以“已发布”状态导入时才能沿用原索引号。';
          else if (numbers.has(extras.indexNumber)) report.errors.indexNumber = '索引号在文件中重复。';
          else if (await db.selectFrom('catalogueItems').select('id').where('indexNumber', '=', extras.indexNumber).executeTakeFirst()) report.errors.indexNumber = `索引号“${extras.indexNumber}”已被使用。`;
          numbers.add(extras.indexNumber);
        }
        if (Object.keys(report.errors).length === 0) prepared.push({ report, org, content: r.content, extras, interpretsKey: interpretsRaw });
      } catch (err) {
        if (err instanceof DomainError && err.status < 500) Object.assign(report.errors, Object.keys(err.fields).length ? err.fields : { _: err.message });
        else throw err;
      }
    }
    // 解读 links: a key of this file, or an existing 索引号.
    for (const p of prepared) {
      if (!p.interpretsKey) continue;
      if (!keys.has(p.interpretsKey)) {
        const existing = await db.selectFrom('catalogueItems').select('id').where('indexNumber', '=', p.interpretsKey).executeTakeFirst();
        if (existing) p.content.interpretsId = existing.id;
        else p.report.errors.interprets = `所解读的文件“${p.interpretsKey}”既不是本文件中的 key，也不是已有的索引号。`;
      } else if (p.interpretsKey === p.extras.key) p.report.errors.interprets = '不能解读自身。';
    }
    const valid = prepared.filter((p) => Object.keys(p.report.errors).length === 0);
    for (const p of valid) p.report.ok = true;
    const validKeys = new Set(valid.map((p) => p.extras.key).filter(Boolean));
    for (const p of valid) {
      if (p.interpretsKey && keys.has(p.interpretsKey) && !validKeys.has(p.interpretsKey)) {
        p.report.ok = false;
        p.report.errors.interprets = `所解读的第 ${keys.get(p.interpretsKey)} 行未通过校验。`;
      }
    }
    const toWrite = valid.filter((p) => p.report.ok);
    const failed = lines.some((l) => !l.ok);
    if (toWrite.length === 0 || (mode === 'all-or-nothing' && failed)) {
      return { format, mode, total: lines.length, valid: toWrite.length, imported: 0, lines };
    }

    // Set-based writes: ids taken up front, rows inserted many at a time, one UPDATE to link them,
    // 索引号 taken per agency and month in one counter step, the audit entries appended together.
    await db.transaction().execute(async (tx) => {
      const by = actor.kind === 'user' ? actor.id : null;
      const ids = async (table: string, n: number) =>
        (await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::text AS id FROM generate_series(1, ${n})`.execute(tx)).rows.map((r) => r.id);
      const itemIds = await ids('catalogue_items', toWrite.length);
      const versionIds = await ids('catalogue_versions', toWrite.length);
      const idsByKey = new Map<string, string>();
      toWrite.forEach((p, i) => {
        p.report.itemId = itemIds[i]!;
        if (p.extras.key) idsByKey.set(p.extras.key, itemIds[i]!);
      });
      const publishedAt = (p: (typeof toWrite)[number]) => new Date(`${p.extras.publishedOn ?? p.content.generatedOn}T01:00:00Z`);

      // 索引号 for published lines without one, consecutive per agency and month of publication.
      const numbers = new Map<number, string>();
      const groups = new Map<string, number[]>();
      toWrite.forEach((p, i) => {
        if (p.extras.state !== 'published' || p.extras.indexNumber) return;
        const k = `${p.org.id}|${(p.extras.publishedOn ?? p.content.generatedOn).slice(0, 7)}`;
        groups.set(k, [...(groups.get(k) ?? []), i]);
      });
      for (const list of groups.values()) {
        const sorted = [...list].sort((a, b) => publishedAt(toWrite[a]!).getTime() - publishedAt(toWrite[b]!).getTime() || a - b);
        const first = toWrite[sorted[0]!]!;
        const got = await allocateIndexNumbers(tx, first.org, chinaDate(publishedAt(first)), sorted.length);
        sorted.forEach((i, j) => numbers.set(i, got[j]!));
      }

      // Every item first: a 解读 may point at an item of a later chunk.
      for (let c = 0; c < toWrite.length; c += CHUNK) {
        const chunk = toWrite.slice(c, c + CHUNK);
        await tx
          .insertInto('catalogueItems')
          .values(chunk.map((p, j) => ({ id: itemIds[c + j]!, orgId: p.org.id, createdBy: by })))
          .execute();
      }
      for (let c = 0; c < toWrite.length; c += CHUNK) {
        const chunk = toWrite.slice(c, c + CHUNK);
        await tx
          .insertInto('catalogueVersions')
          .values(
            chunk.map((p, j) => ({
              ...p.content,
              id: versionIds[c + j]!,
              itemId: itemIds[c + j]!,
              versionNo: 1,
              createdBy: by,
              attachmentIds: [],
              interpretsId: p.content.interpretsId ?? (p.interpretsKey ? (idsByKey.get(p.interpretsKey) ?? null) : null),
              repealedOn: p.extras.repealedOn ?? null,
              publishedAt: p.extras.state === 'published' ? publishedAt(p) : null,
            })),
          )
          .execute();
        const rows = chunk.map((p, j) => {
          const published = p.extras.state === 'published';
          const at = published ? publishedAt(p) : null;
          return sql`(${itemIds[c + j]!}::bigint, ${versionIds[c + j]!}::bigint, ${published}::boolean, ${published ? (p.extras.indexNumber ?? numbers.get(c + j)!) : null}::text, ${at}::timestamptz, ${p.extras.validity}::text, ${p.extras.validity === 'in_force' ? null : (p.extras.repealedOn ?? null)}::date)`;
        });
        await sql`
          UPDATE catalogue_items AS i SET
            public_state = CASE WHEN x.pub THEN 'published' ELSE 'unpublished' END,
            current_version_id = CASE WHEN x.pub THEN x.vid END,
            work_version_id = CASE WHEN x.pub THEN NULL ELSE x.vid END,
            work_state = CASE WHEN x.pub THEN NULL ELSE 'draft' END,
            index_number = x.num,
            validity = x.validity,
            validity_changed_on = x.changed,
            title = CASE WHEN x.pub THEN v.title END,
            doc_number = CASE WHEN x.pub THEN v.doc_number END,
            generated_on = CASE WHEN x.pub THEN v.generated_on END,
            topic_id = CASE WHEN x.pub THEN v.topic_id END,
            genre_id = CASE WHEN x.pub THEN v.genre_id END,
            disclosure = CASE WHEN x.pub THEN v.disclosure END,
            first_published_at = x.at,
            updated_public_at = x.at
          FROM (VALUES ${sql.join(rows)}) AS x(id, vid, pub, num, at, validity, changed)
          JOIN catalogue_versions v ON v.id = x.vid
          WHERE i.id = x.id`.execute(tx);
      }
      await audit.recordMany(tx, actor, [
        ...toWrite.map((p, i) => ({
          action: 'catalogue.item-imported',
          details: { orgId: p.org.id, subjectType: 'catalogue_item', subjectId: itemIds[i]!, summary: { line: p.report.line, title: p.content.title, state: p.extras.state, indexNumber: p.extras.state === 'published' ? (p.extras.indexNumber ?? numbers.get(i)!) : null } },
        })),
        { action: 'catalogue.import', details: { subjectType: 'catalogue_import', subjectId: null, summary: { format, mode, total: lines.length, imported: toWrite.length } } },
      ]);
      await publicChanged(tx);
      // Published lines reach the search index in the import's transaction.
      await reindex(
        tx,
        toWrite.flatMap((p, i) => (p.extras.state === 'published' ? [itemIds[i]!] : [])),
      );
    });
    bump();
    return { format, mode, total: lines.length, valid: toWrite.length, imported: toWrite.length, lines };
  };
}

export type Importer = ReturnType<typeof createImporter>;
