/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import { dateOf, dayNumber, type DayInfo } from '#platform/calendar/index.js';
import type { FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from '#modules/org/index.js';
import { canEditCalendar, type CalendarService } from './calendar.service.js';

const WEEKDAYS_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAYS_EN = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

/** One month drawn as a grid: days off shaded, 调休 working days marked, with text for each. */
function MonthGrid({ v, year, month, info }: { v: ViewCtx; year: number; month: number; info: (d: string) => DayInfo | null }) {
  const first = dayNumber(`${year}-${String(month).padStart(2, '0')}-01`);
  const lead = (new Date(first * 86_400_000).getUTCDay() + 6) % 7;
  const days: (string | null)[] = [...Array<null>(lead).fill(null)];
  for (let d = first; dateOf(d).slice(5, 7) === String(month).padStart(2, '0'); d++) days.push(dateOf(d));
  return (
    <table class="month">
      <caption>{tr(v, `${month} 月`, `Month ${month}`)}</caption>
      <thead>
        <tr>
          {(v.lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH).map((w) => (
            <th scope="col" key={w}>
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: Math.ceil(days.length / 7) }, (_, row) => (
          <tr key={row}>
            {days.slice(row * 7, row * 7 + 7).map((d, i) => {
              if (!d) return <td key={`e${i}`} />;
              const x = info(d);
              const cls = !x ? 'unknown' : x.kind === 'holiday' ? 'off holiday' : x.kind === 'weekend' ? 'off' : x.kind === 'adjusted-workday' ? 'adjusted' : '';
              const label = !x ? tr(v, '未知', 'unknown') : x.kind === 'holiday' ? `${x.name ?? ''} ${tr(v, '放假', 'day off')}` : x.kind === 'adjusted-workday' ? `${x.name ?? ''} ${tr(v, '调休上班', 'adjusted working day')}` : x.kind === 'weekend' ? tr(v, '周末', 'weekend') : tr(v, '工作日', 'working day');
              return (
                <td key={d} class={cls} title={label}>
                  <span aria-hidden="true">{Number(d.slice(8))}</span>
                  <span class="visually-hidden">{`${d} ${label}`}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The coordinator's working-day calendar page; everyone on the staff may read it. */
export function calendarStaffRoutes({ calendar, orgs }: { calendar: CalendarService; orgs: OrgService }): FastifyPluginAsync {
  return async (app) => {
    const page = async (req: Parameters<typeof viewCtx>[0], year: number, errors: FieldErrors = {}, message?: string, values: Record<string, string> = {}, notice?: string) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, notice);
      const o = await calendar.overview(year);
      const cal = o.cityWide;
      const known = cal.knownYears.includes(year);
      const info = (d: string): DayInfo | null => (known ? cal.info(d) : null);
      const canEdit = canEditCalendar(actor, null);
      const scopes = (await orgs.staffScope(actor)).filter((s) => ['district', 'county', 'township', 'subdistrict'].includes(s.kind));
      return (
        <StaffPage v={v} title={tr(v, `工作日历 ${year}`, `Working-day calendar ${year}`)}>
          <h1>{tr(v, `工作日历 · ${year} 年`, `Working-day calendar · ${year}`)}</h1>
          <p class="lead">{tr(v, '所有期限（依申请公开答复、主动公开时限等）都按此日历计算工作日：国务院节假日安排，加上本级录入的地方节假日和调休。', 'Every deadline counts working days on this calendar: the State Council arrangements plus local entries.')}</p>
          <nav class="actions" aria-label={tr(v, '年份', 'Years')}>
            <a href={`/staff/calendar?year=${year - 1}`}>← {year - 1}</a>
            <a href={`/staff/calendar?year=${year + 1}`}>{year + 1} →</a>
          </nav>
          {known ? null : (
            <p class="notice warn" lang="zh-CN">
              {`${year} 年的节假日安排尚未录入：涉及该年的期限无法计算，系统不会按普通周末推算。请在国务院通知发布后录入各日期，并确认该年安排。`}
            </p>
          )}
          <div class="legend" aria-hidden="true">
            <span class="swatch holiday">{tr(v, '节假日', 'Holiday')}</span> <span class="swatch off">{tr(v, '周末', 'Weekend')}</span> <span class="swatch adjusted">{tr(v, '调休上班', 'Adjusted working day')}</span>
          </div>
          <div class="months">
            {Array.from({ length: 12 }, (_, i) => (
              <MonthGrid key={i} v={v} year={year} month={i + 1} info={info} />
            ))}
          </div>
          <h2>{tr(v, '国务院节假日安排', 'State Council arrangement')}</h2>
          {o.official.length === 0 ? (
            <p class="empty">{tr(v, '本年度无内置数据。', 'No bundled data for this year.')}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{tr(v, '日期', 'Date')}</th>
                  <th scope="col">{tr(v, '名称', 'Name')}</th>
                  <th scope="col">{tr(v, '类型', 'Kind')}</th>
                </tr>
              </thead>
              <tbody>
                {o.official.map((d) => (
                  <tr key={d.date}>
                    <td>{d.date}</td>
                    <td>{d.name}</td>
                    <td>{d.isOffDay ? tr(v, '放假', 'Day off') : tr(v, '调休上班', 'Adjusted working day')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>{tr(v, '本级录入的日期', 'Entered here')}</h2>
          {o.local.length === 0 ? (
            <p class="empty">{tr(v, '暂无。', 'None.')}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{tr(v, '日期', 'Date')}</th>
                  <th scope="col">{tr(v, '名称', 'Name')}</th>
                  <th scope="col">{tr(v, '类型', 'Kind')}</th>
                  <th scope="col">{tr(v, '适用范围', 'Applies to')}</th>
                  {canEdit ? <th scope="col">{tr(v, '操作', 'Action')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {o.local.map((d) => (
                  <tr key={d.id}>
                    <td>{d.day}</td>
                    <td>{d.name}</td>
                    <td>{d.isOffDay ? tr(v, '放假', 'Day off') : tr(v, '调休上班', 'Adjusted working day')}</td>
                    <td>{d.scopeName ?? tr(v, '全市', 'City-wide')}</td>
                    {canEdit ? (
                      <td>
                        <Form action={`/staff/calendar/days/${d.id}/delete?year=${year}`} csrf={v.csrfToken} class="inline-form">
                          <button type="submit" class="link-button">
                            {tr(v, '删除', 'Delete')}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canEdit ? (
            <>
              <h2>{tr(v, '录入日期', 'Enter a day')}</h2>
              <Form action={`/staff/calendar/days?year=${year}`} csrf={v.csrfToken}>
                <ErrorSummary errors={errors} message={message} title={tr(v, '未能保存', 'Not saved')} />
                <Field name="day" type="date" label={tr(v, '日期', 'Date')} value={values.day} errors={errors} required />
                <SelectField name="kind" label={tr(v, '类型', 'Kind')} value={values.kind} errors={errors} required options={[{ value: '', label: tr(v, '请选择', 'Choose') }, { value: 'off', label: tr(v, '放假', 'Day off') }, { value: 'work', label: tr(v, '调休上班', 'Adjusted working day') }]} />
                <Field name="name" label={tr(v, '名称（如 春节、地方节日）', 'Name (e.g. 春节)')} value={values.name} errors={errors} required maxLength={60} />
                <SelectField name="scopeOrgId" label={tr(v, '适用范围', 'Applies to')} value={values.scopeOrgId} errors={errors} options={[{ value: '', label: tr(v, '全市', 'City-wide') }, ...scopes.map((s) => ({ value: s.id, label: `${'　'.repeat(Math.max(0, s.depth - 1))}${s.name}` }))]} />
                <Field name="note" label={tr(v, '依据或说明', 'Basis or note')} value={values.note} errors={errors} maxLength={200} />
                <button type="submit">{v.t('save')}</button>
              </Form>
              <h2>{tr(v, '确认年度安排', 'Confirm a year')}</h2>
              <p>{tr(v, '录入国务院通知的全部日期后，确认该年安排，期限才会计算到该年。', 'After entering every day of the notice, confirm the year so that deadlines may count into it.')}</p>
              <Form action={`/staff/calendar/years?year=${year}`} csrf={v.csrfToken}>
                <input type="hidden" name="year" value={String(year)} />
                <Field name="note" label={tr(v, '依据（通知名称或文号）', 'Basis (the notice)')} errors={errors} required maxLength={200} />
                <button type="submit">{tr(v, `确认 ${year} 年安排已完整录入`, `Confirm ${year} is complete`)}</button>
              </Form>
            </>
          ) : null}
        </StaffPage>
      );
    };
    const yearOf = (q: unknown) => {
      const y = Number((q as { year?: string }).year);
      return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : new Date().getUTCFullYear();
    };

    app.get('/staff/calendar', async (req, reply) => sendPage(reply, await page(req, yearOf(req.query), {}, undefined, {}, takeNotice(req, reply))));

    app.post('/staff/calendar/days', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => calendar.addDay(actor, values));
      if (!r.ok) return sendPage(reply, await page(req, yearOf(req.query), r.errors, r.message, values), r.status);
      return redirectWithNotice(reply, `/staff/calendar?year=${yearOf(req.query)}`, '日期已录入。');
    });

    app.post<{ Params: { id: string } }>('/staff/calendar/days/:id/delete', async (req, reply) => {
      const actor = requireStaff(req);
      await calendar.removeDay(actor, req.params.id);
      return redirectWithNotice(reply, `/staff/calendar?year=${yearOf(req.query)}`, '记录已删除。');
    });

    app.post('/staff/calendar/years', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => calendar.markYear(actor, values));
      if (!r.ok) return sendPage(reply, await page(req, yearOf(req.query), r.errors, r.message), r.status);
      return redirectWithNotice(reply, `/staff/calendar?year=${yearOf(req.query)}`, '年度安排已确认。');
    });
  };
}
