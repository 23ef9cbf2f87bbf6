/**
 * Domain errors with stable codes. The HTTP layer maps them to status codes: problem JSON on the
 * API, a Chinese error page or the re-rendered form on pages. Messages are for people (zh-CN).
 */
export type FieldErrors = Record<string, string>;

/** Base of every expected failure; anything else is a 500 whose message is never shown. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The subject does not exist or the actor may not see it (never distinguish the two). */
export class NotFound extends DomainError {
  constructor(code = 'NOT_FOUND', message = '您访问的内容不存在或已被移除。') {
    super(code, 404, message);
  }
}

/** The actor is known but may not do this. */
export class Forbidden extends DomainError {
  constructor(code = 'FORBIDDEN', message = '您没有执行此操作的权限。') {
    super(code, 403, message);
  }
}

/** The actor must sign in first. */
export class Unauthenticated extends DomainError {
  constructor(code = 'UNAUTHENTICATED', message = '请先登录。') {
    super(code, 401, message);
  }
}

/** Input failed validation; `fields` maps field names to Chinese messages. */
export class ValidationFailed extends DomainError {
  constructor(fields: FieldErrors, message = '提交的内容有误，请按提示修改后重试。', code = 'VALIDATION_FAILED') {
    super(code, 400, message, fields);
  }
}

/** The change conflicts with existing data (a duplicate, a stale version). */
export class Conflict extends DomainError {
  constructor(code: string, message: string, fields: FieldErrors = {}) {
    super(code, 409, message, fields);
  }
}

/** The subject is not in a state that allows this. */
export class InvalidState extends DomainError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}

/** Too many attempts. */
export class TooManyAttempts extends DomainError {
  constructor(code = 'TOO_MANY_ATTEMPTS', message = '尝试次数过多，请稍后再试。') {
    super(code, 429, message);
  }
}
