import { formatDate, formatDateTime } from '@/lib/format';
import type { ReactNode } from 'react';

/** A titled card of a supervisor page; `id` doubles as the in-page anchor (e.g. #alerts). */
export function Card({
  id,
  title,
  description,
  actions,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
        </div>
        {actions ? <div className="flex shrink-0 flex-wrap gap-2">{actions}</div> : null}
      </div>
      <div className="mt-4 flex flex-col gap-6">{children}</div>
    </section>
  );
}

export { Empty, ScrollTable, th } from '@/components/record/table';
export const linkClass = 'font-medium text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600';
export const linkButton =
  'inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600';

/** An instant as the clinic reads it, machine-readable too. */
export function When({ at, timeZone, withTime = true }: { at: Date; timeZone: string; withTime?: boolean }) {
  return <time dateTime={at.toISOString()}>{withTime ? formatDateTime(at, timeZone) : formatDate(at, timeZone)}</time>;
}

export const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;
