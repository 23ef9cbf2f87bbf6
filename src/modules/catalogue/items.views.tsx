/** @jsxImportSource preact */
import type { CatalogueVersionRow, Disclosure, PublicState, Validity, WorkState } from '#platform/db/schema.js';
import type { FieldErrors } from '#platform/errors.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { Field, SelectField, TextareaField } from '#platform/views/forms.js';
import { ART20_CATEGORIES, art20Label, DISCLOSURE_LABELS, SCOPE_LABELS, VALIDITY_LABELS, WITHHELD_GROUNDS } from './item.schema.js';
import type { Term } from './taxonomy.service.js';

const label = (v: ViewCtx, l: { zh: string; en: string }) => tr(v, l.zh, l.en);

/** The state of an item in one badge (working state first: that is what needs action). */
export function StateBadge({ v, publicState, workState }: { v: ViewCtx; publicState: PublicState; workState: WorkState | null }) {
  const work: Record<WorkState, [string, string, string]> = {
    draft: ['草稿', 'Draft', 'tag'],
    submitted: ['待审查', 'Under review', 'tag tag-warn'],
    returned: ['已退回', 'Returned', 'tag tag-warn'],
  };
  const pub: Record<PublicState, [string, string, string]> = {
    unpublished: ['未发布', 'Not published', 'tag'],
    published: ['已发布', 'Published', 'tag tag-ok'],
    withdrawn: ['已撤回', 'Withdrawn', 'tag tag-warn'],
  };
  const p = pub[publicState];
  const w = workState ? work[workState] : null;
  return (
    <>
      {publicState !== 'unpublished' || !w ? <span class={p[2]}>{tr(v, p[0], p[1])}</span> : null}
      {w ? (
        <span class={w[2]}>
          {publicState === 'published' ? tr(v, '修订', 'Revision') + '：' : ''}
          {tr(v, w[0], w[1])}
        </span>
      ) : null}
    </>
  );
}

export function disclosureLabel(v: ViewCtx, d: Disclosure | null): string {
  return d ? label(v, DISCLOSURE_LABELS[d]) : '';
}

export function validityLabel(v: ViewCtx, d: Validity): string {
  return label(v, VALIDITY_LABELS[d]);
}

/** Values of the item form as strings (from a version, or as posted back). */
export function formFromVersion(ver: CatalogueVersionRow | null, terms: { topics: Term[]; genres: Term[] }, coIssuerSlugs: string[], interpretsRef: string | null): Record<string, string> {
  if (!ver) return { bodyFormat: 'text' };
  const code = (list: Term[], id: string | null): string => {
    for (const t of list) {
      if (t.id === id) return t.code;
      const c = t.children.find((x) => x.id === id);
      if (c) return c.code;
    }
    return '';
  };
  return {
    title: ver.title,
    summary: ver.summary ?? '',
    docNumber: ver.docNumber ?? '',
    generatedOn: ver.generatedOn,
    effectiveOn: ver.effectiveOn ?? '',
    topic: code(terms.topics, ver.topicId),
    genre: code(terms.genres, ver.genreId),
    keywords: ver.keywords.join('，'),
    disclosure: ver.disclosure,
    withheldGround: ver.withheldGround ?? '',
    scope: ver.scope,
    art20: ver.art20Category ? String(ver.art20Category) : '',
    coIssuers: coIssuerSlugs.join(' '),
    interprets: interpretsRef ?? '',
    bodyFormat: 'html',
    body: ver.bodyHtml,
  };
}

/** Turns the posted form into service input (the body goes as HTML or as plain text). */
export function inputFromForm(values: Record<string, string>): Record<string, unknown> {
  const { body, bodyFormat, ...rest } = values;
  return { ...rest, bodyHtml: bodyFormat === 'html' ? (body ?? '') : '', bodyText: bodyFormat === 'html' ? '' : (body ?? '') };
}

