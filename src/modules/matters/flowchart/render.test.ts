import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { findCjkFont, type PdfFont } from '#platform/files/pdf.js';
import { checkFlowchart } from './check.js';
import { insideShape, layoutFlowchart, wrapBalanced, wrapText, type FlowLayout, type FlowNodeLayout, type FlowPoint } from './layout.js';
import type { Flowchart, FlowStep } from './model.js';
import { FlowchartText } from './outline.js';
import { flowchartPdf } from './pdf.js';
import { escapeXml, flowchartOutline, renderFlowchartSvg } from './render.js';

function step(id: string, kind: FlowStep['kind'], name: string, role: string, limitDays: number | null, next: [string, string?][] = []): FlowStep {
  return { id, kind, name, role, limitDays, limitNote: '', materials: '', result: '', next: next.map(([to, label]) => ({ to, label: label ?? '' })) };
}

const TRICKY = '审查 <A&B> "核" \'实\'';

/** The licensing chart of check.test.ts, with a name that needs escaping and longer texts that wrap. */
function licensingChart(): Flowchart {
  return {
    steps: [
      step('s1', 'start', '申请', '申请人', null, [['s2']]),
      { ...step('s2', 'decision', '受理', '窗口受理人员', 5, [['s4', '材料齐全'], ['s3', '材料不齐全']]), limitNote: '自收到申请之日起', materials: '申请书、营业执照复印件' },
      step('s3', 'task', '一次性告知需要补正的全部内容', '窗口受理人员', 0, [['s2', '补正后']]),
      { ...step('s4', 'task', TRICKY, '审批科室经办人员', 10, [['s5']]), result: '审查意见' },
      step('s5', 'decision', '作出决定', '分管负责人', 3, [['s6', '准予'], ['s7', '不予']]),
      step('s6', 'task', '制作并送达许可证件', '窗口人员', 2, [['s8']]),
      step('s7', 'task', '书面说明理由并告知救济途径', '审批科室', 2, [['s8']]),
      step('s8', 'end', '办结', '', null),
    ],
  };
}

/** A long chart: tasks in a row, every fifth step a decision going back two steps (补正-like) or skipping ahead. */
function longChart(n: number): Flowchart {
  const steps: FlowStep[] = [step('p0', 'start', '提出申请', '申请人', null, [['p1']])];
  for (let i = 1; i < n - 1; i++) {
    const next = `p${i + 1}`;
    if (i % 5 === 0) {
      const other = i % 10 === 0 ? `p${i - 2}` : `p${Math.min(i + 3, n - 1)}`;
      steps.push(step(`p${i}`, 'decision', `第${i}项审核是否通过`, `第${(i % 4) + 1}科室审核人员`, 2, [[next, '通过'], [other, i % 10 === 0 ? '退回补充' : '免于现场核查']]));
    } else {
      steps.push(step(`p${i}`, 'task', `办理环节${i}：材料审查与登记`, `岗位${i}`, i % 3, [[next]]));
    }
  }
  steps.push(step(`p${n - 1}`, 'end', '办结归档', '', null));
  return { steps };
}

// ---------------------------------------------------------------------------------------------
// A small XML checker: enough to tell a well-formed SVG from a broken one (Node has no DOMParser).

interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside the element. */
  text: string;
}

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;

function decodeEntities(raw: string, where: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '<') throw new Error(`'<' in character data at ${where + i}`);
    if (ch !== '&') {
      out += ch;
      continue;
    }
    const end = raw.indexOf(';', i);
    if (end < 0) throw new Error(`unterminated entity at ${where + i}`);
    const ent = raw.slice(i + 1, end);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[ent] !== undefined) out += named[ent];
    else if (ent.startsWith('#x') && ent.length > 2 && [...ent.slice(2)].every((c) => '0123456789abcdefABCDEF'.includes(c))) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
    else if (ent.startsWith('#') && ent.length > 1 && [...ent.slice(1)].every((c) => c >= '0' && c <= '9')) out += String.fromCodePoint(Number(ent.slice(1)));
    else throw new Error(`unknown entity &${ent}; at ${where + i}`);
    i = end;
  }
  return out;
}

