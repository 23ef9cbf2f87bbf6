import type { FastifyRequest } from 'fastify';
import type { Flowchart, FlowStep, StepKind } from './flowchart/index.js';
import { basisLine, parseBasisLine, type PowerContent, type ServiceContent } from './matter.schema.js';

/** The posted form with repeated fields kept as arrays (the CSRF field removed). */
export function formBody(req: FastifyRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const body = req.body;
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === '_csrf') continue;
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    }
  }
  return out;
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const orNull = (s: string) => (s.trim() === '' ? null : s);

/** The power form's fields (strings, lists one per line) → raw content for the schema. */
export function powerFromForm(f: Record<string, string | string[]>): Record<string, unknown> {
  const s = (k: string) => one(f[k]);
  return {
    code: s('code'),
    name: s('name'),
    category: s('category'),
    subItems: lines(s('subItems')),
    basis: lines(s('basis')).map((l) => ({ ...parseBasisLine(l), itemId: null })),
    implementingBody: s('implementingBody'),
    bodyNature: s('bodyNature') || 'statutory',
    division: s('division'),
    responsibilities: lines(s('responsibilities')),
    responsibilityBasis: s('responsibilityBasis'),
    accountability: lines(s('accountability')),
    accountabilityBasis: s('accountabilityBasis'),
    statutoryDays: s('statutoryDays'),
    promisedDays: s('promisedDays'),
    limitNote: s('limitNote'),
    fees: s('fees'),
    supervisionPhone: s('supervisionPhone'),
    remarks: s('remarks'),
    status: s('status') || 'in_force',
    statusSince: orNull(s('statusSince')),
  };
}

/** A power's content → form values. */
export function powerToForm(c: PowerContent): Record<string, string> {
  return {
    code: c.code,
    name: c.name,
    category: c.category,
    subItems: c.subItems.join('\n'),
    basis: c.basis.map(basisLine).join('\n'),
    implementingBody: c.implementingBody,
    bodyNature: c.bodyNature,
    division: c.division ?? '',
    responsibilities: c.responsibilities.join('\n'),
    responsibilityBasis: c.responsibilityBasis ?? '',
    accountability: c.accountability.join('\n'),
    accountabilityBasis: c.accountabilityBasis ?? '',
    statutoryDays: c.statutoryDays === null ? '' : String(c.statutoryDays),
    promisedDays: c.promisedDays === null ? '' : String(c.promisedDays),
    limitNote: c.limitNote ?? '',
    fees: c.fees ?? '',
    supervisionPhone: c.supervisionPhone ?? '',
    remarks: c.remarks ?? '',
    status: c.status,
    statusSince: c.statusSince ?? '',
  };
}

/** Material rows of the guide form (parallel arrays `m_name`, `m_form`, ...); blank rows dropped. */
export interface MaterialRow {
  name: string;
  form: string;
  copies: string;
  required: string;
  note: string;
  source: string;
  blankFormId: string;
}
export interface FaqRow {
  q: string;
  a: string;
}

/** The guide form → raw content for the schema, plus the rows as posted (to show them again). */
export function serviceFromForm(f: Record<string, string | string[]>): { raw: Record<string, unknown>; materials: MaterialRow[]; faq: FaqRow[]; values: Record<string, string>; audiences: string[] } {
  const s = (k: string) => one(f[k]);
  const names = many(f.m_name);
  const col = (k: string, i: number) => many(f[k])[i] ?? '';
  const materials: MaterialRow[] = names.map((name, i) => ({ name, form: col('m_form', i), copies: col('m_copies', i), required: col('m_required', i), note: col('m_note', i), source: col('m_source', i), blankFormId: col('m_blank', i) }));
  const qs = many(f.faq_q);
  const faq: FaqRow[] = qs.map((q, i) => ({ q, a: many(f.faq_a)[i] ?? '' }));
  const scalar = ['code', 'name', 'serviceType', 'sector', 'powerId', 'implementingBody', 'division', 'handlingType', 'basis', 'conditions', 'quantityLimit', 'prohibitions', 'statutoryDays', 'promisedDays', 'limitNote', 'fees', 'place', 'hours', 'transport', 'resultName', 'resultDelivery', 'onlineUrl', 'visits', 'appointment', 'delivery', 'consult', 'complaint', 'remedies'];
  const values: Record<string, string> = {};
  for (const k of scalar) values[k] = s(k);
  const audiences = many(f.audiences);
  const raw = {
    ...values,
    sector: orNull(values.sector!),
    powerId: orNull(values.powerId!),
    audiences,
    basis: lines(values.basis!).map((l) => ({ ...parseBasisLine(l), itemId: null })),
    appointment: values.appointment === 'yes',
    delivery: values.delivery === 'yes',
    materials: materials
      .filter((m) => m.name.trim() !== '' || m.note.trim() !== '')
      .map((m) => ({ name: m.name, form: m.form || 'original', copies: m.copies, required: m.required !== 'no', note: m.note, source: m.source, blankFormId: orNull(m.blankFormId) })),
    faq: faq.filter((x) => x.q.trim() !== '' || x.a.trim() !== ''),
  };
  return { raw, materials, faq, values, audiences };
}

