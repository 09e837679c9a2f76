import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { homePath } from '@/lib/authz/policy';

export default async function Home() {
  const actor = await requireActor();
  redirect(homePath(actor.role));
}
