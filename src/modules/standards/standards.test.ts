import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCalendar, officialNotices, UnknownCalendarYear } from '#platform/calendar/index.js';
import { addMonths, assessEntry, type MonitorEntry, type MonitorItem, type MonitorStatus } from './monitor.js';
import { isSectorCode, sectorCatalogue, SECTORS } from './sectors.js';
import { EntryInput } from './standards.schema.js';
import { CHANNELS, isArea, isChannel, limitFromText } from './vocabulary.js';

/** The bundled State Council notices: 2026 is known, 2027 is not. */
const cal = createCalendar(officialNotices());

const wd20: MonitorEntry = { limitKind: 'workdays', limitValue: 20, method: 'proactive' };
const monthly: MonitorEntry = { limitKind: 'periodic', limitValue: 1, method: 'proactive' };
const quarterly: MonitorEntry = { limitKind: 'periodic', limitValue: 3, method: 'proactive' };
const yearly: MonitorEntry = { limitKind: 'periodic', limitValue: 12, method: 'proactive' };

/** An item: generated on `gen`, first published on `pub` (null: not yet), public now unless said otherwise. */
const item = (id: string, gen: string, pub: string | null, opts: { last?: string | null } = {}): MonitorItem => ({
  id,
  title: `信息${id}`,
  generatedOn: gen,
  firstPublishedOn: pub,
  lastPublishedOn: opts.last !== undefined ? opts.last : pub,
});

/*
 * 国庆 2026 by hand: generated Thu 2026-09-24; Sep 25–27 中秋 off; Sep 28, 29, 30 = wd 1–3; Oct 1–7
 * off; Oct 8, 9 = wd 4–5; Sat Oct 10 is 调休 work = wd 6; Oct 12–16 = wd 7–11; Oct 19–23 = wd 12–16;
 * Oct 26–29 = wd 17–20. Due 2026-10-29 (counting plain weekdays only would give 2026-10-22).
 */
const DUE_NATIONAL_DAY = '2026-10-29';

