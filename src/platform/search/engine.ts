/**
 * The in-process search engine of issue 7: an inverted index of already tokenised documents
 * (`IndexDoc`, see types.ts) answering ranked queries with facets. PostgreSQL stays the system of
 * record; this is a cache rebuilt and caught up from it, so nothing here is persisted.
 *
 * Layout (typed arrays throughout, no JS object per posting or per document):
 * - Postings: one arena of Uint32Array pages holds every posting list as a chain of blocks
 *   `[next, capacity, count, posting…]`; a posting is `docId << 8 | min(tf, 255)`. Blocks grow by
 *   doubling (1, 2, 4 … 2048 postings) so the many rare terms cost a few words each; `compact()`
 *   rewrites every list contiguously. Internal doc ids are dense and ascending in insertion order,
 *   so appending keeps each list sorted. One list per field (title, body) per term.
 * - Forward index, in a second arena: each document's title as term ids in order, then its body
 *   as a small inverted index (distinct term ids ascending, then each term's positions; see
 *   TokenStore). It verifies quoted phrases and finds the adjacent-pair bonus on candidate
 *   documents by a binary search and a merge of two short position lists (it was the body in
 *   order, scanned whole: 90% of the time of two-common-term queries, whose candidates include
 *   long laws). It replaced adjacent-pair postings, which cost ~65% of add() time (a random hash
 *   probe and list tail per token) and more memory, and it makes phrases of any length exact.
 * - Per document: key, kind/agency/topic/genre slots, day, validity, title/body lengths, forward
 *   address, deleted flag; Maps from key, 文号 key and 索引号 to ids.
 *
 * Query evaluation (see run): the rarest required clause drives, the others are probed with
 * forward-only galloping cursors, a bounded heap keeps the top offset+limit, and total and facets
 * are counted in the same pass over all matches, as long as the rarest clause has at most
 * `exactTotalsUpTo` postings (10,000; 80,000 with filters), the query asks `exhaustive`, or it has
 * more than PRUNE_MAX_TERMS terms and neither phrase nor filter. Otherwise the top k comes from dynamic pruning (prune: MaxScore with block-max tests over the title and
 * body lists, with score bounds per list and per block of 64 postings kept lazily, see fieldBound),
 * the same top k as the exhaustive pass, and total and facets are estimated on a deterministic
 * sample (estimate; `totalIsEstimate`). Either way the documents whose title is exactly the query
 * (a title hash) and those with every term in the title are scored first (seed), so that the k-th
 * best score is high early, and a pair bonus is looked up only while the document could still
 * enter the top k.
 *
 * Semantics:
 * - every term must occur in title or body (AND); when the AND of the terms (with any exact 文号/索引号
 *   match) finds nothing and there are 2+ terms, at least ⌈n/2⌉ of them suffice (OR fallback, so a
 *   misspelt or partial title still finds something); phrases, exclusions and filters still apply;
 * - a quoted phrase must occur as adjacent tokens within the title or within the body (exact);
 * - unquoted consecutive terms found adjacent earn a bonus (title ≫ body): phrase above scattered;
 *   not two terms that share text (第三 三十, 三十 第三十: sub-words of one word, adjacent wherever
 *   the word is; see overlapping), which also spares long lookups on numbered articles;
 * - documents whose 文号 key or 索引号 equals the query's come first (EXACT_BOOST), whether or not
 *   they match the terms; the AND matches of the terms follow;
 * - a query without terms and phrases but with a 文号/索引号 returns the exact matches only; one
 *   with neither (nor an exact key) matches every document (browsing by filters).
 */
import type { EngineQuery, EngineResult, Facets, IndexDoc, SearchFilters, ValidityCode } from './types.js';

/** BM25 saturation parameter. */
export const K1 = 1.2;
/** BM25 length normalisation. */
export const B = 0.75;
/** Weight of a (saturated) title occurrence against a body occurrence. */
export const TITLE_WEIGHT = 3;
/** Bonus per adjacent query pair found in the body, times the pair's mean idf. */
export const PAIR_BONUS_BODY = 1;
/** Bonus per adjacent query pair found in the title, times the pair's mean idf. */
export const PAIR_BONUS_TITLE = 4;
/** Bonus when the title consists of exactly the query's tokens, times the sum of their idf. */
export const EXACT_TITLE_BONUS = 2;
/** Added to documents whose 文号 key or 索引号 is the query's: they always come first. */
export const EXACT_BOOST = 1e6;
/** Score factor by validity code (现行有效 1.0, 失效 0.85, 废止 0.8). */
export const VALIDITY_FACTOR: readonly number[] = [1, 0.85, 0.8];
/** Recency tie-breaker: added per day since 1970 (a 50-year gap is worth ~0.002). */
export const RECENCY_PER_DAY = 1e-7;
/** Compaction runs by itself when more than this share of internal ids is deleted. */
export const AUTO_COMPACT_RATIO = 0.25;
/**
 * Dynamic pruning is tried for AND queries of at most this many terms (or with a phrase or a
 * filter). With more terms the rarest one drives few matches, and the exhaustive pass, which
 * also counts total and facets exactly, was faster on the benchmark's query mix at 1,000,000
 * items (titles p95 8 vs 14 ms, numbered articles such as 第二十二条 36 vs 43 ms); phrases and
 * filters gain from pruning (phrase verification is skipped for hopeless candidates).
 */
export const PRUNE_MAX_TERMS = 3;
/** Default `exactTotalsUpTo`: postings of the rarest required term up to which every match is visited. */
export const EXACT_TOTALS_UP_TO = 10_000;
/** Default `sampleBudget`: postings of the rarest required term read to estimate total and facets. */
export const SAMPLE_BUDGET = 2048;
/** Sampling goes on (up to twice the budget) until this many matches were seen. */
const SAMPLE_MIN_MATCHES = 200;
/** Ids per sampled window. */
const SAMPLE_WINDOW = 64;
/** Default `seedLimit`: documents with every term in the title scored first, at most (see seed). */
export const SEED_LIMIT = 4096;

const MAX_DOCS = 1 << 24; // doc ids share a Uint32 with an 8-bit tf
const PAGE_BITS = 22;
const PAGE = 1 << PAGE_BITS; // 16 MiB pages
const PAGE_MASK = PAGE - 1;
const MAX_BLOCK = 2048;
const COMPACT_BLOCK = 1 << 16;
const MAX_FORWARD = PAGE >>> 2; // a forward entry (≤ 1 + 3 words a token) fits in a page
const POS_SPAN = MAX_FORWARD; // sort key of a body token: term id · POS_SPAN + position
const NONE = 0xffffffff;
const HDR = 3;
const END = 0x7fffffff;
/** Score-bound blocks: 64 postings of an arena block (block-max pruning, see fieldBound). */
const BM_SHIFT = 6;

function grow<T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length);
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/**
 * Makes room for n words at `off` in the last page (a new page when it does not fit); the last
 * page grows by doubling up to PAGE words so that small engines stay small. Returns the offset.
 */
function reserve(pages: Uint32Array[], off: number, n: number): number {
  const last = pages[pages.length - 1];
  if (!last || off + n > PAGE) {
    pages.push(new Uint32Array(Math.min(PAGE, Math.max(4096, 2 * n))));
    return 0;
  }
  if (off + n > last.length) {
    let size = last.length;
    while (size < off + n) size *= 2;
    const bigger = new Uint32Array(Math.min(PAGE, size));
    bigger.set(last);
    pages[pages.length - 1] = bigger;
  }
  return off;
}

/** Posting lists in one paged arena; lists are numbered densely. */
class Postings {
  pages: Uint32Array[] = [];
  private off = 0;
  head = new Uint32Array(1024);
  tail = new Uint32Array(1024);
  df = new Uint32Array(1024);
  lists = 0;
  /**
   * Score bounds of each list, filled lazily at query time (see SearchEngine.fieldBound): how many
   * postings were scanned, where the scan stopped (block address, index in the block), and the
   * maxima `ubF` of the field's saturated tf part and `ubG` of that part divided by the average
   * field length at scan time (to bound it for any later average).
   */
  ubCount = new Uint32Array(1024);
  ubAddr = new Uint32Array(1024);
  ubPos = new Uint32Array(1024);
  ubF = new Float64Array(1024);
  ubG = new Float64Array(1024);
  /** Per list: the index of the scan's arena block's first score-bound block; the smallest average at a scan. */
  ubSb = new Uint32Array(1024);
  ubAvgMin = new Float64Array(1024);
  /** Per list: the part's maximum in each score-bound block, at the average of the scan that saw it. */
  blockMax: (Float64Array | undefined)[] = [];

  newList(): number {
    const l = this.lists++;
    this.head = grow(this.head, this.lists);
    this.tail = grow(this.tail, this.lists);
    this.df = grow(this.df, this.lists);
    this.ubCount = grow(this.ubCount, this.lists);
    this.ubAddr = grow(this.ubAddr, this.lists);
    this.ubPos = grow(this.ubPos, this.lists);
    this.ubF = grow(this.ubF, this.lists);
    this.ubG = grow(this.ubG, this.lists);
    this.ubSb = grow(this.ubSb, this.lists);
    this.ubAvgMin = grow(this.ubAvgMin, this.lists);
    this.ubAvgMin[l] = Infinity;
    this.head[l] = NONE;
    this.tail[l] = NONE;
    this.ubAddr[l] = NONE;
    return l;
  }

  private alloc(cap: number): number {
    this.off = reserve(this.pages, this.off, HDR + cap);
    const addr = (this.pages.length - 1) * PAGE + this.off;
    const page = this.pages[this.pages.length - 1]!;
    page[this.off] = NONE;
    page[this.off + 1] = cap;
    page[this.off + 2] = 0;
    this.off += HDR + cap;
    return addr;
  }

  /** Appends doc (≥ every doc in the list); when doc is already last, adds to its tf. */
  add(l: number, doc: number): void {
    let t = this.tail[l]!;
    if (t !== NONE) {
      const page = this.pages[t >>> PAGE_BITS]!;
      const o = t & PAGE_MASK;
      const count = page[o + 2]!;
      const last = page[o + HDR + count - 1]!;
      if (count > 0 && last >>> 8 === doc) {
        if ((last & 255) < 255) page[o + HDR + count - 1] = last + 1;
        return;
      }
      if (count < page[o + 1]!) {
        page[o + HDR + count] = ((doc << 8) | 1) >>> 0;
        page[o + 2] = count + 1;
        this.df[l]!++;
        return;
      }
      const n = this.alloc(Math.min(MAX_BLOCK, page[o + 1]! * 2));
      this.pages[t >>> PAGE_BITS]![o] = n; // alloc may have replaced the (growing) last page
      t = n;
    } else {
      t = this.alloc(1);
      this.head[l] = t;
    }
    this.tail[l] = t;
    const page = this.pages[t >>> PAGE_BITS]!;
    const o = t & PAGE_MASK;
    page[o + HDR] = ((doc << 8) | 1) >>> 0;
    page[o + 2] = 1;
    this.df[l]!++;
  }

