import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createCalendar, dateOf, dayNumber, InvalidDate, officialNotices, UnknownCalendarYear } from './index.js';

const cal = createCalendar(officialNotices());

/**
 * N working days after a date (the date itself not counted), across Spring Festival, National Day,
 * 调休 weekends, year ends, the 2015 and 2020 special notices and the 2019-05-15 rule change date.
 * Expected values were computed independently (a separate script over the State Council notices)
 * and the marked ones checked by hand against the notices.
 */
const ADD_CASES: [string, number, string, string][] = [
  ['2024-02-08', 1, '2024-02-09', '春节 2024: the Friday before is a working day'],
  ['2024-02-09', 1, '2024-02-18', '春节 2024: Feb 10–17 off, Sunday Feb 18 is 调休 work (by hand)'],
  ['2024-02-09', 20, '2024-03-14', '春节 2024, a full 20-day reply period'],
  ['2024-02-02', 1, '2024-02-04', 'Sunday Feb 4 2024 is 调休 work (by hand)'],
  ['2024-02-03', 1, '2024-02-04', 'from a Saturday to the 调休 Sunday'],
  ['2024-02-17', 1, '2024-02-18', 'last day of the holiday to the 调休 Sunday'],
  ['2023-01-20', 1, '2023-01-28', '春节 2023: Saturday Jan 28 is 调休 work'],
  ['2023-01-13', 20, '2023-02-15', '春节 2023 inside a 20-day period'],
  ['2025-01-24', 20, '2025-02-27', '春节 2025 inside a 20-day period'],
  ['2025-01-25', 1, '2025-01-26', 'Sunday Jan 26 2025 is 调休 work'],
  ['2026-02-13', 20, '2026-03-19', '春节 2026 (9 days off) inside a 20-day period'],
  ['2026-02-14', 1, '2026-02-24', '春节 2026: Feb 14 is 调休 work, Feb 15–23 off'],
  ['2020-01-23', 1, '2020-02-03', '春节 2020 extended to Feb 2 by the COVID-19 notice (by hand)'],
  ['2020-01-23', 20, '2020-02-28', 'the 2020 extension inside a 20-day period'],
  ['2019-02-01', 20, '2019-03-06', '春节 2019'],
  ['2019-09-27', 20, '2019-10-30', '国庆 2019'],
  ['2023-09-28', 1, '2023-10-07', '中秋国庆 2023: Sep 29–Oct 6 off, Saturday Oct 7 is 调休 work'],
  ['2023-09-27', 20, '2023-10-31', '中秋国庆 2023 inside a 20-day period'],
  ['2025-09-30', 1, '2025-10-09', '国庆中秋 2025: Oct 1–8 off (by hand)'],
  ['2025-09-27', 1, '2025-09-28', 'Sunday Sep 28 2025 is 调休 work (by hand)'],
  ['2025-09-26', 20, '2025-10-30', '国庆中秋 2025 inside a 20-day period'],
  ['2024-09-28', 1, '2024-09-29', 'Sunday Sep 29 2024 is 调休 work'],
  ['2024-09-30', 5, '2024-10-12', 'Saturday Oct 12 2024 is 调休 work (by hand)'],
  ['2022-12-30', 1, '2023-01-03', '元旦 2023 listed from Dec 31 2022'],
  ['2022-12-31', 20, '2023-02-02', 'year end into 春节 2023'],
  ['2023-12-29', 1, '2024-01-02', '元旦 2024'],
  ['2024-12-29', 1, '2024-12-30', 'Dec 29 2024 is a plain Sunday'],
  ['2025-12-31', 1, '2026-01-04', '元旦 2026: Jan 1–3 off, Sunday Jan 4 is 调休 work'],
  ['2025-12-31', 20, '2026-01-29', 'year end 2025 into 2026'],
  ['2021-12-31', 1, '2022-01-04', '元旦 2022'],
  ['2015-09-02', 1, '2015-09-06', '抗战胜利70周年纪念日 2015: Sep 3–5 off, Sunday Sep 6 is work (by hand)'],
  ['2015-09-05', 1, '2015-09-06', 'the 2015 supplementary notice'],
  ['2019-04-30', 1, '2019-05-05', '劳动节 2019 after the supplementary notice: May 1–4 off, Sunday May 5 work'],
  ['2019-04-28', 1, '2019-04-29', 'Sunday Apr 28 2019 is 调休 work'],
  ['2019-05-14', 20, '2019-06-12', 'the day before the 2019 Regulations took effect'],
  ['2019-05-15', 20, '2019-06-13', 'the day the 2019 Regulations took effect'],
  ['2024-04-03', 1, '2024-04-07', '清明 2024: Apr 4–6 off, Sunday Apr 7 work'],
  ['2024-04-07', 1, '2024-04-08', 'from a 调休 Sunday'],
  ['2024-05-10', 2, '2024-05-13', 'Saturday May 11 2024 is 调休 work'],
  ['2024-06-07', 1, '2024-06-11', '端午 2024: Monday Jun 10 off'],
  ['2026-10-01', 0, '2026-10-01', 'zero days is the day itself'],
  ['2026-09-30', 1, '2026-10-08', '国庆 2026'],
  ['2008-05-01', 1, '2008-05-04', '劳动节 2008: Sunday May 4 is 调休 work'],
  ['2008-04-30', 20, '2008-05-29', 'the first year of the 2007 Regulations'],
  ['2007-12-28', 1, '2007-12-29', 'Saturday Dec 29 2007 is 调休 work for 元旦 2008'],
  ['2026-12-01', 20, '2026-12-29', 'a plain month'],
];

