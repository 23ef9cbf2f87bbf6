/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { FlowchartText, type Flowchart } from './flowchart/index.js';
import { AUDIENCES, BODY_NATURE, HANDLING_TYPES, MATERIAL_FORMS, POWER_STATUS, SECTORS, type Basis, type PowerContent, type PowerStatus, type ServiceContent } from './matter.schema.js';
import type { FlowchartCheck } from './matters.service.js';

/** "20 个工作日", "即办" or "—". */
export function daysText(v: ViewCtx, d: number | null): string {
  if (d === null) return '—';
  if (d === 0) return tr(v, '即办', 'Immediate');
  return tr(v, `${d} 个工作日`, `${d} working days`);
}

/** The status of a power as a tag (实施中 is the quiet default). */
export function PowerStatusTag({ v, status }: { v: ViewCtx; status: PowerStatus | null }) {
  if (!status) return null;
  const en = { in_force: 'In force', under_revision: 'Under revision', abolished: 'Abolished' }[status];
  return <span class={status === 'in_force' ? 'tag tag-ok' : 'tag tag-warn'}>{tr(v, POWER_STATUS[status], en)}</span>;
}

/** A list of 设定依据, each linked to its catalogue document when one is public. */
export function BasisList({ basis, linked }: { basis: readonly Basis[]; linked: ReadonlySet<string> }) {
  if (basis.length === 0) return <>—</>;
  return (
    <ul class="plain-list">
      {basis.map((b, i) => (
        <li key={i}>
          {b.itemId && linked.has(b.itemId) ? <a href={`/catalogue/${b.itemId}`}>《{b.law}》</a> : <>《{b.law}》</>}
          {b.article ?? ''}
        </li>
      ))}
    </ul>
  );
}

