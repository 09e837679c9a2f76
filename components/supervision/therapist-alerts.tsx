import Link from 'next/link';
import { AlertSummary } from '@/components/alerts/alert-summary';
import { alertKindLabel } from '@/components/alerts/describe-alert';
import type { TherapistAlertRow } from '@/lib/data/supervisor';
import { formatDate } from '@/lib/format';
import { Empty, linkClass, When } from './card';
import { daysBetween, plural } from './format';
import { SupervisionNoteForm, type SupervisionNoteAction } from './supervision-note-form';

/*
 * A supervised therapist's alerts and how each was handled: when it was acknowledged (and whether
 * within 7 days), the therapist's repair note, whether a rupture was repaired, escalation, the
 * supervision notes on it, and a form to add one.
 */

export type NoteView = { id: string; alertId: string | null; note: string; createdAt: Date; author: string };

const SEVEN_DAYS = 7;

const STATUS_LABEL: Record<TherapistAlertRow['status'], string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const STATUS_STYLE: Record<TherapistAlertRow['status'], string> = {
  open: 'bg-amber-100 text-amber-950',
  acknowledged: 'bg-slate-100 text-slate-800',
  resolved: 'bg-green-100 text-green-950',
};

/** "Rupture for Taylor Brooks, raised 3 Mar 2026": how a note or a form names its alert. */
export function alertLabel(alert: Pick<TherapistAlertRow, 'kind' | 'clientName' | 'createdAt'>, timeZone: string): string {
  return `${alertKindLabel(alert.kind)} for ${alert.clientName}, raised ${formatDate(alert.createdAt, timeZone)}`;
}

function Handling({ alert, now, timeZone }: { alert: TherapistAlertRow; now: Date; timeZone: string }) {
  if (alert.acknowledgedAt) {
    const days = daysBetween(alert.createdAt, alert.acknowledgedAt);
    const late = alert.acknowledgedAt.getTime() - alert.createdAt.getTime() > SEVEN_DAYS * 86_400_000;
    return (
      <>
        <When at={alert.acknowledgedAt} timeZone={timeZone} />{' '}
        <span className={late ? 'font-semibold text-red-800' : 'text-slate-700'}>
          ({days === 0 ? 'the same day' : `after ${plural(days, 'day', 'days')}`}
          {late ? ', later than 7 days' : ''})
        </span>
      </>
    );
  }
  if (alert.status !== 'open') return <span className="text-slate-700">Closed without an acknowledgement</span>;
  const waiting = daysBetween(alert.createdAt, now);
  return waiting > SEVEN_DAYS ? (
    <span className="font-semibold text-red-800">Not acknowledged: unanswered for {plural(waiting, 'day', 'days')}</span>
  ) : (
    <span className="text-amber-900">Not acknowledged yet ({waiting === 0 ? 'raised today' : `${plural(waiting, 'day', 'days')} so far`})</span>
  );
}

export function TherapistAlerts({
  alerts,
  notes,
  clientIds,
  clientHref,
  therapistId,
  noteAction,
  timeZone,
  now,
}: {
  alerts: TherapistAlertRow[];
  notes: NoteView[];
  /** Clients currently in this therapist's caseload: only their records can be opened here. */
  clientIds: ReadonlySet<string>;
  clientHref: (clientId: string) => string;
  therapistId: string;
  noteAction: SupervisionNoteAction;
  timeZone: string;
  now: Date;
}) {
  if (alerts.length === 0) return <Empty>No alerts for this therapist’s clients.</Empty>;
  return (
    <ul aria-label="Alerts and their handling" className="flex flex-col gap-3">
      {alerts.map((alert) => {
        const own = notes.filter((n) => n.alertId === alert.id);
        const label = alertLabel(alert, timeZone);
        return (
          <li
            key={alert.id}
            className={`flex flex-col gap-3 rounded-md border p-3 sm:p-4 ${alert.status === 'open' ? 'border-amber-300' : 'border-slate-200'}`}
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="flex min-w-0 flex-col gap-1">
                <p className="font-semibold text-slate-900">
                  {clientIds.has(alert.clientId) ? (
                    <Link href={clientHref(alert.clientId)} className={linkClass}>
                      {alert.clientName}
                    </Link>
                  ) : (
                    <>
                      {alert.clientName} <span className="text-xs font-normal text-slate-600">(no longer in this caseload)</span>
                    </>
                  )}
                </p>
                <p className="text-sm">
                  <AlertSummary alert={{ kind: alert.kind, rule: alert.rule, severity: alert.severity, details: null }} />
                </p>
              </div>
              <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[alert.status]}`}>{STATUS_LABEL[alert.status]}</span>
            </div>
            <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="font-medium text-slate-600">Raised</dt>
              <dd>
                <When at={alert.createdAt} timeZone={timeZone} />
              </dd>
              <dt className="font-medium text-slate-600">Acknowledged</dt>
              <dd>
                <Handling alert={alert} now={now} timeZone={timeZone} />
              </dd>
              {alert.acknowledgementNote ? (
                <>
                  <dt className="font-medium text-slate-600">Therapist’s note</dt>
                  <dd className="whitespace-pre-wrap text-slate-900">{alert.acknowledgementNote}</dd>
                </>
              ) : null}
              {alert.kind === 'rupture' ? (
                <>
                  <dt className="font-medium text-slate-600">Repaired</dt>
                  <dd>
                    {alert.repairedAt ? (
                      <span className="text-green-900">
                        Yes: back at the pre-drop level on <When at={alert.repairedAt} timeZone={timeZone} withTime={false} />
                      </span>
                    ) : (
                      'Not (yet) repaired'
                    )}
                  </dd>
                </>
              ) : null}
              {alert.escalatedAt ? (
                <>
                  <dt className="font-medium text-slate-600">Escalated</dt>
                  <dd>
                    To the supervisor <When at={alert.escalatedAt} timeZone={timeZone} />
                  </dd>
                </>
              ) : null}
            </dl>
            {own.length > 0 ? (
              <div className="rounded bg-slate-50 p-3 text-sm">
                <p className="mb-1 text-xs font-semibold text-slate-600">Supervision notes on this alert</p>
                <ul className="flex flex-col gap-2">
                  {own.map((n) => (
                    <li key={n.id}>
                      <p className="whitespace-pre-wrap text-slate-900">{n.note}</p>
                      <p className="text-xs text-slate-600">
                        {n.author} · <When at={n.createdAt} timeZone={timeZone} />
                      </p>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <details className="text-sm">
              <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
                Note<span className="sr-only">: add a supervision note on the alert {label}</span>
              </summary>
              <div className="mt-2 max-w-xl">
                <SupervisionNoteForm
                  action={noteAction}
                  therapistId={therapistId}
                  alertId={alert.id}
                  label="Note on this alert"
                  formLabel={`Note on the alert: ${label}`}
                  submitLabel="Save note on alert"
                />
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
