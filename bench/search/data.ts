/** The generated data set on disk: a manifest and gzipped JSONL shards of `Item`s. */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { Item } from './types.js';

export const DATA_VERSION = 1;

export interface GenerateStats {
  items: number;
  /** Items whose title or body tokens contain the term. */
  withZhengfu: number;
  withGuanli: number;
  withBoth: number;
  bodyChars: number;
  bodyTokens: number;
}

export interface Manifest {
  version: number;
  n: number;
  seed: number;
  source: string;
  realCount: number;
  generatedCount: number;
  /** In order: real.jsonl.gz, then the generated shards. */
  shards: string[];
  stats: GenerateStats;
  ms: { tokenizeCorpus: number; generate: number; total: number };
  workers: number;
  createdAt: string;
}

export function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Every line of one shard, parsed. */
export async function* readShard(file: string): AsyncGenerator<Item> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as Item;
}

/** Every item of the data set in `dir`, real documents first; `limit` stops early. */
export async function* readItems(dir: string, limit = Infinity): AsyncGenerator<Item> {
  const m = readManifest(dir);
  if (!m) throw new Error(`no data set in ${dir} (run bench/search/generate.ts)`);
  let n = 0;
  for (const shard of m.shards) {
    for await (const item of readShard(path.join(dir, shard))) {
      if (n++ >= limit) return;
      yield item;
    }
  }
}

/** A gzip JSONL writer with back-pressure. */
export function jsonlWriter(file: string): { write(obj: unknown): Promise<void>; close(): Promise<void> } {
  const gz = zlib.createGzip({ level: 1 });
  const out = fs.createWriteStream(file);
  gz.pipe(out);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  let buf: string[] = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const chunk = buf.join('');
    buf = [];
    if (!gz.write(chunk)) await new Promise<void>((r) => gz.once('drain', () => r()));
  };
  return {
    async write(obj) {
      buf.push(`${JSON.stringify(obj)}\n`);
      if (buf.length >= 500) await flush();
    },
    async close() {
      await flush();
      gz.end();
      await done;
    },
  };
}
