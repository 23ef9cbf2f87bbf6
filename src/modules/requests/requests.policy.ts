import { hasRoleAt, type Actor, type Role } from '#platform/actor.js';

/** What staff do with disclosure requests. */
export type RequestAction = 'view' | 'handle' | 'approve-extension' | 'personal-data' | 'templates' | 'figures';

const ROLES: Record<RequestAction, readonly Role[]> = {
  // The caseload is read by the agency's disclosure staff and by those who oversee them (without personal data).
  view: ['disclosure_officer', 'office_head', 'agency_admin', 'coordinator', 'supervisor'],
  // Registering, corresponding and replying is the disclosure office's work.
  handle: ['disclosure_officer', 'office_head'],
  // Art. 33: an extension needs the approval of the head of the disclosure office.
  'approve-extension': ['office_head'],
  // Applicants' identity and contact details: the handling agency's disclosure staff only.
  'personal-data': ['disclosure_officer', 'office_head'],
  templates: ['office_head', 'agency_admin'],
  figures: ['disclosure_officer', 'office_head', 'agency_admin', 'coordinator', 'supervisor'],
};

/** Pure permission rule for a request handled by the agency at `orgPath` (roles reach the subtree). */
export function canOnRequest(actor: Actor, action: RequestAction, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  return hasRoleAt(actor, ROLES[action], orgPath);
}

/** Roles that see the request workspace at all (for the navigation). */
export const REQUEST_VIEW_ROLES = ROLES.view;
export const REQUEST_HANDLE_ROLES = ROLES.handle;
