/** @jsxImportSource preact */
import type { Flowchart } from './model.js';
import { flowchartOutline } from './render.js';

/**
 * The flowchart as an ordered list, in reading order: what screen readers announce and what
 * prints legibly whatever the size of the chart. "转第 N 步" refers to the list's own numbers.
 */
export function FlowchartText({ chart, idPrefix = 'flow-step' }: { chart: Flowchart; idPrefix?: string }) {
  const entries = flowchartOutline(chart);
  return (
    <ol class="flowchart-text">
      {entries.map((e) => (
        <li key={e.n} id={`${idPrefix}-${e.id}`}>
          <p>
            <strong>{e.name}</strong>（{e.kindLabel}）
          </p>
          {e.role || e.limit || e.materials || e.result ? (
            <dl>
              {e.role ? <Item term="责任主体" value={e.role} /> : null}
              {e.limit ? <Item term="办理时限" value={e.limit} /> : null}
              {e.materials ? <Item term="所需材料" value={e.materials} /> : null}
              {e.result ? <Item term="办理结果" value={e.result} /> : null}
            </dl>
          ) : null}
          {e.branches.length > 0 ? (
            <ul>
              {e.branches.map((b, k) => (
                <li key={k}>{b.n === null ? b.text : <a href={`#${idPrefix}-${b.to}`}>{b.text}</a>}</li>
              ))}
            </ul>
          ) : e.kind === 'end' ? (
            <p>流程结束。</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Item({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
