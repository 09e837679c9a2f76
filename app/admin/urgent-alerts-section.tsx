import Link from 'next/link';
import { Badge } from '@/components/admin/badge';
import { formatWaited } from '@/components/admin/waited';
import type { UrgentAlertAwaitingPerson } from '@/lib/data/escalation';
import { formatDateTime } from '@/lib/format';

const linkClass =
  'inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

/**
 * Urgent alerts no supervisor can take (the escalation notification to admins links here). The
 * admin's part is to find a person, so each row names the therapist, never the client or the answer.
 */
export function UrgentAlertsSection({ alerts, total, now, timeZone }: { alerts: UrgentAlertAwaitingPerson[]; total: number; now: Date; timeZone: string }) {
  return (
    <section
      id="urgent-alerts"
      aria-labelledby="urgent-alerts-heading"
      className={`mb-8 rounded-lg border p-4 sm:p-5 ${total > 0 ? 'border-red-300 bg-red-50/40' : 'border-slate-200 bg-white'}`}
    >
      <h2 id="urgent-alerts-heading" className="text-lg font-semibold text-slate-900">
        Urgent alerts waiting for a person{total > 0 ? ` (${total})` : ''}
      </h2>
      {total === 0 ? (
        <p className="mt-1 text-sm text-slate-600">None. Every overdue urgent alert has gone to a supervisor or been acknowledged by the therapist.</p>
      ) : (
        <>
          <p className="mt-1 mb-3 text-sm text-slate-700">
            A client’s risk answer raised an urgent alert that the therapist has not acknowledged in time, and the therapist has no active supervisor to take
            it. Assign a supervisor, or contact the therapist directly. Client details stay with the therapist.
          </p>
          <ul aria-label="Urgent alerts waiting for a person" className="divide-y divide-red-200 rounded-md border border-red-200 bg-white">
            {alerts.map((alert) => (
              <li key={alert.id} className="flex flex-col gap-1 px-3 py-3 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4 sm:px-4">
                <div className="flex flex-col gap-1">
                  <p>
                    <span className="font-semibold">{alert.therapistName ?? 'No current therapist'}</span>
                    {' · '}raised <time dateTime={alert.raisedAt.toISOString()}>{formatDateTime(alert.raisedAt, timeZone)}</time>
                    {' · '}waiting {formatWaited(now.getTime() - alert.raisedAt.getTime())}
                  </p>
                  <p>
                    {alert.reachedAdminsAt ? (
                      <Badge tone="amber">
                        Sent to the clinic’s admins{' '}
                        <time dateTime={alert.reachedAdminsAt.toISOString()}>{formatDateTime(alert.reachedAdminsAt, timeZone)}</time>
                      </Badge>
                    ) : (
                      <Badge tone="red">Has reached nobody yet</Badge>
                    )}
                  </p>
                </div>
                {alert.therapistName ? (
                  <Link href="/admin/assignments#supervision-heading" className={linkClass}>
                    Assign a supervisor<span className="sr-only"> to {alert.therapistName}</span>
                  </Link>
                ) : (
                  <Link href="/admin/assignments#clients-heading" className={linkClass}>
                    Assign a therapist
                  </Link>
                )}
              </li>
            ))}
          </ul>
          {total > alerts.length ? (
            <p className="mt-2 text-sm text-slate-600">
              Showing the {alerts.length} waiting longest of {total}.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
