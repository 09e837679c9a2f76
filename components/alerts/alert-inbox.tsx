import Link from 'next/link';
import type { AlertDto } from '@/lib/data/alerts';
import { formatDateTime } from '@/lib/format';
import { AlertSummary } from './alert-summary';

/**
 * A list of open alerts (the therapist's inbox, the supervisor's escalations). With `clientHref`
 * each client name links to the record; without it the list is read-only text.
 */
export function AlertInbox({
  alerts,
  total = alerts.length,
  more,
  label,
  clientHref,
  emptyText = 'No open alerts.',
}: {
  alerts: AlertDto[];
  /** How many there are in all; when more than shown, a line says so (and links to `more`). */
  total?: number;
  more?: { href: string; label: string };
  label: string;
  clientHref?: (alert: AlertDto) => string;
  emptyText?: string;
}) {
  if (alerts.length === 0) {
    return <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-slate-700">{emptyText}</p>;
  }
  return (
    <>
      <ul aria-label={label} className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {alerts.map((alert) => (
          <li key={alert.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <div className="flex min-w-0 flex-col gap-1">
              <p className="font-semibold text-slate-900">
                {clientHref ? (
                  <Link href={clientHref(alert)} className="text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
                    {alert.clientName}
                  </Link>
                ) : (
                  alert.clientName
                )}
              </p>
              <p className="text-sm">
                <AlertSummary alert={alert} />
              </p>
              <p className="text-xs text-slate-600">
                Raised <time dateTime={alert.createdAt.toISOString()}>{formatDateTime(alert.createdAt)}</time>
                {alert.escalatedAt ? (
                  <>
                    {' '}
                    · escalated <time dateTime={alert.escalatedAt.toISOString()}>{formatDateTime(alert.escalatedAt)}</time>
                  </>
                ) : null}
              </p>
            </div>
            {clientHref ? (
              <Link
                href={`${clientHref(alert)}#alerts`}
                aria-label={`Review alert for ${alert.clientName}`}
                className="inline-flex min-h-11 shrink-0 items-center justify-center self-start rounded-md border border-slate-300 bg-white px-3 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-teal-600"
              >
                Review
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
      {total > alerts.length ? (
        <p className="mt-2 text-sm text-slate-700" data-testid="inbox-more">
          Showing the {alerts.length} most urgent of {total}.{' '}
          {more ? (
            <Link href={more.href} className="font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600">
              {more.label}
            </Link>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
