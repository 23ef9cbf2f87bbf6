import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeHtml, textToHtml } from './sanitize.js';

/** Nothing that can run script may survive: no handler, no script URL, no active element. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<(script|style|iframe|svg|math|img|object|embed|form|input|meta|link|base)\b/i, html);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, html);
  assert.doesNotMatch(html, /javascript:|vbscript:|data:/i, html);
}

describe('sanitizeHtml', () => {
  it('keeps the structure of a government document untouched', () => {
    const input =
      '<h2>一、总体要求</h2><p>坚持<strong>以公开为常态</strong>、<em>不公开为例外</em>。H<sub>2</sub>O，10<sup>3</sup></p>' +
      '<ul><li>第一项</li><li>第二项</li></ul><blockquote>引文</blockquote>' +
      '<table><thead><tr><th colspan="2">事项</th></tr></thead><tbody><tr><td rowspan="2">甲</td><td>乙</td></tr></tbody></table>';

    const out = sanitizeHtml(input);

    assert.equal(out.html, input);
    assert.equal(out.removed, false);
  });

  it('adds rel to links and keeps http(s), mailto and relative targets', () => {
    const out = sanitizeHtml('<p><a href="https://www.gov.cn/">政府网</a> <a href="/notices/1">通知</a> <a href="mailto:gk@example.gov.cn">邮件</a></p>');

    assert.equal(
      out.html,
      '<p><a href="https://www.gov.cn/" rel="noopener noreferrer">政府网</a> <a href="/notices/1" rel="noopener noreferrer">通知</a> <a href="mailto:gk@example.gov.cn" rel="noopener noreferrer">邮件</a></p>',
    );
    assert.equal(out.removed, false);
  });

  it('drops script and style elements with their content, and comments', () => {
    const out = sanitizeHtml('<p>正文</p><script>alert("x")</script><STYLE>p{color:red}</STYLE><!-- 备注 --><noscript>无脚本</noscript>');

    assert.equal(out.html, '<p>正文</p>');
    assert.equal(out.text, '正文');
    assert.equal(out.removed, true);
  });

  it('neutralises the usual XSS vectors, including upper-case and obfuscated ones', () => {
    const vectors = [
      '<img src=x onerror=alert(1)>',
      '<IMG SRC=x OnError="alert(1)">',
      '<a href="javascript:alert(1)">点我</a>',
      '<a href="JaVaScRiPt:alert(1)">点我</a>',
      '<a href="jav&#x09;ascript:alert(1)">点我</a>',
      '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>',
      '<a href=" javascript:alert(1)">点我</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
      '<a href="//evil.example/">点我</a>',
      '<svg onload=alert(1)><circle r=1 /></svg>',
      '<svg><script>alert(1)</script></svg>',
      '<iframe src="https://evil.example"></iframe>',
      '<p onclick="alert(1)" style="background:url(javascript:alert(1))">段落</p>',
      '<scr<script>ipt>alert(1)</script>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<form action="https://evil.example"><input name="q"><button>提交</button></form>',
      '<body onload=alert(1)>',
      '<a href="https://ok.example/" onmouseover="alert(1)" target="_blank">链接</a>',
    ];

    for (const v of vectors) {
      const out = sanitizeHtml(v);

      assertInert(out.html);
      assert.equal(out.removed, true, v);
    }
  });

  it('keeps the words of a link whose target is unsafe', () => {
    assert.equal(sanitizeHtml('<p><a href="javascript:alert(1)">点我</a></p>').html, '<p>点我</p>');
  });

  it('renames out-of-range headings and presentational tags, and drops decoration', () => {
    const out = sanitizeHtml('<h1>标题</h1><h5>小标题</h5><p class="MsoNormal" style="text-indent:2em"><b>加粗</b><i>斜体</i><span lang="EN-US">文字</span></p>');

    assert.equal(out.html, '<h2>标题</h2><h4>小标题</h4><p><strong>加粗</strong><em>斜体</em>文字</p>');
    assert.equal(out.removed, true);
  });

  it('keeps only small numeric colspan and rowspan', () => {
    const out = sanitizeHtml('<table><tr><td colspan="2" rowspan="x">a</td><td colspan="99999">b</td></tr></table>');

    assert.equal(out.html, '<table><tr><td colspan="2">a</td><td>b</td></tr></table>');
    assert.equal(out.removed, true);
  });

  it('gives plain text with one line per paragraph, item and row', () => {
    const out = sanitizeHtml('<h2>标题</h2>\n<p>第一段&nbsp;内容，A &amp; B &lt;C&gt;</p><p>第二段<br>换行</p><ul><li>甲</li><li>乙</li></ul><table><tr><td>单元格1</td><td>单元格2</td></tr></table>');

    assert.equal(out.text, '标题\n第一段 内容，A & B <C>\n第二段\n换行\n甲\n乙\n单元格1\t单元格2');
  });
});

describe('textToHtml', () => {
  it('turns each non-empty line into an escaped paragraph', () => {
    assert.equal(textToHtml('第一段 <b>不是标签</b>\r\n\n  第二段 & "引号" \'单引号\'  '), '<p>第一段 &lt;b&gt;不是标签&lt;/b&gt;</p>\n<p>第二段 &amp; &quot;引号&quot; &#39;单引号&#39;</p>');
  });

  it('survives the sanitiser unchanged and gives back the same text', () => {
    const text = '关于开展政府信息公开工作的通知\n各单位：\n请于 5 月 1 日前报送 <材料> & 附件。';

    const out = sanitizeHtml(textToHtml(text));

    assert.equal(out.removed, false);
    assert.equal(out.text, text);
  });
});
