import { hasRoleAt, type Actor, type Role } from '#platform/actor.js';

/** What staff do with an agency's standard catalogue. */
export type StandardsAction = 'view' | 'edit';

const ROLES: Record<StandardsAction, readonly Role[]> = {
  // Everyone who works on or oversees the agency's disclosure reads its catalogue and the monitor.
  view: ['editor', 'reviewer', 'disclosure_officer', 'agency_admin', 'coordinator', 'supervisor'],
  // Editors keep the catalogue; the agency admin and the coordinator may too.
  edit: ['editor', 'agency_admin', 'coordinator'],
};

/** Pure permission rule for the catalogue of the agency at `orgPath` (roles reach the whole subtree). */
export function canOnStandards(actor: Actor, action: StandardsAction, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  return hasRoleAt(actor, ROLES[action], orgPath);
}
