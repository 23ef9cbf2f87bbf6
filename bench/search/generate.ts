/**
 * Generates the search benchmark's data set: N published items (default 1,000,000), the real
 * corpus documents kept verbatim and the rest composed from their paragraphs, with varied
 * agencies (~190), dates (2008–2026), 文号, 索引号, validity (~10% not in force), topic and genre.
 * 政府 and 管理 are each steered into ~25% of the generated items (title or body tokens).
 * Every item carries its title and body tokens, so all engines index the same terms.
 *
 *   node --import tsx bench/search/generate.ts [--n 1000000] [--dir /tmp/gk-search-bench] [--workers 2] [--seed 7] [--force]
 *
 * Output in --dir: manifest.json, real.jsonl.gz, gen-<k>.jsonl.gz (one per worker, in id order),
 * and corpus-tokens-<k>.json.gz (the tokenised corpus, reused by later runs). Item i of the
 * generated items depends only on the seed and i, so smaller sets are prefixes of larger ones.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { hash32, isReserved, loadCorpus, pick, rng, type RealDoc } from './corpus.js';
import { DATA_VERSION, jsonlWriter, readManifest, type GenerateStats, type Manifest } from './data.js';
import { tokenize } from './tokenize.js';
import type { Item, Validity } from './types.js';

const thisFile = fileURLToPath(import.meta.url);
const log = (l: string) => process.stderr.write(`${l}\n`);

export interface GenerateOptions {
  n: number;
  dir: string;
  workers: number;
  seed: number;
  force: boolean;
}

export const DEFAULT_DIR = '/tmp/gk-search-bench';

export function parseGenerateArgs(argv: string[]): GenerateOptions {
  const get = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const a = argv[i]!;
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  };
  const int = (name: string, fallback: number) => {
    const v = get(name);
    const x = v === undefined ? NaN : Number(v.replace(/[_,]/g, ''));
    return Number.isInteger(x) && x > 0 ? x : fallback;
  };
  return {
    n: int('n', 1_000_000),
    dir: get('dir') ?? DEFAULT_DIR,
    workers: int('workers', 2),
    seed: int('seed', 7),
    force: argv.includes('--force'),
  };
}

// ---- agencies and metadata -------------------------------------------------------------------

const DEPARTMENTS: [name: string, abbr: string][] = [
  ['人民政府', '政'], ['人民政府办公室', '政办'], ['发展和改革委员会', '发改'], ['教育局', '教'], ['科学技术局', '科'],
  ['工业和信息化局', '工信'], ['公安局', '公'], ['民政局', '民'], ['司法局', '司'], ['财政局', '财'],
  ['人力资源和社会保障局', '人社'], ['自然资源和规划局', '自然资规'], ['生态环境局', '环'], ['住房和城乡建设局', '建'],
  ['交通运输局', '交'], ['水利局', '水'], ['农业农村局', '农'], ['商务局', '商'], ['文化广电旅游局', '文旅'],
  ['卫生健康委员会', '卫健'], ['应急管理局', '应急'], ['审计局', '审'], ['市场监督管理局', '市监'], ['统计局', '统'],
  ['医疗保障局', '医保'], ['城市管理局', '城管'], ['政务服务管理局', '政务'], ['退役军人事务局', '退役'],
];
const DISTRICTS = ['东湖区', '西山区', '南江区', '青石县', '湖滨区', '白沙县', '北岭区', '金川县', '云台区', '临江市', '松溪县', '凤鸣区'];

export interface Agency {
  name: string;
  code: string;
  abbr: string;
}

/** 28 city departments + 12 districts × 14 departments = 196 agencies. */
export function agencies(): Agency[] {
  const out: Agency[] = [];
  DEPARTMENTS.forEach(([d, a], j) => out.push({ name: `示范市${d}`, code: `1133${String(j).padStart(2, '0')}00`, abbr: `示${a}` }));
  DISTRICTS.forEach((r, i) => {
    DEPARTMENTS.filter((_, j) => j < 2 || j % 2 === 0).forEach(([d, a], j) =>
      out.push({ name: `示范市${r}${d}`, code: `1133${String(j).padStart(2, '0')}${String(i + 1).padStart(2, '0')}`, abbr: `${r[0]}${a}` }),
    );
  });
  return out;
}

