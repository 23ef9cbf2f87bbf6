import { hasRoleAt, type Actor, type Role } from '#platform/actor.js';

/** What staff do with powers and service guides. */
export type MatterAction = 'view' | 'edit' | 'review' | 'withdraw' | 'import';

const ROLES: Record<MatterAction, readonly Role[]> = {
  view: ['editor', 'reviewer', 'disclosure_officer', 'agency_admin', 'office_head', 'coordinator', 'supervisor'],
  // Editors keep the lists; the agency admin answers for them and may edit too.
  edit: ['editor', 'agency_admin'],
  // Publication is reviewed like catalogue items: by a reviewer, or by the agency admin.
  review: ['reviewer', 'agency_admin'],
  withdraw: ['reviewer', 'agency_admin'],
  import: ['editor', 'agency_admin', 'coordinator'],
};

/** Pure permission rule for a matter of the agency at `orgPath` (roles reach the whole subtree). */
export function canOnMatter(actor: Actor, action: MatterAction, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  return hasRoleAt(actor, ROLES[action], orgPath);
}

/**
 * Nobody approves their own version — except the agency admin, who answers for the agency's lists
 * and may publish their own work (ADR 0010; the audit records it as self-approved).
 */
export function mayApproveOwn(actor: Actor, orgPath: string): boolean {
  return actor.kind === 'system' || hasRoleAt(actor, ['agency_admin'], orgPath);
}
