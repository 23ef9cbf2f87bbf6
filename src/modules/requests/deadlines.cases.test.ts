import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCalendar, officialNotices } from '#platform/calendar/index.js';
import { computeClock, DeadlineRuleError, type ClockEvent } from './deadlines.js';

/**
 * More table cases for the statutory clock (adds to deadlines.test.ts): pauses spanning 国庆 and
 * 春节, fee pauses, 补正 restarts, extensions across the 2025→2026 year end, receipts on holidays
 * and on 调休 weekend days, Art. 35 delays and both sides of the 2019-05-15 rule change.
 *
 * Every expected date was counted BY HAND from the State Council arrangements (the holidays data,
 * = ogi-rules.md §1.11), never by calling computeClock: the comment on each row lists the working
 * days counted (n) after the start day, which itself is not counted. Calendar used:
 *   2025: off Oct 1–8; 调休 workdays Sun Sep 28, Sat Oct 11.
 *   2026: off Jan 1–3, Feb 15–23, Apr 4–6, Sep 25–27, Oct 1–7; 调休 workdays Sun Jan 4, Sat Feb 14,
 *         Sat Feb 28, Sun Sep 20, Sat Oct 10.
 *   2018 (2007 rules): off Sep 24, Oct 1–7; 调休 workdays Sat Sep 29, Sun Sep 30.   2019: off Jun 7.
 */
const cal = createCalendar(officialNotices());
const TODAY = '2026-11-29';
const received = (on: string): ClockEvent => ({ type: 'received', on });
const pause = (from: string, to: string, reason: 'third-party' | 'inter-agency' | 'fee' = 'third-party'): ClockEvent[] => [
  { type: 'pause-started', on: from, reason },
  { type: 'pause-ended', on: to },
];

interface Row {
  why: string;
  events: ClockEvent[];
  due: string;
  /** Working days counted from the start: reply days + extension + paused working days. */
  counted?: number;
  /** Working days of the (first) pause, and the date by which the consulted party must answer. */
  paused?: number;
  responseDue?: string | null;
  /** 调休 weekend days counted, and the number of holidays skipped, between start and due. */
  adjusted?: string[];
  holidays?: number;
  start?: string;
  feePausesClock?: boolean;
}

