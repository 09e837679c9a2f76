import 'server-only';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import type { LoadedActor } from '@/lib/data/actor';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';

/** What every server action answers: success, or messages the form shows beside its fields. */
export type ActionResult =
  | { ok: true; message?: string }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string> };

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * One validating wrapper for server actions (a server action is a public endpoint): parse the
 * input with the form's own schema, resolve the signed-in actor, run the lib/data call, and turn
 * the data layer's refusals into messages. Access itself is decided inside lib/data.
 */
export function actorAction<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, actor: LoadedActor) => Promise<ActionResult | void>,
  options: { allowPasswordChange?: boolean; allowMfaEnrolment?: boolean } = {},
) {
  return async (raw: z.input<S>): Promise<ActionResult> => {
    const actor = await requireActor(options);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
    try {
      return (await handler(parsed.data, actor)) ?? { ok: true };
    } catch (error) {
      if (error instanceof InputError) {
        return error.field ? { ok: false, fieldErrors: { [error.field]: error.message } } : { ok: false, formError: error.message };
      }
      if (error instanceof NotFoundError) return { ok: false, formError: 'That record does not exist or is not available to you.' };
      if (error instanceof ForbiddenError) return { ok: false, formError: 'You are not allowed to do that.' };
      throw error;
    }
  };
}
