import type { Actor } from '#platform/actor.js';
import type { Database } from '#platform/db/database.js';
import type { OrganisationRow } from '#platform/db/schema.js';
import { DomainError, Forbidden, ValidationFailed } from '#platform/errors.js';
import { readXlsx, writeXlsx, XlsxError } from '#platform/files/xlsx.js';
import { parseCsv } from '#modules/catalogue/index.js';
import type { AuditService } from '#modules/audit/index.js';
import type { OrgService } from '#modules/org/index.js';
import { basisLine, BODY_NATURE, parseBasisLine, POWER_STATUS, type PowerContent } from './matter.schema.js';
import { canOnMatter } from './matters.policy.js';
import { contentOf, type MattersService } from './matters.service.js';

/**
 * The spreadsheet format of a 权责清单 (docs/powers-import.md): one power per row, the first row
 * the column headers below (in any order; unknown columns are reported and ignored). Lists inside a
 * cell (子项, 设定依据, 责任事项, 追责情形) are one entry per line, or separated by "；".
 */
export const POWER_COLUMNS = [
  { key: 'code', header: '职权编码', required: true, width: 18 },
  { key: 'name', header: '职权名称', required: true, width: 36 },
  { key: 'category', header: '职权类别', required: true, width: 12 },
  { key: 'subItems', header: '子项名称', required: false, width: 24 },
  { key: 'basis', header: '设定依据', required: true, width: 48 },
  { key: 'implementingBody', header: '实施主体', required: true, width: 24 },
  { key: 'bodyNature', header: '主体性质', required: false, width: 14 },
  { key: 'division', header: '承办机构', required: false, width: 18 },
  { key: 'responsibilities', header: '责任事项', required: false, width: 40 },
  { key: 'responsibilityBasis', header: '责任事项依据', required: false, width: 30 },
  { key: 'accountability', header: '追责情形', required: false, width: 40 },
  { key: 'accountabilityBasis', header: '追责依据', required: false, width: 30 },
  { key: 'statutoryDays', header: '法定期限（工作日）', required: false, width: 12 },
  { key: 'promisedDays', header: '承诺期限（工作日）', required: false, width: 12 },
  { key: 'limitNote', header: '期限说明', required: false, width: 24 },
  { key: 'fees', header: '收费依据和标准', required: false, width: 24 },
  { key: 'supervisionPhone', header: '监督电话', required: false, width: 16 },
  { key: 'status', header: '状态', required: false, width: 10 },
  { key: 'statusSince', header: '状态日期', required: false, width: 12 },
  { key: 'remarks', header: '备注', required: false, width: 24 },
] as const;
type ColumnKey = (typeof POWER_COLUMNS)[number]['key'];

const LIST_KEYS = new Set<ColumnKey>(['subItems', 'responsibilities', 'accountability']);
/** Header aliases seen in agencies' own sheets. */
const ALIASES: Record<string, ColumnKey> = { 事项编码: 'code', 职权代码: 'code', 事项名称: 'name', 权力名称: 'name', 职权类型: 'category', 权力类别: 'category', 子项: 'subItems', 法定依据: 'basis', 实施依据: 'basis', 责任处室: 'division', 承办科室: 'division', 法定期限: 'statutoryDays', 承诺期限: 'promisedDays', 收费: 'fees', 收费依据: 'fees' };

export interface SheetRowReport {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  code: string | null;
  name: string | null;
  ok: boolean;
  /** What happens with the row: a new power, a revision of an existing one, or nothing. */
  action: 'create' | 'update' | 'skip';
  errors: string[];
  matterId?: string;
}

export interface SheetReport {
  format: 'csv' | 'xlsx';
  mode: 'all-or-nothing' | 'valid-only';
  publish: boolean;
  total: number;
  valid: number;
  imported: number;
  /** Problems with the sheet as a whole (missing or unknown columns). */
  sheetErrors: string[];
  rows: SheetRowReport[];
}

