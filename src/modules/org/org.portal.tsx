/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import { createPageCache } from '#platform/http/page-cache.js';
import { viewCtx } from '#platform/http/request-context.js';
import { tr } from '#platform/views/context.js';
import { PortalPage } from '#platform/views/layout.js';
import type { OrgService } from './org.service.js';
import { kindLabel, orgName, OrgTreeList, ProfileTable } from './org.views.js';

/** Public pages: the agency directory (the tree) and each agency's profile. */
export function orgPortalRoutes(orgs: OrgService): FastifyPluginAsync {
  const pages = createPageCache();
  return async (app) => {
    app.get('/agencies', async (req, reply) =>
      pages.send(req, reply, orgs.version(), async () => {
        const v = viewCtx(req);
        const tree = await orgs.publicTree();
        return (
          <PortalPage v={v} title={v.t('nav.agencies')} crumbs={[{ href: '/', label: v.t('nav.home') }]}>
            <h1>{v.t('nav.agencies')}</h1>
            <p class="lead">{tr(v, '按行政区划和隶属关系列出各级政府、部门和公共企事业单位。点击机构名称查看其政府信息公开工作机构和联系方式。', 'Governments, departments and public enterprises by administrative division. Choose an agency to see its disclosure office and contacts.')}</p>
            {tree.length === 0 ? <p class="empty">{v.t('empty')}</p> : <OrgTreeList v={v} nodes={tree} href={(o) => `/agencies/${o.slug}`} />}
          </PortalPage>
        );
      }),
    );

    app.get<{ Params: { slug: string } }>('/agencies/:slug', async (req, reply) => {
      const { org, parent, children } = await orgs.publicBySlug(req.params.slug);
      return pages.send(req, reply, orgs.version(), () => {
        const v = viewCtx(req);
        const crumbs = [
          { href: '/', label: v.t('nav.home') },
          { href: '/agencies', label: v.t('nav.agencies') },
          ...(parent ? [{ href: `/agencies/${parent.slug}`, label: orgName(v, parent) }] : []),
        ];
        return (
          <PortalPage v={v} title={orgName(v, org)} crumbs={crumbs}>
            <h1>{orgName(v, org)}</h1>
            <p class="tag-line">
              <span class="tag">{kindLabel(v, org.kind, org.sector)}</span>
            </p>
            <ProfileTable v={v} org={org} />
            <p>
              <a href={`/agencies/${org.slug}/guide`}>{tr(v, '政府信息公开指南', 'Disclosure guide')}</a>
              {tr(v, '　', ' · ')}
              <a href={`/agencies/${org.slug}/catalogue`}>{tr(v, '政府信息公开目录', 'Information catalogue')}</a>
              {tr(v, '　', ' · ')}
              <a href={`/agencies/${org.slug}/standards`}>{tr(v, '基层政务公开标准目录', 'Standard disclosure catalogue')}</a>
              {tr(v, '　', ' · ')}
              <a href={`/agencies/${org.slug}/powers`}>{tr(v, '权责清单', 'Powers and responsibilities')}</a>
              {tr(v, '　', ' · ')}
              <a href={`/agencies/${org.slug}/services`}>{tr(v, '办事指南', 'Service guides')}</a>
            </p>
            <p class="muted">
              {tr(v, '信息更新日期：', 'Last updated: ')}
              <time dateTime={org.updatedAt.toISOString()}>{org.updatedAt.toISOString().slice(0, 10)}</time>
            </p>
            {children.length > 0 ? (
              <section aria-labelledby="sub-h">
                <h2 id="sub-h">{tr(v, '下级机构', 'Subordinate agencies')}</h2>
                <ul class="cards">
                  {children.map((c) => (
                    <li key={c.id}>
                      <a href={`/agencies/${c.slug}`}>{orgName(v, c)}</a>
                      <span class="tag">{kindLabel(v, c.kind, c.sector)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </PortalPage>
        );
      });
    });
  };
}
