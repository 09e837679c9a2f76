import type { ActionResult } from '@/lib/action';

export type Outcome = { tone: 'success' | 'error'; text: string };

/** A server action's answer as one notice, for buttons that have no form fields to attach errors to. */
export function outcomeOf(result: ActionResult | undefined, success: string): Outcome {
  if (!result) return { tone: 'error', text: 'Something went wrong. Please reload the page and try again.' };
  if (result.ok) return { tone: 'success', text: result.message ?? success };
  return { tone: 'error', text: result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? 'Nothing was changed.' };
}

export const FAILED: Outcome = { tone: 'error', text: 'Something went wrong; nothing may have changed. Please reload the page and try again.' };
