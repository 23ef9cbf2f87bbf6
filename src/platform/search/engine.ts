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
 * - Forward index: each document's title and body as term ids, in order, in a second arena. It
 *   verifies quoted phrases and finds the adjacent-pair bonus on candidate documents. It replaced
 *   adjacent-pair postings, which cost ~65% of add() time (a random hash probe and list tail per
 *   token) and more memory, and it makes phrases of any length exact.
 * - Per document: key, kind/agency/topic/genre slots, day, validity, title/body lengths, forward
 *   address, deleted flag; Maps from key, 文号 key and 索引号 to ids.
 *
 * Query evaluation is exhaustive over the matches (measured fast enough, see
 * bench/search/engine-microbench.ts): the rarest required clause drives, the others are probed with
 * forward-only galloping cursors, a bounded heap keeps the top offset+limit, and total and facets
 * are counted in the same pass over all matches. The phrase bonus (a scan of the document) is
 * computed only when the document could still enter the top k.
 *
 * Semantics:
 * - every term must occur in title or body (AND); when the AND of the terms (with any exact 文号/索引号
 *   match) finds nothing and there are 2+ terms, at least ⌈n/2⌉ of them suffice (OR fallback, so a
 *   misspelt or partial title still finds something); phrases, exclusions and filters still apply;
 * - a quoted phrase must occur as adjacent tokens within the title or within the body (exact);
 * - unquoted consecutive terms found adjacent earn a bonus (title ≫ body): phrase above scattered;
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

