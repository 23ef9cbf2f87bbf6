import { hasRoleAt, isCityCoordinator, type Actor } from '#platform/actor.js';
import { createCalendar, officialNotices, type CalendarDay, type WorkingCalendar } from '#platform/calendar/index.js';
import { notifyChange, type ChangeFeed } from '#platform/db/changes.js';
import type { Database } from '#platform/db/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '#platform/errors.js';
import { parseInput } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import { calendarRepository } from './calendar.repository.js';
import { CalendarDayInput, CalendarYearInput } from './calendar.schema.js';

type OrgLookup = (id: string) => Promise<{ id: string; path: string; name: string; isActive: boolean } | undefined>;

/**
 * Pure rule: city-wide days and years are kept by a coordinator at the root of the tree (a path
 * of one segment, e.g. `/1/`); a region's days by a coordinator at that region or above it.
 */
export function canEditCalendar(actor: Actor, scopePath: string | null): boolean {
  if (scopePath !== null) return actor.kind === 'system' || hasRoleAt(actor, ['coordinator'], scopePath);
  return isCityCoordinator(actor);
}

const FORBIDDEN_MESSAGE = '只有政务公开主管部门（协调员）可以维护工作日历。';

export type CalendarService = ReturnType<typeof createCalendarService>;

/**
 * The platform's working-day calendar: the State Council notices bundled with the app, plus the
 * days and years the coordinator enters (next year's notice, local holidays of a region). Every
 * deadline counts through `forAgency`. Changes are audited and reach other processes by NOTIFY.
 */
export function createCalendarService({ db, audit, orgLookup, changes }: { db: Database; audit: AuditService; orgLookup: OrgLookup; changes?: ChangeFeed | undefined }) {
  let data: Promise<{ days: Awaited<ReturnType<typeof calendarRepository.days>>; years: number[] }> | undefined;
  // Built calendars by agency path ('' = city-wide): every deadline asks, the data rarely changes.
  const built = new Map<string, WorkingCalendar>();
  const invalidate = () => {
    data = undefined;
    built.clear();
  };
  changes?.on('calendar', invalidate);
  const load = () => {
    data ??= Promise.all([calendarRepository.days(db), calendarRepository.years(db)]).then(([days, years]) => ({ days, years: years.map((y) => y.year) }));
    data.catch(() => invalidate());
    return data;
  };

  /** The calendar that applies to an agency (its tree path): city-wide days plus its regions' days. */
  async function forAgency(orgPath: string | null = null): Promise<WorkingCalendar> {
    const key = orgPath ?? '';
    const cached = built.get(key);
    if (cached) return cached;
    const source = load();
    const { days, years } = await source;
    const local: CalendarDay[] = days
      .filter((d) => d.scopePath === null || (orgPath !== null && orgPath.startsWith(d.scopePath)))
      // Regional entries come after city-wide ones, so that they win on the same day.
      .sort((a, b) => (a.scopePath?.length ?? 0) - (b.scopePath?.length ?? 0))
      .map((d) => ({ date: d.day, isOffDay: d.isOffDay, name: d.name }));
    const cal = createCalendar(officialNotices(), local, years);
    // Keep it only if no change arrived while it was being built.
    if (data === source) built.set(key, cal);
    return cal;
  }

  return {
    forAgency,

    /** Everything the workspace shows: the city-wide calendar, official and local days of a year. */
    async overview(year: number) {
      const [{ days }, cityWide] = await Promise.all([load(), forAgency(null)]);
      const official = officialNotices().flatMap((n) => n.days).filter((d) => d.date.startsWith(`${year}-`));
      return { cityWide, official, local: days.filter((d) => d.day.startsWith(`${year}-`)) };
    },

    /** The coordinator enters a holiday or 调休 working day (city-wide, or for one region). */
    async addDay(actor: Actor, raw: unknown): Promise<void> {
      const input = parseInput(CalendarDayInput, raw);
      const scope = input.scopeOrgId ? await orgLookup(input.scopeOrgId) : undefined;
      if (input.scopeOrgId && !scope) throw new ValidationFailed({ scopeOrgId: '请选择适用地区。' });
      if (!canEditCalendar(actor, scope?.path ?? null)) throw new Forbidden('CALENDAR_FORBIDDEN', FORBIDDEN_MESSAGE);
      if (await calendarRepository.findByDayAndScope(db, input.day, scope?.id ?? null)) {
        throw new Conflict('CALENDAR_DAY_EXISTS', '该日期已有记录。', { day: '该日期在此范围内已有记录，请先删除原记录。' });
      }
      await db.transaction().execute(async (tx) => {
        const { id } = await calendarRepository.insertDay(tx, { day: input.day, isOffDay: input.kind === 'off', name: input.name, scopeOrgId: scope?.id ?? null, note: input.note, createdBy: actor.kind === 'user' ? actor.id : null });
        await audit.record(tx, actor, 'calendar.day-added', { orgId: scope?.id ?? null, subjectType: 'calendar_day', subjectId: id, summary: { day: input.day, kind: input.kind, name: input.name } });
        await notifyChange(tx, 'calendar');
      });
      invalidate();
    },

    /** Removes an entered day. */
    async removeDay(actor: Actor, id: string): Promise<void> {
      const row = /^[1-9]\d*$/.test(id) ? await calendarRepository.findDay(db, id) : undefined;
      if (!row) throw new NotFound('CALENDAR_DAY_NOT_FOUND', '该记录不存在。');
      const scope = row.scopeOrgId ? await orgLookup(row.scopeOrgId) : undefined;
      if (!canEditCalendar(actor, scope?.path ?? null)) throw new Forbidden('CALENDAR_FORBIDDEN', FORBIDDEN_MESSAGE);
      await db.transaction().execute(async (tx) => {
        await calendarRepository.deleteDay(tx, row.id);
        await audit.record(tx, actor, 'calendar.day-removed', { orgId: row.scopeOrgId, subjectType: 'calendar_day', subjectId: row.id, summary: { day: row.day, name: row.name } });
        await notifyChange(tx, 'calendar');
      });
      invalidate();
    },

    /** Marks a year's arrangement as complete, so that deadlines may count through it. */
    async markYear(actor: Actor, raw: unknown): Promise<void> {
      const input = parseInput(CalendarYearInput, raw);
      if (!canEditCalendar(actor, null)) throw new Forbidden('CALENDAR_FORBIDDEN', FORBIDDEN_MESSAGE);
      await db.transaction().execute(async (tx) => {
        await calendarRepository.upsertYear(tx, { year: input.year, note: input.note, markedBy: actor.kind === 'user' ? actor.id : null });
        await audit.record(tx, actor, 'calendar.year-marked', { subjectType: 'calendar_year', subjectId: input.year, summary: { note: input.note } });
        await notifyChange(tx, 'calendar');
      });
      invalidate();
    },
  };
}
