/**
 * 索引号 templates (ogi-rules §4.3): there is no national standard, so each agency has a template of
 * tokens; the default is the most common modern form `{orgCode}/{year}-{serial:5}`, e.g.
 * `000014349/2018-00222`. Pure functions: rendering, checking a template, the counter period.
 */

/** The default template: 9-character organisation code, year, 5-digit serial. */
export const DEFAULT_INDEX_TEMPLATE = '{orgCode}/{year}-{serial:5}';

const TOKEN = /\{(orgCode|creditCode|year|month|slug|serial(?::(\d))?)\}/g;
const LITERAL = /^[A-Za-z0-9/\-_.]*$/;

/** What a template needs to render. */
export interface IndexNumberInput {
  creditCode: string | null;
  slug: string;
  /** The publication date, `YYYY-MM-DD`. */
  date: string;
  serial: number;
}

/** Why a template is not usable (Chinese), or null. */
export function templateProblem(template: string): string | null {
  if (template.length === 0 || template.length > 80) return '索引号模板应为 1–80 个字符。';
  const serials = [...template.matchAll(/\{serial(?::(\d))?\}/g)];
  if (serials.length !== 1) return '索引号模板须包含且只包含一个 {serial} 或 {serial:N}（N 为 1–9 位）。';
  const width = serials[0]![1];
  if (width !== undefined && (Number(width) < 1 || Number(width) > 9)) return '流水号位数应为 1–9。';
  const rest = template.replace(TOKEN, '');
  if (/[{}]/.test(rest)) return '索引号模板中有无法识别的占位符；可用：{orgCode} {creditCode} {year} {month} {slug} {serial:N}。';
  if (!LITERAL.test(rest)) return '索引号模板中的固定字符只能是字母、数字和 / - _ .';
  if (!/\{year\}/.test(template) && /\{month\}/.test(template)) return '使用 {month} 时须同时使用 {year}。';
  return null;
}

/**
 * The counter period of a template: serials restart each year when it has {year}, each month when
 * it has {month}, and never otherwise (`all`).
 */
export function counterPeriod(template: string, date: string): string {
  if (template.includes('{month}')) return date.slice(0, 7);
  if (template.includes('{year}')) return date.slice(0, 4);
  return 'all';
}

/** Renders an index number; throws with a Chinese message when the agency lacks what the template needs. */
export function renderIndexNumber(template: string, input: IndexNumberInput): string {
  const problem = templateProblem(template);
  if (problem) throw new Error(problem);
  return template.replace(TOKEN, (_m, name: string, width: string | undefined) => {
    switch (name.startsWith('serial') ? 'serial' : name) {
      case 'orgCode':
        if (!input.creditCode) throw new Error('机构尚未登记统一社会信用代码，无法生成含组织机构代码的索引号。');
        return input.creditCode.slice(8, 17);
      case 'creditCode':
        if (!input.creditCode) throw new Error('机构尚未登记统一社会信用代码，无法生成索引号。');
        return input.creditCode;
      case 'year':
        return input.date.slice(0, 4);
      case 'month':
        return input.date.slice(5, 7);
      case 'slug':
        return input.slug;
      default: {
        const w = width ? Number(width) : 1;
        const s = String(input.serial);
        if (s.length > w) throw new Error(`本期流水号已超过 ${w} 位上限，请调整索引号模板。`);
        return s.padStart(w, '0');
      }
    }
  });
}