/** A guide's content → the form's values and rows. */
export function serviceToForm(c: ServiceContent): { values: Record<string, string>; materials: MaterialRow[]; faq: FaqRow[]; audiences: string[] } {
  const str = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    values: {
      code: c.code,
      name: c.name,
      serviceType: c.serviceType,
      sector: c.sector ?? '',
      powerId: c.powerId ?? '',
      implementingBody: c.implementingBody,
      division: str(c.division),
      handlingType: c.handlingType,
      basis: c.basis.map(basisLine).join('\n'),
      conditions: c.conditions,
      quantityLimit: str(c.quantityLimit),
      prohibitions: str(c.prohibitions),
      statutoryDays: str(c.statutoryDays),
      promisedDays: str(c.promisedDays),
      limitNote: str(c.limitNote),
      fees: str(c.fees),
      place: c.place,
      hours: c.hours,
      transport: str(c.transport),
      resultName: str(c.resultName),
      resultDelivery: str(c.resultDelivery),
      onlineUrl: str(c.onlineUrl),
      visits: str(c.visits),
      appointment: c.appointment ? 'yes' : 'no',
      delivery: c.delivery ? 'yes' : 'no',
      consult: c.consult,
      complaint: c.complaint,
      remedies: str(c.remedies),
    },
    materials: c.materials.map((m) => ({ name: m.name, form: m.form, copies: String(m.copies), required: m.required ? 'yes' : 'no', note: m.note ?? '', source: m.source ?? '', blankFormId: m.blankFormId ?? '' })),
    faq: c.faq.map((x) => ({ q: x.q, a: x.a })),
    audiences: c.audiences,
  };
}

/** One row of the flowchart editor as posted. */
export interface StepRow {
  kind: string;
  name: string;
  role: string;
  limit: string;
  limitNote: string;
  materials: string;
  result: string;
  /** Target row numbers (1-based, as shown) and labels of up to BRANCH_SLOTS branches. */
  to: string[];
  labels: string[];
}

/** Branch slots per step in the editor (a decision rarely needs more). */
export const BRANCH_SLOTS = 4;

/** The editor's rows from a saved chart (ids become row numbers). */
export function rowsFromChart(chart: Flowchart | null): StepRow[] {
  if (!chart) return [];
  const pos = new Map(chart.steps.map((s, i) => [s.id, i + 1]));
  return chart.steps.map((s) => ({
    kind: s.kind,
    name: s.name,
    role: s.role,
    limit: s.limitDays === null ? '' : String(s.limitDays),
    limitNote: s.limitNote,
    materials: s.materials,
    result: s.result,
    to: s.next.map((b) => String(pos.get(b.to) ?? '')),
    labels: s.next.map((b) => b.label),
  }));
}

/** The editor's posted rows (`s{i}_kind`, `s{i}_to{j}` ...). */
export function rowsFromForm(f: Record<string, string | string[]>): StepRow[] {
  const n = Math.min(Number(one(f.rows)) || 0, 80);
  const rows: StepRow[] = [];
  for (let i = 1; i <= n; i++) {
    const g = (k: string) => one(f[`s${i}_${k}`]);
    rows.push({
      kind: g('kind'),
      name: g('name'),
      role: g('role'),
      limit: g('limit'),
      limitNote: g('limitNote'),
      materials: g('materials'),
      result: g('result'),
      to: Array.from({ length: BRANCH_SLOTS }, (_, j) => g(`to${j}`)),
      labels: Array.from({ length: BRANCH_SLOTS }, (_, j) => g(`label${j}`)),
    });
  }
  return rows;
}

/**
 * The editor's rows → a chart. Rows without a name are dropped and the rest renumbered; a branch
 * to a dropped or unknown row keeps a target that names no step, so the checks report it precisely.
 * Problems the chart model cannot hold (a time limit that is not a number) are returned by row.
 */
export function chartFromRows(rows: StepRow[]): { chart: Flowchart | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kept = rows.map((r, i) => ({ r, row: i + 1 })).filter(({ r }) => r.name.trim() !== '');
  if (kept.length === 0) return { chart: null, errors };
  const idOfRow = new Map(kept.map(({ row }, k) => [row, `s${k + 1}`]));
  const steps: FlowStep[] = kept.map(({ r, row }) => {
    let limitDays: number | null = null;
    const t = r.limit.trim();
    if (t !== '') {
      if (/^\d{1,3}$/.test(t) && Number(t) <= 365) limitDays = Number(t);
      else errors[`s${row}_limit`] = `第 ${row} 行“${r.name.trim()}”：时限应为 0–365 的整数（工作日）。`;
    }
    const next = r.to
      .map((to, j) => ({ to: to.trim(), label: (r.labels[j] ?? '').trim() }))
      .filter((b) => b.to !== '')
      .map((b) => ({ to: idOfRow.get(Number(b.to)) ?? `missing-${/^\d{1,3}$/.test(b.to) ? b.to : 'x'}`, label: b.label }));
    const kind = (['start', 'task', 'decision', 'end'].includes(r.kind) ? r.kind : 'task') as StepKind;
    return { id: idOfRow.get(row)!, kind, name: r.name.trim(), role: r.role.trim(), limitDays, limitNote: r.limitNote.trim(), materials: r.materials.trim(), result: r.result.trim(), next };
  });
  return { chart: { steps }, errors };
}
