'use server';

import { actorAction } from '@/lib/action';
import { saveDraft, submitResponse, type DraftSaved, type SubmitResult } from '@/lib/data/measures';
import { draftInputSchema, therapistSubmitInputSchema, type DraftInput, type EntrySource, type TherapistSubmitInput } from '@/lib/validation/measures';
import type { DraftActionResult, SubmitActionResult } from '@/components/questionnaire/types';

/*
 * A therapist's forms: their own WAI-SR rating of a session, or a client's answers given in
 * session or on paper (with that source). lib/data limits both to the therapist's own clients.
 */

export async function saveTherapistDraftAction(input: DraftInput): Promise<DraftActionResult> {
  const out: { saved?: DraftSaved } = {};
  const result = await actorAction(draftInputSchema, async ({ assignmentId, answers }, actor) => {
    out.saved = await saveDraft(actor, assignmentId, answers);
  })(input);
  if (!result.ok) return result;
  const { saved } = out;
  if (!saved) return { ok: false, formError: 'The answers could not be saved. Please try again.' };
  return { ok: true, savedAt: saved.savedAt.toISOString(), riskAnswered: saved.riskAnswered };
}

/** The input as the form sends it; the schema decides (a client's answers need their source). */
type TherapistSubmitPayload = { assignmentId: string; answers: Record<string, number>; respondent: 'client' | 'therapist'; source?: EntrySource };

export async function submitTherapistFormAction(input: TherapistSubmitPayload): Promise<SubmitActionResult> {
  const out: { submitted?: SubmitResult } = {};
  const result = await actorAction(therapistSubmitInputSchema, async (parsed, actor) => {
    const source = parsed.respondent === 'client' ? parsed.source : undefined;
    out.submitted = await submitResponse(actor, parsed.assignmentId, parsed.answers, source ? { source } : {});
  })(input as TherapistSubmitInput);
  if (!result.ok) return result;
  const { submitted } = out;
  if (!submitted) return { ok: false, formError: 'The answers could not be sent. Please try again.' };
  return { ok: true, submittedAt: submitted.submittedAt.toISOString(), alreadySubmitted: submitted.alreadySubmitted, riskAnswered: submitted.riskAnswered };
}
