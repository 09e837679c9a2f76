'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/action';
import { supervisionNoteSchema, type SupervisionNote } from '@/lib/validation/supervision';
import { maxLengthOf } from '@/components/ui/character-count';
import { TextAreaField } from '@/components/ui/text-area-field';

type Values = z.input<typeof supervisionNoteSchema>;

export type SupervisionNoteAction = (input: { therapistId: string; alertId?: string; note: string }) => Promise<ActionResult>;

/**
 * A supervision note on a therapist, or (with `alertId`) on one of their alerts. The same zod
 * schema checks it here and in the server action; notes only append, so the form empties after
 * each save and says so.
 */
export function SupervisionNoteForm({
  action,
  therapistId,
  alertId,
  label,
  formLabel = label,
  submitLabel = 'Save note',
}: {
  action: SupervisionNoteAction;
  therapistId: string;
  alertId?: string;
  label: string;
  /** The form's accessible name, when it needs more context than the field label. */
  formLabel?: string;
  submitLabel?: string;
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, SupervisionNote>({ resolver: zodResolver(supervisionNoteSchema), defaultValues: { note: '' } });

  return (
    <form
      noValidate
      aria-label={formLabel}
      className="flex flex-col gap-3"
      onSubmit={handleSubmit(async (values) => {
        setSaved(null);
        const result = await action({ therapistId, ...(alertId ? { alertId } : {}), note: values.note });
        if (applyActionResult(result, setError) && result.ok) {
          reset({ note: '' });
          setSaved(result.message ?? 'Note saved.');
        }
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <TextAreaField
        label={label}
        rows={3}
        hint="Seen by the therapist’s supervisors. Notes are kept as written, with your name and the time; they cannot be edited."
        maxChars={maxLengthOf(supervisionNoteSchema.shape.note)}
        error={errors.note?.message}
        {...register('note', { onChange: () => setSaved(null) })}
      />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
