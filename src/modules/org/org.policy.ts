import { hasRoleAt, type Actor } from '#platform/actor.js';

/** Actions on agencies. */
export type OrgAction = 'create-child' | 'edit-profile' | 'change-status' | 'view-staff' | 'manage-staff';

/**
 * Pure permission rule for agencies: roles are granted on an agency and reach its whole subtree.
 * The coordinator shapes the tree; agency admins keep their own profile and staff; supervisors read.
 */
export function canOnOrg(actor: Actor, action: OrgAction, org: { path: string }): boolean {
  if (actor.kind === 'system') return true;
  switch (action) {
    case 'create-child':
    case 'change-status':
      return hasRoleAt(actor, ['coordinator'], org.path);
    case 'edit-profile':
    case 'manage-staff':
      return hasRoleAt(actor, ['coordinator', 'agency_admin'], org.path);
    case 'view-staff':
      return hasRoleAt(actor, ['coordinator', 'agency_admin', 'supervisor'], org.path);
  }
}
