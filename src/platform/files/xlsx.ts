/**
 * A small XLSX (SpreadsheetML) reader and writer without a spreadsheet library: fflate does the
 * zip, the XML is walked and written here. Enough for tables of text and numbers — power lists
 * (权责清单) imported from and exported to the format agencies keep them in. Formulas are read
 * through their cached values; formatting beyond dates, a bold header, wrapped text, a frozen
 * first row and column widths is neither read nor written.
 */
import { Inflate, strToU8, zipSync } from 'fflate';
import { DomainError } from '../errors.js';
import { listZipEntries, type ZipEntry } from './sniff.js';

/** An XLSX that cannot be read (or a table that cannot be written); the message is for people. */
export class XlsxError extends DomainError {
  constructor(message: string, code = 'XLSX_INVALID') {
    super(code, 400, message);
  }
}

/** A workbook whose parts inflate to more than this is refused (a zip bomb or not a form). */
export const XLSX_MAX_BYTES = 50 * 1024 * 1024;
/** A worksheet with content below this row is refused. */
export const XLSX_MAX_ROWS = 100_000;
/** Cells a read worksheet may hold (rows padded to their last cell), so that sparse far-right cells cannot blow up memory. */
const MAX_CELLS = 10_000_000;
/** Excel's own limits. */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLS = 16_384;
const EXCEL_MAX_TEXT = 32_767;

const NOT_XLSX = '不是有效的 XLSX 文件。';
const OLD_XLS = '这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。';
const TOO_BIG = `文件解压后超过 ${XLSX_MAX_BYTES / 1024 / 1024} MB，无法导入；请删去无关的工作表或内容，或分成几个文件导入。`;

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** True when the bytes are a zip holding xl/workbook.xml; never throws. */
export function isXlsx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  try {
    return (listZipEntries(asBuffer(bytes)) ?? []).some((e) => partName(e.name) === 'xl/workbook.xml');
  } catch {
    return false;
  }
}

/**
 * One worksheet as rows of cell text: the first visible worksheet, or with `sheet` the worksheet
 * at that 0-based position in the workbook's tab order (hidden ones included). `rows[i]` is Excel
 * row i + 1, so row numbers in a validation report match what people see in Excel: rows without
 * content are `[]`, empty cells before the last filled one in a row are `''`, and trailing empty
 * cells and rows are dropped. Numbers are written out plainly (`42`, `3.5`, at most 15
 * significant digits as Excel shows them in General), date-formatted numbers as `YYYY-MM-DD`
 * (with ` HH:MM` or ` HH:MM:SS` when the format shows a time and the value has one), time-only
 * formats as `HH:MM[:SS]`, booleans as `TRUE`/`FALSE`, formulas as their cached value, errors
 * (`#N/A` …) as ''. Throws XlsxError with a Chinese message for anything it cannot read.
 */
export function readXlsx(bytes: Uint8Array, opts: { sheet?: number } = {}): string[][] {
  const zip = openZip(bytes);
  const rootRels = zip.has('_rels/.rels') ? parseRels(zip.text('_rels/.rels'), '') : [];
  const workbookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!zip.has(workbookPath)) {
    throw new XlsxError(zip.has('word/document.xml') ? `${NOT_XLSX}这是 Word 文档，不是 Excel 表格。` : `${NOT_XLSX}压缩包中没有工作簿（xl/workbook.xml）。`);
  }
  const workbook = parseWorkbook(zip.text(workbookPath));
  const dir = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
  const rels = zip.has(relsPath) ? parseRels(zip.text(relsPath), dir) : [];
  const byId = new Map(rels.map((r) => [r.id, r]));

  const worksheets = workbook.sheets.flatMap((s) => {
    const rel = byId.get(s.relId);
    return rel && rel.type.endsWith('/worksheet') ? [{ ...s, path: rel.target }] : [];
  });
  if (worksheets.length === 0) throw new XlsxError('工作簿中没有工作表。');
  const wanted = opts.sheet;
  const chosen =
    wanted === undefined
      ? (worksheets.find((s) => s.state === 'visible') ?? worksheets[0])
      : Number.isInteger(wanted) && wanted >= 0
        ? worksheets[wanted]
        : undefined;
  if (!chosen && wanted !== undefined) throw new XlsxError(`工作簿中没有第 ${String(wanted + 1)} 个工作表（共 ${worksheets.length} 个）。`);
  if (!chosen || !zip.has(chosen.path)) throw new XlsxError(`${NOT_XLSX}找不到工作表“${chosen?.name ?? ''}”的内容。`);

  const partOf = (suffix: string, fallback: string) => rels.find((r) => r.type.endsWith(suffix))?.target ?? `${dir}${fallback}`;
  const sstPath = partOf('/sharedStrings', 'sharedStrings.xml');
  const stylesPath = partOf('/styles', 'styles.xml');
  const shared = zip.has(sstPath) ? parseSharedStrings(zip.text(sstPath)) : [];
  const styles = zip.has(stylesPath) ? parseStyles(zip.text(stylesPath)) : { cellNumFmts: [], numFmts: new Map<number, string>() };
  return parseSheet(zip.text(chosen.path), { shared, styles: styleKinds(styles), date1904: workbook.date1904 });
}

