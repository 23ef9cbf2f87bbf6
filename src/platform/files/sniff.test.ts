import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { ValidationFailed } from '../errors.js';
import { listZipEntries, safeFileName, sniffFile } from './sniff.js';

const PDF = fs.readFileSync(new URL('../../../test/fixtures/files/notice-zh.pdf', import.meta.url));
const zip = (files: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
const DOCX = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
const XLSX = zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
const OFD = zip({ 'OFD.xml': '<ofd:OFD/>', 'Doc_0/Document.xml': '<ofd:Document/>' });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);

function fileError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationFailed);
    return err.fields.file ?? '';
  }
  assert.fail('expected ValidationFailed');
}

describe('sniffFile', () => {
  it('recognises each accepted kind by its content', () => {
    const cases: [Buffer, string, string, string][] = [
      [PDF, '通知.pdf', 'pdf', 'application/pdf'],
      [DOCX, '通知.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [XLSX, '目录.XLSX', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [OFD, '公文.ofd', 'ofd', 'application/ofd'],
      [PNG, 'a.png', 'png', 'image/png'],
      [JPEG, 'a.jpeg', 'jpeg', 'image/jpeg'],
      [GIF, 'a.gif', 'gif', 'image/gif'],
      [WEBP, 'a.webp', 'webp', 'image/webp'],
    ];

    for (const [buf, name, kind, mediaType] of cases) {
      const got = sniffFile(buf, name);
      assert.equal(got.kind, kind, name);
      assert.equal(got.mediaType, mediaType, name);
    }
  });

  it('accepts both .jpg and .jpeg, and gives the canonical extension', () => {
    assert.equal(sniffFile(JPEG, '照片.JPG').extension, 'jpg');
    assert.equal(sniffFile(JPEG, '照片.jpeg').extension, 'jpg');
  });

  it('refuses a PDF renamed to .docx, saying what the content is', () => {
    assert.equal(fileError(() => sniffFile(PDF, 'x.docx')), '文件“x.docx”的内容是 PDF，与扩展名不符，请改正扩展名后重新上传。');
  });

  it('refuses a Word document named .pdf and a name without extension', () => {
    assert.match(fileError(() => sniffFile(DOCX, '通知.pdf')), /内容是 Word 文档（DOCX），与扩展名不符/);
    assert.match(fileError(() => sniffFile(PDF, '通知')), /请加上扩展名“\.pdf”/);
  });

  it('refuses unsupported content with the list of accepted formats', () => {
    for (const buf of [Buffer.from('<html><script>alert(1)</script></html>'), Buffer.from('MZ\x90\x00', 'latin1'), zip({ 'a.txt': 'x' })]) {
      const msg = fileError(() => sniffFile(buf, 'a.pdf'));
      assert.match(msg, /^不支持的文件类型/);
      assert.match(msg, /仅支持 PDF、DOCX、XLSX、OFD 和图片（PNG、JPEG、GIF、WebP）/);
    }
  });

  it('names old Office files and empty files', () => {
    const doc = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    assert.match(fileError(() => sniffFile(doc, 'a.doc')), /旧版 Office 格式/);
    assert.match(fileError(() => sniffFile(Buffer.alloc(0), 'a.pdf')), /空文件/);
  });

  it('does not trust a damaged zip', () => {
    assert.equal(listZipEntries(DOCX.subarray(0, DOCX.length - 30)), null);
    assert.match(fileError(() => sniffFile(DOCX.subarray(0, 40), 'a.docx')), /^不支持的文件类型/);
  });
});

describe('safeFileName', () => {
  it('keeps Chinese names and strips directories', () => {
    assert.equal(safeFileName('关于做好政府信息公开工作的通知.pdf'), '关于做好政府信息公开工作的通知.pdf');
    assert.equal(safeFileName('C:\\Users\\张三\\桌面\\通知.pdf'), '通知.pdf');
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
  });

  it('removes control and bidi-override characters, leading dots and reserved characters', () => {
    assert.equal(safeFileName('a\u0000b\r\n.pdf'), 'ab.pdf');
    assert.equal(safeFileName('invoice\u202egpj.exe'), 'invoicegpj.exe');
    assert.equal(safeFileName('..hidden'), 'hidden');
    assert.equal(safeFileName('a"b<c>.pdf'), 'a_b_c_.pdf');
    assert.equal(safeFileName('///'), '未命名文件');
  });

  it('limits the name to 200 characters and keeps the extension', () => {
    const name = safeFileName(`${'长'.repeat(300)}.docx`);

    assert.equal(Array.from(name).length, 200);
    assert.ok(name.endsWith('长.docx'));
  });
});
