import 'server-only';
import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth';
import { InputError } from '@/lib/data/errors';

const SIGN_IN_AFTER = 'Your password is set, but signing you in did not work. Sign in with your email and the new password.';

/**
 * After a one-time link set the password: sign the person in with it. On success Auth.js throws
 * Next's redirect to `home`, which must propagate; anything else is said as a form message.
 */
export async function signInWithNewPassword(email: string, password: string, home: string): Promise<never> {
  try {
    await signIn('credentials', { email, password, redirectTo: home });
  } catch (error) {
    if (error instanceof AuthError) throw new InputError(SIGN_IN_AFTER);
    throw error;
  }
  throw new InputError(SIGN_IN_AFTER);
}
