import { z } from 'zod';
import { ROLES } from '#platform/actor.js';
import { optionalPattern, requiredText } from '#platform/validation.js';

export const Username = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.string({ message: '请填写用户名。' }).regex(/^[a-z0-9._@-]{3,64}$/, '用户名为 3–64 位小写字母、数字或 . _ @ -。'),
);

export const LoginInput = z.object({
  username: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string({ message: '请填写用户名。' }).min(1, '请填写用户名。').max(64, '用户名或密码错误。')),
  password: z.string({ message: '请填写密码。' }).min(1, '请填写密码。').max(256, '用户名或密码错误。'),
});

export const TotpCodeInput = z.object({
  code: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s/g, '') : v), z.string({ message: '请填写 6 位动态验证码。' }).regex(/^\d{6}$/, '请填写 6 位动态验证码。')),
});

export const CreateStaffInput = z.object({
  orgId: z.string({ message: '请选择所属机构。' }).regex(/^[1-9]\d*$/, '请选择所属机构。'),
  username: Username,
  displayName: requiredText(2, 50, '姓名'),
  email: optionalPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, '电子邮箱格式不正确。', 120),
  phone: optionalPattern(/^[0-9()+\- ]{5,30}$/, '电话号码格式不正确。', 30),
});
export type CreateStaffInput = z.infer<typeof CreateStaffInput>;

export const GrantRoleInput = z.object({
  orgId: z.string({ message: '请选择机构。' }).regex(/^[1-9]\d*$/, '请选择机构。'),
  role: z.enum(ROLES, { message: '请选择角色。' }),
});

export const ChangePasswordInput = z.object({
  current: z.string({ message: '请填写当前密码。' }).min(1, '请填写当前密码。').max(256),
  next: z.string({ message: '请填写新密码。' }).min(1, '请填写新密码。').max(256, '密码不能超过 128 个字符。'),
  confirm: z.string({ message: '请再次填写新密码。' }).max(256),
});

export const RegisterPublicInput = z.object({
  username: Username,
  displayName: requiredText(1, 50, '称呼'),
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写电子邮箱。' }).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, '电子邮箱格式不正确。').max(120, '电子邮箱格式不正确。')),
  password: z.string({ message: '请填写密码。' }).max(256, '密码不能超过 128 个字符。'),
  confirm: z.string({ message: '请再次填写密码。' }).max(256),
});
