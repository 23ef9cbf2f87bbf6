import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UnknownCalendarYear } from '#platform/calendar/index.js';
import { buildTestApp, Client, makeStaff, seedSmallCity, type TestApp, fieldError } from '#test/app.js';

describe('working-day calendar kept by the coordinator', () => {
  let t: TestApp;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let coord: Client;
  let editor: Client;
  const actions = async (action: string) =>
    (await t.c.db.selectFrom('auditEntries').select('seq').where('action', '=', action).execute()).length;

  before(async () => {
    t = await buildTestApp();
    city = await seedSmallCity(t.c);
    const { totpSecret } = await makeStaff(t.c, 'cal-coord', city.city.id, [{ orgId: city.city.id, role: 'coordinator' }], { totp: true });
    await makeStaff(t.c, 'cal-editor', city.a.id, [{ orgId: city.a.id, role: 'editor' }]);
    coord = new Client(t.app);
    await coord.loginStaff('cal-coord', undefined, totpSecret);
    editor = new Client(t.app);
    await editor.loginStaff('cal-editor');
  });
  after(async () => t.close());

  it('shows the year with its grid and the State Council days to every staff member', async () => {
    const res = await editor.get('/staff/calendar?year=2024');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('2024-02-18'));
    assert.ok(res.body.includes('调休上班'));
    assert.ok(!res.body.includes('action="/staff/calendar/days'), 'no edit form for an editor');
    assert.ok((await editor.get('/staff/calendar?year=2027')).body.includes('2027 年的节假日安排尚未录入'));
  });

  it('lets the coordinator enter a city-wide local holiday that deadlines then skip, audited', async () => {
    const res = await coord.post('/staff/calendar/days?year=2026', { day: '2026-12-01', kind: 'off', name: '地方纪念日', scopeOrgId: '', note: '市政府通知' });
    assert.equal(res.statusCode, 303);
    const cal = await t.c.calendar.forAgency(city.b.path);
    assert.equal(cal.isWorkday('2026-12-01'), false);
    assert.equal(cal.addWorkdays('2026-11-30', 1).date, '2026-12-02');
    assert.equal(await actions('calendar.day-added'), 1);
    const again = await coord.post('/staff/calendar/days?year=2026', { day: '2026-12-01', kind: 'off', name: '重复', scopeOrgId: '' });
    assert.equal(again.statusCode, 409);
    assert.equal(fieldError(again.body, 'day'), '该日期在此范围内已有记录，请先删除原记录。');
  });

  it('applies a regional day only inside that region', async () => {
    assert.equal((await coord.post('/staff/calendar/days?year=2026', { day: '2026-12-03', kind: 'off', name: '区域节日', scopeOrgId: city.a.id })).statusCode, 303);
    assert.equal((await t.c.calendar.forAgency(city.a1.path)).isWorkday('2026-12-03'), false);
    assert.equal((await t.c.calendar.forAgency(city.b.path)).isWorkday('2026-12-03'), true);
  });

  it('refuses bad input with a Chinese message next to the field and saves nothing', async () => {
    const before = await actions('calendar.day-added');
    for (const [form, field] of [
      [{ day: '2026-02-30', kind: 'off', name: 'x' }, 'day'],
      [{ day: '2026-12-05', kind: 'maybe', name: 'x' }, 'kind'],
      [{ day: '2026-12-05', kind: 'off', name: '' }, 'name'],
    ] as const) {
      const res = await coord.post('/staff/calendar/days?year=2026', { ...form, scopeOrgId: '' });
      assert.equal(res.statusCode, 400, field);
      assert.match(fieldError(res.body, field) ?? '', /[\u4e00-\u9fff]/, field);
    }
    assert.equal(await actions('calendar.day-added'), before);
  });

  it('refuses changes by anyone but the coordinator', async () => {
    const res = await editor.post('/staff/calendar/days?year=2026', { day: '2026-12-07', kind: 'off', name: '越权', scopeOrgId: '' });
    assert.equal(res.statusCode, 403);
    assert.equal((await t.c.calendar.forAgency(null)).isWorkday('2026-12-07'), true);
  });

  it('makes a year known once confirmed, and lets a deleted day count again', async () => {
    await assert.rejects(async () => (await t.c.calendar.forAgency(null)).isWorkday('2027-03-01'), UnknownCalendarYear);
    assert.equal((await coord.post('/staff/calendar/years?year=2027', { year: '2027', note: '国务院办公厅关于2027年部分节假日安排的通知' })).statusCode, 303);
    assert.equal((await t.c.calendar.forAgency(null)).isWorkday('2027-03-01'), true);
    const day = await t.c.db.selectFrom('calendarDays').select('id').where('day', '=', '2026-12-01').executeTakeFirstOrThrow();
    assert.equal((await coord.post(`/staff/calendar/days/${day.id}/delete?year=2026`, {})).statusCode, 303);
    assert.equal((await t.c.calendar.forAgency(null)).isWorkday('2026-12-01'), true);
    assert.equal(await actions('calendar.year-marked'), 1);
    assert.equal(await actions('calendar.day-removed'), 1);
    assert.equal((await t.c.audit.verify()).ok, true);
  });
});