const TOPICS = ['综合政务', '国民经济管理', '财政', '国土资源', '农业', '工业', '交通', '商贸', '市场监管', '城乡建设', '环境保护', '教育', '科技', '文化', '卫生', '体育', '民政', '劳动人事', '公安', '司法', '应急管理', '审计'];
const GENRES: [genre: string, word: string][] = [
  ['通知', '通知'], ['意见', '实施意见'], ['方案', '实施方案'], ['办法', '管理办法'], ['规定', '若干规定'], ['公告', '公告'],
  ['通告', '通告'], ['批复', '批复'], ['报告', '工作报告'], ['计划', '工作要点'], ['细则', '实施细则'],
];

const TYPE_TAIL = /(实施办法|实施细则|暂行办法|暂行规定|若干规定|管理办法|管理规定|管理条例|条例|办法|规定|决定|细则|意见|通知|规则|决议|解释|批复|答复|报告|纲要)$/;

/** A reusable subject from a real title: 《》, notes in brackets, 中华人民共和国 and the type word dropped. */
function subjectOf(title: string): string {
  let s = title.replace(/[《》]/g, '').replace(/[（(][^）)]*[）)]$/, '').replace(/^中华人民共和国/, '').replace(/^(国务院|最高人民法院|最高人民检察院)?关于/, '');
  s = s.replace(/^(印发|发布|公布)/, '').replace(/的?(通知|决定)$/, '').replace(TYPE_TAIL, '').replace(/的$/, '');
  return s.length >= 4 && s.length <= 30 ? s : '';
}

// ---- term steering -----------------------------------------------------------------------------

const G = 1;
const M = 2;
const TARGET = 0.25;
const flagsOf = (tokens: readonly string[]) => (tokens.includes('政府') ? G : 0) | (tokens.includes('管理') ? M : 0);

// ---- phase 1: tokenise the corpus (parallel, cached) --------------------------------------------

interface TokenisedDoc {
  id: string;
  title: string[];
  paras: string[][];
}

function tokenCacheFile(dir: string, k: number, w: number) {
  return path.join(dir, `corpus-tokens-${k}of${w}.json.gz`);
}

function tokenizeWorker(dir: string, k: number, w: number): void {
  const { docs } = loadCorpus();
  const out: TokenisedDoc[] = [];
  docs.forEach((d, i) => {
    if (i % w === k) out.push({ id: d.id, title: tokenize(d.title), paras: d.paragraphs.map((p) => tokenize(p)) });
  });
  const file = tokenCacheFile(dir, k, w);
  fs.writeFileSync(`${file}.tmp`, zlib.gzipSync(JSON.stringify(out), { level: 1 }));
  fs.renameSync(`${file}.tmp`, file);
}

function loadTokens(dir: string, w: number): Map<string, TokenisedDoc> {
  const m = new Map<string, TokenisedDoc>();
  for (let k = 0; k < w; k++) {
    for (const d of JSON.parse(zlib.gunzipSync(fs.readFileSync(tokenCacheFile(dir, k, w))).toString('utf8')) as TokenisedDoc[]) m.set(d.id, d);
  }
  return m;
}

// ---- phase 2: compose items ------------------------------------------------------------------------

interface Pools {
  docs: RealDoc[];
  tokens: Map<string, TokenisedDoc>;
  /** Non-reserved documents with paragraphs, for runs of consecutive paragraphs. */
  sources: { doc: RealDoc; tok: TokenisedDoc; flags: number[] }[];
  /** Paragraphs by flags (0: neither, 1: 政府, 2: 管理, 3: both): [source index, paragraph index]. */
  byFlags: [number, number][][];
  /** Subjects (from non-reserved real titles) by the flags of their tokens. */
  subjects: string[][];
  /** By wanted flags: the subjects allowed, and for 政府 (index 1) and 管理 (index 2) the paragraphs that add it. */
  subjectsFor: string[][];
  addFor: [number, number][][][];
}

