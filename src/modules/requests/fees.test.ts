import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkFeeSchedule, DEFAULT_FEE_SCHEDULE, FeeError, feeBreakdown, feeForApplication, feeForPages, type FeeSchedule } from './fees.js';

describe('按件计收 (per application, cumulative in a calendar month)', () => {
  const CASES: [number, number, string][] = [
    [1, 0, 'first application free'],
    [10, 0, 'last free one'],
    [11, 100, 'first paid band starts'],
    [30, 100, 'end of the 100-yuan band'],
    [31, 200, 'first band of 10 at 200'],
    [35, 200, 'worked example: the 35th application = 200 yuan'],
    [40, 200, 'end of 31–40'],
    [41, 300, '41–50 at 300'],
    [50, 300, 'end of 41–50'],
    [51, 400, '51–60 at 400'],
    [101, 900, '101–110: 200 + 7 × 100'],
  ];
  for (const [n, fee, why] of CASES) {
    it(`application no. ${n} this month costs ${fee} yuan (${why})`, () => {
      assert.equal(feeForApplication(n), fee);
    });
  }

  it('splits several applications charged together across bands', () => {
    const b = feeBreakdown({ method: 'per-application', nthThisMonth: 9, count: 24 });

    assert.deepEqual(
      b.lines.map((l) => [l.from, l.to, l.count, l.price, l.amount]),
      [
        [1, 10, 2, 0, 0],
        [11, 30, 20, 100, 2000],
        [31, 40, 2, 200, 400],
      ],
    );
    assert.equal(b.total, 2400);
    assert.equal(b.lines[2]?.text, '第31—40件：2件 × 200元 = 400元');
    assert.equal(b.lines[0]?.text, '第1—10件：2件，免费');
  });
});

describe('按量计收 (per volume, pages of one application)', () => {
  const CASES: [number, number, string][] = [
    [1, 0, 'one page free'],
    [30, 0, 'last free page'],
    [31, 10, 'first paid page'],
    [100, 700, '70 × 10'],
    [101, 720, '700 + 1 × 20'],
    [150, 1700, 'worked example: 70 × 10 + 50 × 20'],
    [200, 2700, '700 + 100 × 20'],
    [201, 2740, '2700 + 1 × 40'],
    [250, 4700, '2700 + 50 × 40'],
  ];
  for (const [pages, fee, why] of CASES) {
    it(`${pages} pages cost ${fee} yuan (${why})`, () => {
      assert.equal(feeForPages(pages), fee);
    });
  }

  it('breaks 150 pages into the bands of the 收费通知', () => {
    const b = feeBreakdown({ method: 'per-volume', pages: 150 });

    assert.deepEqual(
      b.lines.map((l) => l.text),
      ['第1—30页：30页，免费', '第31—100页：70页 × 10元 = 700元', '第101—200页：50页 × 20元 = 1000元'],
    );
    assert.equal(b.total, 1700);
  });

  it('names the open top band', () => {
    assert.equal(feeBreakdown({ method: 'per-volume', pages: 201 }).lines.at(-1)?.text, '第201页及以上：1页 × 40元 = 40元');
  });
});

describe('validation', () => {
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses ${bad} with a Chinese message`, () => {
      assert.throws(() => feeForApplication(bad), (e: unknown) => e instanceof FeeError && e.code === 'INVALID_QUANTITY' && /本月累计申请件数应为不小于1的整数/.test(e.message));
      assert.throws(() => feeForPages(bad), (e: unknown) => e instanceof FeeError && /页数应为不小于1的整数/.test(e.message));
    });
  }

  it('refuses a bad count of applications charged together', () => {
    assert.throws(() => feeBreakdown({ method: 'per-application', nthThisMonth: 3, count: 0 }), /计费件数/);
  });

  it('accepts the default schedule and explains a broken one', () => {
    assert.deepEqual(checkFeeSchedule(DEFAULT_FEE_SCHEDULE), []);
    const broken: FeeSchedule = { perApplication: { tiers: [{ upTo: 10, price: 0 }, { upTo: 5, price: 100 }], beyond: null }, perVolume: { tiers: [{ upTo: null, price: -1 }], beyond: { bandSize: 10, firstPrice: 1, step: 1 } } };
    const errors = checkFeeSchedule(broken);
    assert.ok(errors.some((e) => /按件计收：第2档的上限/.test(e)));
    assert.ok(errors.some((e) => /按件计收：最后一档应不设上限/.test(e)));
    assert.ok(errors.some((e) => /按量计收：第1档的单价不能为负数/.test(e)));
    assert.throws(() => feeForPages(5, broken), (e: unknown) => e instanceof FeeError && e.code === 'INVALID_SCHEDULE');
  });
});

describe('a local schedule', () => {
  it('uses configured tiers instead of the national ones', () => {
    const local: FeeSchedule = {
      perApplication: { tiers: [{ upTo: 20, price: 0 }], beyond: { bandSize: 5, firstPrice: 50, step: 50 } },
      perVolume: { tiers: [{ upTo: 50, price: 0 }, { upTo: null, price: 5 }], beyond: null },
    };

    assert.equal(feeForApplication(20, local), 0);
    assert.equal(feeForApplication(21, local), 50);
    assert.equal(feeForApplication(26, local), 100);
    assert.equal(feeForPages(60, local), 50);
  });
});

describe('properties', () => {
  it('is free below the thresholds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), (n) => feeForApplication(n) === 0));
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), (p) => feeForPages(p) === 0));
  });

  it('never decreases as applications or pages grow', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), (n) => feeForApplication(n + 1) >= feeForApplication(n)));
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), (p, d) => feeForPages(p + d) > feeForPages(p) || p + d <= 30));
  });

  it('charges each extra page the price of its own band (super-progressive)', () => {
    const price = (page: number) => (page <= 30 ? 0 : page <= 100 ? 10 : page <= 200 ? 20 : 40);
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (p) => feeForPages(p + 1) - feeForPages(p) === price(p + 1)));
  });

  it('prices the n-th application by its band of 10 beyond 30', () => {
    fc.assert(fc.property(fc.integer({ min: 31, max: 10_000 }), (n) => feeForApplication(n) === 200 + Math.floor((n - 31) / 10) * 100));
  });

  it('adds up: a breakdown totals its lines and equals charging one by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 60 }), (n, count) => {
        const b = feeBreakdown({ method: 'per-application', nthThisMonth: n, count });
        let oneByOne = 0;
        for (let i = n; i < n + count; i++) oneByOne += feeForApplication(i);
        return b.total === oneByOne && b.lines.reduce((s, l) => s + l.count, 0) === count;
      }),
    );
  });
});
