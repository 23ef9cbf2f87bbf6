import { z } from 'zod';
import { optionalText, requiredText } from '#platform/validation.js';
import { AUDIENCES, isArea, isChannel, isLevel, limitFromText, LIMIT_KINDS, METHODS, type LimitKind } from './vocabulary.js';

const blankToNull = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? v.trim() : v);
/** A checkbox group: absent, one value or several (repeated form fields). */
const codes = (message: string) => z.preprocess((v): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string({ message }).max(40, message)).max(20, message));

/** The fields an entry's cross-field checks look at, as the form posts them. */
interface CrossFields {
  channels: readonly string[];
  levels: readonly string[];
  audience: string;
  audienceNote: string | null;
  timeLimit: string;
  limitKind: string;
  limitValue: string | null;
}

/**
 * Checks across fields (at least one channel and level, a note for 特定群体, a time limit the monitor
 * can read). Also run on the raw form when other fields fail, so that a form lists all its problems at
 * once instead of in two rounds.
 */
export function crossFieldErrors(v: CrossFields): Record<string, string> {
  const errors: Record<string, string> = {};
  if (v.channels.length === 0) errors.channels = '请至少选择一个公开渠道和载体。';
  else if (!v.channels.every(isChannel)) errors.channels = '公开渠道无效。';
  if (v.levels.length === 0) errors.levels = '请至少选择一个公开层级。';
  else if (!v.levels.every(isLevel)) errors.levels = '公开层级无效。';
  if (v.audience === 'specific' && !v.audienceNote) errors.audienceNote = '公开对象为特定群体时，请说明是哪些群体。';
  // Without a 公开时限 there is nothing to read the kind from: that field reports itself.
  if (v.timeLimit.trim() === '' && v.limitKind === '') return errors;
  const kind = v.limitKind === '' ? limitFromText(v.timeLimit)?.kind : v.limitKind;
  if (!kind) errors.limitKind = '无法从公开时限的文字判断监测方式，请选择“时限监测方式”。';
  const value = v.limitKind === '' ? (limitFromText(v.timeLimit)?.value ?? null) : v.limitValue === null ? null : Number(v.limitValue);
  if (kind === 'workdays' && (value === null || value > MAX_WORKDAYS)) errors.limitValue = `按工作日监测时，请填写 1–${MAX_WORKDAYS} 的工作日数。`;
  if (kind === 'periodic' && (value === null || value > MAX_MONTHS)) errors.limitValue = `按周期监测时，请填写 1–${MAX_MONTHS} 的月数（每月 1、每季度 3、每年 12）。`;
  return errors;
}

/** The cross-field checks on the raw form (used when the schema stops at other fields' errors). */
export function rawCrossFieldErrors(raw: unknown): Record<string, string> {
  const r = (raw ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k]).trim() : '');
  const list = (k: string) => (Array.isArray(r[k]) ? (r[k] as unknown[]).filter((x): x is string => typeof x === 'string') : typeof r[k] === 'string' && r[k] !== '' ? [r[k]] : []);
  return crossFieldErrors({ channels: list('channels'), levels: list('levels'), audience: str('audience') || 'all', audienceNote: str('audienceNote') || null, timeLimit: str('timeLimit'), limitKind: str('limitKind'), limitValue: str('limitValue') || null });
}

/** Working days and months the monitor accepts. */
export const MAX_WORKDAYS = 90;
export const MAX_MONTHS = 12;

/**
 * One entry of the standard catalogue as posted by the form (or given by the API/seed). `limitKind`
 * empty means "read it from the 公开时限 text" (`limitFromText`).
 */
export const EntryInput = z
  .object({
    area: z.preprocess(blankToNull, z.string({ message: '请选择领域。' }).refine(isArea, '请选择领域。')),
    level1: requiredText(1, 60, '一级事项'),
    level2: requiredText(1, 100, '二级事项'),
    content: requiredText(1, 2000, '公开内容（要素）'),
    basis: requiredText(1, 2000, '公开依据'),
    timeLimit: requiredText(1, 200, '公开时限'),
    limitKind: z.preprocess((v) => blankToNull(v) ?? '', z.enum(['', ...LIMIT_KINDS], { message: '请选择时限监测方式。' })),
    limitValue: z.preprocess(blankToNull, z.string({ message: '时限数值应为正整数。' }).regex(/^[1-9]\d{0,2}$/, '时限数值应为正整数。').nullable()),
    subject: optionalText(100, '公开主体'),
    channels: codes('公开渠道无效。'),
    audience: z.preprocess((v) => blankToNull(v) ?? 'all', z.enum(AUDIENCES, { message: '请选择公开对象。' })),
    audienceNote: optionalText(200, '公开对象说明'),
    method: z.preprocess((v) => blankToNull(v) ?? 'proactive', z.enum(METHODS, { message: '请选择公开方式。' })),
    levels: codes('公开层级无效。'),
    sortOrder: z.preprocess(blankToNull, z.string({ message: '排序应为 0–999999 的整数。' }).regex(/^\d{1,6}$/, '排序应为 0–999999 的整数。').nullable()),
  })
  .superRefine((v, ctx) => {
    for (const [path, message] of Object.entries(crossFieldErrors(v))) ctx.addIssue({ code: 'custom', path: [path], message });
  })
  .transform((v) => {
    const derived = v.limitKind === '' ? limitFromText(v.timeLimit) : null;
    const limitKind = (derived?.kind ?? v.limitKind) as LimitKind;
    const limitValue = limitKind === 'none' ? null : (derived?.value ?? Number(v.limitValue));
    return {
      area: v.area,
      level1: v.level1,
      level2: v.level2,
      content: v.content,
      basis: v.basis,
      timeLimit: v.timeLimit,
      limitKind,
      limitValue,
      subject: v.subject,
      channels: [...new Set(v.channels)],
      audience: v.audience,
      audienceNote: v.audience === 'specific' ? v.audienceNote : null,
      method: v.method,
      levels: [...new Set(v.levels)],
      sortOrder: v.sortOrder === null ? null : Number(v.sortOrder),
    };
  });
export type EntryInput = z.output<typeof EntryInput>;

/** 索引号 or item ids to link, separated by spaces, commas, 、 or line breaks. */
export const LinkInput = z.object({
  refs: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,，、;；]+/).filter(Boolean) : v),
    z.array(z.string().max(80, '编号或索引号过长。'), { message: '请填写要关联信息的索引号或编号。' }).min(1, '请填写要关联信息的索引号或编号。').max(50, '一次最多关联 50 条信息。'),
  ),
});

/** The sector whose template to import. */
export const ImportInput = z.object({
  sector: z.preprocess(blankToNull, z.string({ message: '请选择行业。' }).max(40, '请选择行业。')),
});
