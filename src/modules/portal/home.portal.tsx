/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import { createPageCache } from '#platform/http/page-cache.js';
import { takeNotice, viewCtx } from '#platform/http/request-context.js';
import { tr } from '#platform/views/context.js';
import { PortalPage } from '#platform/views/layout.js';
import type { OrgService } from '#modules/org/index.js';
import { ORG_KIND_LABELS, type OrgKind } from '#modules/org/index.js';

/** The portal's home page: what the site offers and the way into the directory. */
export function homeRoutes({ orgs }: { orgs: OrgService }): FastifyPluginAsync {
  const pages = createPageCache(50);
  return async (app) => {
    app.get('/', async (req, reply) => {
      const notice = takeNotice(req, reply);
      const v = viewCtx(req, notice);
      const all = await orgs.listActive();
      const counts = new Map<string, number>();
      for (const o of all) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
      const root = all.find((o) => o.parentId === null);
      const topLevel = all.filter((o) => o.parentId === root?.id);
      return pages.send(req, reply, orgs.version(), () => (
        <PortalPage v={v} title={v.t('nav.home')}>
          <section class="hero" aria-labelledby="hero-h">
            <h1 id="hero-h">{v.siteName} {v.t('site.title')}</h1>
            <p class="lead">{v.t('site.tagline')}</p>
          </section>
          <section aria-labelledby="pillars-h">
            <h2 id="pillars-h">{tr(v, '公开栏目', 'What you can find here')}</h2>
            <ul class="pillars">
              <li>
                <a href="/agencies">
                  <strong>{tr(v, '机构目录', 'Agency directory')}</strong>
                  <span>{tr(v, '各级政府、部门和公共企事业单位的政府信息公开工作机构与联系方式', 'Disclosure offices and contacts of every agency')}</span>
                </a>
              </li>
              <li>
                <a href="/powers">
                  <strong>{tr(v, '权责清单', 'Powers and responsibilities')}</strong>
                  <span>{tr(v, '各部门行政职权的设定依据、责任事项、办理期限和运行流程图', 'Each agency’s powers with their legal basis, responsibilities, time limits and flowcharts')}</span>
                </a>
              </li>
              <li>
                <a href="/services">
                  <strong>{tr(v, '办事指南', 'Service guides')}</strong>
                  <span>{tr(v, '政府部门和供水、供气、医疗、公交等公共企事业单位怎么办、带什么、多久办结', 'How to get things done with departments and public enterprises')}</span>
                </a>
              </li>
            </ul>
          </section>
          <section aria-labelledby="stats-h">
            <h2 id="stats-h">{tr(v, '机构概况', 'Agencies at a glance')}</h2>
            <table class="data">
              <caption>{tr(v, '按类型统计的机构数量', 'Agencies by kind')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr(v, '类型', 'Kind')}</th>
                  <th scope="col" class="num">{tr(v, '数量', 'Count')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(ORG_KIND_LABELS)
                  .filter(([k]) => counts.has(k))
                  .map(([k, l]) => (
                    <tr key={k}>
                      <td>{tr(v, l.zh, l.en)}</td>
                      <td class="num">{counts.get(k as OrgKind)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
          {topLevel.length > 0 ? (
            <section aria-labelledby="top-h">
              <h2 id="top-h">{tr(v, '直属机构', 'Agencies under the city')}</h2>
              <ul class="cards">
                {topLevel.map((o) => (
                  <li key={o.id}>
                    <a href={`/agencies/${o.slug}`}>{v.lang === 'en' && o.nameEn ? o.nameEn : o.name}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </PortalPage>
      ));
    });
  };
}
