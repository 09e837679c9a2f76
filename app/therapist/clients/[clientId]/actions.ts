'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { acknowledgeAlert } from '@/lib/data/alerts';
import { updateClientContact } from '@/lib/data/clients';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { inviteClientToPortal, revokeClientInvitation } from '@/lib/data/invitations';
import { assignMeasure } from '@/lib/data/assignments';
import { dischargeClient } from '@/lib/data/discharge';
import { recordSession } from '@/lib/data/sessions';
import { formatDateTime } from '@/lib/format';
import { getInstrument, isInstrumentKey } from '@/lib/instruments';
import { clientContactSchema } from '@/lib/validation/clients';
import { acknowledgeAlertSchema, assignMeasureSchema, dischargeSchema, recordSessionSchema } from '@/lib/validation/sessions';

/*
 * Thin actions: each parses the form's own schema (plus the record id it acts on), calls lib/data,
 * which decides whether this actor may touch that record, and revalidates the pages that show it.
 * No access checks here on purpose: a gap in lib/data must show, not be papered over.
 */

const updateContactInput = z.object({ clientId: z.string(), contact: clientContactSchema });

export const updateContactAction = actorAction(updateContactInput, async ({ clientId, contact }, actor) => {
  await updateClientContact(actor, clientId, contact);
  revalidatePath(`/therapist/clients/${clientId}`);
  return { message: 'Contact details saved.' };
});

function measureName(instrumentKey: string, respondent: string): string {
  const title = isInstrumentKey(instrumentKey) ? getInstrument(instrumentKey).shortTitle : instrumentKey;
  return `${title} (${respondent === 'therapist' ? 'therapist' : 'client'})`;
}

const ATTENDANCE_DONE = { attended: 'Session', no_show: 'No-show', cancelled: 'Cancellation' } as const;

export const recordSessionAction = actorAction(recordSessionSchema.extend({ clientId: z.string() }), async ({ clientId, ...session }, actor) => {
  const recorded = await recordSession(actor, clientId, session);
  revalidatePath(`/therapist/clients/${clientId}`);
  revalidatePath('/therapist');
  const what = recorded.sessionNumber === null ? `${ATTENDANCE_DONE[session.attendance]} recorded.` : `Session ${recorded.sessionNumber} recorded.`;
  const measures =
    recorded.assigned.length === 0
      ? session.attendance === 'attended'
        ? 'No measures are due after this session.'
        : 'No measures were created: no-shows and cancellations do not advance the schedule.'
      : `Measures created: ${recorded.assigned.map((a) => measureName(a.instrumentKey, a.respondent)).join(', ')}.`;
  return { message: `${what} ${measures}` };
});

export const assignMeasureAction = actorAction(assignMeasureSchema.extend({ clientId: z.string() }), async ({ clientId, instrumentKey }, actor) => {
  await assignMeasure(actor, clientId, { instrumentKey });
  revalidatePath(`/therapist/clients/${clientId}`);
  const instrument = getInstrument(instrumentKey);
  return { message: `${measureName(instrument.key, instrument.respondent)} assigned, due now.` };
});

export const dischargeAction = actorAction(dischargeSchema.extend({ clientId: z.string() }), async ({ clientId, reason }, actor) => {
  const { cancelledAssignments } = await dischargeClient(actor, clientId, { reason });
  revalidatePath(`/therapist/clients/${clientId}`);
  revalidatePath('/therapist');
  const cancelled =
    cancelledAssignments === 0
      ? 'There were no open measures to cancel.'
      : `${cancelledAssignments} open ${cancelledAssignments === 1 ? 'measure was' : 'measures were'} cancelled.`;
  return { message: `Client discharged. ${cancelled}` };
});

export const acknowledgeAlertAction = actorAction(acknowledgeAlertSchema.extend({ alertId: z.string() }), async ({ alertId, note }, actor) => {
  const { acknowledged } = await acknowledgeAlert(actor, alertId, { note });
  // The alert shows on its client's record and in the inbox: refresh the whole therapist area.
  revalidatePath('/therapist', 'layout');
  return {
    message:
      acknowledged > 1
        ? `Alert acknowledged (all ${acknowledged} of its reasons). Your note is saved with it.`
        : 'Alert acknowledged. Your note is saved with it.',
  };
});

/** What the invitation panel shows: the one-time link to copy, when it expires, and whether it was mailed. */
export type InviteActionResult = ActionResult<{ link: string; expiresAt: string; expiresLabel: string; emailedTo: string | null }>;

const inviteInput = z.object({ clientId: z.string() });

/**
 * Creates a one-time portal invitation (lib/data checks the client is the actor's, has an email and
 * no account yet). The link is handed back once: it is never stored in clear.
 */
export const inviteToPortalAction = actorAction(inviteInput, async ({ clientId }, actor) => {
  const invitation = await inviteClientToPortal(actor, clientId);
  // The profile's portal status and the panel's "invitation outstanding" come from the server.
  revalidatePath(`/therapist/clients/${clientId}`);
  return {
    link: invitation.link,
    expiresAt: invitation.expiresAt.toISOString(),
    expiresLabel: formatDateTime(invitation.expiresAt, await getClinicTimeZone(actor)),
    emailedTo: invitation.emailedTo,
  };
});

/** Withdraws the client's open invitation link: it stops working at once. */
export const revokeInvitationAction = actorAction(inviteInput, async ({ clientId }, actor) => {
  const { revoked } = await revokeClientInvitation(actor, clientId);
  revalidatePath(`/therapist/clients/${clientId}`);
  return { message: revoked > 0 ? 'Invitation revoked: the link no longer works.' : 'There was no open invitation to revoke.' };
});