const MAX_DOCS = 1 << 24; // doc ids share a Uint32 with an 8-bit tf
const PAGE_BITS = 22;
const PAGE = 1 << PAGE_BITS; // 16 MiB pages
const PAGE_MASK = PAGE - 1;
const MAX_BLOCK = 2048;
const COMPACT_BLOCK = 1 << 16;
const MAX_FORWARD = PAGE >>> 1;
const NONE = 0xffffffff;
const HDR = 3;
const END = 0x7fffffff;

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

  newList(): number {
    const l = this.lists++;
    this.head = grow(this.head, this.lists);
    this.tail = grow(this.tail, this.lists);
    this.df = grow(this.df, this.lists);
    this.head[l] = NONE;
    this.tail[l] = NONE;
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
    return this.pages.reduce((sum, p) => sum + p.byteLength, 0) + (this.head.length + this.tail.length + this.df.length) * 4;
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

  constructor(
    private readonly pages: Uint32Array[],
    head: number,
  ) {
    if (head !== NONE) this.load(head);
  }

  private load(addr: number): void {
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

  private set(): void {
    const p = this.page[this.base + this.pos]!;
    this.doc = p >>> 8;
    this.tf = p & 255;
  }

  nextDoc(): number {
    if (this.doc === END) return END;
    if (++this.pos < this.count) this.set();
    else if (this.next !== NONE) this.load(this.next);
    else this.doc = END;
    return this.doc;
  }

  /** Moves to the first posting with doc ≥ target (galloping within a block). */
  advance(target: number): number {
    if (this.doc >= target) return this.doc;
    while (this.page[this.base + this.count - 1]! >>> 8 < target) {
      if (this.next === NONE) {
        this.doc = END;
        return END;
      }
      this.load(this.next);
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

/** The title and body lists of one term or pair, walked together. */
class Clause {
  readonly t: Cursor;
  readonly b: Cursor;
  doc: number;
  constructor(pages: Uint32Array[], titleHead: number, bodyHead: number, readonly df: number) {
    this.t = new Cursor(pages, titleHead);
    this.b = new Cursor(pages, bodyHead);
    this.doc = Math.min(this.t.doc, this.b.doc);
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

/** Every document's title and body as term ids, in order (the forward index), in paged arena. */
class TokenStore {
  pages: Uint32Array[] = [];
  private off = 0;

  /** Stores n ids and returns their address (sequences never span pages). */
  append(ids: Uint32Array, n: number): number {
    this.off = reserve(this.pages, this.off, n);
    const page = this.pages[this.pages.length - 1]!;
    page.set(ids.subarray(0, n), this.off);
    const addr = (this.pages.length - 1) * PAGE + this.off;
    this.off += n;
    return addr;
  }

  bytes(): number {
    return this.pages.reduce((sum, p) => sum + p.byteLength, 0);
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
  pairIdf: Float64Array;
  /** Largest possible phrase bonus (for pruning). */
  maxBonus: number;
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
  private readonly kinds = new Slots<string>();
  private readonly agencies = new Slots<number>();
  private readonly topics = new Slots<number>();
  private readonly genres = new Slots<number>();

  private nextId = 0;
  private live = 0;
  private titleTotal = 0;
  private bodyTotal = 0;
  private readonly autoCompact: boolean;

  constructor(options: SearchEngineOptions = {}) {
    this.autoCompact = options.autoCompact ?? true;
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
    this.fwd[id] = this.tokens.append(this.scratch, tl + bl);
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
      const len = this.titleLen[id]! + this.bodyLen[id]!;
      const a = this.fwd[id]!;
      fwd[remap[id]!] = tokens.append(this.tokens.pages[a >>> PAGE_BITS]!.subarray(a & PAGE_MASK, (a & PAGE_MASK) + len), len);
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
  }

  /** Bytes held in typed arrays (postings arena, forward index, per-document arrays). */
  memory(): EngineMemory {
    const perDoc = [this.kind, this.agency, this.topic, this.genre, this.day, this.validity, this.titleLen, this.bodyLen, this.fwd, this.deleted, this.termTitle, this.termBody].reduce((s, a) => s + a.byteLength, 0);
    return { postings: this.postings.bytes(), forward: this.tokens.bytes(), perDoc };
  }

  /** Ranked matches of a query with total and (when asked) facets over all matches. */
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
    return { total: run.total, hits, facets: run.facets };
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
    return new Clause(p.pages, lt === NONE ? NONE : p.head[lt]!, lb === NONE ? NONE : p.head[lb]!, df);
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
    const pairIdf: number[] = [];
    for (let i = 1; i < bonusTokens.length; i++) {
      const a = idOf(bonusTokens[i - 1]!);
      const b = idOf(bonusTokens[i]!);
      if (a < 0 || b < 0 || a === b) continue;
      pairs.push(a, b);
      pairIdf.push((idf[scoringTokens.indexOf(bonusTokens[i - 1]!)]! + idf[scoringTokens.indexOf(bonusTokens[i]!)]!) / 2);
    }
    const seqTokens = [...q.terms, ...phraseTokens];
    const sequence = seqTokens.length > 0 && seqTokens.every((t) => idOf(t) >= 0) ? Uint32Array.from(seqTokens, idOf) : null;
    const excluded = uniq(q.excluded).map((t) => this.termClause(t));
    const titleSum = idf.reduce((s, x) => s + x, 0);
    const maxBonus = pairIdf.reduce((s, x) => s + x * PAIR_BONUS_TITLE, 0);
    const browse = phraseTokens.length === 0 && q.terms.length === 0 && optionalTerms.length === 0 && !q.docNumberKey && !q.indexNumber;
    return { browse, required, scoring, idf, phrases, impossible, pairs: Uint32Array.from(pairs), pairIdf: Float64Array.from(pairIdf), maxBonus, sequence, titleSum, excluded };
  }

  private exactIds(q: EngineQuery): number[] {
    const ids = new Set<number>();
    if (q.docNumberKey) for (const i of this.byDocNumber.get(q.docNumberKey) ?? []) ids.add(i);
    if (q.indexNumber) for (const i of this.byIndexNumber.get(q.indexNumber) ?? []) ids.add(i);
    return [...ids].filter((i) => !this.deleted[i]).sort((a, b) => a - b);
  }

  /** Ascending ids of documents containing at least `need` of the terms (title or body). */
  private orCandidates(terms: readonly string[], need: number): Int32Array {
    const count = new Uint8Array(this.nextId);
    for (const tok of terms) {
      const c = this.termClause(tok);
      for (let d = c.doc; d !== END; d = c.nextDoc()) count[d]!++;
    }
    let n = 0;
    for (let d = 0; d < this.nextId; d++) if (count[d]! >= need) n++;
    const out = new Int32Array(n);
    n = 0;
    for (let d = 0; d < this.nextId; d++) if (count[d]! >= need) out[n++] = d;
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
   * clause (or every id for an empty query), merged with the exact 文号/索引号 matches.
   */
  private run(q: EngineQuery, plan: Plan, exact: number[], k: number, cands: Int32Array | null): Run {
    const heap = new TopK(k, this.day);
    const facets = q.facets ? new FacetCounter(this.facetSources()) : null;
    const filter = this.filterFn(q.filters);
    const { required, excluded, phrases } = plan;
    let driver: Clause | null = null;
    if (!cands && required.length > 0) driver = required.reduce((m, c) => (c.df < m.df ? c : m));
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
      if (k === 0) continue;
      const boost = isExact ? EXACT_BOOST : 0;
      const base = this.baseScore(d, plan);
      const factor = VALIDITY_FACTOR[this.validity[d]!]!;
      const recency = this.day[d]! * RECENCY_PER_DAY;
      // The phrase bonus scans the document: skip it when even the largest bonus cannot make the top k.
      if (plan.pairs.length > 0 && heap.full() && (base + plan.maxBonus) * factor + recency + boost < heap.worst()) continue;
      const bonus = plan.pairs.length > 0 ? this.pairBonus(d, plan) : 0;
      heap.offer((base + bonus) * factor + recency + boost, d);
    }
    return { total, hits: heap.sorted(), facets: facets?.result() ?? null };
  }

  /** Whether the title or the body of d holds the phrase's term ids adjacently. */
  private hasPhrase(d: number, ph: Uint32Array): boolean {
    const a = this.fwd[d]!;
    const page = this.tokens.pages[a >>> PAGE_BITS]!;
    const o = a & PAGE_MASK;
    const tl = this.titleLen[d]!;
    return seqIndexOf(page, o, o + tl, ph) || seqIndexOf(page, o + tl, o + tl + this.bodyLen[d]!, ph);
  }

  /** Sum over the query's adjacent term pairs found adjacent in the title (≫) or the body. */
  private pairBonus(d: number, plan: Plan): number {
    const a = this.fwd[d]!;
    const page = this.tokens.pages[a >>> PAGE_BITS]!;
    const o = a & PAGE_MASK;
    const tEnd = o + this.titleLen[d]!;
    const bEnd = tEnd + this.bodyLen[d]!;
    const { pairs, pairIdf } = plan;
    let s = 0;
    for (let p = 0; p < pairIdf.length; p++) {
      const x = pairs[2 * p]!;
      const y = pairs[2 * p + 1]!;
      let inTitle = false;
      for (let i = o; i + 1 < tEnd; i++) {
        if (page[i] === x && page[i + 1] === y) {
          inTitle = true;
          break;
        }
      }
      if (inTitle) {
        s += pairIdf[p]! * PAIR_BONUS_TITLE;
        continue;
      }
      for (let i = tEnd; i + 1 < bEnd; i++) {
        if (page[i] === x && page[i + 1] === y) {
          s += pairIdf[p]! * PAIR_BONUS_BODY;
          break;
        }
      }
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

interface Run {
  total: number;
  hits: { id: number; score: number }[];
  facets: Facets | null;
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
  result(): Facets {
    const toMap = <T>(counts: Int32Array, values: readonly T[]): Map<T, number> => {
      const m = new Map<T, number>();
      for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) m.set(values[i]!, counts[i]!);
      return m;
    };
    const year = new Map(this.year);
    for (let i = 0; i < this.yearFast.length; i++) if (this.yearFast[i]! > 0) year.set(YEAR_BASE + i, this.yearFast[i]!);
    const validity = new Map<ValidityCode, number>();
    for (let v = 0; v < 3; v++) if (this.validity[v]! > 0) validity.set(v as ValidityCode, this.validity[v]!);
    return {
      agency: toMap(this.agency, this.s.agencies),
      topic: toMap(this.topic, this.s.topics),
      genre: toMap(this.genre, this.s.genres),
      year,
      validity,
      kind: toMap(this.kind, this.s.kinds),
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

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
