import { z } from 'zod';
import { isValidDate } from '#platform/calendar/index.js';
import { optionalText, requiredText } from '#platform/validation.js';

/** A day the coordinator enters: a holiday or 调休 working day, city-wide or for one region. */
export const CalendarDayInput = z.object({
  day: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写日期。' }).refine(isValidDate, '日期无效，应为 YYYY-MM-DD 格式的真实日期。')),
  kind: z.enum(['off', 'work'], { message: '请选择“放假”或“调休上班”。' }),
  name: requiredText(1, 60, '名称'),
  scopeOrgId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().regex(/^[1-9]\d*$/, '请选择适用地区。').nullable()),
  note: optionalText(200, '说明'),
});

/** Marks a year's arrangement as entered (known), with the notice it follows. */
export const CalendarYearInput = z.object({
  year: z.coerce.number({ message: '请填写年份。' }).int('年份应为整数。').min(2000, '年份应在 2000–2100 之间。').max(2100, '年份应在 2000–2100 之间。'),
  note: requiredText(2, 200, '依据（通知名称或文号）'),
});
