import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.js';

describe('password policy', () => {
  const cases: [string, string, RegExp | null][] = [
    ['Short#1a', 'user', /至少需要 10/],
    ['alllowercaseletters', 'user', /三类/],
    ['ALLUPPER12345', 'user', /三类/],
    ['Upper-lower12', 'user', null],
    ['lower12345678', 'user', /三类/],
    ['Password123', 'someone', /常见/],
    ['P@ssw0rd', 'u', /至少需要 10/],
    ['Zhangsan#2026', 'zhangsan', /用户名/],
    ['A'.repeat(60) + 'a'.repeat(60) + '1234567890', 'user', /128/],
    ['Shifan#Coord-2026', 'coordinator', null],
  ];
  for (const [pw, user, expected] of cases) {
    it(`${expected ? 'refuses' : 'accepts'} ${JSON.stringify(pw.slice(0, 20))} for ${user}`, () => {
      const r = checkPasswordPolicy(pw, user);
      if (expected) assert.match(r ?? '', expected);
      else assert.equal(r, null);
    });
  }

  it('refuses common passwords whatever their case', () => {
    assert.match(checkPasswordPolicy('Qwertyuiop', 'user') ?? 'accepted', /三类|常见/);
  });
});

describe('argon2id hashing', () => {
  it('verifies the right password and refuses a wrong one or a malformed hash', async () => {
    const h = await hashPassword('Correct#Horse-9');
    assert.match(h, /^\$argon2id\$/);
    assert.equal(await verifyPassword(h, 'Correct#Horse-9'), true);
    assert.equal(await verifyPassword(h, 'Correct#Horse-8'), false);
    assert.equal(await verifyPassword('not-a-hash', 'x'), false);
  });
});
