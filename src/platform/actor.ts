/** Roles granted per agency; a grant applies to the agency and its whole subtree. */
export const ROLES = [
  'editor',
  'reviewer',
  'disclosure_officer',
  'office_head',
  'agency_admin',
  'coordinator',
  'supervisor',
  'operator',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders must use two-factor sign-in. */
export const MFA_ROLES: readonly Role[] = ['agency_admin', 'coordinator', 'operator'];

/** One role on one agency, with the agency's tree path (e.g. `/1/4/`). */
export interface Grant {
  orgId: string;
  orgPath: string;
  role: Role;
}

/** Who is acting: the public, a signed-in person, or the system itself (jobs, CLI). */
export type Actor =
  | { kind: 'anonymous'; ip?: string | undefined; requestId?: string | undefined }
  | {
      kind: 'user';
      id: string;
      username: string;
      displayName: string;
      userKind: 'staff' | 'public';
      homeOrgId: string | null;
      grants: readonly Grant[];
      ip?: string | undefined;
      requestId?: string | undefined;
    }
  | { kind: 'system'; label: string; ip?: undefined; requestId?: undefined };

export type UserActor = Extract<Actor, { kind: 'user' }>;

/** The anonymous public visitor. */
export const anonymous: Actor = { kind: 'anonymous' };

/** A system actor for jobs and the CLI. */
export function systemActor(label: string): Actor {
  return { kind: 'system', label };
}

/** True when `path` lies in the subtree rooted at `rootPath` (both `/1/4/` form). */
export function inSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/** Tree paths where the actor holds any of the roles (its grant roots). */
export function grantRoots(actor: Actor, roles: readonly Role[]): string[] {
  if (actor.kind !== 'user') return [];
  return actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath);
}

/** True when the actor holds one of the roles on the agency at `orgPath` or an ancestor. */
export function hasRoleAt(actor: Actor, roles: readonly Role[], orgPath: string): boolean {
  return grantRoots(actor, roles).some((root) => inSubtree(orgPath, root));
}

/** A label for audit entries and logs (no personal data beyond the account name). */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return actor.username;
    case 'system':
      return `system:${actor.label}`;
  }
}

/** True for the city's 政务公开 coordinator: a coordinator grant at the root of the tree (`/N/`), or the system. */
export function isCityCoordinator(actor: Actor): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'user' && actor.grants.some((g) => g.role === 'coordinator' && /^\/\d+\/$/.test(g.orgPath));
}
