'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/action';
import { recordGoalAgreement } from '@/lib/data/plans';
import { goalAgreementSchema } from '@/lib/validation/plans';

/*
 * The client's answer on one goal of their active plan: "I agree" or "I'd change this" (the button
 * pressed) with an optional comment, required when changing. Parsed by the shared schema through
 * actorAction; lib/data checks the goal is in the client's own active plan and records it against
 * the current version (a disagreement raises an alert for the therapist).
 */

const agreementInput = z.object({ goalId: z.string(), agreement: goalAgreementSchema });

const recordAgreement = actorAction(agreementInput, async ({ goalId, agreement }, actor) => {
  await recordGoalAgreement(actor, goalId, agreement);
  revalidatePath('/portal/plan');
  return {
    message: agreement.agrees
      ? 'Thank you. Your therapist will see that you agree with this goal.'
      : 'Thank you. Your therapist will see what you would change, and you can talk it through together.',
  };
});

/** The client's answer on one goal, as the portal form's action state. */
export type AgreementFormState = {
  ok: boolean;
  /** Counts submissions, so the comment field is re-rendered with what was sent (React resets forms after an action). */
  seq: number;
  message?: string;
  formError?: string;
  commentError?: string;
  comment: string;
} | null;

/**
 * The form posts plain form data (it works before the page's script has loaded, so it is a
 * useActionState action): turned into the schema's input here, and the answer into the form's state.
 */
export async function recordGoalAgreementAction(previous: AgreementFormState, formData: FormData): Promise<AgreementFormState> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : '';
  };
  const choice = text('agrees');
  const comment = text('comment');
  // Form data is untyped: the schema decides (a missing choice is its "Choose …" message).
  const raw = { goalId: text('goalId'), agreement: { agrees: choice === 'yes' ? true : choice === 'no' ? false : undefined, comment } };
  const result = await recordAgreement(raw as z.input<typeof agreementInput>);
  const seq = (previous?.seq ?? 0) + 1;
  if (result.ok) return { ok: true, seq, message: result.message, comment };
  const fieldErrors = result.fieldErrors ?? {};
  const commentError = fieldErrors['agreement.comment'];
  const other = Object.entries(fieldErrors).find(([key]) => key !== 'agreement.comment')?.[1];
  return { ok: false, seq, comment, commentError, formError: result.formError ?? other };
}
