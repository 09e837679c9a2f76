'use server';

import { actorAction } from '@/lib/action';
import { submitResponse } from '@/lib/data/measures';
import { therapistSubmitInputSchema } from '@/lib/validation/measures';

/*
 * A therapist's forms: their own WAI-SR rating of a session, or a client's answers given in
 * session or on paper (with that source; drafts: app/questionnaire-actions.ts). lib/data limits
 * both to the therapist's own clients.
 */
export const submitTherapistFormAction = actorAction(therapistSubmitInputSchema, async (parsed, actor) => {
  const source = parsed.respondent === 'client' ? parsed.source : undefined;
  const submitted = await submitResponse(actor, parsed.assignmentId, parsed.answers, source ? { source } : {});
  return { submittedAt: submitted.submittedAt.toISOString(), alreadySubmitted: submitted.alreadySubmitted, riskAnswered: submitted.riskAnswered };
});
