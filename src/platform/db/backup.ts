import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** First line of a backup archive. */
interface Header {
  format: 'gongkai-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number }[];
}

const SKIP = new Set(['kysely_migration', 'kysely_migration_lock']);
/**
 * Tables that migrations fill with default reference data (the gov.cn topic tree, genres, the 职权类别). A fresh
 * database is "empty" with them filled; a restore replaces their rows with the archive's.
 */
const REFERENCE_TABLES = new Set(['taxonomy_terms', 'power_categories']);
const TERMINATOR = '\\.';

/**
 * Tables of the public schema in foreign-key order (parents first), with their columns and key.
 * Deferrable keys (the ones that close a cycle) are left out of the order: restore defers them.
 */
async function tablesInOrder(client: pg.ClientBase): Promise<{ name: string; columns: string[]; key: string[] }[]> {
  const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows
    .map((r) => r.name)
    .filter((n) => !SKIP.has(n));
  const deps = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public' AND NOT c.condeferrable`,
    )
  ).rows;
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const d of deps) if (d.child === t && d.parent !== t) visit(d.parent, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  const out = [];
  for (const name of ordered) {
    const cols = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [name],
    );
    const key = await client.query<{ attname: string }>(
      `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
      [name],
    );
    out.push({ name, columns: cols.rows.map((r) => r.column_name), key: key.rows.map((r) => r.attname) });
  }
  return out;
}

const ident = (client: pg.ClientBase, s: string) => client.escapeIdentifier(s);

/**
 * Writes one consistent archive (a single REPEATABLE READ snapshot) of every table: a gzip file
 * of JSON headers and COPY text rows. Written to a temporary file, fsynced, then renamed.
 */
export async function backupDatabase(pool: pg.Pool, file: string, onProgress?: (table: string, rows: number) => void): Promise<Header> {
  const client = await pool.connect();
  const tmp = `${file}.partial-${process.pid}`;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInOrder(client);
    const migrations = (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name);
    const header: Header = { format: 'gongkai-backup', version: 1, createdAt: new Date().toISOString(), migrations, tables: [] };
    for (const t of tables) {
      const n = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${ident(client, t.name)}`);
      header.tables.push({ name: t.name, columns: t.columns, rows: Number(n.rows[0]!.n) });
    }
    const gzip = zlib.createGzip();
    const out = fs.createWriteStream(tmp, { mode: 0o600 });
    const done = pipeline(gzip, out);
    const write = (s: string | Buffer) => (gzip.write(s) ? Promise.resolve() : new Promise<void>((r) => gzip.once('drain', () => r())));
    await write(`${JSON.stringify(header)}\n`);
    for (const t of tables) {
      await write(`${JSON.stringify({ table: t.name, columns: t.columns })}\n`);
      const cols = t.columns.map((c) => ident(client, c)).join(', ');
      const order = t.key.length ? ` ORDER BY ${t.key.map((c) => ident(client, c)).join(', ')}` : '';
      const stream = client.query(copyTo(`COPY (SELECT ${cols} FROM ${ident(client, t.name)}${order}) TO STDOUT`));
      for await (const chunk of stream) await write(chunk as Buffer);
      await write(`${TERMINATOR}\n`);
      onProgress?.(t.name, header.tables.find((h) => h.name === t.name)!.rows);
    }
    gzip.end();
    await done;
    await client.query('COMMIT');
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    return header;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    client.release();
  }
}

/** Reads the archive's header (to migrate the target to the same schema version first). */
export async function readBackupHeader(file: string): Promise<Header> {
  const { input, rl } = openArchive(file);
  try {
    for await (const line of rl) {
      const h = JSON.parse(line) as Header;
      if (h.format !== 'gongkai-backup' || h.version !== 1) throw new Error('不是 Gongkai 备份文件。Not a Gongkai backup archive.');
      return h;
    }
  } catch (err) {
    throw damaged(err);
  } finally {
    // Only the first line is read: a damaged rest of the file (found by restoreDatabase) must not
    // surface later as an unhandled stream error that kills the process.
    rl.on('error', () => undefined).close();
    input.on('error', () => undefined);
    input.destroy();
  }
  throw new Error('备份文件为空。The backup archive is empty.');
}

/** A decompression error, said plainly: the archive is damaged or cut short. */
function damaged(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return err;
  const detail = (err as Error).message;
  return new Error(`备份文件已损坏或不完整（${detail}）。The backup archive is damaged or truncated (${detail}).`, { cause: err });
}

