import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SearchEngine, yearOfDay } from './engine.js';
import type { EngineQuery, IndexDoc, SearchFilters, ValidityCode } from './types.js';

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
