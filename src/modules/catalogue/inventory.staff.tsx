/** @jsxImportSource preact */
import type { FastifyPluginAsync } from 'fastify';
import { grantRoots, type Actor } from '#platform/actor.js';
import { chinaDateTime } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import { NotFound } from '#platform/errors.js';
import { sendPage, viewCtx } from '#platform/http/request-context.js';
import { pageNumber } from '#platform/validation.js';
import { tr } from '#platform/views/context.js';
import { Pager } from '#platform/views/forms.js';
import { StaffPage } from '#platform/views/layout.js';
import { DataTable } from '#platform/views/table.js';
import { requireStaff } from '#modules/auth/index.js';
import { FINDING_LABELS, type FindingType } from '#modules/screening/index.js';

const READERS = ['reviewer', 'agency_admin', 'coordinator', 'supervisor'] as const;
const PAGE = 50;

/** The subtrees whose findings the actor may read (null: everything, for the system). */
const scope = (actor: Actor): string[] | null => (actor.kind === 'system' ? null : grantRoots(actor, [...READERS]));

/**
 * The 清理 reports of `gongkai screen --published`: each scan with its progress (a progress bar,
 * refreshed by a plain link while it runs), and its findings in the reader's agencies.
 */
export function inventoryStaffRoutes({ db }: { db: Database }): FastifyPluginAsync {
  return async (app) => {
    app.get('/staff/screening', async (req, reply) => {
      requireStaff(req);
      const v = viewCtx(req);
      const reports = await db.selectFrom('screeningReports').selectAll().orderBy('id', 'desc').limit(50).execute();
      const title = tr(v, '存量信息保密审查（清理）', 'Inventory screening');
      return sendPage(
        reply,
        <StaffPage v={v} title={title}>
          <h1>{title}</h1>
          <p>
            <a href="/staff/sensitive-words">{tr(v, '敏感词', 'Sensitive words')}</a>
          </p>
          <p class="lead">{tr(v, '对已发布的全部政府信息（正文和附件文字）进行个人信息和密级标志扫描，结果按机构列出，供逐条清理。扫描由运维人员在服务器上运行：gongkai screen --published。', 'Scans every published item (body and attachment text) for personal data and secrecy markings. Run on the server: gongkai screen --published.')}</p>
          {reports.length === 0 ? (
            <p class="empty">{tr(v, '尚未进行过扫描。', 'No scan yet.')}</p>
          ) : (
            <DataTable
              label={tr(v, '扫描报告列表', 'Reports')}
              headers={[tr(v, '报告', 'Report'), tr(v, '开始时间（北京时间）', 'Started (UTC+8)'), tr(v, '进度', 'Progress'), tr(v, '发现（全市）', 'Findings (city-wide)')]}
              rows={reports}
              rowKey={(r) => r.id}
              cells={(r) => (
                <>
                  <td>
                    <a href={`/staff/screening/${r.id}`}>{tr(v, `第 ${r.id} 次扫描`, `Scan ${r.id}`)}</a>
                  </td>
                  <td>{chinaDateTime(r.startedAt)}</td>
                  <td>{r.finishedAt ? tr(v, `已完成（${r.itemsScanned} 条）`, `done (${r.itemsScanned})`) : `${r.itemsScanned} / ${r.itemsTotal}`}</td>
                  <td>{r.findings}</td>
                </>
              )}
            />
          )}
        </StaffPage>,
      );
    });

    app.get<{ Params: { id: string } }>('/staff/screening/:id', async (req, reply) => {
      const actor = requireStaff(req);
      const v = viewCtx(req);
      const report = /^[1-9]\d{0,17}$/.test(req.params.id) ? await db.selectFrom('screeningReports').selectAll().where('id', '=', req.params.id).executeTakeFirst() : undefined;
      if (!report) throw new NotFound('REPORT_NOT_FOUND', '该扫描报告不存在。');
      const q = req.query as { type?: string; page?: string };
      const page = pageNumber(q.page);
      const roots = scope(actor);
      let rows = db
        .selectFrom('screeningReportRows as r')
        .innerJoin('organisations as o', 'o.id', 'r.orgId')
        .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
        .leftJoin('catalogueAttachments as a', 'a.id', 'r.attachmentId')
        .where('r.reportId', '=', report.id);
      if (roots) rows = roots.length === 0 ? rows.where('r.id', '=', '0') : rows.where((eb) => eb.or(roots.map((p) => eb('o.path', 'like', `${p}%`))));
      const byType = await rows.select(['r.type']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('r.type').orderBy('r.type').execute();
      const type = q.type && byType.some((b) => b.type === q.type) ? q.type : undefined;
      const filtered = type ? rows.where('r.type', '=', type) : rows;
      const total = Number((await filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      const list = await filtered
        .select(['r.id', 'r.itemId', 'r.type', 'r.severity', 'r.masked', 'r.context', 'o.name as orgName', 'i.title', 'i.publicState', 'a.fileName'])
        .orderBy('o.path')
        .orderBy('r.itemId')
        .orderBy('r.id')
        .limit(PAGE)
        .offset((page - 1) * PAGE)
        .execute();
      const running = !report.finishedAt;
      const title = tr(v, `第 ${report.id} 次存量扫描`, `Inventory scan ${report.id}`);
      return sendPage(
        reply,
        <StaffPage v={v} title={title}>
          <p class="muted">
            <a href="/staff/screening">{tr(v, '存量信息保密审查', 'Inventory screening')}</a>
          </p>
          <h1>{title}</h1>
          <p>
            <label for="scan-progress">{running ? tr(v, '扫描中：', 'Running: ') : tr(v, '已完成：', 'Finished: ')}</label>
            <progress id="scan-progress" max={Math.max(report.itemsTotal, 1)} value={report.itemsScanned}>
              {report.itemsScanned} / {report.itemsTotal}
            </progress>{' '}
            {report.itemsScanned} / {report.itemsTotal}
            {running ? (
              <>
                {' '}
                <a href={`/staff/screening/${report.id}`}>{tr(v, '刷新进度', 'Refresh progress')}</a>
              </>
            ) : null}
          </p>
          <h2>{tr(v, '按类型（本人可见机构）', 'By type (your agencies)')}</h2>
          {byType.length === 0 ? (
            <p class="empty">{tr(v, '在您可见的机构中没有发现。', 'Nothing found in your agencies.')}</p>
          ) : (
            <ul class="actions">
              <li>
                <a href={`/staff/screening/${report.id}`} aria-current={type ? undefined : 'page'}>
                  {tr(v, '全部', 'All')}
                </a>
              </li>
              {byType.map((b) => (
                <li key={b.type}>
                  <a href={`/staff/screening/${report.id}?type=${encodeURIComponent(b.type)}`} aria-current={type === b.type ? 'page' : undefined}>
                    {FINDING_LABELS[b.type as FindingType] ?? b.type}（{b.n}）
                  </a>
                </li>
              ))}
            </ul>
          )}
          {list.length > 0 ? (
            <DataTable
              label={tr(v, '发现列表', 'Findings')}
              headers={[tr(v, '机构', 'Agency'), tr(v, '信息', 'Item'), tr(v, '位置', 'Where'), tr(v, '类型', 'Type'), tr(v, '上下文（已遮蔽）', 'Context (masked)')]}
              rows={list}
              rowKey={(r) => r.id}
              cells={(r) => (
                <>
                  <td>{r.orgName}</td>
                  <td>
                    <a href={`/staff/items/${r.itemId}`}>{r.title}</a>
                    {r.publicState !== 'published' ? <span class="tag">{tr(v, '已不再公开', 'no longer public')}</span> : null}
                  </td>
                  <td>{r.fileName ? tr(v, `附件“${r.fileName}”`, `Attachment ${r.fileName}`) : tr(v, '正文', 'Body')}</td>
                  <td>
                    {FINDING_LABELS[r.type as FindingType] ?? r.type}
                    {r.severity === 'high' ? <span class="tag tag-warn">{tr(v, '高风险', 'high')}</span> : null}
                  </td>
                  <td>{r.context}</td>
                </>
              )}
            />
          ) : null}
          <Pager base={`/staff/screening/${report.id}${type ? `?type=${encodeURIComponent(type)}` : ''}`} page={page} pageSize={PAGE} total={total} labels={{ prev: v.t('pager.prev'), next: v.t('pager.next'), status: tr(v, `第 ${page} 页，共 ${total} 条`, `Page ${page}, ${total} findings`) }} />
        </StaffPage>,
      );
    });
  };
}