const splitList = (cell: string) =>
  cell
    .split(/\r?\n|；|;/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "20", "20个工作日", "即办", "" → days or null; anything else is reported. */
export function parseDays(cell: string): number | null | 'bad' {
  const t = cell.trim();
  if (t === '' || t === '无' || t === '—' || t === '-') return null;
  if (/^(即办|当场|即时)/.test(t)) return 0;
  const m = /^(\d{1,3})(\s*(个)?工作日)?$/.exec(t);
  return m ? Number(m[1]) : 'bad';
}

/** Reads a spreadsheet file into rows (CSV in UTF-8 with or without BOM, or XLSX). */
export function readSheet(fileName: string, data: Buffer): { format: 'csv' | 'xlsx'; rows: string[][] } {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b) {
    try {
      return { format: 'xlsx', rows: readXlsx(data) };
    } catch (err) {
      if (err instanceof XlsxError) throw new ValidationFailed({ file: err.message }, err.message);
      throw err;
    }
  }
  if (data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) {
    throw new ValidationFailed({ file: '这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。' }, '文件格式不受支持。');
  }
  // Excel in Chinese saves "CSV" in GB18030 (GBK) unless told "CSV UTF-8": read both.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(data);
    } catch {
      throw new ValidationFailed({ file: 'CSV 文件的编码无法识别，请在 Excel 中另存为“CSV UTF-8”后重新上传。' }, '文件编码不正确。');
    }
  }
  if (!/\.(csv|txt)$/i.test(fileName) && !text.includes(',')) throw new ValidationFailed({ file: '请上传 CSV 或 XLSX 文件。' }, '文件格式不受支持。');
  return { format: 'csv', rows: parseCsv(text) };
}

