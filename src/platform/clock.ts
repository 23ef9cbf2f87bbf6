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

/** The civil date (YYYY-MM-DD) of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
