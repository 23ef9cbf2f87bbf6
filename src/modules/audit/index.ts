/** The audit trail (留痕): every mutation is recorded here in its own transaction. */
export { createAuditService, AUDIT_READER_ROLES, type AuditService, type AuditDetails, type VerifyResult } from './audit.service.js';
export { auditStaffRoutes } from './audit.staff.js';
