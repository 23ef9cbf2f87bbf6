import { hasRoleAt, type Actor, type Role } from '#platform/actor.js';

/** What staff do with catalogue items. */
export type ItemAction = 'view' | 'edit' | 'review' | 'manage' | 'import' | 'import-published';

const ROLES: Record<ItemAction, readonly Role[]> = {
  // Everyone who works on or oversees the agency's disclosure reads its items.
  view: ['editor', 'reviewer', 'disclosure_officer', 'agency_admin', 'coordinator', 'supervisor'],
  // Editors record and revise; the agency admin may too.
  edit: ['editor', 'agency_admin'],
  // 保密审查 is the reviewer's (never on their own work: see `isOwnWork`).
  review: ['reviewer'],
  // 失效/废止 and withdrawal.
  manage: ['reviewer', 'agency_admin'],
  import: ['editor', 'agency_admin', 'coordinator'],
  // Importing existing content as already published skips review: the admin answers for it.
  'import-published': ['agency_admin', 'coordinator'],
};

/** Pure permission rule for an item of the agency at `orgPath` (roles reach the whole subtree). */
export function canOnItem(actor: Actor, action: ItemAction, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  return hasRoleAt(actor, ROLES[action], orgPath);
}

/** Nobody approves their own item: the author of the item or of the version under review. */
export function isOwnWork(actor: Actor, item: { createdBy: string | null }, version: { createdBy: string | null }): boolean {
  return actor.kind === 'user' && (item.createdBy === actor.id || version.createdBy === actor.id);
}
