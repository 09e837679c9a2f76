'use server';

import { redirect } from 'next/navigation';
import { actorAction } from '@/lib/action';
import { signOut } from '@/lib/auth';
import { changeOwnPassword } from '@/lib/data/auth';
import { changePasswordSchema } from '@/lib/validation/auth';

const change = actorAction(changePasswordSchema, (input, actor) => changeOwnPassword(actor, input), { allowPasswordChange: true });

export async function changePasswordAction(input: Parameters<typeof change>[0]) {
  const result = await change(input);
  if (!result.ok) return result;
  // The session version was bumped, ending every session of this user: sign in again with the new password.
  await signOut({ redirect: false });
  redirect('/login?reason=password-changed');
}
