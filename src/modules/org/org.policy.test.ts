import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor, Grant, Role } from '#platform/actor.js';
import { canOnOrg, type OrgAction } from './org.policy.js';

const user = (grants: Grant[]): Actor => ({ kind: 'user', id: '1', username: 'u', displayName: 'u', userKind: 'staff', homeOrgId: '2', grants });
const g = (role: Role, orgPath: string): Grant => ({ orgId: '0', orgPath, role });

describe('agency policy', () => {
  const A = { path: '/1/2/' };
  const A1 = { path: '/1/2/5/' };
  const B = { path: '/1/3/' };
  const city = { path: '/1/' };
  const rows: [string, Actor, OrgAction, { path: string }, boolean][] = [
    ['coordinator adds under the city', user([g('coordinator', '/1/')]), 'create-child', city, true],
    ['coordinator deactivates B', user([g('coordinator', '/1/')]), 'change-status', B, true],
    ['admin A edits A', user([g('agency_admin', '/1/2/')]), 'edit-profile', A, true],
    ['admin A edits A1', user([g('agency_admin', '/1/2/')]), 'edit-profile', A1, true],
    ['admin A cannot edit B', user([g('agency_admin', '/1/2/')]), 'edit-profile', B, false],
    ['admin A cannot edit the city', user([g('agency_admin', '/1/2/')]), 'edit-profile', city, false],
    ['admin A cannot add agencies', user([g('agency_admin', '/1/2/')]), 'create-child', A, false],
    ['admin A cannot deactivate A1', user([g('agency_admin', '/1/2/')]), 'change-status', A1, false],
    ['supervisor views staff of B', user([g('supervisor', '/1/')]), 'view-staff', B, true],
    ['supervisor cannot edit B', user([g('supervisor', '/1/')]), 'edit-profile', B, false],
    ['editor cannot view staff', user([g('editor', '/1/2/')]), 'view-staff', A, false],
    ['anonymous cannot edit', { kind: 'anonymous' }, 'edit-profile', A, false],
    ['the system may do anything', { kind: 'system', label: 'cli' }, 'change-status', B, true],
  ];
  for (const [name, actor, action, org, expected] of rows) it(name, () => assert.equal(canOnOrg(actor, action, org), expected));
});
