import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { makeCreditCode } from '#platform/ids.js';
import { counterPeriod, DEFAULT_INDEX_TEMPLATE, renderIndexNumber, templateProblem } from './index-number.js';

const code = makeCreditCode('11990100', '00001434');
const input = { creditCode: code, slug: 'sz-jyj', date: '2026-03-05', serial: 222 };

describe('索引号 templates', () => {
  it('renders the default form orgCode/YYYY-NNNNN', () => {
    assert.equal(renderIndexNumber(DEFAULT_INDEX_TEMPLATE, input), `${code.slice(8, 17)}/2026-00222`);
  });

  const forms: [string, string][] = [
    ['{creditCode}/{year}-{serial:5}', `${code}/2026-00222`],
    ['{creditCode}/{year}{month}-{serial:5}', `${code}/202603-00222`],
    ['{slug}/{year}-{serial:4}', 'sz-jyj/2026-0222'],
    ['GK-{year}-{serial:3}', 'GK-2026-222'],
  ];
  for (const [template, expected] of forms) it(`renders ${template}`, () => assert.equal(renderIndexNumber(template, input), expected));

  it('restarts serials by year, by month, or never, as the template says', () => {
    assert.equal(counterPeriod(DEFAULT_INDEX_TEMPLATE, '2026-03-05'), '2026');
    assert.equal(counterPeriod('{creditCode}/{year}{month}-{serial:5}', '2026-03-05'), '2026-03');
    assert.equal(counterPeriod('{slug}-{serial:6}', '2026-03-05'), 'all');
  });

  it('refuses unusable templates with Chinese messages', () => {
    for (const bad of ['', '{orgCode}/{year}', '{serial}{serial}', '{orgcode}/{serial:5}', '{slug} {serial:5}', '{month}-{serial:3}', '{serial:0}', 'x'.repeat(81)]) {
      assert.match(templateProblem(bad) ?? 'accepted', /[\u4e00-\u9fff]/, JSON.stringify(bad));
    }
    assert.equal(templateProblem(DEFAULT_INDEX_TEMPLATE), null);
  });

  it('needs a credit code for {orgCode} and refuses a serial that outgrows its width', () => {
    assert.throws(() => renderIndexNumber(DEFAULT_INDEX_TEMPLATE, { ...input, creditCode: null }), /统一社会信用代码/);
    assert.throws(() => renderIndexNumber('{slug}-{serial:2}', { ...input, serial: 100 }), /超过 2 位/);
  });

  it('gives distinct numbers for distinct serials of a period', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { minLength: 2, maxLength: 50 }), (serials) => {
        const numbers = serials.map((serial) => renderIndexNumber(DEFAULT_INDEX_TEMPLATE, { ...input, serial }));
        assert.equal(new Set(numbers).size, serials.length);
      }),
    );
  });
});
