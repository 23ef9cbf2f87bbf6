/**
 * Bulk import throughput of the catalogue benchmark: `importItems(systemActor('bench'), text,
 * { mode: 'all-or-nothing' })` with N JSONL lines (docs/catalogue-import.md) into the big database,
 * once with `state: "published"` and once with `state: "draft"`, through the app's own container.
 *
 * Then the same again through a second container whose Kysely logs every query with its duration
 * (same pool, same services): the time splits into validation (parsing, zod, lookups — up to the
 * first item insert) and writes (the transaction), and the database share of each into query
 * shapes (audit chain, 索引号 allocation, inserts, updates, lookups). The rest of each phase is
 * JavaScript (and the event loop). The profiled runs are reported apart from the headline figures.
 */
import { CamelCasePlugin, Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { systemActor } from '../src/platform/actor.js';
import type { DB } from '../src/platform/db/schema.js';
import type { OpenDatabase } from '../src/platform/db/database.js';
import type { Config } from '../src/config.js';
import { createContainer, type Container } from '../src/container.js';
import type { TextSource } from './catalogue-generate.js';

/** One timed import. */
export interface ImportRun {
  state: 'published' | 'draft';
  lines: number;
  ms: number;
  itemsPerSec: number;
  avgLineBytes: number;
}

/** Database time of one query shape in a profiled import. */
export interface QueryShare {
  label: string;
  count: number;
  ms: number;
  /** The SQL text of the shape (parameters as $n) and one set of parameters, for EXPLAIN. */
  sql: string;
  parameters: readonly unknown[];
}

/** A profiled import: phases and the database time by query shape. */
export interface ImportProfile {
  state: 'published' | 'draft';
  lines: number;
  ms: number;
  validation: { ms: number; dbMs: number; queries: number };
  writes: { ms: number; dbMs: number; queries: number };
  shares: QueryShare[];
}

const LABELS: [RegExp, string][] = [
  [/from "audit_head".*for update/s, 'audit.record: lock audit_head (SELECT … FOR UPDATE)'],
  [/insert into "audit_entries"/, 'audit.record: INSERT audit_entries'],
  [/update "audit_head"/, 'audit.record: UPDATE audit_head'],
  [/select "index_template" from "catalogue_settings"/, 'allocateIndexNumber: template lookup'],
  [/insert into "index_number_counters"/, 'allocateIndexNumber: counter upsert'],
  [/insert into "catalogue_items"/, 'INSERT catalogue_items'],
  [/insert into "catalogue_versions"/, 'INSERT catalogue_versions'],
  [/update "catalogue_items" set "public_state"/, 'publishWork: UPDATE catalogue_items (snapshot)'],
  [/update "catalogue_items" set "work_version_id"/, 'UPDATE catalogue_items (working version)'],
  [/update "catalogue_items" set "validity"/, 'UPDATE catalogue_items (validity)'],
  [/update "catalogue_versions" set "published_at"/, 'publishWork: UPDATE catalogue_versions (published_at)'],
  [/update "catalogue_versions" set "repealed_on"/, 'UPDATE catalogue_versions (repealed_on)'],
  [/"catalogue_versions" as "w"/, 'resolve: 文号 in pending working versions'],
  [/from "catalogue_items".*"doc_number" =/s, 'resolve: 文号 already published'],
  [/"index_number" =/, 'indexNumber / interprets lookup'],
  [/"taxonomy_terms"/, 'term lookup (cached per run)'],
  [/"organisations"/, 'agency lookup (cached per run)'],
  [/pg_notify|notify/i, 'NOTIFY gongkai_changes'],
];

function label(sqlText: string): string {
  for (const [re, name] of LABELS) if (re.test(sqlText)) return name;
  return sqlText.replace(/\s+/g, ' ').slice(0, 90);
}

/** JSONL import lines in the format of docs/catalogue-import.md, bodies from the text source. */
export function importLines(text: TextSource, agencies: string[], topics: string[], genres: string[], n: number, state: 'published' | 'draft', run: string): string {
  const lines: string[] = [];
  const today = new Date();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  for (let i = 0; i < n; i++) {
    // ~40% with a 文号 (new ones: the duplicate check runs but finds nothing); 3–15 paragraphs.
    const generated = new Date(Date.UTC(2015, 0, 1) + ((i * 7919) % 3900) * 86_400_000);
    const generatedOn = day(generated > today ? today : generated);
    const published = new Date(Date.parse(generatedOn) + (i % 10) * 86_400_000);
    const paragraphs = 3 + ((i * 31) % 13);
    const start = (i * 104_729) % text.paragraphs.length;
    const body = Array.from({ length: paragraphs }, (_v, j) => text.paragraphs[(start + j) % text.paragraphs.length]!).join('\n');
    const line: Record<string, unknown> = {
      agency: agencies[i % agencies.length],
      title: text.titles[(i * 13) % text.titles.length],
      generatedOn,
      topic: topics[i % topics.length],
      genre: genres[i % genres.length],
      keywords: ['基准', '导入'],
      disclosure: 'proactive',
      art20: (i % 15) + 1,
      summary: body.slice(0, 120),
      bodyText: body,
      state,
    };
    if (state === 'published') line.publishedOn = day(published > today ? today : published);
    if (i % 5 < 2) line.docNumber = `示导〔${run}〕${i + 1}号`;
    lines.push(JSON.stringify(line));
  }
  return `${lines.join('\n')}\n`;
}

async function timedImport(c: Container, text: string, state: 'published' | 'draft', lines: number): Promise<ImportRun> {
  const t0 = performance.now();
  const report = await c.importItems(systemActor('bench'), text, { mode: 'all-or-nothing' });
  const ms = performance.now() - t0;
  if (report.imported !== lines) {
    const bad = report.lines.filter((l) => !l.ok).slice(0, 3);
    throw new Error(`import (${state}): ${report.imported} of ${lines} imported; ${bad.map((l) => `line ${l.line} ${JSON.stringify(l.errors)}`).join('; ')}`);
  }
  return { state, lines, ms, itemsPerSec: (lines * 1000) / ms, avgLineBytes: Buffer.byteLength(text) / lines };
}

/** Headline runs (the app's container) and profiled runs (a query-logging container). */
export async function runImports(
  container: Container,
  database: OpenDatabase,
  config: Config,
  text: TextSource,
  n: number,
  log: (line: string) => void,
): Promise<{ runs: ImportRun[]; profiles: ImportProfile[] }> {
  const agencies = (await container.db.selectFrom('organisations').select('slug').where('isActive', '=', true).orderBy('id').execute()).map((o) => o.slug);
  const terms = await container.db.selectFrom('taxonomyTerms').select(['scheme', 'code', 'parentId']).where('isActive', '=', true).orderBy('id').execute();
  const topics = terms.filter((t) => t.scheme === 'topic' && t.parentId !== null).map((t) => t.code);
  const genres = terms.filter((t) => t.scheme === 'genre').map((t) => t.code);
  const lines = (state: 'published' | 'draft', run: string) => importLines(text, agencies, topics, genres, n, state, run);

  const runs: ImportRun[] = [];
  for (const state of ['published', 'draft'] as const) {
    const r = await timedImport(container, lines(state, `H${state[0]}`), state, n);
    log(`catalogue: import ${n} × ${state}: ${(r.ms / 1000).toFixed(1)} s, ${r.itemsPerSec.toFixed(0)} items/s (${r.avgLineBytes.toFixed(0)} bytes per line)`);
    runs.push(r);
  }

  // The profiled runs: every query of the importer, with its duration, through the same pool.
  let events: { at: number; sql: string; parameters: readonly unknown[]; ms: number }[] = [];
  const logged = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: database.pool }),
    plugins: [new CamelCasePlugin()],
    log: (e: LogEvent) => {
      events.push({ at: performance.now(), sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
    },
  });
  const profiled = createContainer({ db: logged, config });
  const profiles: ImportProfile[] = [];
  for (const state of ['published', 'draft'] as const) {
    events = [];
    const t0 = performance.now();
    await timedImport(profiled, lines(state, `P${state[0]}`), state, n);
    const end = performance.now();
    const firstInsert = events.find((e) => /insert into "catalogue_items"/.test(e.sql));
    const split = firstInsert ? firstInsert.at - firstInsert.ms : end;
    const inValidation = events.filter((e) => e.at - e.ms < split);
    const inWrites = events.filter((e) => e.at - e.ms >= split);
    const byShape = new Map<string, QueryShare>();
    for (const e of events) {
      const l = label(e.sql);
      const s = byShape.get(l) ?? { label: l, count: 0, ms: 0, sql: e.sql, parameters: e.parameters };
      s.count++;
      s.ms += e.ms;
      byShape.set(l, s);
    }
    const sum = (xs: typeof events) => xs.reduce((a, e) => a + e.ms, 0);
    const p: ImportProfile = {
      state,
      lines: n,
      ms: end - t0,
      validation: { ms: split - t0, dbMs: sum(inValidation), queries: inValidation.length },
      writes: { ms: end - split, dbMs: sum(inWrites), queries: inWrites.length },
      shares: [...byShape.values()].sort((a, b) => b.ms - a.ms),
    };
    log(`catalogue: profiled import ${n} × ${state}: ${(p.ms / 1000).toFixed(1)} s; validation ${(p.validation.ms / 1000).toFixed(1)} s (${p.validation.queries} queries, ${(p.validation.dbMs / 1000).toFixed(1)} s), writes ${(p.writes.ms / 1000).toFixed(1)} s (${p.writes.queries} queries, ${(p.writes.dbMs / 1000).toFixed(1)} s)`);
    profiles.push(p);
  }
  return { runs, profiles };
}
