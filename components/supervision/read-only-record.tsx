import Link from 'next/link';
import { AlertEpisodeCard } from '@/components/alerts/alert-episode-card';
import { groupEpisodes } from '@/components/alerts/episodes';
import { RecordPager } from '@/components/record/pager';
import { ResponseHistoryTable } from '@/components/record/response-history-table';
import { responseHistoryRows } from '@/components/record/response-rows';
import { recordHref, visibleAlerts } from '@/components/record/paging';
import type { ListLocation } from '@/components/record/sessions-table';
import type { Alert } from '@/lib/data/alerts';
import type { PlanSummary } from '@/lib/data/plans';
import type { ResponsePage } from '@/lib/data/responses';
import { formatDateTime, formatDay } from '@/lib/format';
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
      <ResponseHistoryTable
        caption="Completed measures with scores, newest first"
        rows={responseHistoryRows(responses, (when) => formatDateTime(when, timeZone), true)}
      />
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

export function AlertsList({ alerts, timeZone, at }: { alerts: Alert[]; timeZone: string; at: ListLocation }) {
  const episodes = groupEpisodes(alerts);
  if (episodes.length === 0) return <Empty>No alerts for this client.</Empty>;
  const showAll = at.params.alerts === 'all';
  const shown = visibleAlerts(episodes, showAll);
  return (
    <div className="flex flex-col gap-3">
      <ul aria-label="Alerts for this client" className="flex flex-col gap-3">
        {shown.map((episode) => (
          <AlertEpisodeCard key={episode.id} episode={episode} timeZone={timeZone} showTherapist />
        ))}
      </ul>
      {shown.length < episodes.length ? (
        <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
          {`Showing ${shown.length} of ${episodes.length} alerts: every open one and the latest closed.`}
          <Link href={recordHref(at.path, at.params, { alerts: 'all' }, 'alerts')} className={linkClass}>
            {`Show all ${episodes.length} alerts`}
          </Link>
        </p>
      ) : showAll && visibleAlerts(episodes, false).length < episodes.length ? (
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

/** Every plan of the client; each title opens the plan read-only (`planHref`). */
export function PlansTable({ plans, timeZone, planHref }: { plans: PlanSummary[]; timeZone: string; planHref: (planId: string) => string }) {
  if (plans.length === 0) return <Empty>No treatment plans yet.</Empty>;
  return (
    <ScrollTable caption="Treatment plans, most recently updated first">
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className={th}>
            Plan
          </th>
          <th scope="col" className={th}>
            Status
          </th>
          <th scope="col" className={`${th} text-right`}>
            Version
          </th>
          <th scope="col" className={th}>
            Next review
          </th>
          <th scope="col" className={th}>
            Last updated
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {plans.map((p) => (
          <tr key={p.id}>
            <th scope="row" className="text-left font-medium">
              <Link href={planHref(p.id)} className={linkClass}>
                {p.title}
              </Link>
            </th>
            <td>{PLAN_STATUS_LABEL[p.status] ?? p.status}</td>
            <td className="text-right tabular-nums">{p.version}</td>
            <td className="whitespace-nowrap">{formatDay(p.nextReviewDate)}</td>
            <td className="whitespace-nowrap">
              <When at={p.updatedAt} timeZone={timeZone} withTime={false} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
