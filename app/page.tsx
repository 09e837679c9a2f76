import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { RETURN_PARAM, returnPathFor } from '@/lib/auth/return-path';

/** The role's home, or (just after sign-in) the page asked for before it, when that is safe. */
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  redirect(returnPathFor(actor.role, (await searchParams)[RETURN_PARAM]));
}
