import Link from 'next/link';
import { AlertSummary } from '@/components/alerts/alert-summary';
import { isPinnedAlert, recordHref, visibleAlerts, type RecordSearchParams } from '@/components/record/paging';
import type { AlertDto } from '@/lib/data/alerts';
import { formatDateTime } from '@/lib/format';
import { AcknowledgeAlertForm } from './acknowledge-alert-form';
import { Empty, RecordSection } from './section';

const STATUS_LABEL: Record<AlertDto['status'], string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const STATUS_STYLE: Record<AlertDto['status'], string> = {
  open: 'bg-amber-100 text-amber-950',
  acknowledged: 'bg-slate-100 text-slate-800',
  resolved: 'bg-green-100 text-green-950',
};

function When({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()}>{formatDateTime(at)}</time>;
}

const linkClass = 'inline-flex min-h-11 items-center font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

export function AlertsSection({
  clientId,
  alerts,
  params,
  canAcknowledge,
}: {
  clientId: string;
  alerts: AlertDto[];
  /** The page's search parameters: `alerts=all` lists every alert. */
  params: RecordSearchParams;
  canAcknowledge: boolean;
}) {
  const open = alerts.filter((a) => a.status === 'open').length;
  const showAll = params.alerts === 'all';
  const shown = visibleAlerts(alerts, showAll);
  const path = `/therapist/clients/${clientId}`;
  return (
    <RecordSection id="alerts" title="Alerts" description={alerts.length === 0 ? undefined : open === 0 ? `${alerts.length === 1 ? 'One alert' : `${alerts.length} alerts`}, none open.` : `${open} open of ${alerts.length}. Acknowledge each with a short note on what you did.`}>
      {alerts.length === 0 ? (
        <Empty>No alerts for this client.</Empty>
      ) : (
        <>
          <ul aria-label="Alerts for this client" className="flex flex-col gap-3">
            {shown.map((alert) => (
              <li key={alert.id} className={`flex flex-col gap-2 rounded-md border p-3 ${alert.status === 'open' ? 'border-amber-300' : 'border-slate-200'}`}>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="text-sm">
                    <AlertSummary alert={alert} />
                  </p>
                  <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[alert.status]}`}>{STATUS_LABEL[alert.status]}</span>
                </div>
                <p className="text-xs text-slate-600">
                  Raised <When at={alert.createdAt} />
                  {alert.escalatedAt ? (
                    <>
                      {' '}
                      · escalated to the supervisor <When at={alert.escalatedAt} />
                    </>
                  ) : null}
                </p>
                {alert.repairedAt ? (
                  <p className="text-sm text-green-900">
                    Repaired: the alliance was back at its pre-drop level on <When at={alert.repairedAt} />.
                  </p>
                ) : null}
                {alert.status !== 'open' && alert.acknowledgementNote ? (
                  <div className="rounded bg-slate-50 p-2 text-sm">
                    <p className="text-xs font-medium text-slate-600">Acknowledged{alert.acknowledgedAt ? <> <When at={alert.acknowledgedAt} /></> : null} — repair note</p>
                    <p className="whitespace-pre-wrap text-slate-900">{alert.acknowledgementNote}</p>
                  </div>
                ) : null}
                {/* Closed long ago: nothing to acknowledge, and no confirmation to keep. */}
                {canAcknowledge && isPinnedAlert(alert) ? <AcknowledgeAlertForm alertId={alert.id} open={alert.status === 'open'} /> : null}
              </li>
            ))}
          </ul>
          {shown.length < alerts.length ? (
            <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
              {`Showing ${shown.length} of ${alerts.length} alerts: every open one and the latest closed.`}
              <Link href={recordHref(path, params, { alerts: 'all' }, 'alerts')} className={linkClass}>
                {`Show all ${alerts.length} alerts`}
              </Link>
            </p>
          ) : showAll && visibleAlerts(alerts, false).length < alerts.length ? (
            <p className="text-sm">
              <Link href={recordHref(path, params, { alerts: null }, 'alerts')} className={linkClass}>
                Show only open and recent alerts
              </Link>
            </p>
          ) : null}
        </>
      )}
    </RecordSection>
  );
}
