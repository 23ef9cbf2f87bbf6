/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '#platform/actor.js';
import { isCityCoordinator } from '#platform/actor.js';
import { chinaDate, chinaDateTime } from '#platform/clock.js';
import { NotFound, ValidationFailed, type FieldErrors } from '#platform/errors.js';
import { contentDisposition } from '#platform/files/disposition.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { readMultipart } from '#platform/http/uploads.js';
import { pageNumber } from '#platform/validation.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { CheckboxGroup, ErrorSummary, Field, FieldIdPrefix, FileField, Form, Pager, SelectField, TextareaField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from '#modules/org/index.js';
import { STEP_KIND_LABELS } from './flowchart/index.js';
import { FLOW_TEMPLATES } from './flow-templates.js';
import { inlineChartSvg } from './flowchart-view.js';
import { AUDIENCES, BODY_NATURE, HANDLING_TYPES, MATERIAL_FORMS, POWER_STATUS, SECTORS, type MatterType, type PowerContent, type PowerStatus, type ServiceContent } from './matter.schema.js';
import { BRANCH_SLOTS, chartFromRows, formBody, powerFromForm, powerToForm, rowsFromChart, rowsFromForm, serviceFromForm, serviceToForm, type FaqRow, type MaterialRow, type StepRow } from './matters.forms.js';
import { canOnMatter } from './matters.policy.js';
import { TYPE_LABELS, type MattersService } from './matters.service.js';
import { FlowchartFigure, FlowchartIssues, PowerFacts, PowerStatusTag, ServiceFacts } from './matters.views.js';
import { POWER_COLUMNS, toCsv, toXlsx, type PowerSheets, type SheetReport } from './power-sheet.js';

type Seg = 'powers' | 'services';
const TYPE_OF: Record<Seg, MatterType> = { powers: 'power', services: 'service' };
const SEG_OF: Record<MatterType, Seg> = { power: 'powers', service: 'services' };

const STATES: [string, string, string][] = [
  ['', '全部（不含已撤回）', 'All (not withdrawn)'],
  ['draft', '草稿', 'Drafts'],
  ['submitted', '待审核', 'Under review'],
  ['returned', '已退回', 'Returned'],
  ['unpublished', '未发布', 'Not published'],
  ['published', '已发布', 'Published'],
  ['withdrawn', '已撤回', 'Withdrawn'],
];

const WORK_LABELS: Record<string, [string, string]> = { draft: ['草稿', 'Draft'], submitted: ['待审核', 'Under review'], returned: ['已退回', 'Returned'] };

function StateTags({ v, publicState, workState }: { v: ViewCtx; publicState: string; workState: string | null }) {
  return (
    <>
      {publicState === 'published' ? <span class="tag tag-ok">{tr(v, '已发布', 'Published')}</span> : publicState === 'withdrawn' ? <span class="tag tag-warn">{tr(v, '已撤回', 'Withdrawn')}</span> : <span class="tag">{tr(v, '未发布', 'Not published')}</span>}{' '}
      {workState ? <span class={workState === 'returned' ? 'tag tag-warn' : 'tag'}>{tr(v, ...WORK_LABELS[workState]!)}</span> : null}
    </>
  );
}

