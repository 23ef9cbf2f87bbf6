/**
 * Rich text that staff paste or type (正文 of a notice, a reply): reduced to the plain structure
 * of a government document — paragraphs, headings, lists, tables and links — with everything
 * executable or decorative dropped. The plain text beside it feeds search and screening.
 */
import sanitize from 'sanitize-html';

const ALLOWED_TAGS = ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'em', 'u', 's', 'sub', 'sup', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'a'];
/** Tags kept under their modern or in-range name (the page itself owns h1). */
const RENAMED: Record<string, string> = { b: 'strong', i: 'em', strike: 's', del: 's', ins: 'u', h1: 'h2', h5: 'h4', h6: 'h4', tfoot: 'tbody' };
const ALLOWED_ATTRS: Record<string, string[]> = { a: ['href', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] };
/** Disallowed elements whose content goes too (not just the tags). */
const DROP_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'select', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe', 'object', 'template', 'svg', 'math', 'title', 'head', 'plaintext'];
const SCHEMES = ['http', 'https', 'mailto'];

/** Whether an href may stay: http(s), mailto or relative. Browsers ignore tabs and newlines inside a scheme. */
function safeHref(href: string): boolean {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const h = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^[/\\]{2}/.test(h)) return false; // protocol-relative: another host
  const scheme = /^([^/?#]*?):/.exec(h)?.[1];
  return scheme === undefined || SCHEMES.includes(scheme.toLowerCase());
}

function span(value: string | undefined): string | undefined {
  return value !== undefined && /^\s*[1-9]\d{0,2}\s*$/.test(value) ? value.trim() : undefined;
}

/** Sanitised HTML, its plain text, and whether anything (a tag, attribute, link or comment) was dropped. */
export interface SanitizedHtml {
  html: string;
  text: string;
  removed: boolean;
}

/** Reduces untrusted HTML to the allowlist; script and style content disappear, not turned into text. */
export function sanitizeHtml(input: string): SanitizedHtml {
  let removed = /<!--|<!\[CDATA\[|<\?/.test(input);
  const html = sanitize(input, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRS,
    allowedSchemes: SCHEMES,
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    nestingLimit: 100,
    onOpenTag(name, attribs) {
      const tag = RENAMED[name] ?? name;
      if (!ALLOWED_TAGS.includes(tag)) removed = true;
      for (const [attr, value] of Object.entries(attribs)) {
        if (!(ALLOWED_ATTRS[tag] ?? []).includes(attr)) removed = true;
        else if (attr === 'href' && !safeHref(value)) removed = true;
        else if ((attr === 'colspan' || attr === 'rowspan') && span(value) === undefined) removed = true;
      }
    },
    transformTags: {
      '*': (tagName, attribs) => {
        const tag = RENAMED[tagName] ?? tagName;
        if (tag === 'a') {
          // A link without a safe target keeps its words but stops being a link.
          const href = attribs.href;
          return href !== undefined && safeHref(href) ? { tagName: 'a', attribs: { href, rel: 'noopener noreferrer' } } : { tagName: 'span', attribs: {} };
        }
        if (tag === 'td' || tag === 'th') {
          const out: Record<string, string> = {};
          const colspan = span(attribs.colspan);
          const rowspan = span(attribs.rowspan);
          if (colspan !== undefined) out.colspan = colspan;
          if (rowspan !== undefined) out.rowspan = rowspan;
          return { tagName: tag, attribs: out };
        }
        return { tagName: tag, attribs };
      },
    },
  }).trim();
  return { html, text: htmlText(html), removed };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of already-sanitised HTML: one line per paragraph, heading, list item or table row; cells split by tabs. */
function htmlText(html: string): string {
  return html
    .replace(/[ \t\n\r\f]+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<\/(p|h2|h3|h4|li|tr|blockquote|table|ul|ol|thead|tbody)>/gi, '\n')
    .replace(/<(p|h2|h3|h4|li|tr|blockquote|table|ul|ol)(\s[^>]*)?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref: string) => {
      if (!ref.startsWith('#')) return ENTITIES[ref.toLowerCase()] ?? m;
      const code = /^#x/i.test(ref) ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((line) => line !== '')
    .join('\n');
}

/** Text made safe to stand in HTML content or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain text (one paragraph per line, blank lines ignored) as escaped `<p>` elements. */
export function textToHtml(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
}
