import Link from 'next/link';
import type { FormState } from '@/lib/data/measures';
import { formatDate } from '@/lib/format';
import { CrisisPanel } from './crisis-panel';

/**
 * What a form shows when it cannot be filled in any more: the confirmation of a stored response
 * (also what a retry or a second tab gets), or why it is closed. Nothing on it can write.
 */
export function FormOutcome({
  state,
  submittedAt,
  expiresAt,
  timeZone,
  audience,
  riskAnswered,
  crisisText,
  backHref,
  backLabel,
}: {
  state: Exclude<FormState, 'open'>;
  submittedAt: Date | null;
  expiresAt: Date;
  /** The clinic's zone: dates show as the clinic reads them. */
  timeZone: string;
  audience: 'client' | 'therapist';
  riskAnswered: boolean;
  crisisText: string;
  backHref: string;
  backLabel: string;
}) {
  const back = (
    <Link
      href={backHref}
      className="inline-flex min-h-11 items-center justify-center self-start rounded-md bg-teal-700 px-5 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
    >
      {backLabel}
    </Link>
  );
  if (state === 'completed') {
    const when = submittedAt ? ` on ${formatDate(submittedAt, timeZone)}` : '';
    return (
      <div className="flex max-w-2xl flex-col gap-4">
        {riskAnswered ? <CrisisPanel text={crisisText} audience={audience} during="confirmation" /> : null}
        <div role="status" className="rounded-lg border border-green-300 bg-green-50 p-5 text-green-950">
          <p className="text-lg font-semibold">
            {audience === 'client' ? `Thank you, your answers were received${when}.` : `The answers were received${when}.`}
          </p>
          <p className="mt-1 text-sm">
            {audience === 'client'
              ? 'Your therapist will see them and may talk them through with you. There is nothing more to do here.'
              : 'The scores are on the client’s record. Nothing more to do here.'}
          </p>
        </div>
        {back}
      </div>
    );
  }
  const title = state === 'expired' ? 'This form has expired' : 'This form was withdrawn';
  const text =
    state === 'expired'
      ? audience === 'client'
        ? `It was open until ${formatDate(expiresAt, timeZone)} and can no longer be filled in. Your therapist can send you a new one.`
        : `It was open until ${formatDate(expiresAt, timeZone)} and can no longer be filled in. Assign a new one if it is still needed.`
      : audience === 'client'
        ? 'Your therapist withdrew it, so it can no longer be filled in. You do not need to do anything.'
        : 'It was cancelled and can no longer be filled in.';
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <div className="rounded-lg border border-slate-300 bg-white p-5">
        <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
        <p className="mt-1 text-slate-700">{text}</p>
      </div>
      {back}
    </div>
  );
}