/** Parses an XML document into elements; throws on anything not well-formed. */
function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
  const readName = () => {
    const start = i;
    if (!NAME_START.test(src[i] ?? '')) throw new Error(`expected a name at ${i}`);
    while (i < src.length && NAME_CHAR.test(src[i]!)) i++;
    return src.slice(start, i);
  };
  if (src.startsWith('<?xml')) {
    i = src.indexOf('?>');
    if (i < 0) throw new Error('unterminated XML declaration');
    i += 2;
  }
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    const text = decodeEntities(src.slice(i, textEnd), i);
    if (stack.length > 0) stack[stack.length - 1]!.text += text;
    else if (text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (src.startsWith('</', i)) {
      i += 2;
      const name = readName();
      while (isSpace(src[i])) i++;
      if (src[i] !== '>') throw new Error(`expected '>' at ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    i++;
    const el: XmlElement = { name: readName(), attrs: new Map(), children: [], text: '' };
    for (;;) {
      const hadSpace = isSpace(src[i]);
      while (isSpace(src[i])) i++;
      if (src[i] === '>' || src.startsWith('/>', i)) break;
      if (!hadSpace) throw new Error(`expected a space before an attribute at ${i}`);
      const attr = readName();
      if (src[i] !== '=') throw new Error(`expected '=' after ${attr} at ${i}`);
      const quote = src[i + 1];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted value of ${attr} at ${i}`);
      const end = src.indexOf(quote, i + 2);
      if (end < 0) throw new Error(`unterminated value of ${attr}`);
      if (el.attrs.has(attr)) throw new Error(`duplicate attribute ${attr}`);
      el.attrs.set(attr, decodeEntities(src.slice(i + 2, end), i + 2));
      i = end + 1;
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new Error('a second root element');
    else root = el;
    if (src.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

// ---------------------------------------------------------------------------------------------
// Geometry.

/** Distance from a point to the drawn outline of a node (rectangle, pill or diamond). */
function distanceToOutline(node: FlowNodeLayout, p: FlowPoint): number {
  const a = node.w / 2;
  const b = node.h / 2;
  const dx = Math.abs(p.x - (node.x + a));
  const dy = Math.abs(p.y - (node.y + b));
  if (node.shape === 'rect') {
    if (dx <= a && dy <= b) return Math.min(a - dx, b - dy);
    return Math.hypot(Math.max(dx - a, 0), Math.max(dy - b, 0));
  }
  if (node.shape === 'pill') return Math.abs(Math.hypot(Math.max(dx - (a - b), 0), dy) - b);
  // Diamond: distance to the segment (a, 0)–(0, b) in the first quadrant.
  const len2 = a * a + b * b;
  const t = Math.max(0, Math.min(1, ((dx - a) * -a + dy * b) / len2));
  return Math.hypot(dx - (a - a * t), dy - b * t);
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
function overlaps(p: Box, q: Box): boolean {
  return p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
}

function assertGeometry(layout: FlowLayout): void {
  for (let i = 0; i < layout.nodes.length; i++) {
    const n = layout.nodes[i]!;
    assert.ok(n.w <= 240, `node ${n.id} is ${n.w} px wide`);
    assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.w <= layout.width && n.y + n.h <= layout.height, `node ${n.id} inside the drawing`);
    for (let j = i + 1; j < layout.nodes.length; j++) assert.ok(!overlaps(n, layout.nodes[j]!), `nodes ${n.id} and ${layout.nodes[j]!.id} overlap`);
  }
  for (const e of layout.edges) {
    const from = layout.nodes[e.from]!;
    const to = layout.nodes[e.to]!;
    assert.ok(e.points.length >= 2, `edge ${from.id}→${to.id} has points`);
    const first = e.points[0]!;
    const last = e.points[e.points.length - 1]!;
    assert.ok(distanceToOutline(from, first) < 1.5, `edge ${from.id}→${to.id} starts on ${from.id}'s outline (${distanceToOutline(from, first).toFixed(2)} px off)`);
    assert.ok(distanceToOutline(to, last) < 1.5, `edge ${from.id}→${to.id} ends on ${to.id}'s outline (${distanceToOutline(to, last).toFixed(2)} px off)`);
    // Orthogonal: every segment horizontal or vertical.
    for (let k = 1; k < e.points.length; k++) {
      const p = e.points[k - 1]!;
      const q = e.points[k]!;
      assert.ok(Math.abs(p.x - q.x) < 0.01 || Math.abs(p.y - q.y) < 0.01, `edge ${from.id}→${to.id} segment ${k} is orthogonal`);
    }
    // The second point is outside the source (the edge leaves it rather than running inside).
    assert.ok(!insideShape(from, { x: (first.x + e.points[1]!.x) / 2, y: (first.y + e.points[1]!.y) / 2 }, -0.5), `edge ${from.id}→${to.id} leaves its source`);
  }
}

// ---------------------------------------------------------------------------------------------

describe('the XML checker used below', () => {
  it('accepts a well-formed document and rejects broken ones', () => {
    assert.equal(parseXml('<a x="1"><b>t &amp; u</b><c/></a>').children.length, 2);
    for (const bad of ['<a><b></a></b>', '<a>', '<a x=1/>', '<a>&</a>', '<a>x &foo; y</a>', '<a x="1" x="2"/>', '<a/><b/>', 'text<a/>', '<a><b>1 < 2</b></a>']) {
      assert.throws(() => parseXml(bad), Error, bad);
    }
  });
});

describe('escapeXml and wrapping', () => {
  it('escapes the five characters and drops what XML cannot hold', () => {
    assert.equal(escapeXml(`a<b>&"c"'d'\u0001\uD800e𠀀`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e𠀀');
  });

  it('wraps names evenly, never leaving one character alone on the last line', () => {
    assert.deepEqual(wrapBalanced('书面说明理由并告知救济途径', 15, 12 * 15), ['书面说明理由并', '告知救济途径']);
    assert.deepEqual(wrapBalanced('受理', 15, 12 * 15), ['受理']);
    // Closing punctuation stays with the text before it.
    assert.ok(!wrapText('一二三四五六七八九十一二，三四', 15, 12 * 15).some((l) => l.startsWith('，')));
  });
});

describe('layout and SVG of the licensing chart', () => {
  it('the chart itself is valid', () => {
    assert.deepEqual(checkFlowchart(licensingChart()).errors, []);
  });

  it('is a well-formed, accessible SVG naming every step, with names escaped', async () => {
    const chart = licensingChart();
    const layout = await layoutFlowchart(chart);
    const svg = renderFlowchartSvg(chart, layout, { title: '行政许可运行流程图 <测试&>' });
    const root = parseXml(svg);
    assert.equal(root.name, 'svg');
    assert.equal(root.attrs.get('xmlns'), 'http://www.w3.org/2000/svg');
    assert.equal(root.attrs.get('role'), 'img');
    assert.equal(root.attrs.get('viewBox'), `0 0 ${layout.width} ${layout.height}`);
    assert.equal(root.attrs.get('width'), String(layout.width));
    assert.equal(root.attrs.get('height'), String(layout.height));
    assert.match(root.attrs.get('font-family') ?? '', /Noto Sans CJK SC.*Source Han Sans SC.*Microsoft YaHei.*sans-serif/);
    const title = root.children.find((c) => c.name === 'title');
    assert.equal(title?.text, '行政许可运行流程图 <测试&>');
    const desc = root.children.find((c) => c.name === 'desc');
    assert.ok(desc?.text.includes('共 8 个环节'), desc?.text);
    assert.ok(desc?.text.includes('“受理”（材料齐全、材料不齐全）'), desc?.text);
    assert.deepEqual(root.attrs.get('aria-labelledby')?.split(' '), [title?.attrs.get('id'), desc?.attrs.get('id')]);
    assert.ok([...walk(root)].some((e) => e.name === 'marker'), 'an arrowhead marker');

    const texts = [...walk(root)].filter((e) => e.name === 'text');
    for (const t of texts) assert.ok(Number(t.attrs.get('font-size')) >= 12, `font size of “${t.text}”`);
    const drawn = texts.map((t) => t.text);
    for (const [i, s] of chart.steps.entries()) {
      const node = layout.nodes[i]!;
      const nameLines = node.lines.filter((l) => l.bold);
      assert.ok(nameLines.every((l) => l.size >= 14), 'names at 14 px or more');
      assert.equal(nameLines.map((l) => l.text).join('').replace(/\s+/g, ''), s.name.replace(/\s+/g, ''), `wrapped name of ${s.id}`);
      for (const l of nameLines) assert.ok(drawn.includes(l.text), `the SVG shows “${l.text}”`);
    }
    // The tricky name: escaped in the source, intact once decoded, never raw.
    assert.ok(svg.includes('&lt;A&amp;B&gt;'), 'escaped');
    assert.ok(!svg.includes('<A&B>'), 'not raw');
    assert.ok(drawn.includes(TRICKY), drawn.join('|'));
    // Each branch label is drawn on its white box.
    for (const label of ['材料齐全', '材料不齐全', '补正后', '准予', '不予']) assert.ok(drawn.includes(label), `label ${label}`);
  });

  it('is deterministic, nodes do not overlap, and edges run from outline to outline', async () => {
    const chart = licensingChart();
    const a = await layoutFlowchart(chart);
    const b = await layoutFlowchart(structuredClone(chart));
    assert.deepEqual(a, b);
    assert.equal(renderFlowchartSvg(chart, a, { title: 't' }), renderFlowchartSvg(chart, b, { title: 't' }));
    assertGeometry(a);
    assert.equal(a.edges.length, 9);
    assert.equal(a.edges.filter((e) => e.labelBox).length, 5);
    for (const e of a.edges) {
      if (!e.labelBox) continue;
      for (const n of a.nodes) assert.ok(!overlaps(n, e.labelBox), `label “${e.label}” clear of node ${n.id}`);
    }
    // The decisions' first branch leaves from the bottom vertex.
    const decide = a.nodes[4]!;
    const yes = a.edges.find((e) => e.from === 4 && e.branch === 0)!;
    assert.ok(Math.abs(yes.points[0]!.x - (decide.x + decide.w / 2)) < 0.5 && Math.abs(yes.points[0]!.y - (decide.y + decide.h)) < 0.5, JSON.stringify(yes.points[0]));
  });

  it('gives the text version in reading order with the branches', () => {
    const outline = flowchartOutline(licensingChart());
    assert.deepEqual(
      outline.map((e) => [e.n, e.name, e.kind]),
      [
        [1, '申请', 'start'],
        [2, '受理', 'decision'],
        [3, TRICKY, 'task'],
        [4, '一次性告知需要补正的全部内容', 'task'],
        [5, '作出决定', 'decision'],
        [6, '制作并送达许可证件', 'task'],
        [7, '书面说明理由并告知救济途径', 'task'],
        [8, '办结', 'end'],
      ],
    );
    assert.deepEqual(
      outline[1]!.branches.map((b) => b.text),
      [`若‘材料齐全’，转第 3 步“${TRICKY}”`, '若‘材料不齐全’，转第 4 步“一次性告知需要补正的全部内容”'],
    );
    assert.deepEqual(
      outline[3]!.branches.map((b) => b.text),
      ['若‘补正后’，转第 2 步“受理”'],
    );
    assert.deepEqual(
      outline[0]!.branches.map((b) => b.text),
      ['转第 2 步“受理”'],
    );
    assert.equal(outline[1]!.limit, '5个工作日（自收到申请之日起）');
    assert.equal(outline[1]!.materials, '申请书、营业执照复印件');
    assert.equal(outline[3]!.limit, '当场办结');
    assert.deepEqual(outline[7]!.branches, []);

    const html = renderToString(h(FlowchartText, { chart: licensingChart() }));
    assert.ok(html.startsWith('<ol class="flowchart-text">'), html.slice(0, 60));
    assert.equal(html.match(/<li id="flow-step-/g)?.length, 8);
    assert.ok(html.includes('&lt;A&amp;B>') || html.includes('&lt;A&amp;B&gt;'), 'names escaped in HTML');
    assert.ok(html.indexOf('受理') < html.indexOf('作出决定'));
    assert.ok(html.includes('<a href="#flow-step-s2">若‘补正后’，转第 2 步“受理”</a>'), html);
    assert.ok(html.includes('<dt>办理时限</dt><dd>5个工作日（自收到申请之日起）</dd>'), html);
  });

  it('makes a real PDF with the chart and its text version', async (t) => {
    let font: PdfFont;
    try {
      font = findCjkFont();
    } catch {
      t.skip('no Chinese font on this system');
      return;
    }
    const chart = licensingChart();
    const layout = await layoutFlowchart(chart);
    const pdf = await flowchartPdf(chart, layout, { title: '行政许可运行流程图', subtitle: '测试事项' }, font);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 1024, `${pdf.length} bytes`);
    assert.ok(pdf.subarray(-8).toString('latin1').includes('%%EOF'));
    // Two pages: the chart, then the text version.
    assert.equal(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length, 2);
  });
});

describe('layout of other shapes of charts', () => {
  it('a decision with five branches leaves from its vertices and lower edges; a chart with errors still lays out', async () => {
    const chart: Flowchart = {
      steps: [
        step('a', 'start', '申请', '', null, [['b']]),
        step('b', 'decision', '分类处理', '登记人员', 1, [['c', '一般'], ['d', '复杂'], ['e', '重大'], ['f', '涉密'], ['g', '其他情形需要另行研究处理的']]),
        step('c', 'task', '简易程序', '科员', 3, [['z']]),
        step('d', 'task', '普通程序', '科员', 10, [['z']]),
        step('e', 'task', '集体讨论', '局务会', 20, [['z']]),
        step('f', 'task', '保密审查', '保密办', 5, [['z']]),
        step('g', 'task', '请示', '办公室', 5, [['z'], ['b', '退回']]),
        step('z', 'end', '办结', '', null),
        // Errors: an unknown target, a self-loop, a duplicate id.
        step('q', 'task', '有误的环节', '', null, [['nope'], ['q'], ['z']]),
        step('q', 'task', '重复编号', '', null, [['z']]),
      ],
    };
    const layout = await layoutFlowchart(chart);
    assert.equal(layout.nodes.length, 10);
    // a 1, b 5, c–f 4, g 2, the first q 1 (its unknown target and self-loop left out), the duplicate q none.
    assert.equal(layout.edges.length, 13);
    assertGeometry(layout);
    const b = layout.nodes[1]!;
    const starts = layout.edges.filter((e) => e.from === 1).map((e) => e.points[0]!);
    assert.deepEqual(starts.slice(0, 3), [
      { x: b.x + b.w / 2, y: b.y + b.h },
      { x: b.x + b.w, y: b.y + b.h / 2 },
      { x: b.x, y: b.y + b.h / 2 },
    ]);
    const svg = renderFlowchartSvg(chart, layout, { title: 'Classification', lang: 'en' });
    const desc = [...walk(parseXml(svg))].find((e) => e.name === 'desc')!.text;
    assert.ok(desc.startsWith('A flowchart of 10 steps, starting at “申请” and ending at “办结”; 1 decision: “分类处理” (一般 / 复杂 / 重大 / 涉密 / 其他情形需要另行研究处理的).'), desc);
    assert.equal(flowchartOutline(chart).find((e) => e.name === '有误的环节')!.branches[0]!.text, '转至不存在的环节（nope）');
  });
});

describe('layout of longer charts', () => {
  for (const n of [10, 40]) {
    it(`lays out ${n} steps`, async (t) => {
      const chart = longChart(n);
      assert.deepEqual(checkFlowchart(chart).errors, []);
      const started = performance.now();
      const layout = await layoutFlowchart(chart);
      const ms = performance.now() - started;
      t.diagnostic(`layout of ${n} steps: ${ms.toFixed(0)} ms, ${layout.width} × ${layout.height} px`);
      assert.equal(layout.nodes.length, n);
      assertGeometry(layout);
      assert.ok(ms < 10_000, `${ms} ms`);
      parseXml(renderFlowchartSvg(chart, layout, { title: `${n} 步`, lang: 'en' }));
    });
  }
});
