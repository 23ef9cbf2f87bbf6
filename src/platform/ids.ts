/**
 * Identifier checks from national standards (docs: ../shared/domain/ogi-rules.md §9.4, §9.5).
 * Pure functions, exhaustively tested.
 */

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation code check character for 8 body characters, or null if malformed. */
export function orgCodeCheckChar(body: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i]!;
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** True for a well-formed GB 11714 organisation code (9 characters, optional hyphen before the check). */
export function isValidOrgCode(code: string): boolean {
  const s = code.replace('-', '');
  return s.length === 9 && orgCodeCheckChar(s.slice(0, 8)) === s[8];
}

/** GB 32100 check character for the first 17 characters, or null if malformed. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CREDIT_CHARS[c === 31 ? 0 : c]!;
}

/** Why a 统一社会信用代码 is invalid (Chinese), or null when valid. Checks both check characters. */
export function creditCodeProblem(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return '统一社会信用代码应为 18 位。';
  if (![...code].every((c) => CREDIT_CHARS.includes(c))) return '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。';
  if (!/^[1-9ANY]/.test(code)) return '统一社会信用代码的登记管理部门代码（第 1 位）无效。';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码的第 3–8 位应为行政区划代码。';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对。';
  if (!isValidOrgCode(code.slice(8, 17))) return '统一社会信用代码中的组织机构代码（第 9–17 位）校验位不正确。';
  return null;
}

/** True for a valid 统一社会信用代码. */
export function isValidCreditCode(input: string): boolean {
  return creditCodeProblem(input) === null;
}

/** Builds a valid credit code from its first 8 characters and an 8-character organisation code body (demo data, tests). */
export function makeCreditCode(prefix8: string, orgBody8: string): string {
  const org = orgBody8 + orgCodeCheckChar(orgBody8)!;
  const first17 = prefix8 + org;
  return first17 + creditCodeCheckChar(first17)!;
}