function buildPools(docs: RealDoc[], tokens: Map<string, TokenisedDoc>): Pools {
  const sources: Pools['sources'] = [];
  const byFlags: [number, number][][] = [[], [], [], []];
  const subjects: string[][] = [[], [], [], []];
  const seen = new Set<string>();
  for (const doc of docs) {
    if (isReserved(doc.id)) continue;
    const tok = tokens.get(doc.id)!;
    const flags = tok.paras.map(flagsOf);
    if (doc.paragraphs.length > 0) {
      const si = sources.push({ doc, tok, flags }) - 1;
      flags.forEach((f, j) => byFlags[f]!.push([si, j]));
    }
    const s = subjectOf(doc.title);
    if (s && !seen.has(s)) {
      seen.add(s);
      subjects[flagsOf(tokenize(s))]!.push(s);
    }
  }
  const subjectsFor = [0, 1, 2, 3].map((want) => allowed(want).flatMap((f) => subjects[f]!));
  const addFor = [0, 1, 2, 3].map((want) => [0, G, M].map((term) => allowed(want).filter((f) => (f & term) !== 0).flatMap((f) => byFlags[f]!)));
  return { docs, tokens, sources, byFlags, subjects, subjectsFor, addFor };
}

/** Flag sets allowed for a document that wants `want`. */
const allowed = (want: number) => [0, 1, 2, 3].filter((f) => (f & ~want) === 0);

function composeTitle(r: () => number, pools: Pools, want: number, year: number, genreWord: string): string {
  const choices = pools.subjectsFor[want]!;
  const s = pick(r, choices.length > 0 ? choices : pools.subjects[0]!);
  const form = r();
  if (form < 0.3) return `关于印发${s}${genreWord === '通知' ? '工作方案' : genreWord}的通知`;
  if (form < 0.5) return `关于进一步做好${s}工作的${genreWord}`;
  if (form < 0.6) return `${year}年${s}工作要点`;
  if (form < 0.7) return `关于开展${s}专项检查的通知`;
  return `关于${s}的${genreWord}`;
}

function composeItem(i: number, seed: number, pools: Pools, ags: Agency[]): Item {
  const r = rng(hash32(`${seed}:${i}`));
  const agency = ags[Math.floor(ags.length * r() ** 1.6)]!;
  const year = 2008 + Math.floor(r() * 19);
  const date = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const v = r();
  const validity: Validity = v < 0.9 ? '现行有效' : v < 0.96 ? '已失效' : '已废止';
  const [genre, genreWord] = pick(r, GENRES);
  const topic = pick(r, TOPICS);
  const want = (r() < TARGET ? G : 0) | (r() < TARGET ? M : 0);

  // Title: retried until its tokens carry no unwanted common term (its segmentation in context may differ).
  let title = '';
  let titleTokens: string[] = [];
  for (let t = 0; t < 8; t++) {
    title = composeTitle(r, pools, want, year, genreWord);
    titleTokens = tokenize(title);
    if ((flagsOf(titleTokens) & ~want) === 0) break;
  }

  // Body: runs of consecutive paragraphs of one or two source documents, skipping paragraphs with
  // an unwanted term; then a paragraph with each wanted term that is still missing.
  const ok = new Set(allowed(want));
  const paras: string[] = [];
  const ptoks: string[][] = [];
  let chars = 0;
  const runs = r() < 0.7 ? 1 : 2;
  const maxChars = 600 + Math.floor(r() * 2400);
  for (let run = 0; run < runs; run++) {
    const src = pick(r, pools.sources);
    let j = Math.floor(r() * src.doc.paragraphs.length);
    const len = 4 + Math.floor(r() * 16);
    for (let c = 0; c < len && j < src.doc.paragraphs.length && chars < maxChars; j++) {
      if (!ok.has(src.flags[j]!)) continue;
      paras.push(src.doc.paragraphs[j]!);
      ptoks.push(src.tok.paras[j]!);
      chars += src.doc.paragraphs[j]!.length;
      c++;
    }
  }
  const have = () => flagsOf(titleTokens) | ptoks.reduce((f, t) => f | flagsOf(t), 0);
  for (const term of [G, M]) {
    if ((want & term) === 0 || (have() & term) !== 0) continue;
    const pool = pools.addFor[want]![term]!;
    if (pool.length === 0) continue;
    const [si, j] = pick(r, pool);
    const src = pools.sources[si]!;
    const at = Math.floor(r() * (paras.length + 1));
    paras.splice(at, 0, src.doc.paragraphs[j]!);
    ptoks.splice(at, 0, src.tok.paras[j]!);
  }
  if (paras.length === 0) {
    const [si, j] = pick(r, pools.byFlags[0]!);
    paras.push(pools.sources[si]!.doc.paragraphs[j]!);
    ptoks.push(pools.sources[si]!.tok.paras[j]!);
  }
  const body = paras.join('\n');
  const docNumber = r() < 0.45 ? `${agency.abbr}${pick(r, ['发', '发', '办发', '函', '规'])}〔${year}〕${1 + Math.floor(r() * 300)}号` : '';
  return {
    id: `g${i}`,
    title,
    summary: (paras.find((p) => p.length > 20) ?? paras[0]!).slice(0, 100),
    body,
    docNumber,
    indexNumber: `${agency.code}/${year}-${String(i).padStart(7, '0')}`,
    agency: agency.name,
    date,
    validity,
    topic,
    genre,
    real: false,
    titleTokens,
    bodyTokens: ptoks.flat(),
  };
}

