/** Organisations: the tree of 行政区划 and agencies, and their 指南 profile. */
export { createOrgService, buildTree, type OrgService, type OrgNode } from './org.service.js';
export { ORG_KINDS, ORG_KIND_LABELS, SECTORS, SECTOR_LABELS, type OrgKind } from './org.schema.js';
export { orgPortalRoutes } from './org.portal.js';
export { orgStaffRoutes } from './org.staff.js';
export { orgApiRoutes } from './org.api.js';
