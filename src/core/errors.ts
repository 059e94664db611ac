/**
 * Typed errors a user can cause. The HTTP layer maps each to an RFC 9457 problem; nothing here knows HTTP,
 * so import, jobs and tests get the same errors with the same messages.
 */
export interface FieldError {
  /** JSON pointer-ish path of the field: `email`, `items/3/name`. */
  field: string;
  message: string;
  code: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly errors: FieldError[];

  constructor(message: string, errors: FieldError[] = []) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }

  /** Extra members for the problem document (e.g. duplicate candidates). */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class BadRequest extends DomainError {
  readonly status = 400;
  readonly type = 'bad-request';
}

export class ValidationFailed extends DomainError {
  readonly status = 422;
  readonly type = 'validation-failed';
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super(message, errors);
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
}

/** A body (an uploaded file) larger than the server accepts. */
export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly type = 'payload-too-large';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
}

export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly type = 'unauthenticated';
}

/** A business rule refuses the change (status chain, uniqueness, a record still in use). */
export class RuleViolation extends DomainError {
  readonly status = 409;
  readonly type = 'rule-violation';
}

/**
 * The database gave up on the transaction because of another one at the same moment (a deadlock, a serialization
 * failure): nothing was written, and sending the same request again is expected to succeed.
 */
export class TryAgain extends DomainError {
  readonly status = 409;
  readonly type = 'try-again';
  constructor() {
    super('This change met another one made at the same moment and was not saved; please try again.');
  }
}

export class StaleVersion extends DomainError {
  readonly status = 412;
  readonly type = 'stale-version';
  constructor(readonly currentVersion: number) {
    super(
      `The record was changed by someone else (now at version ${currentVersion}); reload it and try again.`,
    );
  }
  override extensions(): Record<string, unknown> {
    return { currentVersion: this.currentVersion };
  }
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export function fieldError(field: string, message: string, code = 'invalid'): FieldError {
  return { field, message, code };
}
