/**
 * Relevance of the product pipeline on the judged set (test/fixtures/search/judged-queries.json)
 * over the demo catalogue's documents (demo/catalogue.jsonl.gz), with Xapian and naive-pg on the
 * same tokens for comparison.
 *
 * - gongkai: documents as src/modules/catalogue/search-index.ts builds them — title tokens
 *   `defaultAnalyzer().tokens(title)`, body tokens of summary, body text, agency, 文号 and keywords,
 *   `normalizeDocNumber` as docNumberKey; queries through `parseQuery(text, analyzer)` (terms,
 *   phrases, exclusions, docNumberKey, indexNumber), top 10, as the search service asks.
 * - xapian, naive-pg: the same documents with the same product tokens (written as a harness data
 *   set), queried with `defaultAnalyzer().tokens(text)` (so they get the product's Traditional and
 *   width folding, but no 文号 key and no OR fallback).
 *
 *   node --import tsx bench/search/relevance-demo.ts [--no-xapian] [--no-naive] [--json out.json]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { SearchEngine } from '../../src/platform/search/engine.js';
import { defaultAnalyzer, normalizeDocNumber, parseQuery } from '../../src/platform/search/text.js';
import type { ValidityCode } from '../../src/platform/search/types.js';
import { repoRoot } from './corpus.js';
import { jsonlWriter } from './data.js';
import { dayOf } from './gongkai-engine.js';
import { evaluate, loadJudged, type RelevanceResult } from './relevance.js';
import type { Item, Query, Validity } from './types.js';

interface DemoDoc {
  key: string;
  agency: string;
  title: string;
  generatedOn: string;
  topic: string;
  genre: string;
  keywords: string[];
  validity: 'in_force' | 'expired' | 'repealed';
  bodyText: string;
  summary?: string;
  docNumber?: string;
}

const argv = process.argv.slice(2);
const log = (l: string) => process.stderr.write(`${l}\n`);
const CODES: Record<DemoDoc['validity'], ValidityCode> = { in_force: 0, expired: 1, repealed: 2 };
const NAMES: Record<DemoDoc['validity'], Validity> = { in_force: '现行有效', expired: '已失效', repealed: '已废止' };

const docs: DemoDoc[] = [];
const rl = readline.createInterface({ input: fs.createReadStream(path.join(repoRoot, 'demo', 'catalogue.jsonl.gz')).pipe(zlib.createGunzip()), crlfDelay: Infinity });
for await (const line of rl) if (line.trim()) docs.push(JSON.parse(line) as DemoDoc);

const analyzer = defaultAnalyzer();
const t0 = performance.now();
const tokenised = docs.map((d) => {
  const body = [d.summary ?? '', d.bodyText, d.agency, d.docNumber ?? '', d.keywords.join(' ')].join('\n');
  return { d, title: analyzer.tokens(d.title), body: analyzer.tokens(body), bodyText: body };
});
log(`relevance-demo: ${docs.length} demo documents tokenised in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const keys = new Set(docs.map((d) => d.key));
const indexed = (k: string) => keys.has(k);
const results: Record<string, RelevanceResult> = {};

// ---- gongkai: the product pipeline
{
  const engine = new SearchEngine();
  const ids = new Map<string, number>();
  const id = (s: string) => ids.get(s) ?? (ids.set(s, ids.size + 1), ids.size);
  for (const { d, title, body } of tokenised) {
    engine.add({ key: d.key, kind: 'item', title, body, docNumberKey: d.docNumber ? normalizeDocNumber(d.docNumber) : null, indexNumber: null, agencyId: id(`a:${d.agency}`), topicId: id(`t:${d.topic}`), genreId: id(`g:${d.genre}`), day: dayOf(d.generatedOn), validity: CODES[d.validity] ?? 0 });
  }
  results.gongkai = await evaluate(async (j) => {
    const p = parseQuery(j.query, analyzer);
    const r = engine.search({ terms: p.terms, phrases: p.phrases, excluded: p.excluded, docNumberKey: p.docNumberKey, indexNumber: p.indexNumber, filters: {}, limit: 10, offset: 0, facets: false });
    return r.hits.map((h) => h.key);
  }, indexed);
}

// ---- the same documents as a harness data set, for the baselines
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-search-relevance-'));
fs.chmodSync(dir, 0o755); // the embedded PostgreSQL runs as another user
try {
  const out = jsonlWriter(path.join(dir, 'real.jsonl.gz'));
  for (const [i, { d, title, body, bodyText }] of tokenised.entries()) {
    const item: Item = { id: d.key, title: d.title, summary: d.summary ?? '', body: bodyText, docNumber: d.docNumber ?? '', indexNumber: `demo/${i}`, agency: d.agency, date: d.generatedOn, validity: NAMES[d.validity] ?? '现行有效', topic: d.topic, genre: d.genre, real: true, titleTokens: title, bodyTokens: body };
    await out.write(item);
  }
  await out.close();
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: 1, n: docs.length, seed: 0, source: 'demo/catalogue.jsonl.gz', realCount: docs.length, generatedCount: 0, shards: ['real.jsonl.gz'], stats: {}, ms: {}, workers: 1, createdAt: new Date().toISOString() }));
  const judged = loadJudged().filter((j) => j.expected.length > 0 && j.expected.every((e) => keys.has(e.key)));
  const toQuery = (text: string, id: string): Query => ({ id, class: 'title', text, tokens: [...new Set(analyzer.tokens(text))], phrase: false });

  if (!argv.includes('--no-xapian')) {
    const qfile = path.join(dir, 'queries.json');
    fs.writeFileSync(qfile, JSON.stringify(judged.map((j) => toQuery(j.query, `judged:${j.id}`))));
    const python = process.env.XAPIAN_PYTHON ?? '/usr/bin/python3';
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(python, [path.join(repoRoot, 'bench', 'search', 'xapian_bench.py'), '--data', dir, '--db', path.join(dir, 'xapian'), '--queries', qfile, '--warmup', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      child.stdout.on('data', (c: Buffer) => (s += c.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`xapian_bench.py exited with ${code}`))));
    });
    const x = JSON.parse(stdout) as { version: string; results: { id: string; top: string[] }[] };
    const byId = new Map(x.results.map((r) => [r.id, r.top]));
    results[`xapian ${x.version}`] = await evaluate(async (j) => byId.get(`judged:${j.id}`) ?? [], indexed);
  }

  if (!argv.includes('--no-naive')) {
    const { createNaivePg } = await import('./naive-pg.js');
    const workDir = path.join(dir, 'naive');
    const naive = await createNaivePg({ workDir, tokenize: (t) => analyzer.tokens(t), log });
    try {
      const { readItems } = await import('./data.js');
      await naive.index(readItems(dir));
      results['naive-pg'] = await evaluate((j) => naive.search(toQuery(j.query, `judged:${j.id}`)), indexed);
    } finally {
      await naive.close();
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const KINDS = ['exact-title', 'abbreviation', 'doc-number', 'traditional', 'partial', 'misspelt'];
const lines = [
  `Relevance on the demo catalogue (${docs.length} documents, product tokenizer on both sides), ${Object.values(results)[0]?.queries ?? 0} judged queries: MRR / nDCG@10`,
  '',
  `| engine | all | ${KINDS.map((k) => `${k} (${Object.values(results)[0]?.byKind[k]?.queries ?? 0})`).join(' | ')} | no hit in the top 10 |`,
  `|---|---:|${KINDS.map(() => '---:|').join('')}---|`,
  ...Object.entries(results).map(([name, r]) => `| ${name} | ${r.mrr.toFixed(3)} / ${r.ndcg10.toFixed(3)} | ${KINDS.map((k) => (r.byKind[k] ? `${r.byKind[k].mrr.toFixed(2)} / ${r.byKind[k].ndcg10.toFixed(2)}` : '–')).join(' | ')} | ${r.misses.join(', ') || '–'} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
const json = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
if (json) fs.writeFileSync(json, JSON.stringify(results, null, 2));