const ROWS: Row[] = [
  // ---- receipt on a holiday or a 调休 weekend day ----
  {
    why: 'received on 国庆 2025 (Fri Oct 3): Oct 9,10 (2), Sat Oct 11 调休 (3), Oct 13–17 (8), 20–24 (13), 27–31 (18), Nov 3 (19), Nov 4 (20)',
    events: [received('2025-10-03')],
    due: '2025-11-04',
    adjusted: ['2025-10-11'],
    holidays: 5,
  },
  {
    why: 'received on the 调休 Sunday 2025-09-28 (the receipt day is not counted even though it is a workday): Sep 29,30 (2), Oct 9,10 (4), Oct 11 (5), 13–17 (10), 20–24 (15), 27–31 (20)',
    events: [received('2025-09-28')],
    due: '2025-10-31',
    adjusted: ['2025-10-11'],
    holidays: 8,
  },
  {
    why: 'received on the 调休 Saturday 2026-02-14: Feb 15–23 off, Feb 24–27 (4), Sat Feb 28 (5), Mar 2–6 (10), 9–13 (15), 16–20 (20)',
    events: [received('2026-02-14')],
    due: '2026-03-20',
    adjusted: ['2026-02-28'],
    holidays: 9,
  },
  {
    why: 'received Fri 2026-02-13: Sat Feb 14 (1), Feb 15–23 off, Feb 24–27 (5), Sat Feb 28 (6), Mar 2–6 (11), 9–13 (16), Mar 16–19 (20)',
    events: [received('2026-02-13')],
    due: '2026-03-19',
    adjusted: ['2026-02-14', '2026-02-28'],
    holidays: 9,
  },
  {
    why: 'received on 春节 2026 (Wed Feb 18): Feb 24–27 (4), Sat Feb 28 (5), Mar 2–6 (10), 9–13 (15), 16–20 (20)',
    events: [received('2026-02-18')],
    due: '2026-03-20',
    adjusted: ['2026-02-28'],
    holidays: 5,
  },
  {
    why: 'received Fri 2026-09-18 before 中秋 and 国庆 2026: Sun Sep 20 调休 (1), Sep 21–24 (5), Sep 25–27 off, Sep 28–30 (8), Oct 1–7 off, Oct 8,9 (10), Sat Oct 10 (11), 12–16 (16), Oct 19–22 (20)',
    events: [received('2026-09-18')],
    due: '2026-10-22',
    adjusted: ['2026-09-20', '2026-10-10'],
    holidays: 10,
  },
  {
    why: 'received on the 调休 Sunday 2026-09-20: Sep 21–24 (4), Sep 28–30 (7), Oct 8,9 (9), Sat Oct 10 (10), 12–16 (15), 19–23 (20)',
    events: [received('2026-09-20')],
    due: '2026-10-23',
    adjusted: ['2026-10-10'],
    holidays: 10,
  },
  {
    why: 'received on the 调休 Saturday 2026-10-10: Oct 12–16 (5), 19–23 (10), 26–30 (15), Nov 2–6 (20)',
    events: [received('2026-10-10')],
    due: '2026-11-06',
    adjusted: [],
    holidays: 0,
  },
  {
    why: 'received on 国庆 2026 (Thu Oct 1): Oct 8,9 (2), Sat Oct 10 (3), 12–16 (8), 19–23 (13), 26–30 (18), Nov 2 (19), Nov 3 (20)',
    events: [received('2026-10-01')],
    due: '2026-11-03',
    adjusted: ['2026-10-10'],
    holidays: 6,
  },
  {
    why: 'the deadline falls on the 调休 Saturday 2026-02-14: Jan 20–23 (4), 26–30 (9), Feb 2–6 (14), 9–13 (19), Sat Feb 14 (20)',
    events: [received('2026-01-19')],
    due: '2026-02-14',
    adjusted: ['2026-02-14'],
    holidays: 0,
  },
  {
    why: 'due the working day before 中秋 2026: Sep 1–4 (4), 7–11 (9), 14–18 (14), Sun Sep 20 (15), 21–24 (19), Sep 25–27 off, Mon Sep 28 (20)',
    events: [received('2026-08-31')],
    due: '2026-09-28',
    adjusted: ['2026-09-20'],
    holidays: 3,
  },

  // ---- extension across the 2025→2026 year end and 春节 ----
  {
    why: 'extension of 20 across the year end: Dec 11,12 (2), 15–19 (7), 22–26 (12), 29–31 (15), Jan 1–3 off, Sun Jan 4 调休 (16), Jan 5–8 (20) = original due; Jan 9 (21), 12–16 (26), 19–23 (31), 26–30 (36), Feb 2–5 (40)',
    events: [received('2025-12-10'), { type: 'extended', on: '2025-12-31', days: 20 }],
    due: '2026-02-05',
    counted: 40,
    adjusted: ['2026-01-04'],
    holidays: 3,
  },
  {
    why: 'extension of 10 across the year end: Dec 23–26 (4), 29–31 (7), Jan 4 (8), 5–9 (13), 12–16 (18), Jan 19,20 (20) = original due; Jan 21–23 (23), 26–30 (28), Feb 2,3 (30)',
    events: [received('2025-12-22'), { type: 'extended', on: '2026-01-15', days: 10 }],
    due: '2026-02-03',
    counted: 30,
    adjusted: ['2026-01-04'],
  },
  {
    why: 'extension of 20 from a deadline on the 调休 Saturday Feb 14 over 春节 2026: Feb 24–27 (24), Sat Feb 28 (25), Mar 2–6 (30), 9–13 (35), 16–20 (40)',
    events: [received('2026-01-19'), { type: 'extended', on: '2026-02-13', days: 20 }],
    due: '2026-03-20',
    counted: 40,
    adjusted: ['2026-02-14', '2026-02-28'],
    holidays: 9,
  },

  // ---- consultation pauses spanning holidays ----
  {
    why: 'third-party consultation Sep 26 → Oct 17 2025 over 国庆: paused (Sep 26, Oct 17] = Sun Sep 28, Sep 29,30, Oct 9,10, Sat Oct 11, Oct 13–17 = 11; due = Sep 22 + 31: Sep 23–26 (4), Sep 28 (5), 29,30 (7), Oct 9,10 (9), Oct 11 (10), 13–17 (15), 20–24 (20), 27–31 (25), Nov 3–7 (30), Nov 10 (31); the third party answers within 15 wd of Sep 26: … Oct 13–17 (11), Oct 20–23 (15)',
    events: [received('2025-09-22'), ...pause('2025-09-26', '2025-10-17')],
    due: '2025-11-10',
    counted: 31,
    paused: 11,
    responseDue: '2025-10-23',
    adjusted: ['2025-09-28', '2025-10-11'],
    holidays: 8,
  },
  {
    why: 'third-party consultation begun on a holiday (Oct 3 2025) → Oct 10: paused = Oct 9,10 = 2; due = Sep 29 + 22: Sep 30 (1), Oct 9,10 (3), Oct 11 (4), 13–17 (9), 20–24 (14), 27–31 (19), Nov 3–5 (22); answer due: Oct 9,10,11 (3), 13–17 (8), 20–24 (13), Oct 27,28 (15)',
    events: [received('2025-09-29'), ...pause('2025-10-03', '2025-10-10')],
    due: '2025-11-05',
    counted: 22,
    paused: 2,
    responseDue: '2025-10-28',
  },
  {
    why: 'third-party consultation Feb 9 → Mar 6 2026 over 春节: paused = Feb 10–13 (4), Sat Feb 14 (5), Feb 24–27 (9), Sat Feb 28 (10), Mar 2–6 (15) = 15, answered on the last day (Mar 6); due = Feb 2 + 35: Feb 3–6 (4), 9–13 (9), Feb 14 (10), 24–27 (14), Feb 28 (15), Mar 2–6 (20), 9–13 (25), 16–20 (30), 23–27 (35)',
    events: [received('2026-02-02'), ...pause('2026-02-09', '2026-03-06')],
    due: '2026-03-27',
    counted: 35,
    paused: 15,
    responseDue: '2026-03-06',
    adjusted: ['2026-02-14', '2026-02-28'],
    holidays: 9,
  },
  {
    why: 'inter-agency consultation (2019 rules) Feb 12 → Feb 25 2026 over 春节: paused = Feb 13, Sat Feb 14, Feb 24, 25 = 4; due = Jan 26 + 24: Jan 27–30 (4), Feb 2–6 (9), 9–13 (14), Feb 14 (15), 24–27 (19), Feb 28 (20), Mar 2–5 (24); the other agency answers within 15 wd of Feb 12: Feb 13, 14 (2), 24–27 (6), Feb 28 (7), Mar 2–6 (12), Mar 9–11 (15)',
    events: [received('2026-01-26'), ...pause('2026-02-12', '2026-02-25', 'inter-agency')],
    due: '2026-03-05',
    counted: 24,
    paused: 4,
    responseDue: '2026-03-11',
  },
  {
    why: 'third-party consultation Dec 24 2025 → Jan 9 2026 across the year end: paused = Dec 25,26, 29–31, Sun Jan 4, Jan 5–9 = 11; due = Dec 15 + 31: … Jan 12,13 (20), Jan 14–16 (23), 19–23 (28), Jan 26–28 (31); answer due: Dec 25,26 (2), 29–31 (5), Jan 4 (6), 5–9 (11), Jan 12–15 (15)',
    events: [received('2025-12-15'), ...pause('2025-12-24', '2026-01-09')],
    due: '2026-01-28',
    counted: 31,
    paused: 11,
    responseDue: '2026-01-15',
    adjusted: ['2026-01-04'],
    holidays: 3,
  },
  {
    why: '2007 rules: third-party consultation Sep 20 → Oct 12 2018 over 中秋 and 国庆 is left out (no response period): paused = Sep 21, 25–28, Sat Sep 29, Sun Sep 30, Oct 8–12 = 12; due = Sep 17 + 27: Sep 18–21 (4), 25–28 (8), Sep 29,30 (10), Oct 8–12 (15), 15–19 (20), 22–26 (25), Oct 29,30 (27)',
    events: [received('2018-09-17'), ...pause('2018-09-20', '2018-10-12')],
    due: '2018-10-30',
    counted: 27,
    paused: 12,
    responseDue: null,
    adjusted: ['2018-09-29', '2018-09-30'],
    holidays: 8,
  },

  // ---- fee pause ----
  {
    why: 'fee notice Feb 10 → paid Mar 3 2026 over 春节, left out: paused = Feb 11–13 (3), Feb 14 (4), 24–27 (8), Feb 28 (9), Mar 2,3 (11) = 11; due = Feb 3 + 31: Feb 4–6 (3), 9–13 (8), Feb 14 (9), 24–27 (13), Feb 28 (14), Mar 2–6 (19), 9–13 (24), 16–20 (29), Mar 23,24 (31)',
    events: [received('2026-02-03'), ...pause('2026-02-10', '2026-03-03', 'fee')],
    due: '2026-03-24',
    counted: 31,
    paused: 11,
    responseDue: null,
  },
  {
    why: 'the same fee period counted when fees do not pause the clock: Feb 3 + 20: … Mar 2–6 (19), Mar 9 (20)',
    events: [received('2026-02-03'), ...pause('2026-02-10', '2026-03-03', 'fee')],
    due: '2026-03-09',
    counted: 20,
    feePausesClock: false,
  },

  // ---- 补正 restarts ----
  {
    why: '补正 across 春节 2026: corrected Thu Feb 26, counting anew: Feb 27 (1), Sat Feb 28 (2), Mar 2–6 (7), 9–13 (12), 16–20 (17), Mar 23–25 (20)',
    events: [received('2026-02-05'), { type: 'correction-requested', on: '2026-02-10', until: '2026-03-13' }, { type: 'corrected', on: '2026-02-26' }],
    due: '2026-03-25',
    start: '2026-02-26',
    adjusted: ['2026-02-28'],
    holidays: 0,
  },
  {
    why: '补正 requested 14 calendar days after receipt yet within 7 wd (Feb 12,13, Sat 14, Feb 24–27 = 7 → Feb 27); corrected Mar 10: Mar 11–13 (3), 16–20 (8), 23–27 (13), Mar 30,31 (15), Apr 1–3 (18), Apr 4–6 off, Apr 7,8 (20)',
    events: [received('2026-02-11'), { type: 'correction-requested', on: '2026-02-25', until: '2026-03-31' }, { type: 'corrected', on: '2026-03-10' }],
    due: '2026-04-08',
    start: '2026-03-10',
    holidays: 3,
  },

  // ---- Art. 35 delay ----
  {
    why: 'Art. 35 delay replaces the ordinary deadline (Sep 22–24 (3), 28–30 (6), Oct 8,9 (8), Sat Oct 10 (9), 12–16 (14), 19–23 (19), Oct 26 (20)) with Dec 31',
    events: [received('2026-09-21'), { type: 'delayed', on: '2026-10-09', until: '2026-12-31' }],
    due: '2026-12-31',
  },
  {
    why: 'Art. 35 delay to one day after the ordinary deadline (Oct 26, counted above) is accepted',
    events: [received('2026-09-21'), { type: 'delayed', on: '2026-10-09', until: '2026-10-27' }],
    due: '2026-10-27',
  },
  {
    why: 'Art. 35 delay after an extension across the year end: Dec 16–19 (4), 22–26 (9), 29–31 (12), Jan 4 (13), 5–9 (18), Jan 12,13 (20), Jan 14–16 (23), 19–23 (28), 26–30 (33), Feb 2–6 (38), Feb 9,10 (40) → delayed to Mar 31',
    events: [received('2025-12-15'), { type: 'extended', on: '2026-01-05', days: 20 }, { type: 'delayed', on: '2026-01-20', until: '2026-03-31' }],
    due: '2026-03-31',
    counted: 40,
  },

  // ---- the 2019-05-15 rule change ----
  {
    why: '2007 rules (received 2019-05-14), extension of 15: May 15–17 (3), 20–24 (8), 27–31 (13), Jun 3,4 (15); Jun 5,6 (17), Jun 7 off, 10–14 (22), 17–21 (27), Jun 24–26 (30)',
    events: [received('2019-05-14'), { type: 'extended', on: '2019-05-31', days: 15 }],
    due: '2019-06-26',
    counted: 30,
    holidays: 1,
  },
  {
    why: '2019 rules (received 2019-05-15), extension of 20: May 16,17 (2), 20–24 (7), 27–31 (12), Jun 3–6 (16), Jun 7 off, Jun 10–13 (20); Jun 14 (21), 17–21 (26), 24–28 (31), Jul 1–5 (36), Jul 8–11 (40)',
    events: [received('2019-05-15'), { type: 'extended', on: '2019-06-03', days: 20 }],
    due: '2019-07-11',
    counted: 40,
    holidays: 1,
  },
];

