import { z } from 'zod';

/** The client's reminder switch in the portal (form and server action). */
export const reminderPreferenceSchema = z.object({
  remindersOn: z.boolean({ error: 'Choose whether you want reminders.' }),
});
export type ReminderPreferenceInput = z.input<typeof reminderPreferenceSchema>;
