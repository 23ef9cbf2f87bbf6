/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import type { OrganisationRow } from '#platform/db/schema.js';
import { Forbidden, type FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from './org.service.js';
import { ALLOWED_CHILDREN, ORG_KIND_LABELS, SECTOR_LABELS, SECTORS, type OrgKind } from './org.schema.js';
import { kindLabel, OrgTreeList, ProfileTable } from './org.views.js';

type Values = Record<string, string | null | undefined>;

function ProfileFields({ v, values, errors, institution }: { v: ViewCtx; values: Values; errors: FieldErrors; institution: boolean }) {
  const f = (name: string, zh: string, en: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={tr(v, zh, en)} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <>
      {f('name', '机构名称', 'Name', { required: true, maxLength: 100 })}
      {f('shortName', '简称', 'Short name', { maxLength: 30 })}
      {f('nameEn', '英文名称', 'English name', { maxLength: 200 })}
      {f('creditCode', '统一社会信用代码', 'Unified social credit code', { hint: tr(v, '18 位，系统将校验其校验位。', '18 characters; the check character is verified.'), maxLength: 18 })}
      {institution ? (
        <SelectField
          name="sector"
          label={tr(v, '所属行业', 'Sector')}
          required
          value={values.sector}
          errors={errors}
          options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...SECTORS.map((s) => ({ value: s, label: tr(v, SECTOR_LABELS[s].zh, SECTOR_LABELS[s].en) }))]}
        />
      ) : null}
      <fieldset>
        <legend>{tr(v, '政府信息公开工作机构', 'Disclosure office')}</legend>
        {f('officeName', '机构名称', 'Office name', { maxLength: 100 })}
        {f('address', '办公地址', 'Address', { maxLength: 200 })}
        {f('postcode', '邮政编码', 'Postcode', { inputmode: 'numeric', maxLength: 6 })}
        {f('officeHours', '办公时间', 'Office hours', { maxLength: 200 })}
        {f('phone', '联系电话', 'Phone', { type: 'tel', maxLength: 60 })}
        {f('fax', '传真', 'Fax', { type: 'tel', maxLength: 60 })}
        {f('email', '电子邮箱', 'E-mail', { type: 'email', maxLength: 120 })}
        {f('website', '网站', 'Website', { type: 'url', maxLength: 200 })}
      </fieldset>
    </>
  );
}

function profileValues(o: OrganisationRow): Values {
  return { ...o } as unknown as Values;
}

