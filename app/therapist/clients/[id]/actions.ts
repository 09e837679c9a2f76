'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/action';
import { updateClientContact } from '@/lib/data/clients';
import { clientContactSchema } from '@/lib/validation/clients';

const updateContactInput = z.object({ clientId: z.string(), contact: clientContactSchema });

export const updateContactAction = actorAction(updateContactInput, async ({ clientId, contact }, actor) => {
  await updateClientContact(actor, clientId, contact);
  revalidatePath(`/therapist/clients/${clientId}`);
  return { ok: true, message: 'Contact details saved.' };
});
