import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCalendar, officialNotices } from '#platform/calendar/index.js';
import { computeClock, DeadlineRuleError, ruleSetFor, type ClockEvent } from './deadlines.js';

const cal = createCalendar(officialNotices());
const TODAY = '2026-11-29';
const clock = (events: ClockEvent[], asOf = TODAY, feePausesClock = true) => computeClock(events, cal, asOf, { feePausesClock });
const received = (on: string): ClockEvent => ({ type: 'received', on });

/**
 * Reply deadlines for applications received on a date, with no other event: 20 working days under
 * the 2019 rules, 15 for receipts before 2019-05-15; across Spring Festival, National Day, 调休
 * weekends and year ends. Expected dates were computed independently from the State Council
 * notices (a separate script); those marked were checked by hand.
 */
const PLAIN: [string, string, string][] = [
  ['2024-02-01', '2024-03-05', '春节 2024 inside the period'],
  ['2024-02-08', '2024-03-13', '春节 2024, received the day before the holiday'],
  ['2024-02-09', '2024-03-14', '春节 2024, received on 除夕 eve; Feb 18 调休 counts (by hand)'],
  ['2024-02-18', '2024-03-15', 'received on a 调休 Sunday'],
  ['2023-01-19', '2023-02-21', '春节 2023'],
  ['2025-01-27', '2025-03-03', '春节 2025 (8 days off)'],
  ['2026-02-12', '2026-03-18', '春节 2026 (9 days off)'],
  ['2020-01-20', '2020-02-25', '春节 2020 with the COVID-19 extension'],
  ['2019-09-20', '2019-10-23', '国庆 2019'],
  ['2023-09-25', '2023-10-27', '中秋国庆 2023'],
  ['2024-09-27', '2024-10-30', '国庆 2024 with two 调休 Saturdays/Sundays'],
  ['2025-09-26', '2025-10-30', '国庆中秋 2025'],
  ['2026-09-25', '2026-10-29', '中秋 and 国庆 2026'],
  ['2022-12-20', '2023-01-18', 'year end 2022'],
  ['2023-12-22', '2024-01-22', 'year end 2023'],
  ['2024-12-25', '2025-01-23', 'year end 2024'],
  ['2025-12-19', '2026-01-19', 'year end 2025, 调休 Sunday Jan 4 2026 counts'],
  ['2021-12-24', '2022-01-24', 'year end 2021'],
  ['2019-05-13', '2019-06-03', '2007 rules: 15 working days'],
  ['2019-05-14', '2019-06-04', '2007 rules on the last day before the 2019 Regulations (by hand)'],
  ['2019-05-15', '2019-06-13', '2019 rules from the day they took effect (by hand)'],
  ['2018-12-25', '2019-01-16', '2007 rules across a year end'],
  ['2008-05-05', '2008-05-26', '2007 rules in their first week'],
  ['2024-03-02', '2024-03-29', 'received on a Saturday: counting starts the next working day'],
  ['2015-08-28', '2015-09-21', 'the 2015 抗战胜利纪念日 holiday'],
  ['2026-04-30', '2026-06-01', '劳动节 2026 with the May 9 调休 Saturday'],
  ['2026-06-12', '2026-07-13', '端午 2026'],
  ['2019-04-26', '2019-05-20', '2007 rules across 劳动节 2019'],
];

describe('reply deadline (答复期限)', () => {
  for (const [on, due, why] of PLAIN) {
    it(`received ${on} → due ${due} (${why})`, () => {
      const c = clock([received(on)]);
      assert.equal(c.status, 'running');
      assert.equal(c.due, due);
      assert.equal(c.rules.id, on < '2019-05-15' ? 'regs-2007' : 'regs-2019');
    });
  }

  it('chooses the rule set by the date of receipt', () => {
    assert.equal(ruleSetFor('2019-05-14').replyDays, 15);
    assert.equal(ruleSetFor('2019-05-15').replyDays, 20);
    assert.throws(() => ruleSetFor('2008-04-30'), DeadlineRuleError);
  });

  it('explains itself: the days skipped and the 调休 days counted', () => {
    const c = clock([received('2024-02-09')]);
    assert.equal(c.skipped.filter((d) => d.kind === 'holiday').length, 8);
    assert.ok(c.adjustedWorkdays.some((d) => d.date === '2024-02-18'));
    assert.equal(c.countedDays, 20);
  });
});

