'use server';

import { publicAction } from '@/lib/action';
import { acceptInvitation } from '@/lib/data/invitations';
import { InputError } from '@/lib/data/errors';
import { linkPasswordSchema } from '@/lib/validation/auth';
import { signInWithNewPassword } from '@/lib/auth/sign-in-after-link';

/*
 * Public (no actor: the token is the credential). lib/data checks the token under a row lock,
 * applies the password policy and creates the portal account; then the client is signed in with
 * the new password and lands on /portal.
 */
export const acceptInvitationAction = publicAction(linkPasswordSchema, async ({ token, ...values }) => {
  if (token.length === 0 || token.length > 200) throw new InputError('This invitation link is not valid. Ask your therapist for a new one.');
  const { email } = await acceptInvitation(token, values);
  await signInWithNewPassword(email, values.password, '/portal');
});
