/** @jsxImportSource preact */
import crypto from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { chinaDate, type Clock } from '#platform/clock.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { NotFound, ValidationFailed, type FieldErrors } from '#platform/errors.js';
import { contentDisposition } from '#platform/files/disposition.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { readMultipart } from '#platform/http/uploads.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, SelectField, TextareaField } from '#platform/views/forms.js';
import { PortalPage } from '#platform/views/layout.js';
import type { OrgService } from '#modules/org/index.js';
import { ruleSetFor, type ClockState } from './deadlines.js';
import { chineseDate } from './notices.js';
import { APPLICANT_KIND_LABELS, APPLICANT_KINDS, OUTCOME_INFO, REMEDIES_TEXT, isOutcome, type ApplicantKind } from './outcomes.js';
import { ID_TYPES, OBTAIN_METHODS, PROVISION_FORMS } from './request.schema.js';
import { EVENT_LABELS, STATUS_LABELS, type RequestsService } from './requests.service.js';

interface Deps {
  requests: RequestsService;
  orgs: OrgService;
  clock: Clock;
  config: { cookieSecure: boolean; maxUploadBytes: number };
}

const MAX_FILES = 3;
const FILE_ACCEPT = '.pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg,.gif,.webp';
const OPEN_STATES = new Set(['submitted', 'handling', 'correction']);
const TRACK_COOKIE = 'gk_track';
const TRACK_TTL_S = 2 * 3600;
const REGION_KINDS = new Set(['city', 'district', 'county']);

const STATUS_EN: Record<string, string> = {
  submitted: 'Awaiting confirmation of receipt',
  handling: 'Being handled',
  correction: 'Awaiting your correction',
  replied: 'Replied',
  archived: 'Closed',
  withdrawn: 'Withdrawn',
  abandoned: 'Deemed abandoned',
};
const KIND_EN: Record<ApplicantKind, string> = {
  naturalPerson: 'Natural person',
  commercial: 'Business enterprise',
  research: 'Research institution',
  social: 'Public-interest organisation',
  legal: 'Legal services provider',
  other: 'Other organisation',
};
const ID_TYPE_EN: Record<keyof typeof ID_TYPES, string> = {
  resident_id: 'Resident identity card',
  passport: 'Passport',
  hk_macao: 'Mainland travel permit (Hong Kong / Macao)',
  taiwan: 'Mainland travel permit (Taiwan)',
  foreign_permanent: 'Foreign permanent resident ID card',
  other: 'Other valid identity document',
};
const PROVISION_EN: Record<keyof typeof PROVISION_FORMS, string> = { paper: 'On paper', electronic: 'Electronic document', inspect: 'Inspect and copy on site' };
const OBTAIN_EN: Record<keyof typeof OBTAIN_METHODS, string> = { post: 'By post', email: 'By e-mail', fax: 'By fax', collect: 'Collect in person', online: 'Online (this website)' };
const EVENT_EN: Record<string, string> = {
  submitted: 'Submitted',
  registered: 'Registered',
  received: 'Receipt confirmed',
  'correction-requested': 'Correction requested',
  corrected: 'Correction received',
  abandoned: 'Deemed abandoned',
  transferred: 'Transferred to another agency',
  'consultation-started': 'Consultation started',
  'consultation-answered': 'Consultation ended',
  extended: 'Deadline extended',
  'fee-noticed': 'Fee notice issued',
  'fee-paid': 'Fee paid',
  'fee-unpaid': 'Fee not paid',
  delayed: 'Deadline set under Art. 35',
  replied: 'Replied',
  delivered: 'Delivered',
  withdrawn: 'Withdrawn by the applicant',
};
const PAUSE_LABELS: Record<string, [string, string]> = {
  'third-party': ['征求第三方意见', 'consulting a third party'],
  'inter-agency': ['征求其他机关意见', 'consulting another agency'],
  fee: ['等待缴纳信息处理费', 'awaiting payment of the processing fee'],
};

/** Domain text (summaries, agency data) is Chinese whatever the interface language (WCAG 3.1.2). */
const zhLang = (v: ViewCtx) => (v.lang === 'en' ? 'zh-CN' : undefined);
const day = (v: ViewCtx, d: string | null | undefined) => (d ? (v.lang === 'en' ? d : chineseDate(d)) : '—');
const statusLabel = (v: ViewCtx, s: string) => tr(v, STATUS_LABELS[s] ?? s, STATUS_EN[s] ?? s);
const trackUrl = (caseNumber: string) => `/requests/track/${encodeURIComponent(caseNumber)}`;
/** The query code as stored in the cookie: its letters and digits only (hashQueryCode ignores the rest). */
const normCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const normCase = (caseNumber: string) => caseNumber.trim().toUpperCase();

/** Active agencies grouped by their 行政区划 (city, district, county), public enterprises last. */
function agencyGroups(v: ViewCtx, rows: readonly OrganisationRow[]): { label: string; orgs: OrganisationRow[] }[] {
  const byId = new Map(rows.map((o) => [o.id, o]));
  const groups = new Map<string, { label: string; orgs: OrganisationRow[] }>();
  const institutions: OrganisationRow[] = [];
  for (const o of rows) {
    if (o.kind === 'institution') {
      institutions.push(o);
      continue;
    }
    let region: OrganisationRow | undefined = o;
    while (region && !REGION_KINDS.has(region.kind)) region = region.parentId ? byId.get(region.parentId) : undefined;
    const key = region?.id ?? 'other';
    const label = region ? (v.lang === 'en' && region.nameEn ? region.nameEn : region.name) : tr(v, '其他机关', 'Other agencies');
    const g = groups.get(key) ?? { label, orgs: [] };
    g.orgs.push(o);
    groups.set(key, g);
  }
  const out = [...groups.values()];
  if (institutions.length > 0) out.push({ label: tr(v, '公共企事业单位', 'Public enterprises and institutions'), orgs: institutions });
  return out;
}
const orgLabel = (v: ViewCtx, o: OrganisationRow) => (v.lang === 'en' && o.nameEn ? o.nameEn : o.name);

