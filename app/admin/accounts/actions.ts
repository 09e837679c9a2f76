'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAction, type ActionResult } from '@/lib/action';
import { createStaffAccount, resetAccountPassword, setAccountDisabled, unlockAccount } from '@/lib/data/admin';
import { resetAccountMfa } from '@/lib/data/mfa';
import { createStaffSchema, resetPasswordSchema, type CreateStaff } from '@/lib/validation/admin';

/*
 * Thin actions: each parses its form's own schema (plus the account id it acts on) and calls
 * lib/data, which checks that the actor is an admin of the account's clinic and writes the audit
 * event. No access checks here on purpose: a gap in lib/data must show, not be papered over.
 */

const ACCOUNTS = '/admin';

export async function createAccountAction(input: z.input<typeof createStaffSchema>): Promise<ActionResult> {
  let created: string | undefined;
  const create = actorAction(createStaffSchema, async (values: CreateStaff, actor) => {
    created = (await createStaffAccount(actor, values)).id;
  });
  const result = await create(input);
  if (!result.ok || !created) return result;
  revalidatePath(ACCOUNTS);
  // The accounts list names the new account (looked up by id: nothing typed travels in the URL).
  redirect(`${ACCOUNTS}?created=${created}`);
}

const accountId = z.object({ userId: z.string() });

export const setAccountDisabledAction = actorAction(accountId.extend({ disabled: z.boolean() }), async ({ userId, disabled }, actor) => {
  await setAccountDisabled(actor, userId, disabled);
  revalidatePath(ACCOUNTS);
  revalidatePath('/admin/assignments');
  return { ok: true };
});

export const unlockAccountAction = actorAction(accountId, async ({ userId }, actor) => {
  await unlockAccount(actor, userId);
  revalidatePath(ACCOUNTS);
  return { ok: true };
});

export const resetMfaAction = actorAction(accountId, async ({ userId }, actor) => {
  await resetAccountMfa(actor, userId);
  revalidatePath(ACCOUNTS);
  return { ok: true };
});

export const resetPasswordAction = actorAction(resetPasswordSchema.extend({ userId: z.string() }), async ({ userId, ...input }, actor) => {
  await resetAccountPassword(actor, userId, input);
  revalidatePath(ACCOUNTS);
  return { ok: true };
});