/** The workspace of 权责清单 and 办事指南: lists, forms, the flowchart editor, review, import and export. */
export function mattersStaffRoutes(deps: { matters: MattersService; sheets: PowerSheets; orgs: OrgService }): FastifyPluginAsync {
  const { matters, sheets, orgs } = deps;
  /** Routes are registered once per segment; the path says which. */
  const segOf = (req: FastifyRequest): Seg => (/^\/staff\/services(\/|\?|$)/.test(req.url) ? 'services' : 'powers');
  const categoryNames = async () => new Map((await matters.categories(true)).map((c) => [c.code, c.name]));

  // ---- list ----------------------------------------------------------------------------------
  const listPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = requireStaff(req);
    const seg = segOf(req);
    const type = TYPE_OF[seg];
    const q = req.query as Record<string, string | undefined>;
    const v = viewCtx(req, takeNotice(req, reply));
    const page = pageNumber(q.page);
    const [list, scope, cats, editable] = await Promise.all([matters.list(actor, type, { orgId: q.org, state: q.state, q: q.q, category: q.category, page }), orgs.staffScope(actor), categoryNames(), matters.editableAgencies(actor)]);
    const title = tr(v, type === 'power' ? '权责清单' : '办事指南', type === 'power' ? 'Powers and responsibilities' : 'Service guides');
    const base = `/staff/${seg}?${new URLSearchParams(Object.entries({ org: q.org ?? '', state: q.state ?? '', category: q.category ?? '', q: q.q ?? '' }).filter(([, x]) => x !== '')).toString()}`;
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <h1>{title}</h1>
        <p class="lead">
          {type === 'power'
            ? tr(v, '登记本机构的行政职权（权责清单）及其运行流程图；提交审核、发布后在门户公开，并可被检索。', 'Record the agency’s powers with their flowcharts; after review they are published and searchable.')
            : tr(v, '登记政府部门和公共企事业单位的办事指南：受理条件、申请材料、办理流程、时限、收费和咨询投诉渠道。', 'Service guides of departments and public enterprises: conditions, materials, procedure, time limits, fees and contacts.')}
        </p>
        <ul class="actions">
          {editable.length > 0 ? (
            <li>
              <a href={`/staff/${seg}/new`}>{type === 'power' ? tr(v, '新增职权事项', 'New power') : tr(v, '新增办事指南', 'New service guide')}</a>
            </li>
          ) : null}
          {type === 'power' ? (
            <>
              <li>
                <a href="/staff/powers/import">{tr(v, '从表格导入（CSV / XLSX）', 'Import a spreadsheet (CSV / XLSX)')}</a>
              </li>
              <li>
                <a href="/staff/powers/categories">{tr(v, '职权类别', 'Categories')}</a>
              </li>
            </>
          ) : null}
        </ul>
        <form method="get" action={`/staff/${seg}`} class="filters" aria-label={tr(v, '筛选条件', 'Filters')}>
          <SelectField name="org" label={tr(v, '机构', 'Agency')} value={q.org ?? ''} options={[{ value: '', label: tr(v, '全部机构', 'All agencies') }, ...scope.map((o) => ({ value: o.id, label: o.name }))]} />
          <SelectField name="state" label={tr(v, '状态', 'State')} value={q.state ?? ''} options={STATES.map(([value, zh, en]) => ({ value, label: tr(v, zh, en) }))} />
          {type === 'power' ? <SelectField name="category" label={tr(v, '职权类别', 'Category')} value={q.category ?? ''} options={[{ value: '', label: tr(v, '全部类别', 'All categories') }, ...[...cats].map(([value, label]) => ({ value, label }))]} /> : null}
          <Field name="q" label={tr(v, '名称或编码', 'Name or code')} value={q.q ?? ''} />
          <button type="submit">{tr(v, '筛选', 'Filter')}</button>
        </form>
        {type === 'power' && q.org ? (
          <p>
            {tr(v, '导出本机构清单：', 'Export this agency’s list: ')}
            <a href={`/staff/powers/export.xlsx?org=${encodeURIComponent(q.org)}`}>XLSX</a>
            {' · '}
            <a href={`/staff/powers/export.csv?org=${encodeURIComponent(q.org)}`}>CSV</a>
          </p>
        ) : null}
        {list.rows.length === 0 ? (
          <p class="empty">{tr(v, '没有符合条件的事项。', 'Nothing matches.')}</p>
        ) : (
          <DataTable
            label={title}
            headers={[tr(v, '编码', 'Code'), tr(v, '名称', 'Name'), type === 'power' ? tr(v, '类别', 'Category') : tr(v, '行业', 'Sector'), tr(v, '机构', 'Agency'), tr(v, '流程图', 'Flowchart'), tr(v, '状态', 'State'), tr(v, '更新', 'Updated')]}
            rows={list.rows}
            rowKey={(r) => r.id}
            cells={(r) => (
              <>
                <td>{r.code}</td>
                <td>
                  <a href={`/staff/${seg}/${r.id}`}>{r.name}</a>
                  {type === 'power' && r.status && r.status !== 'in_force' ? (
                    <>
                      {' '}
                      <PowerStatusTag v={v} status={r.status as PowerStatus} />
                    </>
                  ) : null}
                </td>
                <td>{type === 'power' ? (cats.get(r.category ?? '') ?? r.category ?? '—') : r.category ? (SECTORS[r.category as keyof typeof SECTORS] ?? '—') : tr(v, '政府部门', 'Department')}</td>
                <td>{r.orgName}</td>
                <td>{r.flowchart ? tr(v, '有', 'Yes') : '—'}</td>
                <td>
                  <StateTags v={v} publicState={r.publicState} workState={r.workState} />
                </td>
                <td>{chinaDate(r.updatedAt)}</td>
              </>
            )}
          />
        )}
        <Pager base={base} page={list.page} pageSize={list.pageSize} total={list.total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: tr(v, `第 ${list.page} 页，共 ${list.total} 项`, `Page ${list.page}, ${list.total} in all`) }} />
      </StaffPage>,
    );
  };

  // ---- content forms ---------------------------------------------------------------------------
  interface FormState {
    errors?: FieldErrors;
    message?: string | undefined;
    status?: number;
    id?: string;
    orgId?: string;
    power?: Record<string, string>;
    service?: { values: Record<string, string>; materials: MaterialRow[]; faq: FaqRow[]; audiences: string[] };
  }

  const formPage = async (req: FastifyRequest, reply: FastifyReply, type: MatterType, s: FormState) => {
    const actor = requireStaff(req);
    const v = viewCtx(req);
    const seg = SEG_OF[type];
    const errors = s.errors ?? {};
    const agencies = await matters.editableAgencies(actor);
    if (!s.id && agencies.length === 0) return noAccess(req, reply, tr(v, '您没有可登记事项的机构。', 'You may not record matters for any agency.'));
    const label = TYPE_LABELS[type];
    const title = s.id ? tr(v, `修改${label.zh}`, `Edit ${label.en.toLowerCase()}`) : tr(v, `新增${label.zh}`, `New ${label.en.toLowerCase()}`);
    const action = s.id ? `/staff/${seg}/${s.id}/edit` : `/staff/${seg}`;
    let body;
    if (type === 'power') {
      const val = s.power ?? { status: 'in_force', bodyNature: 'statutory' };
      const cats = await matters.categories();
      body = (
        <>
          <Field name="code" label={tr(v, '职权编码', 'Code')} value={val.code} errors={errors} required maxLength={40} hint={tr(v, '本机构内唯一，如 SZJYJ-XK-001。', 'Unique in the agency.')} />
          <Field name="name" label={tr(v, '职权名称（使用法定名称）', 'Name (statutory wording)')} value={val.name} errors={errors} required maxLength={100} />
          <SelectField name="category" label={tr(v, '职权类别', 'Category')} value={val.category} errors={errors} required options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...cats.map((c) => ({ value: c.code, label: c.name }))]} />
          <TextareaField name="subItems" label={tr(v, '子项名称（每行一项，可不填）', 'Sub-items (one per line)')} value={val.subItems} errors={errors} rows={3} />
          <TextareaField name="basis" label={tr(v, '设定依据（每行一条，先列上位法）', 'Legal basis (one per line, higher law first)')} value={val.basis} errors={{ ...errors, basis: errors.basis ?? Object.entries(errors).find(([k]) => k.startsWith('basis.'))?.[1] ?? '' }} rows={4} required hint={tr(v, '如：《中华人民共和国行政许可法》第二十九条。与已公开文件同名的依据会自动链接到该文件。', 'E.g. 《…》第二十九条. Titles of published documents are linked automatically.')} />
          <Field name="implementingBody" label={tr(v, '实施主体', 'Implementing body')} value={val.implementingBody} errors={errors} required maxLength={100} />
          <SelectField name="bodyNature" label={tr(v, '实施主体性质', 'Nature of the body')} value={val.bodyNature} errors={errors} options={Object.entries(BODY_NATURE).map(([value, label]) => ({ value, label }))} />
          <Field name="division" label={tr(v, '承办机构（处室）', 'Handling unit')} value={val.division} errors={errors} maxLength={100} />
          <TextareaField name="responsibilities" label={tr(v, '责任事项（每行一项）', 'Responsibilities (one per line)')} value={val.responsibilities} errors={errors} rows={5} />
          <TextareaField name="responsibilityBasis" label={tr(v, '责任事项依据', 'Basis of the responsibilities')} value={val.responsibilityBasis} errors={errors} rows={2} />
          <TextareaField name="accountability" label={tr(v, '追责情形（每行一项）', 'Accountability situations (one per line)')} value={val.accountability} errors={errors} rows={5} />
          <TextareaField name="accountabilityBasis" label={tr(v, '追责依据', 'Basis of accountability')} value={val.accountabilityBasis} errors={errors} rows={2} />
          <Field name="statutoryDays" label={tr(v, '法定期限（工作日，0 为即办，无期限请留空）', 'Statutory limit (working days)')} value={val.statutoryDays} errors={errors} inputmode="numeric" maxLength={3} />
          <Field name="promisedDays" label={tr(v, '承诺期限（工作日）', 'Promised limit (working days)')} value={val.promisedDays} errors={errors} inputmode="numeric" maxLength={3} />
          <Field name="limitNote" label={tr(v, '期限说明', 'Time-limit notes')} value={val.limitNote} errors={errors} maxLength={200} />
          <TextareaField name="fees" label={tr(v, '收费依据和标准（不收费请留空）', 'Fees (empty if free)')} value={val.fees} errors={errors} rows={2} />
          <Field name="supervisionPhone" label={tr(v, '监督电话', 'Supervision phone')} value={val.supervisionPhone} errors={errors} maxLength={60} inputmode="tel" />
          <SelectField name="status" label={tr(v, '状态', 'Status')} value={val.status} errors={errors} options={Object.entries(POWER_STATUS).map(([value, label]) => ({ value, label }))} />
          <Field name="statusSince" type="date" label={tr(v, '状态日期', 'Status since')} value={val.statusSince} errors={errors} />
          <TextareaField name="remarks" label={tr(v, '备注（共有职权、委托等）', 'Remarks')} value={val.remarks} errors={errors} rows={2} />
        </>
      );
    } else {
      const st = s.service ?? { values: { handlingType: 'promised', serviceType: '公共服务', appointment: 'no', delivery: 'no' }, materials: [], faq: [], audiences: ['person'] };
      const val = st.values;
      const orgForPowers = s.id ? (await matters.get(actor, s.id)).org.id : (s.orgId ?? agencies[0]?.id);
      const powers = orgForPowers ? (await matters.list(actor, 'power', { orgId: orgForPowers, page: 1, pageSize: 200 })).rows : [];
      const files = s.id ? (await matters.get(actor, s.id)).files : [];
      const materialRows = [...st.materials, ...Array.from({ length: 3 }, () => ({ name: '', form: 'original', copies: '1', required: 'yes', note: '', source: '', blankFormId: '' }))];
      const faqRows = [...st.faq, { q: '', a: '' }, { q: '', a: '' }];
      const matErr = Object.entries(errors).filter(([k]) => k.startsWith('materials'));
      body = (
        <>
          <Field name="code" label={tr(v, '事项编码', 'Code')} value={val.code} errors={errors} required maxLength={40} />
          <Field name="name" label={tr(v, '事项名称', 'Name')} value={val.name} errors={errors} required maxLength={100} />
          <Field name="serviceType" label={tr(v, '事项类型（如 行政许可、行政确认、公共服务）', 'Type')} value={val.serviceType} errors={errors} required maxLength={20} />
          <SelectField name="sector" label={tr(v, '行业（公共企事业单位填写）', 'Sector (public enterprises)')} value={val.sector} errors={errors} options={[{ value: '', label: tr(v, '政府部门（不适用）', 'Government department') }, ...Object.entries(SECTORS).map(([value, label]) => ({ value, label }))]} />
          <SelectField name="powerId" label={tr(v, '对应职权事项（可选）', 'Power (optional)')} value={val.powerId} errors={errors} options={[{ value: '', label: tr(v, '（无）', '(none)') }, ...powers.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))]} />
          <Field name="implementingBody" label={tr(v, '实施主体', 'Implementing body')} value={val.implementingBody} errors={errors} required maxLength={100} />
          <Field name="division" label={tr(v, '承办机构', 'Handling unit')} value={val.division} errors={errors} maxLength={100} />
          <CheckboxGroup name="audiences" legend={tr(v, '服务对象', 'For')} required values={st.audiences} errors={errors} options={Object.entries(AUDIENCES).map(([value, label]) => ({ value, label }))} />
          <SelectField name="handlingType" label={tr(v, '办件类型', 'Handling type')} value={val.handlingType} errors={errors} options={Object.entries(HANDLING_TYPES).map(([value, label]) => ({ value, label }))} />
          <TextareaField name="basis" label={tr(v, '设定依据（每行一条）', 'Legal basis (one per line)')} value={val.basis} errors={errors} rows={3} />
          <TextareaField name="conditions" label={tr(v, '受理条件', 'Conditions')} value={val.conditions} errors={errors} rows={4} required />
          <Field name="quantityLimit" label={tr(v, '数量限制', 'Quantity limit')} value={val.quantityLimit} errors={errors} maxLength={500} />
          <TextareaField name="prohibitions" label={tr(v, '禁止性要求', 'Prohibitions')} value={val.prohibitions} errors={errors} rows={2} />
          <fieldset class="field">
            <legend>{tr(v, '申请材料（空行不保存；空白表格须先在指南页上传）', 'Materials (blank rows are ignored)')}</legend>
            {matErr.length > 0 ? (
              <ul class="field-error">
                {matErr.map(([k, m]) => (
                  <li key={k}>{m}</li>
                ))}
              </ul>
            ) : null}
            {materialRows.map((m, i) => (
              <FieldIdPrefix.Provider key={i} value={`m${i + 1}-`}>
                <div class="step-row">
                  <p>
                    <strong>{tr(v, `材料 ${i + 1}`, `Material ${i + 1}`)}</strong>
                  </p>
                  <Field name="m_name" label={tr(v, `材料 ${i + 1} 名称`, `Material ${i + 1} name`)} value={m.name} maxLength={120} />
                  <SelectField name="m_form" label={tr(v, `材料 ${i + 1} 形式`, `Material ${i + 1} form`)} value={m.form} options={Object.entries(MATERIAL_FORMS).map(([value, label]) => ({ value, label }))} />
                  <Field name="m_copies" label={tr(v, `材料 ${i + 1} 份数`, `Material ${i + 1} copies`)} value={m.copies} inputmode="numeric" maxLength={2} />
                  <SelectField name="m_required" label={tr(v, `材料 ${i + 1} 是否必需`, `Material ${i + 1} required`)} value={m.required} options={[{ value: 'yes', label: tr(v, '必需', 'Required') }, { value: 'no', label: tr(v, '视情况提供', 'If applicable') }]} />
                  <Field name="m_note" label={tr(v, `材料 ${i + 1} 填报须知`, `Material ${i + 1} notes`)} value={m.note} maxLength={300} />
                  <Field name="m_source" label={tr(v, `材料 ${i + 1} 来源渠道`, `Material ${i + 1} source`)} value={m.source} maxLength={100} />
                  <SelectField name="m_blank" label={tr(v, `材料 ${i + 1} 空白表格`, `Material ${i + 1} blank form`)} value={m.blankFormId} options={[{ value: '', label: tr(v, '（无）', '(none)') }, ...files.map((f) => ({ value: f.id, label: f.fileName }))]} />
                </div>
              </FieldIdPrefix.Provider>
            ))}
          </fieldset>
          <Field name="statutoryDays" label={tr(v, '法定办结时限（工作日）', 'Statutory limit (working days)')} value={val.statutoryDays} errors={errors} inputmode="numeric" maxLength={3} />
          <Field name="promisedDays" label={tr(v, '承诺办结时限（工作日）', 'Promised limit (working days)')} value={val.promisedDays} errors={errors} inputmode="numeric" maxLength={3} />
          <Field name="limitNote" label={tr(v, '时限说明', 'Time-limit notes')} value={val.limitNote} errors={errors} maxLength={200} />
          <TextareaField name="fees" label={tr(v, '收费标准及依据（不收费请留空）', 'Fees (empty if free)')} value={val.fees} errors={errors} rows={2} />
          <Field name="place" label={tr(v, '办理地点', 'Place')} value={val.place} errors={errors} required maxLength={300} />
          <Field name="hours" label={tr(v, '办理时间', 'Hours')} value={val.hours} errors={errors} required maxLength={200} />
          <Field name="transport" label={tr(v, '交通指引', 'Getting there')} value={val.transport} errors={errors} maxLength={300} />
          <Field name="resultName" label={tr(v, '办理结果名称', 'Result')} value={val.resultName} errors={errors} maxLength={100} />
          <Field name="resultDelivery" label={tr(v, '结果送达方式', 'Delivery of the result')} value={val.resultDelivery} errors={errors} maxLength={200} />
          <Field name="onlineUrl" type="url" label={tr(v, '网上办理地址', 'Online address')} value={val.onlineUrl} errors={errors} maxLength={300} />
          <Field name="visits" label={tr(v, '到现场次数', 'Visits in person')} value={val.visits} errors={errors} inputmode="numeric" maxLength={1} />
          <SelectField name="appointment" label={tr(v, '支持预约办理', 'Appointments')} value={val.appointment} options={[{ value: 'no', label: tr(v, '否', 'No') }, { value: 'yes', label: tr(v, '是', 'Yes') }]} />
          <SelectField name="delivery" label={tr(v, '支持快递送达', 'Delivery by post')} value={val.delivery} options={[{ value: 'no', label: tr(v, '否', 'No') }, { value: 'yes', label: tr(v, '是', 'Yes') }]} />
          <Field name="consult" label={tr(v, '咨询方式', 'Questions')} value={val.consult} errors={errors} required maxLength={300} />
          <Field name="complaint" label={tr(v, '监督投诉方式', 'Complaints')} value={val.complaint} errors={errors} required maxLength={300} />
          <Field name="remedies" label={tr(v, '救济途径（行政复议、行政诉讼）', 'Remedies')} value={val.remedies} errors={errors} maxLength={500} />
          <fieldset class="field">
            <legend>{tr(v, '常见问题', 'FAQ')}</legend>
            {faqRows.map((f, i) => (
              <FieldIdPrefix.Provider key={i} value={`faq${i + 1}-`}>
                <Field name="faq_q" label={tr(v, `问题 ${i + 1}`, `Question ${i + 1}`)} value={f.q} maxLength={200} />
                <TextareaField name="faq_a" label={tr(v, `回答 ${i + 1}`, `Answer ${i + 1}`)} value={f.a} rows={2} maxLength={2000} />
              </FieldIdPrefix.Provider>
            ))}
          </fieldset>
        </>
      );
    }
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href={s.id ? `/staff/${seg}/${s.id}` : `/staff/${seg}`}>{tr(v, '返回', 'Back')}</a>
        </p>
        <h1>{title}</h1>
        <Form action={action} csrf={v.csrfToken}>
          <ErrorSummary errors={errors} message={s.message} title={tr(v, '未能保存', 'Not saved')} />
          {!s.id ? <SelectField name="orgId" label={tr(v, '所属机构', 'Agency')} value={s.orgId} errors={errors} required options={agencies.map((o) => ({ value: o.id, label: o.name }))} /> : null}
          {body}
          <button type="submit">{tr(v, '保存草稿', 'Save draft')}</button>
        </Form>
      </StaffPage>,
      s.status ?? 200,
    );
  };

  const noAccess = (req: FastifyRequest, reply: FastifyReply, message: string) => {
    const v = viewCtx(req);
    return sendPage(
      reply,
      <StaffPage v={v} title={tr(v, '无权操作', 'Not allowed')}>
        <h1>{tr(v, '无权操作', 'Not allowed')}</h1>
        <p>{message}</p>
      </StaffPage>,
      403,
    );
  };

  // ---- one matter ------------------------------------------------------------------------------
  const matterPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, errors: FieldErrors = {}, message?: string, status = 200) => {
    const actor = requireStaff(req);
    const seg = segOf(req);
    const w = await matters.get(actor, req.params.id);
    if (SEG_OF[w.matter.type] !== seg) throw new NotFound('MATTER_NOT_FOUND', '该事项不存在。');
    const v = viewCtx(req, takeNotice(req, reply));
    const { matter, content } = w;
    const cats = await categoryNames();
    const svg = w.flowchart ? await inlineChartSvg(w.flowchart, tr(v, `${content.name}运行流程图`, `Flowchart: ${content.name}`), v.lang) : null;
    const base = `/staff/${seg}/${matter.id}`;
    const linked = new Set(content.basis.map((b) => b.itemId).filter((x): x is string => x !== null));
    return sendPage(
      reply,
      <StaffPage v={v} title={content.name}>
        <p class="muted">
          <a href={`/staff/${seg}`}>{tr(v, matter.type === 'power' ? '权责清单' : '办事指南', matter.type === 'power' ? 'Powers' : 'Service guides')}</a> · {w.org.name}
        </p>
        <h1>{content.name}</h1>
        <p>
          <StateTags v={v} publicState={matter.publicState} workState={matter.workState} />
          {matter.publicState === 'published' ? (
            <>
              {' '}
              <a href={`/${seg}/${matter.id}`}>{tr(v, '查看公开页面', 'View the public page')}</a>
            </>
          ) : null}
        </p>
        <ErrorSummary errors={errors} message={message} title={tr(v, '操作未完成', 'Not done')} />
        {w.work?.reviewNote && matter.workState === 'returned' ? (
          <p class="notice warn">
            {tr(v, '退回理由：', 'Returned: ')}
            {w.work.reviewNote}
          </p>
        ) : null}
        {w.work && w.current ? <p class="notice">{tr(v, `以下为修订稿（第 ${w.work.versionNo} 版）；公开页面仍显示第 ${w.current.versionNo} 版。`, `Below is the revision (version ${w.work.versionNo}); the public still sees version ${w.current.versionNo}.`)}</p> : null}
        {matter.publicState === 'withdrawn' ? <p class="notice warn">{tr(v, `已于 ${chinaDateTime(matter.withdrawnAt!)} 撤回：${matter.withdrawnReason ?? ''}`, `Withdrawn ${chinaDateTime(matter.withdrawnAt!)}: ${matter.withdrawnReason ?? ''}`)}</p> : null}
        <FlowchartIssues v={v} check={w.check} editorHref={w.can.edit ? `${base}/flowchart` : null} />
        <h2>{tr(v, '操作', 'Actions')}</h2>
        <div class="button-row">
          {w.can.edit ? <a href={`${base}/edit`}>{matter.publicState === 'published' && !w.work ? tr(v, '修订内容', 'Revise') : tr(v, '修改内容', 'Edit')}</a> : null}
          {w.can.edit ? <a href={`${base}/flowchart`}>{w.flowchart ? tr(v, '编辑流程图', 'Edit the flowchart') : tr(v, '绘制流程图', 'Draw the flowchart')}</a> : null}
          {w.can.submit ? (
            <Form action={`${base}/submit`} csrf={v.csrfToken} class="inline-form">
              <button type="submit">{tr(v, '提交审核', 'Submit for review')}</button>
            </Form>
          ) : null}
          {w.can.discard ? (
            <Form action={`${base}/discard`} csrf={v.csrfToken} class="inline-form">
              <button type="submit" class="link-button">
                {tr(v, '放弃修订稿', 'Discard revision')}
              </button>
            </Form>
          ) : null}
        </div>
        {w.can.review ? (
          <section aria-labelledby="review-h">
            <h2 id="review-h">{tr(v, '审核发布', 'Review and publish')}</h2>
            <p>{tr(v, '请核对：职权名称和设定依据是否准确、责任事项和追责情形是否完整、流程图各环节时限是否合法，以及是否含有不宜公开的内容。', 'Check the name and basis, responsibilities, time limits of each step, and that nothing must be withheld.')}</p>
            <Form action={`${base}/approve`} csrf={v.csrfToken}>
              <FieldIdPrefix.Provider value="approve-">
                <TextareaField name="note" label={tr(v, '审核意见（可选）', 'Review note (optional)')} rows={2} maxLength={500} />
              </FieldIdPrefix.Provider>
              <button type="submit">{tr(v, '审核通过并发布', 'Approve and publish')}</button>
            </Form>
            {matter.workState === 'submitted' ? (
              <Form action={`${base}/return`} csrf={v.csrfToken}>
                <FieldIdPrefix.Provider value="return-">
                  <TextareaField name="reason" label={tr(v, '退回理由', 'Reason for returning')} errors={errors} rows={2} maxLength={500} required />
                </FieldIdPrefix.Provider>
                <button type="submit">{tr(v, '退回修改', 'Return for changes')}</button>
              </Form>
            ) : null}
          </section>
        ) : null}
        {w.can.withdraw ? (
          <section aria-labelledby="withdraw-h">
            <h2 id="withdraw-h">{tr(v, '撤回', 'Withdraw')}</h2>
            <Form action={`${base}/withdraw`} csrf={v.csrfToken}>
              <FieldIdPrefix.Provider value="withdraw-">
                <TextareaField name="reason" label={tr(v, '撤回理由（撤回后从公开页面和搜索中移除）', 'Reason (removes it from public pages and search)')} rows={2} maxLength={500} required errors={errors} />
              </FieldIdPrefix.Provider>
              <button type="submit">{tr(v, '撤回', 'Withdraw')}</button>
            </Form>
          </section>
        ) : null}
        <h2>{tr(v, '内容', 'Content')}</h2>
        {matter.type === 'power' ? (
          <PowerFacts v={v} c={content as PowerContent} categoryName={cats.get((content as PowerContent).category) ?? (content as PowerContent).category} linked={linked} />
        ) : (
          <ServiceFacts v={v} c={content as ServiceContent} linked={linked} fileHref={(fid) => `${base}/files/${fid}`} power={null} />
        )}
        <FlowchartFigure v={v} chart={w.flowchart} svg={svg} base={null} />
        {matter.type === 'service' ? (
          <section aria-labelledby="files-h">
            <h2 id="files-h">{tr(v, '空白表格和示例样表', 'Blank forms and samples')}</h2>
            {w.files.length === 0 ? (
              <p class="empty">{tr(v, '尚未上传文件。', 'No files yet.')}</p>
            ) : (
              <ul>
                {w.files.map((f) => (
                  <li key={f.id}>
                    <a href={`${base}/files/${f.id}`}>{f.fileName}</a>（{Math.ceil(f.size / 1024)} KB）
                    {w.can.edit ? (
                      <Form action={`${base}/files/${f.id}/remove`} csrf={v.csrfToken} class="inline-form">
                        <button type="submit" class="link-button">
                          {tr(v, `删除 ${f.fileName}`, `Remove ${f.fileName}`)}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {w.can.edit ? (
              <form method="post" action={`${base}/files`} enctype="multipart/form-data" class="form" noValidate>
                <input type="hidden" name="_csrf" value={v.csrfToken} />
                <FileField name="file" label={tr(v, '上传空白表格或示例样表（PDF、DOCX、XLSX、OFD 或图片）', 'Upload a blank form or sample')} accept=".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg" errors={errors} />
                <button type="submit">{tr(v, '上传', 'Upload')}</button>
              </form>
            ) : null}
          </section>
        ) : null}
        <h2>{tr(v, '版本记录', 'Versions')}</h2>
        <DataTable
          label={tr(v, '版本', 'Versions')}
          headers={[tr(v, '版本', 'Version'), tr(v, '创建', 'Created'), tr(v, '审核', 'Review'), tr(v, '发布', 'Published')]}
          rows={w.history}
          rowKey={(h) => h.id}
          cells={(h) => (
            <>
              <td>
                {tr(v, `第 ${h.versionNo} 版`, `Version ${h.versionNo}`)}
                {h.id === matter.currentVersionId ? <span class="tag tag-ok">{tr(v, '当前公开', 'public')}</span> : null}
              </td>
              <td>{chinaDateTime(h.createdAt)}</td>
              <td>{h.reviewedAt ? `${chinaDate(h.reviewedAt)}${h.reviewNote ? `：${h.reviewNote}` : ''}` : h.submittedAt ? tr(v, '待审核', 'pending') : '—'}</td>
              <td>{h.publishedAt ? chinaDateTime(h.publishedAt) : '—'}</td>
            </>
          )}
        />
      </StaffPage>,
      status,
    );
  };

  // ---- flowchart editor ------------------------------------------------------------------------
  const editorPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, o: { rows?: StepRow[]; errors?: FieldErrors; message?: string; status?: number; extra?: number } = {}) => {
    const actor = requireStaff(req);
    const seg = segOf(req);
    const w = await matters.get(actor, req.params.id);
    if (SEG_OF[w.matter.type] !== seg) throw new NotFound('MATTER_NOT_FOUND', '该事项不存在。');
    const v = viewCtx(req, takeNotice(req, reply));
    if (!w.can.edit) return noAccess(req, reply, tr(v, '该事项当前不能修改（正在审核、已撤回，或您没有修改权限）。', 'This matter cannot be edited now.'));
    const base = `/staff/${seg}/${w.matter.id}`;
    const saved = rowsFromChart(w.flowchart);
    const rows = o.rows ?? saved;
    const blank = Math.max(o.extra ?? (rows.length === 0 ? 6 : 2), 0);
    const all: StepRow[] = [...rows, ...Array.from({ length: blank }, () => ({ kind: 'task', name: '', role: '', limit: '', limitNote: '', materials: '', result: '', to: [], labels: [] }))];
    const errors = o.errors ?? {};
    const svg = w.flowchart ? await inlineChartSvg(w.flowchart, tr(v, `${w.content.name}运行流程图`, `Flowchart: ${w.content.name}`), v.lang) : null;
    const title = tr(v, `运行流程图：${w.content.name}`, `Flowchart: ${w.content.name}`);
    const targetOptions = [{ value: '', label: tr(v, '（无）', '(none)') }, ...all.map((r, i) => ({ value: String(i + 1), label: `${i + 1}. ${r.name || tr(v, '（空行）', '(blank)')}` }))];
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href={base}>{tr(v, '返回事项', 'Back to the matter')}</a> · {w.org.name}
        </p>
        <h1>{title}</h1>
        <p class="lead">
          {tr(
            v,
            '按顺序逐行填写环节：一个“开始”、至少一个“结束”；每个办理环节和判断须填写责任主体和时限（工作日，0 为当场办结）；判断至少两个分支并写明条件。清空某行的环节名称即删除该环节。系统自动排版成流程图，并生成文字版。',
            'Fill in the steps in order: one start, at least one end; every task and decision needs a role and a time limit (working days); decisions need two or more labelled branches. Empty a row’s name to delete that step. The chart is laid out automatically.',
          )}
        </p>
        {'statutoryDays' in w.content && w.content.statutoryDays !== null ? <p>{tr(v, `本事项法定期限：${w.content.statutoryDays} 个工作日。流程最长路径的时限合计超过它时会提醒。`, `Statutory limit: ${w.content.statutoryDays} working days.`)}</p> : null}
        <ErrorSummary errors={errors} message={o.message} title={tr(v, '未能保存', 'Not saved')} />
        <FlowchartIssues v={v} check={w.check} editorHref={null} />
        {rows.length === 0 ? (
          <section aria-labelledby="tpl-h">
            <h2 id="tpl-h">{tr(v, '从模板开始', 'Start from a template')}</h2>
            <Form action={`${base}/flowchart/template`} csrf={v.csrfToken} class="inline-form">
              <SelectField name="template" label={tr(v, '流程模板', 'Template')} options={Object.entries(FLOW_TEMPLATES).map(([value, t]) => ({ value, label: t.label }))} />
              <button type="submit">{tr(v, '套用模板', 'Use the template')}</button>
            </Form>
          </section>
        ) : null}
        <Form action={`${base}/flowchart`} csrf={v.csrfToken}>
          <input type="hidden" name="rows" value={String(all.length)} />
          {all.map((r, i) => {
            const n = i + 1;
            const p = `s${n}_`;
            return (
              <fieldset key={n} class="step-row" id={`step-s${n}`}>
                <legend>{tr(v, `第 ${n} 步`, `Step ${n}`)}</legend>
                <SelectField name={`${p}kind`} label={tr(v, `第 ${n} 步 类型`, `Step ${n} kind`)} value={r.kind} options={Object.entries(STEP_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
                <Field name={`${p}name`} label={tr(v, `第 ${n} 步 环节名称`, `Step ${n} name`)} value={r.name} maxLength={40} errors={errors} />
                <Field name={`${p}role`} label={tr(v, `第 ${n} 步 责任主体/岗位`, `Step ${n} responsible role`)} value={r.role} maxLength={40} />
                <Field name={`${p}limit`} label={tr(v, `第 ${n} 步 时限（工作日）`, `Step ${n} time limit (working days)`)} value={r.limit} inputmode="numeric" maxLength={3} errors={errors} />
                <Field name={`${p}limitNote`} label={tr(v, `第 ${n} 步 时限说明`, `Step ${n} time-limit note`)} value={r.limitNote} maxLength={40} />
                <Field name={`${p}materials`} label={tr(v, `第 ${n} 步 材料`, `Step ${n} materials`)} value={r.materials} maxLength={300} />
                <Field name={`${p}result`} label={tr(v, `第 ${n} 步 结果`, `Step ${n} result`)} value={r.result} maxLength={200} />
                <div class="branches">
                  {Array.from({ length: BRANCH_SLOTS }, (_, j) => (
                    <div key={j}>
                      <SelectField name={`${p}to${j}`} label={tr(v, `第 ${n} 步 下一步 ${j + 1}`, `Step ${n} next ${j + 1}`)} value={r.to[j] ?? ''} options={targetOptions} />
                      <Field name={`${p}label${j}`} label={tr(v, `第 ${n} 步 分支 ${j + 1} 条件（判断必填）`, `Step ${n} branch ${j + 1} condition`)} value={r.labels[j] ?? ''} maxLength={20} />
                    </div>
                  ))}
                </div>
              </fieldset>
            );
          })}
          <div class="button-row">
            <button type="submit" name="op" value="save">
              {tr(v, '保存流程图', 'Save the flowchart')}
            </button>
            <button type="submit" name="op" value="more" class="link-button">
              {tr(v, '保存并增加 3 行', 'Save and add 3 rows')}
            </button>
          </div>
        </Form>
        {w.flowchart ? (
          <Form action={`${base}/flowchart/clear`} csrf={v.csrfToken} class="inline-form">
            <button type="submit" class="link-button">
              {tr(v, '删除流程图', 'Remove the flowchart')}
            </button>
          </Form>
        ) : null}
        <FlowchartFigure v={v} chart={w.flowchart} svg={svg} base={null} headingId="preview-h" />
      </StaffPage>,
      o.status ?? 200,
    );
  };

  // ---- import ----------------------------------------------------------------------------------
  const importPage = async (req: FastifyRequest, reply: FastifyReply, o: { report?: SheetReport; errors?: FieldErrors; message?: string; status?: number; values?: Record<string, string> } = {}) => {
    const actor = requireStaff(req);
    const v = viewCtx(req);
    const agencies = (await orgs.staffScope(actor)).filter((a) => a.isActive && canOnMatter(actor, 'import', a.path));
    if (agencies.length === 0) return noAccess(req, reply, tr(v, '您没有可导入权责清单的机构。', 'You may not import powers for any agency.'));
    const title = tr(v, '导入权责清单', 'Import a power list');
    const r = o.report;
    const failed = r?.rows.filter((x) => !x.ok) ?? [];
    const values = o.values ?? {};
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/powers">{tr(v, '返回权责清单', 'Back to powers')}</a>
        </p>
        <h1>{title}</h1>
        <p class="lead">
          {tr(v, '上传 XLSX 或 CSV 表格（UTF-8 或 GBK 编码均可），第一行为列名。每行一项职权；编码已存在的行更新该职权（生成修订稿）。导入前逐行校验，报告指出每个问题所在的行。', 'Upload XLSX or CSV (UTF-8 or GBK) with a header row; one power per row. Existing codes are revised. Every row is checked first.')}{' '}
          <a href="/staff/powers/template.xlsx">{tr(v, '下载表格模板（XLSX）', 'Download the template (XLSX)')}</a>
          {' · '}
          <a href="/staff/powers/template.csv">{tr(v, '模板（CSV）', 'template (CSV)')}</a>
        </p>
        {r ? (
          <section aria-labelledby="report-h">
            <h2 id="report-h">{tr(v, '校验报告', 'Validation report')}</h2>
            <p class={r.imported > 0 ? 'notice' : 'notice warn'} role="status">
              {r.imported > 0
                ? tr(v, `共 ${r.total} 行，已导入 ${r.imported} 项${r.publish ? '并发布' : '（草稿）'}${failed.length ? `，${failed.length} 行有误未导入` : ''}。`, `${r.total} rows, ${r.imported} imported${failed.length ? `, ${failed.length} failed` : ''}.`)
                : tr(v, `共 ${r.total} 行，其中 ${failed.length} 行有误，未导入任何内容。请修改后重新上传。`, `${r.total} rows, ${failed.length} failed: nothing imported.`)}
            </p>
            {r.sheetErrors.length > 0 ? (
              <ul>
                {r.sheetErrors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            ) : null}
            {failed.length > 0 ? (
              <DataTable
                label={tr(v, '有误的行', 'Failed rows')}
                headers={[tr(v, '行号', 'Row'), tr(v, '职权编码', 'Code'), tr(v, '职权名称', 'Name'), tr(v, '问题', 'Problems')]}
                rows={failed.slice(0, 500)}
                rowKey={(l) => String(l.row)}
                cells={(l) => (
                  <>
                    <td>{tr(v, `第 ${l.row} 行`, `Row ${l.row}`)}</td>
                    <td>{l.code ?? '—'}</td>
                    <td>{l.name ?? '—'}</td>
                    <td lang="zh-CN">{l.errors.join('；')}</td>
                  </>
                )}
              />
            ) : null}
            {r.imported > 0 ? (
              <DataTable
                label={tr(v, '已导入', 'Imported')}
                headers={[tr(v, '行号', 'Row'), tr(v, '职权编码', 'Code'), tr(v, '职权名称', 'Name'), tr(v, '结果', 'Result')]}
                rows={r.rows.filter((x) => x.ok && x.matterId).slice(0, 500)}
                rowKey={(l) => String(l.row)}
                cells={(l) => (
                  <>
                    <td>{l.row}</td>
                    <td>{l.code}</td>
                    <td>
                      <a href={`/staff/powers/${l.matterId}`}>{l.name}</a>
                    </td>
                    <td>{l.action === 'update' ? tr(v, '已更新', 'Updated') : tr(v, '已新增', 'Created')}</td>
                  </>
                )}
              />
            ) : null}
          </section>
        ) : null}
        <form method="post" action="/staff/powers/import" enctype="multipart/form-data" class="form" noValidate>
          <input type="hidden" name="_csrf" value={v.csrfToken} />
          <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能导入', 'Not imported')} />
          <SelectField name="orgId" label={tr(v, '导入到机构', 'Agency')} value={values.orgId} errors={o.errors} options={agencies.map((a) => ({ value: a.id, label: a.name }))} required />
          <FileField name="file" label={tr(v, '表格文件（.xlsx 或 .csv）', 'Spreadsheet (.xlsx or .csv)')} accept=".xlsx,.csv" errors={o.errors} required />
          <SelectField
            name="mode"
            label={tr(v, '导入方式', 'Mode')}
            value={values.mode}
            options={[
              { value: 'all-or-nothing', label: tr(v, '全部通过才导入（推荐）', 'All or nothing (recommended)') },
              { value: 'valid-only', label: tr(v, '只导入通过校验的行', 'Import the valid rows only') },
            ]}
          />
          <SelectField
            name="publish"
            label={tr(v, '导入后', 'After import')}
            value={values.publish}
            options={[
              { value: 'no', label: tr(v, '保存为草稿，逐项审核发布', 'Keep as drafts for review') },
              { value: 'yes', label: tr(v, '直接发布（限审核人、机构管理员）', 'Publish at once (reviewers and admins)') },
            ]}
          />
          <button type="submit">{tr(v, '校验并导入', 'Check and import')}</button>
        </form>
      </StaffPage>,
      o.status ?? 200,
    );
  };

  const categoriesPage = async (req: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, message?: string, status = 200) => {
    const actor = requireStaff(req);
    const v = viewCtx(req, takeNotice(req, reply));
    const all = await matters.categories(true);
    const canEdit = isCityCoordinator(actor);
    const title = tr(v, '职权类别', 'Power categories');
    return sendPage(
      reply,
      <StaffPage v={v} title={title}>
        <p class="muted">
          <a href="/staff/powers">{tr(v, '返回权责清单', 'Back to powers')}</a>
        </p>
        <h1>{title}</h1>
        <p class="lead">{tr(v, '默认采用权力清单制度指导意见的十类职权。市级政务公开主管部门可按本地权责清单目录调整；停用的类别不再供新事项选用，已有事项保留原类别。', 'The ten national classes by default; the city coordinator adapts the list. Retired categories stay on existing matters.')}</p>
        <ErrorSummary errors={errors} message={message} title={tr(v, '未能保存', 'Not saved')} />
        <DataTable
          label={title}
          headers={[tr(v, '代码', 'Code'), tr(v, '名称', 'Name'), tr(v, '排序', 'Order'), tr(v, '状态', 'State'), ...(canEdit ? [tr(v, '操作', 'Actions')] : [])]}
          rows={all}
          rowKey={(c) => c.code}
          cells={(c) => (
            <>
              <td>{c.code}</td>
              <td>{c.name}</td>
              <td>{c.sort}</td>
              <td>{c.isActive ? tr(v, '使用中', 'Active') : <span class="tag tag-warn">{tr(v, '已停用', 'Retired')}</span>}</td>
              {canEdit ? (
                <td>
                  <Form action={`/staff/powers/categories/${c.code}/status`} csrf={v.csrfToken} class="inline-form">
                    <input type="hidden" name="active" value={c.isActive ? '0' : '1'} />
                    <button type="submit" class="link-button">
                      {c.isActive ? tr(v, `停用 ${c.name}`, `Retire ${c.name}`) : tr(v, `启用 ${c.name}`, `Restore ${c.name}`)}
                    </button>
                  </Form>
                </td>
              ) : null}
            </>
          )}
        />
        {canEdit ? (
          <>
            <h2>{tr(v, '新增类别', 'Add a category')}</h2>
            <Form action="/staff/powers/categories" csrf={v.csrfToken}>
              <Field name="code" label={tr(v, '代码（大写字母或数字）', 'Code')} errors={errors} required maxLength={8} />
              <Field name="name" label={tr(v, '名称', 'Name')} errors={errors} required maxLength={20} />
              <Field name="sort" label={tr(v, '排序', 'Order')} errors={errors} inputmode="numeric" maxLength={4} />
              <button type="submit">{v.t('save')}</button>
            </Form>
          </>
        ) : null}
      </StaffPage>,
      status,
    );
  };

  /** Runs an action on a matter; errors re-render its page with the message. */
  const action =
    (fn: (actor: Actor, id: string, values: Record<string, string>) => Promise<unknown>, done: string) =>
    async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const actor = requireStaff(req);
      const seg = segOf(req);
      const r = await tryForm(() => fn(actor, req.params.id, formValues(req)));
      if (!r.ok) return matterPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, `/staff/${seg}/${req.params.id}`, done);
    };

  const sendSheet = (reply: FastifyReply, rows: string[][], name: string, format: 'csv' | 'xlsx') => {
    const fileName = `${name}.${format}`;
    reply.header('content-disposition', contentDisposition(fileName, 'attachment')).header('cache-control', 'private, no-store');
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(Buffer.from(toXlsx(rows)));
  };

  return async (app) => {
    // Fixed paths first (they would otherwise match `:seg/:id`).
    app.get('/staff/powers/import', (req, reply) => importPage(req, reply));
    app.post('/staff/powers/import', { config: { multipart: true } }, async (req, reply) => {
      const actor = requireStaff(req);
      let values: Record<string, string> = {};
      const r = await tryForm(async () => {
        const { fields, files } = await readMultipart(req);
        values = fields;
        const file = files.find((f) => f.field === 'file');
        if (!file || file.buffer.length === 0) throw new ValidationFailed({ file: '请选择要导入的文件。' });
        return sheets.importSheet(actor, fields.orgId ?? '', { fileName: file.fileName, data: file.buffer }, { mode: fields.mode === 'valid-only' ? 'valid-only' : 'all-or-nothing', publish: fields.publish === 'yes' });
      });
      if (!r.ok) return importPage(req, reply, { errors: r.errors, message: r.message, status: r.status, values });
      return importPage(req, reply, { report: r.value, status: r.value.imported > 0 ? 200 : 422, values });
    });
    app.get<{ Params: { format: string } }>('/staff/powers/template.:format', async (req, reply) => {
      requireStaff(req);
      const format = req.params.format === 'csv' ? 'csv' : req.params.format === 'xlsx' ? 'xlsx' : null;
      if (!format) throw new NotFound('PAGE_NOT_FOUND', '页面不存在。');
      const header = POWER_COLUMNS.map((c) => c.header);
      const example = ['SZXX-XK-001', '示例：某某许可', '行政许可', '', '《中华人民共和国行政许可法》第十二条', '示范市某某局', '法定机关', '审批科', '受理责任\n审查责任\n决定责任\n送达责任', '', '对符合法定条件的申请不予受理的\n不在法定期限内作出决定的', '', '20', '10', '自受理之日起', '', '0999-12345', '实施中', '', ''];
      return sendSheet(reply, [header, example], '权责清单模板', format);
    });
    app.get<{ Params: { format: string } }>('/staff/powers/export.:format', async (req, reply) => {
      const actor = requireStaff(req);
      const format = req.params.format === 'csv' ? 'csv' : req.params.format === 'xlsx' ? 'xlsx' : null;
      if (!format) throw new NotFound('PAGE_NOT_FOUND', '页面不存在。');
      const orgId = (req.query as { org?: string }).org ?? '';
      const org = (await orgs.staffScope(actor)).find((o) => o.id === orgId);
      if (!org || !canOnMatter(actor, 'view', org.path)) throw new NotFound('ORG_NOT_FOUND', '该机构不存在或不在您的管理范围内。');
      return sendSheet(reply, await sheets.exportRows(org, false), `${org.name}权责清单`, format);
    });
    app.get('/staff/powers/categories', (req, reply) => categoriesPage(req, reply));
    app.post('/staff/powers/categories', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => matters.saveCategory(actor, formValues(req)));
      if (!r.ok) return categoriesPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, '/staff/powers/categories', '职权类别已保存。');
    });
    app.post<{ Params: { code: string } }>('/staff/powers/categories/:code/status', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => matters.setCategoryActive(actor, req.params.code, formValues(req).active === '1'));
      if (!r.ok) return categoriesPage(req, reply, r.errors, r.message, r.status);
      return redirectWithNotice(reply, '/staff/powers/categories', '职权类别已更新。');
    });

    for (const seg of ['powers', 'services'] as const) {
      app.get(`/staff/${seg}`, listPage);
      app.get(`/staff/${seg}/new`, async (req, reply) => {
        const seg = segOf(req);
        const orgId = (req.query as { org?: string }).org;
        return formPage(req, reply, TYPE_OF[seg], orgId ? { orgId } : {});
      });
      app.post(`/staff/${seg}`, async (req, reply) => {
        const actor = requireStaff(req);
        const type = TYPE_OF[segOf(req)];
        const body = formBody(req);
        const orgId = typeof body.orgId === 'string' ? body.orgId : '';
        if (type === 'power') {
          const r = await tryForm(() => matters.create(actor, 'power', orgId, powerFromForm(body)));
          if (!r.ok) return formPage(req, reply, 'power', { errors: r.errors, message: r.message, status: r.status, orgId, power: formValues(req) });
          return redirectWithNotice(reply, `/staff/powers/${r.value}`, '草稿已保存。下一步可绘制运行流程图。');
        }
        const parsed = serviceFromForm(body);
        const r = await tryForm(() => matters.create(actor, 'service', orgId, parsed.raw));
        if (!r.ok) return formPage(req, reply, 'service', { errors: r.errors, message: r.message, status: r.status, orgId, service: parsed });
        return redirectWithNotice(reply, `/staff/services/${r.value}`, '草稿已保存。可上传空白表格并绘制办理流程图。');
      });
      app.get<{ Params: { id: string } }>(`/staff/${seg}/:id`, (req, reply) => matterPage(req, reply));
      app.get<{ Params: { id: string } }>(`/staff/${seg}/:id/edit`, async (req, reply) => {
        const actor = requireStaff(req);
        const seg = segOf(req);
        const w = await matters.get(actor, req.params.id);
        if (SEG_OF[w.matter.type] !== seg) throw new NotFound('MATTER_NOT_FOUND', '该事项不存在。');
        if (!w.can.edit) return noAccess(req, reply, '该事项当前不能修改（正在审核、已撤回，或您没有修改权限）。');
        return w.matter.type === 'power' ? formPage(req, reply, 'power', { id: w.matter.id, power: powerToForm(w.content as PowerContent) }) : formPage(req, reply, 'service', { id: w.matter.id, service: serviceToForm(w.content as ServiceContent) });
      });
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/edit`, async (req, reply) => {
        const actor = requireStaff(req);
        const type = TYPE_OF[segOf(req)];
        const body = formBody(req);
        if (type === 'power') {
          const r = await tryForm(() => matters.saveContent(actor, req.params.id, powerFromForm(body)));
          if (!r.ok) return formPage(req, reply, 'power', { id: req.params.id, errors: r.errors, message: r.message, status: r.status, power: formValues(req) });
        } else {
          const parsed = serviceFromForm(body);
          const r = await tryForm(() => matters.saveContent(actor, req.params.id, parsed.raw));
          if (!r.ok) return formPage(req, reply, 'service', { id: req.params.id, errors: r.errors, message: r.message, status: r.status, service: parsed });
        }
        return redirectWithNotice(reply, `/staff/${SEG_OF[type]}/${req.params.id}`, '已保存。');
      });
      app.get<{ Params: { id: string } }>(`/staff/${seg}/:id/flowchart`, (req, reply) => {
        const more = Number((req.query as { more?: string }).more);
        return editorPage(req, reply, Number.isInteger(more) && more > 0 && more <= 20 ? { extra: more } : {});
      });
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/flowchart`, async (req, reply) => {
        const actor = requireStaff(req);
        const seg = segOf(req);
        const body = formBody(req);
        const rows = rowsFromForm(body);
        const { chart, errors } = chartFromRows(rows);
        if (Object.keys(errors).length > 0) return editorPage(req, reply, { rows, errors, message: '有的时限无法识别，流程图未保存。', status: 400 });
        const r = await tryForm(() => matters.saveFlowchart(actor, req.params.id, chart));
        if (!r.ok) return editorPage(req, reply, { rows, errors: r.errors, message: r.message, status: r.status });
        const more = body.op === 'more';
        const notice = !chart ? '流程图已删除。' : r.value.errors.length > 0 ? `流程图已保存，但有 ${r.value.errors.length} 处错误，修正前不能提交或发布。` : r.value.warnings.length > 0 ? '流程图已保存（有提醒，请查看）。' : '流程图已保存，检查通过。';
        return redirectWithNotice(reply, `/staff/${seg}/${req.params.id}/flowchart${more ? '?more=3' : ''}`, notice);
      });
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/flowchart/template`, async (req, reply) => {
        const actor = requireStaff(req);
        const seg = segOf(req);
        const t = FLOW_TEMPLATES[formValues(req).template ?? ''];
        if (!t) return editorPage(req, reply, { errors: { template: '请选择流程模板。' }, status: 400 });
        const r = await tryForm(() => matters.saveFlowchart(actor, req.params.id, t.chart));
        if (!r.ok) return editorPage(req, reply, { errors: r.errors, message: r.message, status: r.status });
        return redirectWithNotice(reply, `/staff/${seg}/${req.params.id}/flowchart`, '已套用模板，请按本事项的实际环节、责任主体和时限修改。');
      });
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/flowchart/clear`, async (req, reply) => {
        const actor = requireStaff(req);
        const seg = segOf(req);
        const r = await tryForm(() => matters.saveFlowchart(actor, req.params.id, null));
        if (!r.ok) return editorPage(req, reply, { errors: r.errors, message: r.message, status: r.status });
        return redirectWithNotice(reply, `/staff/${seg}/${req.params.id}`, '流程图已删除。');
      });
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/submit`, action((a, id) => matters.submit(a, id), '已提交审核。'));
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/approve`, action((a, id, val) => matters.approve(a, id, val), '审核通过，已发布。'));
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/return`, action((a, id, val) => matters.returnWork(a, id, val), '已退回修改。'));
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/discard`, action((a, id) => matters.discard(a, id), '修订稿已放弃。'));
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/withdraw`, action((a, id, val) => matters.withdraw(a, id, val), '已撤回，公开页面和搜索中已移除。'));
      app.post<{ Params: { id: string } }>(`/staff/${seg}/:id/files`, { config: { multipart: true } }, async (req, reply) => {
        const actor = requireStaff(req);
        const seg = segOf(req);
        const r = await tryForm(async () => {
          const { files } = await readMultipart(req);
          const file = files.find((f) => f.field === 'file');
          if (!file) throw new ValidationFailed({ file: '请选择要上传的文件。' });
          return matters.addFile(actor, req.params.id, { fileName: file.fileName, data: file.buffer });
        });
        if (!r.ok) return matterPage(req, reply, r.errors, r.message, r.status);
        return redirectWithNotice(reply, `/staff/${seg}/${req.params.id}#files-h`, '文件已上传，可在申请材料中选用。');
      });
      app.post<{ Params: { id: string; fid: string } }>(`/staff/${seg}/:id/files/:fid/remove`, async (req, reply) => {
        const actor = requireStaff(req);
        const seg = segOf(req);
        const r = await tryForm(() => matters.removeFile(actor, req.params.id, req.params.fid));
        if (!r.ok) return matterPage(req, reply, r.errors, r.message, r.status);
        return redirectWithNotice(reply, `/staff/${seg}/${req.params.id}#files-h`, '文件已删除。');
      });
      app.get<{ Params: { id: string; fid: string } }>(`/staff/${seg}/:id/files/:fid`, async (req, reply) => {
        const actor = requireStaff(req);
        segOf(req);
        const f = await matters.file(actor, req.params.id, req.params.fid);
        return reply.type(f.mediaType).header('content-disposition', contentDisposition(f.fileName, 'attachment')).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(f.stream());
      });
    }
  };
}
