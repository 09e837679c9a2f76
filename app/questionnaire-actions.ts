'use server';

import { actorAction, type ActionResult } from '@/lib/action';
import { saveDraft } from '@/lib/data/measures';
import { draftInputSchema } from '@/lib/validation/measures';

/** A draft save: when it was stored, and whether a risk answer is among the answers. */
export type DraftActionResult = ActionResult<{ savedAt: string; riskAnswered: boolean }>;

/** A submit: the stored (or the earlier, on a retry) response's time and its risk flag. */
export type SubmitActionResult = ActionResult<{ submittedAt: string; alreadySubmitted: boolean; riskAnswered: boolean }>;

/**
 * Saves a form's answers so far, for the client in the portal and the therapist alike: lib/data
 * decides whose form it is (another person's is NotFound) and checks every answer against the instrument.
 */
export const saveDraftAction = actorAction(draftInputSchema, async ({ assignmentId, answers }, actor) => {
  const saved = await saveDraft(actor, assignmentId, answers);
  return { savedAt: saved.savedAt.toISOString(), riskAnswered: saved.riskAnswered };
});
