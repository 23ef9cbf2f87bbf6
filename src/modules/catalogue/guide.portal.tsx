/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import type { ComponentChildren } from 'preact';
import { chinaDate } from '#platform/clock.js';
import { createPageCache } from '#platform/http/page-cache.js';
import { viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { PortalPage } from '#platform/views/layout.js';
import type { OrgService } from '#modules/org/index.js';
import { CONTACT_TITLE, GUIDE_SECTIONS, paragraphs, type ContactRow, type GuideSections } from './guide.js';
import type { GuideService } from './guide.service.js';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** Domain text is Chinese whatever the interface language (WCAG 3.1.2). */
const zhLang = (v: ViewCtx) => (v.lang === 'en' ? 'zh-CN' : undefined);

/** The contact block: the disclosure office's details, read live from the agency profile. */
export function GuideContact({ v, contact }: { v: ViewCtx; contact: ContactRow[] }) {
  return (
    <dl class="guide-contact">
      {contact.map((r) => (
        <div key={r.key}>
          <dt>{tr(v, r.zh, r.en)}</dt>
          <dd lang={r.value ? zhLang(v) : undefined}>{r.value ?? <span class="muted">{tr(v, '未填写', 'not given')}</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section(props: { v: ViewCtx; id: string; n: string; title: string; children: ComponentChildren }) {
  return (
    <section class="guide-section" aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.n}、{props.title}
      </h2>
      {props.children}
    </section>
  );
}

function Text({ v, text }: { v: ViewCtx; text: string }) {
  const ps = paragraphs(text);
  if (ps.length === 0) return <p class="muted">{tr(v, '本机构尚未填写此部分内容。', 'Not yet written by the agency.')}</p>;
  return (
    <div lang={zhLang(v)}>
      {ps.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

/** Outline of the guide: numbered parts, the contact block after the ways of obtaining information. */
function outline(sections: GuideSections, withContact: boolean) {
  const parts: { id: string; zh: string; en: string; key: string }[] = [];
  for (const s of GUIDE_SECTIONS) {
    if (s.key === 'intro') continue;
    // Optional sections appear only when written; required ones always (empty ones say so).
    if (!s.required && sections[s.key].trim() === '') continue;
    parts.push({ id: `g-${s.key}`, zh: s.zh, en: s.en, key: s.key });
    if (s.key === 'obtaining' && withContact) parts.push({ id: 'g-contact', zh: CONTACT_TITLE.zh, en: CONTACT_TITLE.en, key: 'contact' });
  }
  return parts.map((p, i) => ({ ...p, n: NUMERALS[i] ?? String(i + 1) }));
}

/** The body of a guide: preface, table of contents, every section with its heading, the contact block. */
export function GuideBody({ v, sections, contact }: { v: ViewCtx; sections: GuideSections; contact: ContactRow[] | null }) {
  const parts = outline(sections, contact !== null);
  const intro = paragraphs(sections.intro);
  return (
    <div class="guide">
      {intro.length > 0 ? (
        <div class="guide-intro" lang={zhLang(v)}>
          {intro.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      ) : null}
      <nav class="guide-toc" aria-label={tr(v, '指南目录', 'Contents')}>
        <ol>
          {parts.map((p) => (
            <li key={p.id}>
              <a href={`#${p.id}`}>{tr(v, p.zh, p.en)}</a>
            </li>
          ))}
        </ol>
      </nav>
      {parts.map((p) => (
        <Section key={p.id} v={v} id={p.id} n={p.n} title={tr(v, p.zh, p.en)}>
          {p.key === 'contact' && contact ? <GuideContact v={v} contact={contact} /> : <Text v={v} text={sections[p.key as keyof GuideSections]} />}
        </Section>
      ))}
    </div>
  );
}

/** The public 政府信息公开指南 of an agency: /agencies/:slug/guide. */
export function guidePortalRoutes({ guides, orgs }: { guides: GuideService; orgs: OrgService }): FastifyPluginAsync {
  const pages = createPageCache();
  return async (app) => {
    app.get<{ Params: { slug: string } }>('/agencies/:slug/guide', async (req, reply) => {
      // Unknown or deactivated agencies are 404 before anything is cached.
      await orgs.publicBySlug(req.params.slug);
      // Both counters only grow, so their sum changes whenever a guide or an agency changes.
      return pages.send(req, reply, orgs.version() + guides.cacheVersion(), async () => {
        const v = viewCtx(req);
        const g = await guides.publicGuide(req.params.slug);
        const name = v.lang === 'en' && g.org.nameEn ? g.org.nameEn : g.org.name;
        const title = tr(v, `${g.org.name}政府信息公开指南`, `Government information disclosure guide: ${name}`);
        const updated = chinaDate(g.updatedAt);
        return (
          <PortalPage
            v={v}
            title={title}
            crumbs={[
              { href: '/', label: v.t('nav.home') },
              { href: '/agencies', label: v.t('nav.agencies') },
              { href: `/agencies/${g.org.slug}`, label: name },
            ]}
          >
            <article class="guide-page">
              <h1>{title}</h1>
              <p class="muted guide-updated">
                {tr(v, '更新日期：', 'Updated: ')}
                <time dateTime={updated}>{updated}</time>
              </p>
              <GuideBody v={v} sections={g.sections} contact={g.contact} />
            </article>
          </PortalPage>
        );
      });
    });
  };
}