/** Imports and exports power lists; the import checks every row and reports each problem by row. */
export function createPowerSheets(deps: { db: Database; audit: AuditService; orgs: OrgService; matters: MattersService }) {
  const { db, audit, orgs, matters } = deps;

  /** Maps the header row to column keys; reports missing required and unknown columns. */
  function headerMap(header: string[]): { map: (ColumnKey | null)[]; errors: string[] } {
    const errors: string[] = [];
    const map = header.map((h) => {
      const name = h.trim().replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
      const col = POWER_COLUMNS.find((c) => c.header === name)?.key ?? ALIASES[name] ?? null;
      if (!col && name !== '' && name !== '序号') errors.push(`未知的列“${h.trim()}”，已忽略。`);
      return col;
    });
    for (const c of POWER_COLUMNS) if (c.required && !map.includes(c.key)) errors.unshift(`缺少必填列“${c.header}”。`);
    return { map, errors };
  }

  /** One row → the raw content for the schema, or cell-level problems. */
  function rowContent(cells: Record<ColumnKey, string>, categories: { code: string; name: string; isActive: boolean }[]): { raw: Record<string, unknown>; errors: string[] } {
    const errors: string[] = [];
    const raw: Record<string, unknown> = {};
    for (const c of POWER_COLUMNS) {
      // A leading apostrophe is the export's guard against spreadsheet formulas.
      const v = (cells[c.key] ?? '').replace(/^'(?=[=+\-@])/, '');
      if (LIST_KEYS.has(c.key)) raw[c.key] = splitList(v);
      else if (c.key === 'basis') raw.basis = splitList(v).map((line) => ({ ...parseBasisLine(line), itemId: null }));
      else if (c.key === 'statutoryDays' || c.key === 'promisedDays') {
        const d = parseDays(v);
        if (d === 'bad') errors.push(`“${c.header}”应为工作日数（如 20），或“即办”，或留空；“${v}”无法识别。`);
        else raw[c.key] = d;
      } else if (c.key === 'category') {
        const t = v.trim();
        const cat = categories.find((x) => x.name === t || x.code === t.toUpperCase());
        if (t === '') errors.push('请填写“职权类别”。');
        else if (!cat || !cat.isActive) errors.push(`职权类别“${t}”不存在（可选：${categories.filter((x) => x.isActive).map((x) => x.name).join('、')}）。`);
        else raw.category = cat.code;
      } else if (c.key === 'bodyNature') {
        const t = v.trim();
        const hit = Object.entries(BODY_NATURE).find(([k, label]) => k === t || label === t || (t !== '' && label.startsWith(t)));
        if (t === '') raw.bodyNature = 'statutory';
        else if (!hit) errors.push(`主体性质“${t}”不正确（可选：${Object.values(BODY_NATURE).join('、')}）。`);
        else raw.bodyNature = hit[0];
      } else if (c.key === 'status') {
        const t = v.trim();
        const hit = Object.entries(POWER_STATUS).find(([k, label]) => k === t || label === t);
        if (t === '') raw.status = 'in_force';
        else if (!hit) errors.push(`状态“${t}”不正确（可选：${Object.values(POWER_STATUS).join('、')}）。`);
        else raw.status = hit[0];
      } else raw[c.key] = c.key === 'statusSince' ? v.trim() || null : v;
    }
    return { raw, errors };
  }

  const fieldLabel = (key: string) => {
    const top = key.split('.')[0] as ColumnKey;
    return POWER_COLUMNS.find((c) => c.key === top)?.header ?? key;
  };

  return {
    /**
     * Imports a power list into one agency. Every row is checked (columns, category, codes unique in
     * the sheet and the agency, schema); rows whose code already exists update that power (a new
     * working version). `all-or-nothing` imports nothing when any row fails; `valid-only` imports
     * the good rows. `publish` (reviewers and agency admins) publishes them at once, audited as such.
     */
    async importSheet(actor: Actor, orgId: string, file: { fileName: string; data: Buffer }, opts: { mode: 'all-or-nothing' | 'valid-only'; publish: boolean; dryRun?: boolean }): Promise<SheetReport> {
      const org: OrganisationRow | undefined = /^[1-9]\d{0,17}$/.test(orgId) ? await orgs.lookup(orgId) : undefined;
      if (!org || !org.isActive) throw new ValidationFailed({ orgId: '请选择有效的机构。' });
      if (!canOnMatter(actor, 'import', org.path)) throw new Forbidden('MATTER_FORBIDDEN', '您没有为该机构导入权责清单的权限。');
      if (opts.publish && !canOnMatter(actor, 'review', org.path)) throw new Forbidden('MATTER_FORBIDDEN', '只有审核人或机构管理员可以导入并直接发布。');
      if (file.data.length === 0) throw new ValidationFailed({ file: '请选择要导入的文件。' });
      const { format, rows } = readSheet(file.fileName, file.data);
      const report: SheetReport = { format, mode: opts.mode, publish: opts.publish, total: 0, valid: 0, imported: 0, sheetErrors: [], rows: [] };
      const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
      if (headerIndex < 0) throw new ValidationFailed({ file: '文件中没有内容。' });
      const { map, errors: sheetErrors } = headerMap(rows[headerIndex]!);
      report.sheetErrors = sheetErrors;
      if (sheetErrors.some((e) => e.startsWith('缺少'))) throw new ValidationFailed({ file: sheetErrors.filter((e) => e.startsWith('缺少')).join(' ') }, '表头不完整，未导入任何内容。');
      if (rows.length - headerIndex - 1 > 5000) throw new ValidationFailed({ file: '一次最多导入 5000 行。' });
      const categories = await matters.categories(true);
      const existing = new Map((await db.selectFrom('matters').select(['id', 'code', 'workState']).where('orgId', '=', org.id).where('type', '=', 'power').where('publicState', '!=', 'withdrawn').execute()).map((m) => [m.code, m]));
      const seen = new Map<string, number>();
      const prepared: { report: SheetRowReport; content: PowerContent | null }[] = [];

      await db.transaction().execute(async (tx) => {
        for (let i = headerIndex + 1; i < rows.length; i++) {
          const line = rows[i]!;
          if (line.every((c) => c.trim() === '')) continue;
          const cells = {} as Record<ColumnKey, string>;
          map.forEach((key, j) => {
            if (key) cells[key] = line[j] ?? '';
          });
          const r: SheetRowReport = { row: i + 1, code: cells.code?.trim() || null, name: cells.name?.trim() || null, ok: false, action: 'skip', errors: [] };
          report.total++;
          const { raw, errors } = rowContent(cells, categories);
          r.errors.push(...errors);
          const code = r.code ?? '';
          if (code && seen.has(code)) r.errors.push(`职权编码“${code}”与第 ${seen.get(code)} 行重复。`);
          else if (code) seen.set(code, r.row);
          const prior = code ? existing.get(code) : undefined;
          if (prior?.workState === 'submitted') r.errors.push(`职权编码“${code}”对应的事项正在审核中，不能导入覆盖。`);
          let content: PowerContent | null = null;
          if (r.errors.length === 0) {
            try {
              content = await matters.resolve(tx, 'power', org, raw, prior?.id ?? null);
            } catch (err) {
              if (!(err instanceof DomainError)) throw err;
              r.errors.push(...Object.entries(err.fields).map(([k, msg]) => (k === '_' ? msg : `${fieldLabel(k)}：${msg}`)));
            }
          }
          r.ok = r.errors.length === 0;
          r.action = r.ok ? (prior ? 'update' : 'create') : 'skip';
          if (r.ok) report.valid++;
          prepared.push({ report: r, content });
        }
        report.rows = prepared.map((p) => p.report);
        const blocked = opts.mode === 'all-or-nothing' && report.valid < report.total;
        if (opts.dryRun || blocked || report.valid === 0) return;
        for (const p of prepared) {
          if (!p.report.ok || !p.content) continue;
          const prior = existing.get(p.content.code);
          if (prior) {
            p.report.matterId = prior.id;
            await matters.reviseIn(tx, actor, prior.id, p.content, opts.publish);
          } else {
            p.report.matterId = await matters.createIn(tx, actor, 'power', org, p.content, null, opts.publish);
          }
          report.imported++;
        }
        await audit.record(tx, actor, 'matters.imported', { orgId: org.id, subjectType: 'organisation', subjectId: org.id, summary: { format, total: report.total, imported: report.imported, publish: opts.publish } });
      });
      if (opts.mode === 'all-or-nothing' && report.valid < report.total) report.imported = 0;
      if (opts.publish && report.imported > 0) matters.touch();
      return report;
    },

    /**
     * The agency's power list in the import format: each power's working version when there is one
     * (staff), else its published one; `publicOnly` exports only published content.
     */
    async exportRows(org: OrganisationRow, publicOnly: boolean): Promise<string[][]> {
      const rows = await db
        .selectFrom('matters as m')
        .leftJoin('matterVersions as w', 'w.id', 'm.workVersionId')
        .leftJoin('matterVersions as c', 'c.id', 'm.currentVersionId')
        .select(['m.code', 'w.content as work', 'c.content as current'])
        .where('m.orgId', '=', org.id)
        .where('m.type', '=', 'power')
        .$if(publicOnly, (q) => q.where('m.publicState', '=', 'published'))
        .$if(!publicOnly, (q) => q.where('m.publicState', '!=', 'withdrawn'))
        .orderBy('m.code')
        .execute();
      const cats = new Map((await matters.categories(true)).map((c) => [c.code, c.name]));
      const out: string[][] = [POWER_COLUMNS.map((c) => c.header)];
      for (const r of rows) {
        const p = contentOf('power', publicOnly ? r.current : (r.work ?? r.current));
        out.push(
          POWER_COLUMNS.map((c) => {
            switch (c.key) {
              case 'category':
                return cats.get(p.category) ?? p.category;
              case 'basis':
                return p.basis.map(basisLine).join('\n');
              case 'subItems':
              case 'responsibilities':
              case 'accountability':
                return p[c.key].join('\n');
              case 'bodyNature':
                return BODY_NATURE[p.bodyNature];
              case 'status':
                return POWER_STATUS[p.status];
              case 'statutoryDays':
              case 'promisedDays':
                return p[c.key] === null ? '' : String(p[c.key]);
              case 'code':
              case 'name':
              case 'implementingBody':
              case 'division':
              case 'responsibilityBasis':
              case 'accountabilityBasis':
              case 'limitNote':
              case 'fees':
              case 'supervisionPhone':
              case 'statusSince':
              case 'remarks':
                return p[c.key] ?? '';
            }
          }),
        );
      }
      return out;
    },
  };
}

/** Rows as CSV (UTF-8 with BOM so that Excel reads the Chinese correctly). */
export function toCsv(rows: string[][]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v);
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Rows as an XLSX workbook with a bold, frozen header. */
export function toXlsx(rows: string[][], sheetName = '权责清单'): Uint8Array {
  return writeXlsx([{ name: sheetName, rows, header: true, columnWidths: POWER_COLUMNS.map((c) => c.width) }]);
}

export type PowerSheets = ReturnType<typeof createPowerSheets>;
