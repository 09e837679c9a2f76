'use server';

import { actorAction, type ActionResult } from '@/lib/action';
import { confirmMfaEnrolment } from '@/lib/data/mfa';
import { mfaCodeSchema, type MfaCodeInput } from '@/lib/validation/auth';

export type ConfirmMfaResult = (Extract<ActionResult, { ok: true }> & { recoveryCodes: string[] }) | Extract<ActionResult, { ok: false }>;

/** Checks the first code and switches two-step sign-in on; the recovery codes come back this once. */
export async function confirmMfaAction(input: MfaCodeInput): Promise<ConfirmMfaResult> {
  let recoveryCodes: string[] = [];
  const confirm = actorAction(
    mfaCodeSchema,
    async (values, actor) => {
      recoveryCodes = (await confirmMfaEnrolment(actor, values)).recoveryCodes;
    },
    { allowMfaEnrolment: true },
  );
  const result = await confirm(input);
  if (!result.ok) return result;
  // No revalidation: the page would re-render as "on" and drop the codes before they were read.
  return { ...result, recoveryCodes };
}
