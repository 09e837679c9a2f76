'use server';

import { z } from 'zod';
import { actorAction } from '@/lib/action';
import { signOut } from '@/lib/auth';
import { signOutSession } from '@/lib/data/auth';

const signOutNow = actorAction(
  z.unknown(),
  async (_input, actor) => {
    await signOutSession(actor);
    await signOut({ redirectTo: '/login?reason=signed-out' });
  },
  { allowPasswordChange: true },
);

/** The sign-out button's form: it posts no fields, and the answer is a redirect to /login. */
export async function signOutAction(): Promise<void> {
  await signOutNow(undefined);
}
