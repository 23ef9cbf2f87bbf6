import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, isValidOrgCode, makeCreditCode, orgCodeCheckChar } from './ids.js';

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts published codes of real agencies and companies', () => {
    // Codes published on official sites (agency and enterprise).
    for (const code of ['11100000000013127D', '91350100M000100Y43']) {
      assert.equal(creditCodeCheckChar(code.slice(0, 17)), code[17], code);
    }
  });

  it('rejects a wrong check character with a Chinese message', () => {
    assert.match(creditCodeProblem('11100000000013127E') ?? '', /校验位/);
  });

  it('rejects forbidden letters and wrong lengths', () => {
    assert.match(creditCodeProblem('11100000000013127') ?? '', /18 位/);
    assert.match(creditCodeProblem('1110000000001312OD') ?? '', /不允许的字符/);
  });

  it('finds every generated valid code valid, and every single-character change of the check invalid', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9ANY][0-9A-HJ-NPQRTUWXY]\d{6}$/), fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{8}$/), (prefix, body) => {
        const orgCheck = orgCodeCheckChar(body)!;
        fc.pre(CREDIT_CHARS.includes(orgCheck));
        const code = makeCreditCode(prefix, body);
        assert.equal(isValidCreditCode(code), true);
        for (const wrong of CREDIT_CHARS) {
          if (wrong !== code[17]) assert.equal(isValidCreditCode(code.slice(0, 17) + wrong), false);
        }
      }),
    );
  });
});

describe('组织机构代码 (GB 11714)', () => {
  it('computes the check character, including X and 0', () => {
    assert.equal(isValidOrgCode('00000001-3') || isValidOrgCode('000000013'), orgCodeCheckChar('00000001') === '3');
    assert.equal(orgCodeCheckChar('abc'), null);
  });

  it('rejects every wrong check character', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{8}$/), (body) => {
        const check = orgCodeCheckChar(body)!;
        assert.equal(isValidOrgCode(body + check), true);
        for (const wrong of '0123456789X') if (wrong !== check) assert.equal(isValidOrgCode(body + wrong), false);
      }),
    );
  });
});
