/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import type { ViewCtx } from './context.js';
import { tr } from './context.js';

function prefHref(v: ViewCtx, key: 'lang' | 'display', value: string): string {
  return `/prefs?${key}=${encodeURIComponent(value)}&next=${encodeURIComponent(v.path)}`;
}

/** <html>/<head> shared by the portal and the workspace. */
function Document(props: { v: ViewCtx; title: string; area: 'portal' | 'staff'; children: ComponentChildren; head?: ComponentChildren }) {
  const { v } = props;
  const cls = [`area-${props.area}`, v.largeText ? 'large-text' : ''].filter(Boolean).join(' ');
  return (
    <html lang={v.lang} class={cls}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - ${v.siteName}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        <link rel="stylesheet" href="/static/print.css" media="print" />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {v.t('skip')}
        </a>
        {props.children}
      </body>
    </html>
  );
}

function Tools({ v }: { v: ViewCtx }) {
  return (
    <ul class="tools">
      <li>
        <a href={prefHref(v, 'lang', v.lang === 'en' ? 'zh-CN' : 'en')} lang={v.lang === 'en' ? 'zh-CN' : 'en'}>
          {v.t('nav.lang')}
        </a>
      </li>
      <li>
        <a href={prefHref(v, 'display', v.largeText ? 'standard' : 'large')}>{v.largeText ? v.t('nav.standard') : v.t('nav.large')}</a>
      </li>
    </ul>
  );
}

/** A notice banner (status messages after a redirect). */
function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <div class="notice" role="status" lang="zh-CN">
      {text}
    </div>
  ) : null;
}

/** The public portal's page frame: header, navigation, main, footer. */
export function PortalPage(props: { v: ViewCtx; title: string; children: ComponentChildren; crumbs?: { href: string; label: string }[]; /** Extra <head> content: meta tags, feeds, JSON-LD. */ head?: ComponentChildren }) {
  const { v } = props;
  return (
    <Document v={v} title={props.title} area="portal" head={props.head}>
      <header class="site-header">
        <div class="wrap header-row">
          <a class="brand" href="/">
            <span class="brand-emblem" aria-hidden="true">
              公
            </span>
            <span>
              <span class="brand-name">{v.siteName}</span>
              <span class="brand-sub">{v.t('site.title')}</span>
            </span>
          </a>
          <Tools v={v} />
        </div>
        <nav class="main-nav" aria-label={v.t('nav.main')}>
          <ul class="wrap">
            <li>
              <a href="/" aria-current={v.path === '/' ? 'page' : undefined}>
                {v.t('nav.home')}
              </a>
            </li>
            <li>
              <a href="/agencies" aria-current={v.path.startsWith('/agencies') ? 'page' : undefined}>
                {v.t('nav.agencies')}
              </a>
            </li>
            <li>
              <a href="/catalogue" aria-current={v.path === '/catalogue' || v.path.startsWith('/catalogue?') || v.path.startsWith('/catalogue/') ? 'page' : undefined}>
                {v.t('nav.catalogue')}
              </a>
            </li>
            <li>
              <a href="/search" aria-current={v.path === '/search' || v.path.startsWith('/search?') ? 'page' : undefined}>
                {tr(v, '搜索', 'Search')}
              </a>
            </li>
            <li>
              <a href="/requests" aria-current={v.path === '/requests' || v.path.startsWith('/requests/') || v.path.startsWith('/requests?') ? 'page' : undefined}>
                {tr(v, '依申请公开', 'Request information')}
              </a>
            </li>
            <li class="nav-end">
              {v.user?.kind === 'public' ? <a href="/account">{v.t('nav.account')}</a> : <a href="/account/login">{v.t('nav.login')}</a>}
            </li>
          </ul>
        </nav>
      </header>
      {props.crumbs && props.crumbs.length > 0 ? (
        <nav class="wrap crumbs" aria-label={tr(v, '当前位置', 'Breadcrumb')}>
          <ol>
            {props.crumbs.map((c) => (
              <li key={c.href}>
                <a href={c.href}>{c.label}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <main id="main" class="wrap" tabIndex={-1}>
        <Notice text={v.notice} />
        {props.children}
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>{v.t('footer.a11y')}</p>
          <p>
            {v.t('footer.about')} <a href="/staff/login">{v.t('nav.staff')}</a>
          </p>
        </div>
      </footer>
    </Document>
  );
}

/** The staff workspace's page frame. */
export function StaffPage(props: { v: ViewCtx; title: string; children: ComponentChildren; nav?: boolean }) {
  const { v } = props;
  const links: [string, string][] = [
    ['/staff', v.t('staff.home')],
    ['/staff/items', v.t('staff.items')],
    ['/staff/requests', v.t('staff.requests')],
    ['/staff/standards', tr(v, '标准目录', 'Standard catalogue')],
    ['/staff/powers', v.t('staff.powers')],
    ['/staff/services', v.t('staff.services')],
    ['/staff/agencies', v.t('staff.agencies')],
    ['/staff/users', v.t('staff.staff')],
    ['/staff/audit', v.t('staff.audit')],
    ['/staff/calendar', v.t('staff.calendar')],
    ['/staff/taxonomies', v.t('staff.taxonomies')],
    ['/staff/account', v.t('staff.account')],
    ['/staff/api-tokens', v.t('staff.apiTokens')],
  ];
  const showNav = props.nav !== false && v.user?.kind === 'staff';
  return (
    <Document v={v} title={props.title} area="staff">
      <header class="site-header staff-header">
        <div class="wrap header-row">
          <a class="brand" href="/staff">
            <span class="brand-emblem" aria-hidden="true">
              公
            </span>
            <span>
              <span class="brand-name">{v.t('staff.title')}</span>
              <span class="brand-sub">{v.siteName}</span>
            </span>
          </a>
          <Tools v={v} />
        </div>
        {showNav ? (
          <nav class="main-nav" aria-label={v.t('nav.main')}>
            <ul class="wrap">
              {links.map(([href, label]) => (
                <li key={href}>
                  <a href={href} aria-current={(href === '/staff' ? v.path === '/staff' : v.path.startsWith(href)) ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
              <li class="nav-end">
                <form method="post" action="/staff/logout" class="inline-form">
                  <input type="hidden" name="_csrf" value={v.csrfToken} />
                  <button type="submit" class="link-button">
                    {v.t('nav.logout')}（{v.user?.displayName}）
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        <Notice text={v.notice} />
        {props.children}
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>
            <a href="/">{tr(v, '返回公开门户', 'Back to the public portal')}</a>
          </p>
        </div>
      </footer>
    </Document>
  );
}
