import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base32Decode, base32Encode, totpAt, totpStep, verifyTotp } from './totp.js';

// RFC 6238 Appendix B, SHA-1 secret "12345678901234567890" (8-digit codes; we use the last 6).
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  for (const [t, code] of VECTORS) {
    it(`matches the RFC vector at T=${t}`, () => {
      assert.equal(totpAt(RFC_SECRET, Math.floor(t / 30)), code.slice(2));
    });
  }

  it('round-trips base32', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
      assert.deepEqual(base32Decode(base32Encode(Buffer.from(bytes))), Buffer.from(bytes));
    }));
  });

  it('accepts the previous, current and next step, and nothing further', () => {
    const at = new Date(1_700_000_000_000);
    const now = totpStep(at);
    for (const d of [-1, 0, 1]) assert.equal(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now + d), at, null), now + d);
    for (const d of [-3, -2, 2, 3]) assert.equal(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now + d), at, null), null);
  });

  it('refuses a code of a step already used (no replay)', () => {
    const at = new Date(1_700_000_000_000);
    const now = totpStep(at);
    assert.equal(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now), at, now), null);
    assert.equal(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 1), at, now), now + 1);
  });

  it('refuses malformed codes', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 456']) assert.equal(verifyTotp(RFC_SECRET, code, new Date(), null), null);
  });
});
