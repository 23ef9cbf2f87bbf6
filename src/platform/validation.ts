import { z } from 'zod';
import { ValidationFailed, type FieldErrors } from './errors.js';

/** Parses input with a zod schema; on failure throws ValidationFailed with one Chinese message per field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const fields: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    if (fields[key]) continue;
    // Our schemas carry Chinese messages; zod's own English defaults are replaced by a generic one.
    fields[key] = /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '格式不正确。';
  }
  throw new ValidationFailed(fields);
}

/** Control characters (other than tab and line breaks) have no place in form text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_MESSAGE = '含有不允许的控制字符，请删除后重试。';

/** A trimmed optional text field: empty becomes null. */
export function optionalText(max: number, label: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v ?? null),
    z
      .string({ message: `${label}格式不正确。` })
      .max(max, `${label}不能超过 ${max} 个字符。`)
      .refine((v) => !CONTROL.test(v), `${label}${CONTROL_MESSAGE}`)
      .nullable(),
  );
}

/** A trimmed required text field. */
export function requiredText(min: number, max: number, label: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ message: `请填写${label}。` })
      .min(1, `请填写${label}。`)
      .min(min, `${label}至少需要 ${min} 个字符。`)
      .max(max, `${label}不能超过 ${max} 个字符。`)
      .refine((v) => !CONTROL.test(v), `${label}${CONTROL_MESSAGE}`),
  );
}

/** An optional text field that must match a pattern when given. */
export function optionalPattern(re: RegExp, message: string, max = 200) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v ?? null),
    z.string({ message }).max(max, message).regex(re, message).nullable(),
  );
}

/** A positive integer id from a path or form (as a string, since ids are bigint). */
export const IdString = z.string().regex(/^[1-9]\d{0,17}$/, '编号无效。');

/** Page number from a query string (1 when absent or bad). */
export function pageNumber(v: unknown): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