describe('extension (延期答复)', () => {
  it('adds up to 20 working days once under the 2019 rules', () => {
    assert.equal(clock([received('2024-02-01'), { type: 'extended', on: '2024-03-01', days: 20 }]).due, '2024-04-02');
    assert.equal(clock([received('2024-02-01'), { type: 'extended', on: '2024-03-01', days: 10 }]).due, '2024-03-19');
  });

  it('adds up to 15 working days under the 2007 rules', () => {
    assert.equal(clock([received('2018-12-25'), { type: 'extended', on: '2019-01-10', days: 15 }]).due, '2019-02-11');
    assert.throws(() => clock([received('2018-12-25'), { type: 'extended', on: '2019-01-10', days: 16 }]), (e: unknown) => e instanceof DeadlineRuleError && e.code === 'EXTENSION_TOO_LONG' && /15 个工作日/.test(e.message));
  });

  it('refuses a longer, a second or a late extension', () => {
    assert.throws(() => clock([received('2024-02-01'), { type: 'extended', on: '2024-03-01', days: 21 }]), /最长不得超过 20 个工作日/);
    assert.throws(() => clock([received('2024-02-01'), { type: 'extended', on: '2024-03-01', days: 5 }, { type: 'extended', on: '2024-03-02', days: 5 }]), /只能延长一次/);
    assert.throws(() => clock([received('2024-02-01'), { type: 'extended', on: '2024-03-06', days: 5 }]), (e: unknown) => e instanceof DeadlineRuleError && e.code === 'EXTEND_AFTER_DUE');
  });
});

describe('consultation pauses (征求意见不计入期限)', () => {
  it('leaves out the working days of a third-party consultation spanning 春节 2024 (by hand: 12 days)', () => {
    const c = clock([received('2024-01-15'), { type: 'pause-started', on: '2024-02-01', reason: 'third-party' }, { type: 'pause-ended', on: '2024-02-22' }]);
    assert.equal(c.pauses[0]?.workdays, 12);
    assert.equal(c.pauses[0]?.responseDue, '2024-02-27');
    assert.equal(c.due, '2024-03-04');
  });

  it('leaves out an inter-agency consultation spanning 国庆 2025', () => {
    const c = clock([received('2025-09-15'), { type: 'pause-started', on: '2025-09-25', reason: 'inter-agency' }, { type: 'pause-ended', on: '2025-10-15' }]);
    assert.equal(c.pauses[0]?.workdays, 10);
    assert.equal(c.pauses[0]?.responseDue, '2025-10-22');
    assert.equal(c.due, '2025-10-31');
  });

  it('combines a pause over 春节 2026 with an extension', () => {
    const c = clock([received('2026-01-20'), { type: 'pause-started', on: '2026-02-10', reason: 'third-party' }, { type: 'pause-ended', on: '2026-02-26' }, { type: 'extended', on: '2026-02-27', days: 10 }]);
    assert.equal(c.pauses[0]?.workdays, 7);
    assert.equal(c.due, '2026-03-18');
    assert.equal(c.countedDays, 37);
  });

  it('refuses a consultation begun after the deadline had passed', () => {
    assert.throws(() => clock([received('2026-01-05'), { type: 'pause-started', on: '2026-02-10', reason: 'third-party' }]), (e: unknown) => e instanceof DeadlineRuleError && e.code === 'PAUSE_AFTER_DUE');
  });

  it('shows no deadline while a consultation is open', () => {
    const c = clock([received('2026-11-02'), { type: 'pause-started', on: '2026-11-20', reason: 'third-party' }]);
    assert.equal(c.status, 'paused');
    assert.equal(c.due, null);
    assert.equal(c.daysLeft, null);
  });

  it('does not pause for other agencies under the 2007 rules', () => {
    assert.throws(() => clock([received('2018-03-01'), { type: 'pause-started', on: '2018-03-05', reason: 'inter-agency' }]), /2007 年条例/);
  });

  it('leaves fee-notice time out only when configured to', () => {
    const events: ClockEvent[] = [received('2024-03-01'), { type: 'pause-started', on: '2024-03-04', reason: 'fee' }, { type: 'pause-ended', on: '2024-03-15' }];
    assert.equal(clock(events, TODAY, true).due, '2024-04-12');
    assert.equal(clock(events, TODAY, false).due, '2024-03-29');
  });
});

