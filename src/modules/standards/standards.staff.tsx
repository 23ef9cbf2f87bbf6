/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { chinaDate } from '#platform/clock.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import type { FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { pageNumber } from '#platform/validation.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { CheckboxGroup, ErrorSummary, Field, Form, Pager, SelectField, TextareaField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import { requireStaff } from '#modules/auth/index.js';
import { MONITOR_STATUSES } from './monitor.js';
import { MAX_MONTHS, MAX_WORKDAYS } from './standards.schema.js';
import type { StandardEntryRow } from './standards.repository.js';
import type { StandardsService } from './standards.service.js';
import { areaText, audienceText, channelsText, levelsText, methodText, StatusFigures, statusLabel, StatusTag, zhLang } from './standards.views.js';
import { AREAS, AUDIENCE_LABELS, AUDIENCES, CHANNELS, LEVELS, LIMIT_KIND_LABELS, LIMIT_KINDS, METHOD_LABELS, METHODS } from './vocabulary.js';

/** Form values: text fields as strings, the checkbox groups as lists. */
type EntryValues = Record<string, string | string[]>;

const text = (values: EntryValues, k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
const list = (values: EntryValues, k: string): string[] => (Array.isArray(values[k]) ? values[k] : []);

const LISTS = ['channels', 'levels'] as const;

/** Reads the entry form, keeping every ticked box of the checkbox groups. */
function entryValues(req: FastifyRequest): EntryValues {
  const values: EntryValues = { ...formValues(req) };
  const body = (req.body ?? {}) as Record<string, unknown>;
  for (const k of LISTS) {
    const raw = body[k];
    values[k] = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string');
  }
  return values;
}

/** The entry's columns as form values. */
function valuesOf(e: StandardEntryRow): EntryValues {
  return {
    area: e.area,
    level1: e.level1,
    level2: e.level2,
    content: e.content,
    basis: e.basis,
    timeLimit: e.timeLimit,
    limitKind: e.limitKind,
    limitValue: e.limitValue === null ? '' : String(e.limitValue),
    subject: e.subject,
    audience: e.audience,
    audienceNote: e.audienceNote ?? '',
    method: e.method,
    sortOrder: String(e.sortOrder),
    channels: e.channels,
    levels: e.levels,
  };
}

/** The page for someone whose roles reach no agency with a standard catalogue (403). */
function noAccess(reply: FastifyReply, v: ViewCtx) {
  const title = tr(v, '基层政务公开标准目录', 'Standard disclosure catalogue');
  return sendPage(
    reply,
    <StaffPage v={v} title={title}>
      <h1>{title}</h1>
      <p class="notice warn">{tr(v, '您没有查看标准目录的权限。', 'You may not see standard catalogues.')}</p>
    </StaffPage>,
    403,
  );
}

/** The nine columns (and area, order, monitoring) as one form. */
function EntryForm({ v, action, values, errors, message, cityLevel, submit }: { v: ViewCtx; action: string; values: EntryValues; errors: FieldErrors; message?: string | undefined; cityLevel: boolean; submit: string }) {
  const levels = LEVELS.filter((l) => l.code !== 'city' || cityLevel || list(values, 'levels').includes('city'));
  return (
    <Form action={action} csrf={v.csrfToken}>
      <ErrorSummary errors={errors} message={message} title={tr(v, '未能保存', 'Not saved')} />
      <SelectField name="area" label={tr(v, '领域', 'Area')} value={text(values, 'area')} errors={errors} required options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...AREAS.map((a) => ({ value: a.code, label: tr(v, a.zh, a.en) }))]} />
      <fieldset>
        <legend>{tr(v, '公开事项', 'Disclosure item')}</legend>
        <Field name="level1" label={tr(v, '一级事项', 'First-level item')} value={text(values, 'level1')} errors={errors} required maxLength={60} />
        <Field name="level2" label={tr(v, '二级事项', 'Second-level item')} value={text(values, 'level2')} errors={errors} required maxLength={100} />
      </fieldset>
      <TextareaField name="content" label={tr(v, '公开内容（要素）', 'Content (elements)')} value={text(values, 'content')} errors={errors} required rows={3} maxLength={2000} />
      <TextareaField name="basis" label={tr(v, '公开依据', 'Legal basis')} value={text(values, 'basis')} errors={errors} required rows={3} maxLength={2000} />
      <fieldset>
        <legend>{tr(v, '公开时限', 'Time limit')}</legend>
        <Field name="timeLimit" label={tr(v, '公开时限（按目录原文填写）', 'Time limit as written')} hint={tr(v, '例如：信息形成或者变更之日起20个工作日内；每月10日前；实时。', 'E.g. within 20 working days of formation or change; monthly; real time.')} value={text(values, 'timeLimit')} errors={errors} required maxLength={200} />
        <SelectField
          name="limitKind"
          label={tr(v, '时限监测方式', 'How the monitor checks it')}
          value={text(values, 'limitKind')}
          errors={errors}
          options={[{ value: '', label: tr(v, '按公开时限文字自动判断', 'Read it from the time limit') }, ...LIMIT_KINDS.map((k) => ({ value: k, label: tr(v, LIMIT_KIND_LABELS[k].zh, LIMIT_KIND_LABELS[k].en) }))]}
        />
        <Field name="limitValue" label={tr(v, '时限数值（工作日数或月数）', 'Number (working days or months)')} hint={tr(v, `工作日 1–${MAX_WORKDAYS}；周期 1–${MAX_MONTHS} 个月（每月 1、每季度 3、每年 12）。自动判断或不监测时可留空。`, `Working days 1–${MAX_WORKDAYS}; months 1–${MAX_MONTHS}. Leave empty when read from the text or not monitored.`)} value={text(values, 'limitValue')} errors={errors} inputmode="numeric" maxLength={3} />
      </fieldset>
      <Field name="subject" label={tr(v, '公开主体', 'Responsible body')} hint={tr(v, '留空则为本机构名称。', 'Empty: the agency’s name.')} value={text(values, 'subject')} errors={errors} maxLength={100} />
      <CheckboxGroup name="channels" legend={tr(v, '公开渠道和载体', 'Channels')} required values={list(values, 'channels')} errors={errors} options={CHANNELS.map((c) => ({ value: c.code, label: tr(v, c.zh, c.en) }))} />
      <SelectField name="audience" label={tr(v, '公开对象', 'Audience')} value={text(values, 'audience')} errors={errors} options={AUDIENCES.map((a) => ({ value: a, label: tr(v, AUDIENCE_LABELS[a].zh, AUDIENCE_LABELS[a].en) }))} />
      <Field name="audienceNote" label={tr(v, '公开对象说明（特定群体时必填）', 'Which groups (required for specific groups)')} value={text(values, 'audienceNote')} errors={errors} maxLength={200} />
      <SelectField name="method" label={tr(v, '公开方式', 'Method')} value={text(values, 'method')} errors={errors} options={METHODS.map((m) => ({ value: m, label: tr(v, METHOD_LABELS[m].zh, METHOD_LABELS[m].en) }))} />
      <CheckboxGroup name="levels" legend={tr(v, '公开层级', 'Levels')} required values={list(values, 'levels')} errors={errors} options={levels.map((l) => ({ value: l.code, label: tr(v, l.zh, l.en) }))} />
      <Field name="sortOrder" label={tr(v, '排序号', 'Sort order')} hint={tr(v, '数字小的在前；留空则排在最后。', 'Smaller first; empty: at the end.')} value={text(values, 'sortOrder')} errors={errors} inputmode="numeric" maxLength={6} />
      <button type="submit">{submit}</button>
    </Form>
  );
}

