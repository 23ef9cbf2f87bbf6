/**
 * Plain text out of an uploaded document, for full-text search and for screening before
 * publication. Best effort and bounded: a damaged, hostile or huge file yields null (or the
 * first 2 MB of text), never an exception and never a stuck process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inflate } from 'fflate';
import { listZipEntries, type FileKind } from './sniff.js';

/** At most this many characters of text are kept per file. */
export const MAX_TEXT_CHARS = 2_000_000;
/** A PDF whose text takes longer than this is given up (its worker is stopped). */
const PDF_TIMEOUT_MS = 20_000;
const PDF_MAX_PAGES = 2_000;
/** PDF workers running at once (each may use up to 512 MB); further calls wait their turn. */
const PDF_MAX_WORKERS = 2;
/** A ZIP member (document.xml, sharedStrings.xml) larger than this once inflated is not read. */
const MAX_XML_BYTES = 32 * 1024 * 1024;

/** Extracts the plain text of a PDF, DOCX or XLSX (paragraphs on their own lines); null for other kinds or unreadable files. */
export async function extractText(buf: Buffer, kind: FileKind): Promise<string | null> {
  try {
    switch (kind) {
      case 'pdf':
        return await pdfText(buf);
      case 'docx':
        return docxText(buf);
      case 'xlsx':
        return xlsxText(buf);
      case 'ofd':
      case 'png':
      case 'jpeg':
      case 'gif':
      case 'webp':
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * Tidies extracted text and caps its length. Fonts often map glyphs to Kangxi radicals or CJK
 * compatibility ideographs (U+2F2F "⼯" for "工"); those become the ordinary characters so
 * search finds them. (Full NFKC would also turn Chinese full-width punctuation into ASCII.)
 */
function cap(text: string): string {
  const t = text
    .replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (c) => c.normalize('NFKC'))
    .replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return t.length > MAX_TEXT_CHARS ? t.slice(0, MAX_TEXT_CHARS) : t;
}

// ---- PDF: pdf.js in a worker thread, so a slow or hostile file cannot block the event loop. ----

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));

/**
 * The worker's code, plain JavaScript evaluated by the Worker (no TypeScript loader is needed
 * there). CMaps matter: Chinese official PDFs often use GBK-EUC-H fonts without a ToUnicode map.
 */
const PDF_WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
(async () => {
  const pdfjs = await import(w.pdfjsUrl);
  const task = pdfjs.getDocument({
    data: w.data, cMapUrl: w.cMapUrl, cMapPacked: true, standardFontDataUrl: w.fontUrl, wasmUrl: w.wasmUrl,
    isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0,
  });
  const doc = await task.promise;
  let out = '';
  for (let i = 1; i <= Math.min(doc.numPages, w.maxPages) && out.length < w.maxChars; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (typeof item.str === 'string') out += item.str + (item.hasEOL ? '\\n' : '');
    }
    out += '\\n\\n';
    page.cleanup();
  }
  await task.destroy();
  parentPort.postMessage(out);
})().catch(() => parentPort.postMessage(null));
`;

let running = 0;
const waiting: (() => void)[] = [];

async function pdfText(buf: Buffer): Promise<string | null> {
  // A finishing call hands its slot straight to the next waiter, so the count never overshoots.
  if (running >= PDF_MAX_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await pdfWorker(buf);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function pdfWorker(buf: Buffer): Promise<string | null> {
  const data = new Uint8Array(buf); // a copy: pdf.js takes ownership of its input
  return new Promise((resolve) => {
    const worker = new Worker(PDF_WORKER, {
      eval: true,
      // Plain JavaScript: no need for the parent's loaders (tsx) in the worker.
      execArgv: [],
      workerData: {
        data,
        pdfjsUrl: new URL('legacy/build/pdf.mjs', `file://${pdfjsRoot}/`).href,
        cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
        fontUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
        wasmUrl: path.join(pdfjsRoot, 'wasm') + path.sep,
        maxPages: PDF_MAX_PAGES,
        maxChars: MAX_TEXT_CHARS,
      },
      transferList: [data.buffer],
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (text: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(text === null ? null : cap(text));
    };
    const timer = setTimeout(() => finish(null), PDF_TIMEOUT_MS);
    // Anything pdf.js prints is dropped (the streams must still be read so the worker never blocks).
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (m: unknown) => finish(typeof m === 'string' ? m : null));
    worker.on('error', () => finish(null));
    worker.on('exit', () => finish(null));
  });
}

// ---- DOCX and XLSX: one XML member of the zip, inflated with a size cap, then a small text walk. ----

/** The inflated bytes of one ZIP member; null when absent, unsupported or over the cap. */
function zipMember(buf: Buffer, name: string): Buffer | null {
  const entry = listZipEntries(buf)?.find((e) => e.name === name);
  if (!entry) return null;
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) return null;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const body = buf.subarray(start, Math.min(buf.length, start + entry.compressedSize));
  if (entry.method === 0) return body.length <= MAX_XML_BYTES ? body : null;
  if (entry.method !== 8) return null;
  // Inflate in slices and stop at the cap: the sizes in the directory may lie (a zip bomb).
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_XML_BYTES) over = true;
    else chunks.push(chunk);
  });
  for (let i = 0; i < body.length && !over; i += 4096) {
    inflate.push(body.subarray(i, i + 4096), i + 4096 >= body.length);
  }
  return over ? null : Buffer.concat(chunks);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the XML predefined and numeric character references. */
function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[ref] ?? m;
  });
}

/**
 * Walks WordprocessingML: text of <w:t> runs, tabs and breaks, one line per paragraph. Deleted
 * text (<w:delText>) and field codes (<w:instrText>) are not <w:t> and are left out.
 */
function docxText(buf: Buffer): string | null {
  const xml = zipMember(buf, 'word/document.xml')?.toString('utf8');
  if (xml === undefined) return null;
  let out = '';
  let inText = false;
  for (const m of xml.matchAll(/<(\/?)(w:t|w:p|w:tab|w:br|w:cr)(?=[\s/>])[^>]*>|<[^>]*>|[^<]+/g)) {
    const [token, close, tag] = m;
    if (tag === undefined) {
      if (inText && !token.startsWith('<')) out += decodeXmlEntities(token);
    } else if (tag === 'w:t') {
      inText = close === '' && !token.endsWith('/>');
    } else if (close === '/' && tag === 'w:p') {
      out += '\n';
    } else if (close === '' && tag === 'w:tab') {
      out += '\t';
    } else if (close === '' && (tag === 'w:br' || tag === 'w:cr')) {
      out += '\n';
    }
    if (out.length > MAX_TEXT_CHARS) break;
  }
  return cap(out);
}

/** The workbook's shared strings (the text of most cells), one per line. Numbers and formulas are left out. */
function xlsxText(buf: Buffer): string | null {
  const xml = zipMember(buf, 'xl/sharedStrings.xml')?.toString('utf8');
  if (xml === undefined) return zipMember(buf, 'xl/workbook.xml') ? '' : null;
  const lines: string[] = [];
  let size = 0;
  for (const si of xml.matchAll(/<si(?:\s[^>]*)?>([\s\S]*?)<\/si>/g)) {
    // Phonetic runs (<rPh>) repeat the reading of the text; skip them.
    const body = (si[1] ?? '').replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
    const text = [...body.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => decodeXmlEntities(t[1] ?? '')).join('');
    lines.push(text);
    size += text.length + 1;
    if (size > MAX_TEXT_CHARS) break;
  }
  return cap(lines.join('\n'));
}
