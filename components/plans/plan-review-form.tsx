'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { GOAL_STATUS_LABEL, GOAL_STATUSES, planReviewSchema, type PlanReview } from '@/lib/validation/plans';
import { AgreementNote } from './agreement-note';
import { SelectField, TextAreaField } from './fields';
import type { ReviewResult } from '@/app/therapist/clients/[clientId]/plans/actions';
import type { AgreementView, PlanConflict, PlanReviewValues, ReviewInput } from './types';
import { GUARD_IGNORE, UnsavedChangesGuard } from './unsaved-changes-guard';

const GOAL_STATUS_OPTIONS = GOAL_STATUSES.map((s) => ({
  value: s,
  label: GOAL_STATUS_LABEL[s],
}));

export type ReviewGoal = {
  id: string;
  clientWords: string;
  targetDate: string | null;
  /** Objectives' progress, as one line each. */
  objectives: string[];
  agreement: AgreementView | null;
};

type Props = {
  planId: string;
  version: number;
  goals: ReviewGoal[];
  defaults: PlanReviewValues;
  clientName: string;
  planHref: string;
  reviewAction: (input: ReviewInput) => Promise<ReviewResult>;
  /** The clinic's zone: dates show as the clinic reads them. */
  timeZone: string;
};

/** A plan review: progress per goal, the next review date; saving assigns the client a WAI-SR. */
export function PlanReviewForm({ planId, version, goals, defaults, clientName, planHref, reviewAction, timeZone }: Props) {
  const [done, setDone] = useState<string | null>(null);
  const [conflict, setConflict] = useState<PlanConflict | null>(null);
  const {
    register,
    handleSubmit,
    getValues,
    setError,
    reset,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<PlanReviewValues, unknown, PlanReview>({
    resolver: zodResolver(planReviewSchema),
    defaultValues: defaults,
  });

  if (done) {
    return (
      <div className="flex flex-col gap-3">
        <Notice tone="success">{done}</Notice>
        <p className="text-sm">
          <Link href={planHref} className="text-teal-800 underline underline-offset-2">
            Back to the plan
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form
      noValidate
      aria-label="Plan review"
      className="flex flex-col gap-5"
      {...GUARD_IGNORE}
      onSubmit={handleSubmit(async () => {
        setConflict(null);
        const result = await reviewAction({
          planId,
          expectedVersion: version,
          review: getValues(),
        });
        if (result.ok) {
          reset(getValues());
          setDone(result.message);
        } else if (result.conflict) setConflict(result.conflict);
        else applyActionResult(result, setError);
      })}
    >
      <UnsavedChangesGuard when={isDirty && !done} />
      {conflict ? (
        <div role="alert" className="rounded-md border-2 border-red-600 bg-red-50 p-4 text-sm text-red-950">
          <p className="font-bold">Not saved: this plan has changed since you opened the review</p>
          <p className="mt-1">{conflict.message}</p>
        </div>
      ) : null}
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <ol className="flex flex-col gap-4">
        {goals.map((goal, i) => (
          <li key={goal.id}>
            {/* The group sits inside the item: an <ol> may only hold plain list items (axe "list"). */}
            <div role="group" aria-labelledby={`review-goal-${i}`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
              <input type="hidden" {...register(`goals.${i}.goalId`)} />
              <div className="grid gap-3 md:grid-cols-[minmax(0,1fr)_16rem]">
                <div>
                  <h3 id={`review-goal-${i}`} className="font-semibold">
                    Goal {i + 1}: <span className="font-normal">“{goal.clientWords}”</span>
                  </h3>
                  {goal.objectives.length ? (
                    <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
                      {goal.objectives.map((o, j) => (
                        <li key={j}>{o}</li>
                      ))}
                    </ul>
                  ) : null}
                </div>
                <AgreementNote agreement={goal.agreement} planStatus="active" timeZone={timeZone} />
              </div>
              <div className="grid gap-3 sm:grid-cols-[14rem_minmax(0,1fr)]">
                <SelectField label="Progress" options={GOAL_STATUS_OPTIONS} error={errors.goals?.[i]?.status?.message} {...register(`goals.${i}.status`)} />
                <TextAreaField
                  label="Progress note (optional)"
                  rows={2}
                  error={errors.goals?.[i]?.progressNote?.message}
                  {...register(`goals.${i}.progressNote`)}
                />
              </div>
            </div>
          </li>
        ))}
      </ol>
      <div className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
        <TextField type="date" label="Next review date" className="sm:max-w-xs" error={errors.nextReviewDate?.message} {...register('nextReviewDate')} />
        <p className="text-sm text-slate-600">
          Saving the review makes a new version of the plan and assigns {clientName} a WAI-SR, so their Goal score can be read against it.
        </p>
        <div>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Saving review…' : 'Save review'}
          </Button>
        </div>
      </div>
    </form>
  );
}
