'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/action';
import { reassignClient, setSupervision } from '@/lib/data/admin';
import { reassignClientSchema, supervisionSchema } from '@/lib/validation/admin';

/*
 * Thin actions: parse the form's schema, call lib/data (which checks the admin, the clinic and the
 * roles of the people named, and audits). No access checks here on purpose.
 */

const PATH = '/admin/assignments';

export const startSupervisionAction = actorAction(supervisionSchema, async (input, actor) => {
  await setSupervision(actor, input, true);
  revalidatePath(PATH);
});

export const endSupervisionAction = actorAction(supervisionSchema, async (input, actor) => {
  await setSupervision(actor, input, false);
  revalidatePath(PATH);
});

export const reassignClientAction = actorAction(reassignClientSchema.extend({ clientId: z.string() }), async ({ clientId, ...input }, actor) => {
  await reassignClient(actor, clientId, input);
  revalidatePath(PATH);
});
