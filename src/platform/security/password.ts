import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 /* argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** Checks a password against its argon2id hash; false on any malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: used to spend the same time when the account does not exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('gongkai-dummy-password-for-timing');
  return dummyHash;
}

const COMMON = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwerty123',
  'admin123', 'admin1234', 'welcome1', 'iloveyou', 'abc12345', 'a1234567', 'qwertyuiop', '11111111',
  '88888888', '66666666', 'woaini1314', 'zhang123', 'gongkai123', 'p@ssw0rd', 'passw0rd',
]);

/**
 * The password policy: at least 10 characters, three of four character classes, not a common
 * password, not containing the user name. Returns a Chinese message, or null when acceptable.
 */
export function checkPasswordPolicy(password: string, username = ''): string | null {
  if (password.length < 10) return '密码至少需要 10 个字符。';
  if (password.length > 128) return '密码不能超过 128 个字符。';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return '密码需包含大写字母、小写字母、数字、符号中的至少三类。';
  if (COMMON.has(password.toLowerCase())) return '该密码过于常见，请换一个。';
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return '密码不能包含用户名。';
  }
  return null;
}
