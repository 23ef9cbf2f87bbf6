/** @jsxImportSource preact */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage, viewCtx } from '#platform/http/request-context.js';
import { tr, type ViewCtx } from '#platform/views/context.js';
import { PortalPage } from '#platform/views/layout.js';
import { KIND_LABELS, type FacetValue, type SearchParams, type SearchResponse, type SearchService } from './search.service.js';

const VALIDITIES = ['in_force', 'expired', 'repealed'] as const;

/** Reads search parameters from a query string; what cannot be understood is reported, never an error. */
export function parseSearchParams(raw: Record<string, unknown>): { params: SearchParams; problems: Record<string, string> } {
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k]).trim() : '');
  const problems: Record<string, string> = {};
  const year = (k: 'from' | 'to') => {
    const v = str(k);
    if (!v) return undefined;
    if (!/^\d{4}$/.test(v) || Number(v) < 1949 || Number(v) > 2100) {
      problems[k] = '年份应为 4 位数字，例如 2024。';
      return undefined;
    }
    return Number(v);
  };
  const int = (k: string, max: number) => {
    const v = str(k);
    if (!v) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      problems[k] = `${k} 应为正整数。`;
      return undefined;
    }
    return Math.min(n, max);
  };
  const validity = str('validity');
  if (validity && !(VALIDITIES as readonly string[]).includes(validity)) problems.validity = '有效性应为 in_force、expired 或 repealed。';
  const params: SearchParams = {
    q: str('q').slice(0, 200),
    agency: str('agency') || undefined,
    topic: str('topic') || undefined,
    genre: str('genre') || undefined,
    from: year('from'),
    to: year('to'),
    validity: (VALIDITIES as readonly string[]).includes(validity) ? (validity as (typeof VALIDITIES)[number]) : undefined,
    kind: str('kind') || undefined,
    page: int('page', 100),
    limit: int('limit', 50),
  };
  if (params.from && params.to && params.from > params.to) problems.to = '截止年份不能早于起始年份。';
  return { params, problems };
}

/** The URL of a search with one parameter changed (facet links, paging). */
function searchUrl(p: SearchParams, change: Partial<Record<keyof SearchParams, string | number | undefined>>): string {
  const merged: Record<string, string | number | undefined> = { q: p.q, agency: p.agency, topic: p.topic, genre: p.genre, from: p.from, to: p.to, validity: p.validity, kind: p.kind, page: undefined, ...change };
  const qs = new URLSearchParams(Object.entries(merged).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '').map(([k, v]) => [k, String(v)]));
  return `/search?${qs.toString()}`;
}

