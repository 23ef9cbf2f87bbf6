/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import type { ComponentChildren } from 'preact';
import { sendPage, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { PortalPage } from '#platform/views/layout.js';
import type { StandardsService } from './standards.service.js';
import { areaText, audienceText, channelsText, levelsText, methodText, StatusTag, zhLang } from './standards.views.js';

const agencyName = (v: ViewCtx, o: { name: string; nameEn: string | null }) => (v.lang === 'en' && o.nameEn ? o.nameEn : o.name);

/** One attribute of an entry as a term/description pair (stacked on narrow screens). */
function Attr({ label, children, lang }: { label: string; children: ComponentChildren; lang?: string | undefined }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd lang={lang}>{children}</dd>
    </div>
  );
}

/**
 * The public page of an agency's 基层政务公开标准目录: entries grouped by 一级事项, each with the
 * nine columns, the published items that fulfil it (the catalogue's visibility rule) and its
 * timeliness status. Rendered afresh (the status depends on today's date); no script needed.
 */
export function standardsPortalRoutes({ standards }: { standards: StandardsService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { slug: string } }>('/agencies/:slug/standards', async (req, reply) => {
      const { org, groups, total, today } = await standards.publicCatalogue(req.params.slug);
      const v = viewCtx(req);
      const title = tr(v, `${org.name}基层政务公开标准目录`, `Standard disclosure catalogue of ${agencyName(v, org)}`);
      const zh = zhLang(v);
      const crumbs = [
        { href: '/', label: v.t('nav.home') },
        { href: '/agencies', label: v.t('nav.agencies') },
        { href: `/agencies/${org.slug}`, label: agencyName(v, org) },
      ];
      return sendPage(
        reply,
        <PortalPage v={v} title={title} crumbs={crumbs}>
          <h1>{title}</h1>
          <p class="lead">
            {tr(
              v,
              '本目录按照基层政务公开标准化规范化要求，列明本机构应当公开的事项及其公开内容、依据、时限、主体、渠道和载体、对象、方式和层级，并附已公开的相关信息。',
              'The disclosure items this agency must publish, with content, legal basis, time limit, responsible body, channels, audience, method and level, and the information already published for each.',
            )}
          </p>
          {total === 0 ? (
            <p class="empty">{tr(v, '该机构尚未发布基层政务公开标准目录。', 'This agency has not published a standard disclosure catalogue yet.')}</p>
          ) : (
            <>
              <p class="muted">{tr(v, `共 ${total} 个公开事项。时效状态按 ${today} 计算。`, `${total} entries. Timeliness as of ${today}.`)}</p>
              <nav class="guide-toc" aria-label={tr(v, '一级事项', 'First-level items')}>
                <ol>
                  {groups.map((g, i) => (
                    <li key={g.level1}>
                      <a href={`#std-g${i + 1}`} lang={zh}>
                        {g.level1}
                      </a>
                    </li>
                  ))}
                </ol>
              </nav>
              {groups.map((g, gi) => (
                <section key={g.level1} class="std-group" aria-labelledby={`std-g${gi + 1}`}>
                  <h2 id={`std-g${gi + 1}`} lang={zh}>
                    {g.level1}
                  </h2>
                  {g.entries.map(({ entry: e, items, status, reason }) => (
                    <article key={e.id} class="std-entry" aria-labelledby={`std-e${e.id}`}>
                      <h3 id={`std-e${e.id}`} lang={zh}>
                        {e.level2}
                      </h3>
                      <dl class="std-attrs">
                        <Attr label={tr(v, '公开事项', 'Item')} lang={zh}>
                          {e.level1} › {e.level2}
                        </Attr>
                        <Attr label={tr(v, '公开内容（要素）', 'Content')} lang={zh}>
                          {e.content}
                        </Attr>
                        <Attr label={tr(v, '公开依据', 'Legal basis')} lang={zh}>
                          {e.basis}
                        </Attr>
                        <Attr label={tr(v, '公开时限', 'Time limit')} lang={zh}>
                          {e.timeLimit}
                        </Attr>
                        <Attr label={tr(v, '公开主体', 'Responsible body')} lang={zh}>
                          {e.subject}
                        </Attr>
                        <Attr label={tr(v, '公开渠道和载体', 'Channels')}>{channelsText(v, e.channels)}</Attr>
                        <Attr label={tr(v, '公开对象', 'Audience')}>{audienceText(v, e.audience, e.audienceNote)}</Attr>
                        <Attr label={tr(v, '公开方式', 'Method')}>{methodText(v, e.method)}</Attr>
                        <Attr label={tr(v, '公开层级', 'Levels')}>{levelsText(v, e.levels)}</Attr>
                        <Attr label={tr(v, '领域', 'Area')}>{areaText(v, e.area)}</Attr>
                        <Attr label={tr(v, '时效状态', 'Timeliness')}>
                          <StatusTag v={v} status={status} /> <span lang="zh-CN">{reason}</span>
                        </Attr>
                        <Attr label={tr(v, '已公开信息', 'Published information')}>
                          {items.length === 0 ? (
                            <span class="muted">{tr(v, '暂无', 'None yet')}</span>
                          ) : (
                            <ul class="std-items">
                              {items.map((i) => (
                                <li key={i.id}>
                                  <a href={`/catalogue/${i.id}`} lang={zh}>
                                    {i.title}
                                  </a>{' '}
                                  <span class="muted">
                                    {i.indexNumber ? `${i.indexNumber} · ` : ''}
                                    {i.generatedOn}
                                  </span>
                                </li>
                              ))}
                            </ul>
                          )}
                        </Attr>
                      </dl>
                    </article>
                  ))}
                </section>
              ))}
            </>
          )}
        </PortalPage>,
      );
    });
  };
}
