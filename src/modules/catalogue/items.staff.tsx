/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '#platform/actor.js';
import { chinaDate, chinaDateTime } from '#platform/clock.js';
import type { CatalogueVersionRow } from '#platform/db/schema.js';
import { ValidationFailed, type FieldErrors } from '#platform/errors.js';
import { contentDisposition } from '#platform/files/disposition.js';
import type { FileStorage } from '#platform/files/storage.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { readMultipart } from '#platform/http/uploads.js';
import { pageNumber } from '#platform/validation.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, FileField, Form, Pager, SelectField, TextareaField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from '#modules/org/index.js';
import { FINDING_LABELS, type FindingType } from '#modules/screening/index.js';
import { VALIDITY_LABELS } from './item.schema.js';
import type { CatalogueService, ItemWorkspace, Timeliness } from './items.service.js';
import { disclosureLabel, formFromVersion, inputFromForm, ItemFields, StateBadge, validityLabel, VersionMeta } from './items.views.js';
import type { Importer, ImportReport } from './import.js';
import type { TaxonomyService } from './taxonomy.service.js';

const STATES: [string, string, string][] = [
  ['', '全部', 'All'],
  ['draft', '草稿', 'Drafts'],
  ['submitted', '待审查', 'Under review'],
  ['returned', '已退回', 'Returned'],
  ['unpublished', '未发布', 'Not published'],
  ['published', '已发布', 'Published'],
  ['expired', '已失效', 'Expired'],
  ['repealed', '已废止', 'Repealed'],
  ['withdrawn', '已撤回', 'Withdrawn'],
];

function TimelinessNote({ v, t }: { v: ViewCtx; t: Timeliness | null }) {
  if (!t) return null;
  const due = t.due ?? '—';
  switch (t.status) {
    case 'overdue':
      return <p class="notice warn">{tr(v, `已超过主动公开期限（应于 ${due} 前公开，条例第二十六条）。`, `Overdue: due by ${due} (Art. 26).`)}</p>;
    case 'due-soon':
      return <p class="notice warn">{tr(v, `即将到期：应于 ${due} 前公开。`, `Due soon: by ${due}.`)}</p>;
    case 'on-time':
      return <p class="muted">{tr(v, `主动公开期限：${due}。`, `Due by ${due}.`)}</p>;
    case 'published-late':
      return <p class="muted">{tr(v, `首次公开晚于期限（${due}）。`, `First published after the due date (${due}).`)}</p>;
    case 'published':
      return <p class="muted">{tr(v, `按期公开（期限 ${due}）。`, `Published on time (due ${due}).`)}</p>;
    case 'unknown':
      return <p class="notice warn">{tr(v, '工作日历缺少相关年份的安排，无法计算公开期限。', 'The working-day calendar lacks the year: no due date.')}</p>;
  }
}

const FINDING_STATUS: Record<string, [string, string, string]> = {
  open: ['待处理', 'Open', 'tag tag-warn'],
  masked: ['发布时遮蔽', 'Masked at release', 'tag tag-ok'],
  dismissed: ['误报', 'False positive', 'tag'],
  kept: ['依法保留', 'Kept (legal basis)', 'tag'],
};