describe('补正 (correction)', () => {
  it('stops the clock and starts it anew from the corrected application', () => {
    const waiting = clock([received('2024-01-10'), { type: 'correction-requested', on: '2024-01-15', until: '2024-02-29' }], '2024-02-01');
    assert.equal(waiting.status, 'awaiting-correction');
    assert.equal(waiting.due, null);
    assert.equal(waiting.correctionNoticeDue, '2024-01-19');
    assert.equal(waiting.correctionNoticeLate, false);
    const c = clock([received('2024-01-10'), { type: 'correction-requested', on: '2024-01-15', until: '2024-02-29' }, { type: 'corrected', on: '2024-02-19' }]);
    assert.equal(c.restarted, true);
    assert.equal(c.start, '2024-02-19');
    assert.equal(c.due, '2024-03-18');
  });

  it('flags a 补正 notice sent after 7 working days (over 春节 2024)', () => {
    const c = clock([received('2024-02-08'), { type: 'correction-requested', on: '2024-02-26', until: '2024-03-29' }], '2024-03-01');
    assert.equal(c.correctionNoticeDue, '2024-02-23');
    assert.equal(c.correctionNoticeLate, true);
  });

  it('deems the application abandoned once the correction period has passed', () => {
    assert.equal(clock([received('2024-01-10'), { type: 'correction-requested', on: '2024-01-15', until: '2024-02-05' }], '2024-02-06').status, 'abandoned');
    assert.throws(() => clock([received('2024-01-10'), { type: 'correction-requested', on: '2024-01-15', until: '2024-02-05' }, { type: 'corrected', on: '2024-02-06' }]), /补正期限已过/);
  });

  it('asks for correction only once', () => {
    assert.throws(
      () => clock([received('2024-01-10'), { type: 'correction-requested', on: '2024-01-15', until: '2024-02-29' }, { type: 'corrected', on: '2024-02-19' }, { type: 'correction-requested', on: '2024-02-20', until: '2024-03-20' }]),
      /一次性告知/,
    );
  });
});

describe('Art. 35 delayed deadline and bad input', () => {
  it('replaces the deadline with a later one fixed by the agency', () => {
    assert.equal(clock([received('2024-02-01'), { type: 'delayed', on: '2024-02-20', until: '2024-05-31' }]).due, '2024-05-31');
    assert.throws(() => clock([received('2024-02-01'), { type: 'delayed', on: '2024-02-20', until: '2024-03-01' }]), /应晚于原期限/);
  });

  it('counts the working days left, negative when overdue', () => {
    assert.equal(clock([received('2024-03-01')], '2024-03-01').daysLeft, 20);
    assert.equal(clock([received('2024-03-01')], '2024-04-02').daysLeft, -2);
  });

  it('refuses a receipt in the future, events out of order and a missing receipt', () => {
    assert.throws(() => clock([received('2026-12-01')]), /不能晚于今天/);
    assert.throws(() => clock([received('2024-03-01'), { type: 'extended', on: '2024-02-01', days: 5 }]), /早于前一事件/);
    assert.throws(() => clock([{ type: 'extended', on: '2024-02-01', days: 5 }]), /须先登记收到日期/);
  });
});
