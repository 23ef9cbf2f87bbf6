/**
 * The text side of search (issue 7): normalisation, jieba segmentation with the government
 * dictionary, 文号 keys, 索引号 recognition and query parsing. Index and query go through the same
 * functions, so what a document says and what a user types meet as the same tokens.
 *
 * Token sequence contract (see `TextAnalyzer`): `phraseTokens(text)` is the ordered fine-grained
 * sequence — every kept word of jieba's accurate mode, with each pure-Han word of 3+ characters
 * replaced by its pieces (dictionary words of 2 characters, else single characters), so no
 * phrase token is a Han word longer than 2 characters. `tokens(text)` is that sequence followed by
 * the compound words (the replaced 3+-character words, in order of occurrence). Positions below
 * `phraseTokens(text).length` are the text's order; compounds never occur in a phrase sequence, so
 * an engine that numbers `tokens()` from 0 gets correct phrase adjacency and still indexes
 * 政府信息公开 as one token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict as defaultDict } from '@node-rs/jieba/dict.js';
import * as opencc from 'opencc-js/t2cn';
import type { Analyzer, ParsedQuery } from './types.js';

/** The project dictionary (jieba user-dict format), built by scripts/build-search-dictionary.ts. */
export const GOV_TERMS_FILE = path.join(import.meta.dirname, 'gov-terms.txt');
/** Queries are cut to this many characters (code points) before parsing. */
export const MAX_QUERY_CHARS = 200;
/** At most this many terms, excluded tokens, and phrase tokens in all, per query. */
export const MAX_QUERY_TERMS = 32;
/** Frequency given to `extraWords`: high enough that jieba keeps them whole in context. */
const EXTRA_WORD_FREQ = 30000;

// ---------------------------------------------------------------- normalisation

/** Traditional → Simplified: OpenCC's HK variants then T→S tables (opencc-js), applied by line. */
interface T2S {
  trigger: RegExp;
  convert: (s: string) => string;
}
let t2s: T2S | null = null;

type Pair = [string, string];
/** The part of opencc-js used here (its bundled .d.ts files do not resolve under NodeNext). */
const { ConverterFactory, Locale } = opencc as unknown as {
  ConverterFactory: (...stages: Pair[][][]) => (s: string) => string;
  Locale: { from: Record<string, readonly (readonly unknown[])[]>; to: Record<string, readonly (readonly unknown[])[]> };
};
const pairsOf = (groups: readonly (readonly unknown[])[] | undefined): Pair[] =>
  (groups ?? []).flat(2).flatMap((d) => (typeof d === 'string' ? d.split('|').map((p) => p.split(' ') as Pair) : []));

function buildT2S(): T2S {
  const variants = pairsOf(Locale.from.hk);
  const chars = pairsOf(Locale.to.cn);
  const isChar = (k: string) => [...k].length === 1;
  // Characters that are themselves simplified (some 繁 variant maps onto them) must not trigger
  // conversion, and phrase rules made only of such characters are dropped: OpenCC's "一坏 → 一坯"
  // would otherwise turn simplified 破坏 text into 坯.
  const simplified = new Set(chars.filter(([k]) => isChar(k)).map(([, v]) => v));
  const trad = new Set([...variants, ...chars].filter(([k, v]) => isChar(k) && k !== v && !simplified.has(k)).map(([k]) => k));
  const keep = ([k]: Pair) => isChar(k) || [...k].some((c) => trad.has(c));
  const convert = ConverterFactory([variants.filter(keep)], [chars.filter(keep)]);
  const trigger = [...trad].filter((c) => convert(c) !== c);
  return { trigger: new RegExp(`[${trigger.join('')}]`, 'u'), convert };
}

/** Converts Traditional Chinese to Simplified; text without a Traditional character is returned as is. */
export function toSimplified(s: string): string {
  const { trigger, convert } = (t2s ??= buildT2S());
  if (!trigger.test(s)) return s;
  return s
    .split('\n')
    .map((line) => (trigger.test(line) ? convert(line) : line))
    .join('\n');
}

