/**
 * The Content-Disposition header for a download, so that Chinese file names survive every
 * browser: an ASCII `filename` for old clients and the exact name in `filename*` (RFC 6266, RFC 8187).
 */
import { safeFileName } from './sniff.js';

/** Percent-encodes UTF-8 as RFC 8187 attr-chars allow (encodeURIComponent leaves ' ( ) * bare). */
function encodeExtValue(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A printable-ASCII stand-in: other characters become "_", and a name left without letters becomes "download". */
function asciiFallback(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const dot = ascii.lastIndexOf('.');
  const base = dot > 0 ? ascii.slice(0, dot) : ascii;
  const ext = dot > 0 ? ascii.slice(dot) : '';
  return /[A-Za-z0-9]/.test(base) ? ascii : `download${ext}`;
}

/** `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (or `inline; …`) for the given file name. */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name = safeFileName(fileName);
  return `${type}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