describe('deadline table cases (counted by hand)', () => {
  for (const r of ROWS) {
    it(`→ ${r.due}: ${r.why.split(':')[0]}`, () => {
      const c = computeClock(r.events, cal, TODAY, { feePausesClock: r.feePausesClock ?? true });

      assert.equal(c.status, 'running');
      assert.equal(c.due, r.due, r.why);
      if (r.counted !== undefined) assert.equal(c.countedDays, r.counted);
      if (r.paused !== undefined) assert.equal(c.pauses[0]?.workdays, r.paused);
      if (r.responseDue !== undefined) assert.equal(c.pauses[0]?.responseDue, r.responseDue);
      if (r.adjusted !== undefined && !c.delayedUntil) assert.deepEqual(c.adjustedWorkdays.map((d) => d.date), r.adjusted);
      if (r.holidays !== undefined) assert.equal(c.skipped.filter((d) => d.kind === 'holiday').length, r.holidays);
      if (r.start !== undefined) assert.equal(c.start, r.start);
    });
  }

  it('has at least 20 hand-counted rows', () => {
    assert.ok(ROWS.length >= 20);
    assert.equal(new Set(ROWS.map((r) => JSON.stringify([r.events, r.feePausesClock]))).size, ROWS.length, 'rows are distinct');
  });
});

