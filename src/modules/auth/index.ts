/** Accounts, roles, sessions, two-factor sign-in. */
export { createSessionService, LOGIN_FAILED_MESSAGE, type SessionService, type SessionState } from './session.service.js';
export { createUsersService, generatePassword, type UsersService } from './users.service.js';
export { ROLE_LABELS, requiresMfa } from './auth.policy.js';
export { registerSessions, requireStaff } from './auth.http.js';
export { authStaffRoutes } from './auth.staff.js';
export { usersStaffRoutes } from './users.staff.js';
export { accountPortalRoutes } from './account.portal.js';
export { usersApiRoutes } from './users.api.js';
export { createApiTokenService, type ApiTokenService } from './api-tokens.service.js';
export { apiTokensStaffRoutes, registerApiTokenAuth } from './api-tokens.staff.js';
