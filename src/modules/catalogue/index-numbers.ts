import type { Tx } from '#platform/db/database.js';
import { ValidationFailed } from '#platform/errors.js';
import { counterPeriod, DEFAULT_INDEX_TEMPLATE, renderIndexNumber } from './index-number.js';
import { indexNumberRepository } from './index-number.repository.js';

/** Assigns the next 索引号 of an agency at publication, inside the publishing transaction. */
export async function allocateIndexNumber(tx: Tx, org: { id: string; creditCode: string | null; slug: string }, date: string): Promise<string> {
  const template = (await indexNumberRepository.template(tx, org.id)) ?? DEFAULT_INDEX_TEMPLATE;
  const serial = await indexNumberRepository.nextSerial(tx, org.id, counterPeriod(template, date));
  try {
    return renderIndexNumber(template, { creditCode: org.creditCode, slug: org.slug, date, serial });
  } catch (err) {
    throw new ValidationFailed({ indexNumber: err instanceof Error ? err.message : String(err) }, '无法生成索引号。');
  }
}

/** Assigns `count` consecutive 索引号 of one agency and date's period at once (bulk import). */
export async function allocateIndexNumbers(tx: Tx, org: { id: string; creditCode: string | null; slug: string }, date: string, count: number): Promise<string[]> {
  const template = (await indexNumberRepository.template(tx, org.id)) ?? DEFAULT_INDEX_TEMPLATE;
  const last = await indexNumberRepository.nextSerial(tx, org.id, counterPeriod(template, date), count);
  try {
    return Array.from({ length: count }, (_, i) => renderIndexNumber(template, { creditCode: org.creditCode, slug: org.slug, date, serial: last - count + 1 + i }));
  } catch (err) {
    throw new ValidationFailed({ indexNumber: err instanceof Error ? err.message : String(err) }, '无法生成索引号。');
  }
}
