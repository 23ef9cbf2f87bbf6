import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { YearNotice } from './calendar.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'holidays');

let cached: YearNotice[] | undefined;

/**
 * The State Council holiday arrangements bundled with the app (2007 onwards; data of
 * NateScarlet/holiday-cn, MIT, see holidays/LICENSE.holiday-cn). A year whose notice is not yet
 * out has an empty list and stays unknown until the coordinator enters it.
 */
export function officialNotices(): YearNotice[] {
  cached ??= fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => {
      const d = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { year: number; days: YearNotice['days'] };
      return { year: d.year, days: d.days };
    });
  return cached;
}
