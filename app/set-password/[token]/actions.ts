'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { fieldErrorsOf, type ActionResult } from '@/lib/action';
import { signIn } from '@/lib/auth';
import { homePath } from '@/lib/authz/policy';
import { InputError } from '@/lib/data/errors';
import { PASSWORD_LINK_REFUSED, setPasswordWithLink } from '@/lib/data/password-links';
import { acceptInvitationSchema } from '@/lib/validation/auth';

/*
 * Public (no actor: the token is the credential). lib/data checks the token under a row lock,
 * applies the password policy, sets the password and ends every session of the account; then the
 * person is signed in with the new password and lands on their home page.
 */

const SIGN_IN_AFTER = 'Your password is set, but signing you in did not work. Sign in with your email and the new password.';

const tokenField = z.string().min(1).max(200);

export async function setPasswordWithLinkAction(token: string, input: z.input<typeof acceptInvitationSchema>): Promise<ActionResult> {
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  if (!tokenField.safeParse(token).success) return { ok: false, formError: PASSWORD_LINK_REFUSED.invalid };
  let account: { email: string; role: Parameters<typeof homePath>[0] };
  try {
    account = await setPasswordWithLink(token, parsed.data);
  } catch (error) {
    if (error instanceof InputError) return error.field ? { ok: false, fieldErrors: { [error.field]: error.message } } : { ok: false, formError: error.message };
    throw error;
  }
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { email: account.email, password: parsed.data.password, redirectTo: homePath(account.role) });
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, formError: SIGN_IN_AFTER };
    throw error;
  }
  return { ok: false, formError: SIGN_IN_AFTER };
}
