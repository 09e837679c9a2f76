import { formatDate } from '@/lib/format';
import type { AgreementView } from './types';

/**
 * The client's latest answer on a goal, as the therapist reads it. Agreement given on an earlier
 * version counts while the goal's wording is unchanged (lib/data only returns it then).
 */
export function AgreementNote({
  agreement,
  planStatus,
  compact = false,
  timeZone,
}: {
  agreement: AgreementView | null | undefined;
  planStatus: string;
  compact?: boolean;
  /** The clinic's zone: dates show as the clinic reads them. */
  timeZone: string;
}) {
  if (!agreement) {
    const text =
      planStatus === 'draft'
        ? 'Not shared with the client yet (draft).'
        : planStatus === 'active'
          ? 'The client has not answered yet.'
          : 'The client did not answer.';
    return (
      <p className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-700 print:border-slate-400">
        <span className="font-semibold">Client agreement: </span>
        {text}
      </p>
    );
  }
  const when = `on version ${agreement.planVersion}, ${formatDate(agreement.at, timeZone)}`;
  if (agreement.agrees) {
    return (
      <div className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-950 print:bg-white">
        <p>
          <span className="font-semibold">Client agrees</span> <span className="text-green-900">({when})</span>
        </p>
        {agreement.comment && !compact ? <p className="mt-1 whitespace-pre-wrap">“{agreement.comment}”</p> : null}
      </div>
    );
  }
  return (
    <div className="rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 print:bg-white">
      <p>
        <span className="font-semibold">Client would change this</span> <span className="text-amber-900">({when})</span>
      </p>
      {agreement.comment ? <p className="mt-1 whitespace-pre-wrap">“{agreement.comment}”</p> : null}
    </div>
  );
}
