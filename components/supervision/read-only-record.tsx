import Link from 'next/link';
import { AlertSummary } from '@/components/alerts/alert-summary';
import { RecordPager } from '@/components/record/pager';
import { ResponseHistoryTable } from '@/components/record/response-history-table';
import { responseHistoryRows } from '@/components/record/response-rows';
import { recordHref, visibleAlerts } from '@/components/record/paging';
import type { ListLocation } from '@/components/record/sessions-table';
import type { AlertDto } from '@/lib/data/alerts';
import type { PlanSummary } from '@/lib/data/plans';
import type { ResponsePage } from '@/lib/data/responses';
import { formatDate, formatDateTime } from '@/lib/format';
import { Empty, linkClass, ScrollTable, th, When } from './card';

/*
 * The pieces of a client's record as a supervisor reads it: no forms, no actions, only what the
 * treating therapist recorded and what the client answered. Long lists come a page at a time
 * (`path` and `params` are the record page's own, for the page links).
 */

export type { ListLocation } from '@/components/record/sessions-table';
export { SessionsTable } from '@/components/record/sessions-table';

export function MeasuresTable({ history, timeZone, at }: { history: ResponsePage; timeZone: string; at: ListLocation }) {
  const responses = history.responses;
  if (responses.length === 0) return <Empty>No measures completed yet.</Empty>;
  return (
    <div>
      <ResponseHistoryTable caption="Completed measures with scores, newest first" rows={responseHistoryRows(responses, (when) => formatDateTime(when, timeZone), true)} />
      <RecordPager
        label="Response history pages"
        noun={history.total === 1 ? 'response' : 'responses'}
        page={history.page}
        pageSize={history.pageSize}
        total={history.total}
        path={at.path}
        params={at.params}
        param="history"
        fragment="measures"
      />
    </div>
  );
}

const ALERT_STATUS_LABEL: Record<AlertDto['status'], string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const ALERT_STATUS_STYLE: Record<AlertDto['status'], string> = {
  open: 'bg-amber-100 text-amber-950',
  acknowledged: 'bg-slate-100 text-slate-800',
  resolved: 'bg-green-100 text-green-950',
};

export function AlertsList({ alerts, timeZone, at }: { alerts: AlertDto[]; timeZone: string; at: ListLocation }) {
  if (alerts.length === 0) return <Empty>No alerts for this client.</Empty>;
  const showAll = at.params.alerts === 'all';
  const shown = visibleAlerts(alerts, showAll);
  return (
    <div className="flex flex-col gap-3">
      <ul aria-label="Alerts for this client" className="flex flex-col gap-3">
        {shown.map((alert) => (
          <li key={alert.id} className={`flex flex-col gap-2 rounded-md border p-3 ${alert.status === 'open' ? 'border-amber-300' : 'border-slate-200'}`}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <p className="text-sm">
                <AlertSummary alert={alert} />
              </p>
              <span className={`rounded px-2 py-0.5 text-xs font-semibold ${ALERT_STATUS_STYLE[alert.status]}`}>{ALERT_STATUS_LABEL[alert.status]}</span>
            </div>
            <p className="text-xs text-slate-600">
              Raised <When at={alert.createdAt} timeZone={timeZone} />
              {alert.therapistName ? ` · therapist at the time: ${alert.therapistName}` : ''}
              {alert.escalatedAt ? (
                <>
                  {' '}
                  · escalated <When at={alert.escalatedAt} timeZone={timeZone} />
                </>
              ) : null}
            </p>
            {alert.repairedAt ? (
              <p className="text-sm text-green-900">
                Repaired: the alliance was back at its pre-drop level on <When at={alert.repairedAt} timeZone={timeZone} withTime={false} />.
              </p>
            ) : null}
            {alert.acknowledgedAt || alert.acknowledgementNote ? (
              <div className="rounded bg-slate-50 p-2 text-sm">
                <p className="text-xs font-medium text-slate-600">
                  Acknowledged
                  {alert.acknowledgedAt ? (
                    <>
                      {' '}
                      <When at={alert.acknowledgedAt} timeZone={timeZone} />
                    </>
                  ) : null}
                  {alert.acknowledgementNote ? ' — repair note' : ''}
                </p>
                {alert.acknowledgementNote ? <p className="whitespace-pre-wrap text-slate-900">{alert.acknowledgementNote}</p> : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {shown.length < alerts.length ? (
        <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
          {`Showing ${shown.length} of ${alerts.length} alerts: every open one and the latest closed.`}
          <Link href={recordHref(at.path, at.params, { alerts: 'all' }, 'alerts')} className={linkClass}>
            {`Show all ${alerts.length} alerts`}
          </Link>
        </p>
      ) : showAll && visibleAlerts(alerts, false).length < alerts.length ? (
        <p className="text-sm">
          <Link href={recordHref(at.path, at.params, { alerts: null }, 'alerts')} className={linkClass}>
            Show only open and recent alerts
          </Link>
        </p>
      ) : null}
    </div>
  );
}


const PLAN_STATUS_LABEL: Record<string, string> = { draft: 'Draft', active: 'Active', completed: 'Completed', archived: 'Archived' };

export function PlansTable({ plans, timeZone }: { plans: PlanSummary[]; timeZone: string }) {
  if (plans.length === 0) return <Empty>No treatment plans yet.</Empty>;
  return (
    <ScrollTable caption="Treatment plans, most recently updated first">
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className={th}>Plan</th>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={`${th} text-right`}>Version</th>
          <th scope="col" className={th}>Next review</th>
          <th scope="col" className={th}>Last updated</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {plans.map((p) => (
          <tr key={p.id}>
            <th scope="row" className="text-left font-medium">{p.title}</th>
            <td>{PLAN_STATUS_LABEL[p.status] ?? p.status}</td>
            <td className="text-right tabular-nums">{p.version}</td>
            <td className="whitespace-nowrap">{formatDate(p.nextReviewDate)}</td>
            <td className="whitespace-nowrap">
              <When at={p.updatedAt} timeZone={timeZone} withTime={false} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