/** The item form: every catalogue field with hints; no script needed. */
export function ItemFields({ v, values, errors, terms, agencies }: { v: ViewCtx; values: Record<string, string>; errors: FieldErrors; terms: { topics: Term[]; genres: Term[] }; agencies?: { id: string; name: string }[] | undefined }) {
  const topicOptions = [{ value: '', label: tr(v, '（未分类）', '(none)') }, ...terms.topics.flatMap((t) => [{ value: t.code, label: t.name }, ...t.children.map((c) => ({ value: c.code, label: `${t.name} › ${c.name}` }))])];
  const errs = { ...errors, body: errors.body ?? errors.bodyHtml ?? errors.bodyText ?? '' };
  if (!errs.body) delete (errs as Record<string, string>).body;
  return (
    <>
      {agencies ? <SelectField name="orgId" label={tr(v, '发布机构（牵头）', 'Lead issuing agency')} value={values.orgId} errors={errors} required options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} /> : null}
      <Field name="title" label={tr(v, '标题', 'Title')} value={values.title} errors={errors} required maxLength={300} hint={tr(v, '文件的完整标题，不用简称。', 'The full official title.')} />
      <Field name="docNumber" label={tr(v, '文号', 'Document number')} value={values.docNumber} errors={errors} maxLength={60} hint={tr(v, '例如：示政办发〔2026〕3号。没有文号的留空。', 'E.g. 示政办发〔2026〕3号; empty if none.')} />
      <Field name="generatedOn" type="date" label={tr(v, '成文日期（生成日期）', 'Date of signature (formation)')} value={values.generatedOn} errors={errors} required hint={tr(v, '主动公开信息应自形成之日起 20 个工作日内公开（条例第二十六条）。', 'Proactive information is due within 20 working days of this date (Art. 26).')} />
      <Field name="effectiveOn" type="date" label={tr(v, '施行日期', 'Effective from')} value={values.effectiveOn} errors={errors} />
      <TextareaField name="summary" label={tr(v, '内容概述', 'Summary')} value={values.summary} errors={errors} rows={3} maxLength={500} hint={tr(v, '不超过 500 字。', 'Up to 500 characters.')} />
      <SelectField name="topic" label={tr(v, '主题分类', 'Topic')} value={values.topic} errors={errors} options={topicOptions} />
      <SelectField name="genre" label={tr(v, '体裁（文种）', 'Genre')} value={values.genre} errors={errors} options={[{ value: '', label: tr(v, '（未选择）', '(none)') }, ...terms.genres.map((g) => ({ value: g.code, label: g.name }))]} />
      <Field name="keywords" label={tr(v, '主题词', 'Keywords')} value={values.keywords} errors={errors} hint={tr(v, '以逗号或空格分隔，最多 10 个。', 'Separated by commas or spaces, up to 10.')} />
      <SelectField name="disclosure" label={tr(v, '公开方式', 'Disclosure')} value={values.disclosure ?? 'proactive'} errors={errors} required options={Object.entries(DISCLOSURE_LABELS).map(([k, l]) => ({ value: k, label: label(v, l) }))} />
      <SelectField name="withheldGround" label={tr(v, '不予公开的法定理由（仅“不予公开”时填写）', 'Legal ground for non-disclosure (only when not disclosed)')} value={values.withheldGround} errors={errors} options={[{ value: '', label: tr(v, '（不适用）', '(not applicable)') }, ...Object.entries(WITHHELD_GROUNDS).map(([k, l]) => ({ value: k, label: l }))]} />
      <SelectField name="scope" label={tr(v, '公开范围', 'Scope')} value={values.scope ?? 'public'} errors={errors} options={Object.entries(SCOPE_LABELS).map(([k, l]) => ({ value: k, label: label(v, l) }))} />
      <SelectField name="art20" label={tr(v, '条例第二十条类别（用于年度报告）', 'Art. 20 category (for the annual report)')} value={values.art20} errors={errors} options={[{ value: '', label: tr(v, '（不属于第二十条所列）', '(none)') }, ...ART20_CATEGORIES.map((_, i) => ({ value: String(i + 1), label: art20Label(i + 1) }))]} />
      <Field name="coIssuers" label={tr(v, '联合发布机构', 'Joint issuers')} value={values.coIssuers} errors={errors} hint={tr(v, '联合发文时填写其他机构的网址标识，以空格分隔，例如：sz-czj sz-rsj。', 'Other agencies’ slugs, separated by spaces.')} />
      <Field name="interprets" label={tr(v, '所解读的文件（政策解读填写）', 'Document interpreted (for 解读)')} value={values.interprets} errors={errors} hint={tr(v, '填写被解读文件的索引号或信息编号。', 'The index number or id of the document this interprets.')} />
      <SelectField name="bodyFormat" label={tr(v, '正文格式', 'Body format')} value={values.bodyFormat ?? 'text'} errors={errors} options={[{ value: 'text', label: tr(v, '纯文本（每行一段）', 'Plain text (one paragraph per line)') }, { value: 'html', label: tr(v, 'HTML（保存时清除脚本和不安全内容）', 'HTML (scripts and unsafe content removed on save)') }]} />
      <TextareaField name="body" label={tr(v, '正文', 'Body')} value={values.body} errors={errs} rows={14} />
    </>
  );
}

/** The standard metadata block of a version (staff view). */
export function VersionMeta({ v, ver, names }: { v: ViewCtx; ver: CatalogueVersionRow; names: { topic: string | null; genre: string | null; coIssuers: string[]; interprets: string | null } }) {
  const rows: [string, string | null][] = [
    [tr(v, '文号', 'Document number'), ver.docNumber],
    [tr(v, '成文日期', 'Signed'), ver.generatedOn],
    [tr(v, '施行日期', 'Effective'), ver.effectiveOn],
    [tr(v, '主题分类', 'Topic'), names.topic],
    [tr(v, '体裁', 'Genre'), names.genre],
    [tr(v, '主题词', 'Keywords'), ver.keywords.join('，') || null],
    [tr(v, '公开方式', 'Disclosure'), disclosureLabel(v, ver.disclosure) + (ver.withheldGround ? `：${WITHHELD_GROUNDS[ver.withheldGround as keyof typeof WITHHELD_GROUNDS] ?? ver.withheldGround}` : '')],
    [tr(v, '公开范围', 'Scope'), label(v, SCOPE_LABELS[ver.scope])],
    [tr(v, '第二十条类别', 'Art. 20 category'), ver.art20Category ? art20Label(ver.art20Category) : null],
    [tr(v, '联合发布机构', 'Joint issuers'), names.coIssuers.join('、') || null],
    [tr(v, '解读对象', 'Interprets'), names.interprets],
    [tr(v, '内容概述', 'Summary'), ver.summary],
  ];
  return (
    <dl class="meta">
      {rows
        .filter(([, val]) => val)
        .map(([k, val]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </div>
        ))}
    </dl>
  );
}
