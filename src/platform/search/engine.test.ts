import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { overlapping, SearchEngine, yearOfDay } from './engine.js';
import type { EngineQuery, EngineResult, IndexDoc, SearchFilters, ValidityCode } from './types.js';

const DAY_2020 = Date.UTC(2020, 0, 1) / 86_400_000;

function doc(key: string, title: string, body = '', extra: Partial<IndexDoc> = {}): IndexDoc {
  return {
    key,
    kind: 'item',
    title: title.split(' ').filter(Boolean),
    body: body.split(' ').filter(Boolean),
    docNumberKey: null,
    indexNumber: null,
    agencyId: 1,
    topicId: 1,
    genreId: 1,
    day: DAY_2020,
    validity: 0,
    ...extra,
  };
}

function query(terms: string, extra: Partial<EngineQuery> = {}): EngineQuery {
  return { terms: terms.split(' ').filter(Boolean), phrases: [], excluded: [], docNumberKey: null, indexNumber: null, filters: {}, limit: 50, offset: 0, facets: false, ...extra };
}

function engineWith(...docs: IndexDoc[]): SearchEngine {
  const e = new SearchEngine();
  for (const d of docs) e.add(d);
  return e;
}

const keys = (e: SearchEngine, q: EngineQuery): string[] => e.search(q).hits.map((h) => h.key);

describe('SearchEngine matching', () => {
  it('requires every term, in title or body', () => {
    const e = engineWith(doc('a', '政府 信息', '公开'), doc('b', '政府', '通知'), doc('c', '公开 条例', '政府 通知'));

    const r = e.search(query('政府 信息 公开'));

    assert.deepEqual(new Set(r.hits.map((h) => h.key)), new Set(['a']));
    assert.equal(r.total, 1);
  });

  it('ranks a title occurrence above a body occurrence', () => {
    const e = engineWith(doc('body', '工作 通知', '预算 预算 预算'), doc('title', '预算 报告', '工作'));

    assert.deepEqual(keys(e, query('预算')), ['title', 'body']);
  });

  it('ranks adjacent terms above the same terms scattered', () => {
    const e = engineWith(doc('scattered', '通知', '信息 关于 工作 的 公开 安排'), doc('adjacent', '通知', '关于 工作 的 信息 公开 安排'));

    assert.deepEqual(keys(e, query('信息 公开')), ['adjacent', 'scattered']);
  });

  it('gives no pair bonus to query tokens that are sub-words of one word (they share text)', () => {
    // A search-mode tokenizer emits 第三 三十 第三十 for 第三十: the sub-words are adjacent wherever the
    // word is, so adjacency adds nothing; only the term scores count. Without the rule 'sub' would
    // win on its two adjacent pairs.
    const e = engineWith(doc('sub', '通知', '第三 三十 第三十 条'), doc('terms', '通知', '第三十 第三 其他 三十'));
    const r = e.search(query('第三 三十 第三十'));
    assert.equal(r.hits.length, 2);
    assert.equal(r.hits[0]!.score, r.hits[1]!.score);
    // Tokens that share no text keep their bonus.
    const f = engineWith(doc('apart', '通知', '条 其他 第三十'), doc('adjacent', '通知', '第三十 条 其他'));
    assert.deepEqual(keys(f, query('第三十 条')), ['adjacent', 'apart']);
    assert.equal(overlapping('第三', '三十'), true);
    assert.equal(overlapping('三十', '第三十'), true);
    assert.equal(overlapping('十一', '一条'), true);
    assert.equal(overlapping('政府', '管理'), false);
    assert.equal(overlapping('信息', '公开'), false);
  });

  it('matches a quoted phrase only as adjacent tokens, in title or body', () => {
    const e = engineWith(doc('body', '通知', '政府 信息 公开 工作'), doc('title', '政府 信息 公开', ''), doc('apart', '信息 通知', '政府 的 公开'), doc('split', '政府', '信息 公开'));

    const r = e.search(query('', { phrases: [['政府', '信息', '公开']] }));

    assert.deepEqual(new Set(r.hits.map((h) => h.key)), new Set(['body', 'title']));
    assert.equal(keys(e, query('', { phrases: [['政府', '信息', '公开']] }))[0], 'title');
  });

  it('excludes documents with an excluded term anywhere', () => {
    const e = engineWith(doc('a', '预算 公开'), doc('b', '预算', '决算'), doc('c', '决算 预算'));

    assert.deepEqual(keys(e, query('预算', { excluded: ['决算'] })), ['a']);
  });

  it('applies every filter', () => {
    const base = { agencyId: 1, topicId: 1, genreId: 1, day: DAY_2020, validity: 0 as ValidityCode, kind: 'item' };
    const variants: [string, Partial<IndexDoc>][] = [
      ['agency', { agencyId: 2 }],
      ['topic', { topicId: 2 }],
      ['genre', { genreId: 2 }],
      ['day', { day: DAY_2020 - 400 }],
      ['validity', { validity: 2 }],
      ['kind', { kind: 'guide' }],
    ];
    const e = engineWith(doc('base', '规划', '', base), ...variants.map(([k, v]) => doc(k, '规划', '', { ...base, ...v })));
    const filters: [string, SearchFilters][] = [
      ['agency', { agencyIds: [2] }],
      ['topic', { topicIds: [2] }],
      ['genre', { genreIds: [2] }],
      ['day', { dayFrom: DAY_2020 - 500, dayTo: DAY_2020 - 1 }],
      ['validity', { validity: [2] }],
      ['kind', { kinds: ['guide'] }],
    ];

    for (const [k, f] of filters) assert.deepEqual(keys(e, query('规划', { filters: f })), [k], k);
    assert.equal(e.search(query('规划', { filters: { agencyIds: [99] } })).total, 0);
    assert.equal(e.search(query('规划', { filters: { agencyIds: [1], topicIds: [1], genreIds: [1], validity: [0], kinds: ['item'], dayFrom: DAY_2020, dayTo: DAY_2020 } })).total, 1);
  });

  it('puts the exact 文号 and 索引号 first, then the AND matches of the terms', () => {
    const e = engineWith(
      doc('mentions', '国办发 2017 号 解读', '国办发 2017 号'),
      doc('regulation', '条例', '正文', { docNumberKey: '国办发〔2017〕12号' }),
      doc('indexed', '目录', '正文', { indexNumber: '000014349/2017-00012' }),
    );

    assert.deepEqual(keys(e, query('国办发 2017 号', { docNumberKey: '国办发〔2017〕12号' })), ['regulation', 'mentions']);
    assert.deepEqual(keys(e, query('', { indexNumber: '000014349/2017-00012' })), ['indexed']);
    assert.deepEqual(keys(e, query('', { docNumberKey: '没有〔2000〕1号' })), []);
  });

  it('falls back to at least half of the terms when all of them match nothing', () => {
    const e = engineWith(doc('reg', '政府 信息 公开 条例'), doc('other', '政府 采购'), doc('none', '交通'));

    const r = e.search(query('政府 信息 工开 条例'));

    assert.deepEqual(r.hits.map((h) => h.key), ['reg']);
    assert.equal(e.search(query('交通 工开')).total, 1, 'one of two terms is half');
    assert.equal(e.search(query('工开 条列 信患')).total, 0);
  });

  it('browses every document by filters when the query is empty', () => {
    const e = engineWith(doc('a', '一'), doc('b', '二', '', { agencyId: 2 }));

    assert.equal(e.search(query('')).total, 2);
    assert.deepEqual(keys(e, query('', { filters: { agencyIds: [2] } })), ['b']);
  });
});

