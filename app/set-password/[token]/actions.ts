'use server';

import { publicAction } from '@/lib/action';
import { homePath } from '@/lib/authz/policy';
import { InputError } from '@/lib/data/errors';
import { PASSWORD_LINK_REFUSED, setPasswordWithLink } from '@/lib/data/password-links';
import { linkPasswordSchema } from '@/lib/validation/auth';
import { signInWithNewPassword } from '@/lib/auth/sign-in-after-link';

/*
 * Public (no actor: the token is the credential). lib/data checks the token under a row lock,
 * applies the password policy, sets the password and ends every session of the account; then the
 * person is signed in with the new password and lands on their home page.
 */
export const setPasswordWithLinkAction = publicAction(linkPasswordSchema, async ({ token, ...values }) => {
  if (token.length === 0 || token.length > 200) throw new InputError(PASSWORD_LINK_REFUSED.invalid);
  const account = await setPasswordWithLink(token, values);
  await signInWithNewPassword(account.email, values.password, homePath(account.role));
});
