/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import { chinaDateTime } from '#platform/clock.js';
import { sendPage, viewCtx } from '#platform/http/request-context.js';
import { tr } from '#platform/views/context.js';
import { Field, Pager, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { ScrollRegion } from '#platform/views/table.js';
import { pageNumber } from '#platform/validation.js';
import type { AuditService } from './audit.service.js';

const PAGE_SIZE = 50;

function parseDay(s: string | undefined): Date | undefined {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The audit browser: entries of the actor's agencies, filtered and paged. */
export function auditStaffRoutes({ audit }: { audit: AuditService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Record<string, string | undefined> }>('/staff/audit', async (req, reply) => {
      const actor = req.actor;
      if (actor.kind !== 'user' || actor.userKind !== 'staff') return reply.redirect('/staff/login?next=/staff/audit', 303);
      const q = req.query;
      const page = pageNumber(q.page);
      const from = parseDay(q.from);
      const toDay = parseDay(q.to);
      const filter = {
        orgId: /^[1-9]\d*$/.test(q.orgId ?? '') ? q.orgId : undefined,
        actor: q.actor?.trim().toLowerCase().slice(0, 64) || undefined,
        action: /^[a-z.-]{1,60}$/.test(q.action ?? '') ? q.action : undefined,
        from,
        to: toDay ? new Date(toDay.getTime() + 86_400_000) : undefined,
      };
      const v = viewCtx(req);
      const result = await audit.browse(actor, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const actions = await audit.actions();
      const params = new URLSearchParams(Object.entries({ orgId: filter.orgId, actor: filter.actor, action: filter.action, from: q.from && from ? q.from : undefined, to: q.to && toDay ? q.to : undefined }).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return sendPage(
        reply,
        <StaffPage v={v} title={v.t('staff.audit')}>
          <h1>{v.t('staff.audit')}</h1>
          <p class="lead">{tr(v, '每一项变更都在同一事务中留痕，记录不可修改，且以哈希链相连，可用 gongkai audit verify 校验。', 'Every change is recorded in its own transaction; entries cannot be changed and are hash-chained (check with gongkai audit verify).')}</p>
          <form method="get" action="/staff/audit" class="filters" role="search">
            <SelectField name="action" label={tr(v, '操作', 'Action')} value={filter.action ?? ''} options={[{ value: '', label: tr(v, '全部', 'All') }, ...actions.map((a) => ({ value: a, label: a }))]} />
            <Field name="actor" label={tr(v, '操作人（用户名）', 'Actor (user name)')} value={filter.actor} maxLength={64} />
            <Field name="from" type="date" label={tr(v, '起始日期', 'From')} value={q.from && from ? q.from : ''} />
            <Field name="to" type="date" label={tr(v, '截止日期', 'To')} value={q.to && toDay ? q.to : ''} />
            {filter.orgId ? <input type="hidden" name="orgId" value={filter.orgId} /> : null}
            <button type="submit">{v.t('search')}</button>
          </form>
          {result.rows.length === 0 ? (
            <p class="empty">{tr(v, '没有符合条件的留痕记录。', 'No entries match.')}</p>
          ) : (
            <ScrollRegion label={v.t('staff.audit')}>
              <table class="data audit">
                <caption class="visually-hidden">{v.t('staff.audit')}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{tr(v, '时间（北京时间）', 'Time (UTC+8)')}</th>
                    <th scope="col">{tr(v, '操作人', 'Actor')}</th>
                    <th scope="col">{tr(v, '机构', 'Agency')}</th>
                    <th scope="col">{tr(v, '操作', 'Action')}</th>
                    <th scope="col">{tr(v, '对象', 'Subject')}</th>
                    <th scope="col">{tr(v, '摘要', 'Summary')}</th>
                    <th scope="col">IP</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>
                        <time dateTime={e.occurredAt.toISOString()}>{chinaDateTime(e.occurredAt, 'second')}</time>
                      </td>
                      <td>{e.actorLabel}</td>
                      <td>{e.orgName ?? '—'}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>
                        {e.subjectType}
                        {e.subjectId ? ` #${e.subjectId}` : ''}
                      </td>
                      <td class="summary">{Object.keys(e.summary).length > 0 ? JSON.stringify(e.summary) : ''}</td>
                      <td>{e.ip ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <Pager base={`/staff/audit?${params.toString()}`} page={page} pageSize={PAGE_SIZE} total={result.total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: v.t('pager.page', { page, pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)), total: result.total }) }} />
        </StaffPage>,
      );
    });
  };
}
