'use client';

import Link from 'next/link';
import type { AlertSeverity } from './describe-alert';
import { AlertBadge } from './alert-summary';

/*
 * The inbox list itself. A client component for the same reason as the caseload table: rendered to
 * HTML once on the server from these compact items (sentences and dates already worked out in
 * alert-inbox.tsx), instead of every element also travelling in the page's RSC payload.
 */

export type InboxItem = {
  id: string;
  clientName: string;
  /** The client's record, when the reader may open it; otherwise the name is plain text. */
  href: string | null;
  /** The most severe of its reasons. */
  severity: AlertSeverity;
  /** Every reason the episode was raised for, most severe first. */
  reasons: { id: string; severity: AlertSeverity; kind: string; sentence: string }[];
  raised: { iso: string; text: string };
  escalated: { iso: string; text: string } | null;
};

export function AlertInboxView({
  alerts,
  total,
  more,
  label,
  emptyText,
}: {
  alerts: InboxItem[];
  total: number;
  more?: { href: string; label: string };
  label: string;
  emptyText: string;
}) {
  if (alerts.length === 0) {
    return <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-slate-700">{emptyText}</p>;
  }
  return (
    <>
      <ul aria-label={label} className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {alerts.map((alert) => (
          <li
            key={alert.id}
            className={`flex flex-col gap-2 p-4 sm:flex-row sm:items-start sm:justify-between sm:gap-4 ${alert.severity === 'urgent' ? 'border-l-4 border-l-red-600 bg-red-50/60' : ''}`}
          >
            <div className="flex min-w-0 flex-col gap-1">
              <p className="font-semibold text-slate-900">
                {alert.href ? (
                  <Link href={alert.href} className="text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
                    {alert.clientName}
                  </Link>
                ) : (
                  alert.clientName
                )}
              </p>
              <div className="flex flex-col gap-1 text-sm">
                {alert.reasons.map((reason) => (
                  <p key={reason.id} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                    <AlertBadge severity={reason.severity} kind={reason.kind} />
                    <span className="text-slate-900">{reason.sentence}</span>
                  </p>
                ))}
              </div>
              <p className="text-xs text-slate-600">
                Raised <time dateTime={alert.raised.iso}>{alert.raised.text}</time>
                {alert.escalated ? (
                  <>
                    {' '}
                    · escalated <time dateTime={alert.escalated.iso}>{alert.escalated.text}</time>
                  </>
                ) : null}
              </p>
            </div>
            {alert.href ? (
              <Link
                href={`${alert.href}#alerts`}
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
            <Link
              href={more.href}
              className="font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600"
            >
              {more.label}
            </Link>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
