/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr } from '#platform/views/context.js';
import { ErrorSummary, Field, Form } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import { requireStaff } from '#modules/auth/index.js';
import { DEFAULT_INDEX_TEMPLATE } from './index-number.js';
import type { CatalogueSettingsService } from './settings.service.js';

/** The agency's 索引号 rule: its template, an example, and the form to change it. */
export function catalogueSettingsStaffRoutes({ catalogueSettings, clock }: { catalogueSettings: CatalogueSettingsService; clock: Clock }): FastifyPluginAsync {
  const today = () => chinaDate(clock.now());
  return async (app) => {
    const page = async (req: FastifyRequest<{ Params: { id: string } }>, errors: FieldErrors = {}, message?: string, value?: string, notice?: string) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, notice);
      const s = await catalogueSettings.forAgency(actor, req.params.id, today());
      return (
        <StaffPage v={v} title={tr(v, `索引号规则 · ${s.org.name}`, `Index numbers · ${s.org.name}`)}>
          <h1>{tr(v, '索引号规则', 'Index number rule')}</h1>
          <p>
            <a href={`/staff/agencies/${s.org.id}`}>{s.org.name}</a>
          </p>
          <table class="kv">
            <tbody>
              <tr>
                <th scope="row">{tr(v, '当前模板', 'Template')}</th>
                <td>
                  <code>{s.template}</code> {s.isDefault ? <span class="tag">{tr(v, '默认', 'default')}</span> : null}
                </td>
              </tr>
              <tr>
                <th scope="row">{tr(v, '示例（本期第 1 号）', 'Example (first of the period)')}</th>
                <td>{s.example ? <code>{s.example}</code> : <span lang="zh-CN">请先在机构信息中登记统一社会信用代码。</span>}</td>
              </tr>
            </tbody>
          </table>
          <p class="lead">
            {tr(v, '索引号在信息发布时自动分配，全机构唯一，不会重复使用。可用占位符：', 'Assigned at publication, unique, never reused. Tokens: ')}
            <code>{'{orgCode} {creditCode} {year} {month} {slug} {serial:N}'}</code>
          </p>
          {s.canEdit ? (
            <Form action={`/staff/agencies/${s.org.id}/index-numbers`} csrf={v.csrfToken}>
              <ErrorSummary errors={errors} message={message} title={tr(v, '未能保存', 'Not saved')} />
              <Field name="indexTemplate" label={tr(v, '索引号模板', 'Template')} value={value ?? s.template} errors={errors} required maxLength={80} hint={tr(v, `默认：${DEFAULT_INDEX_TEMPLATE}（组织机构代码/年份-5 位流水号）`, `Default: ${DEFAULT_INDEX_TEMPLATE}`)} />
              <button type="submit">{v.t('save')}</button>
            </Form>
          ) : null}
        </StaffPage>
      );
    };

    app.get<{ Params: { id: string } }>('/staff/agencies/:id/index-numbers', async (req, reply) => sendPage(reply, await page(req, {}, undefined, undefined, takeNotice(req, reply))));

    app.post<{ Params: { id: string } }>('/staff/agencies/:id/index-numbers', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(() => catalogueSettings.setTemplate(actor, req.params.id, values, today()));
      if (!r.ok) return sendPage(reply, await page(req, r.errors, r.message, values.indexTemplate), r.status);
      return redirectWithNotice(reply, `/staff/agencies/${req.params.id}/index-numbers`, '索引号规则已保存。');
    });
  };
}