/** The workspace pages of the standard catalogue: list with the monitor, entry forms, links, import. */
export function standardsStaffRoutes({ standards }: { standards: StandardsService }): FastifyPluginAsync {
  return async (app) => {
    const title = (v: ViewCtx) => tr(v, '基层政务公开标准目录', 'Standard disclosure catalogue');

    const listPage = async (req: FastifyRequest, reply: FastifyReply, form: { errors?: FieldErrors; message?: string; status?: number; notice?: string | undefined; orgId?: string } = {}) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, form.notice);
      const q = req.query as { org?: string; area?: string; status?: string; page?: string };
      const agencies = await standards.agencies(actor);
      if (agencies.length === 0) return noAccess(reply, v);
      const orgId = form.orgId ?? q.org ?? agencies[0]!.id;
      const o = await standards.overview(actor, orgId, { area: q.area, status: q.status, page: pageNumber(q.page) });
      const base = (p: Record<string, string | undefined>) => {
        const s = new URLSearchParams(Object.entries({ org: o.org.id, ...p }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
        return `/staff/standards?${s.toString()}`;
      };
      const sectors = standards.sectors();
      const pages = Math.max(1, Math.ceil(o.total / o.pageSize));
      return sendPage(
        reply,
        <StaffPage v={v} title={title(v)}>
          <h1>{title(v)}</h1>
          <p class="lead">
            {tr(
              v,
              '按国办发〔2019〕54号要求编制的公开事项目录：每个事项写明公开内容、依据、时限、主体、渠道、对象、方式和层级。系统按公开时限检查关联信息是否按时公开。',
              'The catalogue of disclosure items required of base-level governments: content, basis, time limit, body, channels, audience, method and level for each. The monitor checks the linked items against the time limit.',
            )}
          </p>
          <form method="get" action="/staff/standards" class="filters" aria-label={tr(v, '筛选条件', 'Filters')}>
            <SelectField name="org" label={tr(v, '机构', 'Agency')} value={o.org.id} options={agencies.map((a) => ({ value: a.id, label: `${'\u3000'.repeat(Math.max(0, a.depth))}${a.name}` }))} />
            <SelectField name="area" label={tr(v, '领域', 'Area')} value={o.filters.area ?? ''} options={[{ value: '', label: tr(v, '全部领域', 'All areas') }, ...AREAS.map((a) => ({ value: a.code, label: tr(v, a.zh, a.en) }))]} />
            <SelectField
              name="status"
              label={tr(v, '时效状态', 'Timeliness')}
              value={o.filters.status ?? ''}
              options={[{ value: '', label: tr(v, '全部状态', 'All') }, ...MONITOR_STATUSES.map((s) => ({ value: s, label: `${statusLabel(v, s)}（${o.counts[s]}）` }))]}
            />
            <button type="submit">{v.t('search')}</button>
          </form>
          <ul class="actions">
            {o.canEdit ? (
              <li>
                <a href={`/staff/standards/new?org=${o.org.id}`}>{tr(v, '新增事项', 'Add an entry')}</a>
              </li>
            ) : null}
            <li>
              <a href={`/agencies/${o.org.slug}/standards`}>{tr(v, '查看公开页面', 'See the public page')}</a>
            </li>
          </ul>
          <section aria-labelledby="std-fig-h">
            <h2 id="std-fig-h">{tr(v, `时效监测（截至 ${o.today}）`, `Timeliness monitor (as of ${o.today})`)}</h2>
            <StatusFigures v={v} counts={o.counts} href={(s) => base({ status: s })} />
          </section>
          <section aria-labelledby="std-list-h">
            <h2 id="std-list-h">{tr(v, `${o.org.name}的标准目录`, `Catalogue of ${o.org.name}`)}</h2>
            {o.rows.length === 0 ? (
              <p class="empty">{o.all === 0 ? tr(v, '该机构尚未编制标准目录。可以逐项新增，或从行业标准目录导入。', 'No catalogue yet: add entries or import a sector catalogue.') : tr(v, '没有符合筛选条件的事项。', 'No entry matches the filters.')}</p>
            ) : (
              <DataTable
                label={tr(v, '标准目录事项列表', 'List of catalogue entries')}
                headers={[tr(v, '序号', 'No.'), tr(v, '领域', 'Area'), tr(v, '公开事项', 'Item'), tr(v, '公开时限', 'Time limit'), tr(v, '公开方式', 'Method'), tr(v, '关联信息', 'Linked'), tr(v, '时效状态', 'Timeliness'), tr(v, '应公开日期', 'Due')]}
                rows={o.rows}
                rowKey={(r) => r.entry.id}
                cells={(r) => (
                  <>
                    <td class="num">{r.entry.sortOrder}</td>
                    <td>{areaText(v, r.entry.area)}</td>
                    <td lang={zhLang(v)}>
                      <a href={`/staff/standards/${r.entry.id}`}>
                        {r.entry.level1} › {r.entry.level2}
                      </a>
                    </td>
                    <td lang={zhLang(v)}>{r.entry.timeLimit}</td>
                    <td>{methodText(v, r.entry.method)}</td>
                    <td class="num">{r.linked}</td>
                    <td>
                      <StatusTag v={v} status={r.assessment.status} />
                      <br />
                      <span class="muted" lang="zh-CN">
                        {r.assessment.reason}
                      </span>
                    </td>
                    <td>{r.assessment.due ?? '—'}</td>
                  </>
                )}
              />
            )}
            {o.total > o.pageSize ? <Pager base={base({ area: o.filters.area, status: o.filters.status })} page={o.page} pageSize={o.pageSize} total={o.total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: v.t('pager.page', { page: o.page, pages, total: o.total }) }} /> : null}
          </section>
          {o.canEdit ? (
            <section aria-labelledby="std-import-h">
              <h2 id="std-import-h">{tr(v, '从行业标准目录导入', 'Import a sector catalogue')}</h2>
              <p class="muted">{tr(v, '公共企事业单位可导入所属行业的标准目录（供水、供气、医疗卫生、公共交通等），再按实际情况修改。已有的同名事项（一级 + 二级事项）不会重复导入。', 'Public enterprises may import their sector’s catalogue and then adapt it. Entries already present (same first- and second-level item) are skipped.')}</p>
              <Form action="/staff/standards/import" csrf={v.csrfToken}>
                <ErrorSummary errors={form.errors ?? {}} message={form.message} title={tr(v, '未能导入', 'Not imported')} />
                <input type="hidden" name="org" value={o.org.id} />
                <SelectField name="sector" label={tr(v, '行业', 'Sector')} value={sectorOf(o.org, sectors)} errors={form.errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...sectors.map((s) => ({ value: s.code, label: tr(v, s.zh, s.en) }))]} />
                <button type="submit">{tr(v, '导入', 'Import')}</button>
              </Form>
            </section>
          ) : null}
        </StaffPage>,
        form.status ?? 200,
      );
    };

    app.get('/staff/standards', async (req, reply) => listPage(req, reply, { notice: takeNotice(req, reply) }));

    app.post('/staff/standards/import', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const org = await standards.agencyForEdit(actor, values.org ?? '');
      const r = await tryForm(() => standards.importSector(actor, org.id, values));
      if (!r.ok) return listPage(req, reply, { errors: r.errors, message: r.message, status: r.status, orgId: org.id });
      const { created, skipped } = r.value;
      return redirectWithNotice(reply, `/staff/standards?org=${org.id}`, created > 0 ? `已导入 ${created} 个事项${skipped > 0 ? `，${skipped} 个已有事项未重复导入` : ''}。` : '行业标准目录中的事项均已存在，未导入新事项。');
    });

    const formPage = async (req: FastifyRequest, reply: FastifyReply, p: { org: OrganisationRow; action: string; heading: string; values: EntryValues; errors?: FieldErrors; message?: string; status?: number; back: string }) => {
      const v = viewCtx(req);
      const cityLevel = await standards.isCityLevel(p.org);
      return sendPage(
        reply,
        <StaffPage v={v} title={p.heading}>
          <p class="muted">
            <a href={p.back}>{tr(v, '返回', 'Back')}</a>
          </p>
          <h1>{p.heading}</h1>
          <p class="lead">{p.org.name}</p>
          <EntryForm v={v} action={p.action} values={p.values} errors={p.errors ?? {}} message={p.message} cityLevel={cityLevel} submit={v.t('save')} />
        </StaffPage>,
        p.status ?? 200,
      );
    };

    app.get('/staff/standards/new', async (req, reply) => {
      const actor = requireStaff(req);
      const org = await standards.agencyForEdit(actor, (req.query as { org?: string }).org ?? '');
      const v = viewCtx(req);
      const values: EntryValues = { org: org.id, subject: org.name, audience: 'all', method: 'proactive', channels: ['website'], levels: await standards.defaultLevels(org), timeLimit: '信息形成或者变更之日起20个工作日内' };
      return formPage(req, reply, { org, action: `/staff/standards/new?org=${org.id}`, heading: tr(v, '新增标准目录事项', 'New catalogue entry'), values, back: `/staff/standards?org=${org.id}` });
    });

    app.post('/staff/standards/new', async (req, reply) => {
      const actor = requireStaff(req);
      const org = await standards.agencyForEdit(actor, (req.query as { org?: string }).org ?? '');
      const values = entryValues(req);
      const r = await tryForm(() => standards.create(actor, org.id, values));
      const v = viewCtx(req);
      if (!r.ok) return formPage(req, reply, { org, action: `/staff/standards/new?org=${org.id}`, heading: tr(v, '新增标准目录事项', 'New catalogue entry'), values, errors: r.errors, message: r.message, status: r.status, back: `/staff/standards?org=${org.id}` });
      return redirectWithNotice(reply, `/staff/standards/${r.value}`, '事项已新增。');
    });

    const entryPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: { errors?: FieldErrors; message?: string; status?: number; refs?: string; notice?: string | undefined } = {}) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, form.notice);
      const { entry: e, org, items, assessment, canEdit } = await standards.entry(actor, req.params.id);
      const heading = `${e.level1} › ${e.level2}`;
      const rows: [string, ComponentChildren][] = [
        [tr(v, '领域', 'Area'), areaText(v, e.area)],
        [tr(v, '一级事项', 'First-level item'), e.level1],
        [tr(v, '二级事项', 'Second-level item'), e.level2],
        [tr(v, '公开内容（要素）', 'Content (elements)'), e.content],
        [tr(v, '公开依据', 'Legal basis'), e.basis],
        [tr(v, '公开时限', 'Time limit'), e.timeLimit],
        [tr(v, '时限监测方式', 'Monitoring'), e.limitKind === 'none' ? tr(v, LIMIT_KIND_LABELS.none.zh, LIMIT_KIND_LABELS.none.en) : e.limitKind === 'workdays' ? tr(v, `成文后 ${e.limitValue} 个工作日内`, `Within ${e.limitValue} working days`) : tr(v, `每 ${e.limitValue} 个月`, `Every ${e.limitValue} months`)],
        [tr(v, '公开主体', 'Responsible body'), e.subject],
        [tr(v, '公开渠道和载体', 'Channels'), channelsText(v, e.channels)],
        [tr(v, '公开对象', 'Audience'), audienceText(v, e.audience, e.audienceNote)],
        [tr(v, '公开方式', 'Method'), methodText(v, e.method)],
        [tr(v, '公开层级', 'Levels'), levelsText(v, e.levels)],
        [tr(v, '排序号', 'Sort order'), String(e.sortOrder)],
      ];
      return sendPage(
        reply,
        <StaffPage v={v} title={heading}>
          <p class="muted">
            <a href={`/staff/standards?org=${org.id}`}>{tr(v, `返回${org.name}的标准目录`, 'Back to the catalogue')}</a>
          </p>
          <h1 lang={zhLang(v)}>{heading}</h1>
          <p class="lead">{org.name}</p>
          <p class={assessment.status === 'overdue' || assessment.status === 'late' || assessment.status === 'unknown' ? 'notice warn' : 'notice'} role="status">
            <StatusTag v={v} status={assessment.status} /> <span lang="zh-CN">{assessment.reason}</span>
            {assessment.due ? <> {tr(v, `（应公开日期：${assessment.due}）`, `(due ${assessment.due})`)}</> : null}
          </p>
          {canEdit ? (
            <ul class="actions">
              <li>
                <a href={`/staff/standards/${e.id}/edit`}>{tr(v, '修改', 'Edit')}</a>
              </li>
              <li>
                <a href={`/staff/standards/${e.id}/delete`}>{tr(v, '删除', 'Delete')}</a>
              </li>
            </ul>
          ) : null}
          <table class="kv">
            <caption class="visually-hidden">{tr(v, '事项属性', 'Entry attributes')}</caption>
            <tbody>
              {rows.map(([k, val]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td lang={zhLang(v)}>{val}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <section aria-labelledby="std-items-h">
            <h2 id="std-items-h">{tr(v, '关联的政府信息', 'Linked information items')}</h2>
            {items.length === 0 ? (
              <p class="empty">{tr(v, '尚未关联信息。', 'No linked items yet.')}</p>
            ) : (
              <DataTable
                label={tr(v, '关联信息列表', 'List of linked items')}
                headers={[tr(v, '索引号', 'Index no.'), tr(v, '标题', 'Title'), tr(v, '发布机构', 'Agency'), tr(v, '成文日期', 'Date'), tr(v, '应公开日期', 'Due'), tr(v, '发布状态', 'State'), ...(canEdit ? [tr(v, '操作', 'Actions')] : [])]}
                rows={items}
                rowKey={(i) => i.id}
                cells={(i) => (
                  <>
                    <td>{i.indexNumber ?? '—'}</td>
                    <td lang={zhLang(v)}>
                      <a href={`/staff/items/${i.id}`}>{i.title ?? i.id}</a>
                    </td>
                    <td>{i.orgName}</td>
                    <td>{i.generatedOn ?? '—'}</td>
                    <td>{i.due ?? '—'}</td>
                    <td>
                      {publicationState(v, i)}
                      {i.firstPublishedAt ? <span class="muted">{tr(v, `（首次公开 ${chinaDate(i.firstPublishedAt)}）`, ` (first published ${chinaDate(i.firstPublishedAt)})`)}</span> : null}
                    </td>
                    {canEdit ? (
                      <td>
                        <Form action={`/staff/standards/${e.id}/links/${i.id}/remove`} csrf={v.csrfToken} class="inline-form">
                          <button type="submit" class="link-button">
                            {tr(v, '取消关联', 'Unlink')}
                            <span class="visually-hidden">{i.title ?? i.id}</span>
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </>
                )}
              />
            )}
            {canEdit ? (
              <Form action={`/staff/standards/${e.id}/links`} csrf={v.csrfToken}>
                <ErrorSummary errors={form.errors ?? {}} message={form.message} title={tr(v, '未能关联', 'Not linked')} />
                <TextareaField name="refs" label={tr(v, '关联信息（索引号或编号）', 'Link items (index numbers or ids)')} hint={tr(v, '可填写本机构及下级机构信息的索引号或编号，多个用空格、逗号或换行分隔，一次最多 50 条。', 'Index numbers or ids of items of this agency or its subtree, separated by spaces, commas or lines; at most 50.')} value={form.refs} errors={form.errors} rows={3} maxLength={4000} />
                <button type="submit">{tr(v, '关联', 'Link')}</button>
              </Form>
            ) : null}
          </section>
        </StaffPage>,
        form.status ?? 200,
      );
    };

    app.get<{ Params: { id: string } }>('/staff/standards/:id', async (req, reply) => entryPage(req, reply, { notice: takeNotice(req, reply) }));

    app.post<{ Params: { id: string } }>('/staff/standards/:id/links', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => standards.link(actor, req.params.id, values));
      if (!r.ok) return entryPage(req, reply, { errors: r.errors, message: r.message, status: r.status, refs: values.refs ?? '' });
      return redirectWithNotice(reply, `/staff/standards/${req.params.id}`, r.value > 0 ? `已关联 ${r.value} 条信息。` : '这些信息已经关联。');
    });

    app.post<{ Params: { id: string; itemId: string } }>('/staff/standards/:id/links/:itemId/remove', async (req, reply) => {
      const actor = requireStaff(req);
      await standards.unlink(actor, req.params.id, req.params.itemId);
      return redirectWithNotice(reply, `/staff/standards/${req.params.id}`, '已取消关联。');
    });

    app.get<{ Params: { id: string } }>('/staff/standards/:id/edit', async (req, reply) => {
      const actor = requireStaff(req);
      const { entry, org } = await standards.forEdit(actor, req.params.id);
      const v = viewCtx(req);
      return formPage(req, reply, { org, action: `/staff/standards/${entry.id}/edit`, heading: tr(v, '修改标准目录事项', 'Edit catalogue entry'), values: valuesOf(entry), back: `/staff/standards/${entry.id}` });
    });

    app.post<{ Params: { id: string } }>('/staff/standards/:id/edit', async (req, reply) => {
      const actor = requireStaff(req);
      const { entry, org } = await standards.forEdit(actor, req.params.id);
      const values = entryValues(req);
      const r = await tryForm(() => standards.update(actor, entry.id, values));
      const v = viewCtx(req);
      if (!r.ok) return formPage(req, reply, { org, action: `/staff/standards/${entry.id}/edit`, heading: tr(v, '修改标准目录事项', 'Edit catalogue entry'), values, errors: r.errors, message: r.message, status: r.status, back: `/staff/standards/${entry.id}` });
      return redirectWithNotice(reply, `/staff/standards/${entry.id}`, '事项已保存。');
    });

    app.get<{ Params: { id: string } }>('/staff/standards/:id/delete', async (req, reply) => {
      const actor = requireStaff(req);
      const { entry, org } = await standards.forEdit(actor, req.params.id);
      const v = viewCtx(req);
      const heading = tr(v, '删除标准目录事项', 'Delete catalogue entry');
      return sendPage(
        reply,
        <StaffPage v={v} title={heading}>
          <h1>{heading}</h1>
          <p>
            {tr(v, '确定要从', 'Delete ')}
            {org.name}
            {tr(v, '的标准目录中删除“', '’s entry “')}
            <strong lang={zhLang(v)}>
              {entry.level1} › {entry.level2}
            </strong>
            {tr(v, '”吗？该事项与政府信息的关联一并删除，政府信息本身不受影响。此操作会记入留痕。', '”? Its links go with it; the items themselves stay. The deletion is audited.')}
          </p>
          <Form action={`/staff/standards/${entry.id}/delete`} csrf={v.csrfToken}>
            <div class="button-row">
              <button type="submit" class="button-danger">
                {tr(v, '确认删除', 'Delete')}
              </button>
              <a href={`/staff/standards/${entry.id}`}>{v.t('cancel')}</a>
            </div>
          </Form>
        </StaffPage>,
      );
    });

    app.post<{ Params: { id: string } }>('/staff/standards/:id/delete', async (req, reply) => {
      const actor = requireStaff(req);
      const { entry, org } = await standards.forEdit(actor, req.params.id);
      await standards.remove(actor, entry.id);
      return redirectWithNotice(reply, `/staff/standards?org=${org.id}`, `事项“${entry.level1} › ${entry.level2}”已删除。`);
    });
  };
}

/** The agency's own sector when it has a template (the import form's default). */
function sectorOf(org: OrganisationRow, sectors: readonly { code: string }[]): string {
  return org.sector && sectors.some((s) => s.code === org.sector) ? org.sector : '';
}

/** 已发布 / 未发布（草稿…）/ 已撤回 of a linked item. */
function publicationState(v: ViewCtx, i: { publicState: string; workState: string | null; disclosure: string | null }) {
  const work: Record<string, [string, string]> = { draft: ['草稿', 'draft'], submitted: ['待审查', 'under review'], returned: ['已退回', 'returned'] };
  const base = i.publicState === 'published' ? tr(v, '已发布', 'Published') : i.publicState === 'withdrawn' ? tr(v, '已撤回', 'Withdrawn') : tr(v, '未发布', 'Not published');
  const w = i.workState ? work[i.workState] : undefined;
  const disclosure = i.disclosure && i.disclosure !== 'proactive' ? tr(v, i.disclosure === 'on_request' ? '（依申请公开）' : '（不予公开）', i.disclosure === 'on_request' ? ' (on request)' : ' (withheld)') : '';
  return `${base}${w ? tr(v, `（${w[0]}）`, ` (${w[1]})`) : ''}${disclosure}`;
}