function emptyStats(): GenerateStats {
  return { items: 0, withZhengfu: 0, withGuanli: 0, withBoth: 0, bodyChars: 0, bodyTokens: 0 };
}

function count(stats: GenerateStats, item: Item): void {
  const f = flagsOf(item.titleTokens) | flagsOf(item.bodyTokens);
  stats.items++;
  if (f & G) stats.withZhengfu++;
  if (f & M) stats.withGuanli++;
  if (f === 3) stats.withBoth++;
  stats.bodyChars += item.body.length;
  stats.bodyTokens += item.bodyTokens.length;
}

function addStats(a: GenerateStats, b: GenerateStats): GenerateStats {
  return {
    items: a.items + b.items,
    withZhengfu: a.withZhengfu + b.withZhengfu,
    withGuanli: a.withGuanli + b.withGuanli,
    withBoth: a.withBoth + b.withBoth,
    bodyChars: a.bodyChars + b.bodyChars,
    bodyTokens: a.bodyTokens + b.bodyTokens,
  };
}

async function generateWorker(dir: string, w: number, k: number, from: number, to: number, seed: number): Promise<GenerateStats> {
  const { docs } = loadCorpus();
  const pools = buildPools(docs, loadTokens(dir, w));
  const ags = agencies();
  const out = jsonlWriter(path.join(dir, `gen-${k}.jsonl.gz`));
  const stats = emptyStats();
  const t0 = Date.now();
  for (let i = from; i < to; i++) {
    const item = composeItem(i, seed, pools, ags);
    count(stats, item);
    await out.write(item);
    if ((i - from) % 50_000 === 49_999) log(`  [gen ${k}] ${i - from + 1} items, ${(((i - from + 1) / (Date.now() - t0)) * 1000).toFixed(0)}/s`);
  }
  await out.close();
  return stats;
}

function realItem(d: RealDoc, tok: TokenisedDoc, i: number): Item {
  const year = Number(d.date.slice(0, 4)) || 2008;
  return {
    id: d.id,
    title: d.title,
    summary: d.summary,
    body: d.paragraphs.join('\n'),
    docNumber: d.docNumber,
    indexNumber: `000000000/${year}-R${String(i).padStart(5, '0')}`,
    agency: d.issuer,
    date: d.date,
    validity: d.validity,
    topic: d.category,
    genre: d.category,
    real: true,
    titleTokens: tok.title,
    bodyTokens: tok.paras.flat(),
  };
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', thisFile, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`generate ${args.join(' ')} exited with ${code}`))));
  });
}