  /** A copy with deleted documents dropped and ids renumbered (`remap[old]` = new id or -1). */
  compacted(remap: Int32Array): Postings {
    const out = new Postings();
    const buf: number[] = [];
    for (let l = 0; l < this.lists; l++) {
      out.newList();
      buf.length = 0;
      for (let a = this.head[l]!; a !== NONE; ) {
        const page = this.pages[a >>> PAGE_BITS]!;
        const o = a & PAGE_MASK;
        const count = page[o + 2]!;
        for (let i = 0; i < count; i++) {
          const p = page[o + HDR + i]!;
          const nd = remap[p >>> 8]!;
          if (nd >= 0) buf.push(((nd << 8) | (p & 255)) >>> 0);
        }
        a = page[o]!;
      }
      for (let s = 0; s < buf.length; s += COMPACT_BLOCK) {
        const n = Math.min(COMPACT_BLOCK, buf.length - s);
        const addr = out.alloc(n);
        const page = out.pages[addr >>> PAGE_BITS]!;
        const o = addr & PAGE_MASK;
        for (let i = 0; i < n; i++) page[o + HDR + i] = buf[s + i]!;
        page[o + 2] = n;
        if (out.tail[l] === NONE) out.head[l] = addr;
        else out.pages[out.tail[l]! >>> PAGE_BITS]![out.tail[l]! & PAGE_MASK] = addr;
        out.tail[l] = addr;
      }
      out.df[l] = buf.length;
    }
    return out;
  }

  bytes(): number {
    const perList = [this.head, this.tail, this.df, this.ubCount, this.ubAddr, this.ubPos, this.ubF, this.ubG, this.ubSb, this.ubAvgMin].reduce((sum, a) => sum + a.byteLength, 0) + this.blockMax.reduce((sum, a) => sum + (a?.byteLength ?? 0), 0);
    return this.pages.reduce((sum, p) => sum + p.byteLength, 0) + perList;
  }
}

/** A forward-only cursor over one posting list; `doc` is END when exhausted. */
class Cursor {
  doc = END;
  tf = 0;
  private page: Uint32Array = new Uint32Array(0);
  private base = 0;
  private count = 0;
  private pos = 0;
  private next = NONE;
  /** Index (in the list) of the current arena block's first score-bound block (BM_SHIFT). */
  private sb0 = 0;

  constructor(
    private readonly pages: Uint32Array[],
    head: number,
  ) {
    if (head !== NONE) this.load(head, 0);
  }

  /** The index of the score-bound block of the current posting. */
  get block(): number {
    return this.sb0 + (this.pos >>> BM_SHIFT);
  }

  /** The last document of the current score-bound block. */
  blockEnd(): number {
    return this.page[this.base + Math.min(this.pos | ((1 << BM_SHIFT) - 1), this.count - 1)]! >>> 8;
  }

  private load(addr: number, sb0: number): void {
    this.sb0 = sb0;
    for (;;) {
      this.page = this.pages[addr >>> PAGE_BITS]!;
      const o = addr & PAGE_MASK;
      this.next = this.page[o]!;
      this.count = this.page[o + 2]!;
      this.base = o + HDR;
      this.pos = 0;
      if (this.count > 0) break;
      if (this.next === NONE) {
        this.doc = END;
        return;
      }
      addr = this.next;
    }
    this.set();
  }

  private loadNext(): void {
    this.load(this.next, this.sb0 + ((this.count + (1 << BM_SHIFT) - 1) >>> BM_SHIFT));
  }

  private set(): void {
    const p = this.page[this.base + this.pos]!;
    this.doc = p >>> 8;
    this.tf = p & 255;
  }

  nextDoc(): number {
    if (this.doc === END) return END;
    if (++this.pos < this.count) this.set();
    else if (this.next !== NONE) this.loadNext();
    else this.doc = END;
    return this.doc;
  }

  /** Moves to the first posting with doc ≥ target (galloping within a block). */
  advance(target: number): number {
    if (this.doc >= target) return this.doc;
    // The next posting is often the one (dense intersections, a candidate after another).
    if (this.pos + 1 < this.count && this.page[this.base + this.pos + 1]! >>> 8 >= target) {
      this.pos++;
      this.set();
      return this.doc;
    }
    while (this.page[this.base + this.count - 1]! >>> 8 < target) {
      if (this.next === NONE) {
        this.doc = END;
        return END;
      }
      this.loadNext();
      if (this.doc >= target) return this.doc;
    }
    const pg = this.page;
    const base = this.base;
    let lo = this.pos;
    let step = 1;
    let hi = lo + 1;
    while (hi < this.count && pg[base + hi]! >>> 8 < target) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi >= this.count) hi = this.count - 1;
    // invariant: doc(lo) < target ≤ doc(hi)
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (pg[base + mid]! >>> 8 < target) lo = mid;
      else hi = mid;
    }
    this.pos = hi;
    this.set();
    return this.doc;
  }
}

/** The title and body lists of one term, walked together. */
class Clause {
  readonly t: Cursor;
  readonly b: Cursor;
  doc: number;
  /**
   * @param lt the title list (NONE when the term is in no title)
   * @param lb the body list (NONE when the term is in no body)
   * @param df postings in both lists (a document with the term in title and body counts twice)
   */
  constructor(
    pages: Uint32Array[],
    titleHead: number,
    bodyHead: number,
    readonly df: number,
    readonly lt: number,
    readonly lb: number,
  ) {
    this.t = new Cursor(pages, titleHead);
    this.b = new Cursor(pages, bodyHead);
    this.doc = Math.min(this.t.doc, this.b.doc);
  }
  /** Moves to the first document ≥ target in either list. */
  seek(target: number): number {
    return (this.doc = Math.min(this.t.advance(target), this.b.advance(target)));
  }
  nextDoc(): number {
    const d = this.doc;
    if (this.t.doc === d) this.t.nextDoc();
    if (this.b.doc === d) this.b.nextDoc();
    return (this.doc = Math.min(this.t.doc, this.b.doc));
  }
  /** Whether doc d is in the clause; afterwards tfTitle/tfBody describe d. */
  has(d: number): boolean {
    const a = this.t.advance(d);
    const b = this.b.advance(d);
    this.doc = Math.min(a, b);
    return this.doc === d;
  }
  get tfTitle(): number {
    return this.t.doc === this.doc ? this.t.tf : 0;
  }
  get tfBody(): number {
    return this.b.doc === this.doc ? this.b.tf : 0;
  }
}

/**
 * The forward index, in a paged arena: per document, its title as term ids in order, then its body
 * as a small inverted index (see BodyView): the number D of distinct terms, the D term ids
 * ascending, the end of each term's positions, and the positions (relative to the body start)
 * grouped by term, ascending. Ends and positions take 16 bits each (two a word) when the body has
 * at most 65,535 tokens, else 32. Checking a phrase or an adjacent pair is then a binary search and
 * a merge of two short position lists instead of a scan of the whole body.
 */
class TokenStore {
  pages: Uint32Array[] = [];
  /** The same pages as 16-bit halves. */
  pages16: Uint16Array[] = [];
  private off = 0;

  /** Stores n words and returns their address (entries never span pages). */
  append(words: Uint32Array, n: number): number {
    this.off = reserve(this.pages, this.off, n);
    const last = this.pages.length - 1;
    const page = this.pages[last]!;
    if (this.pages16[last]?.buffer !== page.buffer) this.pages16[last] = new Uint16Array(page.buffer);
    page.set(words.subarray(0, n), this.off);
    const addr = last * PAGE + this.off;
    this.off += n;
    return addr;
  }

  bytes(): number {
    return this.pages.reduce((sum, p) => sum + p.byteLength, 0);
  }
}

/** Words of a body part with d distinct terms and n tokens (after the title). */
function bodyWords(d: number, n: number): number {
  return 1 + (n > 0xffff ? 2 * d + n : d + ((d + 1) >> 1) + ((n + 1) >> 1));
}

/** One document's body in the forward index (TokenStore), loaded for phrase and pair checks. */
class BodyView {
  private page: Uint32Array = new Uint32Array(0);
  private page16: Uint16Array = new Uint16Array(0);
  private terms = 0;
  private n = 0;
  private ends = 0;
  private pos = 0;
  private wide = false;
  private scratch = new Int32Array(64);
  private readonly memoT = new Uint32Array(16);
  private readonly memoG = new Int32Array(16);
  private memoN = 0;

  load(store: TokenStore, addr: number, tl: number, bl: number): this {
    this.memoN = 0;
    const pi = addr >>> PAGE_BITS;
    const o = (addr & PAGE_MASK) + tl;
    this.page = store.pages[pi]!;
    this.page16 = store.pages16[pi]!;
    const n = (this.n = this.page[o]!);
    this.terms = o + 1;
    this.wide = bl > 0xffff;
    if (this.wide) {
      this.ends = o + 1 + n;
      this.pos = o + 1 + 2 * n;
    } else {
      this.ends = 2 * (o + 1 + n);
      this.pos = 2 * (o + 1 + n + ((n + 1) >> 1));
    }
    return this;
  }

  /**
   * The index of term t among the body's terms, or -1: galloping from the start, since a query's
   * terms tend to be frequent ones, which got small ids (first seen) and so sort first; a few cache
   * lines at the start of the array instead of a binary search's scattered probes.
   */
  private find(t: number): number {
    const p = this.page;
    const b = this.terms;
    const n = this.n;
    if (n === 0 || p[b]! > t) return -1;
    let lo = 0; // p[b + lo] ≤ t
    let step = 1;
    let hi = 1;
    while (hi < n && p[b + hi]! <= t) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > n) hi = n; // p[b + hi] > t, or hi = n
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (p[b + mid]! <= t) lo = mid;
      else hi = mid;
    }
    return p[b + lo] === t ? lo : -1;
  }

  private end(i: number): number {
    return this.wide ? this.page[this.ends + i]! : this.page16[this.ends + i]!;
  }

  private start(i: number): number {
    return i === 0 ? 0 : this.end(i - 1);
  }

  private at(j: number): number {
    return this.wide ? this.page[this.pos + j]! : this.page16[this.pos + j]!;
  }

  /** Whether term x is immediately followed by term y somewhere in the body. */
  adjacent(x: number, y: number): boolean {
    const gx = this.group(x);
    if (gx < 0) return false;
    const gy = this.group(y);
    if (gy < 0) return false;
    const xs = this.start(gx);
    const xe = this.end(gx);
    const ys = this.start(gy);
    const ye = this.end(gy);
    // Each position of the shorter list looked for (+1 or −1) in the longer one, galloping forward.
    return xe - xs <= ye - ys ? this.follows(xs, xe, ys, ye, 1) : this.follows(ys, ye, xs, xe, -1);
  }

  /** Whether some position p in [as, ae) has p + delta in [bs, be) (both ascending). */
  private follows(as: number, ae: number, bs: number, be: number, delta: number): boolean {
    let b = bs;
    for (let a = as; a < ae; a++) {
      const want = this.at(a) + delta;
      if (this.at(b) < want) {
        // Gallop to a bracket [lo, hi] with at(lo) < want ≤ at(hi), then bisect.
        let lo = b;
        let step = 1;
        let hi = b + 1;
        while (hi < be && this.at(hi) < want) {
          lo = hi;
          step *= 2;
          hi = lo + step;
        }
        if (hi >= be) {
          if (this.at(be - 1) < want) return false;
          hi = be - 1;
        }
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (this.at(mid) < want) lo = mid;
          else hi = mid;
        }
        b = hi;
      }
      if (this.at(b) === want) return true;
    }
    return false;
  }

  /** find(t), remembered for the few terms of a query while the same document is loaded. */
  private group(t: number): number {
    const n = this.memoN;
    for (let i = 0; i < n; i++) if (this.memoT[i] === t) return this.memoG[i]!;
    const g = this.find(t);
    if (n < this.memoT.length) {
      this.memoT[n] = t;
      this.memoG[n] = g;
      this.memoN = n + 1;
    }
    return g;
  }

  /** Whether the terms of ph occur at consecutive positions of the body. */
  phrase(ph: Uint32Array): boolean {
    const n = ph.length;
    if (this.scratch.length < 2 * n) this.scratch = new Int32Array(2 * n);
    const next = this.scratch; // [0, n): next position index to look at; [n, 2n): end of the term's positions
    let anchor = 0;
    let fewest = Infinity;
    for (let j = 0; j < n; j++) {
      const g = this.group(ph[j]!);
      if (g < 0) return false;
      next[j] = this.start(g);
      next[n + j] = this.end(g);
      if (next[n + j]! - next[j]! < fewest) {
        fewest = next[n + j]! - next[j]!;
        anchor = j;
      }
    }
    const first = next[anchor]!;
    const last = next[n + anchor]!;
    for (let a = first; a < last; a++) {
      const s = this.at(a) - anchor;
      if (s < 0) continue;
      let ok = true;
      for (let j = 0; ok && j < n; j++) {
        if (j === anchor) continue;
        const want = s + j;
        let k = next[j]!;
        const e = next[n + j]!;
        while (k < e && this.at(k) < want) k++;
        next[j] = k;
        if (k === e) return false;
        if (this.at(k) !== want) ok = false;
      }
      if (ok) return true;
    }
    return false;
  }
}

