/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { chinaDate } from '#platform/clock.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { NotFound } from '#platform/errors.js';
import { contentDisposition } from '#platform/files/disposition.js';
import { PdfFontMissing } from '#platform/files/pdf.js';
import { createPageCache } from '#platform/http/page-cache.js';
import { viewCtx } from '#platform/http/request-context.js';
import { pageNumber } from '#platform/validation.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { Field, Pager, SelectField } from '#platform/views/forms.js';
import { PortalPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import type { OrgService } from '#modules/org/index.js';
import { chartPdf, chartSvg, inlineChartSvg } from './flowchart-view.js';
import { POWER_STATUS, SECTORS, type MatterType, type PowerContent, type SectorCode, type ServiceContent } from './matter.schema.js';
import { type MattersService } from './matters.service.js';
import { FlowchartFigure, PowerFacts, PowerStatusTag, ServiceFacts } from './matters.views.js';
import { toCsv, toXlsx, type PowerSheets } from './power-sheet.js';

const PAGE_SIZE = 50;

/** A sector's standard disclosure catalogue, when the standards module provides one. */
export type SectorCatalogue = (sector: SectorCode) => readonly { level1: string; level2: string; content: string; timeLimit: string }[];

/** Public pages of 权责清单 and 办事指南 (no JavaScript needed; printable; cached per public version). */
export function mattersPortalRoutes(deps: { matters: MattersService; sheets: PowerSheets; orgs: OrgService; sectorCatalogue?: SectorCatalogue | undefined }): FastifyPluginAsync {
  const { matters, sheets, orgs } = deps;
  const pages = createPageCache();
  const version = () => matters.publicVersion() * 100_003 + orgs.version();

  /** Filters of a listing, from the query string (unknown values ignored). */
  const filtersOf = (req: FastifyRequest, cats: Map<string, string>) => {
    const q = req.query as Record<string, string | undefined>;
    const category = q.category && (cats.has(q.category) || q.category in SECTORS || q.category === 'gov') ? q.category : undefined;
    const status = q.status && q.status in POWER_STATUS ? q.status : undefined;
    const text = (q.q ?? '').trim().slice(0, 50) || undefined;
    return { category, status, q: text, page: pageNumber(q.page), agency: q.agency };
  };
  const qs = (o: Record<string, string | undefined>) => {
    const p = new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    const s = p.toString();
    return s ? `?${s}` : '';
  };

  const listing = async (req: FastifyRequest, reply: FastifyReply, type: MatterType, org: OrganisationRow | null) => {
    const cats = new Map((await matters.categories(true)).map((c) => [c.code, c.name]));
    const f = filtersOf(req, cats);
    const agencies = org ? [] : await orgs.listActive();
    const agency = !org && f.agency ? agencies.find((a) => a.slug === f.agency) : undefined;
    const scopeOrg = org ?? agency ?? null;
    const path = org ? `/agencies/${org.slug}/${type === 'power' ? 'powers' : 'services'}` : `/${type === 'power' ? 'powers' : 'services'}`;
    const canonical = `${path}${qs({ agency: agency?.slug, category: f.category, status: f.status, q: f.q, page: f.page > 1 ? String(f.page) : undefined })}`;
    return pages.send(
      req,
      reply,
      version(),
      async () => {
        const v = viewCtx(req);
        const [list, counts] = await Promise.all([
          matters.publicList({ type, orgId: scopeOrg?.id, category: f.category, status: type === 'power' ? f.status : undefined, q: f.q, page: f.page, pageSize: PAGE_SIZE }),
          matters.publicCounts(type, scopeOrg?.id),
        ]);
        const totalAll = counts.reduce((n, c) => n + Number(c.n), 0);
        const labelOf = (code: string | null) => (type === 'power' ? (cats.get(code ?? '') ?? code ?? '—') : code && code in SECTORS ? SECTORS[code as SectorCode] : tr(v, '政府部门', 'Government departments'));
        const name = type === 'power' ? tr(v, '权责清单', 'Powers and responsibilities') : tr(v, '办事指南', 'Service guides');
        const title = scopeOrg ? `${scopeOrg.name}${name}` : name;
        const link = (extra: Record<string, string | undefined>) => `${path}${qs({ agency: agency?.slug, category: f.category, status: f.status, q: f.q, ...extra })}`;
        const crumbs = [{ href: '/', label: v.t('nav.home') }, ...(org ? [{ href: '/agencies', label: v.t('nav.agencies') }, { href: `/agencies/${org.slug}`, label: org.name }] : [])];
        const orderedCounts = type === 'power' ? [...cats.keys()].map((code) => counts.find((c) => c.category === code)).filter((c): c is { category: string | null; n: string } => c !== undefined) : counts;
        return (
          <PortalPage v={v} title={title} crumbs={crumbs}>
            <h1>{title}</h1>
            <p class="lead">
              {type === 'power'
                ? tr(v, '行政职权目录：每项职权的设定依据、实施主体、责任事项、追责情形、办理期限和运行流程图。', 'Each power with its legal basis, body, responsibilities, accountability, time limits and flowchart.')
                : tr(v, '政府部门和供水、供气、医疗、公交等公共企事业单位的办事指南：受理条件、申请材料、办理流程、时限、收费和咨询投诉方式。', 'How to get things done with departments and public enterprises: conditions, materials, procedure, time limits, fees and contacts.')}
            </p>
            <nav aria-label={type === 'power' ? tr(v, '职权类别', 'Categories') : tr(v, '分类', 'Groups')}>
              <ul class="category-filter">
                <li>
                  <a href={link({ category: undefined })} aria-current={!f.category ? 'true' : undefined}>
                    {tr(v, `全部（${totalAll}）`, `All (${totalAll})`)}
                  </a>
                </li>
                {orderedCounts.map((c) => (
                  <li key={c.category ?? ''}>
                    <a href={link({ category: c.category ?? undefined })} aria-current={f.category === c.category ? 'true' : undefined}>
                      {labelOf(c.category)}（{c.n}）
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <form method="get" action={path} class="filters" aria-label={tr(v, '筛选条件', 'Filters')}>
              {f.category ? <input type="hidden" name="category" value={f.category} /> : null}
              {!org ? <SelectField name="agency" label={tr(v, '机构', 'Agency')} value={agency?.slug ?? ''} options={[{ value: '', label: tr(v, '全部机构', 'All agencies') }, ...agencies.map((a) => ({ value: a.slug, label: a.name }))]} /> : null}
              {type === 'power' ? <SelectField name="status" label={tr(v, '状态', 'Status')} value={f.status ?? ''} options={[{ value: '', label: tr(v, '全部状态', 'Any status') }, ...Object.entries(POWER_STATUS).map(([value, label]) => ({ value, label }))]} /> : null}
              <Field name="q" label={tr(v, '名称或编码', 'Name or code')} value={f.q ?? ''} />
              <button type="submit">{tr(v, '筛选', 'Filter')}</button>
            </form>
            {org && type === 'power' ? (
              <p>
                {tr(v, '下载本机构权责清单：', 'Download this list: ')}
                <a href={`/agencies/${org.slug}/powers.xlsx`}>XLSX</a>
                {' · '}
                <a href={`/agencies/${org.slug}/powers.csv`}>CSV</a>
              </p>
            ) : null}
            {list.rows.length === 0 ? (
              <p class="empty">{tr(v, '没有符合条件的事项。可以换一个类别或关键词，或使用全站搜索。', 'Nothing matches. Try another category or word, or the site search.')}</p>
            ) : (
              <DataTable
                label={title}
                headers={[tr(v, '编码', 'Code'), tr(v, '名称', 'Name'), type === 'power' ? tr(v, '类别', 'Category') : tr(v, '分类', 'Group'), ...(scopeOrg ? [] : [tr(v, '机构', 'Agency')]), ...(type === 'power' ? [tr(v, '状态', 'Status')] : []), tr(v, '流程图', 'Flowchart')]}
                rows={list.rows}
                rowKey={(r) => r.id}
                cells={(r) => (
                  <>
                    <td>{r.code}</td>
                    <td>
                      <a href={`/${type === 'power' ? 'powers' : 'services'}/${r.id}`}>{r.name}</a>
                    </td>
                    <td>{labelOf(r.category)}</td>
                    {scopeOrg ? null : (
                      <td>
                        <a href={`/agencies/${r.orgSlug}/${type === 'power' ? 'powers' : 'services'}`}>{r.orgName}</a>
                      </td>
                    )}
                    {type === 'power' ? (
                      <td>
                        <PowerStatusTag v={v} status={r.status} />
                      </td>
                    ) : null}
                    <td>{r.hasFlowchart ? tr(v, '有', 'Yes') : '—'}</td>
                  </>
                )}
              />
            )}
            <Pager base={link({})} page={list.page} pageSize={list.pageSize} total={list.total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: tr(v, `第 ${list.page} 页，共 ${list.total} 项`, `Page ${list.page}, ${list.total} in all`) }} />
            {type === 'service' && !org ? <SectorLinks v={v} /> : null}
          </PortalPage>
        );
      },
      canonical,
    );
  };

  const SectorLinks = ({ v }: { v: ViewCtx }) => (
    <section aria-labelledby="sectors-h">
      <h2 id="sectors-h">{tr(v, '公共企事业单位办事公开', 'Public enterprises by sector')}</h2>
      <ul class="cards">
        {Object.entries(SECTORS).map(([code, label]) => (
          <li key={code}>
            <a href={`/services/sectors/${code}`}>{label}</a>
          </li>
        ))}
      </ul>
    </section>
  );

  const detail = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, type: MatterType) => {
    const m = await matters.publicGet(type, req.params.id);
    return pages.send(req, reply, version(), async () => {
      const v = viewCtx(req);
      const seg = type === 'power' ? 'powers' : 'services';
      const base = `/${seg}/${m.matter.id}`;
      const name = m.content.name;
      const svg = m.flowchart ? await inlineChartSvg(m.flowchart, tr(v, `${name}运行流程图`, `Flowchart: ${name}`), v.lang) : null;
      const cats = new Map((await matters.categories(true)).map((c) => [c.code, c.name]));
      const crumbs = [
        { href: '/', label: v.t('nav.home') },
        { href: `/agencies/${m.org.slug}`, label: m.org.name },
        { href: `/agencies/${m.org.slug}/${seg}`, label: type === 'power' ? tr(v, '权责清单', 'Powers') : tr(v, '办事指南', 'Service guides') },
      ];
      return (
        <PortalPage v={v} title={name} crumbs={crumbs}>
          <article class="matter">
            <h1>{name}</h1>
            <p class="muted">
              {m.org.name}
              {tr(v, ` · 第 ${m.versionNo} 版`, ` · version ${m.versionNo}`)}
              {m.publishedAt ? tr(v, ` · ${chinaDate(m.publishedAt)} 发布`, ` · published ${chinaDate(m.publishedAt)}`) : null}
            </p>
            {type === 'power' ? (
              <>
                {(m.content as PowerContent).status !== 'in_force' ? (
                  <p class="notice warn">
                    {tr(v, `该职权${POWER_STATUS[(m.content as PowerContent).status]}${(m.content as PowerContent).statusSince ? `（自 ${(m.content as PowerContent).statusSince} 起）` : ''}。`, `This power is ${(m.content as PowerContent).status === 'abolished' ? 'abolished' : 'under revision'}.`)}
                  </p>
                ) : null}
                <PowerFacts v={v} c={m.content as PowerContent} categoryName={cats.get((m.content as PowerContent).category) ?? (m.content as PowerContent).category} linked={m.publicBasis} />
                <FlowchartFigure v={v} chart={m.flowchart} svg={svg} base={base} />
                {m.guides.length > 0 ? (
                  <section aria-labelledby="guides-h">
                    <h2 id="guides-h">{tr(v, '办事指南', 'Service guides')}</h2>
                    <ul>
                      {m.guides.map((g) => (
                        <li key={g.id}>
                          <a href={`/services/${g.id}`}>{g.name}</a>
                        </li>
                      ))}
                    </ul>
                  </section>
                ) : null}
              </>
            ) : (
              <>
                <p class="no-print muted">{tr(v, '本页可直接打印：打印时只保留指南内容和流程图。', 'This page prints cleanly: only the guide and its flowchart are printed.')}</p>
                <ServiceFacts v={v} c={m.content as ServiceContent} linked={m.publicBasis} fileHref={(fid) => (m.files.some((f) => f.id === fid) ? `${base}/files/${fid}` : null)} power={m.power} />
                <FlowchartFigure v={v} chart={m.flowchart} svg={svg} base={base} />
                {m.files.length > 0 ? (
                  <section aria-labelledby="files-h">
                    <h2 id="files-h">{tr(v, '表格下载', 'Forms')}</h2>
                    <ul class="attachments">
                      {m.files.map((f) => (
                        <li key={f.id}>
                          <a href={`${base}/files/${f.id}`}>{f.fileName}</a> <span class="muted">（{Math.ceil(f.size / 1024)} KB）</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                ) : null}
              </>
            )}
          </article>
        </PortalPage>
      );
    });
  };

  const chartDownload = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, type: MatterType, format: 'svg' | 'pdf') => {
    const m = await matters.publicGet(type, req.params.id);
    if (!m.flowchart) throw new NotFound('FLOWCHART_NOT_FOUND', '该事项暂未提供运行流程图。');
    const title = `${m.content.name}运行流程图`;
    const fileName = `${m.content.code}-${m.content.name}-流程图.${format}`;
    reply.header('content-disposition', contentDisposition(fileName, format === 'svg' ? 'attachment' : 'inline')).header('cache-control', 'public, max-age=300');
    if (format === 'svg') return reply.type('image/svg+xml; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(await chartSvg(m.flowchart, title));
    try {
      return reply.type('application/pdf').send(await chartPdf(m.flowchart, title, m.org.name));
    } catch (err) {
      if (err instanceof PdfFontMissing) return reply.code(503).type('text/plain; charset=utf-8').send('服务器缺少中文字体，暂时无法生成 PDF；请下载 SVG 版本或直接打印本页。');
      throw err;
    }
  };

  return async (app) => {
    app.get('/powers', (req, reply) => listing(req, reply, 'power', null));
    app.get('/services', (req, reply) => listing(req, reply, 'service', null));
    app.get<{ Params: { slug: string } }>('/agencies/:slug/powers', async (req, reply) => listing(req, reply, 'power', (await orgs.publicBySlug(req.params.slug)).org));
    app.get<{ Params: { slug: string } }>('/agencies/:slug/services', async (req, reply) => listing(req, reply, 'service', (await orgs.publicBySlug(req.params.slug)).org));
    app.get<{ Params: { slug: string; format: string } }>('/agencies/:slug/powers.:format', async (req, reply) => {
      const format = req.params.format;
      if (format !== 'csv' && format !== 'xlsx') throw new NotFound('PAGE_NOT_FOUND', '页面不存在。');
      const { org } = await orgs.publicBySlug(req.params.slug);
      const rows = await sheets.exportRows(org, true);
      reply.header('content-disposition', contentDisposition(`${org.name}权责清单.${format}`, 'attachment')).header('cache-control', 'public, max-age=300');
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(Buffer.from(toXlsx(rows)));
    });
    app.get<{ Params: { id: string } }>('/powers/:id', (req, reply) => detail(req, reply, 'power'));
    app.get<{ Params: { id: string } }>('/services/:id', (req, reply) => detail(req, reply, 'service'));
    for (const [seg, type] of [
      ['powers', 'power'],
      ['services', 'service'],
    ] as const) {
      app.get<{ Params: { id: string } }>(`/${seg}/:id/flowchart.svg`, (req, reply) => chartDownload(req, reply, type, 'svg'));
      app.get<{ Params: { id: string } }>(`/${seg}/:id/flowchart.pdf`, (req, reply) => chartDownload(req, reply, type, 'pdf'));
    }
    app.get<{ Params: { id: string; fid: string } }>('/services/:id/files/:fid', async (req, reply) => {
      const f = await matters.file(null, req.params.id, req.params.fid);
      return reply.type(f.mediaType).header('content-disposition', contentDisposition(f.fileName, 'attachment')).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(f.stream());
    });
    app.get<{ Params: { code: string } }>('/services/sectors/:code', async (req, reply) => {
      const code = req.params.code;
      if (!(code in SECTORS)) throw new NotFound('SECTOR_NOT_FOUND', '该行业不存在。');
      const sector = code as SectorCode;
      return pages.send(req, reply, version(), async () => {
        const v = viewCtx(req);
        const list = await matters.publicList({ type: 'service', category: sector, page: 1, pageSize: 500 });
        const catalogue = deps.sectorCatalogue?.(sector) ?? [];
        const title = tr(v, `${SECTORS[sector]}行业办事公开`, `${SECTORS[sector]}: public services`);
        const byOrg = new Map<string, { slug: string; rows: typeof list.rows }>();
        for (const r of list.rows) {
          const g = byOrg.get(r.orgName) ?? { slug: r.orgSlug, rows: [] };
          g.rows.push(r);
          byOrg.set(r.orgName, g);
        }
        return (
          <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }, { href: '/services', label: tr(v, '办事指南', 'Service guides') }]}>
            <h1>{title}</h1>
            <p class="lead">{tr(v, '与群众利益密切相关的公共企事业单位，按照行业主管部门的规定公开其提供公共服务过程中制作、获取的信息（《政府信息公开条例》第五十五条）。对其不依法公开的，可以向主管部门申诉。', 'Public enterprises disclose service information under their sector’s rules (Regulations Art. 55); complaints go to the competent department.')}</p>
            {byOrg.size === 0 ? (
              <p class="empty">{tr(v, '该行业暂无已发布的办事指南。', 'No published guides in this sector yet.')}</p>
            ) : (
              [...byOrg].map(([orgName, g]) => (
                <section key={orgName} aria-label={orgName}>
                  <h2>
                    <a href={`/agencies/${g.slug}`}>{orgName}</a>
                  </h2>
                  <ul>
                    {g.rows.map((r) => (
                      <li key={r.id}>
                        <a href={`/services/${r.id}`}>{r.name}</a>
                      </li>
                    ))}
                  </ul>
                </section>
              ))
            )}
            {catalogue.length > 0 ? (
              <section aria-labelledby="std-h">
                <h2 id="std-h">{tr(v, '行业信息公开标准目录', 'The sector’s standard disclosure catalogue')}</h2>
                <DataTable
                  label={tr(v, '行业信息公开标准目录', 'Standard disclosure catalogue')}
                  headers={[tr(v, '一级事项', 'Item'), tr(v, '二级事项', 'Sub-item'), tr(v, '公开内容', 'Content'), tr(v, '公开时限', 'Time limit')]}
                  rows={catalogue}
                  rowKey={(c) => `${c.level1}/${c.level2}`}
                  cells={(c) => (
                    <>
                      <td>{c.level1}</td>
                      <td>{c.level2}</td>
                      <td>{c.content}</td>
                      <td>{c.timeLimit}</td>
                    </>
                  )}
                />
              </section>
            ) : null}
          </PortalPage>
        );
      });
    });
  };
}
