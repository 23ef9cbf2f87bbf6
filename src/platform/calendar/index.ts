/** The shared working-day calendar: every deadline in the platform counts days through this. */
export { createCalendar, dateOf, dayNumber, isValidDate, InvalidDate, UnknownCalendarYear, type AddResult, type CalendarDay, type DayInfo, type WorkingCalendar, type YearNotice } from './calendar.js';
export { officialNotices } from './official.js';
