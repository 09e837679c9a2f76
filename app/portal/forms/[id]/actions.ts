'use server';

import { revalidatePath } from 'next/cache';
import { actorAction } from '@/lib/action';
import { saveDraft, submitResponse, type DraftSaved, type SubmitResult } from '@/lib/data/measures';
import { draftInputSchema, submitInputSchema, type DraftInput, type SubmitInput } from '@/lib/validation/measures';
import type { DraftActionResult, SubmitActionResult } from '@/components/questionnaire/types';

/*
 * The client's own form. Both actions go through actorAction (validation, actor, refusals as
 * messages); lib/data decides access (another client's form is NotFound) and checks every answer
 * against the instrument again. The data layer's result is passed on beside the ActionResult.
 */

export async function saveDraftAction(input: DraftInput): Promise<DraftActionResult> {
  const out: { saved?: DraftSaved } = {};
  const result = await actorAction(draftInputSchema, async ({ assignmentId, answers }, actor) => {
    out.saved = await saveDraft(actor, assignmentId, answers);
  })(input);
  if (!result.ok) return result;
  const { saved } = out;
  if (!saved) return { ok: false, formError: 'Your answers could not be saved. Please try again.' };
  return { ok: true, savedAt: saved.savedAt.toISOString(), riskAnswered: saved.riskAnswered };
}

export async function submitFormAction(input: SubmitInput): Promise<SubmitActionResult> {
  const out: { submitted?: SubmitResult } = {};
  const result = await actorAction(submitInputSchema, async ({ assignmentId, answers }, actor) => {
    out.submitted = await submitResponse(actor, assignmentId, answers, { source: 'portal' });
  })(input);
  if (!result.ok) return result;
  const { submitted } = out;
  if (!submitted) return { ok: false, formError: 'Your answers could not be sent. Please try again.' };
  // The list of waiting forms and this form's page change: drop the browser's cached copies of them.
  revalidatePath('/portal', 'layout');
  return { ok: true, submittedAt: submitted.submittedAt.toISOString(), alreadySubmitted: submitted.alreadySubmitted, riskAnswered: submitted.riskAnswered };
}