/** Interns small sets of values (agency ids, kinds …) as dense slots for typed per-doc arrays. */
class Slots<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  slot(v: T): number {
    let s = this.index.get(v);
    if (s === undefined) {
      s = this.values.length;
      this.values.push(v);
      this.index.set(v, s);
    }
    return s;
  }
  find(v: T): number | undefined {
    return this.index.get(v);
  }
  /** A membership mask over slots, or null when no restriction is asked. */
  mask(vs: readonly T[] | undefined): Uint8Array | null {
    if (!vs) return null;
    const m = new Uint8Array(this.values.length + 1);
    for (const v of vs) {
      const s = this.index.get(v);
      if (s !== undefined) m[s] = 1;
    }
    return m;
  }
}

const YEAR_BASE = 1900;
const YEAR_DAY0 = Date.UTC(YEAR_BASE, 0, 1) / 86_400_000;
const YEAR_TABLE = (() => {
  const t = new Int16Array(Date.UTC(2101, 0, 1) / 86_400_000 - YEAR_DAY0);
  for (let i = 0; i < t.length; i++) t[i] = new Date((YEAR_DAY0 + i) * 86_400_000).getUTCFullYear();
  return t;
})();

/** Calendar year (UTC) of a day number (days since 1970-01-01). */
export function yearOfDay(day: number): number {
  const i = day - YEAR_DAY0;
  return i >= 0 && i < YEAR_TABLE.length ? YEAR_TABLE[i]! : new Date(day * 86_400_000).getUTCFullYear();
}

/** Memory held by the engine, by part (bytes). */
export interface EngineMemory {
  postings: number;
  forward: number;
  perDoc: number;
}

/** Options of a SearchEngine. */
export interface SearchEngineOptions {
  /** Compact by itself when more than AUTO_COMPACT_RATIO of internal ids is deleted (default true). */
  autoCompact?: boolean;
  /**
   * Exact total and facets (every match visited) while the query's rarest required term has at
   * most this many postings (8 times as many with filters; default EXACT_TOTALS_UP_TO); beyond,
   * pruned top k and estimates.
   */
  exactTotalsUpTo?: number;
  /** Postings read for an estimated total and facets (default SAMPLE_BUDGET). */
  sampleBudget?: number;
  /** Documents with every term in the title scored first, at most (default SEED_LIMIT; 0: none). */
  seedLimit?: number;
  /** Pruning is tried for AND queries of at most this many terms, or with a phrase or filter (default PRUNE_MAX_TERMS). */
  pruneMaxTerms?: number;
}

interface Plan {
  /** Term clauses every match needs (terms and phrase tokens); empty for OR fallback / browse. */
  required: Clause[];
  /** Clauses scored (required plus the OR fallback's optional terms), with their idf. */
  scoring: Clause[];
  idf: Float64Array;
  /** Quoted phrases as term-id sequences, verified on the forward index. */
  phrases: Uint32Array[];
  /** A phrase has a token absent from the index: nothing matches it. */
  impossible: boolean;
  /** Adjacent query term pairs (a at 2i, b at 2i+1) earning the phrase bonus, with their mean idf. */
  pairs: Uint32Array;
  /** For each pair, the indexes of its two terms' clauses in `scoring`. */
  pairAt: Int32Array;
  pairIdf: Float64Array;
  /** The query tokens in order, for the exact-title bonus (null when one is unknown). */
  sequence: Uint32Array | null;
  titleSum: number;
  excluded: Clause[];
  /** No terms, phrases or exact key: every document matches (browsing by filters). */
  browse: boolean;
}

/** The in-memory inverted index with ranked, faceted search (see the file comment). */
export class SearchEngine {
  private postings = new Postings();
  private tokens = new TokenStore();
  private readonly terms = new Map<string, number>();
  private termTitle = new Int32Array(1024).fill(-1);
  private termBody = new Int32Array(1024).fill(-1);
  private scratch = new Uint32Array(1024);
  /** Scratch of forwardEntry(): sort keys, and the entry being built (also as 16-bit halves). */
  private sortKeys = new Float64Array(1024);
  private entry = new Uint32Array(1024);
  private entry16 = new Uint16Array(this.entry.buffer);
  private readonly body = new BodyView();
  /** Scratch of pairBonus(). */
  private pairState = new Uint8Array(32);
  private pairOrder = new Int32Array(32);
  private pairCost = new Int32Array(32);

  private keys: (string | null)[] = [];
  private readonly byKey = new Map<string, number>();
  private byDocNumber = new Map<string, number[]>();
  private byIndexNumber = new Map<string, number[]>();
  private kind = new Uint8Array(1024);
  private agency = new Int32Array(1024);
  private topic = new Int32Array(1024);
  private genre = new Int32Array(1024);
  private day = new Int32Array(1024);
  private validity = new Uint8Array(1024);
  private titleLen = new Uint32Array(1024);
  private bodyLen = new Uint32Array(1024);
  private fwd = new Uint32Array(1024);
  private deleted = new Uint8Array(1024);
  /** Documents by a hash of their title's term ids (chained through titleNext), to find exact titles. */
  private titleBucket = new Int32Array(1024).fill(-1);
  private titleNext = new Int32Array(1024);
  private readonly kinds = new Slots<string>();
  private readonly agencies = new Slots<number>();
  private readonly topics = new Slots<number>();
  private readonly genres = new Slots<number>();

  private nextId = 0;
  private live = 0;
  private titleTotal = 0;
  private bodyTotal = 0;
  private maxDay = -Infinity;
  /** Scratch of seed(): documents already considered, by id, and their list (to clear the marks). */
  private mark = new Uint8Array(1024);
  private marked = new Int32Array(64);
  /** Scratch of orCandidates(): terms per document. */
  private orCount = new Uint8Array(1024);
  private readonly autoCompact: boolean;
  private readonly exactTotalsUpTo: number;
  private readonly sampleBudget: number;
  private readonly seedLimit: number;
  private readonly pruneMaxTerms: number;

  constructor(options: SearchEngineOptions = {}) {
    this.autoCompact = options.autoCompact ?? true;
    this.exactTotalsUpTo = options.exactTotalsUpTo ?? EXACT_TOTALS_UP_TO;
    this.sampleBudget = Math.max(1, options.sampleBudget ?? SAMPLE_BUDGET);
    this.seedLimit = Math.max(0, options.seedLimit ?? SEED_LIMIT);
    this.pruneMaxTerms = options.pruneMaxTerms ?? PRUNE_MAX_TERMS;
  }

  /** Live documents. */
  get size(): number {
    return this.live;
  }

  /** Whether a live document has this key. */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Indexes a document; an earlier version with the same key is marked deleted first. */
  add(doc: IndexDoc): void {
    if (this.byKey.has(doc.key)) this.remove(doc.key);
    if (this.nextId >= MAX_DOCS && this.nextId > this.live) this.compact();
    if (this.nextId >= MAX_DOCS) throw new RangeError(`SearchEngine holds at most ${MAX_DOCS} documents`);
    const id = this.nextId++;
    this.ensureDocs(this.nextId);
    this.keys.push(doc.key);
    this.byKey.set(doc.key, id);
    if (doc.docNumberKey) push(this.byDocNumber, doc.docNumberKey, id);
    if (doc.indexNumber) push(this.byIndexNumber, doc.indexNumber, id);
    this.kind[id] = this.kinds.slot(doc.kind);
    this.agency[id] = this.agencies.slot(doc.agencyId);
    this.topic[id] = this.topics.slot(doc.topicId);
    this.genre[id] = this.genres.slot(doc.genreId);
    this.day[id] = doc.day;
    if (doc.day > this.maxDay) this.maxDay = doc.day;
    this.validity[id] = doc.validity;
    // The forward index keeps at most MAX_FORWARD tokens per document (phrases beyond are not seen).
    const tl = Math.min(doc.title.length, MAX_FORWARD);
    const bl = Math.min(doc.body.length, MAX_FORWARD - tl);
    this.titleLen[id] = tl;
    this.bodyLen[id] = bl;
    this.titleTotal += tl;
    this.bodyTotal += bl;
    this.live++;
    if (this.scratch.length < tl + bl) this.scratch = new Uint32Array(tl + bl);
    this.indexField(id, doc.title, tl, 0);
    this.indexField(id, doc.body, bl, tl);
    const words = this.forwardEntry(tl, bl); // may replace this.entry
    this.fwd[id] = this.tokens.append(this.entry, words);
    this.hashTitle(id, seqHash(this.scratch, 0, tl));
  }

  /** Chains document id into titleBucket by its title hash h (rehashing every document when full). */
  private hashTitle(id: number, h: number): void {
    if (this.nextId * 2 > this.titleBucket.length) {
      this.titleBucket = new Int32Array(this.titleBucket.length * 4).fill(-1);
      for (let d = 0; d < this.nextId; d++) if (d !== id && !this.deleted[d]) this.chainTitle(d, this.titleHashOf(d));
    }
    this.chainTitle(id, h);
  }

  private chainTitle(id: number, h: number): void {
    const b = h & (this.titleBucket.length - 1);
    this.titleNext[id] = this.titleBucket[b]!;
    this.titleBucket[b] = id;
  }