function Lines({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <>—</>;
  return (
    <ul class="plain-list">
      {items.map((t, i) => (
        <li key={i}>{t}</li>
      ))}
    </ul>
  );
}

/** Multi-line text as paragraphs (escaped). */
export function Paragraphs({ text }: { text: string | null }) {
  if (!text) return <>—</>;
  return (
    <>
      {text
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l, i) => (
          <p key={i}>{l}</p>
        ))}
    </>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

/** Every field of a power (ogi-rules §6.2) as a key–value table. */
export function PowerFacts({ v, c, categoryName, linked }: { v: ViewCtx; c: PowerContent; categoryName: string; linked: ReadonlySet<string> }) {
  return (
    <table class="kv matter-facts">
      <caption class="visually-hidden">{tr(v, '职权基本信息', 'About this power')}</caption>
      <tbody>
        <Row label={tr(v, '职权编码', 'Code')}>{c.code}</Row>
        <Row label={tr(v, '职权名称', 'Name')}>{c.name}</Row>
        <Row label={tr(v, '职权类别', 'Category')}>{categoryName}</Row>
        {c.subItems.length > 0 ? (
          <Row label={tr(v, '子项', 'Sub-items')}>
            <Lines items={c.subItems} />
          </Row>
        ) : null}
        <Row label={tr(v, '设定依据', 'Legal basis')}>
          <BasisList basis={c.basis} linked={linked} />
        </Row>
        <Row label={tr(v, '实施主体', 'Implementing body')}>
          {c.implementingBody}（{BODY_NATURE[c.bodyNature]}）
        </Row>
        <Row label={tr(v, '承办机构', 'Handling unit')}>{c.division ?? '—'}</Row>
        <Row label={tr(v, '责任事项', 'Responsibilities')}>
          <Lines items={c.responsibilities} />
        </Row>
        {c.responsibilityBasis ? (
          <Row label={tr(v, '责任事项依据', 'Basis of responsibilities')}>
            <Paragraphs text={c.responsibilityBasis} />
          </Row>
        ) : null}
        <Row label={tr(v, '追责情形', 'Accountability')}>
          <Lines items={c.accountability} />
        </Row>
        {c.accountabilityBasis ? (
          <Row label={tr(v, '追责依据', 'Basis of accountability')}>
            <Paragraphs text={c.accountabilityBasis} />
          </Row>
        ) : null}
        <Row label={tr(v, '法定期限', 'Statutory time limit')}>{daysText(v, c.statutoryDays)}</Row>
        <Row label={tr(v, '承诺期限', 'Promised time limit')}>{daysText(v, c.promisedDays)}</Row>
        {c.limitNote ? <Row label={tr(v, '期限说明', 'Time limit notes')}>{c.limitNote}</Row> : null}
        <Row label={tr(v, '收费依据和标准', 'Fees')}>{c.fees ?? tr(v, '不收费', 'Free of charge')}</Row>
        <Row label={tr(v, '监督电话', 'Supervision phone')}>{c.supervisionPhone ?? '—'}</Row>
        <Row label={tr(v, '状态', 'Status')}>
          <PowerStatusTag v={v} status={c.status} />
          {c.statusSince ? tr(v, `（自 ${c.statusSince} 起）`, ` (since ${c.statusSince})`) : null}
        </Row>
        {c.remarks ? (
          <Row label={tr(v, '备注', 'Remarks')}>
            <Paragraphs text={c.remarks} />
          </Row>
        ) : null}
      </tbody>
    </table>
  );
}

/** The 申请材料 of a guide as a table (with blank-form downloads). */
export function MaterialsTable({ v, c, fileHref }: { v: ViewCtx; c: ServiceContent; fileHref: (fileId: string) => string | null }) {
  if (c.materials.length === 0) return <p class="empty">{tr(v, '无需提交材料。', 'No materials required.')}</p>;
  return (
    <div class="table-scroll" role="region" aria-label={tr(v, '申请材料（可横向滚动）', 'Materials (scrolls sideways)')} tabIndex={0}>
      <table class="data materials">
        <caption class="visually-hidden">{tr(v, '申请材料清单', 'List of materials')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr(v, '序号', 'No.')}</th>
            <th scope="col">{tr(v, '材料名称', 'Material')}</th>
            <th scope="col">{tr(v, '材料形式', 'Form')}</th>
            <th scope="col">{tr(v, '份数', 'Copies')}</th>
            <th scope="col">{tr(v, '是否必需', 'Required')}</th>
            <th scope="col">{tr(v, '填报须知 / 来源', 'Notes / source')}</th>
            <th scope="col">{tr(v, '空白表格', 'Blank form')}</th>
          </tr>
        </thead>
        <tbody>
          {c.materials.map((m, i) => {
            const href = m.blankFormId ? fileHref(m.blankFormId) : null;
            return (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>{m.name}</td>
                <td>{MATERIAL_FORMS[m.form]}</td>
                <td>{m.copies}</td>
                <td>{m.required ? tr(v, '必需', 'Yes') : tr(v, '视情况提供', 'If applicable')}</td>
                <td>{[m.note, m.source ? tr(v, `来源：${m.source}`, `Source: ${m.source}`) : null].filter(Boolean).join('；') || '—'}</td>
                <td>{href ? <a href={href}>{tr(v, `下载（${m.name}）`, `Download (${m.name})`)}</a> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The elements of a service guide (ogi-rules §7) in reading order, as sections. */
export function ServiceFacts({ v, c, linked, fileHref, power }: { v: ViewCtx; c: ServiceContent; linked: ReadonlySet<string>; fileHref: (fileId: string) => string | null; power: { id: string; name: string } | null }) {
  return (
    <>
      <section aria-labelledby="basic-h">
        <h2 id="basic-h">{tr(v, '基本信息', 'Basic information')}</h2>
        <table class="kv matter-facts">
          <tbody>
            <Row label={tr(v, '事项名称', 'Name')}>{c.name}</Row>
            <Row label={tr(v, '事项编码', 'Code')}>{c.code}</Row>
            <Row label={tr(v, '事项类型', 'Type')}>{c.serviceType}</Row>
            {c.sector ? <Row label={tr(v, '行业', 'Sector')}>{SECTORS[c.sector]}</Row> : null}
            <Row label={tr(v, '实施主体', 'Implementing body')}>{c.implementingBody}</Row>
            <Row label={tr(v, '承办机构', 'Handling unit')}>{c.division ?? '—'}</Row>
            <Row label={tr(v, '服务对象', 'For')}>{c.audiences.map((a) => AUDIENCES[a]).join('、')}</Row>
            <Row label={tr(v, '办件类型', 'Handling type')}>{HANDLING_TYPES[c.handlingType]}</Row>
            {power ? (
              <Row label={tr(v, '对应职权', 'Power')}>
                <a href={`/powers/${power.id}`}>{power.name}</a>
              </Row>
            ) : null}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="basis-h">
        <h2 id="basis-h">{tr(v, '设定依据', 'Legal basis')}</h2>
        <BasisList basis={c.basis} linked={linked} />
      </section>
      <section aria-labelledby="cond-h">
        <h2 id="cond-h">{tr(v, '受理条件', 'Conditions')}</h2>
        <Paragraphs text={c.conditions} />
        {c.quantityLimit ? (
          <p>
            <strong>{tr(v, '数量限制：', 'Quantity limit: ')}</strong>
            {c.quantityLimit}
          </p>
        ) : null}
        {c.prohibitions ? (
          <p>
            <strong>{tr(v, '禁止性要求：', 'Prohibitions: ')}</strong>
            {c.prohibitions}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="mat-h">
        <h2 id="mat-h">{tr(v, '申请材料', 'Materials')}</h2>
        <MaterialsTable v={v} c={c} fileHref={fileHref} />
      </section>
      <section aria-labelledby="time-h">
        <h2 id="time-h">{tr(v, '办理时限与收费', 'Time limits and fees')}</h2>
        <table class="kv matter-facts">
          <tbody>
            <Row label={tr(v, '法定办结时限', 'Statutory time limit')}>{daysText(v, c.statutoryDays)}</Row>
            <Row label={tr(v, '承诺办结时限', 'Promised time limit')}>{daysText(v, c.promisedDays)}</Row>
            {c.limitNote ? <Row label={tr(v, '时限说明', 'Notes')}>{c.limitNote}</Row> : null}
            <Row label={tr(v, '收费标准及依据', 'Fees')}>{c.fees ?? tr(v, '不收费', 'Free of charge')}</Row>
            {c.resultName ? <Row label={tr(v, '办理结果', 'Result')}>{c.resultName}</Row> : null}
            {c.resultDelivery ? <Row label={tr(v, '结果送达方式', 'Delivery of the result')}>{c.resultDelivery}</Row> : null}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="place-h">
        <h2 id="place-h">{tr(v, '办理地点、时间和渠道', 'Where, when and how')}</h2>
        <table class="kv matter-facts">
          <tbody>
            <Row label={tr(v, '办理地点', 'Place')}>{c.place}</Row>
            <Row label={tr(v, '办理时间', 'Hours')}>{c.hours}</Row>
            {c.transport ? <Row label={tr(v, '交通指引', 'Getting there')}>{c.transport}</Row> : null}
            <Row label={tr(v, '网上办理', 'Online')}>{c.onlineUrl ? <a href={c.onlineUrl}>{c.onlineUrl}</a> : tr(v, '暂不支持网上办理', 'Not available online')}</Row>
            <Row label={tr(v, '到现场次数', 'Visits in person')}>{c.visits === null ? '—' : tr(v, `${c.visits} 次`, String(c.visits))}</Row>
            <Row label={tr(v, '预约 / 快递', 'Appointment / post')}>
              {[c.appointment ? tr(v, '支持预约办理', 'appointments') : null, c.delivery ? tr(v, '支持快递送达', 'delivery by post') : null].filter(Boolean).join('；') || '—'}
            </Row>
          </tbody>
        </table>
      </section>
      <section aria-labelledby="contact-h">
        <h2 id="contact-h">{tr(v, '咨询、投诉和救济', 'Questions, complaints and remedies')}</h2>
        <table class="kv matter-facts">
          <tbody>
            <Row label={tr(v, '咨询方式', 'Questions')}>{c.consult}</Row>
            <Row label={tr(v, '监督投诉方式', 'Complaints')}>{c.complaint}</Row>
            {c.remedies ? <Row label={tr(v, '救济途径', 'Remedies')}>{c.remedies}</Row> : null}
          </tbody>
        </table>
      </section>
      {c.faq.length > 0 ? (
        <section aria-labelledby="faq-h">
          <h2 id="faq-h">{tr(v, '常见问题', 'FAQ')}</h2>
          <dl class="faq">
            {c.faq.map((f, i) => (
              <div key={i}>
                <dt>{f.q}</dt>
                <dd>{f.a}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}

/**
 * The flowchart as a picture (inline SVG, natural size in a scrollable region so that it stays
 * legible on a phone) with the text version beside it for screen readers and print, and downloads.
 */
export function FlowchartFigure({ v, chart, svg, base, headingId = 'flow-h' }: { v: ViewCtx; chart: Flowchart | null; svg: string | null; base: string | null; headingId?: string }) {
  return (
    <section aria-labelledby={headingId} class="flowchart">
      <h2 id={headingId}>{tr(v, '运行流程图', 'Flowchart')}</h2>
      {!chart || !svg ? (
        <p class="empty">{tr(v, '暂未提供运行流程图。', 'No flowchart yet.')}</p>
      ) : (
        <>
          <div class="flowchart-picture table-scroll" role="region" aria-label={tr(v, '流程图（可横向滚动）', 'Flowchart (scrolls sideways)')} tabIndex={0} dangerouslySetInnerHTML={{ __html: svg }} />
          {base ? (
            <p class="actions no-print">
              <a href={`${base}/flowchart.svg`} download>
                {tr(v, '下载流程图（SVG）', 'Download (SVG)')}
              </a>
              {tr(v, '　', ' · ')}
              <a href={`${base}/flowchart.pdf`}>{tr(v, '下载流程图（PDF）', 'Download (PDF)')}</a>
            </p>
          ) : null}
          <h3>{tr(v, '流程文字说明', 'The flow in words')}</h3>
          <FlowchartText chart={chart} />
        </>
      )}
    </section>
  );
}

/** The checks' findings, each linking to the step's row in the editor. */
export function FlowchartIssues({ v, check, editorHref }: { v: ViewCtx; check: FlowchartCheck; editorHref: string | null }) {
  if (check.errors.length === 0 && check.warnings.length === 0) return null;
  const link = (stepId: string | null, text: string) => (editorHref && stepId ? <a href={`${editorHref}#step-${stepId}`}>{text}</a> : <>{text}</>);
  return (
    <div class={check.errors.length > 0 ? 'notice error' : 'notice warn'} role="status">
      {check.errors.length > 0 ? (
        <>
          <p>
            <strong>{tr(v, `流程图有 ${check.errors.length} 处错误，修正前不能提交或发布：`, `${check.errors.length} errors in the flowchart (fix before submitting):`)}</strong>
          </p>
          <ul>
            {check.errors.map((e, i) => (
              <li key={i}>{link(e.stepId, e.message)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {check.warnings.length > 0 ? (
        <>
          <p>
            <strong>{tr(v, '提醒：', 'Warnings:')}</strong>
          </p>
          <ul>
            {check.warnings.map((e, i) => (
              <li key={i}>{link(e.stepId, e.message)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
