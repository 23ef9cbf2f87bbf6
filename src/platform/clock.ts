/** Time source; injected so that deadlines and lockouts can be tested at pinned dates. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put (tests). */
export function fixedClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d) => (t = d.getTime()),
    advance: (ms) => (t += ms),
  };
}

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The civil date (YYYY-MM-DD) of an instant in China Standard Time. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` (or `…:ss`) of an instant in China Standard Time, for people. */
export function chinaDateTime(d: Date, precision: 'minute' | 'second' = 'minute'): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS)
    .toISOString()
    .slice(0, precision === 'second' ? 19 : 16)
    .replace('T', ' ');
}