/** Radio buttons in a fieldset; the first control carries the id the error summary links to. */
function RadioGroup(p: { v: ViewCtx; name: string; legend: string; options: { value: string; label: string }[]; value: string | undefined; errors: FieldErrors; hint?: string; children?: ComponentChildren }) {
  const err = p.errors[p.name];
  const radio = (o: { value: string; label: string }, i: number) => {
    const id = i === 0 ? `f-${p.name}` : `f-${p.name}-${o.value}`;
    return (
      <div class="field-check" key={o.value}>
        <input type="radio" id={id} name={p.name} value={o.value} checked={p.value === o.value} aria-describedby={err ? `f-${p.name}-err` : undefined} />
        <label for={id}>{o.label}</label>
      </div>
    );
  };
  return (
    <fieldset class={err ? 'field has-error' : 'field'}>
      <legend>
        {p.legend}
        <span class="req"> *</span>
      </legend>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      {err ? (
        <p class="field-error" id={`f-${p.name}-err`} lang="zh-CN">
          {err}
        </p>
      ) : null}
      {p.options.map(radio)}
      {p.children}
    </fieldset>
  );
}

/** The applicant-kind choice: 自然人, or one of the five kinds of 法人或其他组织 (the columns of annual-report table 3). */
function ApplicantKindField({ v, value, errors }: { v: ViewCtx; value: string | undefined; errors: FieldErrors }) {
  const err = errors.applicantKind;
  const org = APPLICANT_KINDS.filter((k) => k !== 'naturalPerson');
  return (
    <fieldset class={err ? 'field has-error' : 'field'}>
      <legend>
        {tr(v, '申请人类型', 'Applicant type')}
        <span class="req"> *</span>
      </legend>
      {err ? (
        <p class="field-error" id="f-applicantKind-err" lang="zh-CN">
          {err}
        </p>
      ) : null}
      <div class="field-check">
        <input type="radio" id="f-applicantKind" name="applicantKind" value="naturalPerson" checked={value === 'naturalPerson'} aria-describedby={err ? 'f-applicantKind-err' : undefined} />
        <label for="f-applicantKind">{tr(v, APPLICANT_KIND_LABELS.naturalPerson, KIND_EN.naturalPerson)}</label>
      </div>
      <fieldset>
        <legend>{tr(v, '法人或其他组织', 'Legal person or other organisation')}</legend>
        {org.map((k) => (
          <div class="field-check" key={k}>
            <input type="radio" id={`f-applicantKind-${k}`} name="applicantKind" value={k} checked={value === k} aria-describedby={err ? 'f-applicantKind-err' : undefined} />
            <label for={`f-applicantKind-${k}`}>{tr(v, APPLICANT_KIND_LABELS[k], KIND_EN[k])}</label>
          </div>
        ))}
      </fieldset>
    </fieldset>
  );
}

