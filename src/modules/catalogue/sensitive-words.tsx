/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { isCityCoordinator, type Actor } from '#platform/actor.js';
import type { Database, Executor } from '#platform/db/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '#platform/errors.js';
import { formValues, tryForm } from '#platform/http/forms.js';
import { redirectWithNotice, sendPage, takeNotice, viewCtx } from '#platform/http/request-context.js';
import { parseInput, requiredText } from '#platform/validation.js';
import { tr } from '#platform/views/context.js';
import { ErrorSummary, Field, Form, SelectField } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import type { AuditService } from '#modules/audit/index.js';
import { requireStaff } from '#modules/auth/index.js';
import type { OrgService } from '#modules/org/index.js';

const NewWord = z.object({
  word: requiredText(2, 40, '敏感词'),
  orgId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().regex(/^[1-9]\d{0,17}$/, '请选择适用机构。').nullable()),
});

/** The sensitive words that apply to an agency: city-wide ones and those of the agency or an ancestor. */
export async function sensitiveWordsFor(ex: Executor, orgPath: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('sensitiveWords as w')
    .leftJoin('organisations as o', 'o.id', 'w.orgId')
    .select('w.word')
    .where((eb) => eb.or([eb('w.orgId', 'is', null), sql<boolean>`${orgPath}::text LIKE o.path || '%'`]))
    .execute();
  return [...new Set(rows.map((r) => r.word))];
}

/** The coordinator's list of sensitive words (敏感词), city-wide or per agency; every change audited. */
export function sensitiveWordsStaffRoutes({ db, audit, orgs }: { db: Database; audit: AuditService; orgs: OrgService }): FastifyPluginAsync {
  const guard = (actor: Actor) => {
    if (!isCityCoordinator(actor)) throw new Forbidden('WORDS_FORBIDDEN', '只有政务公开主管部门（协调员）可以维护敏感词。');
  };
  return async (app) => {
    const page = async (req: FastifyRequest, errors: Record<string, string> = {}, message?: string, values: Record<string, string> = {}, notice?: string) => {
      const actor = requireStaff(req);
      const v = viewCtx(req, notice);
      const words = await db.selectFrom('sensitiveWords as w').leftJoin('organisations as o', 'o.id', 'w.orgId').select(['w.id', 'w.word', 'o.name as orgName']).orderBy('o.path').orderBy('w.word').execute();
      const canEdit = isCityCoordinator(actor);
      const title = tr(v, '敏感词', 'Sensitive words');
      const agencies = canEdit ? await orgs.staffScope(actor) : [];
      return (
        <StaffPage v={v} title={title}>
          <h1>{title}</h1>
          <p class="lead">{tr(v, '保密审查时，正文和附件中出现的敏感词会提示审查人员确认。可设为全市适用，或只适用于某机构及其下级机构。', 'Reviewers are asked to confirm these words wherever they appear; city-wide or for an agency and its subtree.')}</p>
          {words.length === 0 ? (
            <p class="empty">{tr(v, '尚未设置敏感词。', 'No sensitive words yet.')}</p>
          ) : (
            <DataTable
              label={tr(v, '敏感词列表', 'List of sensitive words')}
              headers={[tr(v, '敏感词', 'Word'), tr(v, '适用范围', 'Applies to'), ...(canEdit ? [tr(v, '操作', 'Actions')] : [])]}
              rows={words}
              rowKey={(w) => w.id}
              cells={(w) => (
                <>
                  <td>{w.word}</td>
                  <td>{w.orgName ?? tr(v, '全市', 'City-wide')}</td>
                  {canEdit ? (
                    <td>
                      <Form action={`/staff/sensitive-words/${w.id}/remove`} csrf={v.csrfToken} class="inline-form">
                        <button type="submit" class="link-button">
                          {tr(v, `删除“${w.word}”`, `Remove “${w.word}”`)}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </>
              )}
            />
          )}
          {canEdit ? (
            <>
              <h2>{tr(v, '新增敏感词', 'Add a word')}</h2>
              <Form action="/staff/sensitive-words" csrf={v.csrfToken}>
                <ErrorSummary errors={errors} message={message} title={tr(v, '未能保存', 'Not saved')} />
                <Field name="word" label={tr(v, '敏感词', 'Word')} value={values.word} errors={errors} required maxLength={40} />
                <SelectField name="orgId" label={tr(v, '适用范围', 'Applies to')} value={values.orgId} errors={errors} options={[{ value: '', label: tr(v, '全市', 'City-wide') }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} />
                <button type="submit">{v.t('save')}</button>
              </Form>
            </>
          ) : null}
        </StaffPage>
      );
    };

    app.get('/staff/sensitive-words', async (req, reply) => sendPage(reply, await page(req, {}, undefined, {}, takeNotice(req, reply))));

    app.post('/staff/sensitive-words', async (req, reply) => {
      const actor = requireStaff(req);
      const values = formValues(req);
      const r = await tryForm(async () => {
        guard(actor);
        const input = parseInput(NewWord, values);
        if (input.orgId && !(await orgs.lookup(input.orgId))) throw new ValidationFailed({ orgId: '请选择适用机构。' });
        await db.transaction().execute(async (tx) => {
          const row = await tx
            .insertInto('sensitiveWords')
            .values({ word: input.word, orgId: input.orgId, createdBy: actor.kind === 'user' ? actor.id : null })
            .returning('id')
            .executeTakeFirstOrThrow()
            .catch((err: unknown) => {
              if ((err as { code?: string }).code === '23505') throw new Conflict('WORD_EXISTS', '该敏感词已存在。', { word: '该范围内已有这个敏感词。' });
              throw err;
            });
          await audit.record(tx, actor, 'screening.word-added', { orgId: input.orgId, subjectType: 'sensitive_word', subjectId: row.id, summary: { word: input.word } });
        });
      });
      if (!r.ok) return sendPage(reply, await page(req, r.errors, r.message, values), r.status);
      return redirectWithNotice(reply, '/staff/sensitive-words', '敏感词已新增。');
    });

    app.post<{ Params: { id: string } }>('/staff/sensitive-words/:id/remove', async (req, reply) => {
      const actor = requireStaff(req);
      guard(actor);
      const word = /^[1-9]\d{0,17}$/.test(req.params.id) ? await db.selectFrom('sensitiveWords').selectAll().where('id', '=', req.params.id).executeTakeFirst() : undefined;
      if (!word) throw new NotFound('WORD_NOT_FOUND', '该敏感词不存在。');
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('sensitiveWords').where('id', '=', word.id).execute();
        await audit.record(tx, actor, 'screening.word-removed', { orgId: word.orgId, subjectType: 'sensitive_word', subjectId: word.id, summary: { word: word.word } });
      });
      return redirectWithNotice(reply, '/staff/sensitive-words', '敏感词已删除。');
    });
  };
}
