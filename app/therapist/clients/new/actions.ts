'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actorAction } from '@/lib/action';
import { createClient } from '@/lib/data/caseload';
import { newClientSchema } from '@/lib/validation/caseload';

/** Adds a client to the signed-in therapist's caseload (lib/data decides who may), then opens the new record. */
export const createClientAction = actorAction(newClientSchema, async (values, actor) => {
  const { id } = await createClient(actor, values);
  revalidatePath('/therapist');
  // Next's redirect is thrown: actorAction lets it through, and the browser lands on the record.
  redirect(`/therapist/clients/${id}`);
});