const CASES: { name: string; entry: MonitorEntry; items: MonitorItem[]; today: string; status: MonitorStatus; due: string | null; reason?: RegExp }[] = [
  // 工作日 across 国庆 2026
  { name: 'published on the due date across 国庆 is on time', entry: wd20, items: [item('1', '2026-09-24', DUE_NATIONAL_DAY)], today: '2026-11-20', status: 'ok', due: DUE_NATIONAL_DAY, reason: /均在公开时限/ },
  { name: 'published a week after the weekday-only date is still on time (holidays skipped)', entry: wd20, items: [item('1', '2026-09-24', '2026-10-28')], today: '2026-11-20', status: 'ok', due: DUE_NATIONAL_DAY },
  { name: 'published the day after the due date is late', entry: wd20, items: [item('1', '2026-09-24', '2026-10-30')], today: '2026-11-20', status: 'late', due: DUE_NATIONAL_DAY, reason: /应于 2026-10-29 前公开，实际于 2026-10-30 公开/ },
  { name: 'not yet published on the due date is still within the limit', entry: wd20, items: [item('1', '2026-09-24', null)], today: DUE_NATIONAL_DAY, status: 'ok', due: DUE_NATIONAL_DAY, reason: /待公开/ },
  { name: 'not yet published the day after the due date is overdue', entry: wd20, items: [item('1', '2026-09-24', null)], today: '2026-10-30', status: 'overdue', due: DUE_NATIONAL_DAY, reason: /截至 2026-10-30 尚未公开/ },
  { name: 'overdue wins over late and on time', entry: wd20, items: [item('1', '2026-09-24', '2026-10-30'), item('2', '2026-06-01', '2026-06-02'), item('3', '2026-09-01', null)], today: '2026-11-20', status: 'overdue', due: '2026-09-29' },
  { name: 'late wins over on time', entry: wd20, items: [item('2', '2026-06-01', '2026-06-02'), item('1', '2026-09-24', '2026-10-30')], today: '2026-11-20', status: 'late', due: DUE_NATIONAL_DAY },
  { name: 'a withdrawn item that was published in time still counts as on time', entry: wd20, items: [item('1', '2026-09-24', '2026-10-09', { last: null })], today: '2026-12-01', status: 'ok', due: DUE_NATIONAL_DAY },
  { name: 'a 5-working-day limit across 国庆', entry: { ...wd20, limitValue: 5 }, items: [item('1', '2026-09-24', '2026-10-09')], today: '2026-11-20', status: 'ok', due: '2026-10-09' },
  { name: 'no linked item: 尚未关联信息', entry: wd20, items: [], today: '2026-11-20', status: 'unlinked', due: null, reason: /尚未关联信息/ },
  { name: 'a due date in 2027 (no notice yet) is unknown', entry: wd20, items: [item('1', '2026-12-20', null)], today: '2026-12-21', status: 'unknown', due: null, reason: /2027 年的节假日安排尚未录入/ },
  { name: 'overdue wins over unknown', entry: wd20, items: [item('1', '2026-12-20', null), item('2', '2026-09-24', null)], today: '2026-12-21', status: 'overdue', due: DUE_NATIONAL_DAY },
  // 每 N 个月
  { name: 'monthly: 01-31 + 1 month is 02-28, still on time that day', entry: monthly, items: [item('1', '2026-01-30', '2026-01-31')], today: '2026-02-28', status: 'ok', due: '2026-02-28', reason: /下次应于 2026-02-28 前更新（每月）/ },
  { name: 'monthly: overdue the next day', entry: monthly, items: [item('1', '2026-01-30', '2026-01-31')], today: '2026-03-01', status: 'overdue', due: '2026-02-28', reason: /按每月更新应于 2026-02-28 前再次公开/ },
  { name: 'monthly: the newest public item counts, not the first', entry: monthly, items: [item('1', '2026-01-05', '2026-01-06'), item('2', '2026-03-02', '2026-03-03')], today: '2026-03-20', status: 'ok', due: '2026-04-03' },
  { name: 'monthly: a revision counts as the latest publication', entry: monthly, items: [item('1', '2026-01-05', '2026-01-06', { last: '2026-03-10' })], today: '2026-04-01', status: 'ok', due: '2026-04-10' },
  { name: 'monthly: a withdrawn item does not count as current', entry: monthly, items: [item('1', '2026-03-05', '2026-03-06', { last: null })], today: '2026-03-07', status: 'overdue', due: null, reason: /关联的信息均未公开/ },
  { name: 'quarterly: on time on the due date', entry: quarterly, items: [item('1', '2026-03-10', '2026-03-15')], today: '2026-06-15', status: 'ok', due: '2026-06-15', reason: /每季度/ },
  { name: 'quarterly: overdue after it', entry: quarterly, items: [item('1', '2026-03-10', '2026-03-15')], today: '2026-06-16', status: 'overdue', due: '2026-06-15' },
  { name: 'yearly: on time within 12 months', entry: yearly, items: [item('1', '2025-05-30', '2025-06-01')], today: '2026-06-01', status: 'ok', due: '2026-06-01', reason: /每年/ },
  { name: 'yearly: overdue after 12 months', entry: yearly, items: [item('1', '2025-05-30', '2025-06-01')], today: '2026-06-02', status: 'overdue', due: '2026-06-01' },
  { name: 'periodic with nothing linked is overdue for a 主动 entry', entry: yearly, items: [], today: '2026-06-02', status: 'overdue', due: null, reason: /尚未关联任何信息/ },
  { name: 'periodic never needs the calendar (2027 dates are fine)', entry: monthly, items: [item('1', '2027-01-02', '2027-01-03')], today: '2027-01-20', status: 'ok', due: '2027-02-03' },
  // Not monitored
  { name: '依申请 is not monitored, even with overdue-looking items', entry: { ...wd20, method: 'on_request' }, items: [item('1', '2026-01-05', null)], today: '2026-11-20', status: 'not-monitored', due: null, reason: /依申请/ },
  { name: '依申请 periodic is not monitored', entry: { ...monthly, method: 'on_request' }, items: [], today: '2026-11-20', status: 'not-monitored', due: null },
  { name: '实时/及时/长期 (none) is not monitored', entry: { limitKind: 'none', limitValue: null, method: 'proactive' }, items: [], today: '2026-11-20', status: 'not-monitored', due: null, reason: /实时/ },
];

