/** Thrown by lib/data; routes map them to 404 / 403 pages, server actions to failures (lib/action.ts). */
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

/**
 * A save that named a version someone else has since replaced: nothing was written. Forms keep the
 * user's edits and say so prominently (the action answers `conflict`).
 */
export class VersionConflictError extends InputError {
  override name = 'VersionConflictError';
  constructor(
    message: string,
    readonly currentVersion: number | null,
    field?: string,
  ) {
    super(message, field);
  }
}