/** 保密审查 findings of the working version, in place, with the reviewer's resolution forms. */
function FindingsSection({ v, itemId, findings, canResolve, errors }: { v: ViewCtx; itemId: string; findings: ItemWorkspace['findings']; canResolve: boolean; errors: FieldErrors }) {
  const highOpen = findings.filter((f) => f.status === 'open' && f.severity === 'high').length;
  return (
    <section aria-labelledby="findings-h">
      <h2 id="findings-h">{tr(v, '保密审查发现', 'Screening findings')}</h2>
      {findings.length === 0 ? (
        <p class="muted">{tr(v, '未发现身份证号、统一社会信用代码、手机号、银行卡号、密级标志等需要处理的内容。', 'No personal data or secrecy markings found.')}</p>
      ) : (
        <>
          <p class={highOpen > 0 ? 'notice warn' : 'notice'}>
            {highOpen > 0
              ? tr(v, `共 ${findings.length} 处发现，其中 ${highOpen} 处高风险尚未处理：处理前不能发布。`, `${findings.length} findings, ${highOpen} high-severity ones open: publication is blocked until they are resolved.`)
              : tr(v, `共 ${findings.length} 处发现，高风险内容均已处理。`, `${findings.length} findings; every high-severity one is resolved.`)}
          </p>
          <DataTable
            label={tr(v, '保密审查发现列表', 'List of screening findings')}
            headers={[tr(v, '位置', 'Where'), tr(v, '类型', 'Type'), tr(v, '上下文（已遮蔽）', 'Context (masked)'), tr(v, '处理', 'Resolution')]}
            rows={findings}
            rowKey={(f) => f.id}
            cells={(f) => {
              const st = FINDING_STATUS[f.status] ?? FINDING_STATUS.open!;
              return (
                <>
                  <td>{f.fileName ? tr(v, `附件“${f.fileName}”`, `Attachment ${f.fileName}`) : tr(v, '正文', 'Body')}</td>
                  <td>
                    {FINDING_LABELS[f.type as FindingType] ?? f.type}
                    {f.severity === 'high' ? <span class="tag tag-warn">{tr(v, '高风险', 'high')}</span> : null}
                  </td>
                  <td>{f.context}</td>
                  <td>
                    <span class={st[2]}>{tr(v, st[0], st[1])}</span>
                    {f.note ? ` ${f.note}` : ''}
                    {f.resolvedByName ? `（${f.resolvedByName}）` : ''}
                    {canResolve ? (
                      <Form action={`/staff/items/${itemId}/findings/${f.id}`} csrf={v.csrfToken} class="inline-form">
                        <label class="visually-hidden" for={`fa-${f.id}`}>
                          {tr(v, '处理方式', 'Resolution')}
                        </label>
                        <select id={`fa-${f.id}`} name="action">
                          <option value="mask">{f.fileName ? tr(v, '遮蔽（发布时生成删除该内容的公开版附件）', 'Mask (a released copy without it is generated)') : tr(v, '遮蔽（发布时删除该内容）', 'Mask (removed at release)')}</option>
                          <option value="dismiss">{tr(v, '误报，排除', 'False positive')}</option>
                          <option value="keep">{tr(v, '依法保留（说明依据）', 'Keep (state the legal basis)')}</option>
                        </select>
                        <label class="visually-hidden" for={`fn-${f.id}`}>
                          {tr(v, '理由或依据（遮蔽的理由随信息公开）', 'Reason or legal basis (the reason of a mask is published)')}
                        </label>
                        <input id={`fn-${f.id}`} name="note" maxLength={300} size={16} placeholder={tr(v, '理由或依据', 'Reason or basis')} />
                        <button type="submit" class="link-button">
                          {tr(v, '处理', 'Resolve')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </>
              );
            }}
          />
          {errors.note || errors.action ? (
            <p class="field-error" lang="zh-CN">
              {errors.note ?? errors.action}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The workspace pages of the catalogue: list, record, edit, review, publish, revise, withdraw. */
export function itemsStaffRoutes({ catalogue, taxonomy, orgs, storage, importItems }: { catalogue: CatalogueService; taxonomy: TaxonomyService; orgs: OrgService; storage: FileStorage; importItems: Importer }): FastifyPluginAsync {
  const terms = async () => ({ topics: await taxonomy.tree('topic'), genres: await taxonomy.tree('genre') });
  const allTerms = async () => ({ topics: await taxonomy.tree('topic', true), genres: await taxonomy.tree('genre', true) });
  const termName = (list: Awaited<ReturnType<typeof allTerms>>['topics'], id: string | null): string | null => {
    for (const t of list) {
      if (t.id === id) return t.name;
      const c = t.children.find((x) => x.id === id);
      if (c) return `${t.name} › ${c.name}`;
    }
    return null;
  };
  const namesOf = async (ver: CatalogueVersionRow) => {
    const all = await allTerms();
    const co = await Promise.all(ver.coIssuerIds.map((id) => orgs.lookup(id)));
    return {
      topic: termName(all.topics, ver.topicId),
      genre: termName(all.genres, ver.genreId),
      coIssuers: co.filter((o) => o !== undefined).map((o) => o.name),
      slugs: co.filter((o) => o !== undefined).map((o) => o.slug),
      interprets: ver.interpretsId ? `#${ver.interpretsId}` : null,
    };
  };

  const listPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = requireStaff(req);
    const v = viewCtx(req, takeNotice(req, reply));
    const q = req.query as { org?: string; state?: string; q?: string; page?: string };
    const page = pageNumber(q.page);
    const [list, agencies, editable, due] = await Promise.all([catalogue.list(actor, { orgId: q.org, state: q.state, q: q.q, page }), orgs.staffScope(actor), catalogue.editableAgencies(actor), catalogue.dueItems(actor)]);
    const params = new URLSearchParams(Object.entries({ org: q.org ?? '', state: q.state ?? '', q: q.q ?? '' }).filter(([, x]) => x !== ''));
    const title = tr(v, '政府信息', 'Government information');
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <h1>{title}</h1>
        <ul class="actions">
          {editable.length > 0 ? (
            <li>
              <a href="/staff/items/new">{tr(v, '录入新信息', 'Record new information')}</a>
            </li>
          ) : null}
          {editable.length > 0 ? (
            <li>
              <a href="/staff/items/import">{tr(v, '批量导入', 'Bulk import')}</a>
            </li>
          ) : null}
          <li>
            <a href="/staff/screening">{tr(v, '存量信息保密审查（清理）', 'Inventory screening')}</a>
          </li>
        </ul>
        {due.length > 0 ? (
          <section aria-labelledby="due-h">
            <h2 id="due-h">{tr(v, '主动公开期限提醒', 'Disclosure deadlines')}</h2>
            <ul>
              {due.slice(0, 20).map((d) => (
                <li key={d.id}>
                  <span class={d.status === 'overdue' ? 'tag tag-warn' : 'tag'}>{d.status === 'overdue' ? tr(v, '已逾期', 'Overdue') : tr(v, '即将到期', 'Due soon')}</span> <a href={`/staff/items/${d.id}`}>{d.title}</a>（{d.orgName}，{tr(v, '期限', 'due')} {d.due}）
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <form method="get" action="/staff/items" class="filters">
          <SelectField name="org" label={tr(v, '机构', 'Agency')} value={q.org} options={[{ value: '', label: tr(v, '全部机构', 'All agencies') }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} />
          <SelectField name="state" label={tr(v, '状态', 'State')} value={q.state} options={STATES.map(([val, zh, en]) => ({ value: val, label: tr(v, zh, en) }))} />
          <Field name="q" label={tr(v, '标题、文号或索引号', 'Title, number or index number')} value={q.q} />
          <button type="submit">{tr(v, '筛选', 'Filter')}</button>
        </form>
        {list.total === 0 ? (
          <p class="empty">{tr(v, '没有符合条件的信息。', 'No items match.')}</p>
        ) : (
          <DataTable
            label={title}
            caption={title}
            headers={[tr(v, '标题', 'Title'), tr(v, '机构', 'Agency'), tr(v, '状态', 'State'), tr(v, '公开方式', 'Disclosure'), tr(v, '索引号', 'Index number'), tr(v, '成文日期', 'Signed')]}
            rows={list.rows}
            rowKey={(r) => r.id}
            cells={(r) => (
              <>
                <td>
                  <a href={`/staff/items/${r.id}`}>{r.title}</a>
                </td>
                <td>{r.orgName}</td>
                <td>
                  <StateBadge v={v} publicState={r.publicState} workState={r.workState} />
                  {r.validity !== 'in_force' ? <span class="tag tag-warn">{validityLabel(v, r.validity)}</span> : null}
                </td>
                <td>{disclosureLabel(v, r.disclosure)}</td>
                <td>{r.indexNumber ?? '—'}</td>
                <td>{r.generatedOn}</td>
              </>
            )}
          />
        )}
        <Pager base={`/staff/items${params.size ? `?${params}` : ''}`} page={list.page} pageSize={list.pageSize} total={list.total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: tr(v, `第 ${list.page} 页，共 ${list.total} 条`, `Page ${list.page}, ${list.total} items`) }} />
      </StaffPage>,
    );
  };

  const formPage = async (req: FastifyRequest, reply: FastifyReply, o: { item?: ItemWorkspace; values: Record<string, string>; errors?: FieldErrors; message?: string | undefined; status?: number }) => {
    const actor = requireStaff(req);
    const v = viewCtx(req);
    const agencies = o.item ? undefined : (await catalogue.editableAgencies(actor)).map((a) => ({ id: a.id, name: a.name }));
    const title = o.item ? tr(v, '修改信息', 'Edit information') : tr(v, '录入新信息', 'Record new information');
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <h1>{title}</h1>
        {o.item?.item.publicState === 'published' && !o.item.work ? <p class="notice">{tr(v, '该信息已发布。保存修改将生成新的修订稿，经审查通过后替换公开版本；原版本保留备查。', 'This item is published: saving starts a revision that replaces the public version after review; the old version is kept.')}</p> : null}
        <Form action={o.item ? `/staff/items/${o.item.item.id}/edit` : '/staff/items'} csrf={v.csrfToken}>
          <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能保存', 'Not saved')} />
          <ItemFields v={v} values={o.values} errors={o.errors ?? {}} terms={await terms()} agencies={agencies} />
          <button type="submit">{v.t('save')}</button>
        </Form>
      </StaffPage>,
      o.status ?? 200,
    );
  };

  const itemPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, errors: FieldErrors = {}, message?: string, status = 200) => {
    const actor = requireStaff(req);
    const w = await catalogue.get(actor, req.params.id);
    const v = viewCtx(req, status === 200 ? takeNotice(req, reply) : undefined);
    const { item, shown } = w;
    const names = await namesOf(shown);
    const title = shown.title;
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/items">{tr(v, '政府信息', 'Information')}</a> › {w.org.name}
        </p>
        <h1>{title}</h1>
        <p>
          <StateBadge v={v} publicState={item.publicState} workState={item.workState} /> {item.validity !== 'in_force' ? <span class="tag tag-warn">{validityLabel(v, item.validity)}</span> : null}
        </p>
        <ErrorSummary errors={errors} message={message} title={tr(v, '操作未完成', 'Not done')} />
        <dl class="meta">
          <div>
            <dt>{tr(v, '信息编号', 'Id')}</dt>
            <dd>{item.id}</dd>
          </div>
          <div>
            <dt>{tr(v, '索引号', 'Index number')}</dt>
            <dd>{item.indexNumber ?? tr(v, '发布时生成', 'assigned at publication')}</dd>
          </div>
          <div>
            <dt>{tr(v, '发布机构', 'Issuer')}</dt>
            <dd>{w.org.name}</dd>
          </div>
          {item.firstPublishedAt ? (
            <div>
              <dt>{tr(v, '发布日期', 'Published')}</dt>
              <dd>{chinaDate(item.firstPublishedAt)}</dd>
            </div>
          ) : null}
          {item.publicState === 'published' && item.disclosure === 'proactive' ? (
            <div>
              <dt>{tr(v, '公开页面', 'Public page')}</dt>
              <dd>
                <a href={`/catalogue/${item.id}`}>/catalogue/{item.id}</a>
              </dd>
            </div>
          ) : null}
          {item.withdrawnReason ? (
            <div>
              <dt>{tr(v, '撤回理由', 'Withdrawal reason')}</dt>
              <dd>{item.withdrawnReason}</dd>
            </div>
          ) : null}
        </dl>
        <TimelinessNote v={v} t={w.timeliness} />
        {w.work?.reviewNote && item.workState === 'returned' ? (
          <p class="notice warn">
            {tr(v, '退回理由：', 'Returned: ')}
            {w.work.reviewNote}
          </p>
        ) : null}
        {w.work && w.current ? <p class="notice">{tr(v, `以下为修订稿（第 ${w.work.versionNo} 版）；公开页面仍显示第 ${w.current.versionNo} 版。`, `Below is the revision (version ${w.work.versionNo}); the public still sees version ${w.current.versionNo}.`)}</p> : null}
        <h2>{tr(v, '操作', 'Actions')}</h2>
        <div class="button-row">
          {w.can.edit ? <a href={`/staff/items/${item.id}/edit`}>{item.publicState === 'published' && !w.work ? tr(v, '修订', 'Revise') : tr(v, '修改', 'Edit')}</a> : null}
          {w.can.submit ? (
            <Form action={`/staff/items/${item.id}/submit`} csrf={v.csrfToken} class="inline-form">
              <button type="submit">{tr(v, '提交保密审查', 'Submit for review')}</button>
            </Form>
          ) : null}
          {w.can.discard ? (
            <Form action={`/staff/items/${item.id}/discard`} csrf={v.csrfToken} class="inline-form">
              <button type="submit" class="link-button">
                {tr(v, '放弃修订稿', 'Discard revision')}
              </button>
            </Form>
          ) : null}
        </div>
        {item.workState === 'submitted' && w.can.ownWork ? <p class="muted">{tr(v, '您起草或修改了该信息，须由其他审查人员审查。', 'You wrote or changed this item: another reviewer must review it.')}</p> : null}
        {w.work ? <FindingsSection v={v} itemId={item.id} findings={w.findings} canResolve={w.can.review} errors={errors} /> : null}
        {w.can.review ? (
          <section aria-labelledby="review-h">
            <h2 id="review-h">{tr(v, '保密审查', 'Secrecy review')}</h2>
            <p>{tr(v, '请逐项审查：是否涉及国家秘密、工作秘密、商业秘密、个人隐私，是否属于不予公开的情形（条例第十四至十六条），公开方式是否正确。', 'Check each point: state, work or trade secrets, personal data, the grounds of Arts. 14–16, and the disclosure attribute.')}</p>
            <Form action={`/staff/items/${item.id}/approve`} csrf={v.csrfToken}>
              <TextareaField name="note" label={tr(v, '审查意见（可选）', 'Review note (optional)')} rows={2} maxLength={500} />
              <button type="submit">{tr(v, '审查通过并发布', 'Approve and publish')}</button>
            </Form>
            <Form action={`/staff/items/${item.id}/return`} csrf={v.csrfToken}>
              <TextareaField name="reason" label={tr(v, '退回理由', 'Reason for returning')} errors={errors} rows={2} maxLength={500} required />
              <button type="submit">{tr(v, '退回修改', 'Return for changes')}</button>
            </Form>
          </section>
        ) : null}
        {w.can.manage ? (
          <section aria-labelledby="manage-h">
            <h2 id="manage-h">{tr(v, '有效性和撤回', 'Validity and withdrawal')}</h2>
            <Form action={`/staff/items/${item.id}/validity`} csrf={v.csrfToken}>
              <SelectField name="validity" label={tr(v, '有效性', 'Validity')} value={item.validity} errors={errors} options={Object.entries(VALIDITY_LABELS).map(([k, l]) => ({ value: k, label: tr(v, l.zh, l.en) }))} />
              <Field name="changedOn" type="date" label={tr(v, '失效或废止日期', 'Date it ceased to apply')} value={item.validityChangedOn} errors={errors} />
              <button type="submit">{tr(v, '更新有效性', 'Update validity')}</button>
            </Form>
            <Form action={`/staff/items/${item.id}/withdraw`} csrf={v.csrfToken}>
              <TextareaField name="reason" label={tr(v, '撤回理由（撤回后从所有公开页面、订阅、导出和接口中移除）', 'Reason for withdrawal (removes it from every public surface)')} rows={2} maxLength={500} required errors={errors} />
              <button type="submit">{tr(v, '撤回', 'Withdraw')}</button>
            </Form>
          </section>
        ) : null}
        <h2>{tr(v, '内容', 'Content')}</h2>
        <VersionMeta v={v} ver={shown} names={names} />
        <div class="doc-body">{shown.bodyHtml ? <div dangerouslySetInnerHTML={{ __html: shown.bodyHtml }} /> : <p class="empty">{tr(v, '（无正文）', '(no body)')}</p>}</div>
        <h2>{tr(v, '附件', 'Attachments')}</h2>
        {w.attachments.length === 0 ? (
          <p class="empty">{tr(v, '没有附件。', 'No attachments.')}</p>
        ) : (
          <ul>
            {w.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/staff/items/${item.id}/attachments/${a.id}`}>{a.fileName}</a>（{Math.ceil(Number(a.sizeBytes) / 1024)} KB{a.textLength > 0 ? tr(v, `，已提取 ${a.textLength} 字`, `, ${a.textLength} characters of text`) : ''}）
                {w.can.edit ? (
                  <Form action={`/staff/items/${item.id}/attachments/${a.id}/remove`} csrf={v.csrfToken} class="inline-form">
                    <button type="submit" class="link-button">
                      {tr(v, `删除附件 ${a.fileName}`, `Remove ${a.fileName}`)}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {w.can.edit ? (
          <form method="post" action={`/staff/items/${item.id}/attachments`} enctype="multipart/form-data" class="form" noValidate>
            <input type="hidden" name="_csrf" value={v.csrfToken} />
            <FileField name="file" label={tr(v, '上传附件（PDF、DOCX、XLSX、OFD 或图片）', 'Upload an attachment (PDF, DOCX, XLSX, OFD or image)')} accept=".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg,.gif,.webp" errors={errors} />
            <button type="submit">{tr(v, '上传', 'Upload')}</button>
          </form>
        ) : null}
        <h2>{tr(v, '版本和审查记录', 'Versions and reviews')}</h2>
        <DataTable
          label={tr(v, '版本', 'Versions')}
          headers={[tr(v, '版本', 'Version'), tr(v, '起草人', 'Author'), tr(v, '审查', 'Review'), tr(v, '发布时间', 'Published')]}
          rows={w.versions}
          rowKey={(ver) => ver.id}
          cells={(ver) => (
            <>
              <td>
                <a href={`/staff/items/${item.id}/versions/${ver.versionNo}`}>{tr(v, `第 ${ver.versionNo} 版`, `Version ${ver.versionNo}`)}</a>
                {ver.id === item.currentVersionId ? <span class="tag tag-ok">{tr(v, '当前公开', 'public')}</span> : null}
              </td>
              <td>{ver.author ?? '—'}</td>
              <td>{ver.reviewedAt ? `${ver.reviewer ?? '—'}，${chinaDate(ver.reviewedAt)}${ver.reviewNote ? `：${ver.reviewNote}` : ''}` : ver.submittedAt ? tr(v, '待审查', 'pending') : '—'}</td>
              <td>{ver.publishedAt ? chinaDateTime(ver.publishedAt) : '—'}</td>
            </>
          )}
        />
      </StaffPage>,
      status,
    );
  };

  /** Runs an action on an item; errors re-render the item page with the message. */
  const action =
    (fn: (actor: Actor, id: string, values: Record<string, string>) => Promise<unknown>, done: string) =>
    async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => fn(actor, req.params.id, formValues(req)));
      if (!r.ok) return itemPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, `/staff/items/${req.params.id}`, done);
    };

  const importPage = (req: FastifyRequest, reply: FastifyReply, o: { report?: ImportReport; errors?: FieldErrors; message?: string | undefined; status?: number } = {}) => {
    requireStaff(req);
    const v = viewCtx(req);
    const title = tr(v, '批量导入政府信息', 'Bulk import');
    const r = o.report;
    const failed = r ? r.lines.filter((l) => !l.ok) : [];
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/items">{tr(v, '政府信息', 'Information')}</a>
        </p>
        <h1>{title}</h1>
        <p class="lead">{tr(v, '用于存量信息清理：上传 JSONL 或 CSV 文件（UTF-8），每行一条信息，字段见导入格式说明。系统逐行校验；默认任何一行有误即全部不导入。', 'For the inventory of existing content: a JSONL or CSV file (UTF-8), one item per line. Every line is checked; by default nothing is imported if any line fails.')}</p>
        <details>
          <summary>{tr(v, '字段说明', 'Fields')}</summary>
          <p>{tr(v, '必填：agency（机构网址标识）、title（标题）、generatedOn（成文日期，YYYY-MM-DD）。可选：key、coIssuers、summary、docNumber、effectiveOn、publishedOn、topic（主题分类代码）、genre（体裁代码或名称）、keywords、disclosure（proactive / on_request / withheld）、withheldGround、scope、art20（1–15）、validity（in_force / expired / repealed）、repealedOn、interprets（被解读文件的 key 或索引号）、bodyText 或 bodyHtml、indexNumber、state（draft / published）。CSV 中的列表字段以分号分隔。完整说明见源代码中的 docs/catalogue-import.md。', 'Required: agency (slug), title, generatedOn (YYYY-MM-DD). Optional: key, coIssuers, summary, docNumber, effectiveOn, publishedOn, topic, genre, keywords, disclosure, withheldGround, scope, art20, validity, repealedOn, interprets, bodyText or bodyHtml, indexNumber, state. Lists in CSV are separated by semicolons. See docs/catalogue-import.md.')}</p>
        </details>
        {r ? (
          <section aria-labelledby="report-h">
            <h2 id="report-h">{tr(v, '校验报告', 'Validation report')}</h2>
            <p class={r.imported > 0 ? 'notice' : 'notice warn'} role="status">
              {r.imported > 0
                ? tr(v, `共 ${r.total} 行，已导入 ${r.imported} 条${failed.length ? `，${failed.length} 行有误未导入` : ''}。`, `${r.total} lines, ${r.imported} imported${failed.length ? `, ${failed.length} failed` : ''}.`)
                : tr(v, `共 ${r.total} 行，其中 ${failed.length} 行有误，未导入任何信息。请修改后重新上传。`, `${r.total} lines, ${failed.length} failed: nothing imported.`)}
            </p>
            {failed.length > 0 ? (
              <DataTable
                label={tr(v, '有误的行', 'Failed lines')}
                headers={[tr(v, '行号', 'Line'), tr(v, '标题', 'Title'), tr(v, '问题', 'Problems')]}
                rows={failed.slice(0, 500)}
                rowKey={(l) => String(l.line)}
                cells={(l) => (
                  <>
                    <td>{l.line}</td>
                    <td>{l.title ?? '—'}</td>
                    <td lang="zh-CN">
                      {Object.entries(l.errors)
                        .map(([f, m]) => (f === '_' ? m : `${f}：${m}`))
                        .join('；')}
                    </td>
                  </>
                )}
              />
            ) : null}
          </section>
        ) : null}
        <form method="post" action="/staff/items/import" enctype="multipart/form-data" class="form" noValidate>
          <input type="hidden" name="_csrf" value={v.csrfToken} />
          <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能导入', 'Not imported')} />
          <FileField name="file" label={tr(v, '导入文件（.jsonl 或 .csv）', 'File (.jsonl or .csv)')} accept=".jsonl,.csv,.txt" errors={o.errors} required />
          <SelectField
            name="mode"
            label={tr(v, '导入方式', 'Mode')}
            options={[
              { value: 'all-or-nothing', label: tr(v, '全部通过才导入（推荐）', 'All or nothing (recommended)') },
              { value: 'valid-only', label: tr(v, '只导入通过校验的行', 'Import the valid lines only') },
            ]}
          />
          <button type="submit">{tr(v, '校验并导入', 'Check and import')}</button>
        </form>
      </StaffPage>,
      o.status ?? 200,
    );
  };

  return async (app) => {
    app.get('/staff/items', listPage);
    app.get('/staff/items/import', async (req, reply) => importPage(req, reply));
    app.post('/staff/items/import', { config: { multipart: true } }, async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(async () => {
        const { fields, files } = await readMultipart(req);
        const file = files.find((f) => f.field === 'file');
        if (!file || file.buffer.length === 0) throw new ValidationFailed({ file: '请选择要导入的文件。' });
        const text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
        return importItems(actor, text, { mode: fields.mode === 'valid-only' ? 'valid-only' : 'all-or-nothing' });
      }).catch((err: unknown) => {
        if (err instanceof TypeError) return { ok: false as const, errors: { file: '文件不是 UTF-8 编码的文本，请另存为 UTF-8 后重新上传。' }, message: '文件无法读取。', status: 400 };
        throw err;
      });
      if (!r.ok) return importPage(req, reply, { errors: r.errors, message: r.message, status: r.status });
      return importPage(req, reply, { report: r.value, status: r.value.imported > 0 ? 200 : 422 });
    });

    app.get('/staff/items/new', async (req, reply) => formPage(req, reply, { values: { bodyFormat: 'text', disclosure: 'proactive', scope: 'public', orgId: (req.query as { org?: string }).org ?? '' } }));

    app.post('/staff/items', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => catalogue.create(actor, values.orgId ?? '', inputFromForm(values)));
      if (!r.ok) return formPage(req, reply, { values, errors: r.errors, message: r.message, status: r.status });
      return redirectWithNotice(reply, `/staff/items/${r.value.id}`, ['草稿已保存。', ...r.value.warnings].join(' '));
    });

    app.get<{ Params: { id: string } }>('/staff/items/:id', async (req, reply) => itemPage(req, reply));

    app.get<{ Params: { id: string } }>('/staff/items/:id/edit', async (req, reply) => {
      const actor = requireStaff(req);
      const w = await catalogue.get(actor, req.params.id);
      const names = await namesOf(w.shown);
      const interprets = w.shown.interpretsId ? ((await catalogue.get(actor, w.shown.interpretsId).catch(() => null))?.item.indexNumber ?? w.shown.interpretsId) : null;
      return formPage(req, reply, { item: w, values: formFromVersion(w.shown, await terms(), names.slugs, interprets) });
    });

    app.post<{ Params: { id: string } }>('/staff/items/:id/edit', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => catalogue.update(actor, req.params.id, inputFromForm(values)));
      // The workspace view of the item is needed only to show the form again.
      if (!r.ok) return formPage(req, reply, { item: await catalogue.get(actor, req.params.id), values, errors: r.errors, message: r.message, status: r.status });
      return redirectWithNotice(reply, `/staff/items/${req.params.id}`, ['已保存。', ...r.value.warnings].join(' '));
    });

    app.post<{ Params: { id: string } }>('/staff/items/:id/submit', action((a, id) => catalogue.submit(a, id), '已提交保密审查。'));
    app.post<{ Params: { id: string } }>('/staff/items/:id/approve', action((a, id, val) => catalogue.approve(a, id, val), '审查通过，信息已发布。'));
    app.post<{ Params: { id: string } }>('/staff/items/:id/return', action((a, id, val) => catalogue.returnForChanges(a, id, val), '已退回修改。'));
    app.post<{ Params: { id: string } }>('/staff/items/:id/validity', action((a, id, val) => catalogue.setValidity(a, id, val), '有效性已更新。'));
    app.post<{ Params: { id: string } }>('/staff/items/:id/withdraw', action((a, id, val) => catalogue.withdraw(a, id, val), '信息已撤回，已从所有公开渠道移除。'));
    app.post<{ Params: { id: string; fid: string } }>('/staff/items/:id/findings/:fid', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => catalogue.resolveFinding(actor, req.params.id, req.params.fid, formValues(req)));
      if (!r.ok) return itemPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, `/staff/items/${req.params.id}#findings-h`, '审查发现已处理。');
    });
    app.post<{ Params: { id: string } }>('/staff/items/:id/discard', action((a, id) => catalogue.discardRevision(a, id), '修订稿已放弃。'));
    app.post<{ Params: { id: string; aid: string } }>('/staff/items/:id/attachments/:aid/remove', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => catalogue.removeAttachment(actor, req.params.id, req.params.aid));
      if (!r.ok) return itemPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, `/staff/items/${req.params.id}`, '附件已删除。');
    });

    app.post<{ Params: { id: string } }>('/staff/items/:id/attachments', { config: { multipart: true } }, async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(async () => {
        const { files } = await readMultipart(req);
        const file = files.find((f) => f.field === 'file');
        if (!file) throw new ValidationFailed({ file: '请选择要上传的文件。' });
        return catalogue.addAttachment(actor, req.params.id, file);
      });
      if (!r.ok) return itemPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, `/staff/items/${req.params.id}`, ['附件已上传。', ...r.value.warnings].join(' '));
    });

    app.get<{ Params: { id: string; aid: string } }>('/staff/items/:id/attachments/:aid', async (req, reply) => {
      const actor = requireStaff(req);
      const a = await catalogue.staffAttachment(actor, req.params.id, req.params.aid);
      return reply.type(a.mediaType).header('content-disposition', contentDisposition(a.fileName, 'attachment')).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(storage.stream(a.sha256));
    });

    app.get<{ Params: { id: string; no: string } }>('/staff/items/:id/versions/:no', async (req, reply) => {
      const actor = requireStaff(req);
      const { item, org, version } = await catalogue.version(actor, req.params.id, pageNumber(req.params.no));
      const v = viewCtx(req);
      const names = await namesOf(version);
      const title = tr(v, `${version.title}（第 ${version.versionNo} 版）`, `${version.title} (version ${version.versionNo})`);
      return sendPage(
        reply,
        <StaffPage v={v} title={title}>
          <p class="muted">
            <a href={`/staff/items/${item.id}`}>{tr(v, '返回信息', 'Back to the item')}</a> · {org.name}
          </p>
          <h1>{title}</h1>
          <p class="muted">{version.publishedAt ? tr(v, `发布于 ${chinaDateTime(version.publishedAt)}（北京时间）`, `Published ${chinaDateTime(version.publishedAt)} (UTC+8)`) : tr(v, '未发布的版本', 'Never published')}</p>
          <VersionMeta v={v} ver={version} names={names} />
          <div class="doc-body">{version.bodyHtml ? <div dangerouslySetInnerHTML={{ __html: version.bodyHtml }} /> : null}</div>
        </StaffPage>,
      );
    });
  };
}
