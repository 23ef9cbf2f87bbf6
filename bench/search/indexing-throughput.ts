/**
 * Indexing throughput of the product pipeline (issue 7 aim: ≥ 1,000 items/s on 2 cores), in parts:
 *   1. the product tokenizer, `defaultAnalyzer().tokens()` on title and body, one thread;
 *   2. the same in 2 worker threads (items split between them);
 *   3. `SearchEngine.add()` alone, on the tokens of step 1;
 *   4. the pipeline: 2 worker threads tokenise, the main thread adds (what a reindex does).
 * Items are the first `--n` composed items of a data set made by generate.ts (the real documents,
 * a fraction of a percent at 1,000,000 and much longer, are left out unless `--real`).
 *
 *   node --import tsx bench/search/indexing-throughput.ts --dir /tmp/gk-search-bench-200000 [--n 5000] [--real]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { SearchEngine } from '../../src/platform/search/engine.js';
import { defaultAnalyzer, normalizeDocNumber } from '../../src/platform/search/text.js';
import { readItems, readManifest, readShard } from './data.js';
import { dayOf } from './gongkai-engine.js';
import type { Item } from './types.js';

interface Lite {
  id: string;
  title: string;
  body: string;
  docNumber: string;
  indexNumber: string;
  date: string;
}
interface Tok {
  id: string;
  title: string[];
  body: string[];
}

const tokenise = (items: Lite[]): Tok[] => {
  const a = defaultAnalyzer();
  return items.map((it) => ({ id: it.id, title: a.tokens(it.title), body: a.tokens(it.body) }));
};

if (!isMainThread) {
  const a = defaultAnalyzer();
  a.tokens('预热'); // load jieba and the dictionary before the clock starts
  parentPort!.postMessage({ ready: true });
  parentPort!.on('message', (m: { items?: Lite[]; batch?: Lite[] }) => {
    if (m.items) {
      const t = performance.now();
      const out = tokenise(m.items);
      parentPort!.postMessage({ ms: performance.now() - t, count: out.length, tokens: out.reduce((s, x) => s + x.title.length + x.body.length, 0) });
    } else if (m.batch) {
      parentPort!.postMessage({ toks: tokenise(m.batch) });
    } else process.exit(0);
  });
} else {
  const argv = process.argv.slice(2);
  const arg = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : fallback);
  const dir = arg('dir', '/tmp/gk-search-bench');
  const n = Number(arg('n', '5000'));
  const withReal = argv.includes('--real');
  const m = readManifest(dir);
  if (!m) throw new Error(`no data set in ${dir}`);
  const items: Lite[] = [];
  const take = (it: Item) => items.push({ id: it.id, title: it.title, body: it.body, docNumber: it.docNumber, indexNumber: it.indexNumber, date: it.date });
  if (withReal) {
    for await (const it of readItems(dir, n)) take(it);
  } else {
    outer: for (const shard of m.shards.slice(1)) for await (const it of readShard(path.join(dir, shard))) if (take(it) >= n) break outer;
  }
  const chars = items.reduce((s, it) => s + it.title.length + it.body.length, 0);
  const log = (l: string) => process.stdout.write(`${l}\n`);
  log(`indexing throughput: ${items.length} items (${withReal ? 'real documents first' : 'composed'}), ${(chars / items.length).toFixed(0)} characters each on average`);

  // 1. one thread
  const a = defaultAnalyzer();
  a.tokens('预热');
  let t = performance.now();
  const toks = tokenise(items);
  const tok1 = items.length / ((performance.now() - t) / 1000);
  const tokens = toks.reduce((s, x) => s + x.title.length + x.body.length, 0);
  log(`  tokenizer, 1 thread: ${tok1.toFixed(0)} items/s (${((chars / items.length) * tok1 / 1e6).toFixed(2)} M characters/s; ${(tokens / items.length).toFixed(0)} tokens per item)`);

  // 2. two worker threads
  const file = fileURLToPath(import.meta.url);
  const start = () =>
    Promise.all(
      [0, 1].map(
        () =>
          new Promise<Worker>((resolve, reject) => {
            const w = new Worker(file, { execArgv: ['--import', 'tsx'], workerData: {} });
            w.once('message', () => resolve(w));
            w.once('error', reject);
          }),
      ),
    );
  const workers = await start();
  t = performance.now();
  await Promise.all(
    workers.map(
      (w, k) =>
        new Promise<void>((resolve) => {
          w.once('message', () => resolve());
          w.postMessage({ items: items.filter((_, i) => i % 2 === k) });
        }),
    ),
  );
  const tok2 = items.length / ((performance.now() - t) / 1000);
  log(`  tokenizer, 2 worker threads: ${tok2.toFixed(0)} items/s`);

  // 3. add() alone
  const addAll = (eng: SearchEngine, tk: Tok[], offset: number) => {
    for (let i = 0; i < tk.length; i++) {
      const it = items[(offset + i) % items.length]!;
      eng.add({ key: `${tk[i]!.id}#${offset}`, kind: 'item', title: tk[i]!.title, body: tk[i]!.body, docNumberKey: it.docNumber ? normalizeDocNumber(it.docNumber) : null, indexNumber: it.indexNumber, agencyId: 1 + (i % 196), topicId: 1 + (i % 40), genreId: 1 + (i % 12), day: dayOf(it.date), validity: 0 });
    }
  };
  const engine = new SearchEngine();
  t = performance.now();
  addAll(engine, toks, 0);
  const add = items.length / ((performance.now() - t) / 1000);
  log(`  SearchEngine.add(), 1 thread: ${add.toFixed(0)} items/s`);

  // 4. pipeline: workers tokenise batches of 200, the main thread adds
  const engine2 = new SearchEngine();
  const BATCH = 200;
  const batches: Lite[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  t = performance.now();
  let next = 0;
  let added = 0;
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const send = () => {
            if (next >= batches.length) return resolve();
            const b = next++;
            w.once('message', (msg: { toks: Tok[] }) => {
              send();
              addAll(engine2, msg.toks, b * BATCH);
              added += msg.toks.length;
            });
            w.postMessage({ batch: batches[b] });
          };
          send();
        }),
    ),
  );
  while (added < items.length) await new Promise((r) => setTimeout(r, 1));
  const pipe = items.length / ((performance.now() - t) / 1000);
  log(`  pipeline (2 tokenising workers + add() on the main thread): ${pipe.toFixed(0)} items/s`);
  log(`  serial estimate 1 / (1/tokenizer + 1/add): ${(1 / (1 / tok1 + 1 / add)).toFixed(0)} items/s on one core`);
  for (const w of workers) await w.terminate();
  process.stdout.write(`${JSON.stringify({ items: items.length, charsPerItem: chars / items.length, tokensPerItem: tokens / items.length, tokenizer1: tok1, tokenizer2: tok2, add, pipeline: pipe })}\n`);
}
