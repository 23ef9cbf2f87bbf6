import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a page component to a complete HTML document (escaped by default). */
export function renderDocument(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
