'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { publicAction } from '@/lib/action';
import { signIn, SignInRefused } from '@/lib/auth';
import { RETURN_PARAM, safeReturnPath } from '@/lib/auth/return-path';
import { InputError } from '@/lib/data/errors';
import { signInSchema } from '@/lib/validation/auth';

const INVALID = 'Email or password is incorrect. After 5 failed attempts, sign-in is paused for 15 minutes.';
const THROTTLED = 'Too many failed sign-in attempts from this network. Please wait a few minutes and try again.';
const BAD_CODE =
  'That code is not correct or was already used. Enter the code your app shows now, or a recovery code. After 5 failed attempts, sign-in is paused for 15 minutes.';

/** Sign-in's own schema, plus the page asked for before sign-in (from /login's URL). */
const signInInput = z.object({ credentials: signInSchema, returnTo: z.string().max(2048).optional() });

/**
 * `codeNeeded`: the password was right and the account uses two-step sign-in; ask for the code.
 * A refused code is a field error on `code` with `codeNeeded` too.
 */
export const signInAction = publicAction(
  signInInput,
  async ({ credentials, returnTo }): Promise<{ codeNeeded?: true }> => {
    const { email, password, code, rememberDevice } = credentials;
    // Form fields travel to authorize() as text: send the second step only when there is one.
    const second = code ? { code, ...(rememberDevice ? { rememberDevice: 'true' } : {}) } : {};
    // `returnTo` goes through / with the role known, which returns there only if it is a safe path in the role's own area.
    const asked = safeReturnPath(returnTo);
    const redirectTo = asked ? `/?${new URLSearchParams({ [RETURN_PARAM]: asked })}` : '/';
    try {
      // On success this throws Next's redirect, which must propagate.
      await signIn('credentials', { email, password, ...second, redirectTo });
    } catch (error) {
      if (error instanceof SignInRefused) {
        if (error.code === 'code_needed') return { codeNeeded: true };
        if (error.code === 'bad_code') throw new InputError(BAD_CODE, 'code');
        throw new InputError(error.code === 'throttled' ? THROTTLED : INVALID);
      }
      if (error instanceof AuthError) throw new InputError(INVALID);
      throw error;
    }
    return {};
  },
  { fieldsUnder: 'credentials' },
);
