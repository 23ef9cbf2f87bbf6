/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { chinaDate, chinaDateTime } from '#platform/clock.js';
import { Forbidden, type FieldErrors } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { ErrorSummary, Form, TextareaField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { requireStaff } from '#modules/auth/index.js';
import { GUIDE_SECTIONS, SECTION_MAX, type GuideCompleteness } from './guide.js';
import { GuideBody, GuideContact } from './guide.portal.js';
import type { GuideService, GuideVersionInfo } from './guide.service.js';

type Params = { Params: { id: string } };


function Completeness({ v, c }: { v: ViewCtx; c: GuideCompleteness }) {
  if (c.complete) return <p class="muted">{tr(v, '指南的法定内容齐全。', 'Every required part of the guide is present.')}</p>;
  return (
    <div class="notice warn" role="status">
      <p>
        <strong>{tr(v, '指南内容不完整（《条例》第十二条）：', 'The guide is incomplete (Regs Art. 12):')}</strong>
      </p>
      <ul>
        {c.missingSections.length > 0 ? <li>{tr(v, `未填写：${c.missingSections.map((s) => s.zh).join('、')}`, `Empty sections: ${c.missingSections.map((s) => s.en).join(', ')}`)}</li> : null}
        {c.missingContact.length > 0 ? <li>{tr(v, `机构信息缺少：${c.missingContact.map((s) => s.zh).join('、')}`, `Missing from the agency profile: ${c.missingContact.map((s) => s.en).join(', ')}`)}</li> : null}
      </ul>
    </div>
  );
}

function History({ v, orgId, versions }: { v: ViewCtx; orgId: string; versions: GuideVersionInfo[] }) {
  return (
    <section aria-labelledby="hist-h">
      <h2 id="hist-h">{tr(v, '版本记录', 'Version history')}</h2>
      {versions.length === 0 ? (
        <p class="empty">{tr(v, '尚未保存过指南；公众页面显示系统生成的默认文本。', 'Never saved; the public page shows the default text.')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{tr(v, '版本', 'Version')}</th>
              <th scope="col">{tr(v, '保存时间', 'Saved at')}</th>
              <th scope="col">{tr(v, '保存人', 'Saved by')}</th>
              <th scope="col">{tr(v, '操作', 'Action')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((r, i) => (
              <tr key={r.versionNo}>
                <td>
                  {tr(v, `第 ${r.versionNo} 版`, `Version ${r.versionNo}`)} {i === 0 ? <span class="tag">{tr(v, '当前', 'current')}</span> : null}
                </td>
                <td>
                  <time dateTime={r.createdAt.toISOString()}>{chinaDateTime(r.createdAt)}</time>
                </td>
                <td>{r.editor ?? tr(v, '系统', 'System')}</td>
                <td>
                  <a href={`/staff/agencies/${orgId}/guide/versions/${r.versionNo}`}>{tr(v, `查看第 ${r.versionNo} 版`, `View version ${r.versionNo}`)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Workspace pages of the 政府信息公开指南: edit (a new version per save), history, old versions. */
export function guideStaffRoutes({ guides }: { guides: GuideService }): FastifyPluginAsync {
  return async (app) => {
    const page = async (req: FastifyRequest<Params>, form: { errors?: FieldErrors; message?: string; values?: Record<string, string>; conflict?: boolean; notice?: string | undefined } = {}) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, form.notice);
      const g = await guides.forStaff(actor, req.params.id);
      const errors = form.errors ?? {};
      const current = String(g.versionNo ?? 0);
      // After a conflict the form is based on the newest version, so saving again replaces it knowingly.
      const base = form.conflict ? current : (form.values?.baseVersion ?? current);
      return (
        <StaffPage v={v} title={tr(v, `政府信息公开指南 · ${g.org.name}`, `Disclosure guide · ${g.org.name}`)}>
          <h1>{tr(v, '政府信息公开指南', 'Disclosure guide')}</h1>
          <p>
            <a href={`/staff/agencies/${g.org.id}`}>{g.org.name}</a>
          </p>
          <table class="kv">
            <tbody>
              <tr>
                <th scope="row">{tr(v, '当前版本', 'Current version')}</th>
                <td>
                  {g.versionNo === null
                    ? tr(v, '尚未保存（公众看到默认文本）', 'Not saved yet (the public sees the default text)')
                    : tr(v, `第 ${g.versionNo} 版，${chinaDateTime(g.savedAt!)} 由${g.editor ?? '系统'}保存`, `Version ${g.versionNo}, saved ${chinaDateTime(g.savedAt!)} by ${g.editor ?? 'the system'}`)}
                </td>
              </tr>
              <tr>
                <th scope="row">{tr(v, '公开页面更新日期', 'Public update date')}</th>
                <td>{chinaDate(g.updatedAt)}</td>
              </tr>
              <tr>
                <th scope="row">{tr(v, '公开页面', 'Public page')}</th>
                <td>{g.org.isActive ? <a href={`/agencies/${g.org.slug}/guide`}>{`/agencies/${g.org.slug}/guide`}</a> : tr(v, '机构已停用，不公开。', 'Agency inactive: not public.')}</td>
              </tr>
            </tbody>
          </table>
          <Completeness v={v} c={g.completeness} />

          <section aria-labelledby="contact-h">
            <h2 id="contact-h">{tr(v, '政府信息公开工作机构（取自机构信息）', 'Disclosure office (from the agency profile)')}</h2>
            <p class="hint">{tr(v, '联系方式随机构信息实时更新，不随指南版本保存。', 'Contact details follow the agency profile live; they are not part of a version.')}</p>
            <GuideContact v={v} contact={g.contact} />
            <p>
              <a href={`/staff/agencies/${g.org.id}`}>{g.canEdit ? tr(v, '修改机构信息', 'Edit the agency profile') : tr(v, '查看机构信息', 'View the agency profile')}</a>
            </p>
          </section>

          {g.canEdit ? (
            <section aria-labelledby="edit-h">
              <h2 id="edit-h">{tr(v, '编辑指南', 'Edit the guide')}</h2>
              <p class="hint">{tr(v, `纯文本，每行为一段；每部分不超过 ${SECTION_MAX} 字。保存后生成新版本并立即公开，历史版本均保留。`, `Plain text, one paragraph per line; up to ${SECTION_MAX} characters per section. Each save makes a new public version; old versions are kept.`)}</p>
              <Form action={`/staff/agencies/${g.org.id}/guide`} csrf={v.csrfToken}>
                <ErrorSummary errors={errors} message={form.message} title={tr(v, '未能保存', 'Not saved')} />
                <input type="hidden" name="baseVersion" value={base} />
                {GUIDE_SECTIONS.map((s) => (
                  <TextareaField
                    key={s.key}
                    name={s.key}
                    label={tr(v, s.zh, s.en)}
                    value={form.values?.[s.key] ?? g.sections[s.key]}
                    errors={errors}
                    rows={s.required ? 10 : 4}
                    hint={tr(v, `${s.required ? '必备内容。' : ''}${s.hint.zh}`, `${s.required ? 'Required. ' : ''}${s.hint.en}`)}
                  />
                ))}
                <button type="submit">{tr(v, '保存为新版本', 'Save as a new version')}</button>
              </Form>
            </section>
          ) : (
            <section aria-labelledby="text-h">
              <h2 id="text-h">{tr(v, '指南内容', 'Text of the guide')}</h2>
              <p class="hint">{tr(v, '只有本机构管理员或协调员可以修改指南。', 'Only the agency admin or a coordinator may edit the guide.')}</p>
              <GuideBody v={v} sections={g.sections} contact={null} />
            </section>
          )}

          <History v={v} orgId={g.org.id} versions={g.versions} />
        </StaffPage>
      );
    };

    app.get<Params>('/staff/agencies/:id/guide', async (req, reply) => sendPage(reply, await page(req, { notice: takeNotice(req, reply) })));

    app.post<Params>('/staff/agencies/:id/guide', async (req, reply) => {
      const actor = requireStaff(req);
      // Refused outright (not re-rendered): the page would offer the form again to someone who may only read.
      const g = await guides.forStaff(actor, req.params.id);
      if (!g.canEdit) throw new Forbidden('GUIDE_FORBIDDEN', '只有本机构管理员或协调员可以修改政府信息公开指南。');
      const values = formValues(req);
      const r = await tryForm(() => guides.saveVersion(actor, g.org.id, values));
      if (!r.ok) return sendPage(reply, await page(req, { errors: r.errors, message: r.message, values, conflict: r.status === 409 }), r.status);
      const notice = r.value.saved ? `指南已保存为第 ${r.value.versionNo} 版，公众页面已更新。` : '内容没有变化，未生成新版本。';
      return redirectWithNotice(reply, `/staff/agencies/${g.org.id}/guide`, notice);
    });

    app.get<{ Params: { id: string; no: string } }>('/staff/agencies/:id/guide/versions/:no', async (req, reply) => {
      const actor = requireStaff(req);
      const v = viewCtx(req);
      const g = await guides.version(actor, req.params.id, /^\d{1,6}$/.test(req.params.no) ? Number(req.params.no) : 0);
      return sendPage(
        reply,
        <StaffPage v={v} title={tr(v, `政府信息公开指南第 ${g.versionNo} 版 · ${g.org.name}`, `Disclosure guide, version ${g.versionNo} · ${g.org.name}`)}>
          <h1>
            {tr(v, `政府信息公开指南 · 第 ${g.versionNo} 版`, `Disclosure guide · version ${g.versionNo}`)} <span class="tag">{g.isCurrent ? tr(v, '当前版本', 'current') : tr(v, '历史版本', 'superseded')}</span>
          </h1>
          <p>
            <a href={`/staff/agencies/${g.org.id}/guide`}>{tr(v, `返回${g.org.name}的指南`, `Back to the guide of ${g.org.name}`)}</a>
          </p>
          <p class="muted">
            {tr(v, '保存时间：', 'Saved at: ')}
            <time dateTime={g.createdAt.toISOString()}>{chinaDateTime(g.createdAt)}</time>
            {tr(v, `，保存人：${g.editor ?? '系统'}。联系方式取自当前机构信息，不随版本保存。`, `, by ${g.editor ?? 'the system'}. Contact details are not part of a version.`)}
          </p>
          <GuideBody v={v} sections={g.sections} contact={null} />
        </StaffPage>,
      );
    });
  };
}
