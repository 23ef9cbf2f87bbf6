/**
 * 信息处理费 (information processing fee) per 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号),
 * ../shared/domain/ogi-rules.md §1.8: two methods, one per application, both super-progressive
 * (超额累进). Per application (按件计收): the same applicant's applications counted cumulatively in one
 * calendar month. Per volume (按量计收): the pages of one application. The tiers are configuration
 * (`FeeSchedule`) because a local schedule may differ; the defaults are the national ones.
 */

/** The legal source cited in a 收费通知. */
export const FEE_BASIS = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

export type FeeMethod = 'per-application' | 'per-volume';
export const FEE_METHOD_LABELS: Record<FeeMethod, string> = { 'per-application': '按件计收', 'per-volume': '按量计收' };

/** A tier: units up to and including `upTo` (null: no upper bound) cost `price` yuan each. */
export interface FeeTier {
  upTo: number | null;
  price: number;
}

/** Open-ended bands after the last tier: `bandSize` units each, the first at `firstPrice`, each next one `step` yuan dearer. */
export interface EscalatingBands {
  bandSize: number;
  firstPrice: number;
  step: number;
}

/** The tiers of one method, in ascending order; either the last tier is open (`upTo: null`) or `beyond` continues them. */
export interface FeeTable {
  tiers: FeeTier[];
  beyond: EscalatingBands | null;
}

export interface FeeSchedule {
  perApplication: FeeTable;
  perVolume: FeeTable;
}

/** The national schedule: 1–10 free, 11–30 100 yuan, then +100 per band of 10; pages 1–30 free, 31–100 10, 101–200 20, from 201 40 yuan. */
export const DEFAULT_FEE_SCHEDULE: FeeSchedule = {
  perApplication: {
    tiers: [
      { upTo: 10, price: 0 },
      { upTo: 30, price: 100 },
    ],
    beyond: { bandSize: 10, firstPrice: 200, step: 100 },
  },
  perVolume: {
    tiers: [
      { upTo: 30, price: 0 },
      { upTo: 100, price: 10 },
      { upTo: 200, price: 20 },
      { upTo: null, price: 40 },
    ],
    beyond: null,
  },
};

/** Bad input to a fee computation; the message is for people (Chinese). */
export class FeeError extends Error {
  constructor(
    readonly code: 'INVALID_QUANTITY' | 'INVALID_SCHEDULE',
    message: string,
  ) {
    super(message);
    this.name = 'FeeError';
  }
}

/** One band of a fee computation, as printed in a 收费通知. */
export interface FeeLine {
  /** First and last unit of the band (`to` null: open-ended). */
  from: number;
  to: number | null;
  /** Units of this computation falling in the band, the price of each, and their product. */
  count: number;
  price: number;
  amount: number;
  /** E.g. "第31—40件：1件 × 200元 = 200元". */
  text: string;
}

export interface FeeBreakdown {
  method: FeeMethod;
  /** Per application: the first n-th of the month charged and how many; per volume: the pages. */
  first: number;
  count: number;
  lines: FeeLine[];
  total: number;
}

/** What to charge for: the applicant's n-th application(s) this month, or the pages of one application. */
export type FeeQuantity = { method: 'per-application'; nthThisMonth: number; count?: number } | { method: 'per-volume'; pages: number };

