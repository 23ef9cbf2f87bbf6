/**
 * The naive PostgreSQL baseline (what a CKAN-like stack does): one table with a `simple` tsvector
 * of the same jieba tokens (title weight A, body weight B), a GIN index, and
 * `WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10`, which ranks every match.
 * Loaded with COPY into a staging table, 20,000 rows at a time, then INSERT … SELECT to_tsvector.
 * Uses DATABASE_URL when set (tables `naive_search*` are dropped and created), else an embedded
 * PostgreSQL in the engine's work folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startEmbedded, type EmbeddedServer } from '../../src/platform/db/embedded.js';
import type { Engine, EngineFactory, Item, Query } from './types.js';

const BATCH = 20_000;

/** COPY text format: backslash, tab, newline and carriage return escaped. */
const copyText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

export const createNaivePg: EngineFactory = async (ctx) => {
  let server: EmbeddedServer | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    fs.mkdirSync(ctx.workDir, { recursive: true });
    fs.chmodSync(ctx.workDir, 0o755);
    server = await startEmbedded({ clusterDir: path.join(ctx.workDir, 'pg'), log: ctx.log });
    url = server.url;
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });

  const copyBatch = async (client: pg.PoolClient, rows: string[]) => {
    const stream = client.query(copyFrom('COPY naive_search_staging (id, title, body, agency, date, validity, title_tokens, body_tokens) FROM STDIN'));
    await pipeline(Readable.from(rows), stream);
    await client.query(`
      INSERT INTO naive_search (id, title, body, agency, date, validity, tsv)
      SELECT id, title, body, agency, date, validity,
             setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', body_tokens), 'B')
        FROM naive_search_staging`);
    await client.query('TRUNCATE naive_search_staging');
  };

  const engine: Engine = {
    name: 'naive-pg',
    async index(items: AsyncIterable<Item>) {
      const client = await pool.connect();
      try {
        await client.query(`SET maintenance_work_mem = '1GB'`);
        await client.query('DROP TABLE IF EXISTS naive_search, naive_search_staging');
        await client.query(`CREATE TABLE naive_search (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL, agency text NOT NULL, date date NOT NULL, validity text NOT NULL, tsv tsvector NOT NULL)`);
        await client.query(`CREATE UNLOGGED TABLE naive_search_staging (id text, title text, body text, agency text, date date, validity text, title_tokens text, body_tokens text)`);
        let rows: string[] = [];
        for await (const it of items) {
          rows.push(`${[it.id, it.title, it.body, it.agency, it.date, it.validity, it.titleTokens.join(' '), it.bodyTokens.join(' ')].map(copyText).join('\t')}\n`);
          if (rows.length >= BATCH) {
            await copyBatch(client, rows);
            rows = [];
          }
        }
        if (rows.length > 0) await copyBatch(client, rows);
        await client.query('DROP TABLE naive_search_staging');
        await client.query('CREATE INDEX naive_search_tsv ON naive_search USING gin (tsv)');
        await client.query('CREATE INDEX naive_search_agency ON naive_search (agency)');
        await client.query('CREATE INDEX naive_search_date ON naive_search (date)');
        await client.query('VACUUM (ANALYZE) naive_search');
      } finally {
        client.release();
      }
    },
    async search(q: Query) {
      const params: unknown[] = [q.tokens.join(' ')];
      const where = [`tsv @@ q`];
      const f = q.filter ?? {};
      if (f.agency !== undefined) where.push(`agency = $${params.push(f.agency)}`);
      if (f.yearFrom !== undefined) where.push(`date >= make_date($${params.push(f.yearFrom)}::int, 1, 1)`);
      if (f.yearTo !== undefined) where.push(`date <= make_date($${params.push(f.yearTo)}::int, 12, 31)`);
      if (f.validity) where.push(`validity = ANY($${params.push(f.validity)}::text[])`);
      const tsq = q.phrase ? `phraseto_tsquery('simple', $1)` : `plainto_tsquery('simple', $1)`;
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM naive_search, ${tsq} q WHERE ${where.join(' AND ')} ORDER BY ts_rank(tsv, q) DESC LIMIT 10`,
        params,
      );
      return rows.map((r) => r.id);
    },
    async close() {
      await pool.end();
      await server?.stop();
    },
  };
  return engine;
};

export default createNaivePg;
