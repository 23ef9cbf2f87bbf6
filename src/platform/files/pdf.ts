/**
 * Simple text PDFs (A4, CJK) for formal documents the platform issues: a title, paragraphs and
 * page numbers, laid out by pdfkit with an embedded (subsetted) Chinese font. The font is found
 * on the system, or named by `PDF_FONT` (`path` or `path:family`, the family being the PostScript
 * name of the face inside a .ttc collection, e.g. `NotoSerifCJKsc-Regular`).
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';

/** A font file, and for a collection (.ttc) the face to use. */
export interface PdfFont {
  path: string;
  family?: string | undefined;
  /** A bold face, when one was found next to the regular one. */
  bold?: { path: string; family?: string | undefined } | undefined;
}

/** No usable Chinese font: callers show the message (and can still offer DOCX). */
export class PdfFontMissing extends Error {
  readonly code = 'PDF_FONT_MISSING';
  constructor(detail = '') {
    super(`未找到中文字体，无法生成 PDF${detail}。请安装 fonts-noto-cjk 或设置 PDF_FONT（字体文件路径，.ttc 字体集可写作“路径:字体名”）。`);
    this.name = 'PdfFontMissing';
  }
}

/** Where Chinese fonts usually live (Debian/Ubuntu, Fedora, Arch, Alpine, macOS, Windows), serif first as 公文 use. */
const CANDIDATES: readonly (readonly [string, string | undefined, string?, string?])[] = [
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular', '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', 'NotoSerifCJKsc-Bold'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', 'NotoSansCJKsc-Bold'],
  ['/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular', '/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Bold.ttc', 'NotoSerifCJKsc-Bold'],
  ['/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular', '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc', 'NotoSansCJKsc-Bold'],
  ['/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular', '/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc', 'NotoSerifCJKsc-Bold'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular', '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc', 'NotoSansCJKsc-Bold'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/System/Library/Fonts/Supplemental/Songti.ttc', 'STSongti-SC-Regular', '/System/Library/Fonts/Supplemental/Songti.ttc', 'STSongti-SC-Bold'],
  ['/System/Library/Fonts/PingFang.ttc', 'PingFangSC-Regular', '/System/Library/Fonts/PingFang.ttc', 'PingFangSC-Semibold'],
  ['C:\\Windows\\Fonts\\simsun.ttc', 'SimSun', 'C:\\Windows\\Fonts\\simhei.ttf'],
];

/** Splits `PDF_FONT` into path and optional family: the part after the last ':' unless that colon is a drive letter's. */
export function parseFontSetting(value: string): PdfFont {
  const i = value.lastIndexOf(':');
  if (i > 1 && !/[\\/]/.test(value.slice(i + 1))) return { path: value.slice(0, i), family: value.slice(i + 1) || undefined };
  return { path: value };
}

/**
 * The Chinese font to embed: `PDF_FONT` when set (it must exist), else the first system font
 * found. Throws PdfFontMissing when there is none.
 */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync): PdfFont {
  const setting = env.PDF_FONT?.trim();
  if (setting) {
    const font = parseFontSetting(setting);
    if (!exists(font.path)) throw new PdfFontMissing(`（PDF_FONT 指向的文件 ${font.path} 不存在）`);
    return font;
  }
  for (const [path, family, boldPath, boldFamily] of CANDIDATES) {
    if (!exists(path)) continue;
    return { path, family, bold: boldPath && exists(boldPath) ? { path: boldPath, family: boldFamily } : undefined };
  }
  throw new PdfFontMissing();
}

/** One paragraph of a PDF. `indent` indents the first line by two characters (Chinese paragraphs). */
export interface PdfBlock {
  text: string;
  align?: 'left' | 'center' | 'right' | 'justify';
  bold?: boolean;
  /** Font size in points (default 14, close to 公文's 三号 16 pt but fitting more per line). */
  size?: number;
  indent?: boolean;
  /** Extra space above, in points. */
  spaceBefore?: number;
}

export interface PdfSpec {
  /** Document title (metadata); print it as a block too. */
  title: string;
  author?: string;
  blocks: PdfBlock[];
  /** Print "— n —" centred at the foot of each page (default yes). */
  pageNumbers?: boolean;
}

const MM = 72 / 25.4;
/** Margins close to GB/T 9704 (top 37 mm, left 28 mm, right 26 mm, bottom 35 mm). */
const MARGINS = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };

/** Font files read once per process (a CJK collection is tens of megabytes). */
const fontFiles = new Map<string, Buffer>();
export function fontBytes(file: string): Buffer {
  let buf = fontFiles.get(file);
  if (!buf) {
    buf = fs.readFileSync(file);
    fontFiles.set(file, buf);
  }
  return buf;
}

/**
 * A pdfkit document with the Chinese font registered as `body` and `bold` (and selected), and a
 * promise of its bytes once `doc.end()` is called. Throws PdfFontMissing when the font cannot be read.
 */
export function openCjkDocument(options: PDFKit.PDFDocumentOptions, font: PdfFont): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont('body', fontBytes(font.path), font.family);
    doc.registerFont('bold', fontBytes(font.bold?.path ?? font.path), font.bold ? font.bold.family : font.family);
    doc.font('body');
  } catch (e) {
    throw new PdfFontMissing(`（无法读取字体 ${font.path}${font.family ? ` 中的 ${font.family}` : ''}：${e instanceof Error ? e.message : String(e)}）`);
  }
  return { doc, done };
}

/** Lays out the blocks on A4 pages and returns the PDF. Throws PdfFontMissing without a Chinese font. */
export async function textPdf(spec: PdfSpec, font: PdfFont = findCjkFont()): Promise<Buffer> {
  const { doc, done } = openCjkDocument({ size: 'A4', margins: MARGINS, bufferPages: true, info: { Title: spec.title, Author: spec.author ?? '', Creator: 'Gongkai' } }, font);

  const width = doc.page.width - MARGINS.left - MARGINS.right;
  for (const b of spec.blocks) {
    const size = b.size ?? 14;
    doc.font(b.bold ? 'bold' : 'body').fontSize(size);
    if (b.spaceBefore) doc.moveDown(b.spaceBefore / doc.currentLineHeight(true));
    doc.text(b.text, MARGINS.left, undefined, { width, align: b.align ?? 'justify', indent: b.indent ? size * 2 : 0, lineGap: size * 0.5, paragraphGap: size * 0.3 });
  }

  if (spec.pageNumbers ?? true) {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
      doc.font('body').fontSize(10.5).text(`— ${i + 1 - range.start} —`, MARGINS.left, doc.page.height - bottom / 2, { width, align: 'center', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
  }
  doc.end();
  return done;
}
