/** @jsxImportSource preact */
import { tr, type ViewCtx } from '#platform/views/context.js';
import { MONITOR_STATUS_LABELS, MONITOR_STATUSES, type MonitorStatus } from './monitor.js';
import { AUDIENCE_LABELS, areaLabel, channelLabel, levelLabel, METHOD_LABELS, type Audience, type Method } from './vocabulary.js';

/** Domain text is Chinese whatever the interface language (WCAG 3.1.2). */
export const zhLang = (v: ViewCtx) => (v.lang === 'en' ? 'zh-CN' : undefined);

const STATUS_CLASS: Record<MonitorStatus, string> = {
  overdue: 'tag tag-warn',
  late: 'tag tag-warn',
  unknown: 'tag tag-warn',
  unlinked: 'tag',
  ok: 'tag tag-ok',
  'not-monitored': 'tag',
};

/** Bar colours of the status chart (each with at least 3:1 contrast on white). */
const STATUS_FILL: Record<MonitorStatus, string> = {
  overdue: '#b3261e',
  late: '#8a5a00',
  unknown: '#6b4c9a',
  unlinked: '#575e66',
  ok: '#1a6b35',
  'not-monitored': '#23395d',
};

export const statusLabel = (v: ViewCtx, s: MonitorStatus) => tr(v, MONITOR_STATUS_LABELS[s].zh, MONITOR_STATUS_LABELS[s].en);

/** The monitor's status as a tag. */
export function StatusTag({ v, status }: { v: ViewCtx; status: MonitorStatus }) {
  return <span class={STATUS_CLASS[status]}>{statusLabel(v, status)}</span>;
}

export const channelsText = (v: ViewCtx, codes: readonly string[]) => codes.map((c) => channelLabel(c, v.lang)).join(tr(v, '、', ', '));
export const levelsText = (v: ViewCtx, codes: readonly string[]) => codes.map((c) => levelLabel(c, v.lang)).join(tr(v, '、', ', '));
export const areaText = (v: ViewCtx, code: string) => areaLabel(code, v.lang);
export const methodText = (v: ViewCtx, m: Method) => tr(v, METHOD_LABELS[m].zh, METHOD_LABELS[m].en);
export const audienceText = (v: ViewCtx, a: Audience, note: string | null) => tr(v, AUDIENCE_LABELS[a].zh, AUDIENCE_LABELS[a].en) + (note ? `（${note}）` : '');

/**
 * Counts by status as a horizontal bar chart (inline SVG, drawn on the server) beside a table of
 * the same figures: the table is the accessible source, the chart names it in its title.
 */
export function StatusFigures({ v, counts, href }: { v: ViewCtx; counts: Record<MonitorStatus, number>; href: (s: MonitorStatus) => string }) {
  const max = Math.max(1, ...MONITOR_STATUSES.map((s) => counts[s]));
  const total = MONITOR_STATUSES.reduce((n, s) => n + counts[s], 0);
  const row = 24;
  return (
    <div class="std-figures">
      <svg class="chart" role="img" aria-labelledby="std-chart-t" viewBox={`0 0 480 ${MONITOR_STATUSES.length * row + 8}`} width="100%">
        <title id="std-chart-t">{tr(v, '各时效状态的事项数量，数据见右侧（或下方）表格', 'Entries by timeliness status; figures in the table')}</title>
        {MONITOR_STATUSES.map((s, i) => {
          const w = (counts[s] / max) * 260;
          return (
            <g key={s} transform={`translate(0 ${i * row + 4})`}>
              <text x="0" y="14" font-size="13" fill="#1f2328">
                {statusLabel(v, s)}
              </text>
              <rect x="120" y="2" height="16" width={w} fill={STATUS_FILL[s]} />
              <text x={126 + w} y="14" font-size="13" fill="#1f2328">
                {counts[s]}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="data">
        <caption>{tr(v, '按时效状态统计', 'By timeliness status')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr(v, '状态', 'Status')}</th>
            <th scope="col" class="num">
              {tr(v, '事项数', 'Entries')}
            </th>
          </tr>
        </thead>
        <tbody>
          {MONITOR_STATUSES.map((s) => (
            <tr key={s}>
              <th scope="row">
                <a href={href(s)}>{statusLabel(v, s)}</a>
              </th>
              <td class="num">{counts[s]}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{tr(v, '合计', 'Total')}</th>
            <td class="num">{total}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