/** Look-alike punctuation folded to one form (after NFKC, which already folds full-width ASCII). */
const PUNCT: Record<string, string> = {};
for (const [chars, to] of [
  ['“”„‟〝〞〟「」『』﹁﹂﹃﹄«»', '"'],
  ['‘’‚‛′', "'"],
  ['‐‑‒–—―−﹣⁃', '-'],
  ['〔【〖〘⦅［', '['],
  ['〕】〗〙⦆］', ']'],
  ['・•‧･∙', '·'],
  ['\u200b\u200c\u200d\u2060\ufeff\u00ad', ''],
] as const) {
  for (const c of chars) PUNCT[c] = to;
}
const PUNCT_RE = new RegExp(`[${Object.keys(PUNCT).join('')}]`, 'gu');

/**
 * The one normalisation of index and query text: NFKC (full-width → half-width, compatibility
 * ideographs), lower case, Traditional → Simplified, look-alike quotes, dashes, brackets and dots
 * folded, zero-width characters removed. Whitespace is kept as it is.
 */
export function normalizeText(s: string): string {
  return toSimplified(s.normalize('NFKC').toLowerCase()).replace(PUNCT_RE, (c) => PUNCT[c] ?? c);
}

// ---------------------------------------------------------------- 文号

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** A serial written in digits or Chinese numerals (七百一十一), as a number; NaN if neither. */
function serialNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit = -1;
  for (const c of s) {
    const d = CN_DIGITS[c];
    const u = CN_UNITS[c];
    if (d !== undefined) digit = d;
    else if (u !== undefined) {
      total += (digit < 0 ? 1 : digit) * u;
      digit = -1;
    } else return NaN;
  }
  return total + Math.max(digit, 0);
}

const SERIAL = '(\\d{1,6}|[〇零一二两三四五六七八九十百千]{1,8})';
/** The year-and-serial tail of a 文号: [2017]2号, (2017)第2号, 2017年2号 (after normalizeText). */
const YEAR_TAIL = `(?:\\[\\s*((?:19|20)\\d{2})\\s*年?\\s*\\]|\\(\\s*((?:19|20)\\d{2})\\s*年?\\s*\\)|((?:19|20)\\d{2})\\s*年)\\s*第?\\s*${SERIAL}`;
const DOC_NUMBER_EXACT = new RegExp(`^(\\p{Script=Han}{1,20}?)${YEAR_TAIL}(号?)$`, 'u');
const ORDER_EXACT = new RegExp(`^(\\p{Script=Han}{0,19}令)第?${SERIAL}号$`, 'u');
const DOC_NUMBER_IN_TEXT = new RegExp(`(\\p{Script=Han}{1,20})${YEAR_TAIL}(号?)|(\\p{Script=Han}{0,19}令)第?${SERIAL}号`, 'gu');
/** Tails preceded by a Han character, rewritten to one form inside `tokens()`. */
const TAIL_IN_TEXT = new RegExp(`(?<=\\p{Script=Han})${YEAR_TAIL}号`, 'gu');

/** Words that precede a 文号 in running text but are not part of its 机关代字. */
const LEADING_WORDS = ['根据', '依据', '按照', '依照', '参照', '参见', '详见', '贯彻', '落实', '执行', '印发', '转发', '关于', '对照', '文件', '据', '见', '按', '依', '即', '和', '及', '与', '以'];
const BOUNDARY_WORDS = ['的通知', '的决定', '的意见', '的批复', '通知', '决定', '意见', '批复', '公告', '通告', '的', '号文'];

function trimPrefix(prefix: string): string {
  let p = prefix.startsWith('中华人民共和国') && prefix.length > 8 ? prefix.slice(7) : prefix;
  for (const w of BOUNDARY_WORDS) {
    const at = p.lastIndexOf(w);
    if (at >= 0 && p.length - (at + w.length) >= 2) p = p.slice(at + w.length);
  }
  for (let again = true; again; ) {
    again = false;
    for (const w of LEADING_WORDS) {
      if (p.startsWith(w) && p.length - w.length >= 2) {
        p = p.slice(w.length);
        again = true;
      }
    }
  }
  return p.startsWith('中华人民共和国') && p.length > 8 ? p.slice(7) : p;
}

const yearKey = (prefix: string, year: string, serial: number) => `${prefix}〔${year}〕${serial}号`;
const orderKey = (prefix: string, serial: number) => `${prefix}第${serial}号`;

