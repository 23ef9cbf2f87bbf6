import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractText } from './extract.js';
import { findCjkFont, parseFontSetting, PdfFontMissing, textPdf } from './pdf.js';
import { sniffFile } from './sniff.js';

/** Whether this machine has a Chinese font (CI installs fonts-noto-cjk); PDF output tests need one. */
const font = (() => {
  try {
    return findCjkFont();
  } catch {
    return null;
  }
})();

describe('findCjkFont', () => {
  it('takes PDF_FONT as path or path:family, drive letters included', () => {
    assert.deepEqual(parseFontSetting('/f/NotoSansCJK-Regular.ttc:NotoSansCJKsc-Regular'), { path: '/f/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' });
    assert.deepEqual(parseFontSetting('/f/simfang.ttf'), { path: '/f/simfang.ttf' });
    assert.deepEqual(parseFontSetting('C:\\Windows\\Fonts\\simsun.ttc:SimSun'), { path: 'C:\\Windows\\Fonts\\simsun.ttc', family: 'SimSun' });
    assert.deepEqual(parseFontSetting('C:\\Windows\\Fonts\\simfang.ttf'), { path: 'C:\\Windows\\Fonts\\simfang.ttf' });
  });

  it('prefers PDF_FONT, and says in Chinese what to do when it or any system font is missing', () => {
    assert.deepEqual(findCjkFont({ PDF_FONT: '/x/my.ttf' }, (p) => p === '/x/my.ttf'), { path: '/x/my.ttf' });
    assert.throws(() => findCjkFont({ PDF_FONT: '/x/none.ttf' }, () => false), (e: unknown) => e instanceof PdfFontMissing && /PDF_FONT 指向的文件 \/x\/none.ttf 不存在/.test(e.message));
    assert.throws(() => findCjkFont({}, () => false), (e: unknown) => e instanceof PdfFontMissing && /未找到中文字体.*请安装 fonts-noto-cjk 或设置 PDF_FONT/.test(e.message));
  });

  it('finds the Noto CJK collection and its bold face on Debian', () => {
    const f = findCjkFont({}, (p) => p.startsWith('/usr/share/fonts/opentype/noto/NotoSansCJK'));
    assert.equal(f.family, 'NotoSansCJKsc-Regular');
    assert.equal(f.bold?.family, 'NotoSansCJKsc-Bold');
  });
});

describe('textPdf', { skip: font ? false : 'no Chinese font installed (fonts-noto-cjk)' }, () => {
  it('writes an A4 PDF whose Chinese text reads back, with page numbers, at a modest size', async () => {
    const body = Array.from({ length: 40 }, (_, i) => `第${i + 1}段：本机关于2026年3月2日收到您提出的政府信息公开申请，现答复如下。`);

    const buf = await textPdf({ title: '政府信息公开申请答复告知书', blocks: [{ text: '政府信息公开申请答复告知书', align: 'center', bold: true, size: 20 }, ...body.map((text) => ({ text, indent: true }))] });

    assert.equal(sniffFile(buf, 'x.pdf').kind, 'pdf');
    const text = (await extractText(buf, 'pdf')) ?? '';
    assert.ok(text.includes('政府信息公开申请答复告知书'), text.slice(0, 200));
    assert.ok(text.includes('第40段：本机关于2026年3月2日收到您提出的政府信息公开申请'));
    assert.ok(text.includes('— 1 —') && text.includes('— 2 —'), 'page numbers on each page');
    assert.ok(buf.length < 400_000, `subsetted font keeps the file small (${buf.length} bytes)`);
    assert.ok(buf.toString('latin1').includes('/MediaBox [0 0 595.28 841.89]'), 'A4');
  });

  it('reports an unreadable font face as a missing font', async () => {
    await assert.rejects(textPdf({ title: 't', blocks: [{ text: '字' }] }, { path: font!.path, family: 'NoSuchFace-Regular' }), PdfFontMissing);
  });
});
