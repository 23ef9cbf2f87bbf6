/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '#platform/actor.js';
import { isValidDate } from '#platform/calendar/index.js';
import { chinaDate, chinaDateTime, type Clock } from '#platform/clock.js';
import { ValidationFailed, type FieldErrors } from '#platform/errors.js';
import { contentDisposition } from '#platform/files/disposition.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { readMultipart } from '#platform/http/uploads.js';
import { pageNumber } from '#platform/validation.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, FieldIdPrefix, FileField, Form, SelectField, TextareaField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from '#modules/org/index.js';
import { table3, table3Problems, table4, type Table3Key } from './figures.js';
import { checkTemplate, DEFAULT_NOTICE_TEMPLATES, NOTICE_KIND_LABELS, NOTICE_PLACEHOLDERS, type NoticeKind, type NoticeTemplateKey } from './notices.js';
import { APPLICANT_KIND_LABELS, APPLICANT_KINDS, OUTCOME_INFO, OUTCOMES, REMEDY_KIND_LABELS, REMEDY_KINDS, REMEDY_RESULT_LABELS, REMEDY_RESULTS, REPLY_OUTCOMES, type ApplicantKind, type Outcome, type RemedyKind, type RemedyResult } from './outcomes.js';
import { CHANNELS, DELIVERY_METHODS, ID_TYPES, OBTAIN_METHODS, PROVISION_FORMS } from './request.schema.js';
import { canOnRequest } from './requests.policy.js';
import { EVENT_LABELS, STATUS_LABELS, type RequestsService } from './requests.service.js';
import { ApplicationFields, ClockExplanation, zhDate } from './requests.views.js';
import type { Database } from '#platform/db/database.js';

type CaseView = Awaited<ReturnType<RequestsService['get']>>;
interface FormState {
  errors?: FieldErrors;
  message?: string;
  status?: number;
  values?: Record<string, string>;
  /** Which action form the errors belong to. */
  form?: string;
}

const STATUS_FILTERS: [string, string, string][] = [
  ['open', '未办结', 'Open'],
  ['submitted', '待确认收到', 'Awaiting confirmation'],
  ['handling', '办理中', 'In progress'],
  ['correction', '等待补正', 'Awaiting correction'],
  ['closed', '已办结', 'Closed'],
  ['replied', '已答复', 'Replied'],
  ['archived', '已归档', 'Archived'],
  ['withdrawn', '已撤回', 'Withdrawn'],
  ['abandoned', '视为放弃', 'Abandoned'],
  ['all', '全部', 'All'],
];
const FLAG_FILTERS: [string, string, string][] = [
  ['', '全部', 'All'],
  ['overdue', '已逾期', 'Overdue'],
  ['due-soon', '即将到期', 'Due soon'],
  ['unconfirmed', '待确认收到', 'Receipt to confirm'],
];

/** The page for someone whose roles reach no agency where the page applies (403). */
function noAccess(reply: FastifyReply, v: ViewCtx, title: string, message: string) {
  return sendPage(
    reply,
    <StaffPage v={v} title={title}>
      <h1>{title}</h1>
      <p class="notice warn">{message}</p>
    </StaffPage>,
    403,
  );
}

function StatusTag({ status }: { status: string }) {
  const cls = status === 'handling' || status === 'submitted' || status === 'correction' ? 'tag' : 'tag tag-ok';
  return <span class={cls}>{STATUS_LABELS[status] ?? status}</span>;
}

function FlagTag({ v, flag }: { v: ViewCtx; flag: 'overdue' | 'due-soon' | null }) {
  if (flag === 'overdue') return <span class="tag tag-warn">{tr(v, '已逾期', 'Overdue')}</span>;
  if (flag === 'due-soon') return <span class="tag tag-warn">{tr(v, '即将到期', 'Due soon')}</span>;
  return null;
}

