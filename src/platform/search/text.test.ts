import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createAnalyzer,
  findDocNumbers,
  GOV_TERMS_FILE,
  looksLikeIndexNumber,
  MAX_QUERY_TERMS,
  normalizeDocNumber,
  normalizeText,
  parseQuery,
} from './text.js';

const analyzer = createAnalyzer({ extraWords: ['示范测试词语'] });
const PUNCT_ONLY = /^[^\p{L}\p{N}]*$/u;

describe('normalizeText', () => {
  it('folds Traditional to Simplified, full width, case and look-alike punctuation', () => {
    assert.equal(normalizeText('政務公開'), '政务公开');
    assert.equal(normalizeText('ＡＢＣ１２３'), 'abc123');
    assert.equal(normalizeText('「依申請公開」—國發〔2017〕'), '"依申请公开"-国发[2017]');
  });

  it('leaves Simplified text alone (破坏 is not turned into 破坯)', () => {
    const s = '破坏生态环境的依法追究责任。著作权法第一条';
    assert.equal(normalizeText(s), s);
  });
});

describe('tokens', () => {
  it('gives the same tokens for Traditional and Simplified, full and half width', () => {
    assert.deepEqual(analyzer.tokens('政務公開'), analyzer.tokens('政务公开'));
    assert.deepEqual(analyzer.tokens('中華人民共和國政府信息公開條例'), analyzer.tokens('中华人民共和国政府信息公开条例'));
    assert.deepEqual(analyzer.tokens('ＡＢＣ１２３'), analyzer.tokens('abc123'));
  });

  const whole = ['政府信息公开', '依申请公开', '行政许可', '统一社会信用代码', '最低生活保障', '政府信息公开指南', '示范测试词语'];
  for (const term of whole) {
    it(`keeps ${term} whole as a compound, with its pieces in the phrase sequence`, () => {
      const { phrase, compounds } = analyzer.analyze(`本机关的${term}工作`);

      assert.ok(compounds.includes(term), `${term}: ${compounds.join('|')}`);
      assert.equal(phrase.join(''), `本机关的${term}工作`);
      assert.ok(phrase.every((t) => !/^\p{Script=Han}{3,}$/u.test(t)));
    });
  }

  it('is the phrase sequence followed by the compounds', () => {
    const { phrase, compounds } = analyzer.analyze('中华人民共和国政府信息公开条例');

    assert.deepEqual(analyzer.tokens('中华人民共和国政府信息公开条例'), [...phrase, ...compounds]);
    assert.deepEqual(analyzer.phraseTokens('中华人民共和国政府信息公开条例'), phrase);
  });

  it('lets a query for part of a term match it as adjacent phrase tokens', () => {
    const doc = analyzer.phraseTokens('关于做好政府信息公开工作的通知');
    const query = analyzer.phraseTokens('信息公开');
    const at = doc.indexOf(query[0]!);

    assert.ok(at >= 0);
    assert.deepEqual(doc.slice(at, at + query.length), query);
  });

  it('keeps ASCII words and numbers, lower-cased, and drops punctuation (3.5 gives 3 and 5)', () => {
    assert.deepEqual(analyzer.tokens('Hello, WORLD! 3.5亿元（2026）'), ['hello', 'world', '3', '5', '亿元', '2026']);
  });

  it('gives every 文号 form the same tokens', () => {
    const forms = ['国发〔2017〕2号', '国发[2017]2号', '国发(2017)2号', '国发（2017）2号', '国发【2017】2号', '国发2017年2号', '国发〔2017〕第2号'];
    for (const f of forms) assert.deepEqual(analyzer.tokens(f), analyzer.tokens(forms[0]!), f);
  });

  it('never yields whitespace or punctuation-only tokens (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        for (const t of analyzer.tokens(s)) {
          assert.ok(t.length > 0 && !/\s/u.test(t) && !PUNCT_ONLY.test(t), JSON.stringify(t));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('文号', () => {
  const forms = ['国发〔2017〕2号', '国发[2017]2号', '国发(2017)2号', '国发（2017）2号', '国发【2017】2号', '国发2017年2号', '国发〔2017〕第2号', '国发2017年第2号', '国发〔2017〕02号', ' 国发 〔 2017 〕 2 号 ', '國發〔2017〕2號'];
  for (const f of forms) it(`${f} → 国发〔2017〕2号`, () => assert.equal(normalizeDocNumber(f), '国发〔2017〕2号'));

  it('reads order numbers with or without 中华人民共和国 and in Chinese numerals', () => {
    for (const f of ['国务院令第711号', '中华人民共和国国务院令第711号', '国务院令第七百一十一号']) assert.equal(normalizeDocNumber(f), '国务院令第711号', f);
  });

  for (const f of ['', '政府信息公开', '2017年2号', '〔2017〕2号', '国发2017年2', '国发〔17〕2号', '第2号', 'abc', '11990100X/2026-00012']) {
    it(`${JSON.stringify(f)} is not a 文号`, () => assert.equal(normalizeDocNumber(f), null));
  }

  it('finds the 文号 of a text, without the words before them', () => {
    const text = '国务院关于印发有关规定的通知国发〔2017〕2号；根据国办函[2020]109号和《中华人民共和国国务院令第711号》';

    assert.deepEqual(findDocNumbers(text), ['国发〔2017〕2号', '国办函〔2020〕109号', '国务院令第711号']);
  });
});

describe('索引号', () => {
  for (const q of ['11990100X/2026-00012', '0142768-8/2022-00185', '113708280043326001/2024-02411', '11341702486344515H/202110-00013', 'sz-jyj/2026-0222', 'GK-2026-222', '１１９９０１００Ｘ／２０２６－００００１']) {
    it(`${q} is an index number`, () => assert.equal(looksLikeIndexNumber(q), true));
  }
  for (const q of ['2026-03-05', '010-2017-1234', '政府信息公开', '国发〔2017〕2号', '2026', 'abc/def-1']) {
    it(`${q} is not`, () => assert.equal(looksLikeIndexNumber(q), false));
  }
});

describe('parseQuery', () => {
  it('separates terms, quoted phrases and exclusions', () => {
    const q = parseQuery('最低生活保障 “政府信息公开” 「依申请公开」 "行政 许可" -教育 －收费', analyzer);

    assert.deepEqual(q.terms, ['最低', '生活', '保障']);
    assert.deepEqual(q.phrases, [analyzer.phraseTokens('政府信息公开'), analyzer.phraseTokens('依申请公开'), ['行政', '许可']]);
    assert.deepEqual(q.excluded, ['教育', '收费']);
    assert.equal(q.docNumberKey, null);
    assert.equal(q.indexNumber, null);
  });

  it('keeps a multi-token exclusion as a phrase and only its whole compound as a token', () => {
    const q = parseQuery('公开 -政府信息公开 -信息公开', analyzer);

    assert.deepEqual(q.excludedPhrases, [analyzer.phraseTokens('政府信息公开'), analyzer.phraseTokens('信息公开')]);
    assert.ok(q.excluded.includes('政府信息公开'));
    assert.ok(!q.excluded.includes('信息') && !q.excluded.includes('公开'));
  });

  it('does not take a hyphen inside a word for an exclusion', () => {
    const q = parseQuery('covid-19 防控', analyzer);

    assert.deepEqual(q.excluded, []);
    assert.ok(q.terms.includes('covid') && q.terms.includes('19'));
  });

  it('detects a 文号 in any bracket form and in Traditional', () => {
    for (const s of ['国发〔2017〕2号', '国发(2017)2号 解读', '國發2017年2號']) assert.equal(parseQuery(s, analyzer).docNumberKey, '国发〔2017〕2号', s);
  });

  it('detects an index number as typed', () => {
    assert.equal(parseQuery(' 11990100X/2026-00012 ', analyzer).indexNumber, '11990100X/2026-00012');
  });

  it('normalises the query text', () => {
    assert.equal(parseQuery('  政務　公開  ＡＢＣ ', analyzer).normalized, '政务 公开 abc');
  });

  it('truncates long queries and caps the number of terms', () => {
    const q = parseQuery(Array.from({ length: 100 }, (_, i) => `词${i}`).join(' '), analyzer);

    assert.ok(Array.from(q.normalized).length <= 200);
    assert.ok(q.terms.length <= MAX_QUERY_TERMS);
    assert.ok(parseQuery(`"${'政府 '.repeat(60)}"`, analyzer).phrases.flat().length <= MAX_QUERY_TERMS);
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const q = parseQuery(s, analyzer);
        assert.ok(q.terms.length <= MAX_QUERY_TERMS && q.excluded.length <= MAX_QUERY_TERMS);
        for (const t of [...q.terms, ...q.excluded, ...q.phrases.flat()]) assert.ok(!/\s/u.test(t) && !PUNCT_ONLY.test(t));
      }),
      { numRuns: 300 },
    );
    for (const s of ['"', '-', '--', '- -', '""', '"-"', '－', '“', '」', '\u0000', '\ud800']) parseQuery(s, analyzer);
  });
});

describe('gov-terms.txt', () => {
  it('has at least 2,000 terms in jieba user-dict format', () => {
    const lines = fs
      .readFileSync(GOV_TERMS_FILE, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('#'));

    assert.ok(lines.length >= 2000, `${lines.length} terms`);
    for (const l of lines) assert.match(l, /^\p{Script=Han}{3,16} \d+ n$/u);
  });
});