// ---- the zip ----

interface Zip {
  has(name: string): boolean;
  /** The part decoded as text; counts against the size budget. */
  text(name: string): string;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Part names compare case-insensitively (OPC), and some tools write backslashes or a leading slash. */
function partName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

function openZip(bytes: Uint8Array): Zip {
  const buf = asBuffer(bytes);
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    // An OLE compound file: a .xls, or an .xlsx encrypted with a password (which Excel also stores as OLE).
    throw new XlsxError(OLD_XLS);
  }
  let list: ZipEntry[] | null = null;
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) {
    try {
      list = listZipEntries(buf);
    } catch {
      list = null;
    }
  }
  if (!list) throw new XlsxError(NOT_XLSX);
  // What the directory declares; the inflation below also counts what really comes out, since the directory may lie.
  if (list.reduce((sum, e) => sum + e.size, 0) > XLSX_MAX_BYTES) throw new XlsxError(TOO_BIG, 'XLSX_TOO_LARGE');
  const entries = new Map(list.map((e) => [partName(e.name), e]));
  let budget = XLSX_MAX_BYTES;

  const inflate = (e: ZipEntry): Uint8Array => {
    const p = e.localHeaderOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new XlsxError(NOT_XLSX);
    if (buf.readUInt16LE(p + 6) & 1) throw new XlsxError('这个 XLSX 文件已加密，请在 Excel 中取消密码后再导入。');
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const body = buf.subarray(start, Math.min(buf.length, start + e.compressedSize));
    if (e.method === 0) {
      budget -= body.length;
      if (budget < 0) throw new XlsxError(TOO_BIG, 'XLSX_TOO_LARGE');
      return body;
    }
    if (e.method !== 8) throw new XlsxError(`${NOT_XLSX}（不支持的压缩方式）`);
    const chunks: Uint8Array[] = [];
    const stream = new Inflate((chunk) => {
      budget -= chunk.length;
      if (budget < 0) throw new XlsxError(TOO_BIG, 'XLSX_TOO_LARGE');
      chunks.push(chunk);
    });
    try {
      for (let i = 0; i < body.length || i === 0; i += 65_536) stream.push(body.subarray(i, i + 65_536), i + 65_536 >= body.length);
    } catch (err) {
      if (err instanceof XlsxError) throw err;
      throw new XlsxError(`${NOT_XLSX}（压缩数据已损坏）`);
    }
    return Buffer.concat(chunks);
  };

  return {
    has: (name) => entries.has(partName(name)),
    text(name) {
      const e = entries.get(partName(name));
      if (!e) throw new XlsxError(NOT_XLSX);
      return decodeText(inflate(e));
    },
  };
}

function decodeText(b: Uint8Array): string {
  // XML parts are UTF-8 (the BOM is dropped by TextDecoder); UTF-16 is allowed and marked by its BOM.
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  return new TextDecoder('utf-8').decode(b);
}

// ---- XML ----

/**
 * Tags, text and CDATA of an XML document, in order. Element names lose their namespace prefix
 * (some writers use `x:c`); comments, processing instructions and the doctype are skipped, and
 * no entity beyond the predefined and numeric ones is ever expanded.
 */