describe('SearchEngine ranking', () => {
  it('ranks in force above expired above repealed for equal text', () => {
    const e = engineWith(doc('repealed', '办法', '', { validity: 2 }), doc('expired', '办法', '', { validity: 1 }), doc('in_force', '办法'));

    assert.deepEqual(keys(e, query('办法')), ['in_force', 'expired', 'repealed']);
  });

  it('breaks ties by recency', () => {
    const e = engineWith(doc('old', '通知', '', { day: DAY_2020 - 900 }), doc('new', '通知', '', { day: DAY_2020 }), doc('mid', '通知', '', { day: DAY_2020 - 10 }));

    assert.deepEqual(keys(e, query('通知')), ['new', 'mid', 'old']);
  });

  it('gives a title made of exactly the query tokens the bonus', () => {
    const e = engineWith(doc('longer', '中华人民共和国 政府 信息 公开 条例', '政府 信息 公开 条例'), doc('exact', '政府 信息 公开 条例'));

    assert.equal(keys(e, query('政府 信息 公开 条例'))[0], 'exact');
  });

  it('pages stably with offset and limit', () => {
    const e = engineWith(...Array.from({ length: 30 }, (_, i) => doc(`d${i}`, '公告', i % 3 === 0 ? '公告' : '', { day: DAY_2020 + (i % 5) })));

    const all = keys(e, query('公告', { limit: 30 }));
    const pages = [0, 7, 14, 21, 28].flatMap((offset) => keys(e, query('公告', { offset, limit: 7 })));

    assert.equal(all.length, 30);
    assert.deepEqual(pages, all);
  });
});