describe('working-day calendar (工作日)', () => {
  for (const [from, n, expected, why] of ADD_CASES) {
    it(`${from} + ${n} working days = ${expected} (${why})`, () => {
      assert.equal(cal.addWorkdays(from, n).date, expected);
    });
  }

  const DAYS: [string, boolean][] = [
    ['2024-02-04', true],
    ['2024-02-18', true],
    ['2024-02-10', false],
    ['2024-02-12', false],
    ['2020-01-31', false],
    ['2020-02-02', false],
    ['2020-02-03', true],
    ['2015-09-03', false],
    ['2015-09-06', true],
    ['2019-05-05', true],
    ['2025-10-08', false],
    ['2025-09-28', true],
    ['2025-10-11', true],
    ['2023-12-31', false],
    ['2026-01-04', true],
    ['2026-11-30', true],
    ['2026-11-29', false],
  ];
  for (const [date, workday] of DAYS) {
    it(`${date} is ${workday ? 'a working day' : 'a day off'}`, () => assert.equal(cal.isWorkday(date), workday));
  }

  it('explains a count: the holidays and weekends skipped and the 调休 days counted', () => {
    const r = cal.addWorkdays('2024-02-09', 1);
    assert.deepEqual(r.skipped.map((d) => d.date), ['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', '2024-02-17']);
    assert.ok(r.skipped.every((d) => d.kind === 'holiday' && d.name === '春节'));
    assert.deepEqual(r.adjustedWorkdays.map((d) => d.date), ['2024-02-18']);
  });

  it('reports a year without a notice as unknown instead of guessing', () => {
    assert.throws(() => cal.isWorkday('2027-03-01'), UnknownCalendarYear);
    assert.throws(() => cal.addWorkdays('2026-12-20', 20), (e: unknown) => e instanceof UnknownCalendarYear && e.year === 2027 && /2027 年/.test(e.message));
    assert.throws(() => cal.isWorkday('2006-06-01'), UnknownCalendarYear);
  });

  it('lets local changes win and marks a year known once the coordinator enters it', () => {
    const local = createCalendar(officialNotices(), [{ date: '2026-12-01', isOffDay: true, name: '地方节日' }], [2027]);
    assert.equal(local.isWorkday('2026-12-01'), false);
    assert.equal(local.addWorkdays('2026-11-30', 1).date, '2026-12-02');
    assert.equal(local.isWorkday('2027-03-01'), true);
  });

  it('refuses impossible dates and negative counts', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', '']) assert.throws(() => cal.isWorkday(bad), InvalidDate, bad);
    assert.throws(() => cal.addWorkdays('2024-01-01', -1), RangeError);
    assert.throws(() => cal.addWorkdays('2024-01-01', 1.5), RangeError);
  });

  it('counts consistently: adding in two steps equals adding at once, and the count between is n', () => {
    const start = dayNumber('2008-01-01');
    const end = dayNumber('2026-10-01');
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 }), (day, a, b) => {
        const d = dateOf(day);
        const once = cal.addWorkdays(d, a + b).date;
        assert.equal(cal.addWorkdays(cal.addWorkdays(d, a).date, b).date, once);
        assert.equal(cal.workdaysBetween(d, once), a + b);
        if (a + b > 0) assert.equal(cal.isWorkday(once), true);
      }),
      { numRuns: 300 },
    );
  });
});
