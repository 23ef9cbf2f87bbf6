/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';

/**
 * A wrapper that scrolls a wide table sideways on narrow screens. It is focusable and named, so
 * keyboard users can scroll it too (WCAG 2.1.1; axe rule scrollable-region-focusable).
 */
export function ScrollRegion(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

/**
 * A data table in its scroll region: column headers, one row per item (cells from `cells`), and
 * an optional visually hidden caption. The region's name is `label`; give headings and regions
 * different names (axe landmark-unique).
 */
export function DataTable<T>(props: { label: string; headers: readonly ComponentChildren[]; rows: readonly T[]; rowKey: (row: T) => string; cells: (row: T) => ComponentChildren; caption?: string; class?: string }) {
  return (
    <ScrollRegion label={props.label}>
      <table class={props.class ?? 'data'}>
        {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={props.rowKey(r)}>{props.cells(r)}</tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
