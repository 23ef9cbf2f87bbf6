/** @jsxImportSource preact */
import type { FieldErrors } from '#platform/errors.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { Field, FileField, SelectField, TextareaField } from '#platform/views/forms.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import type { ClockState } from './deadlines.js';
import { APPLICANT_KIND_LABELS, APPLICANT_KINDS } from './outcomes.js';
import { ID_TYPES, OBTAIN_METHODS, PROVISION_FORMS } from './request.schema.js';

/** 2026-03-02 → 2026年3月2日. */
export function zhDate(d: string | null | undefined): string {
  const m = d ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(d) : null;
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (d ?? '—');
}

const PAUSE_LABELS = { 'third-party': '征求第三方意见', 'inter-agency': '征求其他机关意见', fee: '等待缴纳信息处理费' } as const;

/**
 * How the reply deadline came about, in words: the rule set, the start day, the working days
 * counted, holidays and weekends skipped, 调休 days counted, pauses, extension, restart, delay.
 */
export function ClockExplanation({ v, clock, calendarUnknown = false }: { v: ViewCtx; clock: ClockState | null; calendarUnknown?: boolean }) {
  if (!clock && calendarUnknown) {
    return <p class="notice warn">{tr(v, '答复期限暂无法计算：工作日历缺少相关年份的节假日安排（不按普通周末推算）。政务公开主管部门在“工作日历”中补充后，期限将自动显示。', 'The deadline cannot be computed yet: the working-day calendar lacks the year.')}</p>;
  }
  if (!clock) return <p class="muted">{tr(v, '尚未确认收到申请，答复期限自确认收到之日起计算（《政府信息公开条例》第三十一条）。', 'The clock starts when receipt is confirmed (Art. 31).')}</p>;
  const holidays = clock.skipped.filter((d) => d.kind === 'holiday').length;
  const weekends = clock.skipped.length - holidays;
  const pausedDays = clock.pauses.reduce((s, p) => s + p.workdays, 0);
  const rules = clock.rules.id === 'regs-2007' ? '2007 年《政府信息公开条例》（2019年5月15日前收到的申请：15 个工作日，可延长 15 个工作日）' : '2019 年《政府信息公开条例》（20 个工作日，可延长 20 个工作日）';
  return (
    <div class="clock">
      {clock.status === 'awaiting-correction' ? (
        <p class="notice warn">{tr(v, `等待申请人补正（期限至 ${zhDate(clock.correctionUntil)}）。答复期限自收到补正之日起重新计算。`, `Awaiting the correction (until ${clock.correctionUntil}); the period restarts when it arrives.`)}</p>
      ) : clock.status === 'paused' ? (
        <p class="notice">{tr(v, `期限暂停：${clock.pauses.filter((p) => !p.to).map((p) => `${PAUSE_LABELS[p.reason]}（自 ${zhDate(p.from)} 起${p.responseDue ? `，对方应于 ${zhDate(p.responseDue)} 前答复` : ''}）`).join('；')}。暂停期间不计入答复期限。`, 'The clock is paused; paused time does not count.')}</p>
      ) : clock.status === 'abandoned' ? (
        <p class="notice warn">{tr(v, `补正期限（${zhDate(clock.correctionUntil)}）已过，申请视为放弃。`, 'The correction period passed: the application is deemed abandoned.')}</p>
      ) : (
        <p class="deadline">
          <strong>{tr(v, `答复期限：${zhDate(clock.due)}`, `Reply due: ${clock.due}`)}</strong>
          {clock.daysLeft !== null ? <span class={clock.daysLeft < 0 ? 'tag tag-warn' : 'tag'}>{clock.daysLeft < 0 ? tr(v, `已逾期 ${-clock.daysLeft} 个工作日`, `${-clock.daysLeft} working days overdue`) : tr(v, `剩余 ${clock.daysLeft} 个工作日`, `${clock.daysLeft} working days left`)}</span> : null}
        </p>
      )}
      <dl class="meta">
        <dt>{tr(v, '适用规则', 'Rules')}</dt>
        <dd lang="zh-CN">{rules}</dd>
        <dt>{tr(v, '起算日', 'Counting from')}</dt>
        <dd>
          {tr(v, `${zhDate(clock.start)}${clock.restarted ? '（收到补正之日，期限重新计算）' : '（收到申请之日）'}，当日不计入，自次日起计算`, `${clock.start}${clock.restarted ? ' (correction received: restarted)' : ' (receipt)'}; the day itself not counted`)}
        </dd>
        {clock.due ? (
          <>
            <dt>{tr(v, '计入的工作日', 'Working days counted')}</dt>
            <dd>
              {tr(
                v,
                `${clock.countedDays} 个工作日 = 法定 ${clock.rules.replyDays}${clock.extensionDays ? ` + 延长 ${clock.extensionDays}` : ''}${pausedDays ? ` + 暂停期间 ${pausedDays}` : ''}`,
                `${clock.countedDays} = ${clock.rules.replyDays}${clock.extensionDays ? ` + ${clock.extensionDays} extension` : ''}${pausedDays ? ` + ${pausedDays} paused` : ''}`,
              )}
            </dd>
            <dt>{tr(v, '跳过的日子', 'Days skipped')}</dt>
            <dd>
              {tr(v, `周末 ${weekends} 天、法定节假日 ${holidays} 天`, `${weekends} weekend days, ${holidays} holidays`)}
              {clock.skipped.some((d) => d.kind === 'holiday') ? `（${[...new Set(clock.skipped.filter((d) => d.kind === 'holiday').map((d) => d.name ?? '节假日'))].join('、')}）` : ''}
              {clock.adjustedWorkdays.length > 0 ? tr(v, `；计入调休上班日 ${clock.adjustedWorkdays.length} 天（${clock.adjustedWorkdays.map((d) => zhDate(d.date)).join('、')}）`, `; ${clock.adjustedWorkdays.length} adjusted working days counted`) : ''}
            </dd>
          </>
        ) : null}
        {clock.pauses.length > 0 ? (
          <>
            <dt>{tr(v, '暂停期间', 'Pauses')}</dt>
            <dd>
              <ul>
                {clock.pauses.map((p) => (
                  <li key={p.from}>
                    {PAUSE_LABELS[p.reason]}：{zhDate(p.from)} 至 {p.to ? zhDate(p.to) : tr(v, '（进行中）', '(ongoing)')}
                    {p.to ? tr(v, `，不计入 ${p.workdays} 个工作日`, `, ${p.workdays} working days not counted`) : ''}
                    {p.responseDue ? tr(v, `；对方答复期限 ${zhDate(p.responseDue)}（15 个工作日）`, `; answer due ${p.responseDue}`) : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {clock.correctionNoticeDue ? (
          <>
            <dt>{tr(v, '补正告知期限', 'Correction notice due')}</dt>
            <dd>
              {zhDate(clock.correctionNoticeDue)}
              {clock.correctionNoticeLate ? <span class="tag tag-warn">{tr(v, '补正告知晚于 7 个工作日', 'sent late')}</span> : null}
            </dd>
          </>
        ) : null}
        {clock.delayedUntil ? (
          <>
            <dt>{tr(v, '另行确定的期限', 'Delayed deadline')}</dt>
            <dd>{tr(v, `${zhDate(clock.delayedUntil)}（第三十五条）`, `${clock.delayedUntil} (Art. 35)`)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** The application's fields, shared by the public form and staff registration. */
export function ApplicationFields({ v, values, errors, agencies, withFiles = true }: { v: ViewCtx; values: Record<string, string>; errors: FieldErrors; agencies: OrganisationRow[]; withFiles?: boolean }) {
  return (
    <>
      <SelectField
        name="orgId"
        label={tr(v, '受理机关', 'Agency')}
        required
        value={values.orgId}
        errors={errors}
        options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...agencies.map((o) => ({ value: o.id, label: `${'　'.repeat(Math.max(0, o.depth - 1))}${o.name}` }))]}
      />
      <fieldset>
        <legend>{tr(v, '申请人信息', 'Applicant')}</legend>
        <SelectField
          name="applicantKind"
          label={tr(v, '申请人类型', 'Applicant type')}
          required
          value={values.applicantKind}
          errors={errors}
          options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...APPLICANT_KINDS.map((k) => ({ value: k, label: k === 'naturalPerson' ? '自然人' : `法人或其他组织：${APPLICANT_KIND_LABELS[k]}` }))]}
        />
        <Field name="applicantName" label={tr(v, '姓名或名称', 'Name')} required value={values.applicantName} errors={errors} maxLength={100} />
        <SelectField
          name="idType"
          label={tr(v, '证件类型（自然人）', 'ID document (natural persons)')}
          value={values.idType}
          errors={errors}
          options={[{ value: '', label: tr(v, '法人或其他组织不选', 'Not for organisations') }, ...Object.entries(ID_TYPES).map(([value, label]) => ({ value, label }))]}
        />
        <Field name="idNumber" label={tr(v, '证件号码或统一社会信用代码', 'ID number or unified social credit code')} required value={values.idNumber} errors={errors} maxLength={40} hint={tr(v, '自然人填写证件号码；法人或其他组织填写 18 位统一社会信用代码。', 'Persons: ID number; organisations: 18-character credit code.')} />
        <Field name="legalRep" label={tr(v, '法定代表人（组织）', 'Legal representative')} value={values.legalRep} errors={errors} maxLength={50} />
        <Field name="contactPerson" label={tr(v, '联系人（组织）', 'Contact person')} value={values.contactPerson} errors={errors} maxLength={50} />
        <Field name="phone" label={tr(v, '联系电话', 'Phone')} type="tel" inputmode="tel" value={values.phone} errors={errors} maxLength={20} autocomplete="tel" />
        <Field name="email" label={tr(v, '电子邮箱', 'E-mail')} type="email" inputmode="email" value={values.email} errors={errors} maxLength={254} autocomplete="email" hint={tr(v, '办理进展和答复将发送到此邮箱。', 'Progress and the reply are sent here.')} />
        <Field name="address" label={tr(v, '通信地址', 'Postal address')} value={values.address} errors={errors} maxLength={200} autocomplete="street-address" />
        <Field name="postcode" label={tr(v, '邮政编码', 'Postcode')} inputmode="numeric" value={values.postcode} errors={errors} maxLength={6} autocomplete="postal-code" />
      </fieldset>
      <fieldset>
        <legend>{tr(v, '所需信息', 'Information sought')}</legend>
        <Field name="title" label={tr(v, '所需信息的名称', 'Name of the information')} required value={values.title} errors={errors} maxLength={200} />
        <Field name="docRef" label={tr(v, '文号或索引号（如知道）', 'Document number or index number (if known)')} value={values.docRef} errors={errors} maxLength={100} />
        <TextareaField name="description" label={tr(v, '所需信息的内容描述', 'Description')} required value={values.description} errors={errors} maxLength={4000} hint={tr(v, '请尽量写明信息的制作机关、时间、内容等特征，便于查找。', 'Describe who made it, when and what it is about.')} />
        {withFiles ? <FileField name="files" label={tr(v, '附件（可选，最多 3 个）', 'Attachments (optional, up to 3)')} accept=".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg" errors={errors} hint={tr(v, '支持 PDF、Word、Excel、OFD 和图片。出错时需重新选择附件。', 'PDF, Word, Excel, OFD or images. Choose them again after an error.')} /> : null}
      </fieldset>
      <fieldset>
        <legend>{tr(v, '提供方式', 'How to provide it')}</legend>
        <SelectField name="provisionForm" label={tr(v, '信息的提供形式', 'Form')} required value={values.provisionForm} errors={errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...Object.entries(PROVISION_FORMS).map(([value, label]) => ({ value, label }))]} />
        <SelectField name="obtainMethod" label={tr(v, '获取信息的方式', 'Way of obtaining it')} required value={values.obtainMethod} errors={errors} options={[{ value: '', label: tr(v, '请选择', 'Choose') }, ...Object.entries(OBTAIN_METHODS).map(([value, label]) => ({ value, label }))]} />
        <Field name="needsAssistance" label={tr(v, '需要的协助（如阅读困难、视听障碍，条例第四十三条）', 'Assistance needed (Art. 43)')} value={values.needsAssistance} errors={errors} maxLength={200} />
      </fieldset>
    </>
  );
}
