/**
 * The laid-out chart as a standalone SVG (for the page, inline or as a file) and the same chart as
 * text in reading order (for screen readers, print and the PDF's second part).
 *
 * The SVG uses presentation attributes only (no <style>, no inline style), so it passes the site's
 * CSP when inlined; colours give dark text on light fills and lines of at least 3:1 against white.
 */
import { indexById, limitText, readingOrder, STEP_KIND_LABELS, type Flowchart, type StepKind } from './model.js';
import type { FlowLayout, FlowNodeLayout, FlowPoint } from './layout.js';

/** Fonts with CJK coverage first; the generic family last. */
export const FLOW_FONT_FAMILY = `"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif`;

/** Fill, outline and text colours per kind (text on fill ≥ 7:1, outline on white ≥ 4.5:1). */
export const FLOW_COLOURS: Record<StepKind, { fill: string; stroke: string }> & { text: string; meta: string; edge: string; label: string; background: string } = {
  start: { fill: '#e3f2e6', stroke: '#2e7d32' },
  end: { fill: '#e3f2e6', stroke: '#2e7d32' },
  task: { fill: '#e8f0fb', stroke: '#1f5fa8' },
  decision: { fill: '#fff4d6', stroke: '#8a5a00' },
  text: '#1b1b1b',
  meta: '#3d3d3d',
  edge: '#4a5568',
  label: '#1b1b1b',
  background: '#ffffff',
};

/** Characters XML 1.0 does not allow at all (dropped: controls, non-characters, lone surrogates), and the five that need escaping. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export function escapeXml(s: string): string {
  return s.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const n2 = (v: number) => String(Math.round(v * 100) / 100);

/** The outline of a node's shape as SVG path data (pill, rectangle, diamond). */
export function shapePath(node: Pick<FlowNodeLayout, 'shape' | 'x' | 'y' | 'w' | 'h'>): string {
  const { x, y, w, h } = node;
  if (node.shape === 'diamond') return `M${n2(x + w / 2)} ${n2(y)}L${n2(x + w)} ${n2(y + h / 2)}L${n2(x + w / 2)} ${n2(y + h)}L${n2(x)} ${n2(y + h / 2)}Z`;
  const r = node.shape === 'pill' ? h / 2 : 6;
  return (
    `M${n2(x + r)} ${n2(y)}H${n2(x + w - r)}A${n2(r)} ${n2(r)} 0 0 1 ${n2(x + w)} ${n2(y + r)}V${n2(y + h - r)}` +
    `A${n2(r)} ${n2(r)} 0 0 1 ${n2(x + w - r)} ${n2(y + h)}H${n2(x + r)}A${n2(r)} ${n2(r)} 0 0 1 ${n2(x)} ${n2(y + h - r)}V${n2(y + r)}A${n2(r)} ${n2(r)} 0 0 1 ${n2(x + r)} ${n2(y)}Z`
  );
}

/** Baseline of a line of CJK text whose box is centred at cy (the ideographic em box sits ~0.38 em above the baseline centre). */
export function baselineFor(cy: number, size: number): number {
  return cy + size * 0.36;
}

/** One paragraph describing the chart: steps, start, ends, decisions and their branches. */
export function flowchartSummary(chart: Flowchart, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const q = (s: string) => `“${s}”`;
  const starts = chart.steps.filter((s) => s.kind === 'start').map((s) => q(s.name));
  const ends = chart.steps.filter((s) => s.kind === 'end').map((s) => q(s.name));
  const decisions = chart.steps.filter((s) => s.kind === 'decision');
  const n = chart.steps.length;
  if (lang === 'en') {
    const ds = decisions.map((d) => `${q(d.name)} (${d.next.map((b) => b.label || '—').join(' / ')})`);
    return (
      `A flowchart of ${n} step${n === 1 ? '' : 's'}` +
      (starts.length > 0 ? `, starting at ${starts.join(' or ')}` : '') +
      (ends.length > 0 ? ` and ending at ${ends.join(' or ')}` : '') +
      (ds.length > 0 ? `; ${ds.length} decision${ds.length === 1 ? '' : 's'}: ${ds.join('; ')}.` : '; no decisions.')
    );
  }
  const ds = decisions.map((d) => `${q(d.name)}（${d.next.map((b) => b.label || '未注明条件').join('、')}）`);
  return (
    `本流程图共 ${n} 个环节` +
    (starts.length > 0 ? `，自${starts.join('或')}开始` : '') +
    (ends.length > 0 ? `，至${ends.join('或')}结束` : '') +
    (ds.length > 0 ? `；含 ${ds.length} 个判断环节：${ds.join('，')}。` : '；无判断环节。')
  );
}