describe('SearchEngine updates', () => {
  it('replaces a document with the same key and forgets removed ones', () => {
    const e = engineWith(doc('a', '旧 标题'), doc('b', '旧 文件'));

    e.add(doc('a', '新 标题'));

    assert.deepEqual(keys(e, query('旧')), ['b']);
    assert.deepEqual(keys(e, query('新')), ['a']);
    assert.equal(e.size, 2);
    assert.equal(e.remove('b'), true);
    assert.equal(e.remove('b'), false);
    assert.equal(e.has('b'), false);
    assert.equal(e.size, 1);
    assert.deepEqual(keys(e, query('旧')), []);
  });

  it('returns the same results after compact()', () => {
    const e = new SearchEngine({ autoCompact: false });
    for (let i = 0; i < 200; i++) e.add(doc(`d${i}`, `标题 t${i % 7}`, `正文 b${i % 11} 共同`, { day: DAY_2020 + i, agencyId: i % 4 }));
    for (let i = 0; i < 200; i += 3) e.remove(`d${i}`);
    for (let i = 0; i < 200; i += 5) e.add(doc(`d${i}`, `标题 t${i % 3} 替换`, '正文 共同'));
    const queries = [query('共同', { limit: 200, facets: true }), query('标题 t1'), query('替换', { filters: { agencyIds: [0] } }), query('', { phrases: [['正文', '共同']] })];
    // Scores may shift (idf counts deleted postings until compaction); matches and order do not.
    const run = () => queries.map((q) => e.search(q)).map((r) => ({ total: r.total, keys: r.hits.map((h) => h.key), facets: r.facets }));
    const before = run();

    e.compact();

    assert.deepEqual(run(), before);
  });
});

describe('SearchEngine forward index', () => {
  it('finds phrases and adjacent pairs in bodies of any length (16- and 32-bit positions), before and after compact()', () => {
    const e = new SearchEngine({ autoCompact: false });
    const long = (n: number, tail: string[]): string[] => [...Array.from({ length: n }, (_, i) => `w${i % 97}`), ...tail];
    e.add(doc('short', '通知', '甲 乙 丙 甲 甲 丁'));
    e.add(doc('wide', '通知', '', { body: long(70_000, ['甲', '甲', '乙', '丙', '末']) }));
    e.add(doc('narrow', '通知', '', { body: long(65_000, ['丙', '乙', '甲', '末']) }));
    e.add(doc('gone', '通知', '甲 乙 丙'));
    e.remove('gone');
    const phrase = (...ph: string[]): string[] => keys(e, query('', { phrases: [ph] })).sort();
    const check = (): void => {
      assert.deepEqual(phrase('甲', '乙', '丙'), ['short', 'wide']);
      assert.deepEqual(phrase('甲', '甲', '乙'), ['wide']);
      assert.deepEqual(phrase('甲', '甲'), ['short', 'wide']);
      assert.deepEqual(phrase('乙', '甲'), ['narrow']);
      assert.deepEqual(phrase('丙', '末'), ['wide']);
      assert.deepEqual(phrase('w96', 'w0', 'w1'), ['narrow', 'wide']);
      assert.deepEqual(phrase('w1', 'w0'), []);
      assert.deepEqual(phrase('乙', '丁'), []);
      // The pair bonus: 乙 丙 adjacent in 'wide' (and 'short'), apart in 'narrow'.
      const r = e.search(query('乙 丙', { exhaustive: true }));
      const score = new Map(r.hits.map((h) => [h.key, h.score]));
      assert.ok(score.get('wide')! > score.get('narrow')!);
      assert.equal(r.total, 3);
    };
    check();
    e.compact();
    check();
  });
});

describe('SearchEngine facets', () => {
  it('counts all matches by agency, topic, genre, year, validity and kind', () => {
    const docs = Array.from({ length: 40 }, (_, i) => doc(`d${i}`, i % 2 === 0 ? '公开 指南' : '其他', '', { agencyId: i % 3, topicId: i % 4, genreId: i % 5, day: DAY_2020 + i * 20, validity: (i % 3) as ValidityCode, kind: i % 4 === 0 ? 'guide' : 'item' }));
    const e = engineWith(...docs);

    const r = e.search(query('公开', { facets: true, limit: 3 }));

    const matched = docs.filter((d) => d.title.includes('公开'));
    const count = <T>(f: (d: IndexDoc) => T): Map<T, number> => {
      const m = new Map<T, number>();
      for (const d of matched) m.set(f(d), (m.get(f(d)) ?? 0) + 1);
      return m;
    };
    assert.equal(r.total, 20);
    assert.equal(r.hits.length, 3);
    assert.deepEqual(r.facets, {
      agency: count((d) => d.agencyId),
      topic: count((d) => d.topicId),
      genre: count((d) => d.genreId),
      year: count((d) => new Date(d.day * 86_400_000).getUTCFullYear()),
      validity: count((d) => d.validity),
      kind: count((d) => d.kind),
    });
  });

  it('turns day numbers into calendar years', () => {
    assert.equal(yearOfDay(0), 1970);
    assert.equal(yearOfDay(DAY_2020 - 1), 2019);
    assert.equal(yearOfDay(DAY_2020), 2020);
    assert.equal(yearOfDay(Date.UTC(1949, 9, 1) / 86_400_000), 1949);
    assert.equal(yearOfDay(Date.UTC(2150, 0, 1) / 86_400_000), 2150);
  });
});

