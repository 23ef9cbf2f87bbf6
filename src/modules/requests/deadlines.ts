/**
 * The statutory clock of a disclosure request (依申请公开), as pure functions of dated events and
 * the working-day calendar. Rules: Regs 2019 Arts. 30, 32–35 and Regs 2007 Arts. 21, 24
 * (../shared/domain/ogi-rules.md §1.4–1.6, §1.11): the receipt day is not counted; 补正 stops the
 * clock and the corrected application starts it anew; consultation time is not counted; one
 * extension of limited length; an Art. 35 delayed deadline replaces the ordinary one.
 */
import { dayNumber, type DayInfo, type WorkingCalendar } from '#platform/calendar/index.js';

/** A versioned rule set, chosen by the date of receipt. */
export interface RuleSet {
  id: 'regs-2007' | 'regs-2019';
  /** First receipt date the set applies to. */
  from: string;
  replyDays: number;
  maxExtensionDays: number;
  /** Working days within which a 补正 notice must go out (none under the 2007 rules). */
  correctionNoticeDays: number | null;
  /** Working days a consulted third party or agency has to answer. */
  consultationResponseDays: number | null;
  /** Whether consultation with other agencies (not only third parties) pauses the clock. */
  interAgencyPauses: boolean;
}

/** Regs 2007 (Order 492) for applications received before 2019-05-15; Regs 2019 (Order 711) from then. */
export const RULE_SETS: readonly RuleSet[] = [
  { id: 'regs-2007', from: '2008-05-01', replyDays: 15, maxExtensionDays: 15, correctionNoticeDays: null, consultationResponseDays: null, interAgencyPauses: false },
  { id: 'regs-2019', from: '2019-05-15', replyDays: 20, maxExtensionDays: 20, correctionNoticeDays: 7, consultationResponseDays: 15, interAgencyPauses: true },
];

/** The rule set for an application received on `date`. */
export function ruleSetFor(date: string): RuleSet {
  const d = dayNumber(date);
  const set = [...RULE_SETS].reverse().find((r) => d >= dayNumber(r.from));
  if (!set) throw new DeadlineRuleError('RECEIVED_BEFORE_REGULATIONS', '收到申请的日期早于《政府信息公开条例》施行日（2008年5月1日）。');
  return set;
}

/** Why a sequence of events breaks the rules; the message is for people (Chinese). */
export class DeadlineRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeadlineRuleError';
  }
}

/** What can happen to the clock, each on a civil date (`YYYY-MM-DD`). */
export type ClockEvent =
  | { type: 'received'; on: string }
  | { type: 'correction-requested'; on: string; until: string }
  | { type: 'corrected'; on: string }
  | { type: 'pause-started'; on: string; reason: 'third-party' | 'inter-agency' | 'fee' }
  | { type: 'pause-ended'; on: string }
  | { type: 'extended'; on: string; days: number }
  | { type: 'delayed'; on: string; until: string };

/** Options that local practice decides (UNCONFIRMED nationally: configuration with a default). */
export interface ClockOptions {
  /** Whether the time between a fee notice and payment is left out of the reply period (default yes). */
  feePausesClock: boolean;
}
export const DEFAULT_CLOCK_OPTIONS: ClockOptions = { feePausesClock: true };

/** A period during which the clock stood still. */
export interface Pause {
  reason: 'third-party' | 'inter-agency' | 'fee';
  from: string;
  to: string | null;
  /** Working days not counted (after `from`, up to and including `to`). */
  workdays: number;
  /** The date by which the consulted party must answer (15 wd under the 2019 rules). */
  responseDue: string | null;
}

