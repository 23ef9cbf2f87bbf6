import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { isXlsx, readXlsx, writeXlsx, XlsxError, XLSX_MAX_BYTES } from './xlsx.js';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';

interface HandMade {
  /** Worksheet parts by path under xl/. */
  sheets?: Record<string, string>;
  /** <sheet> elements as [name, target under xl/, state?], in tab order. */
  order?: [string, string, string?][];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
}

/** A workbook zipped from hand-written SpreadsheetML, the way other producers write it. */
function handMade(opts: HandMade): Uint8Array {
  const sheets = opts.sheets ?? {};
  const order = opts.order ?? Object.keys(sheets).map((p, i): [string, string] => [`Sheet${i + 1}`, p]);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(`<Relationships ${RELS}><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${MAIN} xmlns:r="${REL}">${opts.workbookPr ?? ''}<sheets>` +
        order.map(([name, , state], i) => `<sheet name="${name}" sheetId="${i + 1}"${state ? ` state="${state}"` : ''} r:id="rId${i + 10}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships ${RELS}>` +
        order.map(([, target], i) => `<Relationship Id="rId${i + 10}" Type="${REL}/worksheet" Target="${target}"/>`).join('') +
        (opts.sharedStrings ? `<Relationship Id="rId1" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        (opts.styles ? `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` : '') +
        '</Relationships>',
    ),
  };
  for (const [p, xml] of Object.entries(sheets)) files[`xl/${p.replace(/^\/xl\//, '')}`] = strToU8(xml);
  if (opts.sharedStrings) files['xl/sharedStrings.xml'] = strToU8(opts.sharedStrings);
  if (opts.styles) files['xl/styles.xml'] = strToU8(opts.styles);
  return zipSync(files);
}

const sheet = (sheetData: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${MAIN}><sheetData>${sheetData}</sheetData></worksheet>`;
const oneSheet = (sheetData: string, more: Omit<HandMade, 'sheets'> = {}) => readXlsx(handMade({ sheets: { 'worksheets/sheet1.xml': sheet(sheetData) }, ...more }));

function rejects(bytes: Uint8Array, message: RegExp, opts: { sheet?: number } = {}): void {
  assert.throws(
    () => readXlsx(bytes, opts),
    (e: unknown) => e instanceof XlsxError && message.test(e.message),
  );
}

describe('writeXlsx → readXlsx', () => {
  it('round-trips text, numbers and empty cells exactly', () => {
    const rows = [
      ['事项编码', '事项名称', '数量', '备注'],
      ['00123', '对违反《中华人民共和国政府信息公开条例》行为的处罚', 42, null],
      ['0', '<b>&amp; "引号" \'单引号\' <&>"', -3.25, ''],
      ['第一行\n第二行', 'CR LF\r\n之后', 0.1, '制表\t符'],
      [],
      [null, null, 1234567890123, '_x0041_ 保持原样'],
      ['控制字符\u0001\u001f', '  前后空格  ', 1e-7, '𠀀 扩展B区汉字'],
    ];
    const bytes = writeXlsx([{ name: '权责清单', rows, header: true, columnWidths: [12, 40, 8, 20] }]);
    assert.ok(isXlsx(bytes));
    assert.deepEqual(readXlsx(bytes), [
      ['事项编码', '事项名称', '数量', '备注'],
      ['00123', '对违反《中华人民共和国政府信息公开条例》行为的处罚', '42'],
      ['0', '<b>&amp; "引号" \'单引号\' <&>"', '-3.25'],
      ['第一行\n第二行', 'CR LF\r\n之后', '0.1', '制表\t符'],
      [],
      ['', '', '1234567890123', '_x0041_ 保持原样'],
      ['控制字符\u0001\u001f', '  前后空格  ', '1e-7', '𠀀 扩展B区汉字'],
    ]);
    // What XML cannot hold (or would normalise away, like CR) is stored as _xHHHH_, markup is escaped.
    const sst = strFromU8(unzipSync(bytes)['xl/sharedStrings.xml'] ?? new Uint8Array());
    // eslint-disable-next-line no-control-regex -- looking for raw control characters
    assert.doesNotMatch(sst, /[\u0000-\u0008\u000B-\u001F]/);
    assert.ok(sst.includes('控制字符_x0001__x001F_') && sst.includes('CR LF_x000D_\n之后') && sst.includes('_x005F_x0041_'));
    assert.ok(sst.includes('&lt;b&gt;&amp;amp; &quot;引号&quot;'));
  });

  it('writes several sheets, each readable by position, with valid and unique names', () => {
    const bytes = writeXlsx([
      { name: '清单', rows: [['甲']] },
      { name: '清单', rows: [['乙']] },
      { name: 'a/b:c*d?e[f]g\\h', rows: [[1, 2]] },
      { name: '一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常长的工作表名称', rows: [] },
    ]);
    assert.deepEqual(readXlsx(bytes), [['甲']]);
    assert.deepEqual(readXlsx(bytes, { sheet: 1 }), [['乙']]);
    assert.deepEqual(readXlsx(bytes, { sheet: 2 }), [['1', '2']]);
    assert.deepEqual(readXlsx(bytes, { sheet: 3 }), []);
    const workbook = strFromU8(unzipSync(bytes)['xl/workbook.xml'] ?? new Uint8Array());
    const names = [...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1] ?? '');
    assert.deepEqual(names.slice(0, 3), ['清单', '清单 (2)', 'a_b_c_d_e_f_g_h']);
    assert.equal(names[3], '一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常长'); // 31 characters
    rejects(bytes, /没有第 5 个工作表/, { sheet: 4 });
  });

  it('makes the header row bold and frozen, wraps multi-line cells and sets column widths', () => {
    const parts = unzipSync(writeXlsx([{ name: 'S', rows: [['名称', '说明'], ['x', '两\n行']], header: true, columnWidths: [10, 0, 30.5] }]));
    const xml = strFromU8(parts['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    const styles = strFromU8(parts['xl/styles.xml'] ?? new Uint8Array());
    const cellXfs = [...(/<cellXfs[^>]*>([\s\S]*)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf [^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
    const fonts = [...styles.matchAll(/<font>([\s\S]*?)<\/font>/g)].map((m) => m[1] ?? '');
    const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}"(?: s="(\\d+)")?`).exec(xml)?.[1] ?? 0);
    const fontOf = (ref: string) => fonts[Number(/fontId="(\d+)"/.exec(cellXfs[styleOf(ref)] ?? '')?.[1])] ?? '';
    assert.match(fontOf('A1'), /<b\/>/);
    assert.match(fontOf('B1'), /<b\/>/);
    assert.doesNotMatch(fontOf('A2'), /<b\/>/);
    assert.match(cellXfs[styleOf('B2')] ?? '', /wrapText="1"/);
    assert.doesNotMatch(cellXfs[styleOf('A2')] ?? '', /wrapText/);
    assert.match(xml, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(xml, /<cols><col min="1" max="1" width="10" customWidth="1"\/><col min="3" max="3" width="30.5" customWidth="1"\/><\/cols>/);
    // The order CT_Worksheet requires.
    const order = ['<dimension', '<sheetViews', '<sheetFormatPr', '<cols', '<sheetData'].map((tag) => xml.indexOf(tag));
    assert.deepEqual([...order].sort((a, b) => a - b), order);
    assert.ok(order.every((i) => i > 0));

    const plain = strFromU8(unzipSync(writeXlsx([{ name: 'S', rows: [['名称']] }]))['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    assert.doesNotMatch(plain, /<pane|s="1"|<cols/);
  });

  it('writes a package with every part declared and every relationship resolvable', () => {
    const parts = unzipSync(writeXlsx([{ name: 'A', rows: [['x']] }, { name: 'B', rows: [[1]] }]));
    assert.equal(Object.keys(parts)[0], '[Content_Types].xml');
    const types = strFromU8(parts['[Content_Types].xml'] ?? new Uint8Array());
    for (const name of Object.keys(parts).filter((n) => n.endsWith('.xml') && n !== '[Content_Types].xml')) {
      assert.ok(types.includes(`PartName="/${name}"`), `${name} has a content type`);
      assert.match(strFromU8(parts[name] ?? new Uint8Array()), /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>/);
    }
    const rels = strFromU8(parts['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
    for (const m of rels.matchAll(/Target="([^"]+)"/g)) assert.ok(parts[`xl/${m[1] ?? ''}`], `${m[1]} exists`);
    assert.ok(parts[/Target="([^"]+)"/.exec(strFromU8(parts['_rels/.rels'] ?? new Uint8Array()))?.[1] ?? '']);
  });

  it('refuses what Excel could not open', () => {
    assert.throws(() => writeXlsx([]), XlsxError);
    assert.throws(() => writeXlsx([{ name: 'S', rows: [['x'.repeat(32_768)]] }]), /32767/);
    assert.doesNotThrow(() => writeXlsx([{ name: 'S', rows: [['x'.repeat(32_767)]] }]));
  });
});

describe('readXlsx on workbooks written by others', () => {
  it('joins rich-text runs of shared strings, drops phonetic guides and decodes entities and _xHHHH_', () => {
    const sst =
      `<sst ${MAIN} count="4" uniqueCount="4">` +
      '<si><t>纯文本</t></si>' +
      '<si><r><rPr><b/></rPr><t>加粗</t></r><r><t xml:space="preserve"> 与 </t></r><r><rPr><i/></rPr><t>斜体</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>' +
      '<si><t xml:space="preserve">  A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587;  </t></si>' +
      '<si><t>a_x000D_b _x005F_x0041_</t></si>' +
      '</sst>';
    assert.deepEqual(oneSheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>', { sharedStrings: sst }), [
      ['纯文本', '加粗 与 斜体', '  A & B <c> "d" \'e\' 中文  ', 'a\rb _x0041_'],
    ]);
  });

  it('reads inline strings, with and without runs', () => {
    assert.deepEqual(oneSheet('<row r="1"><c r="A1" t="inlineStr"><is><t>行内</t></is></c><c r="B1" t="inlineStr"><is><r><t>分</t></r><r><t>段</t></r></is></c></row>'), [['行内', '分段']]);
  });

  it('keeps cells and rows where Excel has them: gaps become "", missing rows []', () => {
    const rows = oneSheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="D1"><v>4</v></c></row>' +
        '<row r="4"><c r="B4"><v>2</v></c></row>' +
        '<row r="5" spans="1:3"><c r="A5" s="0"/><c r="B5"/></row>' + // styled but empty
        '<row r="6"><c r="AA6"><v>27</v></c></row>' +
        '<row r="7"><c r="A7"/></row>',
    );
    assert.equal(rows.length, 6);
    assert.deepEqual(rows[0], ['a', '', '', '4']);
    assert.deepEqual(rows[1], []);
    assert.deepEqual(rows[2], []);
    assert.deepEqual(rows[3], ['', '2']);
    assert.deepEqual(rows[4], []);
    assert.equal(rows[5]?.length, 27);
    assert.equal(rows[5]?.[26], '27');
  });

  it('follows cells and rows without references in document order', () => {
    assert.deepEqual(oneSheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="B2"><v>3</v></c><c><v>4</v></c></row>'), [
      ['1', '2'],
      ['', '3', '4'],
    ]);
  });

  it('renders numbers as Excel shows them in General', () => {
    assert.deepEqual(
      oneSheet('<row r="1"><c><v>42</v></c><c><v>1.0</v></c><c><v>3.0000000000000004</v></c><c><v>0.30000000000000004</v></c><c><v>12.50</v></c><c><v>-0.125</v></c><c><v>1E+3</v></c><c><v>1.5E-3</v></c></row>'),
      [['42', '1', '3', '0.3', '12.5', '-0.125', '1000', '0.0015']],
    );
  });

  it('reads date-formatted serials as YYYY-MM-DD (1900 system with its 29 February, and 1904)', () => {
    const styles =
      `<styleSheet ${MAIN}><numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>` +
      '<numFmt numFmtId="165" formatCode="0.00&quot;days&quot;"/><numFmt numFmtId="166" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/>' +
      '<numFmt numFmtId="167" formatCode="yyyy/mm/dd\\ hh:mm"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' + // not a cell format: must not shift the indexes
      '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="10"/><xf numFmtId="167"/><xf numFmtId="20"/><xf numFmtId="31"/></cellXfs></styleSheet>';
    const rows = oneSheet(
      '<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>45658</v></c><c r="C1" s="3"><v>45292</v></c><c r="D1" s="4"><v>36526</v></c><c r="E1" s="5"><v>0.25</v></c><c r="F1" s="0"><v>45292</v></c></row>' +
        '<row r="2"><c r="A2" s="1"><v>59</v></c><c r="B2" s="1"><v>60</v></c><c r="C2" s="1"><v>61</v></c><c r="D2" s="1"><v>1</v></c><c r="E2" s="1"><v>45292.75</v></c></row>' +
        '<row r="3"><c r="A3" s="6"><v>45292.5</v></c><c r="B3" s="6"><v>45292</v></c><c r="C3" s="7"><v>0.5</v></c><c r="D3" s="8"><v>44927</v></c></row>',
      { styles },
    );
    assert.deepEqual(rows, [
      ['2024-01-01', '2025-01-01', '45292', '2000-01-01', '0.25', '45292'],
      ['1900-02-28', '1900-02-29', '1900-03-01', '1900-01-01', '2024-01-01'],
      ['2024-01-01 12:00', '2024-01-01', '12:00', '2023-01-01'],
    ]);
    const in1904 = oneSheet('<row r="1"><c s="1"><v>0</v></c><c s="1"><v>43830</v></c></row>', { styles, workbookPr: '<workbookPr date1904="1"/>' });
    assert.deepEqual(in1904, [['1904-01-01', '2024-01-01']]);
  });

  it('reads formulas through their cached values, booleans, formula strings and errors', () => {
    assert.deepEqual(
      oneSheet(
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>A1&amp;"件"</f><v>2件</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="b"><v>0</v></c>' +
          '<c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F1"><f>NOW()</f></c><c r="G1" t="s"><f t="shared" ref="G1:G2" si="0">X</f><v>0</v></c></row>',
        { sharedStrings: `<sst ${MAIN}><si><t>共享</t></si></sst>` },
      ),
      [['2', '2件', 'TRUE', 'FALSE', '', '', '共享']],
    );
  });

  it('finds the sheet through the workbook and its relationships, whatever the part is called', () => {
    const bytes = handMade({
      sheets: {
        'worksheets/sheet1.xml': sheet('<row r="1"><c t="inlineStr"><is><t>隐藏的说明</t></is></c></row>'),
        'worksheets/data.xml': sheet('<row r="1"><c t="inlineStr"><is><t>清单</t></is></c></row>'),
        'other/second.xml': sheet('<row r="1"><c t="inlineStr"><is><t>第三个</t></is></c></row>'),
      },
      order: [
        ['说明', 'worksheets/sheet1.xml', 'hidden'],
        ['清单', '/xl/worksheets/data.xml'],
        ['其他', '../xl/other/second.xml'],
      ],
    });
    assert.deepEqual(readXlsx(bytes), [['清单']]); // the first visible sheet
    assert.deepEqual(readXlsx(bytes, { sheet: 0 }), [['隐藏的说明']]);
    assert.deepEqual(readXlsx(bytes, { sheet: 2 }), [['第三个']]);
  });

  it('reads elements with a namespace prefix', () => {
    const xml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    assert.deepEqual(readXlsx(handMade({ sheets: { 'worksheets/sheet1.xml': xml } })), [[], ['', '前缀']]);
  });
});

describe('readXlsx refuses what it cannot read', () => {
  it('random bytes, an empty file and a truncated zip', () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    rejects(random, /^不是有效的 XLSX 文件。$/);
    rejects(new Uint8Array(), /^不是有效的 XLSX 文件。$/);
    rejects(writeXlsx([{ name: 'S', rows: [['x']] }]).subarray(0, 200), /不是有效的 XLSX 文件/);
    assert.equal(isXlsx(random), false);
  });

  it('an old .xls (OLE compound file)', () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    rejects(ole, /旧版 Excel（\.xls）/);
    assert.equal(isXlsx(ole), false);
  });

  it('a zip without a workbook, a Word document, a workbook without sheets', () => {
    const plainZip = zipSync({ 'readme.txt': strToU8('hello') });
    rejects(plainZip, /没有工作簿/);
    assert.equal(isXlsx(plainZip), false);
    rejects(zipSync({ 'word/document.xml': strToU8('<w:document/>') }), /Word 文档/);
    const empty = handMade({ sheets: {} });
    assert.equal(isXlsx(empty), true);
    rejects(empty, /^工作簿中没有工作表。$/);
  });

  it('a zip whose parts are encrypted', () => {
    const bytes = new Uint8Array(writeXlsx([{ name: 'S', rows: [['x']] }]));
    const view = new DataView(bytes.buffer);
    for (let p = 0; p + 8 <= bytes.length; p++) {
      if (view.getUint32(p, true) === 0x04034b50) view.setUint16(p + 6, view.getUint16(p + 6, true) | 1, true);
    }
    rejects(bytes, /已加密/);
  });

  it('a workbook that inflates to more than 50 MB, even when its directory claims less', () => {
    const parts = unzipSync(handMade({ sheets: { 'worksheets/sheet1.xml': '' } }));
    const huge = zipSync({ ...parts, 'xl/worksheets/sheet1.xml': [new Uint8Array(XLSX_MAX_BYTES + 1), { level: 1 }] });
    rejects(huge, /超过 50 MB/);
    // Lie in the sizes: the local header and the central directory both claim 100 bytes.
    const lying = new Uint8Array(huge);
    const lv = new DataView(lying.buffer);
    let patched = 0;
    for (let p = 0; p + 28 <= lying.length; p++) {
      const sig = lv.getUint32(p, true);
      // Uncompressed size: at +24 in a central directory record, at +22 in a local header.
      const at = sig === 0x02014b50 ? p + 24 : sig === 0x04034b50 ? p + 22 : -1;
      if (at >= 0 && lv.getUint32(at, true) === XLSX_MAX_BYTES + 1) {
        lv.setUint32(at, 100, true);
        patched++;
      }
    }
    assert.equal(patched, 2);
    rejects(lying, /超过 50 MB/);
  });

  it('a sheet with content below row 100,000', () => {
    rejects(handMade({ sheets: { 'worksheets/sheet1.xml': sheet('<row r="100001"><c r="A100001"><v>1</v></c></row>') } }), /超过 100,000 行/);
    // Empty formatted rows further down (whole-column formatting) are no content.
    const rows = oneSheet('<row r="1"><c><v>1</v></c></row><row r="1048576" s="1" customFormat="1"/>');
    assert.deepEqual(rows, [['1']]);
  });
});

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;

describe('LibreOffice opens what writeXlsx writes', { skip: soffice ? false : 'LibreOffice (soffice) is not installed' }, () => {
  it('converts a written workbook to the same CSV', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-'));
    try {
      const file = path.join(dir, 'list.xlsx');
      fs.writeFileSync(file, writeXlsx([{ name: '权责清单', rows: [['编码', '名称'], ['00123', '行政许可 <&>"'], [null, 42]], header: true, columnWidths: [10, 30] }]));
      const run = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file], { timeout: 120_000 });
      assert.equal(run.status, 0, String(run.stderr));
      const csv = fs.readFileSync(path.join(dir, 'list.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      assert.deepEqual(csv, ['编码,名称', '00123,"行政许可 <&>"""', ',42']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
