'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/action';
import { recordGoalAgreement } from '@/lib/data/plans';
import { goalAgreementSchema } from '@/lib/validation/plans';
import type { AgreementFormState } from '@/components/plans/types';

/*
 * The client's answer on one goal of their active plan: "I agree" or "I'd change this" (the button
 * pressed) with an optional comment, required when changing. Parsed by the shared schema through
 * actorAction; lib/data checks the goal is in the client's own active plan and records it against
 * the current version (a disagreement raises an alert for the therapist).
 */

const agreementInput = z.object({ goalId: z.string(), agreement: goalAgreementSchema });

export async function recordGoalAgreementAction(previous: AgreementFormState, formData: FormData): Promise<AgreementFormState> {
  const choice = formData.get('agrees');
  const commentValue = formData.get('comment');
  const comment = typeof commentValue === 'string' ? commentValue : '';
  const goalId = formData.get('goalId');
  // Form data is untyped: the schema decides (a missing choice is its "Choose …" message).
  const raw = { goalId: typeof goalId === 'string' ? goalId : '', agreement: { agrees: choice === 'yes' ? true : choice === 'no' ? false : undefined, comment } };
  const result = await actorAction(agreementInput, async ({ goalId, agreement }, actor) => {
    await recordGoalAgreement(actor, goalId, agreement);
    revalidatePath('/portal/plan');
    return {
      ok: true,
      message: agreement.agrees ? 'Thank you. Your therapist will see that you agree with this goal.' : 'Thank you. Your therapist will see what you would change, and you can talk it through together.',
    };
  })(raw as z.input<typeof agreementInput>);
  const seq = (previous?.seq ?? 0) + 1;
  if (result.ok) return { ok: true, seq, message: result.message, comment };
  const fieldErrors = result.fieldErrors ?? {};
  const commentError = fieldErrors['agreement.comment'];
  const other = Object.entries(fieldErrors).find(([key]) => key !== 'agreement.comment')?.[1];
  return { ok: false, seq, comment, commentError, formError: result.formError ?? other };
}
