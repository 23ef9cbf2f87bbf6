/**
 * Automatic layout of a 运行流程图 with ELK (elkjs, the bundled build: no worker), top to bottom,
 * orthogonal edges. Node sizes come from the wrapped text measured with a fixed estimate (CJK 1 em,
 * Latin about 0.55 em), so the same chart always gives the same layout and SVG and PDF agree.
 *
 * Shapes: start and end are pills, tasks rectangles, decisions diamonds whose branches leave from
 * the vertices (first branch bottom, second right, third left, more on the lower edges). Edges end
 * on the drawn outline, not on the bounding box.
 */
import elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ELKConstructorArguments, ElkExtendedEdge, ElkLabel, ElkNode, ElkPort } from 'elkjs/lib/elk-api.js';
import { indexById, limitText, readingOrder, type Flowchart, type FlowStep, type StepKind } from './model.js';

export interface FlowPoint {
  x: number;
  y: number;
}

/** One line of text inside a node: centred horizontally, `cy` its vertical centre from the node's top. */
export interface FlowTextLine {
  text: string;
  size: number;
  bold: boolean;
  cy: number;
}

export type FlowShape = 'pill' | 'rect' | 'diamond';

export interface FlowNodeLayout {
  /** The step's id and its position in the chart's list. */
  id: string;
  index: number;
  kind: StepKind;
  shape: FlowShape;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: FlowTextLine[];
}

export interface FlowEdgeLabel {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  size: number;
}

export interface FlowEdgeLayout {
  /** Source and target by position in the chart's list; `branch` is the index in the source's `next`. */
  from: number;
  to: number;
  branch: number;
  label: string;
  /** The polyline from the source's outline to the target's outline (the arrowhead goes at the end). */
  points: FlowPoint[];
  labelBox: FlowEdgeLabel | null;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: FlowNodeLayout[];
  edges: FlowEdgeLayout[];
}

/** Font sizes and spacing in px, shared with the SVG and PDF renderers. */
export const FLOW_STYLE = {
  nameSize: 15,
  nameLine: 21,
  metaSize: 12.5,
  metaLine: 17,
  labelSize: 12.5,
  labelLine: 17,
  maxNodeWidth: 240,
} as const;

/** Name wrapping: ~12 CJK characters a line in tasks, fewer in diamonds (whose text box is half their width). */
const NAME_CHARS = { rect: 12, pill: 12, diamond: 7 } as const;
const META_CHARS = { rect: 15, pill: 15, diamond: 8 } as const;
const LABEL_CHARS = 8;
const PAD = { x: 14, y: 10 };
const MIN = { rect: [120, 48], pill: [110, 40], diamond: [120, 64] } as const;

/** East-Asian wide characters (and the punctuation CJK fonts draw full width). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2018 && code <= 0x201f) ||
    code === 0x2026 ||
    code === 0x00b7 ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

/** Estimated advance of a string at a font size (CJK 1 em, spaces 0.3 em, capitals 0.65 em, others 0.55 em). */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    em += isWide(c) ? 1 : ch === ' ' ? 0.3 : /[A-Z@%&WMmw]/.test(ch) ? 0.7 : 0.55;
  }
  return em * size;
}

/** Characters that must not begin a line (they stay at the end of the previous one). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕”’…·,.;:?!)]}%']);

/**
 * Wraps text at `maxWidth`: between any two CJK characters, at spaces between Latin words (a word
 * longer than a line is cut), closing punctuation kept on the line before it.
 */
