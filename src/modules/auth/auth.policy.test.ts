import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor, Grant, Role } from '#platform/actor.js';
import { canGrantRole, canManageAccount, canViewAccount, requiresMfa } from './auth.policy.js';

const user = (grants: Grant[]): Actor => ({ kind: 'user', id: '1', username: 'u', displayName: 'u', userKind: 'staff', homeOrgId: '2', grants });
const g = (role: Role, orgPath: string): Grant => ({ orgId: orgPath.split('/').at(-2)!, orgPath, role });

// Tree: /1/ city, /1/2/ dept A, /1/2/5/ unit A1, /1/3/ dept B.
describe('account and role policy', () => {
  const adminA = user([g('agency_admin', '/1/2/')]);
  const coordinator = user([g('coordinator', '/1/')]);
  const supervisor = user([g('supervisor', '/1/')]);
  const editorA = user([g('editor', '/1/2/')]);

  const table: [string, Actor, (a: Actor) => boolean, boolean][] = [
    ['admin A manages A', adminA, (a) => canManageAccount(a, '/1/2/'), true],
    ['admin A manages A1 (subtree)', adminA, (a) => canManageAccount(a, '/1/2/5/'), true],
    ['admin A cannot manage B', adminA, (a) => canManageAccount(a, '/1/3/'), false],
    ['admin A cannot manage the city', adminA, (a) => canManageAccount(a, '/1/'), false],
    ['admin A grants editor in A1', adminA, (a) => canGrantRole(a, 'editor', '/1/2/5/'), true],
    ['admin A grants agency_admin in A', adminA, (a) => canGrantRole(a, 'agency_admin', '/1/2/'), true],
    ['admin A cannot grant coordinator', adminA, (a) => canGrantRole(a, 'coordinator', '/1/2/'), false],
    ['admin A cannot grant supervisor', adminA, (a) => canGrantRole(a, 'supervisor', '/1/2/'), false],
    ['admin A cannot grant in B', adminA, (a) => canGrantRole(a, 'editor', '/1/3/'), false],
    ['coordinator grants supervisor anywhere', coordinator, (a) => canGrantRole(a, 'supervisor', '/1/3/'), true],
    ['coordinator manages B', coordinator, (a) => canManageAccount(a, '/1/3/'), true],
    ['supervisor views B', supervisor, (a) => canViewAccount(a, '/1/3/'), true],
    ['supervisor cannot manage B', supervisor, (a) => canManageAccount(a, '/1/3/'), false],
    ['editor cannot view staff', editorA, (a) => canViewAccount(a, '/1/2/'), false],
    ['anonymous cannot view staff', { kind: 'anonymous' }, (a) => canViewAccount(a, '/1/2/'), false],
    ['path prefix is not a subtree (/1/2/ vs /1/23/)', adminA, (a) => canManageAccount(a, '/1/23/'), false],
  ];
  for (const [name, actor, check, expected] of table) it(name, () => assert.equal(check(actor), expected));

  it('requires two-factor for administrators, coordinators and operators only', () => {
    assert.equal(requiresMfa(['agency_admin']), true);
    assert.equal(requiresMfa(['coordinator']), true);
    assert.equal(requiresMfa(['operator']), true);
    assert.equal(requiresMfa(['editor', 'reviewer', 'disclosure_officer', 'supervisor']), false);
  });
});
