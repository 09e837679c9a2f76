'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { recordSessionSchema, type RecordSession, type RecordSessionInput } from '@/lib/validation/sessions';
import { recordSessionAction } from './actions';
import { maxLengthOf } from '@/components/ui/character-count';
import { TextAreaField } from '@/components/ui/text-area-field';

const ATTENDANCE = [
  { value: 'attended', label: 'Attended' },
  { value: 'no_show', label: 'No-show' },
  { value: 'cancelled', label: 'Cancelled' },
] as const;

/** "YYYY-MM-DDTHH:mm" in the browser's zone, as a datetime-local input expects. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant the therapist meant, with its offset: a datetime-local value has no zone of its own. */
function withOffset(local: string): string {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

export function RecordSessionForm({ clientId }: { clientId: string }) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<RecordSessionInput, unknown, RecordSession>({
    resolver: zodResolver(recordSessionSchema),
    defaultValues: { occurredAt: '', attendance: 'attended', note: '' },
  });

  // "Now" only in the browser: the server does not know the therapist's clock or zone.
  useEffect(() => {
    if (!getValues('occurredAt')) setValue('occurredAt', localInputValue(new Date()));
  }, [getValues, setValue]);

  const attendanceError = errors.attendance?.message;
  return (
    <form
      noValidate
      aria-label="Record a session"
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async () => {
        setSaved(null);
        const values = getValues();
        const result = await recordSessionAction({ ...values, occurredAt: withOffset(values.occurredAt), clientId });
        if (applyActionResult(result, setError) && result.ok) {
          setSaved(result.message ?? 'Session recorded.');
          reset({ occurredAt: localInputValue(new Date()), attendance: 'attended', note: '' });
        }
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <TextField label="Date and time" type="datetime-local" error={errors.occurredAt?.message} {...register('occurredAt')} />
      <fieldset aria-describedby={attendanceError ? 'attendance-error' : undefined} className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-900">Attendance</legend>
        <div className="flex flex-wrap gap-2">
          {ATTENDANCE.map((option) => (
            <label
              key={option.value}
              className="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm has-checked:border-teal-700 has-checked:bg-teal-50 has-focus-visible:outline-3 has-focus-visible:outline-teal-600"
            >
              <input type="radio" value={option.value} className="size-4 accent-teal-700" {...register('attendance')} />
              {option.label}
            </label>
          ))}
        </div>
        {attendanceError ? (
          <p id="attendance-error" className="text-sm text-red-700">
            {attendanceError}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        label="Note (optional)"
        hint="A short note."
        maxChars={maxLengthOf(recordSessionSchema.shape.note)}
        error={errors.note?.message}
        {...register('note')}
      />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Recording…' : 'Record session'}
        </Button>
      </div>
    </form>
  );
}
