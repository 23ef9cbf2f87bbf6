import { z } from 'zod';
import { requiredText } from '#platform/validation.js';

export const TAXONOMY_SCHEMES = ['topic', 'genre'] as const;
export type TaxonomyScheme = (typeof TAXONOMY_SCHEMES)[number];

/** A new term: a topic (top level or under a top-level topic) or a genre. */
export const NewTermInput = z.object({
  scheme: z.enum(TAXONOMY_SCHEMES, { message: '请选择分类体系。' }),
  parentId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().regex(/^[1-9]\d*$/, '请选择上级主题。').nullable()),
  code: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写代码。' }).regex(/^[A-Za-z0-9]{1,12}$/, '代码为 1–12 位字母或数字。')),
  name: requiredText(1, 40, '名称'),
});

export const RenameTermInput = z.object({ name: requiredText(1, 40, '名称') });