describe('edge rules around the table cases', () => {
  it('under the 2007 rules a consultation with another agency does not stop the clock: it is refused, the deadline stays', () => {
    const events = [received('2018-09-17'), { type: 'pause-started', on: '2018-09-20', reason: 'inter-agency' } as const];

    assert.throws(() => computeClock(events, cal, TODAY), (e: unknown) => e instanceof DeadlineRuleError && e.code === 'NO_INTER_AGENCY_PAUSE');
    // 15 wd from Sep 17 2018: Sep 18–21 (4), 25–28 (8), Sat 29, Sun 30 (10), Oct 8–12 (15).
    assert.equal(computeClock([received('2018-09-17')], cal, TODAY).due, '2018-10-12');
  });

  it('the 补正 notice over 春节 2026 is on time although 14 calendar days passed', () => {
    const c = computeClock([received('2026-02-11'), { type: 'correction-requested', on: '2026-02-25', until: '2026-03-31' }], cal, '2026-03-01');

    assert.equal(c.correctionNoticeDue, '2026-02-27');
    assert.equal(c.correctionNoticeLate, false);
    assert.equal(c.status, 'awaiting-correction');
  });

  it('a 补正 notice one working day late (received Feb 5 2026, due Feb 6, 9–13, Sat 14 = Feb 14) is flagged when sent Feb 24', () => {
    const c = computeClock([received('2026-02-05'), { type: 'correction-requested', on: '2026-02-24', until: '2026-03-31' }], cal, '2026-03-01');

    assert.equal(c.correctionNoticeDue, '2026-02-14');
    assert.equal(c.correctionNoticeLate, true);
  });

  it('an Art. 35 delay to the ordinary deadline itself (Oct 26 2026) is refused', () => {
    assert.throws(() => computeClock([received('2026-09-21'), { type: 'delayed', on: '2026-10-09', until: '2026-10-26' }], cal, TODAY), (e: unknown) => e instanceof DeadlineRuleError && e.code === 'DELAY_NOT_LATER' && e.message.includes('2026-10-26'));
  });

  it('an extension asked for on the deadline day (the 调休 Saturday Feb 14 2026) is allowed, the next day is too late', () => {
    assert.equal(computeClock([received('2026-01-19'), { type: 'extended', on: '2026-02-14', days: 1 }], cal, TODAY).due, '2026-02-24');
    assert.throws(() => computeClock([received('2026-01-19'), { type: 'extended', on: '2026-02-15', days: 1 }], cal, TODAY), (e: unknown) => e instanceof DeadlineRuleError && e.code === 'EXTEND_AFTER_DUE');
  });
});