describe('standard catalogue timeliness monitor', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const a = assessEntry(c.entry, c.items, c.today, cal);
      assert.equal(a.status, c.status);
      assert.equal(a.due, c.due);
      if (c.reason) assert.match(a.reason, c.reason);
    });
  }

  it('never names an item in the public reason', () => {
    for (const c of CASES) {
      const a = assessEntry(c.entry, c.items, c.today, cal);
      for (const i of c.items) assert.ok(!a.publicReason.includes(i.title), `${c.name}: ${a.publicReason}`);
    }
  });

  it('lets errors other than an unknown calendar year through', () => {
    const broken = { addWorkdays: () => { throw new RangeError('boom'); } };
    assert.throws(() => assessEntry(wd20, [item('1', '2026-09-24', null)], '2026-10-01', broken), RangeError);
    const unknown = { addWorkdays: () => { throw new UnknownCalendarYear(2027); } };
    assert.equal(assessEntry(wd20, [item('1', '2026-09-24', null)], '2026-10-01', unknown).status, 'unknown');
  });

  it('adds calendar months with the month-end clamped', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
    assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
    assert.throws(() => addMonths('2026-02-30', 1));
  });
});

describe('公开时限 read as a monitored limit', () => {
  const TEXTS: [string, ReturnType<typeof limitFromText>][] = [
    ['信息形成或者变更之日起20个工作日内', { kind: 'workdays', value: 20 }],
    ['自信息形成之日起 15 个工作日内', { kind: 'workdays', value: 15 }],
    ['二十个工作日内', { kind: 'workdays', value: 20 }],
    ['七个工作日内', { kind: 'workdays', value: 7 }],
    ['每月公示', { kind: 'periodic', value: 1 }],
    ['每季度公开', { kind: 'periodic', value: 3 }],
    ['每半年更新', { kind: 'periodic', value: 6 }],
    ['每年第一季度公开上年度情况', { kind: 'periodic', value: 12 }],
    ['预算批复后20日内，每年公开', { kind: 'periodic', value: 12 }],
    ['实时', { kind: 'none', value: null }],
    ['及时公开，长期有效', { kind: 'none', value: null }],
    ['长期公开', { kind: 'none', value: null }],
    ['按有关规定', null],
  ];
  for (const [text, expected] of TEXTS) it(`“${text}”`, () => assert.deepEqual(limitFromText(text), expected));
});

describe('sector standard catalogues', () => {
  const REQUIRED = ['water', 'gas', 'health', 'transport', 'power', 'heating', 'education'];

  it('covers the seven required sectors, and nothing for an unknown one', () => {
    for (const s of REQUIRED) {
      assert.ok(isSectorCode(s), s);
      assert.ok(sectorCatalogue(s).length >= 12, s);
    }
    assert.deepEqual(sectorCatalogue('telecom'), []);
    assert.deepEqual(sectorCatalogue('nonsense'), []);
    assert.equal(SECTORS.length, new Set(SECTORS.map((s) => s.code)).size);
  });

  it('holds the typical utility catalogue of §7.2 in every sector', () => {
    const common = ['单位概况', '领导信息', '机构职能', '服务网点', '法律法规和标准', '规章制度和服务标准', '信息公开目录和指南', '价格和收费依据', '维修及相关服务收费', '办事流程', '投诉渠道'];
    for (const s of SECTORS) {
      const names = sectorCatalogue(s.code).map((e) => e.level2);
      for (const n of common) assert.ok(names.includes(n), `${s.code}: ${n}`);
    }
    assert.ok(sectorCatalogue('water').some((e) => e.level2 === '停水通知' && e.limitKind === 'none'));
    assert.ok(sectorCatalogue('gas').some((e) => e.level2 === '停气/检修通知'));
    assert.equal(sectorCatalogue('water').find((e) => e.level2 === '价格和收费依据')?.timeLimit, '信息形成或者变更之日起20个工作日内');
  });

  it('gives entries that the entry form accepts, with valid codes and unique names', () => {
    for (const s of SECTORS) {
      const list = sectorCatalogue(s.code);
      assert.equal(new Set(list.map((e) => `${e.level1}/${e.level2}`)).size, list.length, s.code);
      for (const e of list) {
        assert.ok(isArea(e.area), `${s.code}: area ${e.area}`);
        assert.ok(e.channels.length > 0 && e.channels.every(isChannel), `${s.code}: channels`);
        const parsed = EntryInput.safeParse({ ...e, channels: [...e.channels], levels: ['city'], limitValue: e.limitValue === null ? '' : String(e.limitValue), audienceNote: e.audienceNote ?? '' });
        assert.ok(parsed.success, `${s.code} ${e.level2}: ${JSON.stringify(parsed.error?.issues)}`);
        assert.equal(parsed.data.limitKind, e.limitKind);
      }
    }
  });

  it('lists all fourteen channels of the national template', () => {
    assert.equal(CHANNELS.length, 14);
    assert.ok(CHANNELS.some((c) => c.zh === '社区/企事业单位/村公示栏（电子屏）'));
  });
});
