import { hasRoleAt, MFA_ROLES, type Actor, type Role } from '#platform/actor.js';

/** Roles only the coordinator may grant: they reach across agencies. */
const CITY_ROLES: readonly Role[] = ['coordinator', 'supervisor', 'operator'];

/** Pure rule: may the actor grant or revoke `role` on the agency at `orgPath`? */
export function canGrantRole(actor: Actor, role: Role, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  if (CITY_ROLES.includes(role)) return hasRoleAt(actor, ['coordinator'], orgPath);
  return hasRoleAt(actor, ['coordinator', 'agency_admin'], orgPath);
}

/** Pure rule: may the actor manage the account whose home agency is at `homePath`? */
export function canManageAccount(actor: Actor, homePath: string): boolean {
  if (actor.kind === 'system') return true;
  return hasRoleAt(actor, ['coordinator', 'agency_admin'], homePath);
}

/** Pure rule: may the actor see the account whose home agency is at `homePath`? */
export function canViewAccount(actor: Actor, homePath: string): boolean {
  if (actor.kind === 'system') return true;
  return hasRoleAt(actor, ['coordinator', 'agency_admin', 'supervisor'], homePath);
}

/** Two-factor sign-in is required for anyone holding an administrative role. */
export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => MFA_ROLES.includes(r));
}

/** Chinese and English names of roles. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  editor: { zh: '信息发布员', en: 'Editor' },
  reviewer: { zh: '保密审查员', en: 'Reviewer' },
  disclosure_officer: { zh: '依申请公开经办人', en: 'Disclosure officer' },
  office_head: { zh: '政府信息公开工作机构负责人', en: 'Head of the disclosure office' },
  agency_admin: { zh: '机构管理员', en: 'Agency administrator' },
  coordinator: { zh: '政务公开主管部门（协调员）', en: 'Coordinator' },
  supervisor: { zh: '监督员', en: 'Supervisor' },
  operator: { zh: '系统运维', en: 'Operator' },
};
