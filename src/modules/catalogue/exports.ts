import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '#platform/db/database.js';
import { cnDate, presentListingRow, VALIDITY_LABELS } from './public.api.js';
import { parseListingQuery, streamPublic, type PublicListingRow } from './public.repository.js';

/** At most this many rows per export (the whole of any realistic listing). */
export const EXPORT_CAP = 100_000;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; a cell that a
 * spreadsheet would read as a formula (= + - @, or a leading tab/CR) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const CSV_HEADER = ['索引号', '标题', '发布机构', '文号', '主题分类', '体裁', '成文日期', '发布日期', '有效性', '有效性变更日期', '链接'];

function csvRecord(r: PublicListingRow, publicUrl: string): string {
  return csvLine([
    r.indexNumber,
    r.title,
    r.agencyName,
    r.docNumber,
    r.topicName,
    r.genreName,
    r.generatedOn,
    cnDate(r.firstPublishedAt),
    VALIDITY_LABELS[r.validity].zh,
    r.validityChangedOn,
    `${publicUrl}/catalogue/${r.id}`,
  ]);
}

/** A file name stamped with today's date (CST). */
function fileName(ext: string): string {
  return `catalogue-${cnDate(new Date())}.${ext}`;
}

/**
 * Downloads of any listing: `/catalogue.csv?…` and `/catalogue.json?…` take the listing's filters
 * and sort and stream every matching row (in keyset batches, up to EXPORT_CAP), not one page.
 */
export function catalogueExportRoutes({ db, publicUrl }: { db: Database; publicUrl: string }): FastifyPluginAsync {
  return async (app) => {
    app.get('/catalogue.csv', async (req, reply) => {
      const q = parseListingQuery(req.query as Record<string, unknown>, { defaultPageSize: 1, maxPageSize: 1 });
      const rows = streamPublic(db, q.filters, q.sort, { cap: EXPORT_CAP });
      async function* csv() {
        // The BOM lets Excel recognise UTF-8 (otherwise Chinese opens as mojibake).
        yield `\uFEFF${csvLine(CSV_HEADER)}`;
        let chunk = '';
        for await (const r of rows) {
          chunk += csvRecord(r, publicUrl);
          if (chunk.length > 64 * 1024) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName('csv')}"`)
        .header('cache-control', 'no-cache')
        .send(Readable.from(csv()));
    });

    app.get('/catalogue.json', async (req, reply) => {
      const q = parseListingQuery(req.query as Record<string, unknown>, { defaultPageSize: 1, maxPageSize: 1 });
      const rows = streamPublic(db, q.filters, q.sort, { cap: EXPORT_CAP });
      const header = { generatedAt: new Date().toISOString(), filters: q.filters, sort: q.sort };
      async function* json() {
        yield `${JSON.stringify(header).slice(0, -1)},"items":[`;
        let n = 0;
        let chunk = '';
        for await (const r of rows) {
          chunk += `${n++ === 0 ? '\n' : ',\n'}${JSON.stringify(presentListingRow(r, publicUrl))}`;
          if (chunk.length > 64 * 1024) {
            yield chunk;
            chunk = '';
          }
        }
        yield `${chunk}\n],"count":${n},"truncated":${n >= EXPORT_CAP}}\n`;
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName('json')}"`)
        .header('cache-control', 'no-cache')
        .send(Readable.from(json()));
    });
  };
}
