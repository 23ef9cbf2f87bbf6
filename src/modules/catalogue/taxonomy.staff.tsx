/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isCityCoordinator } from '#platform/actor.js';
import type { FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { ScrollRegion } from '#platform/views/table.js';
import { requireStaff } from '#modules/auth/index.js';
import type { TaxonomyScheme } from './taxonomy.schema.js';
import type { Term, TaxonomyService } from './taxonomy.service.js';

function TermRow({ v, t, depth, canEdit, scheme }: { v: ViewCtx; t: Term; depth: number; canEdit: boolean; scheme: TaxonomyScheme }) {
  return (
    <>
      <tr class={t.isActive ? '' : 'retired'}>
        <td>{t.code}</td>
        <td>
          {depth > 0 ? <span aria-hidden="true">└ </span> : null}
          {t.name}
          {!t.isActive ? <span class="tag tag-warn">{tr(v, '已停用', 'retired')}</span> : null}
        </td>
        {canEdit ? (
          <td>
            <div class="button-row">
              <Form action={`/staff/taxonomies/${t.id}/rename?scheme=${scheme}`} csrf={v.csrfToken} class="inline-form">
                <label class="visually-hidden" for={`rename-${t.id}`}>
                  {tr(v, `新名称：${t.name}`, `New name for ${t.name}`)}
                </label>
                <input id={`rename-${t.id}`} name="name" value={t.name} maxLength={40} size={12} />
                <button type="submit" class="link-button">
                  {tr(v, '改名', 'Rename')}
                </button>
              </Form>
              <Form action={`/staff/taxonomies/${t.id}/status?scheme=${scheme}`} csrf={v.csrfToken} class="inline-form">
                <input type="hidden" name="active" value={t.isActive ? '0' : '1'} />
                <button type="submit" class="link-button">
                  {t.isActive ? tr(v, '停用', 'Retire') : tr(v, '启用', 'Restore')}
                </button>
              </Form>
            </div>
          </td>
        ) : null}
      </tr>
      {t.children.map((c) => (
        <TermRow key={c.id} v={v} t={c} depth={depth + 1} canEdit={canEdit} scheme={scheme} />
      ))}
    </>
  );
}

/** The coordinator's 主题分类 and 体裁 page (read-only for other staff). */
export function taxonomyStaffRoutes({ taxonomy }: { taxonomy: TaxonomyService }): FastifyPluginAsync {
  const schemeOf = (req: FastifyRequest): TaxonomyScheme => ((req.query as { scheme?: string }).scheme === 'genre' ? 'genre' : 'topic');
  return async (app) => {
    const page = async (req: FastifyRequest, errors: FieldErrors = {}, message?: string, values: Record<string, string> = {}, notice?: string) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, notice);
      const scheme = schemeOf(req);
      const terms = await taxonomy.tree(scheme, true);
      const canEdit = isCityCoordinator(actor);
      const title = scheme === 'topic' ? tr(v, '主题分类', 'Topics') : tr(v, '体裁（文种）', 'Genres');
      return (
        <StaffPage v={v} title={title}>
          <h1>{title}</h1>
          <nav class="actions" aria-label={tr(v, '分类体系', 'Schemes')}>
            <a href="/staff/taxonomies?scheme=topic" aria-current={scheme === 'topic' ? 'page' : undefined}>
              {tr(v, '主题分类', 'Topics')}
            </a>
            <a href="/staff/taxonomies?scheme=genre" aria-current={scheme === 'genre' ? 'page' : undefined}>
              {tr(v, '体裁（文种）', 'Genres')}
            </a>
          </nav>
          <p class="lead">
            {scheme === 'topic'
              ? tr(v, '默认采用中国政府网政策文件库的两级主题分类。停用的分类不再供新信息选用，已有信息保留原分类。', 'By default the two-level topic tree of the gov.cn policy library. Retired terms are no longer offered; existing items keep them.')
              : tr(v, '默认为《党政机关公文处理工作条例》规定的 15 种公文，以及政府信息公开常用体裁。', 'By default the 15 official document types plus common disclosure genres.')}
          </p>
          <ScrollRegion label={title}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{tr(v, '代码', 'Code')}</th>
                  <th scope="col">{tr(v, '名称', 'Name')}</th>
                  {canEdit ? <th scope="col">{tr(v, '操作', 'Actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {terms.map((t) => (
                  <TermRow key={t.id} v={v} t={t} depth={0} canEdit={canEdit} scheme={scheme} />
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {canEdit ? (
            <>
              <h2>{tr(v, '新增分类', 'Add a term')}</h2>
              <Form action={`/staff/taxonomies?scheme=${scheme}`} csrf={v.csrfToken}>
                <ErrorSummary errors={errors} message={message} title={tr(v, '未能保存', 'Not saved')} />
                <input type="hidden" name="scheme" value={scheme} />
                {scheme === 'topic' ? (
                  <SelectField name="parentId" label={tr(v, '上级主题（留空为一级分类）', 'Parent (empty for top level)')} value={values.parentId} errors={errors} options={[{ value: '', label: tr(v, '（一级分类）', '(top level)') }, ...terms.map((t) => ({ value: t.id, label: t.name }))]} />
                ) : null}
                <Field name="code" label={tr(v, '代码', 'Code')} value={values.code} errors={errors} required maxLength={12} />
                <Field name="name" label={tr(v, '名称', 'Name')} value={values.name} errors={errors} required maxLength={40} />
                <button type="submit">{v.t('save')}</button>
              </Form>
            </>
          ) : null}
        </StaffPage>
      );
    };

    app.get('/staff/taxonomies', async (req, reply) => sendPage(reply, await page(req, {}, undefined, {}, takeNotice(req, reply))));

    app.post('/staff/taxonomies', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => taxonomy.addTerm(actor, values));
      if (!r.ok) return sendPage(reply, await page(req, r.errors, r.message, values), r.status);
      return redirectWithNotice(reply, `/staff/taxonomies?scheme=${schemeOf(req)}`, '分类已新增。');
    });

    app.post<{ Params: { id: string } }>('/staff/taxonomies/:id/rename', async (req, reply) => {
      const actor = requireStaff(req);
      const r = await tryForm(() => taxonomy.renameTerm(actor, req.params.id, formValues(req)));
      if (!r.ok) return sendPage(reply, await page(req, r.errors, r.message), r.status);
      return redirectWithNotice(reply, `/staff/taxonomies?scheme=${schemeOf(req)}`, '名称已修改。');
    });

    app.post<{ Params: { id: string } }>('/staff/taxonomies/:id/status', async (req, reply) => {
      const actor = requireStaff(req);
      await taxonomy.setActive(actor, req.params.id, formValues(req).active === '1');
      return redirectWithNotice(reply, `/staff/taxonomies?scheme=${schemeOf(req)}`, '分类状态已更新。');
    });
  };
}
