'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { reminderPreferenceSchema, type ReminderPreferenceInput } from '@/lib/validation/reminders';
import { saveReminderPreferenceAction } from './actions';

export function ReminderSwitch({ remindersOn }: { remindersOn: boolean }) {
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ReminderPreferenceInput>({ resolver: zodResolver(reminderPreferenceSchema), defaultValues: { remindersOn } });
  return (
    <form
      noValidate
      aria-label="Email reminders"
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async (values) => {
        setSaved(null);
        const result = await saveReminderPreferenceAction(values);
        if (result.ok) {
          reset({ remindersOn: result.remindersOn });
          setSaved(result.message);
          return;
        }
        applyActionResult(result, setError);
      })}
    >
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="mt-3 size-5 shrink-0 accent-teal-700"
          aria-describedby={`${id}-hint`}
          {...register('remindersOn')}
        />
        <div className="text-sm">
          <label htmlFor={id} className="inline-flex min-h-11 cursor-pointer items-center font-medium text-slate-900">
            Email me when a form is waiting
          </label>
          <p id={`${id}-hint`} className="text-slate-600">
            The email only says that a form is waiting and links here. It never says which form or anything about your answers.
          </p>
        </div>
      </div>
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