  private titleHashOf(d: number): number {
    const a = this.fwd[d]!;
    return seqHash(this.tokens.pages[a >>> PAGE_BITS]!, a & PAGE_MASK, this.titleLen[d]!);
  }

  /** Live documents whose title is exactly the term ids of seq, ascending. */
  private exactTitles(seq: Uint32Array): number[] {
    const out: number[] = [];
    const n = seq.length;
    for (let d = this.titleBucket[seqHash(seq, 0, n) & (this.titleBucket.length - 1)]!; d >= 0; d = this.titleNext[d]!) {
      if (this.deleted[d] || this.titleLen[d] !== n) continue;
      const a = this.fwd[d]!;
      const page = this.tokens.pages[a >>> PAGE_BITS]!;
      const o = a & PAGE_MASK;
      let same = true;
      for (let i = 0; same && i < n; i++) same = page[o + i] === seq[i];
      if (same) out.push(d);
    }
    return out.sort((x, y) => x - y);
  }

  /** Builds the forward entry of the term ids in scratch (title tl, body bl) in `entry`; returns its words. */
  private forwardEntry(tl: number, bl: number): number {
    const ids = this.scratch;
    if (this.sortKeys.length < bl) this.sortKeys = new Float64Array(Math.max(bl, 2 * this.sortKeys.length));
    const keys = this.sortKeys.subarray(0, bl);
    for (let i = 0; i < bl; i++) keys[i] = ids[tl + i]! * POS_SPAN + i;
    keys.sort();
    let d = 0;
    let prev = -1;
    for (let i = 0; i < bl; i++) {
      const t = Math.floor(keys[i]! / POS_SPAN);
      if (t !== prev) {
        d++;
        prev = t;
      }
    }
    const words = tl + bodyWords(d, bl);
    if (this.entry.length < words) {
      this.entry = new Uint32Array(Math.max(words, 2 * this.entry.length));
      this.entry16 = new Uint16Array(this.entry.buffer);
    }
    const e = this.entry;
    const e16 = this.entry16;
    e.set(ids.subarray(0, tl), 0);
    e[tl] = d;
    const termsAt = tl + 1;
    const wide = bl > 0xffff;
    const endsAt = wide ? termsAt + d : 2 * (termsAt + d);
    const posAt = wide ? termsAt + 2 * d : 2 * (termsAt + d + ((d + 1) >> 1));
    if (!wide) {
      e[termsAt + d + ((d + 1) >> 1) - 1] = 0; // the unused half words, for a deterministic entry
      e[words - 1] = 0;
    }
    let g = -1;
    prev = -1;
    for (let i = 0; i < bl; i++) {
      const key = keys[i]!;
      const t = Math.floor(key / POS_SPAN);
      if (t !== prev) {
        e[termsAt + ++g] = t;
        prev = t;
      }
      if (wide) {
        e[posAt + i] = key - t * POS_SPAN;
        e[endsAt + g] = i + 1;
      } else {
        e16[posAt + i] = key - t * POS_SPAN;
        e16[endsAt + g] = i + 1;
      }
    }
    return words;
  }

  /** Marks the document with this key deleted; false when there is none. */
  remove(key: string): boolean {
    const id = this.byKey.get(key);
    if (id === undefined) return false;
    this.byKey.delete(key);
    this.deleted[id] = 1;
    this.keys[id] = null;
    this.live--;
    this.titleTotal -= this.titleLen[id]!;
    this.bodyTotal -= this.bodyLen[id]!;
    if (this.autoCompact && this.nextId >= 1024 && this.nextId - this.live > this.nextId * AUTO_COMPACT_RATIO) this.compact();
    return true;
  }