export function wrapText(text: string, size: number, maxWidth: number): string[] {
  const tokens = text.trim().match(/[A-Za-z0-9_\-./@:%+#]+|\s+|./gsu) ?? [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim() !== '') lines.push(line.trim());
    line = '';
  };
  for (const tok of tokens) {
    if (/^\s+$/.test(tok)) {
      if (line !== '') line += ' ';
      continue;
    }
    if (textWidth(line + tok, size) <= maxWidth || NO_LINE_START.has(tok) || line.trim() === '') {
      if (line.trim() === '' && textWidth(tok, size) > maxWidth) {
        // A long Latin token: cut it by characters.
        for (const ch of tok) {
          if (line !== '' && textWidth(line + ch, size) > maxWidth) push();
          line += ch;
        }
      } else line += tok;
      continue;
    }
    push();
    if (textWidth(tok, size) > maxWidth) {
      for (const ch of tok) {
        if (line !== '' && textWidth(line + ch, size) > maxWidth) push();
        line += ch;
      }
    } else line = tok;
  }
  push();
  return lines.length > 0 ? lines : [''];
}

/** wrapText with the lines made as even as possible (no lone last character): the narrowest width giving as few lines. */
export function wrapBalanced(text: string, size: number, maxWidth: number): string[] {
  const lines = wrapText(text, size, maxWidth);
  if (lines.length < 2) return lines;
  let lo = textWidth(text, size) / lines.length;
  let hi = maxWidth;
  for (let k = 0; k < 12 && hi - lo > 1; k++) {
    const mid = (lo + hi) / 2;
    if (wrapText(text, size, mid).length <= lines.length) hi = mid;
    else lo = mid;
  }
  return wrapText(text, size, hi);
}

const shapeOf = (kind: StepKind): FlowShape => (kind === 'decision' ? 'diamond' : kind === 'task' ? 'rect' : 'pill');

/** The second line: "窗口人员 · 5个工作日", or role and limit on lines of their own when that does not fit. */
function metaLines(step: FlowStep, maxWidth: number): string[] {
  const parts = [step.role.trim(), limitText(step)].filter((p) => p !== '');
  if (parts.length === 0) return [];
  const joined = parts.join(' · ');
  if (textWidth(joined, FLOW_STYLE.metaSize) <= maxWidth) return [joined];
  return parts.flatMap((p) => wrapBalanced(p, FLOW_STYLE.metaSize, maxWidth));
}

interface Sized {
  shape: FlowShape;
  w: number;
  h: number;
  lines: FlowTextLine[];
}

/** Size of a node and its text lines (positioned from the node's top). */
function sizeNode(step: FlowStep): Sized {
  const shape = shapeOf(step.kind);
  const name = wrapBalanced(step.name, FLOW_STYLE.nameSize, NAME_CHARS[shape] * FLOW_STYLE.nameSize);
  const meta = metaLines(step, META_CHARS[shape] * FLOW_STYLE.metaSize);
  const gap = meta.length > 0 ? 3 : 0;
  const textH = name.length * FLOW_STYLE.nameLine + gap + meta.length * FLOW_STYLE.metaLine;
  const textW = Math.max(...name.map((l) => textWidth(l, FLOW_STYLE.nameSize)), ...meta.map((l) => textWidth(l, FLOW_STYLE.metaSize)));
  let w: number;
  let h: number;
  if (shape === 'diamond') {
    // The text box (half sizes p, q) fits inside the diamond of half sizes 2p, 2q.
    w = 4 * (textW / 2 + 5);
    h = 4 * (textH / 2 + 3);
  } else if (shape === 'pill') {
    h = textH + 2 * PAD.y;
    w = textW + h + 12; // the round ends take h/2 each
  } else {
    w = textW + 2 * PAD.x;
    h = textH + 2 * PAD.y;
  }
  // Even sizes keep the centre (where a diamond's ports sit) on whole pixels.
  w = Math.min(FLOW_STYLE.maxNodeWidth, Math.max(MIN[shape][0], 2 * Math.ceil(w / 2)));
  h = Math.max(MIN[shape][1], 2 * Math.ceil(h / 2));
  let y = (h - textH) / 2;
  const lines: FlowTextLine[] = [];
  for (const t of name) {
    lines.push({ text: t, size: FLOW_STYLE.nameSize, bold: true, cy: round(y + FLOW_STYLE.nameLine / 2) });
    y += FLOW_STYLE.nameLine;
  }
  y += gap;
  for (const t of meta) {
    lines.push({ text: t, size: FLOW_STYLE.metaSize, bold: false, cy: round(y + FLOW_STYLE.metaLine / 2) });
    y += FLOW_STYLE.metaLine;
  }
  return { shape, w, h, lines };
}

/** Where the branches of a decision leave it: bottom, right and left vertex, then the lower edges. */
function decisionPorts(id: string, w: number, h: number, branches: number): { ports: ElkPort[]; forBranch: string[] } {
  const ports: ElkPort[] = [
    { id: `${id}.n`, x: w / 2, y: 0, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'NORTH' } },
    { id: `${id}.s`, x: w / 2, y: h, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH' } },
    { id: `${id}.e`, x: w, y: h / 2, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'EAST' } },
    { id: `${id}.w`, x: 0, y: h / 2, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'WEST' } },
    // Halfway along the lower edges: a quarter of the height above the bottom of the box.
    { id: `${id}.se`, x: (3 * w) / 4, y: h, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.borderOffset': String(-h / 2) } },
    { id: `${id}.sw`, x: w / 4, y: h, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.borderOffset': String(-h / 2) } },
  ];
  const order = ['s', 'e', 'w', 'se', 'sw', 's'];
  return { ports, forBranch: Array.from({ length: branches }, (_, k) => `${id}.${order[k % order.length]!}`) };
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '16',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.spacing.edgeEdge': '12',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.labelLabel': '4',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.randomSeed': '1',
};

type ElkCtor = new (args?: ELKConstructorArguments) => ELK;
// elkjs is CommonJS whose typings declare an ES default export: take the constructor either way.
const elkExport: unknown = elkModule;
const ElkConstructor = (typeof elkExport === 'function' ? elkExport : (elkExport as { default: unknown }).default) as ElkCtor;
let elk: ELK | null = null;

/** Lays the chart out. Links to unknown steps, self-loops and duplicate ids are left out (checkFlowchart reports them). */
export async function layoutFlowchart(chart: Flowchart): Promise<FlowLayout> {
  elk ??= new ElkConstructor();
  const byId = indexById(chart);
  const sized = chart.steps.map(sizeNode);
  const order = readingOrder(chart);
  const nid = (i: number) => `n${i}`;

  const children: ElkNode[] = order.map((i) => {
    const s = sized[i]!;
    const node: ElkNode = { id: nid(i), width: s.w, height: s.h };
    if (s.shape === 'diamond') {
      node.ports = decisionPorts(nid(i), s.w, s.h, chart.steps[i]!.next.length).ports;
      node.layoutOptions = { 'elk.portConstraints': 'FIXED_POS' };
    }
    return node;
  });

  interface Wanted {
    from: number;
    to: number;
    branch: number;
    label: string;
    lines: string[];
  }
  const wanted: Wanted[] = [];
  const edges: ElkExtendedEdge[] = [];
  for (const i of order) {
    const step = chart.steps[i]!;
    if (byId.get(step.id) !== i) continue; // a duplicate id
    const ports = sized[i]!.shape === 'diamond' ? decisionPorts(nid(i), sized[i]!.w, sized[i]!.h, step.next.length).forBranch : null;
    step.next.forEach((b, k) => {
      const j = byId.get(b.to);
      if (j === undefined || j === i) return;
      const label = b.label.trim();
      const lines = label === '' ? [] : wrapBalanced(label, FLOW_STYLE.labelSize, LABEL_CHARS * FLOW_STYLE.labelSize);
      const labels: ElkLabel[] =
        lines.length === 0
          ? []
          : [{ id: `e${edges.length}.l`, text: label, width: Math.ceil(Math.max(...lines.map((l) => textWidth(l, FLOW_STYLE.labelSize))) + 8), height: lines.length * FLOW_STYLE.labelLine + 2 }];
      const target = sized[j]!.shape === 'diamond' ? `${nid(j)}.n` : nid(j);
      edges.push({ id: `e${edges.length}`, sources: [ports ? ports[k]! : nid(i)], targets: [target], labels });
      wanted.push({ from: i, to: j, branch: k, label, lines });
    });
  }

  const graph: ElkNode = { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges };
  const out = await elk.layout(graph);

  const nodes: FlowNodeLayout[] = chart.steps.map((step, i) => {
    const placed = out.children?.find((c) => c.id === nid(i));
    const s = sized[i]!;
    return { id: step.id, index: i, kind: step.kind, shape: s.shape, x: round(placed?.x ?? 0), y: round(placed?.y ?? 0), w: s.w, h: s.h, lines: s.lines };
  });

  const laidEdges: FlowEdgeLayout[] = (out.edges ?? []).map((e, k) => {
    const want = wanted[k]!;
    const points: FlowPoint[] = [];
    for (const sec of e.sections ?? []) {
      for (const p of [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint]) {
        const last = points[points.length - 1];
        if (!last || last.x !== p.x || last.y !== p.y) points.push({ x: p.x, y: p.y });
      }
    }
    clipEnd(points, nodes[want.from]!, 'start');
    clipEnd(points, nodes[want.to]!, 'end');
    const l = e.labels?.[0];
    const labelBox: FlowEdgeLabel | null =
      l && want.lines.length > 0 ? { x: round(l.x ?? 0), y: round(l.y ?? 0), w: l.width ?? 0, h: l.height ?? 0, lines: want.lines, size: FLOW_STYLE.labelSize } : null;
    return { from: want.from, to: want.to, branch: want.branch, label: want.label, points: points.map((p) => ({ x: round(p.x), y: round(p.y) })), labelBox };
  });

  return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), nodes, edges: laidEdges };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Whether a point is inside (or on) the drawn outline of a node. */
