import { dayNumber, UnknownCalendarYear, type WorkingCalendar } from '#platform/calendar/index.js';
import type { LimitKind, Method } from './vocabulary.js';

/**
 * The timeliness monitor of the standard catalogue, as a pure function: one entry, the 政府信息
 * items linked to it, today and the agency's working-day calendar in; a status, a due date and the
 * reason out. See docs/standards.md for the rules in words.
 */

/** Where an entry stands against its 公开时限. */
export const MONITOR_STATUSES = ['overdue', 'late', 'unknown', 'unlinked', 'ok', 'not-monitored'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

export const MONITOR_STATUS_LABELS: Record<MonitorStatus, { zh: string; en: string }> = {
  overdue: { zh: '逾期未公开', en: 'Overdue' },
  late: { zh: '超期公开', en: 'Published late' },
  unknown: { zh: '无法判断', en: 'Cannot tell' },
  unlinked: { zh: '尚未关联信息', en: 'No linked items' },
  ok: { zh: '按时', en: 'On time' },
  'not-monitored': { zh: '不监测', en: 'Not monitored' },
};

/** What the monitor needs of an entry. */
export interface MonitorEntry {
  limitKind: LimitKind;
  limitValue: number | null;
  method: Method;
}

/** What the monitor needs of a linked item (dates are China civil dates, `YYYY-MM-DD`). */
export interface MonitorItem {
  id: string;
  title: string;
  /** 成文日期 (of the current published version, else of the working version). */
  generatedOn: string | null;
  /** The day it was first published as 主动公开 (null if never). */
  firstPublishedOn: string | null;
  /** The day the public last saw it published or revised; null unless the public may see it now. */
  lastPublishedOn: string | null;
}

/** The monitor's answer. `reason` may name items (staff); `publicReason` never does. */
export interface Assessment {
  status: MonitorStatus;
  due: string | null;
  reason: string;
  publicReason: string;
  /** The item the status is about, if one. */
  itemId: string | null;
}

/** The date `n` calendar months after `date`, on the same day or the month's last day (01-31 + 1 → 02-28). */
export function addMonths(date: string, n: number): string {
  dayNumber(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 每月 / 每季度 / 每半年 / 每年 / 每 N 个月. */
export function periodLabel(months: number): string {
  return ({ 1: '每月', 3: '每季度', 6: '每半年', 12: '每年' } as Record<number, string>)[months] ?? `每 ${months} 个月`;
}

/** Assesses one entry. Only UnknownCalendarYear is caught (→ `unknown`); other errors are bugs and propagate. */
export function assessEntry(entry: MonitorEntry, items: readonly MonitorItem[], today: string, cal: Pick<WorkingCalendar, 'addWorkdays'>): Assessment {
  const none = (reason: string): Assessment => ({ status: 'not-monitored', due: null, reason, publicReason: reason, itemId: null });
  if (entry.method === 'on_request') return none('依申请公开事项，不监测公开时限。');
  if (entry.limitKind === 'none' || entry.limitValue === null) return none('公开时限为实时、及时或长期公开，不作期限监测。');
  return entry.limitKind === 'workdays' ? workdays(entry.limitValue, items, today, cal) : periodic(entry.limitValue, items, today);
}

/** 信息形成或者变更之日起 N 个工作日内: every linked item against its own due date. */
function workdays(n: number, items: readonly MonitorItem[], today: string, cal: Pick<WorkingCalendar, 'addWorkdays'>): Assessment {
  if (items.length === 0) return { status: 'unlinked', due: null, reason: '尚未关联信息：请关联落实本事项的政府信息。', publicReason: '尚未关联信息。', itemId: null };
  const overdue: { item: MonitorItem; due: string }[] = [];
  const late: { item: MonitorItem; due: string }[] = [];
  const pending: { item: MonitorItem; due: string }[] = [];
  const onTime: { item: MonitorItem; due: string }[] = [];
  let unknown: { item: MonitorItem; message: string } | null = null;
  for (const item of items) {
    if (!item.generatedOn) continue;
    let due: string;
    try {
      due = cal.addWorkdays(item.generatedOn, n).date;
    } catch (err) {
      if (!(err instanceof UnknownCalendarYear)) throw err;
      unknown ??= { item, message: err.message };
      continue;
    }
    if (item.firstPublishedOn) (item.firstPublishedOn > due ? late : onTime).push({ item, due });
    else (today > due ? overdue : pending).push({ item, due });
  }
  const byDue = (a: { due: string }, b: { due: string }) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0);
  const first = overdue.sort(byDue)[0];
  if (first) {
    const more = overdue.length > 1 ? `另有 ${overdue.length - 1} 条同样逾期。` : '';
    return {
      status: 'overdue',
      due: first.due,
      reason: `“${first.item.title}”（成文日期 ${first.item.generatedOn}）应于 ${first.due} 前公开，截至 ${today} 尚未公开。${more}`,
      publicReason: `有 ${overdue.length} 条关联信息超过公开时限（${n} 个工作日）尚未公开。`,
      itemId: first.item.id,
    };
  }
  const lateFirst = late.sort(byDue)[0];
  if (lateFirst) {
    const more = late.length > 1 ? `另有 ${late.length - 1} 条同样超期。` : '';
    return {
      status: 'late',
      due: lateFirst.due,
      reason: `“${lateFirst.item.title}”应于 ${lateFirst.due} 前公开，实际于 ${lateFirst.item.firstPublishedOn} 公开，晚于公开时限。${more}`,
      publicReason: `有 ${late.length} 条关联信息晚于公开时限（${n} 个工作日）公开。`,
      itemId: lateFirst.item.id,
    };
  }
  if (unknown) {
    return { status: 'unknown', due: null, reason: `无法计算“${unknown.item.title}”的公开期限：${unknown.message}`, publicReason: '工作日历缺少相关年份的节假日安排，暂无法判断。', itemId: unknown.item.id };
  }
  const next = pending.sort(byDue)[0];
  if (next) {
    return {
      status: 'ok',
      due: next.due,
      reason: `${pending.length} 条关联信息待公开，最早应于 ${next.due} 前公开（“${next.item.title}”）；已公开的均按时。`,
      publicReason: `关联信息均在公开时限内，下一期限为 ${next.due}。`,
      itemId: next.item.id,
    };
  }
  const latest = onTime.sort(byDue).at(-1);
  if (!latest) return { status: 'unlinked', due: null, reason: '关联的信息均缺少成文日期，无法判断。', publicReason: '尚未关联信息。', itemId: null };
  return { status: 'ok', due: latest.due, reason: `关联的 ${onTime.length} 条信息均在公开时限（${n} 个工作日）内公开。`, publicReason: `关联信息均在公开时限（${n} 个工作日）内公开。`, itemId: null };
}

/** 每 N 个月: the newest item the public can see must be at most N months old. */
function periodic(months: number, items: readonly MonitorItem[], today: string): Assessment {
  const period = periodLabel(months);
  const latest = items
    .filter((i) => i.lastPublishedOn !== null)
    .sort((a, b) => (a.lastPublishedOn! < b.lastPublishedOn! ? 1 : a.lastPublishedOn! > b.lastPublishedOn! ? -1 : 0))[0];
  if (!latest) {
    const reason = items.length === 0 ? `按要求应${period}公开，但尚未关联任何信息。` : `按要求应${period}公开，但关联的信息均未公开。`;
    return { status: 'overdue', due: null, reason, publicReason: `按要求应${period}公开，目前没有已公开的信息。`, itemId: null };
  }
  const last = latest.lastPublishedOn!;
  const due = addMonths(last, months);
  if (today > due) {
    return {
      status: 'overdue',
      due,
      reason: `最近一次公开（“${latest.title}”）于 ${last}，按${period}更新应于 ${due} 前再次公开，已逾期。`,
      publicReason: `最近一次公开于 ${last}，按${period}更新应于 ${due} 前再次公开，已逾期。`,
      itemId: latest.id,
    };
  }
  return {
    status: 'ok',
    due,
    reason: `最近一次公开（“${latest.title}”）于 ${last}，下次应于 ${due} 前更新（${period}）。`,
    publicReason: `最近一次公开于 ${last}，下次应于 ${due} 前更新（${period}）。`,
    itemId: latest.id,
  };
}