  /**
   * Rewrites every posting list and the forward index without deleted documents, renumbering ids
   * densely. O(postings): seconds at a million documents, and the engine is busy meanwhile.
   */
  compact(): void {
    const remap = new Int32Array(this.nextId).fill(-1);
    let n = 0;
    for (let id = 0; id < this.nextId; id++) if (!this.deleted[id]) remap[id] = n++;
    this.postings = this.postings.compacted(remap);
    const tokens = new TokenStore();
    const fwd = new Uint32Array(this.fwd.length);
    for (let id = 0; id < this.nextId; id++) {
      if (remap[id]! < 0) continue;
      const a = this.fwd[id]!;
      const page = this.tokens.pages[a >>> PAGE_BITS]!;
      const o = a & PAGE_MASK;
      const tl = this.titleLen[id]!;
      const len = tl + bodyWords(page[o + tl]!, this.bodyLen[id]!);
      fwd[remap[id]!] = tokens.append(page.subarray(o, o + len), len);
    }
    this.tokens = tokens;
    this.fwd = fwd;
    const move = <T extends Int32Array | Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length);
      for (let id = 0; id < this.nextId; id++) if (remap[id]! >= 0) b[remap[id]!] = a[id]!;
      return b;
    };
    this.kind = move(this.kind);
    this.agency = move(this.agency);
    this.topic = move(this.topic);
    this.genre = move(this.genre);
    this.day = move(this.day);
    this.validity = move(this.validity);
    this.titleLen = move(this.titleLen);
    this.bodyLen = move(this.bodyLen);
    this.deleted = new Uint8Array(this.deleted.length);
    const keys: (string | null)[] = [];
    for (let id = 0; id < this.nextId; id++) if (remap[id]! >= 0) keys.push(this.keys[id]!);
    this.keys = keys;
    for (const [i, k] of keys.entries()) this.byKey.set(k!, i);
    const remapLookup = (m: Map<string, number[]>): Map<string, number[]> => {
      const out = new Map<string, number[]>();
      for (const [k, ids] of m) {
        const kept = ids.map((i) => remap[i]!).filter((i) => i >= 0);
        if (kept.length > 0) out.set(k, kept);
      }
      return out;
    };
    this.byDocNumber = remapLookup(this.byDocNumber);
    this.byIndexNumber = remapLookup(this.byIndexNumber);
    this.nextId = n;
    this.titleBucket.fill(-1);
    for (let d = 0; d < n; d++) this.chainTitle(d, this.titleHashOf(d));
  }

  /** Bytes held in typed arrays (postings arena, forward index, per-document arrays). */
  memory(): EngineMemory {
    const perDoc = [this.kind, this.agency, this.topic, this.genre, this.day, this.validity, this.titleLen, this.bodyLen, this.fwd, this.deleted, this.termTitle, this.termBody].reduce((s, a) => s + a.byteLength, 0);
    return { postings: this.postings.bytes(), forward: this.tokens.bytes(), perDoc };
  }

  /**
   * Ranked matches of a query with total and (when asked) facets over all matches. Both are exact
   * unless the query's rarest required term has more than `exactTotalsUpTo` postings (8 times as
   * many with filters): then the top k comes from dynamic pruning (identical to the exhaustive top
   * k) and total and facets are estimated on a sample (`totalIsEstimate`, `facetsAreEstimates`).
   * `exhaustive: true` forces exact.
   */
  search(q: EngineQuery): EngineResult {
    const exact = this.exactIds(q);
    const k = Math.max(0, q.offset) + Math.max(0, q.limit);
    let run = this.run(q, this.plan(q), exact, k, null);
    const distinct = uniq(q.terms);
    if (run.total === 0 && distinct.length >= 2) {
      const orPlan = this.plan({ ...q, terms: [] }, distinct);
      run = this.run(q, orPlan, exact, k, this.orCandidates(distinct, Math.ceil(distinct.length / 2)));
    }
    const hits = run.hits.slice(Math.max(0, q.offset), k).map((h) => ({ key: this.keys[h.id]!, score: h.score }));
    return { total: run.total, hits, facets: run.facets, totalIsEstimate: run.estimated, facetsAreEstimates: run.estimated && run.facets !== null };
  }

  // ---- indexing ----

  private ensureDocs(n: number): void {
    if (n <= this.kind.length) return;
    this.kind = grow(this.kind, n);
    this.agency = grow(this.agency, n);
    this.topic = grow(this.topic, n);
    this.genre = grow(this.genre, n);
    this.day = grow(this.day, n);
    this.validity = grow(this.validity, n);
    this.titleLen = grow(this.titleLen, n);
    this.bodyLen = grow(this.bodyLen, n);
    this.fwd = grow(this.fwd, n);
    this.deleted = grow(this.deleted, n);
    this.titleNext = grow(this.titleNext, n);
  }

  private termId(token: string): number {
    let t = this.terms.get(token);
    if (t === undefined) {
      t = this.terms.size;
      this.terms.set(token, t);
      if (t >= this.termTitle.length) {
        const n = this.termTitle.length * 2;
        const a = new Int32Array(n).fill(-1);
        a.set(this.termTitle);
        this.termTitle = a;
        const b = new Int32Array(n).fill(-1);
        b.set(this.termBody);
        this.termBody = b;
      }
    }
    return t;
  }

  /** Term ids into scratch[at…], postings (with tf) per distinct term. */
  private indexField(id: number, tokens: readonly string[], n: number, at: number): void {
    const p = this.postings;
    const title = at === 0;
    const scratch = this.scratch;
    for (let i = 0; i < n; i++) {
      const t = this.termId(tokens[i]!);
      scratch[at + i] = t;
      const lists = title ? this.termTitle : this.termBody; // termId may have grown them
      let l = lists[t]!;
      if (l < 0) l = lists[t] = p.newList();
      p.add(l, id);
    }
  }

  // ---- querying ----

  private termList(token: string, title: boolean): number {
    const t = this.terms.get(token);
    if (t === undefined) return NONE;
    const l = (title ? this.termTitle : this.termBody)[t]!;
    return l < 0 ? NONE : l;
  }

  private termClause(token: string): Clause {
    const lt = this.termList(token, true);
    const lb = this.termList(token, false);
    const p = this.postings;
    const df = (lt === NONE ? 0 : p.df[lt]!) + (lb === NONE ? 0 : p.df[lb]!);
    return new Clause(p.pages, lt === NONE ? NONE : p.head[lt]!, lb === NONE ? NONE : p.head[lb]!, df, lt, lb);
  }

  private idf(df: number): number {
    // df sums the title and body lists, so it may exceed the number of documents; like N it counts
    // deleted documents until compact(), so scores (not matches) shift slightly when compacting.
    const n = Math.max(this.nextId, 1);
    const f = Math.min(df, n);
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  }

  /** Clauses of a query; `optionalTerms` are scored but not required (OR fallback). */
  private plan(q: EngineQuery, optionalTerms: readonly string[] = []): Plan {
    const phraseTokens = q.phrases.flat();
    const requiredTokens = uniq([...q.terms, ...phraseTokens]);
    const scoringTokens = uniq([...requiredTokens, ...optionalTerms]);
    const required: Clause[] = [];
    const scoring: Clause[] = [];
    for (const tok of scoringTokens) {
      const c = this.termClause(tok);
      scoring.push(c);
      if (requiredTokens.includes(tok)) required.push(c);
    }
    const idf = Float64Array.from(scoring, (c) => this.idf(c.df));
    const idOf = (t: string): number => this.terms.get(t) ?? -1;
    const phrases = q.phrases.filter((ph) => ph.length >= 2).map((ph) => Uint32Array.from(ph, (t) => Math.max(0, idOf(t))));
    const impossible = phraseTokens.some((t) => idOf(t) < 0);
    const bonusTokens = [...q.terms, ...optionalTerms];
    const pairs: number[] = [];
    const pairAt: number[] = [];
    const pairIdf: number[] = [];
    for (let i = 1; i < bonusTokens.length; i++) {
      const a = idOf(bonusTokens[i - 1]!);
      const b = idOf(bonusTokens[i]!);
      if (a < 0 || b < 0 || a === b || overlapping(bonusTokens[i - 1]!, bonusTokens[i]!)) continue;
      const ia = scoringTokens.indexOf(bonusTokens[i - 1]!);
      const ib = scoringTokens.indexOf(bonusTokens[i]!);
      pairs.push(a, b);
      pairAt.push(ia, ib);
      pairIdf.push((idf[ia]! + idf[ib]!) / 2);
    }
    const seqTokens = [...q.terms, ...phraseTokens];
    const sequence = seqTokens.length > 0 && seqTokens.every((t) => idOf(t) >= 0) ? Uint32Array.from(seqTokens, idOf) : null;
    const excluded = uniq(q.excluded).map((t) => this.termClause(t));
    const titleSum = idf.reduce((s, x) => s + x, 0);
    const browse = phraseTokens.length === 0 && q.terms.length === 0 && optionalTerms.length === 0 && !q.docNumberKey && !q.indexNumber;
    return { browse, required, scoring, idf, phrases, impossible, pairs: Uint32Array.from(pairs), pairAt: Int32Array.from(pairAt), pairIdf: Float64Array.from(pairIdf), sequence, titleSum, excluded };
  }

  private exactIds(q: EngineQuery): number[] {
    const ids = new Set<number>();
    if (q.docNumberKey) for (const i of this.byDocNumber.get(q.docNumberKey) ?? []) ids.add(i);
    if (q.indexNumber) for (const i of this.byIndexNumber.get(q.indexNumber) ?? []) ids.add(i);
    return [...ids].filter((i) => !this.deleted[i]).sort((a, b) => a - b);
  }

  /** Ascending ids of documents containing at least `need` of the terms (title or body). */
  private orCandidates(terms: readonly string[], need: number): Int32Array {
    if (this.orCount.length < this.nextId) this.orCount = new Uint8Array(Math.max(this.nextId, 2 * this.orCount.length));
    const count = this.orCount; // all zero between queries
    for (const tok of terms) {
      const c = this.termClause(tok);
      for (let d = c.doc; d !== END; d = c.nextDoc()) count[d]!++;
    }
    let n = 0;
    for (let d = 0; d < this.nextId; d++) if (count[d]! >= need) n++;
    const out = new Int32Array(n);
    n = 0;
    for (let d = 0; d < this.nextId; d++) if (count[d]! >= need) out[n++] = d;
    count.fill(0, 0, this.nextId);
    return out;
  }

  private filterFn(f: SearchFilters): ((d: number) => boolean) | null {
    const ag = this.agencies.mask(f.agencyIds);
    const tp = this.topics.mask(f.topicIds);
    const gn = this.genres.mask(f.genreIds);
    const kd = this.kinds.mask(f.kinds);
    let va: Uint8Array | null = null;
    if (f.validity) {
      va = new Uint8Array(4);
      for (const v of f.validity) va[v] = 1;
    }
    const from = f.dayFrom ?? -Infinity;
    const to = f.dayTo ?? Infinity;
    if (!ag && !tp && !gn && !kd && !va && from === -Infinity && to === Infinity) return null;
    const { agency, topic, genre, kind, validity, day } = this;
    return (d) =>
      (!ag || ag[agency[d]!] === 1) &&
      (!tp || tp[topic[d]!] === 1) &&
      (!gn || gn[genre[d]!] === 1) &&
      (!kd || kd[kind[d]!] === 1) &&
      (!va || va[validity[d]!] === 1) &&
      day[d]! >= from &&
      day[d]! <= to;
  }

  /**
   * One pass over the candidates: `cands` (ascending ids, OR fallback) or else the rarest required
   * clause (or every id for an empty query), merged with the exact 文号/索引号 matches, counting
   * total and facets; or, for an AND query whose rarest term has more than `exactTotalsUpTo`
   * postings (8 times that with filters), dynamic pruning (prune) with estimated total and facets.
   */
  private run(q: EngineQuery, plan: Plan, exact: number[], k: number, cands: Int32Array | null): Run {
    const filter = this.filterFn(q.filters);
    const { required } = plan;
    let driver: Clause | null = null;
    if (!cands && required.length > 0) driver = required.reduce((m, c) => (c.df < m.df ? c : m));
    // With filters the exhaustive pass mostly reads postings and tests filters, cheap: it stays
    // exact up to 8 times further.
    const upTo = filter ? 8 * this.exactTotalsUpTo : this.exactTotalsUpTo;
    const mayPrune =
      driver !== null &&
      !q.exhaustive &&
      k > 0 &&
      !plan.impossible &&
      driver.df > upTo &&
      required.length === plan.scoring.length &&
      (required.length <= this.pruneMaxTerms || plan.phrases.length > 0 || filter !== null);
    const heap = new TopK(k, this.day);
    const facets = q.facets ? new FacetCounter(this.facetSources()) : null;
    // Documents with every term in the title first: a high k-th best score from the start, so fewer
    // pair-bonus lookups and earlier pruning.
    const seeded: Seeded = driver && k > 0 && (mayPrune || plan.pairs.length > 0) ? this.seed(q, exact, filter, heap, mayPrune ? facets : null) : { marked: 0, matched: 0, complete: false, exactTitles: false };
    try {
      if (mayPrune) return this.prune(q, plan, exact, filter, heap, facets, seeded);
      return this.runExhaustive(q, plan, exact, k, cands, filter, driver, heap, facets, seeded.marked > 0);
    } finally {
      this.unmark(seeded.marked);
    }
  }

  private runExhaustive(q: EngineQuery, plan: Plan, exact: number[], k: number, cands: Int32Array | null, filter: ((d: number) => boolean) | null, driver: Clause | null, heap: TopK, facets: FacetCounter | null, seeded: boolean): Run {
    const { required, excluded, phrases } = plan;
    const { mark } = this;
    const matchAll = !cands && !driver && plan.browse;
    const limit = this.nextId;
    let ci = 0;
    let ei = 0;
    let total = 0;
    let src = plan.impossible ? END : cands ? (cands.length > 0 ? cands[0]! : END) : driver ? driver.doc : matchAll ? 0 : END;
    const { deleted } = this;
    let advance = false;
    for (;;) {
      // The source moves on only now: the driver clause must still sit on d while d is scored.
      if (advance) {
        if (cands) src = ++ci < cands.length ? cands[ci]! : END;
        else if (driver) src = driver.nextDoc();
        else src = src + 1 < limit ? src + 1 : END;
      }
      const e = ei < exact.length ? exact[ei]! : END;
      const d = src < e ? src : e;
      if (d === END || d >= limit) break;
      const fromSrc = d === src;
      const isExact = d === e;
      if (isExact) ei++;
      advance = fromSrc;
      if (deleted[d] || (filter && !filter(d))) continue;
      let ok = fromSrc;
      for (let i = 0; ok && i < required.length; i++) {
        const c = required[i]!;
        if (c !== driver && !c.has(d)) ok = false;
      }
      for (let i = 0; ok && i < phrases.length; i++) if (!this.hasPhrase(d, phrases[i]!)) ok = false;
      if (!ok && !isExact) continue;
      let skip = false;
      for (const c of excluded) if (c.has(d)) skip = true;
      if (skip) continue;
      total++;
      facets?.count(d);
      if (k === 0 || (seeded && mark[d])) continue;
      this.offer(d, plan, heap, isExact ? EXACT_BOOST : 0);
    }
    return { total, hits: heap.sorted(), facets: facets?.result(1, null) ?? null, estimated: false };
  }

  /**
   * The top k of an AND query by dynamic pruning (MaxScore): every title and body list of the
   * query's terms gets an upper bound of what it can add to a score (fieldBound times the term's
   * idf); sorted by bound, the lists whose bounds, with the largest phrase-pair and exact-title
   * bonus their documents could earn, validity factor 1 and the newest date's recency, sum to less
   * than the k-th best score so far are *non-essential*: a document found only there cannot enter
   * the top k. Candidates are the rarest term's documents that are also in an essential list; one
   * missing a required term moves the candidates on to that term's next document. A candidate is
   * scored (base score, cheap once the cursors sit on it) and dropped when even its largest pair
   * bonus cannot make the top k, before its phrases are verified or its pair bonus looked up. Only
   * documents that cannot enter the top k are skipped, so the top k (ids, scores, order) is the
   * exhaustive one. Documents marked by seed() were offered already (`seeded.matched` of them
   * matched); the bounds leave out the exact-title bonus when seed() offered every exact title, and
   * with two terms the title pair bonus when it offered every document with both in the title.
   *
   * Total and facets: exact when nothing was skipped (fewer than k matches, say); else estimated
   * on a sample (`estimate`).
   */
  private prune(q: EngineQuery, plan: Plan, exact: number[], filter: ((d: number) => boolean) | null, heap: TopK, facets: FacetCounter | null, seeded: Seeded): Run {
    const { required, excluded, phrases, scoring, idf, pairAt, pairIdf } = plan;
    // The lists, ascending by bound; `field` is 2·clause (+1 for the body list).
    const all: { c: Cursor; ub: number; field: number; l: number }[] = [];
    for (let i = 0; i < scoring.length; i++) {
      const c = scoring[i]!;
      if (c.lt !== NONE) all.push({ c: c.t, ub: idf[i]! * this.fieldBound(c.lt, true), field: 2 * i, l: c.lt });
      if (c.lb !== NONE) all.push({ c: c.b, ub: idf[i]! * this.fieldBound(c.lb, false), field: 2 * i + 1, l: c.lb });
    }
    all.sort((x, y) => x.ub - y.ub);
    const m = all.length;
    const lists = all.map((x) => x.c);
    // Bonuses that documents not seeded may still earn.
    const exactTitles = plan.sequence !== null && !seeded.exactTitles;
    const titlePairs = !(seeded.complete && scoring.length <= 2);
    // prefix[e]: the largest score of a document not seeded found only in lists[0…e).
    const prefix = new Float64Array(m + 1);
    const inPrefix = new Uint8Array(2 * scoring.length);
    const recencyBound = this.maxDay * RECENCY_PER_DAY;
    let text = 0;
    for (let e = 0; e <= m; e++) {
      if (e > 0) {
        text += all[e - 1]!.ub;
        inPrefix[all[e - 1]!.field] = 1;
      }
      let bonus = 0;
      for (let p = 0; p < pairIdf.length; p++) {
        const a = pairAt[2 * p]!;
        const b = pairAt[2 * p + 1]!;
        if (titlePairs && inPrefix[2 * a] && inPrefix[2 * b]) bonus += pairIdf[p]! * PAIR_BONUS_TITLE;
        else if (inPrefix[2 * a + 1] && inPrefix[2 * b + 1]) bonus += pairIdf[p]! * PAIR_BONUS_BODY;
      }
      let allTitles = exactTitles;
      for (let i = 0; allTitles && i < scoring.length; i++) if (!inPrefix[2 * i]) allTitles = false;
      if (allTitles) bonus += EXACT_TITLE_BONUS * plan.titleSum;
      // A margin far above floating-point error: bounds and scores sum the same terms in other orders.
      prefix[e] = (text + bonus) * (1 + 1e-9) + 1e-9 + recencyBound;
    }
    // For the bound of one candidate: where each pair's and the exact title's lists are in `lists`,
    // and what each list adds, given its tf (see partBound).
    const at = new Int32Array(2 * scoring.length).fill(-1);
    for (let j = 0; j < m; j++) at[all[j]!.field] = j;
    const textPrefix = new Float64Array(m + 1);
    for (let e = 1; e <= m; e++) textPrefix[e] = textPrefix[e - 1]! + all[e - 1]!.ub;
    const listIdf = Float64Array.from(all, (x) => idf[x.field >> 1]!);
    const blockMax = all.map((x) => this.postings.blockMax[x.l]!);
    const blockScale = Float64Array.from(all, (x) => idf[x.field >> 1]! * this.blockScale(x.l, (x.field & 1) === 0));
    const listTitle = Uint8Array.from(all, (x) => ((x.field & 1) === 0 ? 1 : 0));
    const onD = new Uint8Array(m);
    const exactTitle = plan.sequence !== null && scoring.every((_, i) => at[2 * i]! >= 0);
    const live = Math.max(this.live, 1);
    const avgT = Math.max(this.titleTotal / live, 1);
    const avgB = Math.max(this.bodyTotal / live, 1);
    const { deleted, validity, day, mark, titleLen, bodyLen } = this;
    /** Whether list j (−1: none) may hold the candidate: non-essential, or `onD`. */
    const held = (j: number, ne: number): boolean => j >= 0 && (j < ne || onD[j] === 1);
    /**
     * The largest pair and exact-title bonus of a document in the lists `held`, with a title of tl
     * tokens (−1: any); `any`: also the bonuses that only seeded documents can earn otherwise.
     */
    const heldBonus = (ne: number, tl: number, any: boolean): number => {
      let bonus = 0;
      for (let p = 0; p < pairIdf.length; p++) {
        const a = pairAt[2 * p]!;
        const b = pairAt[2 * p + 1]!;
        if ((any || titlePairs) && held(at[2 * a]!, ne) && held(at[2 * b]!, ne)) bonus += pairIdf[p]! * PAIR_BONUS_TITLE;
        else if (held(at[2 * a + 1]!, ne) && held(at[2 * b + 1]!, ne)) bonus += pairIdf[p]! * PAIR_BONUS_BODY;
      }
      if ((any ? exactTitle : exactTitles && exactTitle) && (tl < 0 || plan.sequence!.length === tl)) {
        let all = true;
        for (let i = 0; all && i < scoring.length; i++) if (!held(at[2 * i]!, ne)) all = false;
        if (all) bonus += EXACT_TITLE_BONUS * plan.titleSum;
      }
      return bonus;
    };
    /**
     * The largest score d can have given which essential lists hold it (their parts computed from
     * tf and length, as baseScore does) and the bounds of the non-essential ones; positions the
     * essential cursors on d (or after).
     */
    const partBound = (d: number, ne: number, boost: number): number => {
      let text = textPrefix[ne]!;
      for (let j = ne; j < m; j++) {
        const c = lists[j]!;
        if ((c.doc < d ? c.advance(d) : c.doc) === d) {
          onD[j] = 1;
          const tf = c.tf;
          if (listTitle[j]) text += listIdf[j]! * ((TITLE_WEIGHT * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * titleLen[d]!) / avgT)));
          else text += listIdf[j]! * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * bodyLen[d]!) / avgB)));
        } else onD[j] = 0;
      }
      // A margin far above floating-point error (the parts are summed in another order than in baseScore).
      return (text + heldBonus(ne, titleLen[d]!, boost > 0)) * (1 + 1e-9) * VALIDITY_FACTOR[validity[d]!]! + day[d]! * RECENCY_PER_DAY + boost + 1e-9;
    };
    const limit = this.nextId;
    // Every match holds the rarest required term: candidates are its documents that are also in an
    // essential list, leapfrogging to the essential lists' next document when not.
    const driver = required.reduce((a, c) => (c.df < a.df ? c : a));
    let ne = 0; // lists[0…ne) are non-essential
    let driverEssential = 2; // how many of the driver's lists are essential (a missing list counts)
    const updateEssential = (): void => {
      const worst = heap.full() ? heap.worst() : -Infinity;
      while (ne < m && prefix[ne + 1]! < worst) {
        if (lists[ne] === driver.t || lists[ne] === driver.b) driverEssential--;
        ne++;
      }
    };
    updateEssential();
    let target = 0;
    let ei = 0;
    let seen = seeded.matched;
    let pruned = ne > 0;
    // The block-max and partial-score tests cost about what they save when they rarely skip: each
    // backs off when it skipped less than one candidate in 8 in its last 64 tries.
    const blockTests = new Backoff();
    const partTests = new Backoff();
    for (;;) {
      const e = ei < exact.length ? exact[ei]! : END;
      let src = END;
      // Never past the next exact match: the cursors must not skip a document that is scored.
      for (let t = target; t < e; ) {
        const x = driver.seek(t);
        if (x >= e) break;
        if (driverEssential < 2) {
          let y = END;
          for (let j = ne; j < m; j++) {
            const c = lists[j]!;
            const z = c.doc < x ? c.advance(x) : c.doc;
            if (z === x) {
              y = x;
              break;
            }
            if (z < y) y = z;
          }
          if (y === END) break;
          if (y !== x) {
            t = y;
            continue;
          }
        }
        if (mark[x] || deleted[x] || (filter && !filter(x))) {
          t = x + 1;
          continue;
        }
        if (blockTests.on() && heap.full()) {
          // Block-max test: the essential lists' blocks from x up to r (the first end of a block that
          // holds a document in that range) bound every score there.
          let r = END;
          for (let j = ne; j < m; j++) {
            const c = lists[j]!;
            if ((c.doc < x ? c.advance(x) : c.doc) === x) r = Math.min(r, c.blockEnd());
          }
          for (let j = ne; j < m; j++) if (lists[j]!.doc <= r) r = Math.min(r, lists[j]!.blockEnd());
          let text = textPrefix[ne]!;
          for (let j = ne; j < m; j++) {
            const c = lists[j]!;
            onD[j] = c.doc <= r ? 1 : 0;
            if (onD[j]) text += blockMax[j]![c.block]! * blockScale[j]!;
          }
          if ((text + heldBonus(ne, -1, false)) * (1 + 1e-9) + recencyBound + 1e-9 < heap.worst()) {
            pruned = true;
            blockTests.hit();
            t = r + 1;
            continue;
          }
        }
        src = x;
        break;
      }
      const d = src < e ? src : e;
      if (d === END || d >= limit) break;
      const isExact = d === e;
      if (isExact) ei++;
      target = d + 1;
      if (mark[d] || deleted[d] || (filter && !filter(d))) continue;
      // MaxScore's test before probing the other terms: what the essential lists holding d add, plus
      // the bounds of the others (backing off when it rarely prunes).
      if (partTests.on() && heap.full()) {
        if (partBound(d, ne, isExact ? EXACT_BOOST : 0) < heap.worst()) {
          pruned = true;
          partTests.hit();
          continue;
        }
      }
      let ok = d === src;
      for (let i = 0; ok && i < required.length; i++) {
        const c = required[i]!;
        if (c !== driver && !c.has(d)) {
          ok = false;
          // Every later candidate holds this term: move on to its next document.
          if (c.doc > target) target = c.doc;
        }
      }
      if (!ok && !isExact) continue;
      let skip = false;
      for (const c of excluded) if (c.has(d)) skip = true;
      if (skip) continue;
      const boost = isExact ? EXACT_BOOST : 0;
      const base = this.baseScore(d, plan);
      const factor = VALIDITY_FACTOR[validity[d]!]!;
      const recency = day[d]! * RECENCY_PER_DAY;
      if (heap.full() && (base + this.bonusBound(d, plan)) * factor + recency + boost < heap.worst()) {
        pruned = true;
        continue;
      }
      for (let i = 0; ok && i < phrases.length; i++) if (!this.hasPhrase(d, phrases[i]!)) ok = false;
      if (!ok && !isExact) continue;
      seen++;
      if (!pruned) facets?.count(d);
      const bonus = plan.pairs.length > 0 ? this.pairBonus(d, plan, base, factor, recency, boost, heap.full() ? heap.worst() : -Infinity) : 0;
      if (bonus < 0) continue;
      heap.offer((base + bonus) * factor + recency + boost, d);
      updateEssential();
      if (ne > 0) pruned = true;
    }
    if (!pruned) return { total: seen, hits: heap.sorted(), facets: facets?.result(1, null) ?? null, estimated: false };
    const est = this.estimate(q, exact, filter, q.facets);
    return { total: Math.max(est.total, seen), hits: heap.sorted(), facets: est.facets, estimated: est.estimated };
  }

  /**
   * Scores first the documents whose title is exactly the query's terms (found by the title hash),
   * then those holding every required term in the title (at most `seedLimit` looked at, in id
   * order), each with a plan of their own: they are the likeliest top k, so the k-th best score is
   * high early, and the main pass then looks up fewer pair bonuses and prunes sooner. Exact
   * 文号/索引号 matches are left to the main pass. Every matching document is marked (`mark`, listed
   * in `marked`) and counted (`matched`, and in `facets` when given) for the main pass not to offer
   * it again. `exactTitles`: no other document (but exact 文号/索引号 matches) can earn the
   * exact-title bonus; `complete`: no other holds every term in the title. The top k does not
   * depend on the order documents are offered in (TopK orders by score, date, id). `seedLimit` 0
   * turns seeding off.
   */
  private seed(q: EngineQuery, exact: number[], filter: ((d: number) => boolean) | null, heap: TopK, facets: FacetCounter | null): Seeded {
    const none: Seeded = { marked: 0, matched: 0, complete: false, exactTitles: false };
    if (this.seedLimit === 0) return none;
    const first = this.plan(q);
    if (first.required.length === 0 || first.impossible || first.required.some((c) => c.lt === NONE)) return none;
    if (this.mark.length < this.nextId) this.mark = new Uint8Array(Math.max(this.nextId, 2 * this.mark.length));
    const { deleted, mark } = this;
    let n = 0;
    let matched = 0;
    /** Offers d, which holds every term in the title, unless it does not match (plan's cursors move to d). */
    const visit = (d: number, plan: Plan): void => {
      if (mark[d] || deleted[d] || (filter && !filter(d)) || (exact.length > 0 && exact.includes(d))) return;
      const { required, excluded, phrases } = plan;
      for (let i = 0; i < required.length; i++) required[i]!.has(d); // positions the title and body lists on d
      for (let i = 0; i < excluded.length; i++) if (excluded[i]!.has(d)) return;
      for (let i = 0; i < phrases.length; i++) if (!this.hasPhrase(d, phrases[i]!)) return;
      mark[d] = 1;
      if (n === this.marked.length) this.marked = grow(this.marked, n + 1);
      this.marked[n++] = d;
      matched++;
      facets?.count(d);
      this.offer(d, plan, heap, 0);
    };
    // Titles made of exactly the query's terms (looked up by hash), then titles holding them all.
    if (first.sequence) for (const d of this.exactTitles(first.sequence)) visit(d, first);
    const plan = this.plan(q);
    const p = this.postings;
    const driver = plan.required.reduce((m, c) => (p.df[c.lt]! < p.df[m.lt]! ? c : m));
    const titles = new Cursor(p.pages, p.head[driver.lt]!);
    let d = titles.doc;
    for (let taken = 0; d !== END && taken < this.seedLimit; d = titles.nextDoc()) {
      let all = true;
      for (let i = 0; all && i < plan.required.length; i++) if (plan.required[i]!.t.advance(d) !== d) all = false;
      if (!all) continue;
      taken++;
      visit(d, plan);
    }
    return { marked: n, matched, complete: d === END, exactTitles: true };
  }

  /**
   * Scores d (a match; the plan's clauses positioned on d) and offers it to the top k, unless even
   * the largest pair bonus it could earn cannot take it there: the bonus is looked up only then.
   */
  private offer(d: number, plan: Plan, heap: TopK, boost: number): void {
    const base = this.baseScore(d, plan);
    const factor = VALIDITY_FACTOR[this.validity[d]!]!;
    const recency = this.day[d]! * RECENCY_PER_DAY;
    if (plan.pairs.length > 0 && heap.full() && (base + this.bonusBound(d, plan)) * factor + recency + boost < heap.worst()) return;
    const bonus = plan.pairs.length > 0 ? this.pairBonus(d, plan, base, factor, recency, boost, heap.full() ? heap.worst() : -Infinity) : 0;
    if (bonus >= 0) heap.offer((base + bonus) * factor + recency + boost, d);
  }

  /** Clears the first n marks of seed(). */
  private unmark(n: number): void {
    for (let i = 0; i < n; i++) this.mark[this.marked[i]!] = 0;
  }

  /**
   * Total and facets of an AND query from a deterministic sample: windows of SAMPLE_WINDOW ids at a
   * power-of-two stride, so that the first pass reads about `sampleBudget` postings of the rarest
   * required term that pass the filters; further passes (van der Corput offsets, each halving the
   * gaps) run while fewer than SAMPLE_MIN_MATCHES matches were seen, up to about twice the budget
   * (and 8 times it in postings read, filtered out or not). Counts are scaled by ids / sampled ids;
   * exact 文号/索引号 matches are counted exactly. When every window was read the result is exact.
   */
  private estimate(q: EngineQuery, exact: number[], filter: ((d: number) => boolean) | null, withFacets: boolean): { total: number; facets: Facets | null; estimated: boolean } {
    const { deleted } = this;
    const n = this.nextId;
    const facets = withFacets ? new FacetCounter(this.facetSources()) : null;
    const exactFacets = withFacets ? new FacetCounter(this.facetSources()) : null;
    let exactN = 0;
    const excluded = uniq(q.excluded).map((t) => this.termClause(t));
    for (const d of exact) {
      if (deleted[d] || (filter && !filter(d)) || excluded.some((c) => c.has(d))) continue;
      exactN++;
      exactFacets?.count(d);
    }
    const first = this.plan(q);
    const dfOf = (p: Plan): Clause => p.required.reduce((m, c) => (c.df < m.df ? c : m));
    const windows = Math.ceil(n / SAMPLE_WINDOW);
    const budget = this.sampleBudget;
    let bits = 0;
    while (bits < 30 && dfOf(first).df / 2 ** (bits + 1) >= budget && 2 ** (bits + 1) <= windows) bits++;
    const stride = 2 ** bits;
    let read = 0;
    let examined = 0;
    let matched = 0;
    let covered = 0;
    for (let pass = 0; pass < stride; pass++) {
      const plan = pass === 0 ? first : this.plan(q);
      const { required, phrases } = plan;
      const driver = dfOf(plan);
      for (let w = reverseBits(pass, bits); w < windows; w += stride) {
        const start = w * SAMPLE_WINDOW;
        const end = Math.min(n, start + SAMPLE_WINDOW);
        covered += end - start;
        for (let d = driver.seek(start); d < end; d = driver.nextDoc()) {
          read++;
          if (deleted[d] || (filter && !filter(d)) || (exact.length > 0 && exact.includes(d))) continue;
          examined++;
          let ok = true;
          for (let i = 0; ok && i < required.length; i++) if (required[i] !== driver && !required[i]!.has(d)) ok = false;
          for (let i = 0; ok && i < phrases.length; i++) if (!this.hasPhrase(d, phrases[i]!)) ok = false;
          for (let i = 0; ok && i < plan.excluded.length; i++) if (plan.excluded[i]!.has(d)) ok = false;
          if (!ok) continue;
          matched++;
          facets?.count(d);
        }
      }
      if (read >= 8 * budget || (examined >= budget && (matched >= SAMPLE_MIN_MATCHES || examined >= 2 * budget))) break;
    }
    const scale = covered >= n ? 1 : n / covered;
    return { total: exactN + Math.round(matched * scale), facets: facets?.result(scale, exactFacets) ?? null, estimated: covered < n };
  }

  /**
   * An upper bound of the saturated tf part of a list's field at the current average field length
   * (TITLE_WEIGHT included for titles): K1+1 times tf / (tf + K1·(1 − B + B·length / average)) over
   * its postings; and the same per score-bound block of 64 postings (Postings.blockMax). Scanned
   * lazily, and only the postings added since the last scan. The part falls when the average falls
   * and rises at most in proportion to the average, so the maxima of the part and of the part /
   * average at scan time bound it at any later average (and a block's maximum times the average
   * over the smallest average of the list's scans, see blockScale). Removed documents keep their
   * postings until compact() (which starts afresh): a looser bound, never a wrong one.
   */
  private fieldBound(l: number, title: boolean): number {
    const p = this.postings;
    const avg = this.avgLength(title);
    if (p.ubCount[l] !== p.df[l]) {
      const len = title ? this.titleLen : this.bodyLen;
      const a0 = K1 * (1 - B);
      const c = (K1 * B) / avg;
      let addr = p.ubAddr[l] === NONE ? p.head[l]! : p.ubAddr[l]!;
      let i = p.ubAddr[l] === NONE ? 0 : p.ubPos[l]!;
      let sb0 = p.ubSb[l]!;
      let n = p.ubCount[l]!;
      let f = 0;
      let bm = p.blockMax[l] ?? new Float64Array(16);
      while (addr !== NONE) {
        const page = p.pages[addr >>> PAGE_BITS]!;
        const o = addr & PAGE_MASK;
        const count = page[o + 2]!;
        const blocks = (count + (1 << BM_SHIFT) - 1) >>> BM_SHIFT;
        if (bm.length < sb0 + blocks) bm = grow(bm, sb0 + blocks);
        n += count - i;
        for (; i < count; i++) {
          const x = page[o + HDR + i]!;
          const tf = x & 255;
          const v = ((K1 + 1) * tf) / (tf + a0 + c * len[x >>> 8]!);
          if (v > f) f = v;
          const b = sb0 + (i >>> BM_SHIFT);
          if (v > bm[b]!) bm[b] = v;
        }
        const next = page[o]!;
        if (next === NONE) break;
        sb0 += blocks;
        addr = next;
        i = 0;
      }
      p.blockMax[l] = bm;
      p.ubAddr[l] = addr;
      p.ubPos[l] = i;
      p.ubSb[l] = sb0;
      p.ubCount[l] = n;
      if (avg < p.ubAvgMin[l]!) p.ubAvgMin[l] = avg;
      if (f > p.ubF[l]!) p.ubF[l] = f;
      if (f / avg > p.ubG[l]!) p.ubG[l] = f / avg;
    }
    const f = Math.min(K1 + 1, Math.max(p.ubF[l]!, avg * p.ubG[l]!));
    return title ? TITLE_WEIGHT * f : f;
  }

  /** What a list's block maxima (fieldBound, scanned already) are multiplied by for a bound now, idf aside. */
  private blockScale(l: number, title: boolean): number {
    // The margin is far above floating-point error.
    return (title ? TITLE_WEIGHT : 1) * Math.max(1, this.avgLength(title) / this.postings.ubAvgMin[l]!) * (1 + 1e-9);
  }

  /** The average title or body length, as the scores use it. */
  private avgLength(title: boolean): number {
    return Math.max((title ? this.titleTotal : this.bodyTotal) / Math.max(this.live, 1), 1);
  }

  /** Whether the title or the body of d holds the phrase's term ids adjacently. */
  private hasPhrase(d: number, ph: Uint32Array): boolean {
    const a = this.fwd[d]!;
    const page = this.tokens.pages[a >>> PAGE_BITS]!;
    const o = a & PAGE_MASK;
    const tl = this.titleLen[d]!;
    return seqIndexOf(page, o, o + tl, ph) || this.body.load(this.tokens, a, tl, this.bodyLen[d]!).phrase(ph);
  }

  /**
   * Sum over the query's adjacent term pairs found adjacent in the title (≫) or the body; or −1 as
   * soon as it is clear that d's score, (base + bonus) · factor + recency + boost, stays below
   * `worst` (the k-th best so far; −Infinity while the top k is not full). Needs the scoring clauses
   * positioned on d (baseScore(d) just before): a pair is looked for in the title only when both
   * its terms are in d's title (a short scan), in the body only when both are in d's body (the
   * positions of the two terms, cheapest pair first), and the bound is checked after each.
   */
  private pairBonus(d: number, plan: Plan, base: number, factor: number, recency: number, boost: number, worst: number): number {
    const a = this.fwd[d]!;
    const page = this.tokens.pages[a >>> PAGE_BITS]!;
    const o = a & PAGE_MASK;
    const tEnd = o + this.titleLen[d]!;
    const { pairs, pairAt, pairIdf, scoring } = plan;
    const np = pairIdf.length;
    if (this.pairState.length < np) {
      this.pairState = new Uint8Array(2 * np);
      this.pairOrder = new Int32Array(2 * np);
      this.pairCost = new Int32Array(2 * np);
    }
    // pairState: 0 no bonus, 1 title, 2 body, 3 body still to look up.
    const state = this.pairState;
    const order = this.pairOrder;
    let pending = 0;
    let found = 0;
    let open = 0;
    for (let p = 0; p < np; p++) {
      const x = pairs[2 * p]!;
      const y = pairs[2 * p + 1]!;
      const cx = scoring[pairAt[2 * p]!]!;
      const cy = scoring[pairAt[2 * p + 1]!]!;
      state[p] = 0;
      if (cx.t.doc === d && cy.t.doc === d) {
        for (let i = o; i + 1 < tEnd; i++) {
          if (page[i] === x && page[i + 1] === y) {
            state[p] = 1;
            found += pairIdf[p]! * PAIR_BONUS_TITLE;
            break;
          }
        }
        if (state[p] === 1) continue;
      }
      if (cx.b.doc === d && cy.b.doc === d) {
        state[p] = 3;
        open += pairIdf[p]! * PAIR_BONUS_BODY;
        order[pending++] = p;
      }
    }
    if (pending > 0) {
      // Cheapest first: the pair whose rarer term occurs least often in d's body.
      const cost = this.pairCost;
      for (let i = 0; i < pending; i++) {
        const p = order[i]!;
        cost[p] = Math.min(scoring[pairAt[2 * p]!]!.b.tf, scoring[pairAt[2 * p + 1]!]!.b.tf);
      }
      for (let i = 1; i < pending; i++) {
        const p = order[i]!;
        let j = i - 1;
        while (j >= 0 && cost[order[j]!]! > cost[p]!) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = p;
      }
      const body = this.body.load(this.tokens, a, this.titleLen[d]!, this.bodyLen[d]!);
      for (let i = 0; i < pending; i++) {
        // A margin far above floating-point error (the sums run in another order than the final one).
        if ((base + found + open) * (1 + 1e-12) * factor + recency + boost < worst) return -1;
        const p = order[i]!;
        open -= pairIdf[p]! * PAIR_BONUS_BODY;
        if (body.adjacent(pairs[2 * p]!, pairs[2 * p + 1]!)) {
          state[p] = 2;
          found += pairIdf[p]! * PAIR_BONUS_BODY;
        } else state[p] = 0;
      }
    }
    // The sum in pair order, as the score has always been computed.
    let s = 0;
    for (let p = 0; p < np; p++) {
      if (state[p] === 1) s += pairIdf[p]! * PAIR_BONUS_TITLE;
      else if (state[p] === 2) s += pairIdf[p]! * PAIR_BONUS_BODY;
    }
    return s;
  }

  /** The largest pairBonus(d) could be, from which fields of d hold each pair's terms (same precondition). */
  private bonusBound(d: number, plan: Plan): number {
    const { pairAt, pairIdf, scoring } = plan;
    let s = 0;
    for (let p = 0; p < pairIdf.length; p++) {
      const cx = scoring[pairAt[2 * p]!]!;
      const cy = scoring[pairAt[2 * p + 1]!]!;
      if (cx.t.doc === d && cy.t.doc === d) s += pairIdf[p]! * PAIR_BONUS_TITLE;
      else if (cx.b.doc === d && cy.b.doc === d) s += pairIdf[p]! * PAIR_BONUS_BODY;
    }
    return s;
  }

  /** BM25F-like text score plus the exact-title bonus (no validity, recency or phrase bonus). */
  private baseScore(d: number, plan: Plan): number {
    const tl = this.titleLen[d]!;
    const bl = this.bodyLen[d]!;
    const live = Math.max(this.live, 1);
    const nt = K1 * (1 - B + (B * tl) / Math.max(this.titleTotal / live, 1));
    const nb = K1 * (1 - B + (B * bl) / Math.max(this.bodyTotal / live, 1));
    const { scoring, idf, sequence } = plan;
    let s = 0;
    for (let i = 0; i < scoring.length; i++) {
      const c = scoring[i]!;
      if (!c.has(d)) continue;
      const ft = c.tfTitle;
      const fb = c.tfBody;
      s += idf[i]! * ((TITLE_WEIGHT * ft * (K1 + 1)) / (ft + nt) + (fb * (K1 + 1)) / (fb + nb));
    }
    if (sequence && sequence.length === tl) {
      const a = this.fwd[d]!;
      const page = this.tokens.pages[a >>> PAGE_BITS]!;
      const o = a & PAGE_MASK;
      let same = true;
      for (let i = 0; same && i < tl; i++) same = page[o + i] === sequence[i];
      if (same) s += EXACT_TITLE_BONUS * plan.titleSum;
    }
    return s;
  }

  private facetSources(): FacetSources {
    return { agency: this.agency, topic: this.topic, genre: this.genre, kind: this.kind, validity: this.validity, day: this.day, agencies: this.agencies.values, topics: this.topics.values, genres: this.genres.values, kinds: this.kinds.values };
  }
}