const TOKEN =
  /<(\/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>|([^<]+)/g;

interface XmlHandler {
  open?(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Text, entities decoded. */
  text?(text: string): void;
}

function walk(xml: string, h: XmlHandler): void {
  for (const m of xml.matchAll(TOKEN)) {
    const [, slash, name, attrs, selfClosing, cdata, text] = m;
    if (name !== undefined) {
      if (slash) h.close?.(name);
      else {
        h.open?.(name, attrs ?? '', selfClosing === '/');
        if (selfClosing === '/') h.close?.(name);
      }
    } else if (cdata !== undefined) h.text?.(cdata);
    else if (text !== undefined) h.text?.(decodeEntities(text));
  }
}

const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes by local name (`r:id` → `id`); namespace declarations are left out. */
function attrsOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (s === '') return out;
  for (const m of s.matchAll(ATTR)) {
    const name = m[1] ?? '';
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out[name.slice(name.indexOf(':') + 1)] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[ref] ?? m;
  });
}

/** SpreadsheetML's own escape for characters XML cannot hold: `_x000D_` is a carriage return, `_x005F_` an underscore. */
function decodeXEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---- package parts ----

interface Rel {
  id: string;
  type: string;
  /** The target's part name, resolved against the source part's folder (no leading slash). */
  target: string;
}

function parseRels(xml: string, baseDir: string): Rel[] {
  const rels: Rel[] = [];
  walk(xml, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const a = attrsOf(attrs);
      if (a.TargetMode === 'External' || !a.Id || !a.Target) return;
      rels.push({ id: a.Id, type: a.Type ?? '', target: resolvePart(baseDir, a.Target) });
    },
  });
  return rels;
}

function resolvePart(baseDir: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(t);
  } catch {
    // not percent-encoded after all
  }
  const path = t.startsWith('/') ? t.slice(1) : baseDir + t;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

interface WorkbookInfo {
  date1904: boolean;
  sheets: { name: string; relId: string; state: string }[];
}

function parseWorkbook(xml: string): WorkbookInfo {
  const info: WorkbookInfo = { date1904: false, sheets: [] };
  walk(xml, {
    open(name, attrs) {
      if (name === 'workbookPr') {
        const v = attrsOf(attrs).date1904;
        info.date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet') {
        const a = attrsOf(attrs);
        info.sheets.push({ name: a.name ?? '', relId: a.id ?? '', state: a.state ?? 'visible' });
      }
    },
  });
  return info;
}

/** The shared string table; rich-text runs are joined, phonetic guides (<rPh>) left out. */
function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  let inT = false;
  let phonetic = 0;
  walk(xml, {
    open(name, _attrs, selfClosing) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && !selfClosing) inT = true;
    },
    close(name) {
      if (name === 'si' && current) {
        out.push(current.join(''));
        current = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inT = false;
    },
    text(text) {
      if (inT && phonetic === 0 && current) current.push(decodeXEscapes(text));
    },
  });
  return out;
}

interface Styles {
  /** numFmtId of each cellXfs entry, by the cell's `s` index. */
  cellNumFmts: number[];
  /** Custom number formats by id. */
  numFmts: Map<number, string>;
}

