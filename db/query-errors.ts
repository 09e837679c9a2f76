import { DrizzleQueryError } from 'drizzle-orm/errors';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';

/*
 * A failed query must not carry its parameters into a log: they are a session note's text, a
 * client's answers, an email. drizzle's DrizzleQueryError puts them in its message
 * ("Failed query: …\nparams: …") and in `params`; PGlite's error (its cause) has enumerable
 * `params`; PostgreSQL's `detail` can quote the whole failing row ("Failing row contains (…)").
 * Next prints an uncaught error's message and stack to the server log, whatever our logger does,
 * so the error itself is scrubbed where drizzle creates it. The SQL text, the error code, the
 * constraint, table and column stay: they say what failed without saying about whom.
 */

export const REDACTED = '[redacted]';

/** Properties of driver errors that hold the query's values (postgres.js keeps them hidden unless debug). */
const PARAMETER_KEYS = ['params', 'parameters', 'args', 'queryOptions'] as const;

/** `…\nparams: a,b,c` at the end of a DrizzleQueryError's message (values may span lines). */
const PARAMS_SUFFIX = /\nparams: [\s\S]*$/;

/** PostgreSQL quotes a bound value in the error context when log_parameter_max_length_on_error > 0. */
const QUOTED_PARAMETER = /(parameter \$\d+ = )'(?:[^']|'')*'/g;

function scrubFields(target: Record<string, unknown>): void {
  for (const key of PARAMETER_KEYS) {
    // Non-configurable on postgres.js errors (and non-enumerable there, so never printed): leave those.
    if (key in target) Reflect.deleteProperty(target, key);
  }
  if (typeof target.detail === 'string') target.detail = REDACTED;
  if (typeof target.where === 'string') target.where = target.where.replace(QUOTED_PARAMETER, `$1${REDACTED}`);
}

/** The message without the parameter values, saying how many there were. */
function scrubbedMessage(message: string, count: number | undefined): string {
  return message.replace(PARAMS_SUFFIX, () => `\nparams: ${REDACTED}${count === undefined ? '' : ` (${count})`}`);
}

/**
 * Removes parameter values from a database error and its causes, in place (the error keeps its
 * class, code and cause, so callers can still tell a unique violation from a lost connection).
 */
export function scrubQueryError<E>(error: E): E {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if (current instanceof DrizzleQueryError || PARAMS_SUFFIX.test(current.message)) {
      const original = current.message;
      const params: unknown = (current as { params?: unknown }).params;
      const count = Array.isArray(params) ? params.length : undefined;
      const message = scrubbedMessage(original, count);
      current.message = message;
      if (typeof current.stack === 'string') current.stack = current.stack.replace(original, () => message);
    }
    scrubFields(current as unknown as Record<string, unknown>);
    current = current.cause;
  }
  return error;
}

const installed = Symbol.for('rapport.queryErrorsScrubbed');
type PreparedQueryPrototype = {
  queryWithCache?: (this: unknown, ...args: unknown[]) => Promise<unknown>;
  [installed]?: true;
};

/**
 * Wraps drizzle's one place where a driver error becomes a DrizzleQueryError (every PostgreSQL and
 * PGlite query, transaction and migration passes through it), so the error leaves it scrubbed.
 * Idempotent; throws at start-up if a drizzle upgrade moved that place, rather than leak silently.
 */
export function installQueryErrorScrubbing(): void {
  const prototype = PgPreparedQuery.prototype as unknown as PreparedQueryPrototype;
  if (prototype[installed]) return;
  const original = prototype.queryWithCache;
  if (typeof original !== 'function') {
    throw new Error('drizzle-orm no longer has PgPreparedQuery.queryWithCache: failed queries would log their parameters (see db/query-errors.ts).');
  }
  prototype.queryWithCache = async function queryWithCache(this: unknown, ...args: unknown[]) {
    try {
      return await original.apply(this, args);
    } catch (error) {
      throw scrubQueryError(error);
    }
  };
  prototype[installed] = true;
}
