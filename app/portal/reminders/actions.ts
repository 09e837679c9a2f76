'use server';

import { revalidatePath } from 'next/cache';
import { actorAction, type ActionResult } from '@/lib/action';
import { setMyReminderOptOut } from '@/lib/data/reminders';
import { reminderPreferenceSchema } from '@/lib/validation/reminders';

/** The switch's answer: whether reminders are on now, and what to tell the client. */
export type ReminderPreferenceResult = ActionResult<{ remindersOn: boolean; message: string }>;

export const saveReminderPreferenceAction = actorAction(reminderPreferenceSchema, async ({ remindersOn }, actor) => {
  const saved = await setMyReminderOptOut(actor, !remindersOn);
  revalidatePath('/portal/reminders');
  return {
    remindersOn: !saved.optedOut,
    message: saved.optedOut ? 'Reminders are off. We will not email you about forms.' : 'Reminders are on. We will email you when a form is waiting.',
  };
});