/** The state of the clock and how its deadline came about. */
export interface ClockState {
  rules: RuleSet;
  status: 'running' | 'awaiting-correction' | 'abandoned' | 'paused';
  /** The day counting starts after (receipt, or receipt of the corrected application). */
  start: string;
  restarted: boolean;
  correctionNoticeDue: string | null;
  correctionNoticeLate: boolean;
  correctionUntil: string | null;
  pauses: Pause[];
  extensionDays: number;
  delayedUntil: string | null;
  /** The reply deadline; null while paused or awaiting correction. */
  due: string | null;
  /** Working days counted from start to due: reply days + extension + paused working days. */
  countedDays: number;
  /** Holidays and weekends skipped between start and due, and 调休 working days counted. */
  skipped: DayInfo[];
  adjustedWorkdays: DayInfo[];
  /** Working days left on `asOf` (negative when overdue); null without a deadline. */
  daysLeft: number | null;
}

const cmp = (a: string, b: string) => dayNumber(a) - dayNumber(b);

/** Replays the events (in date order as given) and computes the deadline as of `asOf`. */
export function computeClock(events: readonly ClockEvent[], cal: WorkingCalendar, asOf: string, options: ClockOptions = DEFAULT_CLOCK_OPTIONS): ClockState {
  const first = events[0];
  if (!first || first.type !== 'received') throw new DeadlineRuleError('NO_RECEIPT', '期限从收到申请之日起算，须先登记收到日期。');
  if (cmp(first.on, asOf) > 0) throw new DeadlineRuleError('RECEIPT_IN_FUTURE', '收到申请的日期不能晚于今天。');
  const rules = ruleSetFor(first.on);
  let start = first.on;
  let restarted = false;
  let correctionUntil: string | null = null;
  let correctionNoticeLate = false;
  let awaiting = false;
  let pauses: Pause[] = [];
  let extensionDays = 0;
  let delayedUntil: string | null = null;
  let last = first.on;

  for (const e of events.slice(1)) {
    if (cmp(e.on, last) < 0) throw new DeadlineRuleError('EVENTS_OUT_OF_ORDER', `事件日期 ${e.on} 早于前一事件的日期 ${last}。`);
    if (cmp(e.on, asOf) > 0) throw new DeadlineRuleError('EVENT_IN_FUTURE', `事件日期 ${e.on} 不能晚于今天。`);
    last = e.on;
    const open = pauses.find((p) => p.to === null);
    switch (e.type) {
      case 'received':
        throw new DeadlineRuleError('DUPLICATE_RECEIPT', '同一申请只能登记一次收到日期。');
      case 'correction-requested': {
        if (awaiting) throw new DeadlineRuleError('CORRECTION_PENDING', '已发出补正告知，须待补正后再次告知。');
        if (restarted) throw new DeadlineRuleError('CORRECTION_ONCE', '补正应一次性告知，补正后不得再次要求补正。');
        if (cmp(e.until, e.on) <= 0) throw new DeadlineRuleError('CORRECTION_PERIOD', '补正期限应晚于告知日期。');
        if (rules.correctionNoticeDays !== null && cmp(e.on, cal.addWorkdays(start, rules.correctionNoticeDays).date) > 0) correctionNoticeLate = true;
        awaiting = true;
        correctionUntil = e.until;
        break;
      }
      case 'corrected':
        if (!awaiting) throw new DeadlineRuleError('NO_CORRECTION_PENDING', '未发出补正告知，不能登记补正。');
        if (correctionUntil && cmp(e.on, correctionUntil) > 0) throw new DeadlineRuleError('CORRECTION_TOO_LATE', '补正期限已过，申请视为放弃，不能再登记补正。');
        // Art. 30: the reply period runs anew from receipt of the corrected application.
        awaiting = false;
        restarted = true;
        start = e.on;
        pauses = [];
        extensionDays = 0;
        break;
      case 'pause-started':
        if (awaiting) throw new DeadlineRuleError('AWAITING_CORRECTION', '等待补正期间不能开始征求意见。');
        if (open) throw new DeadlineRuleError('PAUSE_OPEN', '已有未结束的征求意见或缴费期间。');
        if (e.reason === 'inter-agency' && !rules.interAgencyPauses) throw new DeadlineRuleError('NO_INTER_AGENCY_PAUSE', '2007 年条例下，征求其他机关意见的时间不从答复期限中扣除。');
        {
          // A consultation begun after the deadline cannot revive a period that has run out.
          const current = dueOf(start, rules.replyDays + extensionDays, pauses, cal, options);
          if (cmp(e.on, current) > 0) throw new DeadlineRuleError('PAUSE_AFTER_DUE', `答复期限（${current}）已过，征求意见不能使已逾期的期限恢复。`);
        }
        pauses.push({
          reason: e.reason,
          from: e.on,
          to: null,
          workdays: 0,
          responseDue: e.reason !== 'fee' && rules.consultationResponseDays !== null ? cal.addWorkdays(e.on, rules.consultationResponseDays).date : null,
        });
        break;
      case 'pause-ended':
        if (!open) throw new DeadlineRuleError('NO_PAUSE', '没有正在进行的征求意见或缴费期间。');
        open.to = e.on;
        break;
      case 'extended':
        if (awaiting || open) throw new DeadlineRuleError('EXTEND_WHILE_STOPPED', '期限暂停或等待补正期间不能延期。');
        if (extensionDays > 0) throw new DeadlineRuleError('EXTEND_ONCE', '答复期限只能延长一次。');
        if (!Number.isInteger(e.days) || e.days < 1 || e.days > rules.maxExtensionDays) {
          throw new DeadlineRuleError('EXTENSION_TOO_LONG', `延长答复的期限最长不得超过 ${rules.maxExtensionDays} 个工作日。`);
        }
        {
          const current = dueOf(start, rules.replyDays, pauses, cal, options);
          if (cmp(e.on, current) > 0) throw new DeadlineRuleError('EXTEND_AFTER_DUE', `答复期限（${current}）已过，不能再延期。`);
        }
        extensionDays = e.days;
        break;
      case 'delayed': {
        if (awaiting || open) throw new DeadlineRuleError('DELAY_WHILE_STOPPED', '期限暂停或等待补正期间不能另行确定答复期限。');
        const current = dueOf(start, rules.replyDays + extensionDays, pauses, cal, options);
        if (cmp(e.until, current) <= 0) throw new DeadlineRuleError('DELAY_NOT_LATER', `另行确定的答复期限应晚于原期限（${current}）。`);
        delayedUntil = e.until;
        break;
      }
    }
  }

  for (const p of pauses) p.workdays = p.to ? cal.workdaysBetween(p.from, p.to) : 0;
  const counted = pauses.filter((p) => p.reason !== 'fee' || options.feePausesClock).reduce((s, p) => s + p.workdays, 0);
  const paused = pauses.some((p) => p.to === null);
  const abandoned = awaiting && correctionUntil !== null && cmp(asOf, correctionUntil) > 0;
  const status: ClockState['status'] = abandoned ? 'abandoned' : awaiting ? 'awaiting-correction' : paused ? 'paused' : 'running';
  const countedDays = rules.replyDays + extensionDays + counted;
  const added = status === 'running' ? cal.addWorkdays(start, countedDays) : null;
  const due = status === 'running' ? (delayedUntil ?? added!.date) : null;
  return {
    rules,
    status,
    start,
    restarted,
    correctionNoticeDue: rules.correctionNoticeDays !== null ? cal.addWorkdays(first.on, rules.correctionNoticeDays).date : null,
    correctionNoticeLate,
    correctionUntil,
    pauses,
    extensionDays,
    delayedUntil,
    due,
    countedDays,
    skipped: added?.skipped ?? [],
    adjustedWorkdays: added?.adjustedWorkdays ?? [],
    daysLeft: due === null ? null : cmp(asOf, due) <= 0 ? cal.workdaysBetween(asOf, due) : -cal.workdaysBetween(due, asOf),
  };
}

function dueOf(start: string, days: number, pauses: readonly Pause[], cal: WorkingCalendar, options: ClockOptions): string {
  const paused = pauses.filter((p) => p.to !== null && (p.reason !== 'fee' || options.feePausesClock)).reduce((s, p) => s + cal.workdaysBetween(p.from, p.to!), 0);
  return cal.addWorkdays(start, days + paused).date;
}