export interface SvgOptions {
  title: string;
  lang?: 'zh-CN' | 'en' | undefined;
  /** Prefix of the ids inside the SVG (marker, title), when several charts share a page. */
  idPrefix?: string | undefined;
}

/** The chart as a standalone SVG document at its natural size. */
export function renderFlowchartSvg(chart: Flowchart, layout: FlowLayout, opts: SvgOptions): string {
  const lang = opts.lang ?? 'zh-CN';
  const id = (opts.idPrefix ?? 'flowchart').replace(/[^A-Za-z0-9_-]/g, '') || 'flowchart';
  const c = FLOW_COLOURS;
  const out: string[] = [];
  const W = Math.max(1, layout.width);
  const H = Math.max(1, layout.height);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" lang="${lang}" xml:lang="${lang}" font-family="${escapeXml(FLOW_FONT_FAMILY)}">`,
    `<title id="${id}-title">${escapeXml(opts.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(flowchartSummary(chart, lang))}</desc>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="strokeWidth" orient="auto"><path d="M0 0L10 5L0 10Z" fill="${c.edge}"/></marker></defs>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="${c.background}"/>`,
  );

  out.push('<g fill="none">');
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p: FlowPoint, k) => `${k === 0 ? 'M' : 'L'}${n2(p.x)} ${n2(p.y)}`).join('');
    out.push(`<path d="${d}" stroke="${c.edge}" stroke-width="1.5" stroke-linejoin="round" marker-end="url(#${id}-arrow)"/>`);
  }
  out.push('</g>');

  for (const node of layout.nodes) {
    const k = c[node.kind];
    const step = chart.steps[node.index];
    out.push(`<g>`);
    if (step) out.push(`<title>${escapeXml(`${STEP_KIND_LABELS[step.kind]}：${step.name}`)}</title>`);
    out.push(`<path d="${shapePath(node)}" fill="${k.fill}" stroke="${k.stroke}" stroke-width="1.5"/>`);
    const cx = node.x + node.w / 2;
    for (const line of node.lines) {
      out.push(
        `<text x="${n2(cx)}" y="${n2(baselineFor(node.y + line.cy, line.size))}" text-anchor="middle" font-size="${line.size}"${line.bold ? ' font-weight="700"' : ''} fill="${line.bold ? c.text : c.meta}">${escapeXml(line.text)}</text>`,
      );
    }
    out.push('</g>');
  }

  // Labels last, on a white box, so that no line or node covers them.
  for (const e of layout.edges) {
    const l = e.labelBox;
    if (!l) continue;
    out.push(`<g><rect x="${n2(l.x)}" y="${n2(l.y)}" width="${n2(l.w)}" height="${n2(l.h)}" rx="3" fill="${c.background}" fill-opacity="0.95"/>`);
    const lineH = l.h / l.lines.length;
    l.lines.forEach((t, k) => {
      out.push(`<text x="${n2(l.x + l.w / 2)}" y="${n2(baselineFor(l.y + lineH * (k + 0.5), l.size))}" text-anchor="middle" font-size="${l.size}" fill="${c.label}">${escapeXml(t)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

export interface OutlineBranch {
  /** The condition ('' when none). */
  label: string;
  /** Target id, its number in the outline (null when the id is unknown) and name. */
  to: string;
  n: number | null;
  name: string;
  /** "若‘材料齐全’，转第 3 步“审查”". */
  text: string;
}

export interface OutlineEntry {
  /** Position in reading order, from 1. */
  n: number;
  id: string;
  name: string;
  kind: StepKind;
  kindLabel: string;
  role: string;
  /** The limit in words ('' when not given). */
  limit: string;
  materials: string;
  result: string;
  branches: OutlineBranch[];
}

/** The chart as text in reading order (breadth first from the start; unreachable steps last). */
export function flowchartOutline(chart: Flowchart): OutlineEntry[] {
  const order = readingOrder(chart);
  const numberOf = new Map<number, number>(order.map((i, k) => [i, k + 1]));
  const byId = indexById(chart);
  return order.map((i, k) => {
    const s = chart.steps[i]!;
    return {
      n: k + 1,
      id: s.id,
      name: s.name,
      kind: s.kind,
      kindLabel: STEP_KIND_LABELS[s.kind],
      role: s.role.trim(),
      limit: limitText(s),
      materials: s.materials.trim(),
      result: s.result.trim(),
      branches: s.next.map((b) => {
        const j = byId.get(b.to);
        const label = b.label.trim();
        const n = j === undefined ? null : numberOf.get(j)!;
        const name = j === undefined ? '' : chart.steps[j]!.name;
        const target = n === null ? `转至不存在的环节（${b.to}）` : `转第 ${n} 步“${name}”`;
        return { label, to: b.to, n, name, text: label === '' ? target : `若‘${label}’，${target}` };
      }),
    };
  });
}