/** A 32-bit hash of n term ids from ids[from]. */
function seqHash(ids: Uint32Array, from: number, n: number): number {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ ids[from + i]!, 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Whether ids[from…to) contains the sequence ph. */
function seqIndexOf(ids: Uint32Array, from: number, to: number, ph: Uint32Array): boolean {
  const n = ph.length;
  const first = ph[0]!;
  for (let i = from; i + n <= to; i++) {
    if (ids[i] !== first) continue;
    let j = 1;
    while (j < n && ids[i + j] === ph[j]) j++;
    if (j === n) return true;
  }
  return false;
}

/**
 * Whether to try a pruning test on the next candidate: yes, in rounds of 64 tries; after a round
 * with fewer than 8 hits, no for the next 64, 128 … 4096 candidates, then another round.
 */
class Backoff {
  private tries = 0;
  private hits = 0;
  private pause = 0;
  private misses = 0;
  on(): boolean {
    if (this.pause > 0) {
      this.pause--;
      return false;
    }
    if (++this.tries === 64) {
      if (this.hits * 8 < 64) this.pause = 64 << Math.min(6, this.misses++);
      else this.misses = 0;
      this.tries = 0;
      this.hits = 0;
    }
    return true;
  }
  hit(): void {
    this.hits++;
  }
}

/** What seed() did (see there). */
interface Seeded {
  marked: number;
  matched: number;
  complete: boolean;
  exactTitles: boolean;
}

interface Run {
  total: number;
  hits: { id: number; score: number }[];
  facets: Facets | null;
  /** Total and facets are estimates. */
  estimated: boolean;
}

/** i's lowest `bits` bits in reverse order (van der Corput order of the sampling passes). */
function reverseBits(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) r = (r << 1) | ((i >>> b) & 1);
  return r;
}

