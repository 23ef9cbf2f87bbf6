import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentDisposition } from './disposition.js';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name for a Chinese file name', () => {
    assert.equal(
      contentDisposition('关于2026年预算公开的通知.pdf', 'attachment'),
      `attachment; filename="__2026________.pdf"; filename*=UTF-8''${encodeURIComponent('关于2026年预算公开的通知.pdf')}`,
    );
  });

  it('falls back to "download" when no ASCII letter or digit is left', () => {
    assert.match(contentDisposition('通知.pdf', 'inline'), /^inline; filename="download\.pdf"; filename\*=UTF-8''%E9%80%9A%E7%9F%A5\.pdf$/);
  });

  it('keeps plain ASCII names and escapes what a quoted string or RFC 8187 cannot hold', () => {
    assert.equal(contentDisposition('report (final).pdf'), `attachment; filename="report (final).pdf"; filename*=UTF-8''report%20%28final%29.pdf`);
    assert.equal(contentDisposition('a"b%c.pdf'), `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a_b%25c.pdf`);
    assert.match(contentDisposition("it's.pdf"), /filename\*=UTF-8''it%27s\.pdf$/);
  });

  it('never lets a header break or a path through', () => {
    const header = contentDisposition('../x\r\nSet-Cookie: a=b.pdf');

    assert.doesNotMatch(header, /[\r\n]/);
    assert.match(header, /^attachment; filename="xSet-Cookie_ a=b\.pdf"/);
  });
});
