'use client';

import { useActionState, useId } from 'react';
import type { AgreementFormState } from '@/app/portal/plan/actions';

/*
 * The client's answer on one goal: a comment and two buttons, "I agree" and "I'd change this".
 * A plain form posting to a server action (works before the page's script has loaded); the only
 * client code is the action state for messages.
 */

const buttonBase =
  'inline-flex min-h-12 w-full items-center justify-center rounded-md px-4 py-2 text-base font-semibold focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600 disabled:cursor-not-allowed disabled:opacity-70';

type Props = {
  goalId: string;
  goalNumber: number;
  currentComment: string | null;
  action: (previous: AgreementFormState, formData: FormData) => Promise<AgreementFormState>;
};

export function GoalAgreementForm({ goalId, goalNumber, currentComment, action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const commentId = `${id}-comment`;
  const error = state?.commentError;
  return (
    <form action={formAction} aria-label={`Your answer on goal ${goalNumber}`} className="flex flex-col gap-3">
      <input type="hidden" name="goalId" value={goalId} />
      {state?.formError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.formError}
        </p>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor={commentId} className="text-sm font-medium text-slate-900">
          Your comment
        </label>
        <p id={`${commentId}-hint`} className="text-sm text-slate-600">
          Optional if you agree. If you would change this goal, say how, in your own words.
        </p>
        <textarea
          // Re-created after each answer so it shows what was sent (React resets a form after its action).
          key={state?.seq ?? 0}
          id={commentId}
          name="comment"
          rows={3}
          maxLength={1000}
          defaultValue={state ? state.comment : (currentComment ?? '')}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${commentId}-hint${error ? ` ${commentId}-error` : ''}`}
          className="w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600 aria-invalid:border-red-700"
        />
        {error ? (
          <p id={`${commentId}-error`} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="grid gap-2 min-[400px]:grid-cols-2">
        <button type="submit" name="agrees" value="yes" disabled={pending} className={`${buttonBase} bg-teal-700 text-white hover:bg-teal-800`}>
          I agree
        </button>
        <button
          type="submit"
          name="agrees"
          value="no"
          disabled={pending}
          className={`${buttonBase} border border-slate-400 bg-white text-slate-900 hover:bg-slate-50`}
        >
          I’d change this
        </button>
      </div>
      <p aria-live="polite" className="text-sm font-medium text-green-900">
        {pending ? 'Sending…' : state?.ok ? state.message : ''}
      </p>
    </form>
  );
}