// ---- property test against a naive reference ----

const VOCAB = ['a', 'b', 'c', 'd', 'e', 'f'];

/** The documented semantics, evaluated document by document. */
function reference(docs: Map<string, IndexDoc>, q: EngineQuery): Set<string> {
  const has = (d: IndexDoc, t: string): boolean => d.title.includes(t) || d.body.includes(t);
  const seq = (xs: string[], ph: readonly string[]): boolean => xs.some((_, i) => ph.every((t, j) => xs[i + j] === t));
  const phrasesOk = (d: IndexDoc): boolean => q.phrases.every((ph) => ph.length === 0 || (ph.length === 1 ? has(d, ph[0]!) : seq(d.title, ph) || seq(d.body, ph)));
  const f = q.filters;
  const passes = (d: IndexDoc): boolean =>
    (!f.agencyIds || f.agencyIds.includes(d.agencyId)) &&
    (!f.topicIds || f.topicIds.includes(d.topicId)) &&
    (!f.genreIds || f.genreIds.includes(d.genreId)) &&
    (!f.kinds || f.kinds.includes(d.kind)) &&
    (!f.validity || f.validity.includes(d.validity)) &&
    (f.dayFrom === undefined || d.day >= f.dayFrom) &&
    (f.dayTo === undefined || d.day <= f.dayTo) &&
    !q.excluded.some((t) => has(d, t));
  const exact = (d: IndexDoc): boolean => (q.docNumberKey !== null && d.docNumberKey === q.docNumberKey) || (q.indexNumber !== null && d.indexNumber === q.indexNumber);
  const hasText = q.terms.length > 0 || q.phrases.some((p) => p.length > 0);
  const matchAnd = (d: IndexDoc): boolean => exact(d) || ((hasText || (!q.docNumberKey && !q.indexNumber)) && q.terms.every((t) => has(d, t)) && phrasesOk(d));
  let out = [...docs.values()].filter((d) => passes(d) && matchAnd(d));
  const distinct = [...new Set(q.terms)];
  if (out.length === 0 && distinct.length >= 2) {
    const need = Math.ceil(distinct.length / 2);
    out = [...docs.values()].filter((d) => passes(d) && (exact(d) || (distinct.filter((t) => has(d, t)).length >= need && phrasesOk(d))));
  }
  return new Set(out.map((d) => d.key));
}

const tokens = (max: number) => fc.array(fc.constantFrom(...VOCAB), { maxLength: max });
const arbDoc = fc.record({
  key: fc.constantFrom('k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'),
  kind: fc.constantFrom('item', 'guide'),
  title: tokens(3),
  body: tokens(6),
  docNumberKey: fc.constantFrom(null, 'N1', 'N2'),
  indexNumber: fc.constantFrom(null, 'I1'),
  agencyId: fc.integer({ min: 1, max: 3 }),
  topicId: fc.integer({ min: 1, max: 2 }),
  genreId: fc.integer({ min: 1, max: 2 }),
  day: fc.integer({ min: DAY_2020, max: DAY_2020 + 800 }),
  validity: fc.constantFrom<ValidityCode>(0, 1, 2),
});
const arbOp = fc.oneof(
  { weight: 6, arbitrary: arbDoc.map((d) => ({ op: 'add' as const, doc: d })) },
  { weight: 2, arbitrary: fc.constantFrom('k0', 'k1', 'k2', 'k3').map((key) => ({ op: 'remove' as const, key })) },
  { weight: 1, arbitrary: fc.constant({ op: 'compact' as const }) },
);
const arbFilters = fc.record(
  {
    agencyIds: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
    topicIds: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 1 }),
    validity: fc.array(fc.constantFrom<ValidityCode>(0, 1, 2), { maxLength: 2 }),
    kinds: fc.array(fc.constantFrom('item', 'guide'), { maxLength: 1 }),
    dayFrom: fc.integer({ min: DAY_2020, max: DAY_2020 + 800 }),
    dayTo: fc.integer({ min: DAY_2020, max: DAY_2020 + 800 }),
  },
  { requiredKeys: [] },
);
const arbQuery = fc.record({
  terms: tokens(4),
  phrases: fc.array(tokens(3), { maxLength: 1 }),
  excluded: tokens(1),
  docNumberKey: fc.constantFrom(null, null, 'N1', 'N3'),
  indexNumber: fc.constantFrom(null, null, null, 'I1'),
  filters: fc.oneof(fc.constant({}), arbFilters),
  limit: fc.constant(100),
  offset: fc.constant(0),
  facets: fc.boolean(),
});

