'use server';

import { AuthError } from 'next-auth';
import { signIn, SignInRefused } from '@/lib/auth';
import { RETURN_PARAM, safeReturnPath } from '@/lib/auth/return-path';
import { fieldErrorsOf, type ActionResult } from '@/lib/action';
import { signInSchema, type SignInInput } from '@/lib/validation/auth';

const INVALID = 'Email or password is incorrect. After 5 failed attempts, sign-in is paused for 15 minutes.';
const THROTTLED = 'Too many failed sign-in attempts from this network. Please wait a few minutes and try again.';
const BAD_CODE = 'That code is not correct or was already used. Enter the code your app shows now, or a recovery code. After 5 failed attempts, sign-in is paused for 15 minutes.';

/** codeNeeded: the password was right and the account uses two-step sign-in; ask for the code. */
export type SignInActionResult = ActionResult & { codeNeeded?: true };

/**
 * `returnTo`: the page asked for before sign-in (from /login's URL). It goes through / with the
 * role known, which returns there only if it is a safe path in the role's own area.
 */
export async function signInAction(input: SignInInput, returnTo?: string): Promise<SignInActionResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, password, code, rememberDevice } = parsed.data;
  try {
    // Form fields travel to authorize() as text: send the second step only when there is one.
    const second = code ? { code, ...(rememberDevice ? { rememberDevice: 'true' } : {}) } : {};
    // On success this throws Next's redirect, which must propagate.
    const asked = safeReturnPath(returnTo);
    const redirectTo = asked ? `/?${new URLSearchParams({ [RETURN_PARAM]: asked })}` : '/';
    await signIn('credentials', { email, password, ...second, redirectTo });
    return { ok: true };
  } catch (error) {
    if (error instanceof SignInRefused) {
      if (error.code === 'code_needed') return { ok: false, codeNeeded: true };
      if (error.code === 'bad_code') return { ok: false, codeNeeded: true, fieldErrors: { code: BAD_CODE } };
      return { ok: false, formError: error.code === 'throttled' ? THROTTLED : INVALID };
    }
    if (error instanceof AuthError) return { ok: false, formError: INVALID };
    throw error;
  }
}
