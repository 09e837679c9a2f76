'use server';

import { redirect } from 'next/navigation';
import { actorAction } from '@/lib/action';
import { signOut } from '@/lib/auth';
import { changeOwnPassword } from '@/lib/data/auth';
import { changePasswordSchema } from '@/lib/validation/auth';

export const changePasswordAction = actorAction(
  changePasswordSchema,
  async (input, actor) => {
    await changeOwnPassword(actor, input);
    // The session version was bumped, ending every session of this user: sign in again with the new password.
    await signOut({ redirect: false });
    redirect('/login?reason=password-changed');
  },
  { allowPasswordChange: true },
);
