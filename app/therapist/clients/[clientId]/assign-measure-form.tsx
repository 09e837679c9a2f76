'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { assignMeasureSchema, type AssignMeasure } from '@/lib/validation/sessions';
import { assignMeasureAction } from './actions';

type Values = z.input<typeof assignMeasureSchema>;
export type InstrumentOption = { key: string; label: string };

export function AssignMeasureForm({ clientId, instruments }: { clientId: string; instruments: InstrumentOption[] }) {
  const selectId = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, AssignMeasure>({
    resolver: zodResolver(assignMeasureSchema),
    // Empty until chosen: the schema's message asks for a choice.
    defaultValues: { instrumentKey: '' as Values['instrumentKey'] },
  });
  const error = errors.instrumentKey?.message;

  return (
    <form
      noValidate
      aria-label="Assign a questionnaire"
      className="flex flex-col gap-3"
      onSubmit={handleSubmit(async () => {
        setSaved(null);
        const result = await assignMeasureAction({ ...getValues(), clientId });
        if (applyActionResult(result, setError) && result.ok) {
          setSaved(result.message ?? 'Assigned.');
          reset();
        }
      })}
    >
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <div className="flex flex-col gap-1">
        <label htmlFor={selectId} className="text-sm font-medium text-slate-900">
          Questionnaire
        </label>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          <select
            id={selectId}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${selectId}-error` : undefined}
            className="min-h-11 min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600 aria-invalid:border-red-700 sm:w-md"
            {...register('instrumentKey')}
          >
            <option value="">Choose a questionnaire…</option>
            {instruments.map((i) => (
              <option key={i.key} value={i.key}>
                {i.label}
              </option>
            ))}
          </select>
          <div>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? 'Assigning…' : 'Assign'}
            </Button>
          </div>
        </div>
        {error ? (
          <p id={`${selectId}-error`} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