interface FacetSources {
  agency: Int32Array;
  topic: Int32Array;
  genre: Int32Array;
  kind: Uint8Array;
  validity: Uint8Array;
  day: Int32Array;
  agencies: number[];
  topics: number[];
  genres: number[];
  kinds: string[];
}

/** Facet counts over slots, turned into Maps at the end. */
class FacetCounter {
  private readonly s: FacetSources;
  private readonly agency: Int32Array;
  private readonly topic: Int32Array;
  private readonly genre: Int32Array;
  private readonly kind: Int32Array;
  private readonly validity = new Int32Array(4);
  private readonly year = new Map<number, number>();
  private readonly yearFast = new Int32Array(202);
  constructor(sources: FacetSources) {
    this.s = sources;
    this.agency = new Int32Array(this.s.agencies.length);
    this.topic = new Int32Array(this.s.topics.length);
    this.genre = new Int32Array(this.s.genres.length);
    this.kind = new Int32Array(this.s.kinds.length);
  }
  count(d: number): void {
    const s = this.s;
    this.agency[s.agency[d]!]!++;
    this.topic[s.topic[d]!]!++;
    this.genre[s.genre[d]!]!++;
    this.kind[s.kind[d]!]!++;
    this.validity[s.validity[d]!]!++;
    const y = yearOfDay(s.day[d]!);
    const yi = y - YEAR_BASE;
    if (yi >= 0 && yi < this.yearFast.length) this.yearFast[yi]!++;
    else this.year.set(y, (this.year.get(y) ?? 0) + 1);
  }
  /** The counts times `scale` (rounded), plus `extra`'s counts (not scaled). */
  result(scale: number, extra: FacetCounter | null): Facets {
    const x = extra;
    const toMap = <T>(counts: Int32Array, more: Int32Array | undefined, values: readonly T[]): Map<T, number> => {
      const m = new Map<T, number>();
      for (let i = 0; i < counts.length; i++) {
        const c = Math.round(counts[i]! * scale) + (more?.[i] ?? 0);
        if (c > 0) m.set(values[i]!, c);
      }
      return m;
    };
    const year = new Map<number, number>();
    for (const [y, c] of this.year) year.set(y, Math.round(c * scale));
    if (x) for (const [y, c] of x.year) year.set(y, (year.get(y) ?? 0) + c);
    for (let i = 0; i < this.yearFast.length; i++) {
      const c = Math.round(this.yearFast[i]! * scale) + (x?.yearFast[i] ?? 0);
      if (c > 0) year.set(YEAR_BASE + i, c);
    }
    const validity = new Map<ValidityCode, number>();
    for (let v = 0; v < 3; v++) {
      const c = Math.round(this.validity[v]! * scale) + (x?.validity[v] ?? 0);
      if (c > 0) validity.set(v as ValidityCode, c);
    }
    return {
      agency: toMap(this.agency, x?.agency, this.s.agencies),
      topic: toMap(this.topic, x?.topic, this.s.topics),
      genre: toMap(this.genre, x?.genre, this.s.genres),
      year,
      validity,
      kind: toMap(this.kind, x?.kind, this.s.kinds),
    };
  }
}

