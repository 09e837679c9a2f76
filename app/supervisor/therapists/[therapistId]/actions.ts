'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/action';
import { addSupervisionNote } from '@/lib/data/supervisor';
import { supervisionNoteSchema } from '@/lib/validation/supervision';

/*
 * Thin action: the form's own schema plus the ids it acts on; lib/data decides whether this actor
 * supervises that therapist (404 otherwise) and whether the alert is theirs, and audits the note.
 */
const addNoteInput = supervisionNoteSchema.extend({ therapistId: z.string(), alertId: z.string().optional() });

export const addSupervisionNoteAction = actorAction(addNoteInput, async ({ therapistId, alertId, note }, actor) => {
  await addSupervisionNote(actor, therapistId, { note }, alertId);
  revalidatePath(`/supervisor/therapists/${therapistId}`);
  return { message: alertId ? 'Note saved on this alert.' : 'Supervision note saved.' };
});
