'use server';

import { actorAction, type ActionResult } from '@/lib/action';
import { confirmMfaEnrolment } from '@/lib/data/mfa';
import { mfaCodeSchema } from '@/lib/validation/auth';

export type ConfirmMfaResult = ActionResult<{ recoveryCodes: string[] }>;

/**
 * Checks the first code and switches two-step sign-in on; the recovery codes come back this once.
 * No revalidation: the page would re-render as "on" and drop the codes before they were read.
 */
export const confirmMfaAction = actorAction(
  mfaCodeSchema,
  async (values, actor) => ({ recoveryCodes: (await confirmMfaEnrolment(actor, values)).recoveryCodes }),
  {
    allowMfaEnrolment: true,
  },
);
