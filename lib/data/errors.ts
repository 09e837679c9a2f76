/** Thrown by lib/data; routes map them to 404 / 403 pages or to form errors. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(what = 'record') {
    super(`No such ${what}`);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(
    reason = 'Not allowed',
    /** The permission the actor's role lacks, when that is why (the audit row names it). */
    readonly permission?: string,
  ) {
    super(reason);
  }
}

/** Input that passed the schema but breaks a rule only the server can check. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
