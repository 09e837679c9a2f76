'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { acknowledgeAlertSchema, type AcknowledgeAlert } from '@/lib/validation/sessions';
import { acknowledgeAlertAction } from './actions';
import { maxLengthOf } from '@/components/ui/character-count';
import { TextAreaField } from '@/components/ui/text-area-field';

type Values = z.input<typeof acknowledgeAlertSchema>;

/**
 * Rendered for every open or just-acknowledged alert of the record (keyed by alert), so the success
 * notice survives the refresh in which the alert turns from open to acknowledged; closed alerts
 * render nothing here.
 */
export function AcknowledgeAlertForm({ alertId, open }: { alertId: string; open: boolean }) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, AcknowledgeAlert>({ resolver: zodResolver(acknowledgeAlertSchema), defaultValues: { note: '' } });

  if (saved) return <Notice tone="success">{saved}</Notice>;
  if (!open) return null;

  return (
    <form
      noValidate
      aria-label="Acknowledge alert"
      className="flex flex-col gap-3"
      onSubmit={handleSubmit(async () => {
        const result = await acknowledgeAlertAction({ ...getValues(), alertId });
        if (applyActionResult(result, setError) && result.ok) setSaved(result.message ?? 'Acknowledged.');
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <TextAreaField
        label="Repair note"
        rows={2}
        hint="What you did or will do about it, in a sentence."
        maxChars={maxLengthOf(acknowledgeAlertSchema.shape.note)}
        error={errors.note?.message}
        {...register('note')}
      />
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Acknowledging…' : 'Acknowledge'}
        </Button>
      </div>
    </form>
  );
}