/** Keeps the best k (score desc, day desc, id asc) in a binary min-heap of the worst on top. */
class TopK {
  private readonly score: Float64Array;
  private readonly id: Int32Array;
  private n = 0;
  constructor(
    private readonly k: number,
    private readonly day: Int32Array,
  ) {
    this.score = new Float64Array(k);
    this.id = new Int32Array(k);
  }
  full(): boolean {
    return this.k > 0 && this.n === this.k;
  }
  /** The lowest score kept (meaningful when full). */
  worst(): number {
    return this.score[0]!;
  }
  /** Whether (sa, a) ranks above (sb, b). */
  private better(sa: number, a: number, sb: number, b: number): boolean {
    if (sa !== sb) return sa > sb;
    const da = this.day[a]!;
    const db = this.day[b]!;
    return da !== db ? da > db : a < b;
  }
  offer(s: number, d: number): void {
    if (this.k === 0) return;
    const { score, id } = this;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.better(score[p]!, id[p]!, s, d)) break;
        score[i] = score[p]!;
        id[i] = id[p]!;
        i = p;
      }
      score[i] = s;
      id[i] = d;
      return;
    }
    if (!this.better(s, d, score[0]!, id[0]!)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const w = r < this.n && this.better(score[l]!, id[l]!, score[r]!, id[r]!) ? r : l;
      if (!this.better(s, d, score[w]!, id[w]!)) break;
      score[i] = score[w]!;
      id[i] = id[w]!;
      i = w;
    }
    score[i] = s;
    id[i] = d;
  }
  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.id[i]!, score: this.score[i]! });
    return out.sort((x, y) => (this.better(x.score, x.id, y.score, y.id) ? -1 : this.better(y.score, y.id, x.score, x.id) ? 1 : 0));
  }
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/**
 * Whether two tokens share text: one holds the other (三十, 第三十) or one ends as the other begins
 * (第三, 三十). Such tokens are sub-words of one word (a search-mode tokenizer emits 第三, 三十 and
 * 第三十 for 第三十), adjacent wherever that word occurs: their adjacency says nothing that matching
 * the word does not, so they earn no pair bonus.
 */
export function overlapping(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  for (let n = Math.min(a.length, b.length) - 1; n > 0; n--) if (a.endsWith(b.slice(0, n)) || b.endsWith(a.slice(0, n))) return true;
  return false;
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