describe('SearchEngine against a naive reference', () => {
  it('agrees on the matched key set and total after random adds, replacements, removals and compactions', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 30 }), fc.array(arbQuery, { minLength: 1, maxLength: 5 }), (ops, queries) => {
        const engine = new SearchEngine();
        const docs = new Map<string, IndexDoc>();
        for (const o of ops) {
          if (o.op === 'add') {
            engine.add(o.doc);
            docs.set(o.doc.key, o.doc);
          } else if (o.op === 'remove') {
            assert.equal(engine.remove(o.key), docs.delete(o.key));
          } else {
            engine.compact();
          }
        }
        assert.equal(engine.size, docs.size);
        for (const q of queries) {
          const r = engine.search(q);
          const expected = reference(docs, q);
          assert.deepEqual(new Set(r.hits.map((h) => h.key)), expected, JSON.stringify(q));
          assert.equal(r.total, expected.size);
          if (r.facets) assert.equal([...r.facets.kind.values()].reduce((s, n) => s + n, 0), expected.size);
        }
      }),
      { numRuns: 250 },
    );
  });
});

describe('SearchEngine on a few thousand documents', () => {
  it('agrees with the reference across multi-block posting lists, before and after compact()', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const vocab = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const word = (): string => vocab[Math.min(rand(40), rand(40))]!; // skewed: low ids are common
    const engine = new SearchEngine({ autoCompact: false });
    const docs = new Map<string, IndexDoc>();
    for (let i = 0; i < 4000; i++) {
      const d = doc(`k${rand(3000)}`, '', '', { agencyId: rand(5), day: DAY_2020 + rand(1000), validity: rand(3) as ValidityCode });
      d.title = Array.from({ length: 1 + rand(4) }, word);
      d.body = Array.from({ length: rand(30) }, word);
      engine.add(d);
      docs.set(d.key, d);
      if (rand(5) === 0) {
        const k = `k${rand(3000)}`;
        assert.equal(engine.remove(k), docs.delete(k));
      }
    }
    const queries = [
      query('w0'),
      query('w0 w1'),
      query('w3 w7 w12'),
      query('w30 w35'),
      query('w1', { phrases: [['w2', 'w3']], excluded: ['w5'] }),
      query('w2 w39 w38 w37'),
      query('w4', { filters: { agencyIds: [2], dayFrom: DAY_2020 + 100, dayTo: DAY_2020 + 600 } }),
    ].map((q) => ({ ...q, limit: 5000 }));
    const check = (): void => {
      for (const q of queries) {
        const r = engine.search(q);
        const expected = reference(docs, q);
        assert.equal(r.total, expected.size, JSON.stringify(q.terms));
        assert.deepEqual(new Set(r.hits.map((h) => h.key)), expected);
      }
    };

    check();
    engine.compact();
    check();
  });
});

// ---- dynamic pruning: the same top k as the exhaustive evaluation ----

/** A seeded generator (LCG), for reproducible random corpora. */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

/** Top k ids, scores and order, total and facets of the pruned and the exhaustive evaluation. */
function comparePruned(e: SearchEngine, q: EngineQuery, label: string): EngineResult {
  const pruned = e.search(q);
  const full = e.search({ ...q, exhaustive: true });
  assert.equal(full.totalIsEstimate, false, label);
  assert.deepEqual(
    pruned.hits.map((h) => [h.key, h.score]),
    full.hits.map((h) => [h.key, h.score]),
    `${label}: ${JSON.stringify({ ...q, filters: q.filters })}`,
  );
  if (!pruned.totalIsEstimate) {
    assert.equal(pruned.total, full.total, label);
    assert.deepEqual(pruned.facets, full.facets, label);
    assert.equal(pruned.facetsAreEstimates, false);
  } else {
    assert.ok(pruned.total >= pruned.hits.length, label);
    assert.equal(pruned.facetsAreEstimates, q.facets, label);
  }
  return pruned;
}

