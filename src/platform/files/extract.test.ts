import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { docxFromBody } from './docx.js';
import { extractText } from './extract.js';
import { sniffFile } from './sniff.js';

/** A minimal but real DOCX: what Word needs to open it, with the body given as WordprocessingML. */
const docx = docxFromBody;
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/**
 * A hand-written PDF as Chinese typesetting systems make them: a non-embedded SimSun with the
 * predefined GBK-EUC-H encoding and no ToUnicode map, so only pdf.js's bundled CMaps can read it.
 */
function gbkPdf(hex: string): Buffer {
  const content = `BT /F1 12 Tf 10 50 Td <${hex}> Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>',
    '<</Type/Font/Subtype/Type0/BaseFont/SimSun/Encoding/GBK-EUC-H/DescendantFonts[6 0 R]>>',
    `<</Length ${content.length}>>\nstream\n${content}\nendstream`,
    '<</Type/Font/Subtype/CIDFontType0/BaseFont/SimSun/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 2>>/FontDescriptor 7 0 R>>',
    '<</Type/FontDescriptor/FontName/SimSun/Flags 6/FontBBox[0 -141 1000 859]/ItalicAngle 0/Ascent 859/Descent -141/CapHeight 859/StemV 80>>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('extractText', () => {
  it('reads the Chinese sentence of a real PDF (CID font made by Chromium)', async () => {
    const pdf = fs.readFileSync(new URL('../../../test/fixtures/files/notice-zh.pdf', import.meta.url));

    const text = await extractText(pdf, sniffFile(pdf, 'notice.pdf').kind);

    assert.ok(text?.includes('关于做好政府信息公开工作的通知'), String(text));
  });

  it('reads a GBK-EUC-H PDF without ToUnicode through the bundled CMaps', async () => {
    // "政务公开通知" in GBK.
    const text = await extractText(gbkPdf('d5fecef1b9abbfaacda8d6aa'), 'pdf');

    assert.equal(text, '政务公开通知');
  });

  it('reads DOCX paragraphs on their own lines, with runs joined, tabs, breaks and entities', async () => {
    const body =
      '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>关于做好政府</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>信息公开工作的通知</w:t></w:r></w:p>' +
      '<w:p><w:r><w:t xml:space="preserve">各区人民政府：</w:t><w:tab/><w:t>A &amp; B &lt;1&gt;</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>' +
      '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格内容</w:t></w:r></w:p></w:tc></w:tr></w:tbl>' +
      '<w:p><w:del><w:r><w:delText>已删除</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>';

    const text = await extractText(docx(body), 'docx');

    assert.equal(text, '关于做好政府信息公开工作的通知\n各区人民政府：\tA & B <1>\n第二行\n表格内容');
  });

  it('reads the cell text of an XLSX', async () => {
    const xlsx = Buffer.from(
      zipSync({
        'xl/workbook.xml': strToU8('<workbook/>'),
        'xl/sharedStrings.xml': strToU8('<sst count="2"><si><t>事项名称</t></si><si><r><t>办理</t></r><r><t>时限</t></r><rPh><t>ban li</t></rPh></si></sst>'),
      }),
    );

    assert.equal(await extractText(xlsx, 'xlsx'), '事项名称\n办理时限');
  });

  it('answers null for kinds without text and for damaged files, never throwing', async () => {
    const good = docx('<w:p><w:r><w:t>x</w:t></w:r></w:p>');

    assert.equal(await extractText(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'png'), null);
    assert.equal(await extractText(good, 'ofd'), null);
    assert.equal(await extractText(Buffer.from('%PDF-1.7\nnot really a pdf'), 'pdf'), null);
    assert.equal(await extractText(good.subarray(0, good.length - 40), 'docx'), null);
    assert.equal(await extractText(Buffer.from('PK\x03\x04 rubbish'), 'docx'), null);
  });

  it('refuses a zip bomb instead of inflating it', async () => {
    const huge = Buffer.concat([Buffer.from(`<w:document ${W}><w:body><w:p><w:r><w:t>`), Buffer.alloc(40 * 1024 * 1024, ' '), Buffer.from('</w:t></w:r></w:p></w:body></w:document>')]);
    const bomb = Buffer.from(zipSync({ 'word/document.xml': huge }, { level: 1 }));

    assert.ok(bomb.length < 1024 * 1024);
    assert.equal(await extractText(bomb, 'docx'), null);
  });
});
