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