/** Workspace pages: the coordinator shapes the tree; agency admins keep their profile. */
export function orgStaffRoutes({ orgs }: { orgs: OrgService }): FastifyPluginAsync {
  return async (app) => {
    app.get('/staff/agencies', async (req, reply) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, takeNotice(req, reply));
      const tree = await orgs.staffTree(actor);
      return sendPage(
        reply,
        <StaffPage v={v} title={v.t('staff.agencies')}>
          <h1>{v.t('staff.agencies')}</h1>
          <p class="lead">{tr(v, '您有权限的机构及其下级机构。', 'Agencies within your roles, with their subtrees.')}</p>
          {tree.length === 0 ? <p class="empty">{v.t('empty')}</p> : <OrgTreeList v={v} nodes={tree} href={(o) => `/staff/agencies/${o.id}`} />}
        </StaffPage>,
      );
    });

    const renderEdit = (v: ViewCtx, org: OrganisationRow, canEdit: boolean, canStatus: boolean, canAdd: boolean, values: Values, errors: FieldErrors, message?: string) => (
      <StaffPage v={v} title={org.name}>
        <h1>{org.name}</h1>
        <p>
          <span class="tag">{kindLabel(v, org.kind, org.sector)}</span> {!org.isActive ? <span class="tag tag-warn">{tr(v, '已停用', 'inactive')}</span> : null}
        </p>
        <ul class="actions">
          <li>
            <a href={`/staff/users?orgId=${org.id}`}>{tr(v, '本机构人员', 'Staff of this agency')}</a>
          </li>
          <li>
            <a href={`/staff/audit?orgId=${org.id}`}>{tr(v, '本机构留痕', 'Audit trail of this agency')}</a>
          </li>
          <li>
            <a href={`/staff/agencies/${org.id}/index-numbers`}>{tr(v, '索引号规则', 'Index number rule')}</a>
          </li>
          <li>
            <a href={`/staff/agencies/${org.id}/guide`}>{tr(v, '政府信息公开指南', 'Disclosure guide')}</a>
          </li>
          {canAdd && ALLOWED_CHILDREN[org.kind as OrgKind].length > 0 ? (
            <li>
              <a href={`/staff/agencies/new?parentId=${org.id}`}>{tr(v, '新增下级机构', 'Add a subordinate agency')}</a>
            </li>
          ) : null}
        </ul>
        {canEdit ? (
          <Form action={`/staff/agencies/${org.id}`} csrf={v.csrfToken}>
            <ErrorSummary errors={errors} message={message} title={tr(v, '保存失败', 'Not saved')} />
            <ProfileFields v={v} values={values} errors={errors} institution={org.kind === 'institution'} />
            <button type="submit">{v.t('save')}</button>
          </Form>
        ) : (
          <ProfileTable v={v} org={org} />
        )}
        {canStatus && org.parentId !== null ? (
          <Form action={`/staff/agencies/${org.id}/status`} csrf={v.csrfToken} class="inline-form danger-zone">
            <input type="hidden" name="active" value={org.isActive ? '0' : '1'} />
            <button type="submit" class={org.isActive ? 'button-danger' : ''}>
              {org.isActive ? tr(v, '停用该机构', 'Deactivate this agency') : tr(v, '重新启用', 'Reactivate')}
            </button>
          </Form>
        ) : null}
      </StaffPage>
    );

    app.get<{ Params: { id: string } }>('/staff/agencies/:id', async (req, reply) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, takeNotice(req, reply));
      const org = await orgs.getForStaff(actor, req.params.id);
      return sendPage(reply, renderEdit(v, org, orgs.can(actor, 'edit-profile', org), orgs.can(actor, 'change-status', org), orgs.can(actor, 'create-child', org), profileValues(org), {}));
    });

    app.post<{ Params: { id: string } }>('/staff/agencies/:id', async (req, reply) => {
      const actor = requireStaff(req);
      const org = await orgs.getForStaff(actor, req.params.id);
      // Refused outright: re-rendering the form for someone who may only read it would offer it again.
      if (!orgs.can(actor, 'edit-profile', org)) throw new Forbidden('ORG_FORBIDDEN', '您没有管理该机构的权限。');
      const values = formValues(req);
      const r = await tryForm(() => orgs.updateProfile(actor, org.id, values));
      if (!r.ok) return sendPage(reply, renderEdit(viewCtx(req), org, true, orgs.can(actor, 'change-status', org), orgs.can(actor, 'create-child', org), values, r.errors, r.message), r.status);
      if (org.parentId === null) await app.refreshSiteName();
      return redirectWithNotice(reply, `/staff/agencies/${org.id}`, '机构信息已保存。');
    });

    app.post<{ Params: { id: string } }>('/staff/agencies/:id/status', async (req, reply) => {
      const actor = requireStaff(req);
      const org = await orgs.getForStaff(actor, req.params.id);
      const active = formValues(req).active === '1';
      if (!orgs.can(actor, 'change-status', org)) throw new Forbidden('ORG_FORBIDDEN', '只有政务公开主管部门（协调员）可以停用或启用机构。');
      const r = await tryForm(() => orgs.setActive(actor, org.id, active));
      if (!r.ok) return redirectWithNotice(reply, `/staff/agencies/${org.id}`, r.message);
      return redirectWithNotice(reply, `/staff/agencies/${org.id}`, active ? '机构已重新启用。' : '机构已停用。');
    });

    const renderNew = (v: ViewCtx, parent: OrganisationRow, values: Values, errors: FieldErrors, message?: string) => {
      const kinds = ALLOWED_CHILDREN[parent.kind as OrgKind];
      return (
        <StaffPage v={v} title={tr(v, '新增下级机构', 'Add an agency')}>
          <h1>{tr(v, '新增下级机构', 'Add an agency')}</h1>
          <p>
            {tr(v, '上级机构：', 'Parent: ')}
            <strong>{parent.name}</strong>
          </p>
          <Form action="/staff/agencies/new" csrf={v.csrfToken}>
            <ErrorSummary errors={errors} message={message} title={tr(v, '保存失败', 'Not saved')} />
            <input type="hidden" name="parentId" value={parent.id} />
            <SelectField
              name="kind"
              label={tr(v, '机构类型', 'Kind')}
              required
              value={values.kind}
              errors={errors}
              options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...kinds.map((k) => ({ value: k, label: tr(v, ORG_KIND_LABELS[k].zh, ORG_KIND_LABELS[k].en) }))]}
            />
            <Field name="slug" label={tr(v, '网址标识', 'URL slug')} value={values.slug} errors={errors} required hint={tr(v, '用于公开页面地址，如 jiaoyuju。', 'Used in public URLs, e.g. education.')} maxLength={63} />
            <Field name="sortOrder" label={tr(v, '排序', 'Sort order')} value={values.sortOrder ?? '0'} errors={errors} inputmode="numeric" />
            <ProfileFields v={v} values={values} errors={errors} institution={kinds.includes('institution')} />
            <button type="submit">{v.t('save')}</button>
          </Form>
        </StaffPage>
      );
    };

    app.get<{ Querystring: { parentId?: string } }>('/staff/agencies/new', async (req, reply) => {
      const actor = requireStaff(req);
      const parent = await orgs.getForStaff(actor, req.query.parentId ?? '');
      if (!orgs.can(actor, 'create-child', parent)) return sendPage(reply, renderNew(viewCtx(req), parent, {}, {}, '您没有在该机构下新增机构的权限。'), 403);
      return sendPage(reply, renderNew(viewCtx(req), parent, {}, {}));
    });

    app.post('/staff/agencies/new', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const parent = await orgs.getForStaff(actor, values.parentId ?? '');
      const r = await tryForm(() => orgs.createOrg(actor, values));
      if (!r.ok) return sendPage(reply, renderNew(viewCtx(req), parent, values, r.errors, r.message), r.status);
      return redirectWithNotice(reply, `/staff/agencies/${r.value.id}`, `已新增机构“${r.value.name}”。`);
    });
  };
}