export function insideShape(node: Pick<FlowNodeLayout, 'shape' | 'x' | 'y' | 'w' | 'h'>, p: FlowPoint, eps = 1e-6): boolean {
  const dx = Math.abs(p.x - (node.x + node.w / 2));
  const dy = Math.abs(p.y - (node.y + node.h / 2));
  const a = node.w / 2;
  const b = node.h / 2;
  if (dx > a + eps || dy > b + eps) return false;
  if (node.shape === 'diamond') return dx / a + dy / b <= 1 + eps;
  if (node.shape === 'pill') {
    const straight = a - b; // half the length of the flat part
    if (dx <= straight) return true;
    return Math.hypot(dx - straight, dy) <= b + eps;
  }
  return true;
}

/**
 * Moves an edge's end point along its first (or last) segment onto the node's drawn outline: ELK
 * ends edges on the bounding box, which for a pill's round ends or a diamond's sides lies outside
 * the shape. The segment keeps its direction, so the edge stays orthogonal.
 */
function clipEnd(points: FlowPoint[], node: FlowNodeLayout, which: 'start' | 'end'): void {
  if (points.length < 2 || node.shape === 'rect') return;
  const pi = which === 'start' ? 0 : points.length - 1;
  const p = points[pi]!;
  const q = points[which === 'start' ? 1 : points.length - 2]!;
  const len = Math.hypot(q.x - p.x, q.y - p.y);
  if (len === 0) return;
  const d = { x: (q.x - p.x) / len, y: (q.y - p.y) / len }; // pointing away from the node
  const at = (t: number) => ({ x: p.x + d.x * t, y: p.y + d.y * t });
  // Find t_in (inside) and t_out (outside) along the line, then bisect.
  let tIn: number;
  let tOut: number;
  if (insideShape(node, p)) {
    tIn = 0;
    tOut = len;
    if (insideShape(node, at(tOut))) return; // the whole segment is inside: leave it
  } else {
    tOut = 0;
    tIn = Number.NaN;
    const reach = node.w + node.h;
    for (let t = -1; t >= -reach; t -= 1) {
      if (insideShape(node, at(t))) {
        tIn = t;
        break;
      }
    }
    if (Number.isNaN(tIn)) return;
  }
  for (let k = 0; k < 40; k++) {
    const mid = (tIn + tOut) / 2;
    if (insideShape(node, at(mid))) tIn = mid;
    else tOut = mid;
  }
  points[pi] = at(tIn);
}
