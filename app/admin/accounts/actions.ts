'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { createStaffAccount, sendPasswordLink, setAccountDisabled, unlockAccount } from '@/lib/data/admin';
import { getClinicTimeZone } from '@/lib/data/clinic';
import type { PasswordLinkDelivery } from '@/lib/data/password-links';
import { formatDateTime } from '@/lib/format';
import { createStaffSchema } from '@/lib/validation/admin';
import { resetAccountMfa } from '@/lib/data/mfa';

/*
 * Thin actions: each parses its form's own schema (plus the account id it acts on) and calls
 * lib/data, which checks that the actor is an admin of the account's clinic and writes the audit
 * event. No access checks here on purpose: a gap in lib/data must show, not be papered over.
 */

const ACCOUNTS = '/admin';

/**
 * How a set-password link was handed over, for the admin's screen: where it was mailed, or (staff
 * only, when there is no mail) the link itself, returned once and never stored in clear.
 */
export type LinkHandover = { emailedTo: string; link: null; expiresLabel: string } | { emailedTo: null; link: string; expiresLabel: string };

export type LinkActionResult = ActionResult<{ handover: LinkHandover; userId: string }>;

async function handoverOf(delivery: PasswordLinkDelivery, actor: { clinicId: string }): Promise<LinkHandover> {
  const expiresLabel = formatDateTime(delivery.expiresAt, await getClinicTimeZone(actor));
  return delivery.delivery === 'emailed' ? { emailedTo: delivery.emailedTo, link: null, expiresLabel } : { emailedTo: null, link: delivery.link, expiresLabel };
}

export const createAccountAction = actorAction(createStaffSchema, async (values, actor) => {
  const { id, ...delivery } = await createStaffAccount(actor, values);
  revalidatePath(ACCOUNTS);
  return { userId: id, handover: await handoverOf(delivery, actor) };
});

const accountId = z.object({ userId: z.string() });

export const setAccountDisabledAction = actorAction(accountId.extend({ disabled: z.boolean() }), async ({ userId, disabled }, actor) => {
  await setAccountDisabled(actor, userId, disabled);
  revalidatePath(ACCOUNTS);
  revalidatePath('/admin/assignments');
});

export const unlockAccountAction = actorAction(accountId, async ({ userId }, actor) => {
  await unlockAccount(actor, userId);
  revalidatePath(ACCOUNTS);
});

export const sendPasswordLinkAction = actorAction(accountId, async ({ userId }, actor) => ({
  userId,
  handover: await handoverOf(await sendPasswordLink(actor, userId), actor),
}));

export const resetMfaAction = actorAction(accountId, async ({ userId }, actor) => {
  await resetAccountMfa(actor, userId);
  revalidatePath(ACCOUNTS);
});
