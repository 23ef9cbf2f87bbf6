/** 基层政务公开标准目录: agencies' standard catalogues of disclosure items, sector templates, the timeliness monitor. */
export { createStandardsService, type StandardsService } from './standards.service.js';
export { standardsStaffRoutes } from './standards.staff.js';
export { standardsPortalRoutes } from './standards.portal.js';
export { SECTORS, sectorCatalogue, isSectorCode, type SectorCode, type TemplateEntry } from './sectors.js';
export { assessEntry, addMonths, MONITOR_STATUSES, MONITOR_STATUS_LABELS, type Assessment, type MonitorItem, type MonitorStatus } from './monitor.js';
export { AREAS, CHANNELS, LEVELS, limitFromText } from './vocabulary.js';
export { seedStandards } from './demo.js';