/** The agency chooser: a select grouped by 行政区划. */
function AgencyField({ v, groups, value, errors }: { v: ViewCtx; groups: { label: string; orgs: OrganisationRow[] }[]; value: string | undefined; errors: FieldErrors }) {
  const err = errors.orgId;
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for="f-orgId">
        {tr(v, '受理机关', 'Agency to ask')}
        <span class="req"> *</span>
      </label>
      <p class="hint" id="f-orgId-hint">
        {tr(v, '向制作或保存该信息的机关申请。不确定时，可先查看各机关的政府信息公开指南。', 'Ask the agency that made or keeps the information. If unsure, see the agencies’ disclosure guides.')}
      </p>
      {err ? (
        <p class="field-error" id="f-orgId-err" lang="zh-CN">
          {err}
        </p>
      ) : null}
      <select id="f-orgId" name="orgId" aria-invalid={err ? 'true' : undefined} aria-describedby={err ? 'f-orgId-hint f-orgId-err' : 'f-orgId-hint'}>
        <option value="">{tr(v, '请选择受理机关', 'Choose an agency')}</option>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.orgs.map((o) => (
              <option key={o.id} value={o.id} selected={o.id === value}>
                {orgLabel(v, o)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** Up to three attachments in one file input (`multiple`), so the form works without JavaScript. */
function FilesField({ v, errors, maxMb }: { v: ViewCtx; errors: FieldErrors; maxMb: number }) {
  const err = errors.files;
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for="f-files">{tr(v, '附件（可选，最多 3 个）', 'Attachments (optional, at most 3)')}</label>
      <p class="hint" id="f-files-hint">
        {tr(v, `如身份证明复印件或说明材料。PDF、DOCX、XLSX、OFD 或图片，每个不超过 ${maxMb} MB；可一次选择多个文件。`, `For example a copy of your identity document. PDF, DOCX, XLSX, OFD or images, each up to ${maxMb} MB; you can choose several files at once.`)}
      </p>
      {err ? (
        <p class="field-error" id="f-files-err" lang="zh-CN">
          {err}
        </p>
      ) : null}
      <input type="file" id="f-files" name="files" multiple accept={FILE_ACCEPT} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? 'f-files-hint f-files-err' : 'f-files-hint'} />
    </div>
  );
}

/** A random idempotency token for one rendering of the form: a double click never creates two cases. */
const newKey = () => crypto.randomBytes(24).toString('base64url');

/**
 * The portal pages of 依申请公开: what it is, the application form, the confirmation with the
 * one-time query code, tracking by case number + code (kept in a signed, HttpOnly cookie scoped
 * to the case's path) or by the signed-in account, downloads, withdrawal, and "my requests".
 */
export function requestsPortalRoutes({ requests, orgs, clock, config }: Deps, forms: { max: number; timeWindow: string }, opts: { secret?: string } = {}): FastifyPluginAsync {
  // The cookie's MAC key: derived from the app secret (stable across restarts and processes); a
  // random key when none is given (cookies then last until the process restarts).
  const key = opts.secret ? crypto.createHmac('sha256', opts.secret).update('gongkai:requests:track-cookie').digest() : crypto.randomBytes(32);
  const mac = (caseNumber: string, code: string, exp: number) => crypto.createHmac('sha256', key).update(`${caseNumber}\n${code}\n${exp}`).digest('base64url');
  const maxMb = Math.round(config.maxUploadBytes / 1_048_576);

  /** Keeps the applicant's own case number + code in their browser for 2 hours, so the code never travels in a URL. */
  function setTrackCookie(reply: FastifyReply, caseNumber: string, code: string) {
    const c = normCode(code);
    const exp = Math.floor(clock.now().getTime() / 1000) + TRACK_TTL_S;
    reply.setCookie(TRACK_COOKIE, `${c}.${exp}.${mac(caseNumber, c, exp)}`, { path: trackUrl(caseNumber), httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, maxAge: TRACK_TTL_S });
  }
  function clearTrackCookie(reply: FastifyReply, caseNumber: string) {
    reply.clearCookie(TRACK_COOKIE, { path: trackUrl(caseNumber) });
  }
  /** The code from a valid, unexpired cookie for this case; null otherwise (tampered cookies are ignored). */
  function trackCode(req: FastifyRequest, caseNumber: string): string | null {
    const raw = req.cookies[TRACK_COOKIE];
    const m = raw ? /^([A-Z0-9]{4,32})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(raw) : null;
    if (!m) return null;
    const [, code, expText, given] = m as unknown as [string, string, string, string];
    const exp = Number(expText);
    if (exp < clock.now().getTime() / 1000) return null;
    const want = Buffer.from(mac(caseNumber, code, exp));
    return want.length === given.length && crypto.timingSafeEqual(want, Buffer.from(given)) ? code : null;
  }

  // ---------- pages ----------

  const formPage = async (req: FastifyRequest, reply: FastifyReply, o: { values: Record<string, string>; errors?: FieldErrors; message?: string | undefined; status?: number; resubmit?: boolean }) => {
    const v = viewCtx(req);
    const errors = o.errors ?? {};
    const values = o.values;
    const groups = agencyGroups(v, await orgs.listActive());
    const formKey = values._key && /^[A-Za-z0-9_-]{16,64}$/.test(values._key) ? values._key : newKey();
    const title = tr(v, '在线申请政府信息公开', 'Apply for government information');
    const opt = <T extends string>(entries: Record<T, string>, en: Record<T, string>) => (Object.keys(entries) as T[]).map((k) => ({ value: k, label: tr(v, entries[k], en[k]) }));
    return sendPage(
      reply,
      <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }, { href: '/requests', label: tr(v, '依申请公开', 'Requests for information') }]}>
        <div class="narrow">
          <h1>{title}</h1>
          <p>{tr(v, '带 * 的为必填项。提交后，您将获得申请编号和查询码，凭此查询办理进度。', 'Fields marked * are required. After submitting you get a case number and a query code to follow your request.')}</p>
          <form method="post" action="/requests" enctype="multipart/form-data" class="form" noValidate>
            <input type="hidden" name="_csrf" value={v.csrfToken} />
            <input type="hidden" name="_key" value={formKey} />
            <ErrorSummary errors={errors} message={o.message} title={tr(v, '申请未能提交', 'The application was not submitted')} />
            {o.resubmit ? <p class="notice warn">{tr(v, '为保护您的信息，已选择的附件不会保留，请重新选择附件后再提交。', 'For your protection, files you chose are not kept: please choose them again before submitting.')}</p> : null}
            <AgencyField v={v} groups={groups} value={values.orgId} errors={errors} />
            <fieldset>
              <legend>{tr(v, '申请人信息', 'About you')}</legend>
              <ApplicantKindField v={v} value={values.applicantKind} errors={errors} />
              <Field name="applicantName" label={tr(v, '姓名或名称', 'Name')} hint={tr(v, '自然人填写姓名；法人或其他组织填写单位全称。', 'Your name, or the full name of the organisation.')} value={values.applicantName} errors={errors} required maxLength={100} autocomplete="name" />
              <SelectField name="idType" label={tr(v, '证件类型（自然人填写）', 'Identity document (natural persons)')} value={values.idType} errors={errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...opt(ID_TYPES, ID_TYPE_EN)]} />
              <Field
                name="idNumber"
                label={tr(v, '证件号码 / 统一社会信用代码', 'Document number / unified social credit code')}
                hint={tr(v, '自然人填写所选证件的号码；法人或其他组织填写 18 位统一社会信用代码。《政府信息公开条例》第二十九条要求提供身份证明。', 'Natural persons: the number of the document chosen above. Organisations: the 18-character unified social credit code. Identity is required by Art. 29 of the Regulations.')}
                value={values.idNumber}
                errors={errors}
                required
                maxLength={40}
                autocomplete="off"
              />
              <Field name="legalRep" label={tr(v, '法定代表人或负责人（法人或其他组织填写）', 'Legal representative (organisations)')} value={values.legalRep} errors={errors} maxLength={50} />
              <Field name="contactPerson" label={tr(v, '联系人（法人或其他组织必填）', 'Contact person (required for organisations)')} value={values.contactPerson} errors={errors} maxLength={50} />
              <p class="hint">{tr(v, '电话、电子邮箱、通信地址至少填写一项。', 'Give at least one of phone, e-mail or postal address.')}</p>
              <Field name="phone" type="tel" inputmode="tel" autocomplete="tel" label={tr(v, '联系电话', 'Phone')} value={values.phone} errors={errors} maxLength={20} />
              <Field name="email" type="email" inputmode="email" autocomplete="email" label={tr(v, '电子邮箱', 'E-mail')} hint={tr(v, '填写后，查询码和办理结果会发送到该邮箱。', 'If given, the query code and the reply are e-mailed to you.')} value={values.email} errors={errors} maxLength={254} />
              <Field name="address" autocomplete="street-address" label={tr(v, '通信地址', 'Postal address')} value={values.address} errors={errors} maxLength={200} />
              <Field name="postcode" inputmode="numeric" autocomplete="postal-code" label={tr(v, '邮政编码', 'Postcode')} value={values.postcode} errors={errors} maxLength={6} />
            </fieldset>
            <fieldset>
              <legend>{tr(v, '所需信息', 'The information you ask for')}</legend>
              <Field name="title" label={tr(v, '所需信息的名称', 'Name of the information')} value={values.title} errors={errors} required maxLength={200} />
              <TextareaField name="description" label={tr(v, '所需信息的内容描述', 'Description')} hint={tr(v, '请尽量具体地描述所需信息（如时间、地点、事项），便于机关查找。', 'Describe the information as precisely as you can (period, place, matter) so the agency can find it.')} value={values.description} errors={errors} required rows={6} maxLength={4000} />
              <Field name="docRef" label={tr(v, '文号或索引号（如知道）', 'Document number or index number (if known)')} value={values.docRef} errors={errors} maxLength={100} />
            </fieldset>
            <fieldset>
              <legend>{tr(v, '提供方式', 'How you want it')}</legend>
              <RadioGroup v={v} name="provisionForm" legend={tr(v, '信息的提供形式', 'Form')} options={opt(PROVISION_FORMS, PROVISION_EN)} value={values.provisionForm} errors={errors} />
              <RadioGroup v={v} name="obtainMethod" legend={tr(v, '获取信息的方式', 'Delivery')} options={opt(OBTAIN_METHODS, OBTAIN_EN)} value={values.obtainMethod} errors={errors} hint={tr(v, '选择邮寄须填写通信地址，选择电子邮件须填写电子邮箱。', 'Post needs a postal address; e-mail needs an e-mail address.')} />
              <TextareaField
                name="needsAssistance"
                label={tr(v, '需要的协助（如有）', 'Assistance you need (if any)')}
                hint={tr(v, '有阅读困难或者视听障碍的，机关应当为您提供必要的帮助（《政府信息公开条例》第四十三条）。', 'If you have difficulty reading or a visual or hearing impairment, the agency must help you (Art. 43).')}
                value={values.needsAssistance}
                errors={errors}
                rows={2}
                maxLength={200}
              />
            </fieldset>
            <FilesField v={v} errors={errors} maxMb={maxMb} />
            <section aria-labelledby="privacy-h">
              <h2 id="privacy-h">{tr(v, '个人信息保护', 'Your personal data')}</h2>
              <p>
                {tr(
                  v,
                  `您填写的个人信息仅用于办理本申请，只有受理机关的政府信息公开工作人员可以查看；办结后保存 ${requests.settings.retentionYears} 年，期满后删除。办理进度页面不显示您的证件号码和联系方式。`,
                  `Your personal data is used only to handle this application and only the agency's disclosure staff can see it; it is kept for ${requests.settings.retentionYears} years after the case is closed, then deleted. The tracking page never shows your document number or contact details.`,
                )}
              </p>
            </section>
            <button type="submit">{tr(v, '提交申请', 'Submit the application')}</button>
          </form>
        </div>
      </PortalPage>,
      o.status ?? 200,
    );
  };

  const trackFormPage = (req: FastifyRequest, reply: FastifyReply, o: { values?: Record<string, string>; errors?: FieldErrors; message?: string; status?: number; notice?: string | undefined } = {}) => {
    const v = viewCtx(req, o.notice);
    const title = tr(v, '查询办理进度', 'Follow your request');
    return sendPage(
      reply,
      <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }, { href: '/requests', label: tr(v, '依申请公开', 'Requests for information') }]}>
        <div class="narrow">
          <h1>{title}</h1>
          <p>{tr(v, '请输入提交申请时获得的申请编号和查询码。', 'Enter the case number and the query code you were given when you applied.')}</p>
          <Form action="/requests/track" csrf={v.csrfToken}>
            <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能查询', 'Not found')} />
            <Field name="caseNumber" label={tr(v, '申请编号', 'Case number')} value={o.values?.caseNumber} errors={o.errors} required maxLength={80} autocomplete="off" />
            <Field name="code" label={tr(v, '查询码', 'Query code')} hint={tr(v, '8 位字母和数字，如 ABCD-2345。', '8 letters and digits, e.g. ABCD-2345.')} errors={o.errors} required maxLength={20} autocomplete="off" />
            <button type="submit">{tr(v, '查询', 'Look up')}</button>
          </Form>
          {v.user?.kind === 'public' ? (
            <p>
              <a href="/account/requests">{tr(v, '查看我的申请', 'See my requests')}</a>
            </p>
          ) : null}
        </div>
      </PortalPage>,
      o.status ?? 200,
    );
  };

  type Tracked = Awaited<ReturnType<RequestsService['track']>>;

  const timelinePage = (req: FastifyRequest, reply: FastifyReply, t: Tracked, o: { errors?: FieldErrors; message?: string; status?: number; notice?: string | undefined } = {}) => {
    const v = viewCtx(req, o.notice);
    const r = t.req;
    const base = trackUrl(r.caseNumber);
    const closed = r.status === 'replied' || r.status === 'archived';
    const outcome = r.outcome && isOutcome(r.outcome) ? OUTCOME_INFO[r.outcome] : null;
    const title = tr(v, `申请 ${r.caseNumber}`, `Request ${r.caseNumber}`);
    return sendPage(
      reply,
      <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }, { href: '/requests', label: tr(v, '依申请公开', 'Requests for information') }]}>
        <h1>{title}</h1>
        <table class="kv">
          <tbody>
            <tr>
              <th scope="row">{tr(v, '申请编号', 'Case number')}</th>
              <td>{r.caseNumber}</td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '所需信息', 'Information asked for')}</th>
              <td lang={zhLang(v)}>{r.title}</td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '申请人', 'Applicant')}</th>
              <td>{r.applicantName}</td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '办理状态', 'Status')}</th>
              <td>
                <strong>{statusLabel(v, r.status)}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '申请日期', 'Submitted')}</th>
              <td>{day(v, chinaDate(r.submittedAt))}</td>
            </tr>
            <tr>
              <th scope="row">{tr(v, '收到申请日期', 'Received')}</th>
              <td>{r.receivedOn ? day(v, r.receivedOn) : tr(v, '待机关确认（确认之日为收到申请之日）', 'Not yet confirmed by the agency (the day of confirmation is the day of receipt)')}</td>
            </tr>
            {OPEN_STATES.has(r.status) ? (
              <tr>
                <th scope="row">{tr(v, '答复期限', 'Reply due')}</th>
                <td>
                  <DeadlineText v={v} status={r.status} state={t.clock} feePauses={requests.settings.clock.feePausesClock} />
                </td>
              </tr>
            ) : null}
            {r.closedOn ? (
              <tr>
                <th scope="row">{tr(v, '办结日期', 'Closed')}</th>
                <td>{day(v, r.closedOn)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>

        <section aria-labelledby="agency-h">
          <h2 id="agency-h">{tr(v, '受理机关', 'Agency')}</h2>
          <dl class="guide-contact">
            <div>
              <dt>{tr(v, '名称', 'Name')}</dt>
              <dd lang={zhLang(v)}>{t.org.name}</dd>
            </div>
            <div>
              <dt>{tr(v, '联系电话', 'Phone')}</dt>
              <dd>{t.org.phone ?? '—'}</dd>
            </div>
            <div>
              <dt>{tr(v, '办公地址', 'Address')}</dt>
              <dd lang={zhLang(v)}>{t.org.address ?? '—'}</dd>
            </div>
            <div>
              <dt>{tr(v, '办公时间', 'Office hours')}</dt>
              <dd lang={zhLang(v)}>{t.org.officeHours ?? '—'}</dd>
            </div>
          </dl>
        </section>

        {closed && outcome ? (
          <section aria-labelledby="outcome-h">
            <h2 id="outcome-h">{tr(v, '答复结果', 'Outcome')}</h2>
            <p lang="zh-CN">
              <strong>{outcome.label}</strong>
            </p>
            <p class="muted" lang="zh-CN">
              {outcome.basis}
            </p>
            <h3>{tr(v, '救济途径', 'If you disagree')}</h3>
            <p lang="zh-CN">{REMEDIES_TEXT}</p>
          </section>
        ) : r.status === 'withdrawn' || r.status === 'abandoned' ? (
          <p class="notice">{statusLabel(v, r.status)}</p>
        ) : null}

        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">{tr(v, '办理过程', 'What has happened')}</h2>
          <ol class="timeline">
            {t.events.map((e) => (
              <li key={e.id}>
                <time dateTime={e.onDate}>{day(v, e.onDate)}</time> <strong>{tr(v, EVENT_LABELS[e.type] ?? e.type, EVENT_EN[e.type] ?? EVENT_LABELS[e.type] ?? e.type)}</strong>
                <br />
                <span lang="zh-CN">{e.summary}</span>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="notices-h">
          <h2 id="notices-h">{tr(v, '文书', 'Formal notices')}</h2>
          {t.notices.length === 0 ? (
            <p class="empty">{tr(v, '暂无文书。机关确认收到申请后会出具受理回执。', 'No notices yet. The agency issues a receipt once it confirms receiving your application.')}</p>
          ) : (
            <ul class="attachments">
              {t.notices.map((n) => (
                <li key={n.id}>
                  <span lang="zh-CN">
                    {n.title}（{n.noticeNumber}）
                  </span>{' '}
                  {day(v, n.issuedOn)} <a href={`${base}/notices/${n.id}/docx`}>{tr(v, '下载 DOCX', 'Download DOCX')}</a>
                  {n.pdfSha256 ? (
                    <>
                      {' · '}
                      <a href={`${base}/notices/${n.id}/pdf`}>{tr(v, '下载 PDF', 'Download PDF')}</a>
                    </>
                  ) : (
                    <span class="muted">{tr(v, '（暂无 PDF 版本）', ' (no PDF version)')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        {t.files.length > 0 ? (
          <section aria-labelledby="files-h">
            <h2 id="files-h">{tr(v, '提供的政府信息', 'Information released to you')}</h2>
            <ul class="attachments">
              {t.files.map((f) => (
                <li key={f.id}>
                  <a href={`${base}/files/${f.id}`}>{f.fileName}</a> <span class="muted">{Math.max(1, Math.round(Number(f.sizeBytes) / 1024))} KB</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {OPEN_STATES.has(r.status) ? (
          <section aria-labelledby="withdraw-h" class="danger-zone">
            <h2 id="withdraw-h">{tr(v, '撤回申请', 'Withdraw the application')}</h2>
            <p>{tr(v, '撤回后机关不再处理本申请。如仍需要该信息，可以重新申请。', 'Once withdrawn, the agency stops handling it. You can apply again later.')}</p>
            <Form action={`${base}/withdraw`} csrf={v.csrfToken}>
              <ErrorSummary errors={o.errors ?? {}} message={o.message} title={tr(v, '未能撤回', 'Not withdrawn')} />
              <TextareaField name="reason" label={tr(v, '撤回理由', 'Reason')} errors={o.errors} required rows={2} maxLength={1000} />
              <button type="submit" class="button-danger">
                {tr(v, '撤回申请', 'Withdraw')}
              </button>
            </Form>
          </section>
        ) : null}
      </PortalPage>,
      o.status ?? 200,
    );
  };

  /** The case for this request: the cookie's code or the signed-in owner; null when neither works. */
  async function tracked(req: FastifyRequest, caseNumber: string): Promise<{ t: Tracked; code: string | null } | null> {
    const code = trackCode(req, caseNumber);
    try {
      return { t: await requests.track(caseNumber, code, req.actor), code };
    } catch (e) {
      if (e instanceof NotFound) return null;
      throw e;
    }
  }

  const download = (reply: FastifyReply, f: { buffer: Buffer; fileName: string; mediaType: string }) =>
    reply.type(f.mediaType).header('content-disposition', contentDisposition(f.fileName, 'attachment')).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(f.buffer);

  return async (app) => {
    app.get('/requests', async (req, reply) => {
      const v = viewCtx(req, takeNotice(req, reply));
      const groups = agencyGroups(v, await orgs.listActive());
      const title = tr(v, '依申请公开', 'Requests for information');
      const { replyDays: days, maxExtensionDays: extra } = ruleSetFor(chinaDate(clock.now()));
      return sendPage(
        reply,
        <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }]}>
          <h1>{title}</h1>
          <p class="lead">
            {tr(
              v,
              '除主动公开的政府信息外，公民、法人或者其他组织可以向行政机关申请获取相关政府信息（《政府信息公开条例》第二十七条）。',
              'Besides what is published proactively, anyone — a person, a company or another organisation — may ask an agency for government information (Art. 27 of the Regulations).',
            )}
          </p>
          <ul class="actions">
            <li>
              <a class="button" href="/requests/new">
                {tr(v, '在线申请', 'Apply online')}
              </a>
            </li>
            <li>
              <a href="/requests/track">{tr(v, '查询办理进度', 'Follow a request')}</a>
            </li>
            {v.user?.kind === 'public' ? (
              <li>
                <a href="/account/requests">{tr(v, '我的申请', 'My requests')}</a>
              </li>
            ) : null}
          </ul>
          <h2>{tr(v, '可以申请什么', 'What you can ask for')}</h2>
          <p>{tr(v, '行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。信访、投诉、举报等事项，以及公开出版物，应通过相应渠道办理。', 'Information that agencies made or obtained in their work and keep in some recorded form. Complaints, petitions and published books go through their own channels.')}</p>
          <h2>{tr(v, '多久答复', 'When you get a reply')}</h2>
          <p>
            {tr(
              v,
              `能够当场答复的当场答复；不能当场答复的，自收到申请之日起 ${days} 个工作日内答复。需要延长的，经政府信息公开工作机构负责人同意并告知您，延长期限最长不超过 ${extra} 个工作日。征求第三方或其他机关意见的时间不计算在内。在线申请以双方确认之日为收到申请之日。`,
              `On the spot where possible; otherwise within ${days} working days of receipt. The period can be extended once, by at most ${extra} working days, with the head of the disclosure office's approval and notice to you. Time spent consulting third parties or other agencies is not counted. For online applications, the day both sides confirm receipt is the day of receipt.`,
            )}
          </p>
          <h2>{tr(v, '费用', 'Cost')}</h2>
          <p>{tr(v, '一般不收费。申请数量、频次明显超过合理范围的，机关可以依法收取信息处理费，收费前会书面通知您。', 'Normally free. Only where the number or frequency of requests clearly exceeds a reasonable range may the agency charge a processing fee, and it tells you in writing first.')}</p>
          <h2>{tr(v, '需要准备什么', 'What you need')}</h2>
          <ul>
            <li>{tr(v, '申请人的姓名或者名称、身份证明（身份证件号码，或统一社会信用代码）、联系方式；', 'Your name, proof of identity (an identity document number, or an organisation’s unified social credit code) and how to reach you;')}</li>
            <li>{tr(v, '所需信息的名称、文号，或者便于机关查询的其他特征性描述；', 'The name or document number of the information, or a description that helps the agency find it;')}</li>
            <li>{tr(v, '信息的提供形式和获取方式。', 'How you want the information and how it should reach you.')}</li>
          </ul>
          <h2>{tr(v, '各机关的政府信息公开指南', 'Each agency’s disclosure guide')}</h2>
          {groups.map((g) => (
            <section key={g.label} aria-label={g.label}>
              <h3>{g.label}</h3>
              <ul>
                {g.orgs.map((o) => (
                  <li key={o.id}>
                    <span lang={zhLang(v)}>{orgLabel(v, o)}</span>：<a href={`/agencies/${o.slug}/guide`}>{tr(v, '公开指南', 'guide')}</a>
                    {tr(v, '　', ' · ')}
                    <a href={`/requests/new?org=${o.id}`}>{tr(v, '向该机关申请', 'apply to this agency')}</a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </PortalPage>,
      );
    });

    app.get<{ Querystring: { org?: string } }>('/requests/new', async (req, reply) => formPage(req, reply, { values: { orgId: typeof req.query.org === 'string' ? req.query.org : '', applicantKind: 'naturalPerson', idType: 'resident_id' } }));

    app.post('/requests', { config: { multipart: true, rateLimit: forms } }, async (req, reply) => {
      // Fields read before a failure (an oversized file) are still shown again.
      let values = formValues(req);
      let hadFiles = false;
      const r = await tryForm(async () => {
        const form = await readMultipart(req);
        values = Object.fromEntries(Object.entries(form.fields).filter(([k]) => k !== '_csrf'));
        const files = form.files.filter((f) => f.field === 'files');
        hadFiles = files.length > 0;
        if (files.length > MAX_FILES) throw new ValidationFailed({ files: `附件最多 ${MAX_FILES} 个。` });
        return requests.apply(
          req.actor,
          values,
          files.map((f) => ({ fileName: f.fileName, buffer: f.buffer })),
          values._key ?? null,
        );
      });
      if (!r.ok) {
        // File problems come as `file` from the upload layer and the sniffer: show them at the file input.
        const { file, ...rest } = r.errors;
        const errors: FieldErrors = file ? { ...rest, files: file } : rest;
        return formPage(req, reply, { values, errors, message: r.message, status: r.status, resubmit: hadFiles || 'files' in errors });
      }
      const res = r.value;
      const v = viewCtx(req);
      if (res.duplicate || !res.queryCode) {
        const title = tr(v, '该申请已经提交', 'This application was already submitted');
        return sendPage(
          reply,
          <PortalPage v={v} title={title}>
            <div class="narrow">
              <h1>{title}</h1>
              <p>{tr(v, `您的申请此前已经提交成功，申请编号为 ${res.caseNumber}，没有重复提交。`, `Your application was already submitted as case ${res.caseNumber}; it was not submitted twice.`)}</p>
              <p>{tr(v, '查询码已在首次提交时显示，并已发送到您填写的电子邮箱（如填写）。', 'The query code was shown when you first submitted it and e-mailed to you if you gave an e-mail address.')}</p>
              <p>
                <a href="/requests/track">{tr(v, '查询办理进度', 'Follow the request')}</a>
              </p>
            </div>
          </PortalPage>,
        );
      }
      setTrackCookie(reply, res.caseNumber, res.queryCode);
      const title = tr(v, '申请已提交', 'Application submitted');
      const auto = requests.settings.onlineReceipt === 'auto';
      return sendPage(
        reply,
        <PortalPage v={v} title={title}>
          <div class="narrow">
            <h1>{title}</h1>
            <table class="kv">
              <tbody>
                <tr>
                  <th scope="row">{tr(v, '申请编号', 'Case number')}</th>
                  <td>
                    <strong>{res.caseNumber}</strong>
                  </td>
                </tr>
                <tr>
                  <th scope="row">{tr(v, '查询码', 'Query code')}</th>
                  <td>
                    <p class="lead">
                      <code class="secret" id="query-code">
                        {res.queryCode}
                      </code>
                    </p>
                  </td>
                </tr>
              </tbody>
            </table>
            <p class="notice warn">{tr(v, '请妥善保管，仅显示一次；已发送到您的电子邮箱（如填写）。', 'Keep it safe: it is shown only once. It has been e-mailed to you if you gave an e-mail address.')}</p>
            <h2>{tr(v, '接下来', 'What happens next')}</h2>
            <ol>
              <li>
                {auto
                  ? tr(v, '系统已确认收到您的申请，今天即为收到申请之日。', 'The system confirmed receipt: today is the day of receipt.')
                  : tr(v, '机关将与您确认收到申请的日期，确认之日为收到申请之日（《政府信息公开条例》第三十一条）。', 'The agency confirms the day it received your application; that day counts as the day of receipt (Art. 31).')}
              </li>
              <li>{tr(v, '机关自收到申请之日起 20 个工作日内答复；需要延长的，会告知您。', 'It replies within 20 working days of receipt, and tells you if it needs longer.')}</li>
              <li>{tr(v, '受理回执、答复告知书等文书可在办理进度页面下载。', 'The receipt, the reply and other notices can be downloaded from the tracking page.')}</li>
            </ol>
            <p>
              <a href={trackUrl(res.caseNumber)}>{tr(v, '查看办理进度', 'Follow this request')}</a>
              {v.user?.kind === 'public' ? (
                <>
                  {tr(v, '　', ' · ')}
                  <a href="/account/requests">{tr(v, '我的申请', 'My requests')}</a>
                </>
              ) : null}
            </p>
          </div>
        </PortalPage>,
      );
    });

    app.get('/requests/track', async (req, reply) => trackFormPage(req, reply, { notice: takeNotice(req, reply) }));

    app.post('/requests/track', { config: { rateLimit: forms } }, async (req, reply) => {
      const values = formValues(req);
      const caseNumber = normCase(values.caseNumber ?? '');
      const code = values.code ?? '';
      const wrong = () => trackFormPage(req, reply, { values: { caseNumber }, errors: { code: '申请编号或查询码不正确。' }, message: '申请编号或查询码不正确，请核对后重试。', status: 400 });
      if (!caseNumber || normCode(code).length !== 8) return wrong();
      try {
        // Verification only: the page itself is the GET after the redirect.
        await requests.track(caseNumber, code, { kind: 'anonymous', ip: req.ip, requestId: req.id });
      } catch (e) {
        if (e instanceof NotFound) return wrong();
        throw e;
      }
      setTrackCookie(reply, caseNumber, code);
      return reply.redirect(trackUrl(caseNumber), 303);
    });

    app.get<{ Params: { caseNumber: string } }>('/requests/track/:caseNumber', async (req, reply) => {
      const caseNumber = normCase(req.params.caseNumber);
      // One spelling per case, so that the cookie's path matches.
      if (caseNumber !== req.params.caseNumber) return reply.redirect(trackUrl(caseNumber), 301);
      const found = await tracked(req, caseNumber);
      if (!found) {
        if (req.cookies[TRACK_COOKIE]) clearTrackCookie(reply, caseNumber);
        return redirectWithNotice(reply, '/requests/track', '请输入申请编号和查询码查看办理进度。');
      }
      return timelinePage(req, reply, found.t, { notice: takeNotice(req, reply) });
    });

    app.get<{ Params: { caseNumber: string; id: string; format: string } }>('/requests/track/:caseNumber/notices/:id/:format', async (req, reply) => {
      const { id, format } = req.params;
      if (format !== 'docx' && format !== 'pdf') throw new NotFound();
      const caseNumber = normCase(req.params.caseNumber);
      return download(reply, await requests.noticeFile({ actor: req.actor, caseNumber, code: trackCode(req, caseNumber) }, id, format));
    });

    app.get<{ Params: { caseNumber: string; id: string } }>('/requests/track/:caseNumber/files/:id', async (req, reply) => {
      const caseNumber = normCase(req.params.caseNumber);
      return download(reply, await requests.requestFile({ actor: req.actor, caseNumber, code: trackCode(req, caseNumber) }, req.params.id));
    });

    app.post<{ Params: { caseNumber: string } }>('/requests/track/:caseNumber/withdraw', { config: { rateLimit: forms } }, async (req, reply) => {
      const caseNumber = normCase(req.params.caseNumber);
      const code = trackCode(req, caseNumber);
      const values = formValues(req);
      const r = await tryForm(() => requests.withdrawByApplicant(caseNumber, code, req.actor, { reason: values.reason ?? '' }));
      if (!r.ok) {
        const found = await tracked(req, caseNumber);
        if (!found) return redirectWithNotice(reply, '/requests/track', '请输入申请编号和查询码查看办理进度。');
        return timelinePage(req, reply, found.t, { errors: r.errors, message: r.message, status: r.status });
      }
      return redirectWithNotice(reply, trackUrl(caseNumber), '申请已撤回，机关不再处理。');
    });

    app.get('/account/requests', async (req, reply) => {
      const a = req.actor;
      if (a.kind !== 'user' || a.userKind !== 'public') return reply.redirect('/account/login?next=/account/requests', 303);
      const v = viewCtx(req, takeNotice(req, reply));
      const rows = await requests.mine(a);
      const title = tr(v, '我的申请', 'My requests');
      return sendPage(
        reply,
        <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }, { href: '/account', label: v.t('nav.account') }]}>
          <h1>{title}</h1>
          {rows.length === 0 ? (
            <p class="empty">
              {tr(v, '您还没有以本账户提交过政府信息公开申请。', 'You have not submitted any request while signed in.')} <a href="/requests/new">{tr(v, '在线申请', 'Apply online')}</a>
            </p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
              <table class="data">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr(v, '申请编号', 'Case number')}</th>
                    <th scope="col">{tr(v, '所需信息', 'Information')}</th>
                    <th scope="col">{tr(v, '受理机关', 'Agency')}</th>
                    <th scope="col">{tr(v, '状态', 'Status')}</th>
                    <th scope="col">{tr(v, '答复期限', 'Reply due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.caseNumber}>
                      <td>
                        <a href={trackUrl(r.caseNumber)}>{r.caseNumber}</a>
                      </td>
                      <td lang={zhLang(v)}>{r.title}</td>
                      <td lang={zhLang(v)}>{r.orgName}</td>
                      <td>{statusLabel(v, r.status)}</td>
                      <td>{OPEN_STATES.has(r.status) && r.dueOn ? day(v, r.dueOn) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p>
            <a href="/requests/new">{tr(v, '提交新的申请', 'Submit a new request')}</a>
          </p>
        </PortalPage>,
      );
    });
  };
}

/**
 * The reply deadline in plain words, e.g. "2026年12月29日（自收到申请次日起计算 20 个工作日；期间跳过
 * 周末和节假日 9 天，含调休上班日 1 天；征求意见暂停 3 个工作日；延长 10 个工作日）".
 */
export function deadlineText(v: ViewCtx, status: string, s: ClockState | null, feePauses = true, prefix = true): string {
  if (status === 'submitted' || !s) {
    return tr(v, '尚待机关确认收到申请。确认之日为收到申请之日，答复期限自次日起计算 20 个工作日。', 'Waiting for the agency to confirm receipt; the 20 working days run from the day after.');
  }
  const rules = s.rules.id === 'regs-2019' ? tr(v, '适用 2019 年修订的《政府信息公开条例》', 'under the 2019 Regulations') : tr(v, '适用 2007 年《政府信息公开条例》', 'under the 2007 Regulations');
  if (s.status === 'awaiting-correction' || s.status === 'abandoned') {
    return tr(v, `等待补正：请于 ${day(v, s.correctionUntil)} 前补正。收到补正后的申请之日起，答复期限重新计算 ${s.rules.replyDays} 个工作日。`, `Awaiting your correction by ${day(v, s.correctionUntil)}. The ${s.rules.replyDays} working days start again once the corrected application arrives.`);
  }
  if (s.status === 'paused') {
    const open = s.pauses.find((p) => p.to === null);
    const [zh, en] = PAUSE_LABELS[open?.reason ?? ''] ?? ['暂停', 'paused'];
    const answer = open?.responseDue ? tr(v, `；对方应于 ${day(v, open.responseDue)} 前答复`, `; the answer is due by ${day(v, open.responseDue)}`) : '';
    return tr(v, `答复期限暂停计算：自 ${day(v, open?.from)} 起${zh}，这段时间不计入答复期限${answer}。`, `The clock is stopped: since ${day(v, open?.from)}, ${en}; this time is not counted${answer}.`);
  }
  const parts: string[] = [];
  parts.push(
    s.restarted
      ? tr(v, `自收到补正后申请次日起重新计算 ${s.rules.replyDays} 个工作日`, `${s.rules.replyDays} working days again from the day after the corrected application arrived`)
      : tr(v, `自收到申请次日起计算 ${s.rules.replyDays} 个工作日`, `${s.rules.replyDays} working days from the day after receipt`),
  );
  const skipped = s.skipped.length;
  const adjusted = s.adjustedWorkdays.length;
  if (skipped > 0 || adjusted > 0) {
    parts.push(
      tr(v, `期间跳过周末和节假日 ${skipped} 天`, `${skipped} weekend and holiday days skipped`) + (adjusted > 0 ? tr(v, `，含调休上班日 ${adjusted} 天`, `, ${adjusted} make-up working day${adjusted > 1 ? 's' : ''} counted`) : ''),
    );
  }
  for (const p of s.pauses) {
    if (p.to === null || (p.reason === 'fee' && !feePauses) || p.workdays === 0) continue;
    const [zh, en] = PAUSE_LABELS[p.reason] ?? ['暂停', 'paused'];
    parts.push(tr(v, `${zh}暂停 ${p.workdays} 个工作日（${day(v, p.from)}至${day(v, p.to)}）`, `${en}: ${p.workdays} working days not counted (${p.from} to ${p.to})`));
  }
  if (s.extensionDays > 0) parts.push(tr(v, `延长 ${s.extensionDays} 个工作日`, `extended by ${s.extensionDays} working days`));
  if (s.delayedUntil) parts.push(tr(v, `依第三十五条另行确定答复期限`, `deadline set under Art. 35`));
  parts.push(rules);
  const left =
    s.daysLeft === null ? '' : s.daysLeft >= 0 ? tr(v, `尚余 ${s.daysLeft} 个工作日。`, ` ${s.daysLeft} working days left.`) : tr(v, `已超过答复期限 ${-s.daysLeft} 个工作日。`, ` Overdue by ${-s.daysLeft} working days.`);
  return tr(v, `${prefix ? '答复期限：' : ''}${day(v, s.due)}（${parts.join('；')}）。${left}`, `${prefix ? 'Reply due: ' : ''}${day(v, s.due)} (${parts.join('; ')}).${left}`);
}

function DeadlineText({ v, status, state, feePauses }: { v: ViewCtx; status: string; state: ClockState | null; feePauses: boolean }) {
  return <span>{deadlineText(v, status, state, feePauses, false)}</span>;
}
