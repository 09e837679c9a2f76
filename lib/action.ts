import 'server-only';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import type { LoadedActor } from '@/lib/data/actor';
import { ForbiddenError, InputError, NotFoundError, VersionConflictError } from '@/lib/data/errors';

/** A save over a newer version: the message to show and the version now stored. */
export type VersionConflict = { message: string; currentVersion: number | null };

/** A refused action: a message for the form, messages beside its fields, or a version conflict. */
export type ActionFailure = { ok: false; formError?: string; fieldErrors?: Record<string, string>; conflict?: VersionConflict };

/**
 * What every server action answers: success with the handler's data (`T`, e.g. a message or the
 * saved version), or a failure the form shows.
 */
export type ActionResult<T extends object = { message?: string }> = ({ ok: true } & T) | ActionFailure;

/** The data a handler hands back; `void` (nothing to say) becomes `{ ok: true }`. */
type Answer<R> = R extends object ? R : object;

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.join('.') || '_form'] ??= issue.message;
  return out;
}

/** Field errors named as the form knows them, when its fields sit under `fieldsUnder` in the action's input. */
function asFormFields(failure: ActionFailure, fieldsUnder: string | undefined): ActionFailure {
  if (!fieldsUnder || !failure.fieldErrors) return failure;
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(failure.fieldErrors)) {
    fieldErrors[key === fieldsUnder ? '_form' : key.startsWith(`${fieldsUnder}.`) ? key.slice(fieldsUnder.length + 1) : key] ??= message;
  }
  return { ...failure, fieldErrors };
}

type ActionOptions = {
  allowPasswordChange?: boolean;
  allowMfaEnrolment?: boolean;
  /** The form's fields sit under this key of the input (e.g. `content`): field errors are named as the form knows them. */
  fieldsUnder?: string;
};

/** The one place where the data layer's refusals become what a form shows. Anything else (Next's redirect included) propagates. */
function failureOf(error: unknown): ActionFailure {
  if (error instanceof VersionConflictError) {
    return {
      ok: false,
      conflict: { message: error.message, currentVersion: error.currentVersion },
      ...(error.field ? { fieldErrors: { [error.field]: error.message } } : {}),
    };
  }
  if (error instanceof InputError) return error.field ? { ok: false, fieldErrors: { [error.field]: error.message } } : { ok: false, formError: error.message };
  if (error instanceof NotFoundError) return { ok: false, formError: 'That record does not exist or is not available to you.' };
  if (error instanceof ForbiddenError) return { ok: false, formError: 'You are not allowed to do that.' };
  throw error;
}

async function run<S extends z.ZodType, R>(
  schema: S,
  raw: unknown,
  fieldsUnder: string | undefined,
  handler: (input: z.output<S>) => Promise<R>,
): Promise<ActionResult<Answer<R>>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return asFormFields({ ok: false, fieldErrors: fieldErrorsOf(parsed.error) }, fieldsUnder);
  let answer: R;
  try {
    answer = await handler(parsed.data);
  } catch (error) {
    return asFormFields(failureOf(error), fieldsUnder);
  }
  return { ...(answer ?? {}), ok: true } as { ok: true } & Answer<R>;
}

/**
 * One validating wrapper for server actions (a server action is a public endpoint): resolve the
 * signed-in actor, parse the input with the form's own schema, run the lib/data call and hand its
 * data back typed, turning the data layer's refusals into failures. Access is decided in lib/data.
 */
export function actorAction<S extends z.ZodType, R>(
  schema: S,
  handler: (input: z.output<S>, actor: LoadedActor) => Promise<R>,
  { allowPasswordChange, allowMfaEnrolment, fieldsUnder }: ActionOptions = {},
): (raw: z.input<S>) => Promise<ActionResult<Answer<R>>> {
  return async (raw) => {
    const actor = await requireActor({ allowPasswordChange, allowMfaEnrolment });
    return run(schema, raw, fieldsUnder, (input) => handler(input, actor));
  };
}

/**
 * The same for the few actions with no signed-in actor (sign-in, and pages whose one-time token is
 * the credential): lib/data checks the token.
 */
export function publicAction<S extends z.ZodType, R>(
  schema: S,
  handler: (input: z.output<S>) => Promise<R>,
  { fieldsUnder }: Pick<ActionOptions, 'fieldsUnder'> = {},
): (raw: z.input<S>) => Promise<ActionResult<Answer<R>>> {
  return async (raw) => run(schema, raw, fieldsUnder, handler);
}
