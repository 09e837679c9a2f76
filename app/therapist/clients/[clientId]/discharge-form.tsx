'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { dischargeSchema, type Discharge } from '@/lib/validation/sessions';
import { dischargeAction } from './actions';
import { maxLengthOf } from '@/components/ui/character-count';
import { TextAreaField } from '@/components/ui/text-area-field';

type Values = z.input<typeof dischargeSchema>;

/** Discharge in two steps: a validated reason, then an explicit confirmation naming what will close. */
export function DischargeForm({
  clientId,
  clientName,
  openMeasures,
  discharged,
}: {
  clientId: string;
  clientName: string;
  openMeasures: number;
  discharged: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, Discharge>({ resolver: zodResolver(dischargeSchema), defaultValues: { reason: '' } });

  // Stays mounted across the refresh that follows a discharge, so the outcome stays on screen.
  if (done) return <Notice tone="success">{done}</Notice>;
  if (discharged) return <p className="text-sm text-slate-700">{clientName} has been discharged. Open measures were cancelled; the history is kept.</p>;

  return (
    <form
      noValidate
      aria-label="Discharge"
      className="flex flex-col gap-4"
      onSubmit={handleSubmit(async () => {
        if (!confirming) {
          setConfirming(true);
          return;
        }
        const result = await dischargeAction({ ...getValues(), clientId });
        if (applyActionResult(result, setError) && result.ok) setDone(result.message ?? 'Client discharged.');
        else setConfirming(false);
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <TextAreaField
        label="Reason for discharge"
        readOnly={confirming}
        maxChars={maxLengthOf(dischargeSchema.shape.reason)}
        error={errors.reason?.message}
        {...register('reason', { onChange: () => setConfirming(false) })}
      />
      {confirming ? (
        <div role="alert" className="flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950">
          <p>
            Discharge <strong>{clientName}</strong>?{' '}
            {openMeasures === 0
              ? 'No open measures will be affected.'
              : `${openMeasures} open ${openMeasures === 1 ? 'measure' : 'measures'} will be cancelled.`}{' '}
            Sessions can no longer be recorded. The history is kept.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" disabled={isSubmitting}>
              {isSubmitting ? 'Discharging…' : 'Confirm discharge'}
            </Button>
            <Button type="button" variant="secondary" disabled={isSubmitting} onClick={() => setConfirming(false)}>
              Keep client
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button type="submit" variant="secondary" disabled={isSubmitting}>
            Discharge client…
          </Button>
        </div>
      )}
    </form>
  );
}