/**
 * The canonical key of a 文号: `国发〔2017〕2号` for every bracket form (〔〕 [] () （） 【】),
 * for `2017年`, with or without 第 and leading zeros; `国务院令第711号` for order numbers
 * (中华人民共和国 dropped, Chinese numerals read). Null when the text is not a 文号.
 */
export function normalizeDocNumber(s: string): string | null {
  const t = normalizeText(s).replace(/\s+/g, '');
  const m = DOC_NUMBER_EXACT.exec(t);
  if (m) {
    const year = m[2] ?? m[3] ?? m[4];
    const serial = serialNumber(m[5] ?? '');
    // Without brackets the 号 is required: 国发2017年2 is too ambiguous.
    if (year === undefined || !(serial > 0) || (m[4] !== undefined && m[6] !== '号')) return null;
    return yearKey(trimPrefix(m[1] ?? ''), year, serial);
  }
  const o = ORDER_EXACT.exec(t);
  if (o && o[1] !== '令') {
    const serial = serialNumber(o[2] ?? '');
    return serial > 0 ? orderKey(trimPrefix(o[1] ?? ''), serial) : null;
  }
  return null;
}

/** The canonical keys of the 文号 found in a text, in order, without duplicates. */
export function findDocNumbers(text: string): string[] {
  const keys: string[] = [];
  for (const m of normalizeText(text).matchAll(DOC_NUMBER_IN_TEXT)) {
    let key: string | null = null;
    const year = m[2] ?? m[3] ?? m[4];
    if (m[1] !== undefined && year !== undefined) {
      const serial = serialNumber(m[5] ?? '');
      if (serial > 0 && (m[4] === undefined || m[6] === '号')) key = yearKey(trimPrefix(m[1]), year, serial);
    } else if (m[7] !== undefined && m[7] !== '令') {
      const serial = serialNumber(m[8] ?? '');
      if (serial > 0) key = orderKey(trimPrefix(m[7]), serial);
    }
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Rewrites every 文号 tail to `[2017]2号`, so 〔2017〕, (2017), 2017年 and 第 give the same tokens. */
function canonicalTails(normalized: string): string {
  if (!/[[(年]/.test(normalized)) return normalized;
  return normalized.replace(TAIL_IN_TEXT, (whole, ...g: (string | undefined)[]) => {
    const year = g[0] ?? g[1] ?? g[2];
    const serial = serialNumber(g[3] ?? '');
    return year !== undefined && serial > 0 ? ` [${year}]${serial}号` : whole;
  });
}

// ---------------------------------------------------------------- 索引号

/**
 * The shapes of 索引号 (ogi-rules §4.3, src/modules/catalogue/index-number.ts): an organisation
 * code, credit code, slug or literal prefix; `/` or `-`; a year (or year+month); `-` or `/`; a serial.
 * E.g. `11990100X/2026-00012`, `0142768-8/2022-00185`, `11341702486344515H/202110-00013`,
 * `sz-jyj/2026-0222`, `GK-2026-222`.
 */
const INDEX_NUMBER = /^([0-9a-z][0-9a-z_.-]{1,39})[/-]((?:19|20)\d{2}(?:0[1-9]|1[0-2])?)[-/](\d{1,9})$/i;

/** Whether a query is a 索引号 (full-width input accepted); pure digit prefixes need 8+ characters, so dates and phone numbers are not. */
export function looksLikeIndexNumber(q: string): boolean {
  const m = INDEX_NUMBER.exec(q.normalize('NFKC').trim());
  if (!m) return false;
  const org = m[1] ?? '';
  return /[a-z]/i.test(org) || org.replace(/\D/g, '').length >= 8;
}

// ---------------------------------------------------------------- segmentation

/** The analyzer of index and query text. */
export interface TextAnalyzer extends Analyzer {
  /** `phraseTokens(text)` followed by the compound words, in order (see the module comment). */
  tokens(text: string): string[];
  /** The ordered fine-grained sequence, for positions and phrase matching on both sides. */
  phraseTokens(text: string): string[];
  /** Both parts in one pass: `tokens(text)` is `[...phrase, ...compounds]`. */
  analyze(text: string): { phrase: string[]; compounds: string[] };
  /** jieba's accurate-mode words of the normalised text (punctuation dropped), e.g. for highlighting. */
  words(text: string): string[];
}

const KEEP = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const HAN_COMPOUND = /^\p{Script=Han}{3,}$/u;
const WORD_CACHE_MAX = 200_000;

interface WordEntry {
  pieces: readonly string[];
  compound: boolean;
}

/** jieba is several times faster on pieces of about a thousand characters than on whole documents. */
const CHUNK_CHARS = 1000;

/** Splits a text for jieba at line or sentence ends (where no word can continue), else at the size limit. */
function* chunks(s: string): Generator<string> {
  let start = 0;
  while (s.length - start > CHUNK_CHARS * 1.5) {
    const limit = start + CHUNK_CHARS;
    let cut = s.lastIndexOf('\n', limit);
    if (cut <= start) cut = s.lastIndexOf('。', limit);
    if (cut <= start) cut = s.lastIndexOf(' ', limit);
    if (cut <= start) cut = limit - 1;
    yield s.slice(start, cut + 1);
    start = cut + 1;
  }
  if (start < s.length) yield start === 0 ? s : s.slice(start);
}

/** The lines of a user dictionary that jieba can load (comments and blank lines dropped). */
function dictionaryLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .join('\n');
}

/**
 * Creates an analyzer: jieba (accurate mode, no HMM) with its default dictionary, the project's
 * government dictionary (gov-terms.txt) and `extraWords`. Loading takes about half a second, so
 * keep one per process (`defaultAnalyzer()`).
 */
export function createAnalyzer(opts: { extraWords?: readonly string[] } = {}): TextAnalyzer {
  const jieba = Jieba.withDict(defaultDict);
  jieba.loadDict(Buffer.from(dictionaryLines(fs.readFileSync(GOV_TERMS_FILE, 'utf8'))));
  const extra = (opts.extraWords ?? []).map((w) => normalizeText(w).replace(/\s+/g, '')).filter((w) => w.length > 0);
  if (extra.length > 0) jieba.loadDict(Buffer.from(extra.map((w) => `${w} ${EXTRA_WORD_FREQ} n`).join('\n')));

  /** Pieces of a pure-Han word of 3+ characters: fewest single characters, then fewest pieces. */
  const decompose = (word: string): string[] => {
    const chars = Array.from(word);
    const pairs = new Set(jieba.cutForSearch(word, false).filter((p) => Array.from(p).length === 2));
    const best: { singles: number; count: number; from: number }[] = [{ singles: 0, count: 0, from: -1 }];
    const relax = (to: number, singles: number, count: number, from: number) => {
      const cur = best[to];
      if (!cur || singles < cur.singles || (singles === cur.singles && count <= cur.count)) best[to] = { singles, count, from };
    };
    for (let i = 0; i < chars.length; i++) {
      const b = best[i]!;
      relax(i + 1, b.singles + 1, b.count + 1, i);
      if (i + 1 < chars.length && pairs.has(chars[i]! + chars[i + 1]!)) relax(i + 2, b.singles, b.count + 1, i);
    }
    const pieces: string[] = [];
    for (let end = chars.length; end > 0; end = best[end]!.from) pieces.push(chars.slice(best[end]!.from, end).join(''));
    return pieces.reverse();
  };

  /** What each distinct jieba word becomes, cached: dropped (null), kept whole, or a compound and its pieces. */
  const cache = new Map<string, WordEntry | null>();
  const classify = (w: string): WordEntry | null => {
    let e = cache.get(w);
    if (e !== undefined) return e;
    if (!KEEP.test(w)) e = null;
    else if (SPACE.test(w)) e = { pieces: w.split(/\s+/u).filter((p) => KEEP.test(p)), compound: false };
    else if (HAN_COMPOUND.test(w)) e = { pieces: decompose(w), compound: true };
    else e = { pieces: [w], compound: false };
    if (cache.size >= WORD_CACHE_MAX) cache.clear();
    cache.set(w, e);
    return e;
  };

  const segment = (text: string, each: (word: string, e: WordEntry) => void) => {
    for (const chunk of chunks(canonicalTails(normalizeText(text)))) {
      for (const w of jieba.cut(chunk, false)) {
        const e = classify(w);
        if (e) each(w, e);
      }
    }
  };

  const words = (text: string): string[] => {
    const out: string[] = [];
    segment(text, (w, e) => {
      if (e.compound) out.push(w);
      else out.push(...e.pieces);
    });
    return out;
  };

  const analyze = (text: string) => {
    const phrase: string[] = [];
    const compounds: string[] = [];
    segment(text, (w, e) => {
      for (const p of e.pieces) phrase.push(p);
      if (e.compound) compounds.push(w);
    });
    return { phrase, compounds };
  };

  return {
    analyze,
    words,
    phraseTokens: (text) => analyze(text).phrase,
    tokens: (text) => {
      const { phrase, compounds } = analyze(text);
      for (const c of compounds) phrase.push(c);
      return phrase;
    },
  };
}

let shared: TextAnalyzer | null = null;
/** The process-wide analyzer with the project dictionary (created on first use). */
export function defaultAnalyzer(): TextAnalyzer {
  return (shared ??= createAnalyzer());
}

// ---------------------------------------------------------------- queries

/** A parsed query with the details an engine may use beyond the `ParsedQuery` contract. */
export interface ParsedQueryDetails extends ParsedQuery {
  /** `terms` grouped by the word the user typed (each group adjacent in a good match). */
  termGroups: string[][];
  /**
   * Multi-token exclusions as phrase sequences (`-信息公开` → [信息, 公开]); `excluded` holds only
   * single tokens and the compound word itself, so it never drops documents for a common part.
   */
  excludedPhrases: string[][];
}

const QUERY_PART = /"([^"]*)"?|(?<=^|\s)-([^\s"-][^\s"]*)|([^\s"]+)/gu;

