import crypto from 'node:crypto';
import { flowchartPdf, layoutFlowchart, renderFlowchartSvg, type Flowchart, type FlowLayout } from './flowchart/index.js';

/** Laid-out charts by content hash: layout (elkjs) is the slow part, and a published chart never changes. */
const layouts = new Map<string, Promise<FlowLayout>>();
const MAX_CACHED = 500;

function layoutOf(chart: Flowchart): Promise<FlowLayout> {
  const key = crypto.createHash('sha256').update(JSON.stringify(chart)).digest('hex');
  let hit = layouts.get(key);
  if (!hit) {
    if (layouts.size >= MAX_CACHED) layouts.delete(layouts.keys().next().value!);
    hit = layoutFlowchart(chart);
    layouts.set(key, hit);
    hit.catch(() => layouts.delete(key));
  }
  return hit;
}

/** The chart drawn as a standalone SVG document. */
export async function chartSvg(chart: Flowchart, title: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  return renderFlowchartSvg(chart, await layoutOf(chart), { title, lang });
}

/** The chart as a PDF (the drawing, then the text version). */
export async function chartPdf(chart: Flowchart, title: string, subtitle?: string): Promise<Buffer> {
  return flowchartPdf(chart, await layoutOf(chart), subtitle ? { title, subtitle } : { title });
}

/** The SVG for inline use in a page (no XML declaration). */
export async function inlineChartSvg(chart: Flowchart, title: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  return (await chartSvg(chart, title, lang)).replace(/^<\?xml[^>]*>\s*/, '');
}
