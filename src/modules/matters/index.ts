export { createMattersService, publicMatters, contentOf, flowchartOf, checkChart, TYPE_LABELS, type MattersService, type FlowchartCheck } from './matters.service.js';
export { createPowerSheets, POWER_COLUMNS, toCsv, toXlsx, type PowerSheets, type SheetReport } from './power-sheet.js';
export { indexMatters } from './search-index.js';
export { canOnMatter } from './matters.policy.js';
export * from './matter.schema.js';
export { mattersStaffRoutes } from './matters.staff.js';
export { mattersPortalRoutes, type SectorCatalogue } from './matters.portal.js';
export { checkFlowchart, FlowchartSchema, STEP_KIND_LABELS, type Flowchart, type FlowStep, type FlowBranch, type StepKind } from './flowchart/index.js';