/**
 * Parses a search box query: "quoted phrases" (also “…” and 「…」), `-word` exclusions (also
 * －word), the rest as terms; detects a 文号 (its canonical key) and a 索引号. Never throws; the
 * query is cut to MAX_QUERY_CHARS and each list to MAX_QUERY_TERMS tokens.
 */
export function parseQuery(q: string, analyzer: Analyzer & Partial<TextAnalyzer>): ParsedQueryDetails {
  const phraseTokens = (s: string) => (analyzer.phraseTokens ? analyzer.phraseTokens(s) : analyzer.tokens(s));
  const analyze = (s: string) => (analyzer.analyze ? analyzer.analyze(s) : { phrase: analyzer.tokens(s), compounds: [] });
  const words = (s: string) => (analyzer.words ? analyzer.words(s) : analyzer.tokens(s));
  const raw = Array.from(typeof q === 'string' ? q : '')
    .slice(0, MAX_QUERY_CHARS)
    .join('');
  const normalized = Array.from(normalizeText(raw).replace(/\s+/gu, ' ').trim())
    .slice(0, MAX_QUERY_CHARS)
    .join('');
  const indexNumber = raw.normalize('NFKC').split(/\s+/u).find((chunk) => chunk.length > 0 && looksLikeIndexNumber(chunk)) ?? null;
  const docNumberKey = findDocNumbers(normalized)[0] ?? null;

  const termGroups: string[][] = [];
  const phrases: string[][] = [];
  const excluded: string[] = [];
  const excludedPhrases: string[][] = [];
  for (const m of normalized.matchAll(QUERY_PART)) {
    if (m[1] !== undefined) {
      const p = phraseTokens(m[1]);
      if (p.length > 0) phrases.push(p);
    } else if (m[2] !== undefined) {
      const { phrase, compounds } = analyze(m[2]);
      if (phrase.length === 1) excluded.push(phrase[0]!);
      else if (phrase.length > 1) excludedPhrases.push(phrase);
      if (compounds.length === 1 && words(m[2]).length === 1) excluded.push(compounds[0]!);
    } else if (m[3] !== undefined) {
      const t = phraseTokens(m[3]);
      if (t.length > 0) termGroups.push(t);
    }
  }

  const terms = [...new Set(termGroups.flat())].slice(0, MAX_QUERY_TERMS);
  let budget = MAX_QUERY_TERMS;
  const keptPhrases: string[][] = [];
  for (const p of phrases) {
    if (budget <= 0) break;
    keptPhrases.push(p.slice(0, budget));
    budget -= p.length;
  }
  return {
    terms,
    phrases: keptPhrases,
    excluded: [...new Set(excluded)].slice(0, MAX_QUERY_TERMS),
    docNumberKey,
    indexNumber,
    normalized,
    termGroups: termGroups.slice(0, MAX_QUERY_TERMS),
    excludedPhrases: excludedPhrases.slice(0, MAX_QUERY_TERMS),
  };
}
