/**
 * The 运行流程图 as a PDF: the laid-out chart drawn with pdfkit's vector commands on one A4 page
 * (landscape when the chart is wider than tall), scaled down to fit, then the text version on the
 * following page(s), which stays legible however large the chart is. Uses the platform's Chinese
 * font (findCjkFont); throws PdfFontMissing without one.
 */
import { findCjkFont, openCjkDocument, type PdfFont } from '#platform/files/pdf.js';
import type { Flowchart } from './model.js';
import type { FlowLayout, FlowPoint } from './layout.js';
import { baselineFor, flowchartOutline, FLOW_COLOURS, shapePath } from './render.js';

export interface FlowchartPdfOptions {
  title: string;
  subtitle?: string | undefined;
  author?: string | undefined;
}

const MARGIN = 40;
const ARROW = { length: 9, halfWidth: 4 };
/** Below this scale the chart's names would print smaller than 9 pt: the chart goes on several pages. */
const MIN_SCALE = 0.6;
/** 15 px names print at 12 pt at most. */
const MAX_SCALE = 0.8;

export async function flowchartPdf(chart: Flowchart, layout: FlowLayout, opts: FlowchartPdfOptions, font: PdfFont = findCjkFont()): Promise<Buffer> {
  const landscape = layout.width > layout.height;
  const { doc, done } = openCjkDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: opts.title, Author: opts.author ?? '', Subject: opts.subtitle ?? '', Creator: 'Gongkai' },
  }, font);

  // Page 1: title, subtitle, the chart scaled into the rest of the page.
  const pageW = doc.page.width;
  const pageH = doc.page.height;
  const contentW = pageW - 2 * MARGIN;
  doc.font('bold').fontSize(16).fillColor(FLOW_COLOURS.text).text(opts.title, MARGIN, MARGIN, { width: contentW, align: 'center' });
  if (opts.subtitle) doc.font('body').fontSize(11).fillColor(FLOW_COLOURS.meta).text(opts.subtitle, MARGIN, undefined, { width: contentW, align: 'center' });
  const footer = 24; // room for the page number
  let top = doc.y + 12;
  const W = Math.max(1, layout.width);
  const H = Math.max(1, layout.height);
  const fit = Math.min(MAX_SCALE, contentW / W, (pageH - MARGIN - footer - top) / H);
  // A chart too tall for one page at a legible size (names ≥ 9 pt) continues on further pages,
  // cut between rows of steps.
  const scale = fit >= MIN_SCALE ? fit : Math.min(MAX_SCALE, contentW / W);
  const ox = MARGIN + (contentW - W * scale) / 2;
  for (let from = 0; from < H; ) {
    const room = (pageH - MARGIN - footer - top) / scale;
    const to = from + room >= H ? H : cutBetweenRows(layout, from, from + room);
    doc.save();
    doc.rect(ox - 2, top, W * scale + 4, (to - from) * scale).clip();
    doc.translate(ox, top - from * scale).scale(scale);
    drawChart(doc, layout);
    doc.restore();
    from = to;
    if (from < H) {
      doc.addPage();
      doc.font('body').fontSize(10.5).fillColor(FLOW_COLOURS.meta).text(`${opts.title}（续）`, MARGIN, MARGIN, { width: contentW, align: 'center' });
      top = doc.y + 8;
    }
  }

  // The text version.
  doc.addPage({ size: 'A4', layout: 'portrait', margins: { top: MARGIN + 16, left: MARGIN + 16, right: MARGIN + 16, bottom: MARGIN + 24 } });
  const textW = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  doc.font('bold').fontSize(14).fillColor(FLOW_COLOURS.text).text(`${opts.title}（文字版）`, left, doc.page.margins.top, { width: textW, align: 'center' });
  doc.moveDown(0.8);
  for (const e of flowchartOutline(chart)) {
    doc.font('bold').fontSize(12).fillColor(FLOW_COLOURS.text).text(`第 ${e.n} 步\u3000${e.name}（${e.kindLabel}）`, left, undefined, { width: textW, paragraphGap: 3 });
    doc.font('body').fontSize(10.5);
    const fields: [string, string][] = [
      ['责任主体', e.role],
      ['办理时限', e.limit],
      ['所需材料', e.materials],
      ['办理结果', e.result],
    ];
    for (const [k, v] of fields) if (v !== '') doc.text(`${k}：${v}`, left + 12, undefined, { width: textW - 12, lineGap: 2, paragraphGap: 1 });
    for (const b of e.branches) doc.text(`→ ${b.text}`, left + 12, undefined, { width: textW - 12, lineGap: 2, paragraphGap: 1 });
    if (e.kind === 'end') doc.text('流程结束。', left + 12, undefined, { width: textW - 12 });
    doc.moveDown(0.6);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    doc.font('body').fontSize(9).fillColor(FLOW_COLOURS.meta).text(`— ${i + 1 - range.start} —`, 0, doc.page.height - MARGIN + 8, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** Draws the layout in its own coordinates (px as pt); the caller sets the transform. */
function drawChart(doc: PDFKit.PDFDocument, layout: FlowLayout): void {
  const c = FLOW_COLOURS;
  doc.lineWidth(1.5).lineJoin('round');
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const pts = e.points;
    const tip = pts[pts.length - 1]!;
    const prev = pts[pts.length - 2]!;
    const dir = unit(prev, tip);
    // The line stops at the arrowhead's base so that it does not poke through the tip.
    const base = { x: tip.x - dir.x * ARROW.length, y: tip.y - dir.y * ARROW.length };
    doc.moveTo(pts[0]!.x, pts[0]!.y);
    for (const p of pts.slice(1, -1)) doc.lineTo(p.x, p.y);
    doc.lineTo(base.x, base.y).stroke(c.edge);
    doc
      .polygon([tip.x, tip.y], [base.x - dir.y * ARROW.halfWidth, base.y + dir.x * ARROW.halfWidth], [base.x + dir.y * ARROW.halfWidth, base.y - dir.x * ARROW.halfWidth])
      .fill(c.edge);
  }
  for (const node of layout.nodes) {
    const k = c[node.kind];
    doc.path(shapePath(node)).lineWidth(1.5).fillAndStroke(k.fill, k.stroke);
    const cx = node.x + node.w / 2;
    for (const line of node.lines) {
      doc.font(line.bold ? 'bold' : 'body').fontSize(line.size).fillColor(line.bold ? c.text : c.meta);
      const w = doc.widthOfString(line.text);
      doc.text(line.text, cx - w / 2, baselineFor(node.y + line.cy, line.size), { lineBreak: false, baseline: 'alphabetic' });
    }
  }
  for (const e of layout.edges) {
    const l = e.labelBox;
    if (!l) continue;
    doc.roundedRect(l.x, l.y, l.w, l.h, 3).fill(c.background);
    const lineH = l.h / l.lines.length;
    doc.font('body').fontSize(l.size).fillColor(c.label);
    l.lines.forEach((t, k) => {
      const w = doc.widthOfString(t);
      doc.text(t, l.x + l.w / 2 - w / 2, baselineFor(l.y + lineH * (k + 0.5), l.size), { lineBreak: false, baseline: 'alphabetic' });
    });
  }
}

/**
 * Where to end a page's slice of the chart: the lowest y in the lower half of [from, limit] that
 * crosses no step and no branch label, or `limit` when there is none.
 */
function cutBetweenRows(layout: FlowLayout, from: number, limit: number): number {
  const boxes = [...layout.nodes, ...layout.edges.flatMap((e) => (e.labelBox ? [e.labelBox] : []))];
  for (let y = Math.floor(limit); y > from + (limit - from) / 2; y--) {
    if (boxes.every((b) => y < b.y - 4 || y > b.y + b.h + 4)) return y;
  }
  return limit;
}

function unit(from: FlowPoint, to: FlowPoint): FlowPoint {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: (to.x - from.x) / len, y: (to.y - from.y) / len };
}
