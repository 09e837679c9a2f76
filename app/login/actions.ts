'use server';

import { AuthError } from 'next-auth';
import { signIn, SignInRefused } from '@/lib/auth';
import { fieldErrorsOf, type ActionResult } from '@/lib/action';
import { signInSchema, type SignInInput } from '@/lib/validation/auth';

const INVALID = 'Email or password is incorrect. After 5 failed attempts, sign-in is paused for 15 minutes.';
const THROTTLED = 'Too many failed sign-in attempts from this network. Please wait a few minutes and try again.';

export async function signInAction(input: SignInInput): Promise<ActionResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { ...parsed.data, redirectTo: '/' });
    return { ok: true };
  } catch (error) {
    if (error instanceof SignInRefused) return { ok: false, formError: error.code === 'throttled' ? THROTTLED : INVALID };
    if (error instanceof AuthError) return { ok: false, formError: INVALID };
    throw error;
  }
}
