/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { chinaDateTime } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { NotFound } from '#platform/errors.js';
import { contentDisposition } from '#platform/files/disposition.js';
import { createPageCache } from '#platform/http/page-cache.js';
import { viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { Field, Pager, SelectField } from '#platform/views/forms.js';
import { PortalPage } from '#platform/views/layout.js';
import type { OrgService } from '#modules/org/index.js';
import { cnDate, itemUrl, VALIDITY_LABELS } from './public.api.js';
import { FINDING_LABELS, type FindingType } from '#modules/screening/index.js';
import { filtersQuery, getPublic, getPublicAttachment, listPublic, MAX_LISTING_DEPTH, parseListingQuery, type PublicFilters, type PublicItem, type PublicListingRow, type PublicSort } from './public.repository.js';
import type { TaxonomyService, Term } from './taxonomy.service.js';

/** Where attachment contents come from (content-addressed storage, platform/files/storage.ts). */
export interface AttachmentSource {
  stream(sha256: string): NodeJS.ReadableStream;
}

/** What the public catalogue pages need. */
export interface PublicCatalogueDeps {
  db: Database;
  orgs: OrgService;
  taxonomy: TaxonomyService;
  storage: AttachmentSource;
  /** Absolute base of the site (PUBLIC_URL), for canonical links and JSON-LD. */
  publicUrl: string;
  /**
   * Changes whenever what the public sees changes (publish, revise, withdraw). Without it pages
   * are rendered afresh on every request.
   */
  publicVersion?: (() => number) | undefined;
}

const PAGE_SIZE = 20;

const label = (v: ViewCtx, l: { zh: string; en: string }) => tr(v, l.zh, l.en);
const agencyName = (v: ViewCtx, o: { name: string; nameEn: string | null }) => (v.lang === 'en' && o.nameEn ? o.nameEn : o.name);

/** 已失效/已废止 with the date, next to the title wherever an item is listed. */
function ValidityBadge({ v, validity, on }: { v: ViewCtx; validity: PublicListingRow['validity']; on: string | null }) {
  if (validity === 'in_force') return null;
  return (
    <span class="tag tag-warn">
      {label(v, VALIDITY_LABELS[validity])}
      {on ? `（${on}）` : ''}
    </span>
  );
}

/** JSON for a <script type="application/ld+json"> data block: `<` escaped so the text can never close the element. */
export function jsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Options of a taxonomy select: the top level, then its children indented. */
function termOptions(v: ViewCtx, terms: Term[]) {
  return [
    { value: '', label: tr(v, '全部', 'All') },
    ...terms.flatMap((t) => [{ value: t.code, label: t.name }, ...t.children.map((c) => ({ value: c.code, label: `\u3000${c.name}` }))]),
  ];
}

/** The filter form: a GET form, so it works without JavaScript and every result has its own URL. */
function FilterForm(props: { v: ViewCtx; action: string; q: { filters: PublicFilters; sort: PublicSort }; agencies?: OrganisationRow[] | undefined; showSub: boolean; topics: Term[]; genres: Term[] }) {
  const { v, q } = props;
  const f = q.filters;
  return (
    <form method="get" action={props.action} class="filters" aria-label={tr(v, '筛选条件', 'Filters')}>
      {props.agencies ? (
        <SelectField
          name="agency"
          label={tr(v, '发布机构', 'Issuing agency')}
          value={f.agency ?? ''}
          options={[{ value: '', label: tr(v, '全部机构', 'All agencies') }, ...props.agencies.map((o) => ({ value: o.slug, label: `${'\u3000'.repeat(Math.max(0, o.depth))}${agencyName(v, o)}` }))]}
        />
      ) : null}
      {props.showSub ? (
        <div class="field field-check">
          <input type="checkbox" id="f-sub" name="sub" value="1" checked={f.sub === true} />
          <label for="f-sub">{tr(v, '包含下级机构', 'Include subordinate agencies')}</label>
        </div>
      ) : null}
      <SelectField name="topic" label={tr(v, '主题分类', 'Topic')} value={f.topic ?? ''} options={termOptions(v, props.topics)} />
      <SelectField name="genre" label={tr(v, '体裁', 'Genre')} value={f.genre ?? ''} options={termOptions(v, props.genres)} />
      <Field name="year" label={tr(v, '成文年份', 'Year written')} value={f.year ? String(f.year) : ''} inputmode="numeric" maxLength={4} hint={tr(v, '如 2024', 'e.g. 2024')} />
      <SelectField
        name="validity"
        label={tr(v, '有效性', 'Validity')}
        value={f.validity ?? ''}
        options={[{ value: '', label: tr(v, '全部', 'All') }, ...(['in_force', 'expired', 'repealed'] as const).map((x) => ({ value: x, label: label(v, VALIDITY_LABELS[x]) }))]}
      />
      <SelectField
        name="sort"
        label={tr(v, '排序', 'Sort by')}
        value={q.sort}
        options={[
          { value: 'published', label: tr(v, '发布日期（新到旧）', 'Publication date (newest first)') },
          { value: 'generated', label: tr(v, '成文日期（新到旧）', 'Date written (newest first)') },
          { value: 'title', label: tr(v, '标题', 'Title') },
        ]}
      />
      <div class="field">
        <button type="submit">{v.t('search')}</button>
      </div>
    </form>
  );
}

/** One listed item: title link, agency, 文号, dates and validity. */
function ListingRow({ v, r, showAgency }: { v: ViewCtx; r: PublicListingRow; showAgency: boolean }) {
  return (
    <li>
      <a href={`/catalogue/${r.id}`} class="item-title">
        {r.title}
      </a>{' '}
      <ValidityBadge v={v} validity={r.validity} on={r.validityChangedOn} />
      <dl class="item-facts">
        {showAgency ? (
          <div>
            <dt>{tr(v, '发布机构', 'Agency')}</dt>
            <dd>{v.lang === 'en' && r.agencyNameEn ? r.agencyNameEn : r.agencyName}</dd>
          </div>
        ) : null}
        {r.docNumber ? (
          <div>
            <dt>{tr(v, '文号', 'Doc. no.')}</dt>
            <dd>{r.docNumber}</dd>
          </div>
        ) : null}
        <div>
          <dt>{tr(v, '成文日期', 'Written')}</dt>
          <dd>{r.generatedOn}</dd>
        </div>
        <div>
          <dt>{tr(v, '发布日期', 'Published')}</dt>
          <dd>{cnDate(r.firstPublishedAt)}</dd>
        </div>
      </dl>
    </li>
  );
}

/** The results of a listing: count, feed and export links, the list and the pager. */
function Results(props: { v: ViewCtx; base: string; pageQuery: string; exportQuery: string; page: number; total: number; capped: boolean; rows: PublicListingRow[]; showAgency: boolean; feedQuery: string; tooDeep?: string | undefined }) {
  const { v } = props;
  const pages = Math.max(1, Math.ceil(props.total / PAGE_SIZE));
  const qs = props.exportQuery ? `?${props.exportQuery}` : '';
  return (
    <section aria-labelledby="results-h">
      <h2 id="results-h">
        {props.capped ? tr(v, `检索结果（超过 ${props.total} 条）`, `Results (more than ${props.total})`) : tr(v, `检索结果（共 ${props.total} 条）`, `Results (${props.total})`)}
      </h2>
      <ul class="actions">
        <li>
          <a href={`/catalogue/feed.atom${props.feedQuery ? `?${props.feedQuery}` : ''}`}>{tr(v, '订阅更新（Atom）', 'Subscribe (Atom feed)')}</a>
        </li>
        <li>
          <a href={`/catalogue.csv${qs}`}>{tr(v, '导出 CSV', 'Download CSV')}</a>
        </li>
        <li>
          <a href={`/catalogue.json${qs}`}>{tr(v, '导出 JSON', 'Download JSON')}</a>
        </li>
      </ul>
      {props.tooDeep ? (
        <p class="notice warn" lang="zh-CN">
          {props.tooDeep}
        </p>
      ) : props.rows.length === 0 ? (
        <p class="empty">{tr(v, '没有符合条件的政府信息。', 'No government information matches these filters.')}</p>
      ) : (
        <ol class="item-list">
          {props.rows.map((r) => (
            <ListingRow key={r.id} v={v} r={r} showAgency={props.showAgency} />
          ))}
        </ol>
      )}
      {props.total > PAGE_SIZE ? (
        <Pager
          base={`${props.base}${props.pageQuery ? `?${props.pageQuery}` : ''}`}
          page={props.page}
          pageSize={PAGE_SIZE}
          total={Math.min(props.total, MAX_LISTING_DEPTH)}
          labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: v.t('pager.page', { page: props.page, pages, total: props.total }) }}
        />
      ) : null}
    </section>
  );
}

