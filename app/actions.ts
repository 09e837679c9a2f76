'use server';

import { requireActor } from '@/lib/auth/session';
import { signOut } from '@/lib/auth';
import { recordSignOut } from '@/lib/data/auth';

export async function signOutAction(): Promise<void> {
  const actor = await requireActor({ allowPasswordChange: true });
  await recordSignOut(actor);
  await signOut({ redirectTo: '/login?reason=signed-out' });
}
