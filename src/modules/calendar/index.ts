/** The working-day calendar kept by the coordinator, on top of the bundled State Council notices. */
export { createCalendarService, canEditCalendar, type CalendarService } from './calendar.service.js';
export { calendarStaffRoutes } from './calendar.staff.js';