function parseStyles(xml: string): Styles {
  const styles: Styles = { cellNumFmts: [], numFmts: new Map() };
  let inCellXfs = false;
  walk(xml, {
    open(name, attrs) {
      if (name === 'numFmt') {
        const a = attrsOf(attrs);
        styles.numFmts.set(Number(a.numFmtId), a.formatCode ?? '');
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) styles.cellNumFmts.push(Number(attrsOf(attrs).numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/** How a number is shown: a date (maybe with a time), a time of day or duration, or as a number. */
interface DateKind {
  date: boolean;
  time: boolean;
  seconds: boolean;
}

/** Built-in formats that show dates or times (ids 27–58 are the zh-CN ones Excel leaves out of styles.xml). */
const BUILTIN_DATE_FORMATS: Record<number, string> = {
  14: 'yyyy-mm-dd', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy h:mm',
  27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0',
  50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"', 54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
};

/** Whether a number format code shows a date or time; literal text, colours, conditions and locale tags do not count. */
function dateKindOf(code: string): DateKind | null {
  const section = (code.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, '$1')
    .replace(/\[[^\]]*\]/g, '');
  const ampm = /AM\/PM|A\/P|上午\/下午/i.test(section);
  const c = section.replace(/AM\/PM|A\/P/gi, '').toLowerCase();
  if (/general/.test(c)) return null;
  const time = ampm || /[hs]/.test(c);
  const date = /[yd]/.test(c) || (/m/.test(c) && !time);
  return date || time ? { date, time, seconds: c.includes('s') } : null;
}

function styleKinds(styles: Styles): (DateKind | null)[] {
  const cache = new Map<number, DateKind | null>();
  return styles.cellNumFmts.map((id) => {
    if (!cache.has(id)) {
      const code = styles.numFmts.get(id) ?? BUILTIN_DATE_FORMATS[id];
      cache.set(id, code === undefined ? null : dateKindOf(code));
    }
    return cache.get(id) ?? null;
  });
}

// ---- the worksheet ----

interface SheetContext {
  shared: string[];
  styles: (DateKind | null)[];
  date1904: boolean;
}

/** 'A' → 0, 'AB' → 27; -1 when the reference has no (valid) column. */
function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
  }
  return i === 0 || n > EXCEL_MAX_COLS ? -1 : n - 1;
}

function parseSheet(xml: string, ctx: SheetContext): string[][] {
  const rows: string[][] = [];
  let lastRow = 0; // last row (1-based) with content
  let cellCount = 0;
  let rowNum = 0;
  let cells: string[] = [];
  let nextCol = 0;
  let inSheetData = false;
  // the cell being read
  let col = 0;
  let type = 'n';
  let style = 0;
  let value: string[] | null = null;
  let inline: string[] | null = null;
  let target: string[] | null = null;
  let phonetic = 0;

  const endRow = () => {
    if (cells.length === 0) return;
    if (rowNum > XLSX_MAX_ROWS) {
      throw new XlsxError(`工作表超过 ${XLSX_MAX_ROWS.toLocaleString('en-US')} 行，无法导入；请分成几个文件导入。`, 'XLSX_TOO_LARGE');
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    cellCount += cells.length;
    if (cellCount > MAX_CELLS) throw new XlsxError('工作表的单元格太多，无法导入；请删去空白的行列或分成几个文件导入。', 'XLSX_TOO_LARGE');
    const existing = rows[rowNum - 1];
    if (existing) {
      // The same row twice (not Excel's doing): the later cells fill in.
      for (let i = 0; i < cells.length; i++) if (cells[i] !== '') existing[i] = cells[i] ?? '';
    } else rows[rowNum - 1] = cells;
    lastRow = Math.max(lastRow, rowNum);
  };

  walk(xml, {
    open(name, attrs, selfClosing) {
      switch (name) {
        case 'sheetData':
          inSheetData = true;
          return;
        case 'row': {
          if (!inSheetData) return;
          const r = Number(attrsOf(attrs).r);
          rowNum = Number.isInteger(r) && r >= 1 && r <= EXCEL_MAX_ROWS ? r : rowNum + 1;
          cells = [];
          nextCol = 0;
          return;
        }
        case 'c': {
          if (!inSheetData) return;
          const a = attrsOf(attrs);
          const c = a.r === undefined ? -1 : columnIndex(a.r);
          col = c >= 0 ? c : nextCol;
          nextCol = col + 1;
          type = a.t ?? 'n';
          style = Number(a.s ?? 0);
          value = null;
          inline = null;
          target = null;
          phonetic = 0;
          return;
        }
        case 'v':
          if (!selfClosing) target = value = [];
          return;
        case 'is':
          inline = [];
          return;
        case 'rPh':
          phonetic++;
          return;
        case 't':
          if (inline && !selfClosing && phonetic === 0) target = [];
          return;
        default:
          return;
      }
    },
    close(name) {
      switch (name) {
        case 'sheetData':
          inSheetData = false;
          return;
        case 'row':
          if (inSheetData) endRow();
          cells = [];
          return;
        case 'v':
          target = null;
          return;
        case 't':
          if (inline && target) inline.push(decodeXEscapes(target.join('')));
          target = null;
          return;
        case 'rPh':
          phonetic--;
          return;
        case 'c': {
          if (!inSheetData) return;
          const text = cellText(type, style, value === null ? null : value.join(''), inline, ctx);
          if (text !== '') cells[col] = text;
          value = inline = target = null;
          return;
        }
        default:
          return;
      }
    },
    text(text) {
      target?.push(text);
    },
  });
  return Array.from({ length: lastRow }, (_, i) => rows[i] ?? []);
}

function cellText(type: string, style: number, v: string | null, inline: string[] | null, ctx: SheetContext): string {
  switch (type) {
    case 's':
      return v === null ? '' : (ctx.shared[Number(v)] ?? '');
    case 'inlineStr':
      return inline ? inline.join('') : decodeXEscapes(v ?? '');
    case 'str':
      return decodeXEscapes(v ?? '');
    case 'b':
      return v === null || v.trim() === '' ? '' : v.trim() === '1' || v.trim().toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'e':
      return '';
    case 'd':
      // ISO 8601 date cells (strict files, some generators): midnight times are dropped.
      return (v ?? '').trim().replace(/T00:00(:00(\.0+)?)?Z?$/, '').replace('T', ' ');
    default: {
      const raw = (v ?? '').trim();
      if (raw === '') return '';
      const kind = ctx.styles[style];
      if (kind) {
        const shown = dateText(Number(raw), kind, ctx.date1904);
        if (shown !== null) return shown;
      }
      return numberText(raw);
    }
  }
}

/** A stored number as Excel's General format shows it, without its rounding to cell width: `3` not `3.0`, `0.3` not `0.30000000000000004`. */
function numberText(raw: string): string {
  const n = Number(raw);
  if (!Number.isFinite(n)) return raw;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  if (/^-?\d+\.\d+$/.test(raw) && raw.replace(/^-?0*\.?0*|\./g, '').length <= 15) return raw.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  const rounded = Number(n.toPrecision(15));
  return Number.isInteger(rounded) && Math.abs(rounded) < 1e21 ? BigInt(rounded).toString() : String(rounded);
}

const DAY_MS = 86_400_000;
/** Excel's last day, 9999-12-31. */
const MAX_SERIAL = 2_958_465;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date serial as YYYY-MM-DD (1900 system with its phantom 1900-02-29, or 1904 system); null when out of range. */
function dateText(serial: number, kind: DateKind, date1904: boolean): string | null {
  if (!Number.isFinite(serial)) return null;
  const totalSeconds = Math.round(serial * 86_400);
  const days = Math.floor(totalSeconds / 86_400);
  const seconds = totalSeconds - days * 86_400;
  const clock = (hours: number) => `${pad(hours)}:${pad(Math.floor(seconds / 60) % 60)}${kind.seconds ? `:${pad(seconds % 60)}` : ''}`;
  if (!kind.date) return serial < 0 ? null : clock(Math.floor(totalSeconds / 3600));
  let ymd: string;
  if (date1904) {
    if (days < 0 || days > MAX_SERIAL - 1462) return null;
    ymd = new Date(Date.UTC(1904, 0, 1) + days * DAY_MS).toISOString().slice(0, 10);
  } else {
    if (days < 1 || days > MAX_SERIAL) return null;
    // Serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug, kept by Excel).
    if (days === 60) ymd = '1900-02-29';
    else ymd = new Date(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * DAY_MS).toISOString().slice(0, 10);
  }
  return kind.time && seconds !== 0 ? `${ymd} ${clock(Math.floor(seconds / 3600))}` : ymd;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** One worksheet to write. `header`: the first row is bold and stays in view (frozen) while scrolling. */
export interface XlsxSheet {
  name: string;
  rows: readonly (readonly (string | number | null)[])[];
  /** Column widths in characters (Excel's unit), first column first; 0 or missing leaves a column at the default. */
  columnWidths?: readonly number[];
  header?: boolean;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes in the written styles.xml (cellXfs order). */
const S_BOLD = 1;
const S_WRAP = 2;
const S_BOLD_WRAP = 3;

const STYLES_XML =
  `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F]/g;
/** Characters no XML document may hold, even escaped: unpaired surrogates, U+FFFE and U+FFFF. */
const NOT_XML = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Cell text as SpreadsheetML stores it: `_xHHHH_` for control characters (and for a literal `_xHHHH_`), then XML escaping. */
function cellXml(s: string): string {
  return escapeXml(
    s
      .replace(NOT_XML, '')
      .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
      .replace(CONTROL, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`),
  );
}

/** 0 → 'A', 27 → 'AB'. */
function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Sheet names Excel accepts: 1–31 characters, none of []:*?/\, no apostrophe at either end, unique ignoring case, not "History". */
function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    // eslint-disable-next-line no-control-regex -- control characters cannot appear in a sheet name
    let base = raw.replace(NOT_XML, '').replace(/[\u0000-\u001F[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').trim();
    if (base === '' || base.toLowerCase() === 'history') base = base === '' ? `Sheet${i + 1}` : `${base}_`;
    let name = truncate(base, 31);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = truncate(base, 31 - ` (${n})`.length) + ` (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function truncate(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * A workbook of the given sheets, strings in the shared-string table, numbers as numbers (`null`
 * and '' leave a cell empty). Cells whose text holds a line break wrap. Throws XlsxError when
 * there is no sheet or a sheet exceeds Excel's limits (1,048,576 rows, 16,384 columns, 32,767
 * characters in a cell). Sheet names are made valid (forbidden characters become `_`, cut to 31
 * characters, duplicates numbered).
 */
export function writeXlsx(sheets: readonly XlsxSheet[]): Uint8Array {
  if (sheets.length === 0) throw new XlsxError('工作簿至少要有一个工作表。', 'XLSX_UNWRITABLE');
  const names = sheetNames(sheets.map((s) => s.name));
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  let stringRefs = 0;
  const share = (s: string) => {
    stringRefs++;
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };

  const sheetXml = sheets.map((sheet, si) => {
    if (sheet.rows.length > EXCEL_MAX_ROWS) throw new XlsxError(`工作表“${names[si]}”超过 Excel 的 ${EXCEL_MAX_ROWS} 行上限。`, 'XLSX_UNWRITABLE');
    const header = sheet.header === true;
    let maxCol = 0;
    const body: string[] = [];
    sheet.rows.forEach((row, ri) => {
      if (row.length > EXCEL_MAX_COLS) throw new XlsxError(`工作表“${names[si]}”第 ${ri + 1} 行超过 Excel 的 ${EXCEL_MAX_COLS} 列上限。`, 'XLSX_UNWRITABLE');
      const cells: string[] = [];
      row.forEach((value, ci) => {
        if (value === null || value === undefined || value === '') return;
        const ref = `${columnName(ci)}${ri + 1}`;
        maxCol = Math.max(maxCol, ci + 1);
        if (typeof value === 'number' && Number.isFinite(value)) {
          cells.push(`<c r="${ref}"${header && ri === 0 ? ` s="${S_BOLD}"` : ''}><v>${Object.is(value, -0) ? 0 : value}</v></c>`);
          return;
        }
        const text = String(value);
        if (text.length > EXCEL_MAX_TEXT) {
          throw new XlsxError(`工作表“${names[si]}”单元格 ${ref} 的内容超过 Excel 的 ${EXCEL_MAX_TEXT} 字上限。`, 'XLSX_UNWRITABLE');
        }
        const wrap = /[\n\r]/.test(text);
        const style = header && ri === 0 ? (wrap ? S_BOLD_WRAP : S_BOLD) : wrap ? S_WRAP : 0;
        cells.push(`<c r="${ref}"${style ? ` s="${style}"` : ''} t="s"><v>${share(text)}</v></c>`);
      });
      if (cells.length > 0) body.push(`<row r="${ri + 1}">${cells.join('')}</row>`);
    });
    const lastRow = sheet.rows.length;
    const dimension = lastRow > 0 && maxCol > 0 ? `A1:${columnName(maxCol - 1)}${lastRow}` : 'A1';
    const view = header
      ? `<sheetView${si === 0 ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`
      : `<sheetView${si === 0 ? ' tabSelected="1"' : ''} workbookViewId="0"/>`;
    const cols = (sheet.columnWidths ?? [])
      .slice(0, EXCEL_MAX_COLS)
      .map((w, i) => (Number.isFinite(w) && w > 0 ? `<col min="${i + 1}" max="${i + 1}" width="${Math.min(255, Math.round(w * 100) / 100)}" customWidth="1"/>` : ''))
      .join('');
    return (
      `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      `<dimension ref="${dimension}"/><sheetViews>${view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
      (cols ? `<cols>${cols}</cols>` : '') +
      (body.length > 0 ? `<sheetData>${body.join('')}</sheetData>` : '<sheetData/>') +
      '</worksheet>'
    );
  });

  const files: Record<string, Uint8Array> = {};
  // [Content_Types].xml first: some tools identify the format from the first entries.
  files['[Content_Types].xml'] = strToU8(
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
      sheets.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('') +
      `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` +
      '</Types>',
  );
  files['_rels/.rels'] = strToU8(
    `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
      names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${REL_TYPE}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${REL_TYPE}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${sheets.length + 2}" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>',
  );
  files['xl/styles.xml'] = strToU8(STYLES_XML);
  files['xl/sharedStrings.xml'] = strToU8(
    `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${stringRefs}" uniqueCount="${strings.length}">` +
      strings.map((s) => `<si><t xml:space="preserve">${cellXml(s)}</t></si>`).join('') +
      '</sst>',
  );
  sheetXml.forEach((x, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(x)));
  return zipSync(files);
}
