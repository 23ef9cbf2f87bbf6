import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textToDocx } from './docx.js';
import { extractText } from './extract.js';
import { sniffFile } from './sniff.js';

describe('textToDocx', () => {
  it('writes a DOCX that our own sniffing and extraction read back, escaping markup', async () => {
    const buf = textToDocx('标题（公开版）', '第一段 <b>&amp;\n第二段 110101********0014');
    assert.equal(sniffFile(buf, 'x.docx').kind, 'docx');
    const text = (await extractText(buf, 'docx')) ?? '';
    assert.ok(text.includes('标题（公开版）'));
    assert.ok(text.includes('第一段 <b>&amp;'));
    assert.ok(text.includes('110101********0014'));
    assert.ok(text.indexOf('第一段') < text.indexOf('第二段'));
  });
});