/** <head> of a listing: §5.7 column metadata and the Atom feed of the same filters. */
function ListingHead({ v, title, feedQuery }: { v: ViewCtx; title: string; feedQuery: string }) {
  return (
    <>
      <meta name="SiteName" content={v.siteName} />
      <meta name="ColumnName" content={title} />
      <meta name="ColumnDescription" content="政府信息公开目录：按发布机构、主题分类、体裁、年份和有效性检索主动公开的政府信息。" />
      <meta name="ColumnType" content="政府信息公开目录" />
      <link rel="alternate" type="application/atom+xml" title={`${title}（Atom）`} href={`/catalogue/feed.atom${feedQuery ? `?${feedQuery}` : ''}`} />
    </>
  );
}

/** The item page's §5.7 article metadata, canonical link and schema.org JSON-LD. */
function ItemHead({ v, it, publicUrl }: { v: ViewCtx; it: PublicItem; publicUrl: string }) {
  const url = itemUrl(publicUrl, it.id);
  const published = it.firstPublishedAt;
  const org = (o: { slug: string; name: string }) => ({ '@type': 'GovernmentOrganization', name: o.name, url: `${publicUrl}/agencies/${o.slug}` });
  const data = {
    '@context': 'https://schema.org',
    '@type': 'DigitalDocument',
    '@id': url,
    url,
    name: it.title,
    headline: it.title,
    ...(it.summary ? { description: it.summary } : {}),
    inLanguage: 'zh-CN',
    identifier: [
      ...(it.indexNumber ? [{ '@type': 'PropertyValue', propertyID: '索引号', value: it.indexNumber }] : []),
      ...(it.docNumber ? [{ '@type': 'PropertyValue', propertyID: '文号', value: it.docNumber }] : []),
    ],
    publisher: org({ slug: it.agencySlug, name: it.agencyName }),
    author: [org({ slug: it.agencySlug, name: it.agencyName }), ...it.coIssuers.map(org)],
    dateCreated: it.generatedOn,
    ...(published ? { datePublished: published.toISOString() } : {}),
    ...(it.updatedPublicAt ? { dateModified: it.updatedPublicAt.toISOString() } : {}),
    ...(it.topicName ? { about: it.topicParentName ? `${it.topicParentName}\\${it.topicName}` : it.topicName } : {}),
    ...(it.genreName ? { genre: it.genreName } : {}),
    ...(it.keywords.length ? { keywords: it.keywords.join(',') } : {}),
    creativeWorkStatus: VALIDITY_LABELS[it.validity].zh,
    ...(it.validity !== 'in_force' && (it.repealedOn ?? it.validityChangedOn) ? { expires: it.repealedOn ?? it.validityChangedOn } : {}),
    ...(it.attachments.length
      ? { associatedMedia: it.attachments.map((a) => ({ '@type': 'MediaObject', name: a.fileName, encodingFormat: a.mediaType, contentSize: `${a.sizeBytes} B`, contentUrl: `${url}/attachments/${a.id}` })) }
      : {}),
    ...(it.interprets ? { isBasedOn: itemUrl(publicUrl, it.interprets.id) } : {}),
  };
  return (
    <>
      <link rel="canonical" href={url} />
      <meta name="SiteName" content={v.siteName} />
      <meta name="ColumnName" content="政府信息公开目录" />
      <meta name="ArticleTitle" content={it.title} />
      {published ? <meta name="PubDate" content={chinaDateTime(published)} /> : null}
      <meta name="ContentSource" content={it.agencyName} />
      {it.keywords.length ? <meta name="Keywords" content={it.keywords.join(',')} /> : null}
      {it.summary ? <meta name="Description" content={it.summary} /> : null}
      <meta name="Url" content={url} />
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(data) }} />
    </>
  );
}