describe('SearchEngine dynamic pruning', () => {
  it('returns the exhaustive top k (ids, scores, order) on random corpora, queries, filters, updates and compactions', () => {
    const vocab = Array.from({ length: 60 }, (_, i) => `w${i}`);
    let pruned = 0;
    let estimated = 0;
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rand = lcg(seed);
      // Skewed: low ids are in most documents, so the lists are long and pruning has work to do.
      const word = (): string => vocab[Math.min(rand(60), rand(60), rand(60))]!;
      // Half without seeding (seedLimit 0), so that every bound is tested on its own; one with too
      // small a seedLimit to seed every document with all the terms in the title.
      const seedLimit = seed > 3 ? 0 : seed === 3 ? 1 + rand(3) : undefined;
      // Odd seeds prune queries of any length (the default leaves 4+ terms without a phrase or filter to the exhaustive pass).
      const e = new SearchEngine({ autoCompact: seed % 2 === 0, exactTotalsUpTo: 0, sampleBudget: 16 + rand(200), ...(seedLimit === undefined ? {} : { seedLimit }), ...(seed % 2 === 1 ? { pruneMaxTerms: Infinity } : {}) });
      const live = new Set<string>();
      const addDocs = (n: number, bodyLen: number, titleLen: number): void => {
        for (let i = 0; i < n; i++) {
          const key = `k${rand(2500)}`;
          const exactish = rand(40) === 0;
          e.add(
            doc(key, '', '', {
              title: Array.from({ length: 1 + rand(titleLen) }, word),
              body: Array.from({ length: rand(bodyLen) }, word),
              agencyId: rand(6),
              topicId: rand(3),
              genreId: rand(3),
              day: DAY_2020 - 3000 + rand(6000),
              validity: (rand(10) < 7 ? 0 : rand(3)) as ValidityCode,
              kind: rand(8) === 0 ? 'guide' : 'item',
              docNumberKey: exactish ? `N${rand(3)}` : null,
              indexNumber: rand(60) === 0 ? 'I1' : null,
            }),
          );
          live.add(key);
          if (rand(6) === 0) {
            const k = `k${rand(2500)}`;
            if (e.remove(k)) live.delete(k);
          }
        }
      };
      const randomQuery = (): EngineQuery => {
        const terms = Array.from({ length: 1 + rand(rand(2) === 0 ? 2 : 5) }, word);
        const filters: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = {};
        if (rand(4) === 0) filters.agencyIds = [rand(6), rand(6)];
        if (rand(5) === 0) filters.validity = [rand(3) as ValidityCode];
        if (rand(5) === 0) {
          filters.dayFrom = DAY_2020 - 3000 + rand(4000);
          filters.dayTo = filters.dayFrom + rand(3000);
        }
        if (rand(8) === 0) filters.kinds = ['guide'];
        return query(terms.join(' '), {
          phrases: rand(5) === 0 ? [[word(), word()]] : [],
          excluded: rand(6) === 0 ? [vocab[20 + rand(40)]!] : [],
          docNumberKey: rand(6) === 0 ? `N${rand(4)}` : null,
          indexNumber: rand(10) === 0 ? 'I1' : null,
          filters,
          limit: [1, 3, 10, 10, 25][rand(5)]!,
          offset: rand(4) === 0 ? rand(20) : 0,
          facets: rand(2) === 0,
        });
      };
      const check = (phase: string): void => {
        for (let i = 0; i < 60; i++) {
          const q = randomQuery();
          const r = comparePruned(e, q, `seed ${seed} ${phase} #${i}`);
          compared++;
          if (r.totalIsEstimate) estimated++;
          if (r.hits.length > 0) pruned++;
        }
      };
      // Bounds are computed lazily and then extended: query between phases whose documents change
      // the average lengths both ways (long bodies, then short ones, then long titles).
      addDocs(1500, 60, 6);
      check('long bodies');
      addDocs(800, 8, 3);
      check('then short bodies');
      addDocs(600, 120, 14);
      check('then long titles and bodies');
      e.compact();
      check('after compact()');
      assert.equal(e.size, live.size);
    }
    assert.ok(compared === 6 * 4 * 60 && pruned > 1000, `pruned top k compared: ${pruned}`);
    assert.ok(estimated > 300, `estimated totals: ${estimated}`);
  });

  it('keeps its score bounds valid when the average length grows without the term being added again', () => {
    const rand = lcg(5);
    const e = new SearchEngine({ exactTotalsUpTo: 0, sampleBudget: 64 });
    // 'x' in 3,000 short bodies (tf 1–3) and in five titles: the top 10 needs body-only documents.
    for (let i = 0; i < 3000; i++) {
      const body = Array.from({ length: 5 + rand(35) }, () => `b${rand(30)}`);
      for (let t = rand(3); t >= 0; t--) body.push('x');
      e.add(doc(`s${i}`, i % 600 === 0 ? '标题 x' : '标题', '', { body, day: DAY_2020 + rand(900) }));
    }
    const q = query('x', { limit: 10 });
    comparePruned(e, q, 'before');
    // Long bodies without 'x': its lists are not scanned again, but every body part of 'x' grows.
    for (let i = 0; i < 3000; i++) e.add(doc(`l${i}`, '标题', '', { body: Array.from({ length: 400 }, () => `c${rand(30)}`) }));
    comparePruned(e, q, 'after');
    comparePruned(e, query('x', { limit: 3 }), 'after, top 3');
  });

  it('does not move its cursors past an exact 文号 match when a candidate lacks a term', () => {
    const e = new SearchEngine({ exactTotalsUpTo: 0 });
    for (let i = 0; i < 50; i++) e.add(doc(`both${i}`, 't', 'a b', { day: DAY_2020 + i }));
    e.add(doc('b-only', 't', 'b'));
    e.add(doc('exact', 't', 'b b', { docNumberKey: 'N' })); // holds b, not a
    for (let i = 0; i < 50; i++) e.add(doc(`c${i}`, 't', 'c'));
    e.add(doc('later', 't', 'a b'));
    for (let i = 0; i < 100; i++) e.add(doc(`a${i}`, 't', 'a'));
    const r = comparePruned(e, query('a b', { docNumberKey: 'N', limit: 5 }), 'exact between');
    assert.equal(r.hits[0]!.key, 'exact');
  });

  it('bounds the pair and exact-title bonuses of lists whose own bound is low (terms only in long titles)', () => {
    // Without seeding, and seeding too few to have seen every title with both terms.
    for (const seedLimit of [0, 2]) boundsBonusesOfLowLists(seedLimit);
  });

  function boundsBonusesOfLowLists(seedLimit: number): void {
    const rand = lcg(9);
    const e = new SearchEngine({ exactTotalsUpTo: 0, seedLimit });
    const filler = (n: number): string[] => Array.from({ length: n }, () => `f${rand(40)}`);
    // 'a b' adjacent in 300 short bodies (first), then only in 20 very long titles (last): a title
    // occurrence weighs little there, so the title lists get the lowest bounds, but the title pair
    // bonus puts those 20 documents first. The body matches found first must not make the title
    // lists non-essential. ('c', in every body and no title, rules out the exact-title bonus.)
    for (let i = 0; i < 300; i++) e.add(doc(`body${i}`, 't', '', { body: [...filler(3), 'a', 'b', ...filler(3), 'c'] }));
    for (let i = 0; i < 3000; i++) e.add(doc(`other${i}`, 't', '', { body: [...filler(20), 'c'] }));
    for (let i = 0; i < 20; i++) e.add(doc(`title${i}`, '', '', { title: [...filler(30), 'a', 'b', ...filler(30)], body: [...filler(20), 'c'] }));
    for (const terms of ['a b', 'a b c']) {
      for (const limit of [1, 10, 25, 40]) {
        const r = comparePruned(e, query(terms, { limit }), `${terms}, limit ${limit}`);
        assert.ok(r.hits.slice(0, Math.min(limit, 20)).every((h) => h.key.startsWith('title')), `${terms}, limit ${limit}`);
      }
    }
    // One short title made of exactly the query: its title lists' bounds jump, and so does its score.
    e.add(doc('exact', 'a b', 'f1 f2'));
    for (const limit of [1, 10]) assert.equal(comparePruned(e, query('a b', { limit }), `exact, limit ${limit}`).hits[0]!.key, 'exact');
  }

  it('ranks exact 文号 matches among themselves with every bonus, the top k full of them', () => {
    const e = new SearchEngine({ exactTotalsUpTo: 0 });
    for (let i = 0; i < 30; i++) e.add(doc(`title${i}`, 'a b 其他', 'a b'));
    // Exact matches with more text than the one whose title is exactly the query, which wins by the bonuses.
    for (let i = 0; i < 4; i++) e.add(doc(`n${i}`, 'a b 其他', 'a b 正文 正文 正文 正文 a 正文 正文 b', { docNumberKey: 'N' }));
    e.add(doc('n-exact-title', 'a b', '正文', { docNumberKey: 'N' }));
    for (let i = 0; i < 30; i++) e.add(doc(`body${i}`, '通知', 'a b'));
    for (let i = 0; i < 3000; i++) e.add(doc(`other${i}`, '通知', '正文'));
    for (const terms of ['a b', 'b a']) {
      const r = comparePruned(e, query(terms, { docNumberKey: 'N', limit: 2 }), `exact docs, ${terms}`);
      if (terms === 'a b') assert.equal(r.hits[0]!.key, 'n-exact-title');
    }
  });

  it('bounds a range of candidates by the blocks of every list that has a document in it (block-max)', () => {
    const e = new SearchEngine({ exactTotalsUpTo: 0, seedLimit: 0, autoCompact: false });
    const long = (n: number, w: string): string[] => Array.from({ length: n }, (_, i) => `${w}${i % 50}`);
    // The k best first (short bodies, q four times), then weak matches (q once in a long body, every
    // 6th also in a long title); the 65th title occurrence, the second block of the compacted title
    // list, is a one-word title: the best document, inside a body block of weak matches.
    for (let i = 0; i < 10; i++) e.add(doc(`top${i}`, 'x', 'q q q q'));
    let titles = 0;
    for (let i = 0; i < 400; i++) {
      const inTitle = i % 6 === 0;
      if (inTitle && ++titles === 65) {
        e.add(doc('best', 'q', '', { body: long(90, 'b') }));
        continue;
      }
      e.add(doc(`weak${i}`, '', '', { title: inTitle ? [...long(30, 't'), 'q'] : ['x'], body: [...long(90, 'b'), 'q'] }));
    }
    for (let i = 0; i < 4000; i++) e.add(doc(`other${i}`, 'x', 'b1 b2')); // q is not everywhere: an idf
    e.compact(); // contiguous lists: score-bound blocks of exactly 64 postings
    for (const limit of [1, 10]) assert.equal(comparePruned(e, query('q', { limit }), `limit ${limit}`).hits[0]!.key, 'best');
  });

  it('keeps total and facets exact up to exactTotalsUpTo postings and estimates them beyond', () => {
    const rand = lcg(11);
    const docs: IndexDoc[] = [];
    for (let i = 0; i < 20_000; i++) {
      const body = Array.from({ length: 20 + rand(30) }, () => `b${rand(50)}`);
      if (rand(4) === 0) body.push('常见');
      if (rand(3) === 0) body.push('其次');
      docs.push(doc(`d${i}`, `标题 t${rand(300)}${rand(10) === 0 ? ' 常见' : ''}`, '', { body, agencyId: rand(8), day: DAY_2020 + rand(3000), validity: (rand(10) === 0 ? 2 : 0) as ValidityCode }));
    }
    const small = new SearchEngine({ exactTotalsUpTo: 1_000_000 });
    const large = new SearchEngine({ exactTotalsUpTo: 2000, sampleBudget: 1000 });
    for (const d of docs) {
      small.add(d);
      large.add(d);
    }
    for (const terms of ['常见', '常见 其次', 'b1 常见', 'b7']) {
      const q = query(terms, { facets: true, limit: 10 });
      const exact = small.search(q);
      assert.equal(exact.totalIsEstimate, false);
      const est = comparePruned(large, q, terms);
      assert.equal(est.totalIsEstimate, true, terms);
      assert.equal(est.facetsAreEstimates, true, terms);
      assert.deepEqual(est.hits, exact.hits, terms);
      // A sample of ≥ 1,000 postings: within 15% (the sampling error here is a few per cent).
      assert.ok(Math.abs(est.total - exact.total) / exact.total < 0.15, `${terms}: ${est.total} vs ${exact.total}`);
      const sum = (m: Map<unknown, number>): number => [...m.values()].reduce((s, n) => s + n, 0);
      assert.ok(Math.abs(sum(est.facets!.agency) - exact.total) / exact.total < 0.15);
      assert.deepEqual(new Set(est.facets!.validity.keys()), new Set(exact.facets!.validity.keys()));
      // Deterministic: the same sample every time.
      assert.deepEqual(large.search(q), est);
    }
    // With filters, totals stay exact 8 times further (here 16,000 postings); beyond, a filter that
    // leaves few matches makes the estimate read more postings.
    const filteredQuery = query('常见', { facets: true, filters: { agencyIds: [3], validity: [0] } });
    const filtered = comparePruned(large, filteredQuery, 'filtered');
    assert.equal(filtered.totalIsEstimate, false);
    assert.equal(filtered.total, small.search(filteredQuery).total);
    const tighter = new SearchEngine({ exactTotalsUpTo: 200, sampleBudget: 500 });
    for (const d of docs) tighter.add(d);
    const estimated = comparePruned(tighter, filteredQuery, 'filtered, estimated');
    assert.equal(estimated.totalIsEstimate, true);
    assert.ok(Math.abs(estimated.total - filtered.total) / filtered.total < 0.3, `${estimated.total} vs ${filtered.total}`);
    // Rare terms stay exact.
    const rare = large.search(query('t7', { facets: true }));
    assert.equal(rare.totalIsEstimate, false);
    assert.equal(rare.total, small.search(query('t7')).total);
  });
});