/** The disclosure office's workspace: case lists, registration, the case page with every step, figures, templates. */
export function requestsStaffRoutes({ requests, orgs, db, clock }: { requests: RequestsService; orgs: OrgService; db: Database; clock: Clock }): FastifyPluginAsync {
  const handleAgencies = async (actor: UserActor) => (await orgs.staffScope(actor)).filter((o) => o.isActive && canOnRequest(actor, 'handle', o.path));
  const viewAgencies = async (actor: UserActor) => (await orgs.staffScope(actor)).filter((o) => canOnRequest(actor, 'view', o.path));

  const listPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = requireStaff(req);
    const v = viewCtx(req, takeNotice(req, reply));
    const q = req.query as { scope?: string; org?: string; status?: string; flag?: string; q?: string; page?: string };
    const scope = q.scope === 'mine' ? 'mine' : 'agency';
    const page = pageNumber(q.page);
    const [list, agencies, canRegister] = await Promise.all([
      requests.list(actor, { scope, orgId: q.org || null, status: q.status || 'open', flag: q.flag || null, q: q.q || null, page }),
      viewAgencies(actor),
      handleAgencies(actor).then((a) => a.length > 0),
    ]);
    const params = new URLSearchParams(Object.entries({ scope, org: q.org ?? '', status: q.status ?? '', flag: q.flag ?? '', q: q.q ?? '' }).filter(([, x]) => x !== ''));
    const title = tr(v, '依申请公开', 'Disclosure requests');
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <h1>{title}</h1>
        <ul class="actions">
          {canRegister ? (
            <li>
              <a href="/staff/requests/new">{tr(v, '登记申请', 'Register an application')}</a>
            </li>
          ) : null}
          <li>
            <a href="/staff/requests/figures">{tr(v, '统计（年度报告表三、表四）', 'Figures (report tables 3 and 4)')}</a>
          </li>
          <li>
            <a href="/staff/requests/suggestions">{tr(v, '转为主动公开的建议', 'Suggestions for proactive disclosure')}</a>
          </li>
          <li>
            <a href="/staff/requests/templates">{tr(v, '文书模板', 'Notice templates')}</a>
          </li>
        </ul>
        <nav aria-label={tr(v, '案件范围', 'Case scope')}>
          <ul class="tabs">
            <li>
              <a href="/staff/requests?scope=mine" aria-current={scope === 'mine' ? 'page' : undefined}>
                {tr(v, '我的案件', 'My cases')}
              </a>
            </li>
            <li>
              <a href="/staff/requests?scope=agency" aria-current={scope === 'agency' ? 'page' : undefined}>
                {tr(v, '本机关案件', 'Agency cases')}
              </a>
            </li>
          </ul>
        </nav>
        <form method="get" action="/staff/requests" class="filters">
          <input type="hidden" name="scope" value={scope} />
          <SelectField name="org" label={tr(v, '机关', 'Agency')} value={q.org ?? ''} options={[{ value: '', label: tr(v, '我负责的全部机关', 'All my agencies') }, ...agencies.map((o) => ({ value: o.id, label: o.name }))]} />
          <SelectField name="status" label={tr(v, '状态', 'Status')} value={q.status ?? 'open'} options={STATUS_FILTERS.map(([value, zh, en]) => ({ value, label: tr(v, zh, en) }))} />
          <SelectField name="flag" label={tr(v, '期限', 'Deadline')} value={q.flag ?? ''} options={FLAG_FILTERS.map(([value, zh, en]) => ({ value, label: tr(v, zh, en) }))} />
          <Field name="q" label={tr(v, '申请编号', 'Case number')} value={q.q ?? ''} />
          <button type="submit">{tr(v, '筛选', 'Filter')}</button>
        </form>
        {list.rows.length === 0 ? (
          <p class="empty">{scope === 'mine' ? tr(v, '没有分派给您的案件。', 'No cases are assigned to you.') : tr(v, '没有符合条件的申请。', 'No applications match.')}</p>
        ) : (
          <DataTable
            label={tr(v, '申请列表', 'Applications')}
            headers={[tr(v, '申请编号', 'Case'), tr(v, '申请人', 'Applicant'), tr(v, '所需信息', 'Information'), tr(v, '受理机关', 'Agency'), tr(v, '收到日期', 'Received'), tr(v, '答复期限', 'Due'), tr(v, '状态', 'Status')]}
            rows={list.rows}
            rowKey={(r) => r.id}
            cells={(r) => (
              <>
                <td>
                  <a href={`/staff/requests/${r.id}`}>{r.caseNumber}</a>
                  {r.repeatOfId ? <span class="tag">{tr(v, '重复申请', 'Repeat')}</span> : null}
                </td>
                <td>
                  {r.applicantName}
                  <br />
                  <span class="muted">{APPLICANT_KIND_LABELS[r.applicantKind as ApplicantKind] ?? r.applicantKind}</span>
                </td>
                <td>{r.title}</td>
                <td>{r.orgName}</td>
                <td>{r.receivedOn ?? tr(v, '待确认', 'To confirm')}</td>
                <td>
                  {r.clockPaused ? tr(v, '暂停', 'Paused') : (r.dueOn ?? '—')} <FlagTag v={v} flag={r.flag} />
                </td>
                <td>
                  <StatusTag status={r.status} />
                  {r.outcome ? <div class="muted">{OUTCOME_INFO[r.outcome as Outcome]?.label}</div> : null}
                </td>
              </>
            )}
          />
        )}
        <nav class="pager" aria-label={tr(v, '分页', 'Pages')}>
          {page > 1 ? <a href={`/staff/requests?${params.toString()}&page=${page - 1}`}>{tr(v, '上一页', 'Previous')}</a> : <span aria-hidden="true" />}
          <span>{tr(v, `第 ${page} 页`, `Page ${page}`)}</span>
          {list.hasNext ? <a href={`/staff/requests?${params.toString()}&page=${page + 1}`}>{tr(v, '下一页', 'Next')}</a> : <span aria-hidden="true" />}
        </nav>
      </StaffPage>,
    );
  };

  const registerPage = async (req: FastifyRequest, reply: FastifyReply, o: FormState = {}) => {
    const actor = requireStaff(req);
    const v = viewCtx(req);
    const agencies = await handleAgencies(actor);
    const values = o.values ?? { receivedOn: chinaDate(clock.now()), channel: 'in_person', _key: crypto.randomUUID().replace(/-/g, '') };
    const title = tr(v, '登记政府信息公开申请', 'Register an application');
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/requests">{tr(v, '返回申请列表', 'Back to the list')}</a>
        </p>
        <h1>{title}</h1>
        {agencies.length === 0 ? (
          <p class="notice warn">{tr(v, '您没有为任何机关登记申请的权限（需要依申请公开经办人或公开工作机构负责人角色）。', 'You may not register applications for any agency.')}</p>
        ) : (
          <form method="post" action="/staff/requests" enctype="multipart/form-data" class="form" noValidate>
            <input type="hidden" name="_csrf" value={v.csrfToken} />
            <input type="hidden" name="_key" value={values._key ?? ''} />
            <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能登记', 'Not registered')} />
            <fieldset>
              <legend>{tr(v, '收到方式（条例第三十一条）', 'How it arrived (Art. 31)')}</legend>
              <SelectField name="channel" label={tr(v, '申请渠道', 'Channel')} required value={values.channel} errors={o.errors} options={Object.entries(CHANNELS).map(([value, c]) => ({ value, label: `${c.label}：${c.rule}` }))} />
              <Field name="receivedOn" label={tr(v, '收到申请日期', 'Date of receipt')} type="date" value={values.receivedOn} errors={o.errors} hint={tr(v, '当面提交、需签收的邮寄和口头提出须填写；平常信函、传真和在线申请在与申请人确认后另行确认收到日期。', 'Required for in-person, signed-for post and oral applications; the others are confirmed later.')} />
              <TextareaField name="note" label={tr(v, '登记说明', 'Note')} value={values.note} errors={o.errors} rows={2} maxLength={1000} />
            </fieldset>
            <ApplicationFields v={v} values={values} errors={o.errors ?? {}} agencies={agencies} />
            <button type="submit">{tr(v, '登记', 'Register')}</button>
          </form>
        )}
      </StaffPage>,
      o.status ?? 200,
    );
  };

  const casePage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, o: FormState = {}) => {
    const actor = requireStaff(req);
    const v = viewCtx(req, takeNotice(req, reply));
    const c = await requests.get(actor, req.params.id);
    const transferTargets = c.can.handle && (c.req.status === 'handling' || c.req.status === 'submitted') ? (await orgs.staffScope(actor)).length : 0;
    const allAgencies = transferTargets ? await orgs.listActive() : [];
    const title = tr(v, `申请 ${c.req.caseNumber}`, `Application ${c.req.caseNumber}`);
    const errs = (form: string) => (o.form === form ? (o.errors ?? {}) : {});
    const today = chinaDate(clock.now());
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/requests">{tr(v, '返回申请列表', 'Back to the list')}</a> · {c.org.name}
        </p>
        <h1>
          {title} <StatusTag status={c.req.status} />
        </h1>
        <p class="lead">{c.req.title}</p>
        {o.message && !o.form ? <ErrorSummary errors={{}} message={o.message} title={tr(v, '未能办理', 'Not done')} /> : null}
        {c.repeatOf ? (
          <p class="notice warn">
            {tr(v, '重复申请：同一申请人曾就相同信息提出申请 ', 'Repeat: the same applicant asked for the same information in ')}
            <a href={`/staff/requests/${c.repeatOf.id}`}>{c.repeatOf.caseNumber}</a>
            {c.repeatOf.outcome ? `（${OUTCOME_INFO[c.repeatOf.outcome as Outcome]?.label}）` : ''}。{tr(v, '已答复的，可按第三十六条第（六）项告知不予重复处理。', 'If answered, it may be declined under Art. 36(6).')}
          </p>
        ) : null}

        <section aria-labelledby="clock-h">
          <h2 id="clock-h">{tr(v, '答复期限', 'Deadline')}</h2>
          {c.req.closedOn ? <p>{tr(v, `已于 ${zhDate(c.req.closedOn)} 办结：${OUTCOME_INFO[c.req.outcome as Outcome]?.label ?? ''}。`, `Closed on ${c.req.closedOn}.`)}</p> : <ClockExplanation v={v} clock={c.clock} calendarUnknown={c.calendarUnknown} />}
        </section>

        <section aria-labelledby="applicant-h">
          <h2 id="applicant-h">{tr(v, '申请人', 'Applicant')}</h2>
          {c.personal.allowed ? (
            <dl class="meta">
              <dt>{tr(v, '姓名或名称', 'Name')}</dt>
              <dd>{c.req.applicantName}</dd>
              <dt>{tr(v, '类型', 'Type')}</dt>
              <dd>{APPLICANT_KIND_LABELS[c.req.applicantKind as ApplicantKind]}</dd>
              <dt>{c.req.applicantKind === 'naturalPerson' ? (ID_TYPES[c.req.idType as keyof typeof ID_TYPES] ?? tr(v, '证件', 'ID')) : tr(v, '统一社会信用代码', 'Credit code')}</dt>
              <dd>{c.req.idNumber ?? '—'}</dd>
              {c.req.legalRep ? (
                <>
                  <dt>{tr(v, '法定代表人', 'Legal representative')}</dt>
                  <dd>{c.req.legalRep}</dd>
                </>
              ) : null}
              {c.req.contactPerson ? (
                <>
                  <dt>{tr(v, '联系人', 'Contact')}</dt>
                  <dd>{c.req.contactPerson}</dd>
                </>
              ) : null}
              <dt>{tr(v, '电话', 'Phone')}</dt>
              <dd>{c.req.phone ?? '—'}</dd>
              <dt>{tr(v, '电子邮箱', 'E-mail')}</dt>
              <dd>{c.req.email ?? '—'}</dd>
              <dt>{tr(v, '通信地址', 'Address')}</dt>
              <dd>{[c.req.address, c.req.postcode].filter(Boolean).join(' ') || '—'}</dd>
              {c.req.needsAssistance ? (
                <>
                  <dt>{tr(v, '需要的协助', 'Assistance')}</dt>
                  <dd>{c.req.needsAssistance}</dd>
                </>
              ) : null}
              <dt>{tr(v, '本月申请数', 'Applications this month')}</dt>
              <dd>{tr(v, `${c.monthCount} 件（按件计收信息处理费时的累计件数）`, `${c.monthCount}`)}</dd>
            </dl>
          ) : (
            <p class="notice">
              {c.req.personalPurgedAt
                ? tr(v, '申请人的个人信息已按保存期限清除。', "The applicant's personal data was purged after the retention period.")
                : tr(v, `申请人：${c.req.applicantName}（${APPLICANT_KIND_LABELS[c.req.applicantKind as ApplicantKind]}）。身份证件和联系方式仅限受理机关的依申请公开工作人员查看。`, "Identity and contact details are visible to the agency's disclosure staff only.")}
            </p>
          )}
        </section>

        <section aria-labelledby="request-h">
          <h2 id="request-h">{tr(v, '申请内容', 'The request')}</h2>
          <dl class="meta">
            <dt>{tr(v, '所需信息', 'Information')}</dt>
            <dd>{c.req.title}</dd>
            <dt>{tr(v, '内容描述', 'Description')}</dt>
            <dd class="pre">{c.req.description}</dd>
            <dt>{tr(v, '文号或索引号', 'Document number')}</dt>
            <dd>{c.req.docRef ?? '—'}</dd>
            <dt>{tr(v, '提供形式 / 获取方式', 'Form / way')}</dt>
            <dd>
              {PROVISION_FORMS[c.req.provisionForm]} / {OBTAIN_METHODS[c.req.obtainMethod]}
            </dd>
            <dt>{tr(v, '申请渠道', 'Channel')}</dt>
            <dd>
              {CHANNELS[c.req.channel].label}（{CHANNELS[c.req.channel].rule}）
            </dd>
            <dt>{tr(v, '提交时间', 'Submitted')}</dt>
            <dd>{chinaDateTime(c.req.submittedAt)}</dd>
            <dt>{tr(v, '收到申请日期', 'Received')}</dt>
            <dd>{c.req.receivedOn ? zhDate(c.req.receivedOn) : tr(v, '待确认', 'To confirm')}</dd>
            <dt>{tr(v, '经办人', 'Officer')}</dt>
            <dd>{c.assignee?.displayName ?? tr(v, '未分派', 'Unassigned')}</dd>
            {c.req.feeMethod ? (
              <>
                <dt>{tr(v, '信息处理费', 'Fee')}</dt>
                <dd>
                  {c.req.feeMethod === 'per-application' ? '按件计收' : '按量计收'} {c.req.feeAmount} 元
                </dd>
              </>
            ) : null}
            {c.req.deliveredOn ? (
              <>
                <dt>{tr(v, '送达', 'Delivered')}</dt>
                <dd>
                  {zhDate(c.req.deliveredOn)} {DELIVERY_METHODS[c.req.deliveryMethod as keyof typeof DELIVERY_METHODS] ?? ''}
                </dd>
              </>
            ) : null}
            {c.req.outcomeReasons ? (
              <>
                <dt>{tr(v, '答复理由', 'Reasons')}</dt>
                <dd class="pre">{c.req.outcomeReasons}</dd>
              </>
            ) : null}
          </dl>
        </section>

        {c.can.handle ? <Actions v={v} c={c} errs={errs} values={o.values ?? {}} today={today} agencies={allAgencies.filter((a) => a.id !== c.org.id && a.isActive)} /> : null}

        <section aria-labelledby="notices-h">
          <h2 id="notices-h">{tr(v, '文书', 'Notices')}</h2>
          {c.notices.length === 0 ? (
            <p class="empty">{tr(v, '尚未制作文书。', 'No notices yet.')}</p>
          ) : (
            <DataTable
              label={tr(v, '文书列表', 'Notices')}
              headers={[tr(v, '文号', 'Number'), tr(v, '文书', 'Notice'), tr(v, '日期', 'Date'), tr(v, '下载', 'Download')]}
              rows={c.notices}
              rowKey={(n) => n.id}
              cells={(n) => (
                <>
                  <td>{n.noticeNumber}</td>
                  <td>{n.title}</td>
                  <td>{n.issuedOn}</td>
                  <td>
                    <a href={`/staff/requests/${c.req.id}/notices/${n.id}/docx`}>DOCX</a>
                    {n.pdfSha256 ? (
                      <>
                        {' · '}
                        <a href={`/staff/requests/${c.req.id}/notices/${n.id}/pdf`}>PDF</a>
                      </>
                    ) : null}
                  </td>
                </>
              )}
            />
          )}
        </section>

        <section aria-labelledby="files-h">
          <h2 id="files-h">{tr(v, '文件', 'Files')}</h2>
          {c.files.filter((f) => f.role === 'released' || c.personal.allowed).length === 0 ? (
            <p class="empty">{tr(v, '没有文件。', 'No files.')}</p>
          ) : (
            <ul>
              {c.files
                .filter((f) => f.role === 'released' || c.personal.allowed)
                .map((f) => (
                  <li key={f.id}>
                    {f.role === 'released' ? tr(v, '提供的信息：', 'Released: ') : tr(v, '申请附件：', 'Application: ')}
                    <a href={`/staff/requests/${c.req.id}/files/${f.id}`}>{f.fileName}</a>
                    {f.role === 'released' && c.can.handle && c.req.status === 'handling' ? (
                      <Form action={`/staff/requests/${c.req.id}/files/${f.id}/remove`} csrf={v.csrfToken} class="inline-form">
                        <button type="submit" class="link-button">
                          {tr(v, '移除', 'Remove')}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
            </ul>
          )}
          {c.can.handle && c.req.status === 'handling' ? (
            <form method="post" action={`/staff/requests/${c.req.id}/files`} enctype="multipart/form-data" class="form" noValidate>
              <input type="hidden" name="_csrf" value={v.csrfToken} />
              <ErrorSummary errors={errs('file')} message={o.form === 'file' ? o.message : undefined} title={tr(v, '未能上传', 'Not uploaded')} />
              <FileField name="file" label={tr(v, '上传提供给申请人的信息', 'Upload information to release')} accept=".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg" errors={errs('file')} />
              <button type="submit">{tr(v, '上传', 'Upload')}</button>
            </form>
          ) : null}
        </section>

        {c.consultations.length > 0 ? (
          <section aria-labelledby="consult-h">
            <h2 id="consult-h">{tr(v, '征求意见', 'Consultations')}</h2>
            <DataTable
              label={tr(v, '征求意见列表', 'Consultations')}
              headers={[tr(v, '对象', 'Party'), tr(v, '发函日期', 'Sent'), tr(v, '答复期限', 'Answer due'), tr(v, '结果', 'Result')]}
              rows={c.consultations}
              rowKey={(x) => x.id}
              cells={(x) => (
                <>
                  <td>
                    {x.party}（{x.kind === 'third-party' ? tr(v, '第三方', 'third party') : tr(v, '其他机关', 'agency')}）
                  </td>
                  <td>{x.sentOn}</td>
                  <td>
                    {x.responseDue ?? '—'}
                    {!x.answeredOn && x.responseDue && x.responseDue < today ? <span class="tag tag-warn">{tr(v, '已过答复期限', 'Past due')}</span> : null}
                  </td>
                  <td>{x.answeredOn ? `${x.answeredOn} ${{ consent: '同意公开', objection: '不同意公开', 'no-reply': '逾期未答复' }[x.answer ?? 'no-reply']}` : tr(v, '等待答复', 'Waiting')}</td>
                </>
              )}
            />
            {c.can.handle
              ? c.consultations
                  .filter((x) => !x.answeredOn)
                  .map((x) => (
                    <FieldIdPrefix.Provider key={x.id} value={`answer${x.id}-`}>
                    <Form action={`/staff/requests/${c.req.id}/consultation-answer`} csrf={v.csrfToken}>
                      <h3>{tr(v, `登记 ${x.party} 的意见`, `Record the answer of ${x.party}`)}</h3>
                      <ErrorSummary errors={errs('answer')} message={o.form === 'answer' ? o.message : undefined} title={tr(v, '未能登记', 'Not recorded')} />
                      <input type="hidden" name="consultationId" value={x.id} />
                      <Field name="on" label={tr(v, '答复日期（逾期未答复的，填期限届满日）', 'Date')} type="date" value={today} errors={errs('answer')} />
                      <SelectField
                        name="answer"
                        label={tr(v, '意见', 'Answer')}
                        errors={errs('answer')}
                        options={[
                          { value: 'consent', label: x.kind === 'inter-agency' ? '同意公开（逾期未答复视为同意）' : '同意公开' },
                          { value: 'objection', label: '不同意公开（须有合理理由）' },
                          { value: 'no-reply', label: '逾期未答复' },
                        ]}
                      />
                      <TextareaField name="note" label={tr(v, '说明', 'Note')} rows={2} errors={errs('answer')} />
                      <button type="submit">{tr(v, '登记意见，恢复计算期限', 'Record and resume the clock')}</button>
                    </Form>
                    </FieldIdPrefix.Provider>
                  ))
              : null}
          </section>
        ) : null}

        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">{tr(v, '办理过程', 'Timeline')}</h2>
          <ol class="timeline">
            {c.events.map((e) => (
              <li key={e.id}>
                <span class="muted">{e.onDate}</span> <strong>{EVENT_LABELS[e.type] ?? e.type}</strong>：{e.summary}
                {e.note ? <div class="pre muted">{e.note}</div> : null}
                <span class="muted">
                  {' '}
                  （{e.actorLabel}
                  {e.visible ? '' : tr(v, '，仅内部可见', ', internal')}）
                </span>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="remedies-h">
          <h2 id="remedies-h">{tr(v, '行政复议和行政诉讼', 'Reconsideration and litigation')}</h2>
          {c.remedies.length === 0 ? (
            <p class="empty">{tr(v, '没有记录。', 'None recorded.')}</p>
          ) : (
            <DataTable
              label={tr(v, '复议和诉讼', 'Remedies')}
              headers={[tr(v, '类型', 'Kind'), tr(v, '机关或法院', 'Body'), tr(v, '日期', 'Filed'), tr(v, '结果', 'Result'), tr(v, '更新', 'Update')]}
              rows={c.remedies}
              rowKey={(m) => m.id}
              cells={(m) => (
                <>
                  <td>{REMEDY_KIND_LABELS[m.kind]}</td>
                  <td>{m.body}</td>
                  <td>{m.filedOn}</td>
                  <td>
                    {REMEDY_RESULT_LABELS[m.result]}
                    {m.decidedOn ? `（${m.decidedOn}）` : ''}
                  </td>
                  <td>
                    {c.can.handle && m.result === 'pending' ? (
                      <FieldIdPrefix.Provider value={`remedy${m.id}-`}>
                      <Form action={`/staff/requests/${c.req.id}/remedies/${m.id}`} csrf={v.csrfToken} class="inline-form">
                        <input type="hidden" name="kind" value={m.kind} />
                        <input type="hidden" name="filedOn" value={m.filedOn} />
                        <input type="hidden" name="body" value={m.body} />
                        <SelectField name="result" label={tr(v, '结果', 'Result')} options={REMEDY_RESULTS.filter((r) => r !== 'pending').map((r) => ({ value: r, label: REMEDY_RESULT_LABELS[r] }))} />
                        <Field name="decidedOn" label={tr(v, '审结日期', 'Decided on')} type="date" value={today} />
                        <button type="submit">{tr(v, '登记审结', 'Record the result')}</button>
                      </Form>
                      </FieldIdPrefix.Provider>
                    ) : (
                      '—'
                    )}
                  </td>
                </>
              )}
            />
          )}
          {c.can.handle && c.req.receivedOn ? (
            <FieldIdPrefix.Provider value="remedy-">
            <Form action={`/staff/requests/${c.req.id}/remedies`} csrf={v.csrfToken}>
              <h3>{tr(v, '记录复议或诉讼', 'Record a reconsideration or lawsuit')}</h3>
              <ErrorSummary errors={errs('remedy')} message={o.form === 'remedy' ? o.message : undefined} title={tr(v, '未能记录', 'Not recorded')} />
              <SelectField name="kind" label={tr(v, '类型', 'Kind')} errors={errs('remedy')} options={REMEDY_KINDS.map((k) => ({ value: k, label: REMEDY_KIND_LABELS[k] }))} />
              <Field name="filedOn" label={tr(v, '申请或起诉日期', 'Filed on')} type="date" errors={errs('remedy')} />
              <Field name="body" label={tr(v, '复议机关或受理法院', 'Body or court')} errors={errs('remedy')} maxLength={200} />
              <SelectField name="result" label={tr(v, '结果', 'Result')} errors={errs('remedy')} options={REMEDY_RESULTS.map((r) => ({ value: r, label: REMEDY_RESULT_LABELS[r] }))} value="pending" />
              <Field name="decidedOn" label={tr(v, '审结日期（已审结的）', 'Decided on (if decided)')} type="date" errors={errs('remedy')} />
              <button type="submit">{tr(v, '记录', 'Record')}</button>
            </Form>
            </FieldIdPrefix.Provider>
          ) : null}
        </section>
      </StaffPage>,
      o.status ?? 200,
    );
  };

  /** A POST that runs one step and comes back to the case page (or shows it again with the errors). */
  const step = (form: string, run: (actor: UserActor, id: string, values: Record<string, string>) => Promise<unknown>, done: string) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const actor = requireStaff(req);
    const values = formValues(req);
    const r = await tryForm(() => run(actor, req.params.id, values));
    if (!r.ok) return casePage(req, reply, { errors: r.errors, message: r.message, status: r.status, form: Object.keys(r.errors).length ? form : '', values });
    return redirectWithNotice(reply, `/staff/requests/${req.params.id}`, done);
  };

  const figuresPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = requireStaff(req);
    const v = viewCtx(req);
    const q = req.query as { org?: string; from?: string; to?: string };
    const agencies = (await orgs.staffScope(actor)).filter((o) => canOnRequest(actor, 'figures', o.path));
    const org = agencies.find((o) => o.id === q.org) ?? agencies[0];
    const year = chinaDate(clock.now()).slice(0, 4);
    const valid = (d: string | undefined) => (d && isValidDate(d) ? d : null);
    const from = valid(q.from) ?? `${year}-01-01`;
    const to = valid(q.to) ?? `${year}-12-31`;
    const title = tr(v, '依申请公开统计', 'Request figures');
    if (!org) return noAccess(reply, v, title, tr(v, '您没有查看统计的权限。', 'You may not see figures.'));
    const badRange = from > to;
    const [t3, t4] = badRange ? [null, null] : await Promise.all([table3(db, org.path, from, to), table4(db, org.path, from, to)]);
    const problems = t3 ? table3Problems(t3) : [];
    const rows: [Table3Key, string][] = [
      ['newReceived', '一、本年新收政府信息公开申请数量'],
      ['carriedOver', '二、上年结转政府信息公开申请数量'],
      ...OUTCOMES.map((k) => [k, `三、${OUTCOME_INFO[k].row}`] as [Table3Key, string]),
      ['totalProcessed', '（七）总计'],
      ['carriedForward', '四、结转下年度继续办理'],
    ];
    const max = t3 ? Math.max(1, ...OUTCOMES.map((k) => t3[k].total)) : 1;
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/requests">{tr(v, '返回申请列表', 'Back to the list')}</a>
        </p>
        <h1>{title}</h1>
        <form method="get" action="/staff/requests/figures" class="filters">
          <SelectField name="org" label={tr(v, '机关（含下级）', 'Agency (with subtree)')} value={org.id} options={agencies.map((o) => ({ value: o.id, label: o.name }))} />
          <Field name="from" label={tr(v, '起始日期', 'From')} type="date" value={from} />
          <Field name="to" label={tr(v, '截止日期', 'To')} type="date" value={to} />
          <button type="submit">{tr(v, '统计', 'Count')}</button>
        </form>
        {badRange ? <p class="notice warn">{tr(v, '起始日期不能晚于截止日期。', 'The start must not be after the end.')}</p> : null}
        {t3 ? (
          <>
            <section aria-labelledby="t3-h">
              <h2 id="t3-h">{tr(v, '表三：收到和处理政府信息公开申请情况', 'Table 3: applications received and handled')}</h2>
              <p class={problems.length ? 'notice warn' : 'notice'} role="status">
                {problems.length ? tr(v, `勾稽关系不成立：${problems.join(' ')}`, 'Identities broken.') : tr(v, '勾稽关系成立：每列“本年新收 + 上年结转 = 办理总计 + 结转下年”，各办理结果之和等于总计。', 'Every identity holds.')}
              </p>
              <svg class="chart" role="img" aria-labelledby="t3-chart-t" viewBox={`0 0 640 ${OUTCOMES.length * 18 + 10}`} width="100%">
                <title id="t3-chart-t">{tr(v, '各办理结果数量（总计列），数据见下表', 'Outcomes (total column); figures in the table below')}</title>
                {OUTCOMES.map((k, i) => (
                  <g key={k} transform={`translate(0 ${i * 18 + 5})`}>
                    <text x="0" y="12" font-size="11">
                      {OUTCOME_INFO[k].label.slice(0, 16)}
                    </text>
                    <rect x="220" y="2" height="12" width={(t3[k].total / max) * 380} fill="#1d5fa8" />
                    <text x={226 + (t3[k].total / max) * 380} y="12" font-size="11">
                      {t3[k].total}
                    </text>
                  </g>
                ))}
              </svg>
              <CountTable
                label={tr(v, '表三', 'Table 3')}
                corner={tr(v, '项目', 'Row')}
                rows={rows}
                columns={APPLICANT_KINDS.map((k) => [k, APPLICANT_KIND_LABELS[k]] as [string, string])}
                total={tr(v, '总计', 'Total')}
                value={(k, col) => t3[k as Table3Key][col as ApplicantKind | 'total']}
              />
            </section>
            <section aria-labelledby="t4-h">
              <h2 id="t4-h">{tr(v, '表四：政府信息公开行政复议、行政诉讼情况', 'Table 4: reconsideration and litigation')}</h2>
              <CountTable
                label={tr(v, '表四', 'Table 4')}
                corner={tr(v, '类型', 'Kind')}
                rows={REMEDY_KINDS.map((k) => [k, REMEDY_KIND_LABELS[k]] as [string, string])}
                columns={REMEDY_RESULTS.map((r) => [r, REMEDY_RESULT_LABELS[r]] as [string, string])}
                total={tr(v, '总计', 'Total')}
                value={(k, col) => t4[k as RemedyKind][col as RemedyResult | 'total']}
              />
            </section>
          </>
        ) : null}
      </StaffPage>,
      badRange ? 400 : 200,
    );
  };

  const suggestionsPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = requireStaff(req);
    const v = viewCtx(req);
    const q = req.query as { org?: string };
    const agencies = await viewAgencies(actor);
    const org = agencies.find((o) => o.id === q.org) ?? agencies[0];
    const rows = org ? await requests.art44Suggestions(actor, org.id) : [];
    const title = tr(v, '转为主动公开的建议（条例第四十四条）', 'Suggested for proactive disclosure (Art. 44)');
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/requests">{tr(v, '返回申请列表', 'Back to the list')}</a>
        </p>
        <h1>{title}</h1>
        <form method="get" action="/staff/requests/suggestions" class="filters">
          <SelectField name="org" label={tr(v, '机关', 'Agency')} value={org?.id ?? ''} options={agencies.map((o) => ({ value: o.id, label: o.name }))} />
          <button type="submit">{tr(v, '查看', 'Show')}</button>
        </form>
        <p class="muted">{tr(v, `多个申请人（不少于 ${requests.settings.art44Threshold} 人）申请公开、且已予以公开或部分公开的同一信息，可以纳入主动公开范围。`, `Information disclosed to ${requests.settings.art44Threshold}+ applicants may be made proactive.`)}</p>
        {rows.length === 0 ? (
          <p class="empty">{tr(v, '暂无建议。', 'No suggestions.')}</p>
        ) : (
          <DataTable
            label={tr(v, '建议列表', 'Suggestions')}
            headers={[tr(v, '信息', 'Information'), tr(v, '文号', 'Document number'), tr(v, '申请人数', 'Applicants'), tr(v, '申请件数', 'Applications'), tr(v, '最近申请', 'Latest')]}
            rows={rows}
            rowKey={(r) => r.infoKey}
            cells={(r) => (
              <>
                <td>{r.title}</td>
                <td>{r.docRef ?? '—'}</td>
                <td class="num">{r.applicants}</td>
                <td class="num">{r.requests}</td>
                <td>{r.lastCase}</td>
              </>
            )}
          />
        )}
        {org ? (
          <p>
            <a href={`/staff/items/new?org=${org.id}`}>{tr(v, '录入为主动公开信息', 'Record it as proactive information')}</a>
          </p>
        ) : null}
      </StaffPage>,
    );
  };

  const templateKeys = (): NoticeTemplateKey[] => Object.keys(DEFAULT_NOTICE_TEMPLATES) as NoticeTemplateKey[];
  const keyLabel = (k: NoticeTemplateKey) => (k.startsWith('reply.') ? `答复告知书：${OUTCOME_INFO[k.slice(6) as Outcome]?.label ?? k}` : NOTICE_KIND_LABELS[k as NoticeKind]);
  const kindOf = (k: NoticeTemplateKey): NoticeKind => (k.startsWith('reply.') ? 'reply' : (k as NoticeKind));

  const templatesPage = async (req: FastifyRequest, reply: FastifyReply, o: FormState = {}) => {
    const actor = requireStaff(req);
    const v = viewCtx(req, takeNotice(req, reply));
    const q = req.query as { org?: string; key?: string };
    const agencies = await viewAgencies(actor);
    const org = agencies.find((a) => a.id === (o.values?.org ?? q.org)) ?? agencies[0];
    const title = tr(v, '文书模板', 'Notice templates');
    if (!org) return noAccess(reply, v, title, tr(v, '您没有查看文书模板的权限。', 'You may not see templates.'));
    const t = await requests.templates(actor, org.id);
    const key = (templateKeys() as string[]).includes(o.values?.key ?? q.key ?? '') ? ((o.values?.key ?? q.key) as NoticeTemplateKey) : null;
    const custom = new Map(t.rows.map((r) => [r.kind, r]));
    const current = key ? (custom.get(key) ?? DEFAULT_NOTICE_TEMPLATES[key]) : null;
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/requests">{tr(v, '返回申请列表', 'Back to the list')}</a>
        </p>
        <h1>{title}</h1>
        <form method="get" action="/staff/requests/templates" class="filters">
          <SelectField name="org" label={tr(v, '机关', 'Agency')} value={org.id} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
          <button type="submit">{tr(v, '查看', 'Show')}</button>
        </form>
        <DataTable
          label={tr(v, '模板列表', 'Templates')}
          headers={[tr(v, '文书', 'Notice'), tr(v, '来源', 'Source'), tr(v, '操作', 'Action')]}
          rows={templateKeys()}
          rowKey={(k) => k}
          cells={(k) => (
            <>
              <td>{keyLabel(k)}</td>
              <td>{custom.has(k) ? tr(v, '本机关修改', 'Agency wording') : tr(v, '默认', 'Default')}</td>
              <td>
                <a href={`/staff/requests/templates?org=${org.id}&key=${k}#edit-h`}>{t.canEdit ? tr(v, '编辑', 'Edit') : tr(v, '查看', 'View')}</a>
              </td>
            </>
          )}
        />
        {key && current ? (
          <section aria-labelledby="edit-h">
            <h2 id="edit-h">{keyLabel(key)}</h2>
            <p class="muted">
              {tr(v, '可用占位符：', 'Placeholders: ')}
              {NOTICE_PLACEHOLDERS[kindOf(key)].map((p) => `{{${p.name}}} ${p.label}`).join('；')}
            </p>
            {t.canEdit ? (
              <>
                <Form action="/staff/requests/templates" csrf={v.csrfToken}>
                  <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能保存', 'Not saved')} />
                  <input type="hidden" name="org" value={org.id} />
                  <input type="hidden" name="key" value={key} />
                  <Field name="title" label={tr(v, '标题', 'Title')} value={o.values?.title ?? current.title} errors={o.errors} maxLength={100} />
                  <TextareaField name="body" label={tr(v, '正文（每行一段）', 'Body (one paragraph per line)')} value={o.values?.body ?? current.body} errors={o.errors} rows={14} />
                  <button type="submit">{tr(v, '保存', 'Save')}</button>
                </Form>
                {custom.has(key) ? (
                  <Form action="/staff/requests/templates/reset" csrf={v.csrfToken}>
                    <input type="hidden" name="org" value={org.id} />
                    <input type="hidden" name="key" value={key} />
                    <button type="submit" class="secondary">
                      {tr(v, '恢复默认模板', 'Restore the default')}
                    </button>
                  </Form>
                ) : null}
              </>
            ) : (
              <pre class="pre">{`${current.title}\n\n${current.body}`}</pre>
            )}
          </section>
        ) : null}
      </StaffPage>,
      o.status ?? 200,
    );
  };

  const download = (buf: Buffer, fileName: string, mediaType: string, reply: FastifyReply) =>
    reply.type(mediaType).header('content-disposition', contentDisposition(fileName, 'attachment')).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(buf);

  return async (app) => {
    app.get('/staff/requests', listPage);
    app.get('/staff/requests/new', async (req, reply) => registerPage(req, reply));
    app.post('/staff/requests', { config: { multipart: true } }, async (req, reply) => {
      const actor = requireStaff(req);
      let values: Record<string, string> = {};
      const r = await tryForm(async () => {
        const { fields, files } = await readMultipart(req);
        values = fields;
        return requests.register(actor, fields, files.filter((f) => f.field === 'files' && f.buffer.length > 0), fields._key ?? null);
      });
      if (!r.ok) return registerPage(req, reply, { errors: r.errors, message: r.message, status: r.status, values });
      return redirectWithNotice(reply, `/staff/requests/${r.value.id}`, r.value.duplicate ? '该申请此前已登记（重复提交未生成新案件）。' : `已登记，申请编号 ${r.value.caseNumber}。`);
    });
    app.get('/staff/requests/figures', figuresPage);
    app.get('/staff/requests/suggestions', suggestionsPage);
    app.get('/staff/requests/templates', async (req, reply) => templatesPage(req, reply));
    app.post('/staff/requests/templates', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const key = values.key as NoticeTemplateKey;
      const r = await tryForm(async () => {
        if (!(templateKeys() as string[]).includes(key)) throw new ValidationFailed({ key: '请选择文书。' });
        return requests.saveTemplate(actor, values.org ?? '', key, { title: values.title ?? '', body: values.body ?? '' }, (t) => checkTemplate(t, key).join(' ') || null);
      });
      if (!r.ok) return templatesPage(req, reply, { errors: r.errors, message: r.message, status: r.status, values });
      return redirectWithNotice(reply, `/staff/requests/templates?org=${values.org}&key=${key}`, '模板已保存，之后制作的文书将使用新模板。');
    });
    app.post('/staff/requests/templates/reset', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const key = values.key as NoticeTemplateKey;
      const r = await tryForm(async () => {
        if (!(templateKeys() as string[]).includes(key)) throw new ValidationFailed({ key: '请选择文书。' });
        return requests.saveTemplate(actor, values.org ?? '', key, null, () => null);
      });
      if (!r.ok) return templatesPage(req, reply, { errors: r.errors, message: r.message, status: r.status, values });
      return redirectWithNotice(reply, `/staff/requests/templates?org=${values.org}&key=${key}`, '已恢复默认模板。');
    });

    app.get<{ Params: { id: string } }>('/staff/requests/:id', async (req, reply) => casePage(req, reply));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/confirm', step('confirm', (a, id, val) => requests.confirmReceipt(a, id, val), '已确认收到申请，开始计算答复期限，受理回执已生成。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/correction', step('correction', (a, id, val) => requests.requestCorrection(a, id, val), '补正告知书已生成并通知申请人。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/corrected', step('corrected', (a, id, val) => requests.recordCorrection(a, id, val), '已登记补正，答复期限重新计算。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/abandon', step('abandon', (a, id) => requests.abandon(a, id), '申请已视为放弃。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/assign', step('assign', (a, id, val) => requests.assign(a, id, val), '已分派经办人。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/transfer', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => requests.transfer(actor, req.params.id, values));
      if (!r.ok) return casePage(req, reply, { errors: r.errors, message: r.message, status: r.status, form: 'transfer', values });
      // After the transfer the case may be outside the actor's agencies.
      return redirectWithNotice(reply, '/staff/requests', '申请已移送。');
    });
    app.post<{ Params: { id: string } }>('/staff/requests/:id/consultation', step('consultation', (a, id, val) => requests.startConsultation(a, id, val), '已征求意见，答复期限暂停计算。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/consultation-answer', step('answer', (a, id, val) => requests.answerConsultation(a, id, val), '已登记意见，答复期限恢复计算。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/extend', step('extend', (a, id, val) => requests.extend(a, id, val), '已延长答复期限，延期答复告知书已生成并通知申请人。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/fee', step('fee', (a, id, val) => requests.noticeFee(a, id, val), '收费通知已生成并通知申请人。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/fee-paid', step('fee-paid', (a, id, val) => requests.recordFeePaid(a, id, val), '已登记缴费，答复期限恢复计算。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/fee-unpaid', step('fee-unpaid', (a, id) => requests.recordFeeUnpaid(a, id), '已登记逾期未缴费，不再处理。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/delay', step('delay', (a, id, val) => requests.delay(a, id, val), '已另行确定答复期限并通知申请人。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/withdraw', step('withdraw', (a, id, val) => requests.withdraw(a, id, val), '申请已撤回。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/reply', step('reply', (a, id, val) => requests.reply(a, id, val), '已作出答复，答复告知书已生成并通知申请人。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/delivery', step('delivery', (a, id, val) => requests.recordDelivery(a, id, val), '已登记送达。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/archive', step('archive', (a, id) => requests.archive(a, id), '已归档。'));
    app.post<{ Params: { id: string } }>('/staff/requests/:id/remedies', step('remedy', (a, id, val) => requests.recordRemedy(a, id, val), '已记录。'));
    app.post<{ Params: { id: string; rid: string } }>('/staff/requests/:id/remedies/:rid', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => requests.updateRemedy(actor, req.params.id, req.params.rid, values));
      if (!r.ok) return casePage(req, reply, { errors: r.errors, message: r.message, status: r.status, form: 'remedy', values });
      return redirectWithNotice(reply, `/staff/requests/${req.params.id}#remedies-h`, '已更新。');
    });
    app.post<{ Params: { id: string } }>('/staff/requests/:id/files', { config: { multipart: true } }, async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(async () => {
        const { files } = await readMultipart(req);
        const file = files.find((f) => f.field === 'file');
        if (!file || file.buffer.length === 0) throw new ValidationFailed({ file: '请选择要上传的文件。' });
        return requests.addReleasedFile(actor, req.params.id, file);
      });
      if (!r.ok) return casePage(req, reply, { errors: r.errors, message: r.message, status: r.status, form: 'file' });
      return redirectWithNotice(reply, `/staff/requests/${req.params.id}#files-h`, '文件已上传。');
    });
    app.post<{ Params: { id: string; fid: string } }>('/staff/requests/:id/files/:fid/remove', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => requests.removeReleasedFile(actor, req.params.id, req.params.fid));
      if (!r.ok) return casePage(req, reply, { errors: r.errors, message: r.message, status: r.status });
      return redirectWithNotice(reply, `/staff/requests/${req.params.id}#files-h`, '文件已移除。');
    });
    app.get<{ Params: { id: string; fid: string } }>('/staff/requests/:id/files/:fid', async (req, reply) => {
      const actor = requireStaff(req);
      const f = await requests.requestFile({ actor }, req.params.fid);
      return download(f.buffer, f.fileName, f.mediaType, reply);
    });
    app.get<{ Params: { id: string; nid: string; format: string } }>('/staff/requests/:id/notices/:nid/:format', async (req, reply) => {
      const actor = requireStaff(req);
      const format = req.params.format === 'pdf' ? 'pdf' : 'docx';
      const f = await requests.noticeFile({ actor }, req.params.nid, format);
      return download(f.buffer, f.fileName, f.mediaType, reply);
    });
  };
}

/** A table of counts: one row per key, one column per category, then the total column. */
function CountTable(p: { label: string; corner: string; rows: readonly [string, string][]; columns: readonly [string, string][]; total: string; value: (row: string, col: string) => number }) {
  return (
    <DataTable
      label={p.label}
      headers={[p.corner, ...p.columns.map(([, l]) => l), p.total]}
      rows={p.rows}
      rowKey={([k]) => k}
      cells={([k, label]) => (
        <>
          <th scope="row">{label}</th>
          {p.columns.map(([col]) => (
            <td key={col} class="num">
              {p.value(k, col)}
            </td>
          ))}
          <td class="num">{p.value(k, 'total')}</td>
        </>
      )}
    />
  );
}

/** The forms for the next steps, by state. */
function Actions({ v, c, errs, values, today, agencies }: { v: ViewCtx; c: CaseView; errs: (form: string) => FieldErrors; values: Record<string, string>; today: string; agencies: { id: string; name: string }[] }) {
  const id = c.req.id;
  const s = c.req.status;
  const val = (form: string, name: string, fallback = '') => (Object.keys(errs(form)).length ? (values[name] ?? fallback) : fallback);
  const Box = (p: { form: string; action: string; title: string; children: preact.ComponentChildren; button: string }) => (
    <details open={Object.keys(errs(p.form)).length > 0}>
      <summary>{p.title}</summary>
      {/* Several action forms share field names: each gets its own ids. */}
      <FieldIdPrefix.Provider value={`${p.form}-`}>
        <Form action={`/staff/requests/${id}/${p.action}`} csrf={v.csrfToken}>
          <ErrorSummary errors={errs(p.form)} title={tr(v, '未能办理', 'Not done')} />
          {p.children}
          <button type="submit">{p.button}</button>
        </Form>
      </FieldIdPrefix.Provider>
    </details>
  );
  const open = s === 'submitted' || s === 'handling' || s === 'correction';
  return (
    <section aria-labelledby="actions-h" class="actions-panel">
      <h2 id="actions-h">{tr(v, '办理', 'Handle')}</h2>
      {s === 'submitted' ? (
        <Box form="confirm" action="confirm" title={tr(v, '确认收到申请（第三十一条）', 'Confirm receipt (Art. 31)')} button={tr(v, '确认收到', 'Confirm')}>
          <p class="hint">{CHANNELS[c.req.channel].rule}。</p>
          <Field name="on" label={tr(v, '确认日期', 'Confirmed on')} type="date" value={val('confirm', 'on', today)} errors={errs('confirm')} />
          <TextareaField name="note" label={tr(v, '确认方式', 'How confirmed')} value={val('confirm', 'note')} rows={2} errors={errs('confirm')} />
        </Box>
      ) : null}
      {s === 'handling' ? (
        <>
          {c.clock && !c.clock.restarted ? (
            <Box form="correction" action="correction" title={tr(v, '告知补正（第三十条，一次性告知）', 'Request a correction (Art. 30)')} button={tr(v, '生成补正告知书', 'Issue the notice')}>
              <TextareaField name="items" label={tr(v, '需要补正的事项（一次性告知全部事项）', 'What to correct')} value={val('correction', 'items')} errors={errs('correction')} />
              <Field name="until" label={tr(v, '补正期限', 'Correct by')} type="date" value={val('correction', 'until')} errors={errs('correction')} />
            </Box>
          ) : null}
          <Box form="consultation" action="consultation" title={tr(v, '征求第三方或其他机关意见（期限暂停）', 'Consult a third party or agency (clock pauses)')} button={tr(v, '征求意见', 'Consult')}>
            <SelectField
              name="kind"
              label={tr(v, '对象', 'Whom')}
              value={val('consultation', 'kind', 'third-party')}
              errors={errs('consultation')}
              options={[
                { value: 'third-party', label: '第三方（第三十二条，生成征求意见函）' },
                { value: 'inter-agency', label: '其他机关（第三十四条）' },
              ]}
            />
            <Field name="party" label={tr(v, '第三方或机关名称', 'Name')} value={val('consultation', 'party')} errors={errs('consultation')} maxLength={200} />
            <TextareaField name="infoSummary" label={tr(v, '拟公开信息的内容', 'Information concerned')} value={val('consultation', 'infoSummary')} rows={3} errors={errs('consultation')} />
          </Box>
          {c.can.extend ? (
            <Box form="extend" action="extend" title={tr(v, '延长答复期限（须经公开工作机构负责人批准）', 'Extend (head of office approves)')} button={tr(v, '批准延期', 'Approve the extension')}>
              <Field name="days" label={tr(v, '延长的工作日数（最长 20 个）', 'Working days (at most 20)')} inputmode="numeric" value={val('extend', 'days', '20')} errors={errs('extend')} />
              <TextareaField name="reason" label={tr(v, '延期理由', 'Reason')} value={val('extend', 'reason')} rows={2} errors={errs('extend')} />
            </Box>
          ) : (
            <p class="muted">{tr(v, '延长答复期限须由政府信息公开工作机构负责人批准。', 'Extensions need the head of the disclosure office.')}</p>
          )}
          {c.req.feeMethod ? (
            c.req.clockPaused ? (
              <>
                <Box form="fee-paid" action="fee-paid" title={tr(v, '登记缴费', 'Record payment')} button={tr(v, '登记缴费', 'Record')}>
                  <Field name="on" label={tr(v, '缴费日期', 'Paid on')} type="date" value={val('fee-paid', 'on', today)} errors={errs('fee-paid')} />
                </Box>
                <Box form="fee-unpaid" action="fee-unpaid" title={tr(v, '逾期未缴费，不再处理', 'Not paid: stop')} button={tr(v, '登记逾期未缴费', 'Record')}>
                  <p class="hint">{tr(v, '计入年度报告表三（六）2。', 'Counted in table 3 row (6)2.')}</p>
                </Box>
              </>
            ) : null
          ) : (
            <Box form="fee" action="fee" title={tr(v, '发出收费通知（信息处理费）', 'Fee notice')} button={tr(v, '生成收费通知', 'Issue')}>
              <SelectField
                name="method"
                label={tr(v, '计费方式（二选一）', 'Method (one only)')}
                value={val('fee', 'method', 'per-application')}
                errors={errs('fee')}
                options={[
                  { value: 'per-application', label: tr(v, `按件计收（该申请人本月第 ${c.monthCount} 件）`, `Per application (#${c.monthCount} this month)`) },
                  { value: 'per-volume', label: tr(v, '按量计收（按页数）', 'Per volume (pages)') },
                ]}
              />
              <Field name="pages" label={tr(v, '页数（按量计收）', 'Pages (per volume)')} inputmode="numeric" value={val('fee', 'pages')} errors={errs('fee')} />
              <Field name="payBy" label={tr(v, '缴费期限', 'Pay by')} type="date" value={val('fee', 'payBy')} errors={errs('fee')} />
              <Field name="howToPay" label={tr(v, '缴费方式', 'How to pay')} value={val('fee', 'howToPay')} errors={errs('fee')} maxLength={500} />
            </Box>
          )}
          {c.can.extend ? (
            <Box form="delay" action="delay" title={tr(v, '另行确定答复期限（第三十五条，大量或频繁申请）', 'Delayed deadline (Art. 35)')} button={tr(v, '确定期限', 'Set')}>
              <Field name="until" label={tr(v, '答复期限', 'New deadline')} type="date" value={val('delay', 'until')} errors={errs('delay')} />
              <TextareaField name="reason" label={tr(v, '理由', 'Reason')} value={val('delay', 'reason')} rows={2} errors={errs('delay')} />
            </Box>
          ) : null}
          <details open={Object.keys(errs('reply')).length > 0}>
            <summary>{tr(v, '作出答复', 'Reply')}</summary>
            <FieldIdPrefix.Provider value="reply-">
            <Form action={`/staff/requests/${id}/reply`} csrf={v.csrfToken}>
              <ErrorSummary errors={errs('reply')} title={tr(v, '未能答复', 'Not replied')} />
              <SelectField
                name="outcome"
                label={tr(v, '答复结果（对应年度报告表三）', 'Outcome (report table 3 row)')}
                value={val('reply', 'outcome')}
                errors={errs('reply')}
                options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...REPLY_OUTCOMES.map((o) => ({ value: o, label: `${OUTCOME_INFO[o].row}` }))]}
              />
              <TextareaField name="reasons" label={tr(v, '理由（部分公开须说明不予公开部分的理由；不予公开、无法提供、不予处理须说明理由）', 'Reasons')} value={val('reply', 'reasons')} rows={4} errors={errs('reply')} />
              <Field name="otherAgencyName" label={tr(v, '负责公开该信息的机关（非本机关负责时）', 'Responsible agency (if another)')} value={val('reply', 'otherAgencyName')} errors={errs('reply')} maxLength={100} />
              <Field name="otherAgencyContact" label={tr(v, '该机关的联系方式', 'Its contact details')} value={val('reply', 'otherAgencyContact')} errors={errs('reply')} maxLength={200} />
              <p class="hint">{tr(v, '予以公开或部分公开的，请先在“文件”中上传提供的信息；答复告知书将附上所提供信息的清单。', 'Upload the released information first.')}</p>
              <button type="submit">{tr(v, '生成答复告知书并答复', 'Reply')}</button>
            </Form>
            </FieldIdPrefix.Provider>
          </details>
          {agencies.length > 0 ? (
            <Box form="transfer" action="transfer" title={tr(v, '移送其他机关', 'Transfer to another agency')} button={tr(v, '移送', 'Transfer')}>
              <SelectField name="orgId" label={tr(v, '移送给', 'To')} value={val('transfer', 'orgId')} errors={errs('transfer')} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} />
              <TextareaField name="reason" label={tr(v, '移送理由', 'Reason')} value={val('transfer', 'reason')} rows={2} errors={errs('transfer')} />
            </Box>
          ) : null}
        </>
      ) : null}
      {s === 'correction' ? (
        <>
          <Box form="corrected" action="corrected" title={tr(v, '登记收到补正材料（期限重新计算）', 'Correction received (period restarts)')} button={tr(v, '登记补正', 'Record')}>
            <Field name="on" label={tr(v, '收到补正日期', 'Received on')} type="date" value={val('corrected', 'on', today)} errors={errs('corrected')} />
            <TextareaField name="note" label={tr(v, '说明', 'Note')} value={val('corrected', 'note')} rows={2} errors={errs('corrected')} />
          </Box>
          <Box form="abandon" action="abandon" title={tr(v, '补正期限届满未补正：视为放弃', 'Correction period passed: abandoned')} button={tr(v, '视为放弃', 'Mark abandoned')}>
            <p class="hint">{tr(v, '补正期限届满后，系统每日也会自动处理。', 'The daily sweep does this automatically too.')}</p>
          </Box>
        </>
      ) : null}
      {open ? (
        <>
          <Box form="assign" action="assign" title={tr(v, '分派经办人', 'Assign')} button={tr(v, '分派', 'Assign')}>
            <SelectField name="assigneeId" label={tr(v, '经办人', 'Officer')} value={c.assignee?.id ?? ''} errors={errs('assign')} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...c.staff.map((u) => ({ value: u.id, label: u.displayName }))]} />
          </Box>
          <Box form="withdraw" action="withdraw" title={tr(v, '申请人撤回申请', 'Withdrawn by the applicant')} button={tr(v, '登记撤回', 'Record the withdrawal')}>
            <TextareaField name="reason" label={tr(v, '撤回方式和理由（书面撤回）', 'How and why')} value={val('withdraw', 'reason')} rows={2} errors={errs('withdraw')} />
          </Box>
        </>
      ) : null}
      {s === 'replied' ? (
        <>
          {!c.req.deliveredOn ? (
            <Box form="delivery" action="delivery" title={tr(v, '登记送达', 'Record delivery')} button={tr(v, '登记送达', 'Record')}>
              <SelectField name="method" label={tr(v, '送达方式', 'Method')} value={val('delivery', 'method', 'online')} errors={errs('delivery')} options={Object.entries(DELIVERY_METHODS).map(([value, label]) => ({ value, label }))} />
              <Field name="on" label={tr(v, '送达日期', 'Delivered on')} type="date" value={val('delivery', 'on', today)} errors={errs('delivery')} />
            </Box>
          ) : null}
          <Form action={`/staff/requests/${id}/archive`} csrf={v.csrfToken} class="inline-form">
            <button type="submit">{tr(v, '归档', 'Archive')}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