/** Why a schedule cannot be used (Chinese messages); empty when it is sound. */
export function checkFeeSchedule(schedule: FeeSchedule): string[] {
  const errors: string[] = [];
  for (const [name, table] of [
    ['按件计收', schedule.perApplication],
    ['按量计收', schedule.perVolume],
  ] as const) {
    if (table.tiers.length === 0) errors.push(`${name}：至少应有一个收费档次。`);
    let prev = 0;
    table.tiers.forEach((t, i) => {
      const last = i === table.tiers.length - 1;
      if (t.upTo === null && !last) errors.push(`${name}：只有最后一档可以不设上限。`);
      if (t.upTo !== null && (!Number.isInteger(t.upTo) || t.upTo <= prev)) errors.push(`${name}：第${i + 1}档的上限应为大于上一档上限的整数。`);
      if (!Number.isFinite(t.price) || t.price < 0) errors.push(`${name}：第${i + 1}档的单价不能为负数。`);
      if (t.upTo !== null) prev = t.upTo;
    });
    const open = table.tiers.at(-1)?.upTo === null;
    if (open && table.beyond) errors.push(`${name}：最后一档不设上限时不能再设递增档次。`);
    if (!open && !table.beyond) errors.push(`${name}：最后一档应不设上限，或设置递增档次。`);
    const b = table.beyond;
    if (b && (!Number.isInteger(b.bandSize) || b.bandSize < 1 || !(b.firstPrice >= 0) || !(b.step >= 0))) errors.push(`${name}：递增档次的件数应为正整数，单价和增幅不能为负数。`);
  }
  return errors;
}

function assertSchedule(schedule: FeeSchedule): void {
  const errors = checkFeeSchedule(schedule);
  if (errors.length > 0) throw new FeeError('INVALID_SCHEDULE', `收费标准配置有误：${errors.join('')}`);
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new FeeError('INVALID_QUANTITY', `${what}应为不小于1的整数（收到：${String(n)}）。`);
}

/** The band (bounds and unit price) holding unit `n` (1-based). */
function bandOf(table: FeeTable, n: number): { from: number; to: number | null; price: number } {
  let from = 1;
  for (const t of table.tiers) {
    if (t.upTo === null || n <= t.upTo) return { from, to: t.upTo, price: t.price };
    from = t.upTo + 1;
  }
  const b = table.beyond!;
  const k = Math.floor((n - from) / b.bandSize);
  return { from: from + k * b.bandSize, to: from + (k + 1) * b.bandSize - 1, price: b.firstPrice + k * b.step };
}

/** Units first..last split into their bands. */
function split(table: FeeTable, first: number, last: number, unit: string): FeeLine[] {
  const lines: FeeLine[] = [];
  for (let n = first; n <= last; ) {
    const band = bandOf(table, n);
    const end = band.to === null ? last : Math.min(band.to, last);
    const count = end - n + 1;
    const amount = count * band.price;
    const range = band.to === null ? `第${band.from}${unit}及以上` : `第${band.from}—${band.to}${unit}`;
    const text = band.price === 0 ? `${range}：${count}${unit}，免费` : `${range}：${count}${unit} × ${band.price}元 = ${amount}元`;
    lines.push({ from: band.from, to: band.to, count, price: band.price, amount, text });
    n = end + 1;
  }
  return lines;
}

/** The fee in yuan for the applicant's `nthThisMonth` application in the current calendar month (按件计收). */
export function feeForApplication(nthThisMonth: number, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  return feeBreakdown({ method: 'per-application', nthThisMonth }, schedule).total;
}

/** The fee in yuan for one application of `pages` pages (按量计收): 150 pages → 70 × 10 + 50 × 20 = 1,700. */
export function feeForPages(pages: number, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  return feeBreakdown({ method: 'per-volume', pages }, schedule).total;
}

/**
 * The fee by band, for the 收费通知. Per application, `count` (default 1) consecutive applications
 * from the n-th are charged together (an application split under 一事一申请 into several).
 */
export function feeBreakdown(q: FeeQuantity, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): FeeBreakdown {
  assertSchedule(schedule);
  if (q.method === 'per-application') {
    const count = q.count ?? 1;
    assertCount(q.nthThisMonth, '本月累计申请件数');
    assertCount(count, '计费件数');
    const lines = split(schedule.perApplication, q.nthThisMonth, q.nthThisMonth + count - 1, '件');
    return { method: q.method, first: q.nthThisMonth, count, lines, total: lines.reduce((s, l) => s + l.amount, 0) };
  }
  assertCount(q.pages, '页数');
  const lines = split(schedule.perVolume, 1, q.pages, '页');
  return { method: q.method, first: 1, count: q.pages, lines, total: lines.reduce((s, l) => s + l.amount, 0) };
}