function FacetList({ v, title, name, values, p, selected }: { v: ViewCtx; title: string; name: keyof SearchParams; values: FacetValue[]; p: SearchParams; selected: string | undefined }) {
  if (values.length === 0 && !selected) return null;
  return (
    <section class="facet" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {selected ? (
          <li>
            <a href={searchUrl(p, { [name]: undefined, ...(name === 'from' ? { to: undefined } : {}) })}>{tr(v, '× 取消此条件', '× Remove')}</a>
          </li>
        ) : null}
        {values.map((f) => (
          <li key={f.value}>
            {selected === f.value ? (
              <strong>
                {f.label}（{f.count}）
              </strong>
            ) : (
              <a href={searchUrl(p, name === 'from' ? { from: f.value, to: f.value } : { [name]: f.value })}>
                {f.label}（{f.count}）
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The public search page (works without JavaScript) and the search API with suggestions. */
export function searchRoutes({ search }: { search: SearchService }): FastifyPluginAsync {
  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const v = viewCtx(req);
    const { params: p, problems } = parseSearchParams(req.query as Record<string, unknown>);
    const r: SearchResponse | null = p.q ? await search.search(p) : null;
    const title = p.q ? tr(v, `搜索：${p.q}`, `Search: ${p.q}`) : tr(v, '搜索', 'Search');
    const pages = r ? Math.min(100, Math.ceil(r.total / r.limit)) : 0;
    // An estimated total (约 N 条) may promise more pages than there are: a short page is the last.
    const hasNext = r ? r.results.length === r.limit && r.page < pages : false;
    return sendPage(
      reply,
      <PortalPage v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }]}>
        <h1>{tr(v, '搜索政府信息', 'Search government information')}</h1>
        <form method="get" action="/search" class="search-form" role="search">
          <label for="search-q">{tr(v, '关键词、标题、文号或索引号', 'Words, title, document number or index number')}</label>
          <div class="search-row">
            <input id="search-q" name="q" type="search" value={p.q ?? ''} maxLength={200} list="search-suggest" autoComplete="off" />
            <datalist id="search-suggest" />
            <button type="submit">{tr(v, '搜索', 'Search')}</button>
          </div>
          <p class="hint">{tr(v, '用引号搜索完整词组，例如 "政府信息公开"；在词前加减号排除，例如 -废止。', 'Quote a phrase, e.g. "政府信息公开"; exclude a word with a minus, e.g. -废止.')}</p>
          {p.agency ? <input type="hidden" name="agency" value={p.agency} /> : null}
          {p.topic ? <input type="hidden" name="topic" value={p.topic} /> : null}
          {p.genre ? <input type="hidden" name="genre" value={p.genre} /> : null}
          {p.validity ? <input type="hidden" name="validity" value={p.validity} /> : null}
          {p.kind ? <input type="hidden" name="kind" value={p.kind} /> : null}
        </form>
        {Object.keys(problems).length > 0 ? (
          <p class="notice warn" role="status" lang="zh-CN">
            {Object.values(problems).join(' ')}
          </p>
        ) : null}
        {r && r.ignored.length > 0 ? (
          <p class="notice" role="status">
            {tr(v, '部分筛选条件无法识别，已忽略。', 'Some filters were not recognised and were ignored.')}
          </p>
        ) : null}
        {!r ? (
          <p class="muted">{tr(v, '可以搜索本平台公开的全部政府信息和各机关的政府信息公开指南。', 'Search every published item and every agency’s guide.')}</p>
        ) : r.total === 0 ? (
          <section class="empty" aria-labelledby="none-h">
            <h2 id="none-h">{tr(v, `没有找到与“${r.query}”相关的信息`, `Nothing found for “${r.query}”`)}</h2>
            <ul>
              <li>{tr(v, '检查错别字，或换用更常见的说法（例如“低保”可试“最低生活保障”）。', 'Check the spelling or try a more common wording.')}</li>
              <li>{tr(v, '减少关键词，或去掉引号和筛选条件。', 'Use fewer words, or remove quotes and filters.')}</li>
              <li>
                {tr(v, '按机关浏览', 'Browse by agency')}: <a href="/catalogue">{tr(v, '政府信息公开目录', 'the catalogue')}</a>
              </li>
              <li>
                {tr(v, '仍未找到？可以', 'Still nothing? You can')} <a href="/requests/new">{tr(v, '申请政府信息公开', 'apply for disclosure')}</a>
                {tr(v, '（依申请公开）。', '.')}
              </li>
            </ul>
          </section>
        ) : (
          <div class="search-layout">
            <section aria-labelledby="results-h" class="search-results">
              <h2 id="results-h">
                {r.totalIsEstimate ? tr(v, `约 ${r.total} 条结果`, `About ${r.total} results`) : tr(v, `共 ${r.total} 条结果`, `${r.total} results`)}
                {r.total > 0 ? <span class="muted">{tr(v, `（第 ${r.page} 页，用时 ${r.tookMs} 毫秒）`, ` (page ${r.page}, ${r.tookMs} ms)`)}</span> : null}
              </h2>
              {r.results.length === 0 ? (
                <p>
                  {tr(v, '这一页没有更多结果。', 'There are no more results on this page.')} <a href={searchUrl(p, { page: 1 })}>{tr(v, '回到第 1 页', 'Back to page 1')}</a>
                </p>
              ) : null}
              <ol class="results" start={(r.page - 1) * r.limit + 1}>
                {r.results.map((h) => (
                  <li key={`${h.kind}:${h.id}`}>
                    <h3>
                      <a href={h.url} dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                    </h3>
                    <p class="meta">
                      {[KIND_LABELS[h.kind] ?? h.kind, h.agency, h.docNumber, h.date, h.validity && h.validity !== '现行有效' ? h.validity : null].filter(Boolean).join(' · ')}
                      {h.indexNumber ? <span class="muted"> · {tr(v, `索引号 ${h.indexNumber}`, `Index ${h.indexNumber}`)}</span> : null}
                    </p>
                    <p class="snippet" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />
                  </li>
                ))}
              </ol>
              <nav class="pager" aria-label={tr(v, '分页', 'Pages')}>
                {r.page > 1 ? <a href={searchUrl(p, { page: r.page - 1 })}>{tr(v, '上一页', 'Previous')}</a> : <span aria-hidden="true" />}
                {/* Past the last match the message above says where the results are; "第 100 / 97 页" would not. */}
                {r.results.length === 0 ? <span aria-hidden="true" /> : <span>{r.totalIsEstimate ? tr(v, `第 ${r.page} 页，约 ${Math.max(1, pages)} 页`, `Page ${r.page} of about ${Math.max(1, pages)}`) : tr(v, `第 ${r.page} / ${Math.max(1, pages)} 页`, `Page ${r.page} of ${Math.max(1, pages)}`)}</span>}
                {hasNext ? <a href={searchUrl(p, { page: r.page + 1 })}>{tr(v, '下一页', 'Next')}</a> : <span aria-hidden="true" />}
              </nav>
            </section>
            <aside aria-label={tr(v, '筛选结果', 'Refine')} class="facets">
              <FacetList v={v} title={tr(v, '类别', 'Kind')} name="kind" values={r.facets.kind} p={p} selected={p.kind} />
              <FacetList v={v} title={tr(v, '机关', 'Agency')} name="agency" values={r.facets.agency} p={p} selected={p.agency} />
              <FacetList v={v} title={tr(v, '主题分类', 'Topic')} name="topic" values={r.facets.topic} p={p} selected={p.topic} />
              <FacetList v={v} title={tr(v, '体裁', 'Genre')} name="genre" values={r.facets.genre} p={p} selected={p.genre} />
              <FacetList v={v} title={tr(v, '年份', 'Year')} name="from" values={r.facets.year} p={p} selected={p.from !== undefined && p.from === p.to ? String(p.from) : undefined} />
              <FacetList v={v} title={tr(v, '有效性', 'Validity')} name="validity" values={r.facets.validity} p={p} selected={p.validity} />
            </aside>
          </div>
        )}
        <script src="/static/search-suggest.js" defer />
      </PortalPage>,
      Object.keys(problems).length > 0 && !r ? 400 : 200,
    );
  };

  return async (app) => {
    app.get('/search', page);

    app.get('/api/search', async (req, reply) => {
      const { params, problems } = parseSearchParams(req.query as Record<string, unknown>);
      if (Object.keys(problems).length > 0) {
        return reply
          .code(400)
          .type('application/problem+json')
          .send({ type: 'about:blank', title: '查询参数有误', status: 400, detail: Object.values(problems).join(' '), errors: problems });
      }
      if (!params.q) {
        return reply.code(400).type('application/problem+json').send({ type: 'about:blank', title: '缺少查询词', status: 400, detail: '请用参数 q 给出要搜索的内容。', errors: { q: '请填写查询词。' } });
      }
      const r = await search.search(params);
      return reply.header('cache-control', 'no-store').send({
        query: r.query,
        total: r.total,
        totalIsEstimate: r.totalIsEstimate,
        page: r.page,
        limit: r.limit,
        results: r.results.map((h) => ({ id: h.id, kind: h.kind, title: h.title, docNumber: h.docNumber, indexNumber: h.indexNumber, agency: h.agency, date: h.date, validity: h.validity, url: `${req.protocol}://${req.host}${h.url}`, snippet: h.snippet })),
        facets: r.facets,
      });
    });

    app.get('/api/search/suggest', async (req, reply) => {
      const q = typeof (req.query as { q?: unknown }).q === 'string' ? (req.query as { q: string }).q : '';
      return reply.header('cache-control', 'public, max-age=60').send({ query: q.slice(0, 50), suggestions: await search.suggest(q) });
    });
  };
}
