'use server';

import { requireActor } from '@/lib/auth/session';
import { signOut } from '@/lib/auth';
import { signOutSession } from '@/lib/data/auth';

export async function signOutAction(): Promise<void> {
  const actor = await requireActor({ allowPasswordChange: true });
  await signOutSession(actor);
  await signOut({ redirectTo: '/login?reason=signed-out' });
}
