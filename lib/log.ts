import 'server-only';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { scrubQueryError } from '@/db/query-errors';
import { requestContext } from '@/lib/data/context';
import { getLogLevel } from '@/lib/env';

/*
 * The server's log: one JSON object a line on stdout (a collector parses it), at LOG_LEVEL.
 * What never reaches it:
 *   - a query's parameters (db/query-errors.ts scrubs database errors where drizzle makes them,
 *     and the err serializer scrubs any it is handed);
 *   - the value of any field named below, top-level or one level down ({ err: { note } }):
 *     clinical content, what identifies a client, and credentials.
 * Log ids, counts, actions and error codes; never a whole row or a form's input.
 */
export const REDACTED_FIELDS = [
  // Clinical content: answers and scores, notes, the plan's words, alert details.
  'answers',
  'draftAnswers',
  'scores',
  'note',
  'notes',
  'acknowledgementNote',
  'comment',
  'details',
  'clientWords',
  'presentingProblem',
  'diagnosis',
  'description',
  'dischargeReason',
  'snapshot',
  // Who a client is: in a therapy practice, being a client is itself health information.
  'email',
  'firstName',
  'lastName',
  'preferredName',
  'phone',
  // Credentials.
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'token',
  'tokenHash',
  'totpSecret',
  'secret',
  'cookie',
  'authorization',
  // A mail error's recipients (nodemailer puts them on the error).
  'to',
  'envelope',
  'accepted',
  'rejected',
  'rejectedErrors',
  // Query parameters, wherever they end up.
  'params',
  'parameters',
] as const;

const REDACT_PATHS = REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]);

/** pino's error serializer, after taking the parameter values out of a database error. */
function serializeError(error: unknown): unknown {
  return error instanceof Error ? pino.stdSerializers.err(scrubQueryError(error)) : error;
}

export type LoggerOptions = { level?: Level | 'silent'; destination?: DestinationStream };

export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names, not numbers: the lines are also read by people.
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

let base: Logger | undefined;

/** The process's logger (created on first use, at LOG_LEVEL); outside a request, or for start-up. */
export function logger(): Logger {
  base ??= createLogger({ level: getLogLevel() });
  return base;
}

/** Tests install a logger that writes where they can read it; undefined restores the default. */
export function setLogger(replacement: Logger | undefined): void {
  base = replacement;
}

/** A logger whose every line carries the request id (the one proxy.ts sets and audit events record). */
export function loggerFor(requestId: string | null): Logger {
  return requestId ? logger().child({ requestId }) : logger();
}

/** The logger for the current request: lines can be matched with its audit events by requestId. */
export async function requestLogger(): Promise<Logger> {
  return loggerFor((await requestContext()).requestId);
}
