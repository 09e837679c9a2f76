'use server';

import { revalidatePath } from 'next/cache';
import { actorAction } from '@/lib/action';
import { submitResponse } from '@/lib/data/measures';
import { submitInputSchema } from '@/lib/validation/measures';

/*
 * The client's own form (drafts: app/questionnaire-actions.ts). lib/data decides access (another
 * client's form is NotFound) and checks every answer against the instrument again.
 */
export const submitFormAction = actorAction(submitInputSchema, async ({ assignmentId, answers }, actor) => {
  const submitted = await submitResponse(actor, assignmentId, answers, { source: 'portal' });
  // The list of waiting forms and this form's page change: drop the browser's cached copies of them.
  revalidatePath('/portal', 'layout');
  return { submittedAt: submitted.submittedAt.toISOString(), alreadySubmitted: submitted.alreadySubmitted, riskAnswered: submitted.riskAnswered };
});