/** Bytes for people: 1.2 MB, 340 KB. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The metadata block of an item page (索引号, 发布机构, 主题分类 …) as a two-column table. */
function MetaTable({ v, it }: { v: ViewCtx; it: PublicItem }) {
  const published = cnDate(it.firstPublishedAt);
  const updated = cnDate(it.updatedPublicAt);
  const rows: [string, ComponentChildren][] = [
    [tr(v, '索引号', 'Index number'), it.indexNumber ?? '—'],
    [
      tr(v, '发布机构', 'Issued by'),
      <>
        <a href={`/agencies/${it.agencySlug}/catalogue`}>{agencyName(v, { name: it.agencyName, nameEn: it.agencyNameEn })}</a>
        {it.coIssuers.map((o) => (
          <span key={o.id}>
            {tr(v, '、', ', ')}
            {o.isActive ? <a href={`/agencies/${o.slug}/catalogue`}>{agencyName(v, o)}</a> : agencyName(v, o)}
          </span>
        ))}
      </>,
    ],
    [tr(v, '主题分类', 'Topic'), it.topicName ? (it.topicParentName ? `${it.topicParentName}\\${it.topicName}` : it.topicName) : '—'],
    [tr(v, '体裁', 'Genre'), it.genreName ?? '—'],
    [tr(v, '文号', 'Document number'), it.docNumber ?? '—'],
    [tr(v, '成文日期', 'Date written'), it.generatedOn],
    [tr(v, '发布日期', 'Date published'), published ?? '—'],
    ...(updated && updated !== published ? ([[tr(v, '更新日期', 'Last updated'), updated]] as [string, string][]) : []),
    [
      tr(v, '有效性', 'Validity'),
      <>
        {label(v, VALIDITY_LABELS[it.validity])}
        {it.validity !== 'in_force' && it.validityChangedOn ? tr(v, `（${it.validityChangedOn}起）`, ` (since ${it.validityChangedOn})`) : ''}
      </>,
    ],
    ...(it.effectiveOn ? ([[tr(v, '施行日期', 'In force from'), it.effectiveOn]] as [string, string][]) : []),
    ...(it.repealedOn ? ([[it.validity === 'repealed' ? tr(v, '废止日期', 'Repealed on') : tr(v, '失效日期', 'Ceased on'), it.repealedOn]] as [string, string][]) : []),
    [tr(v, '主题词', 'Keywords'), it.keywords.length ? it.keywords.join(tr(v, '；', '; ')) : '—'],
  ];
  return (
    <table class="kv item-meta">
      <caption class="visually-hidden">{tr(v, '信息基本情况', 'About this document')}</caption>
      <tbody>
        {rows.map(([k, val]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{val}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A notice for items that no longer apply: they stay public, clearly marked. */
function ValidityNotice({ v, it }: { v: ViewCtx; it: PublicItem }) {
  if (it.validity === 'in_force') return null;
  const on = it.repealedOn ?? it.validityChangedOn;
  const zh = it.validity === 'repealed' ? `本文件已废止${on ? `（废止日期：${on}）` : ''}，仅供查阅。` : `本文件已失效${on ? `（失效日期：${on}）` : ''}，仅供查阅。`;
  const en = it.validity === 'repealed' ? `This document has been repealed${on ? ` (on ${on})` : ''} and is kept for reference only.` : `This document has expired${on ? ` (on ${on})` : ''} and is kept for reference only.`;
  return (
    <p class="notice warn validity-notice">
      <strong>{label(v, VALIDITY_LABELS[it.validity])}</strong> {tr(v, zh, en)}
    </p>
  );
}

function ItemPage({ v, it, publicUrl }: { v: ViewCtx; it: PublicItem; publicUrl: string }) {
  const crumbs = [
    { href: '/', label: v.t('nav.home') },
    { href: '/catalogue', label: v.t('nav.catalogue') },
    { href: `/agencies/${it.agencySlug}/catalogue`, label: agencyName(v, { name: it.agencyName, nameEn: it.agencyNameEn }) },
  ];
  return (
    <PortalPage v={v} title={it.title} crumbs={crumbs} head={<ItemHead v={v} it={it} publicUrl={publicUrl} />}>
      <article class="item">
        <h1 lang="zh-CN">{it.title}</h1>
        <ValidityNotice v={v} it={it} />
        <MetaTable v={v} it={it} />
        {it.summary ? (
          <p class="lead">
            <strong>{tr(v, '内容概述：', 'Summary: ')}</strong>
            <span lang="zh-CN">{it.summary}</span>
          </p>
        ) : null}
        <div class="item-body" lang="zh-CN" dangerouslySetInnerHTML={{ __html: it.bodyHtml }} />
        {it.attachments.length > 0 ? (
          <section aria-labelledby="att-h">
            <h2 id="att-h">{tr(v, '附件', 'Attachments')}</h2>
            <ul class="attachments">
              {it.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/catalogue/${it.id}/attachments/${a.id}`} download={a.fileName}>
                    {a.fileName}
                  </a>{' '}
                  <span class="muted">（{humanSize(Number(a.sizeBytes))}）</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {it.redactions.length > 0 ? (
          <section aria-labelledby="redact-h">
            <h2 id="redact-h">{tr(v, '依法删除的内容', 'Content removed under the law')}</h2>
            <p>{tr(v, '本信息公开时删除了以下内容（已在正文中以“*”代替）：', 'Removed at release (replaced by “*” in the text):')}</p>
            <ul>
              {it.redactions.map((r) => (
                <li key={`${r.where ?? ''}-${r.type}-${r.reason}`} lang="zh-CN">
                  {r.where ? `附件《${r.where}》` : '正文'}中的{FINDING_LABELS[r.type as FindingType] ?? r.type} {r.count} 处：{r.reason}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {it.interprets || it.interpretations.length > 0 ? (
          <section aria-labelledby="interp-h">
            <h2 id="interp-h">{tr(v, '政策解读', 'Policy interpretation')}</h2>
            {it.interprets ? (
              <p>
                {tr(v, '本文解读的文件：', 'This interprets: ')}
                <a href={`/catalogue/${it.interprets.id}`}>{it.interprets.title}</a>
              </p>
            ) : null}
            {it.interpretations.length > 0 ? (
              <ul>
                {it.interpretations.map((x) => (
                  <li key={x.id}>
                    <a href={`/catalogue/${x.id}`}>{x.title}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
      </article>
    </PortalPage>
  );
}

/** A media type safe to send as given; anything odd (or HTML-like) downloads as octet-stream. */
function safeMediaType(t: string): string {
  return /^[a-z]+\/[a-z0-9.+-]{1,100}$/i.test(t) && !/html|xml|javascript|svg/i.test(t) ? t : 'application/octet-stream';
}

/**
 * The public catalogue pages: the city-wide 政府信息公开目录, each agency's 目录, item pages and
 * attachment downloads. Only what `publicItems()` admits is ever shown.
 */
export function publicCatalogueRoutes(deps: PublicCatalogueDeps): FastifyPluginAsync {
  const { db, orgs, taxonomy, storage, publicUrl } = deps;
  const pages = createPageCache();
  let uncached = 0;
  // The pages show agency names too: either version changing renders them afresh (both only grow).
  const pv = deps.publicVersion;
  const version = pv ? () => pv() + orgs.version() : () => ++uncached;
  const terms = () => Promise.all([taxonomy.tree('topic'), taxonomy.tree('genre')]);

  async function listing(req: FastifyRequest, reply: FastifyReply, agency: OrganisationRow | undefined, hasChildren: boolean) {
    const q = parseListingQuery(req.query as Record<string, unknown>, { defaultPageSize: PAGE_SIZE, maxPageSize: PAGE_SIZE });
    const filters: PublicFilters = agency ? { ...q.filters, agency: agency.slug } : q.filters;
    const base = agency ? `/agencies/${agency.slug}/catalogue` : '/catalogue';
    const current = version();
    return pages.send(req, reply, current, async () => {
      const v = viewCtx(req);
      const [[topics, genres], result, all] = await Promise.all([terms(), listPublic(db, filters, q.sort, q.page, PAGE_SIZE, current), agency ? undefined : orgs.listActive()]);
      const title = agency ? tr(v, `${agencyName(v, agency)} 政府信息公开目录`, `Information catalogue: ${agencyName(v, agency)}`) : v.t('nav.catalogue');
      const feedQuery = new URLSearchParams(Object.entries({ agency: filters.agency, sub: filters.sub ? '1' : undefined, topic: filters.topic }).filter((e): e is [string, string] => e[1] !== undefined)).toString();
      const crumbs = [{ href: '/', label: v.t('nav.home') }, ...(agency ? [{ href: '/catalogue', label: v.t('nav.catalogue') }, { href: `/agencies/${agency.slug}`, label: agencyName(v, agency) }] : [])];
      return (
        <PortalPage v={v} title={title} crumbs={crumbs} head={<ListingHead v={v} title={title} feedQuery={feedQuery} />}>
          <h1>{title}</h1>
          <p class="lead">
            {tr(
              v,
              '依照《中华人民共和国政府信息公开条例》第十二条编制，列出主动公开的政府信息，包括索引、名称、内容概述和生成日期。已失效、已废止的文件仍可查阅，并予标注。',
              'Compiled under Article 12 of the Regulations on Open Government Information: proactively disclosed government information with its index, title, summary and date. Expired and repealed documents remain available and are marked.',
            )}
          </p>
          <FilterForm v={v} action={base} q={{ filters, sort: q.sort }} agencies={all} showSub={agency ? hasChildren : true} topics={topics} genres={genres} />
          <Results v={v} base={base} pageQuery={filtersQuery(filters, q.sort, agency ? ['agency'] : [])} exportQuery={filtersQuery(filters, q.sort)} page={q.page} total={result.total} capped={result.capped} rows={result.rows} showAgency={!agency || filters.sub === true} feedQuery={feedQuery} tooDeep={q.problems.page} />
        </PortalPage>
      );
    }, `${base}?${filtersQuery(filters, q.sort, agency ? ['agency'] : [])}&page=${q.page}`);
  }

  return async (app) => {
    app.get('/catalogue', async (req, reply) => listing(req, reply, undefined, true));

    app.get<{ Params: { slug: string } }>('/agencies/:slug/catalogue', async (req, reply) => {
      const { org, children } = await orgs.publicBySlug(req.params.slug);
      return listing(req, reply, org, children.length > 0);
    });

    app.get<{ Params: { id: string } }>('/catalogue/:id', async (req, reply) =>
      pages.send(req, reply, version(), async () => {
        const it = await getPublic(db, req.params.id);
        if (!it) throw new NotFound('ITEM_NOT_FOUND', '该政府信息不存在或未公开。');
        return <ItemPage v={viewCtx(req)} it={it} publicUrl={publicUrl} />;
      }, `/catalogue/${req.params.id}`),
    );

    app.get<{ Params: { id: string; attachmentId: string } }>('/catalogue/:id/attachments/:attachmentId', async (req, reply) => {
      const a = await getPublicAttachment(db, req.params.id, req.params.attachmentId);
      if (!a) throw new NotFound('ATTACHMENT_NOT_FOUND', '该附件不存在或未公开。');
      return reply
        .type(safeMediaType(a.mediaType))
        .header('content-length', a.sizeBytes)
        .header('content-disposition', contentDisposition(a.fileName, 'attachment'))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'no-cache')
        .send(storage.stream(a.sha256));
    });
  };
}
