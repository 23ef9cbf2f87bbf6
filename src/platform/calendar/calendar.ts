/**
 * The working-day calendar (工作日): official holidays and 调休 working days by State Council
 * notice, plus local changes kept by the coordinator. A pure module: dates are civil dates
 * written `YYYY-MM-DD`, with no time zone. A year for which no notice is known is unknown, and any
 * question about it fails loudly instead of pretending that year has only plain weekdays.
 */

/** One listed day: a day off (放假) or an adjusted working day (调休上班). */
export interface CalendarDay {
  date: string;
  isOffDay: boolean;
  name: string;
}

/** One year's notice: the year it covers and the days it lists (which may spill into adjacent years). */
export interface YearNotice {
  year: number;
  days: readonly CalendarDay[];
}

/** Why a date could not be answered. */
export class UnknownCalendarYear extends Error {
  constructor(readonly year: number) {
    super(`${year} 年的节假日安排尚未录入，无法计算工作日。请由政务公开主管部门在工作日历中录入当年国务院节假日安排。`);
    this.name = 'UnknownCalendarYear';
  }
}

/** Thrown for a string that is not a real calendar date. */
export class InvalidDate extends Error {
  constructor(readonly input: string) {
    super(`日期“${input}”无效，应为 YYYY-MM-DD 格式的真实日期。`);
    this.name = 'InvalidDate';
  }
}

const DAY_MS = 86_400_000;

/** Parses `YYYY-MM-DD` into a day number (days since 1970-01-01), refusing impossible dates. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new InvalidDate(date);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new InvalidDate(date);
  return t / DAY_MS;
}

/** The `YYYY-MM-DD` of a day number. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** True for a real `YYYY-MM-DD` date. */
export function isValidDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** Why a day is or is not a working day. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted-workday';

/** A question answered about one day. */
export interface DayInfo {
  date: string;
  kind: DayKind;
  isWorkday: boolean;
  name?: string | undefined;
}

/** The answer to "N working days after D", with the days skipped on the way (for explanations). */
export interface AddResult {
  date: string;
  counted: number;
  skipped: DayInfo[];
  adjustedWorkdays: DayInfo[];
}

/** A calendar built from notices and local changes; every question is answered from memory. */
export interface WorkingCalendar {
  /** Years with a known holiday arrangement. */
  readonly knownYears: readonly number[];
  info(date: string): DayInfo;
  isWorkday(date: string): boolean;
  /**
   * The date `n` working days after `date`, the given day not counted (n >= 0; n = 0 gives the
   * date itself). Fails with UnknownCalendarYear when the count reaches a year with no notice.
   */
  addWorkdays(date: string, n: number): AddResult;
  /** Working days in (from, to]: after `from`, up to and including `to`. */
  workdaysBetween(from: string, to: string): number;
}

/**
 * Builds a calendar. `notices` are the State Council arrangements by year; `overrides` are local
 * changes (a local holiday, a corrected day), which win over the notices; `extraKnownYears`
 * marks years as known even without listed days.
 */
export function createCalendar(notices: readonly YearNotice[], overrides: readonly CalendarDay[] = [], extraKnownYears: readonly number[] = []): WorkingCalendar {
  const listed = new Map<string, CalendarDay>();
  const known = new Set<number>(extraKnownYears);
  for (const n of notices) {
    if (n.days.length > 0) known.add(n.year);
    for (const d of n.days) listed.set(d.date, d);
  }
  for (const d of overrides) {
    dayNumber(d.date);
    listed.set(d.date, d);
  }
  const yearOf = (date: string) => Number(date.slice(0, 4));

  function info(date: string): DayInfo {
    const day = dayNumber(date);
    const l = listed.get(date);
    if (l) return { date, kind: l.isOffDay ? 'holiday' : 'adjusted-workday', isWorkday: !l.isOffDay, name: l.name };
    // Days listed in a neighbouring year's notice (元旦 across New Year) are answered above.
    if (!known.has(yearOf(date))) throw new UnknownCalendarYear(yearOf(date));
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    return { date, kind: weekend ? 'weekend' : 'workday', isWorkday: !weekend };
  }

  return {
    knownYears: [...known].sort((a, b) => a - b),
    info,
    isWorkday: (date) => info(date).isWorkday,
    addWorkdays(date, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError('工作日数应为非负整数。');
      let day = dayNumber(date);
      const skipped: DayInfo[] = [];
      const adjustedWorkdays: DayInfo[] = [];
      let counted = 0;
      while (counted < n) {
        day++;
        const d = info(dateOf(day));
        if (d.isWorkday) {
          counted++;
          if (d.kind === 'adjusted-workday') adjustedWorkdays.push(d);
        } else skipped.push(d);
      }
      return { date: dateOf(day), counted, skipped, adjustedWorkdays };
    },
    workdaysBetween(from, to) {
      const a = dayNumber(from);
      const b = dayNumber(to);
      let count = 0;
      for (let d = a + 1; d <= b; d++) if (info(dateOf(d)).isWorkday) count++;
      if (b < a) throw new RangeError('截止日期早于起始日期。');
      return count;
    },
  };
}
