import type { Lang, T } from './i18n.js';

/** Everything a page template needs about the request, besides its own data. */
export interface ViewCtx {
  lang: Lang;
  t: T;
  /** Current path with query, for language/display switches that come back here. */
  path: string;
  csrfToken: string;
  largeText: boolean;
  siteName: string;
  user: { displayName: string; kind: 'staff' | 'public' } | null;
  /** A one-time notice shown at the top of the page. */
  notice?: string | undefined;
}

/** zh or en inline. */
export function tr(v: ViewCtx, zh: string, en: string): string {
  return v.lang === 'en' ? en : zh;
}
