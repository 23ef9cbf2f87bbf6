/**
 * What an uploaded file really is, decided from its bytes (never from the name or the browser's
 * media type), and a file name that is safe to store and show. Only the formats a government
 * document or its illustrations come in are accepted.
 */
import { ValidationFailed } from '../errors.js';

/** The accepted file kinds. */
export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'ofd' | 'png' | 'jpeg' | 'gif' | 'webp';

/** A recognised file: its kind, its media type and its canonical extension (without the dot). */
export interface SniffedFile {
  kind: FileKind;
  mediaType: string;
  extension: string;
}

interface KindInfo {
  mediaType: string;
  extensions: readonly string[];
  label: string;
}

const KINDS: Record<FileKind, KindInfo> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word 文档（DOCX）' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel 表格（XLSX）' },
  // GB/T 33190 does not register a media type; application/ofd is what OFD readers expect.
  ofd: { mediaType: 'application/ofd', extensions: ['ofd'], label: 'OFD' },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'PNG 图片' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG 图片' },
  gif: { mediaType: 'image/gif', extensions: ['gif'], label: 'GIF 图片' },
  webp: { mediaType: 'image/webp', extensions: ['webp'], label: 'WebP 图片' },
};

const SUPPORTED = '仅支持 PDF、DOCX、XLSX、OFD 和图片（PNG、JPEG、GIF、WebP）';

/** One entry of a ZIP central directory: where its data starts and how it is stored. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const MAX_ZIP_ENTRIES = 20_000;

/** Lists a ZIP archive's central directory (ZIP64 included); null when the bytes are no readable ZIP. */
export function listZipEntries(buf: Buffer): ZipEntry[] | null {
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  const floor = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= floor; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 12));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) return null;
    count = Number(buf.readBigUInt64LE(z64 + 32));
    offset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < Math.min(count, MAX_ZIP_ENTRIES); n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > buf.length) return null;
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function startsWith(buf: Buffer, bytes: readonly number[], at = 0): boolean {
  return buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
}

/** The kind the bytes show, or a Chinese description of unsupported content. */
function contentKind(buf: Buffer): FileKind | { unsupported: string } {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (buf.subarray(0, 6).toString('latin1') === 'GIF87a' || buf.subarray(0, 6).toString('latin1') === 'GIF89a') return 'gif';
  if (buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { unsupported: '旧版 Office 格式（DOC、XLS）或加密的 Office 文件' };
  }
  if (startsWith(buf, [0x50, 0x4b])) {
    const names = new Set((listZipEntries(buf) ?? []).map((e) => e.name));
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
    if (names.has('OFD.xml')) return 'ofd';
    return { unsupported: 'ZIP 压缩包' };
  }
  // A PDF may carry a little junk before its header; readers accept it within the first 1 KiB.
  if (buf.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return { unsupported: '无法识别的格式' };
}

/** Recognises an upload by its content and checks that its extension agrees; throws ValidationFailed({ file }) otherwise. */
/** The media type of a file kind (for files the platform writes itself, such as generated notices). */
export function mediaTypeOf(kind: FileKind): string {
  return KINDS[kind].mediaType;
}

export function sniffFile(buf: Buffer, fileName: string): SniffedFile {
  const shown = safeFileName(fileName);
  if (buf.length === 0) throw new ValidationFailed({ file: `文件“${shown}”是空文件，请选择有内容的文件。` });
  const kind = contentKind(buf);
  if (typeof kind !== 'string') {
    throw new ValidationFailed({ file: `不支持的文件类型：文件“${shown}”是${kind.unsupported}。${SUPPORTED}。` });
  }
  const info = KINDS[kind];
  const dot = shown.lastIndexOf('.');
  const ext = dot > 0 ? shown.slice(dot + 1).toLowerCase() : '';
  if (!info.extensions.includes(ext)) {
    const fix = ext === '' ? `请加上扩展名“.${info.extensions[0]}”后重新上传` : '请改正扩展名后重新上传';
    throw new ValidationFailed({ file: `文件“${shown}”的内容是 ${info.label}，与扩展名不符，${fix}。` });
  }
  return { kind, mediaType: info.mediaType, extension: info.extensions[0] ?? ext };
}

const MAX_NAME = 200;
/** Control characters, and bidi overrides that disguise an extension ("gpj.exe" shown as "exe.jpg"). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A file name to store and show: no directories, control or bidi-override characters, at most 200 characters, the extension kept. */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(UNSAFE_CHARS, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = Array.from(cleaned);
  if (chars.length === 0) return '未命名文件';
  if (chars.length <= MAX_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
  return chars.slice(0, MAX_NAME - keep.length).join('').trimEnd() + keep.join('');
}