/** The archive's lines; read or decompression errors reject the line iterator. */
function openArchive(file: string): { input: zlib.Gunzip; rl: readline.Interface } {
  const raw = fs.createReadStream(file);
  const input = zlib.createGunzip();
  raw.on('error', (err) => input.destroy(err));
  input.on('close', () => raw.destroy());
  const rl = readline.createInterface({ input: raw.pipe(input), crlfDelay: Infinity });
  return { input, rl };
}

/**
 * Restores an archive into a database whose schema matches it and whose tables are empty, in one
 * transaction: all or nothing. Sequences are moved past the restored ids.
 */
export async function restoreDatabase(pool: pg.Pool, file: string, onProgress?: (table: string, rows: number) => void): Promise<Header> {
  const client = await pool.connect();
  let archive: ReturnType<typeof openArchive> | undefined;
  let copy: ReturnType<typeof copyFrom> | undefined;
  let copyDone: Promise<void> | undefined;
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    let header: Header | undefined;
    let table = '';
    let rows = 0;
    const restored = new Map<string, number>();
    // readline reads as soon as it is created: open the archive only when iteration starts.
    archive = openArchive(file);
    for await (const line of archive.rl) {
      if (!header) {
        header = JSON.parse(line) as Header;
        if (header.format !== 'gongkai-backup') throw new Error('Not a Gongkai backup archive.');
        for (const t of header.tables) {
          if (REFERENCE_TABLES.has(t.name)) continue;
          const n = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${ident(client, t.name)}`);
          if (n.rows[0]!.n !== '0') throw new Error(`目标数据库不是空的（表 ${t.name} 已有数据）。The target database is not empty (${t.name} has rows).`);
        }
        // The archive's reference data (with the source's own changes) replaces the defaults.
        for (const t of [...header.tables].reverse()) {
          if (REFERENCE_TABLES.has(t.name)) await client.query(`DELETE FROM ${ident(client, t.name)}`);
        }
        continue;
      }
      if (!copy) {
        const start = JSON.parse(line) as { table: string; columns: string[] };
        table = start.table;
        rows = 0;
        const cols = start.columns.map((c) => ident(client, c)).join(', ');
        copy = client.query(copyFrom(`COPY ${ident(client, table)} (${cols}) FROM STDIN`));
        const stream = copy;
        copyDone = new Promise<void>((resolve, reject) => {
          stream.on('finish', () => resolve());
          stream.on('error', reject);
        });
        // Awaited at the table's end or on failure; never an unhandled rejection meanwhile.
        copyDone.catch(() => undefined);
        continue;
      }
      if (line === TERMINATOR) {
        copy.end();
        await copyDone;
        copy = undefined;
        restored.set(table, rows);
        onProgress?.(table, rows);
        continue;
      }
      rows++;
      if (!copy.write(`${line}\n`)) await new Promise<void>((r) => copy!.once('drain', () => r()));
    }
    if (!header || copy) throw new Error('备份文件不完整。The backup archive is truncated.');
    // A file cut at a table's end still parses: every table of the header must be there in full.
    for (const t of header.tables) {
      const got = restored.get(t.name) ?? 0;
      if (got !== t.rows) throw new Error(`备份文件不完整：表 ${t.name} 应有 ${t.rows} 行，只有 ${got} 行。The backup archive is truncated (${t.name}: ${got} of ${t.rows} rows).`);
    }
    const seqs = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const s of seqs.rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${ident(client, s.column_name)}) FROM ${ident(client, s.table_name)}), 0) + 1, false)`,
        [s.table_name, s.column_name],
      );
    }
    await client.query('COMMIT');
    return header;
  } catch (err) {
    // A COPY in progress holds the connection: abort it (CopyFail) before rolling back.
    if (copy) {
      copy.destroy(err instanceof Error ? err : new Error(String(err)));
      await copyDone?.catch(() => undefined);
    }
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw damaged(err);
  } finally {
    archive?.rl.on('error', () => undefined).close();
    archive?.input.on('error', () => undefined).destroy();
    client.release(broken);
  }
}

/** Default archive name: gongkai-backup-YYYYMMDD-HHMMSS.gz in the current folder. */
export function defaultBackupName(now = new Date()): string {
  return path.resolve(`gongkai-backup-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.gz`);
}