/** Generates the data set in `opts.dir` unless one with the same size and seed is there. */
export async function generate(opts: GenerateOptions, say: (l: string) => void = log): Promise<Manifest> {
  const existing = readManifest(opts.dir);
  if (!opts.force && existing && existing.version === DATA_VERSION && existing.n === opts.n && existing.seed === opts.seed) {
    say(`search data: reusing ${opts.dir} (${existing.n.toLocaleString('en')} items)`);
    return existing;
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  fs.rmSync(path.join(opts.dir, 'manifest.json'), { force: true });
  const t0 = Date.now();
  const corpus = loadCorpus();
  const w = opts.workers;
  if (![...Array(w).keys()].every((k) => fs.existsSync(tokenCacheFile(opts.dir, k, w)))) {
    say(`search data: tokenising ${corpus.docs.length} documents of ${corpus.source} in ${w} processes…`);
    await Promise.all([...Array(w).keys()].map((k) => runChild(['--tokenize', `${k}/${w}`, '--dir', opts.dir])));
  }
  const tTok = Date.now();
  const tokens = loadTokens(opts.dir, w);
  const real = corpus.docs.slice(0, Math.min(corpus.docs.length, opts.n));
  const generated = opts.n - real.length;
  say(`search data: writing ${real.length} real documents and composing ${generated.toLocaleString('en')} items in ${w} processes…`);
  const realOut = jsonlWriter(path.join(opts.dir, 'real.jsonl.gz'));
  let stats = emptyStats();
  const realStats = emptyStats();
  for (const [i, d] of real.entries()) {
    const item = realItem(d, tokens.get(d.id)!, i);
    count(realStats, item);
    await realOut.write(item);
  }
  await realOut.close();
  const bounds = [...Array(w + 1).keys()].map((k) => Math.round((generated * k) / w));
  const results = await Promise.all(
    [...Array(w).keys()].map((k) => runChild(['--gen', `${k}/${w}`, '--from', String(bounds[k]), '--to', String(bounds[k + 1]), '--seed', String(opts.seed), '--dir', opts.dir])),
  );
  for (const r of results) stats = addStats(stats, JSON.parse(r) as GenerateStats);
  const all = addStats(stats, realStats);
  const tEnd = Date.now();
  const manifest: Manifest = {
    version: DATA_VERSION,
    n: opts.n,
    seed: opts.seed,
    source: corpus.source,
    realCount: real.length,
    generatedCount: generated,
    shards: ['real.jsonl.gz', ...[...Array(w).keys()].map((k) => `gen-${k}.jsonl.gz`)],
    stats: all,
    ms: { tokenizeCorpus: tTok - t0, generate: tEnd - tTok, total: tEnd - t0 },
    workers: w,
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(opts.dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const pct = (x: number, of = all.items) => `${((100 * x) / of).toFixed(1)}%`;
  say(
    `search data: ${all.items.toLocaleString('en')} items in ${((tEnd - t0) / 1000).toFixed(1)} s (corpus tokenising ${((tTok - t0) / 1000).toFixed(1)} s; composing ${(generated / ((tEnd - tTok) / 1000)).toFixed(0)} items/s); ` +
      `政府 in ${pct(all.withZhengfu)}, 管理 in ${pct(all.withGuanli)}, both in ${pct(all.withBoth)} (generated items only: ${pct(stats.withZhengfu, stats.items)}, ${pct(stats.withGuanli, stats.items)}, ${pct(stats.withBoth, stats.items)}); body ${(all.bodyChars / all.items).toFixed(0)} chars / ${(all.bodyTokens / all.items).toFixed(0)} tokens on average`,
  );
  return manifest;
}

// ---- command line ----------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => argv[argv.indexOf(`--${name}`) + 1]!;
  if (argv.includes('--tokenize')) {
    const [k, w] = arg('tokenize').split('/').map(Number) as [number, number];
    tokenizeWorker(arg('dir'), k, w);
  } else if (argv.includes('--gen')) {
    const [k, w] = arg('gen').split('/').map(Number) as [number, number];
    const stats = await generateWorker(arg('dir'), w, k, Number(arg('from')), Number(arg('to')), Number(arg('seed')));
    process.stdout.write(JSON.stringify(stats));
  } else {
    await generate(parseGenerateArgs(argv));
  }
}
