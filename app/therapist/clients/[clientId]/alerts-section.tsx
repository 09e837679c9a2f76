import Link from 'next/link';
import { AlertEpisodeCard } from '@/components/alerts/alert-episode-card';
import { groupEpisodes } from '@/components/alerts/episodes';
import { isPinnedAlert, recordHref, visibleAlerts, type RecordSearchParams } from '@/components/record/paging';
import type { Alert } from '@/lib/data/alerts';
import { AcknowledgeAlertForm } from './acknowledge-alert-form';
import { Empty, RecordSection } from './section';

const linkClass =
  'inline-flex min-h-11 items-center font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

function count(n: number): string {
  return n === 1 ? 'One alert' : `${n} alerts`;
}

export function AlertsSection({
  clientId,
  alerts,
  params,
  canAcknowledge,
  timeZone,
}: {
  clientId: string;
  alerts: Alert[];
  /** The page's search parameters: `alerts=all` lists every alert. */
  params: RecordSearchParams;
  canAcknowledge: boolean;
  timeZone: string;
}) {
  // One card per episode: everything one response raised, acknowledged with one note.
  const episodes = groupEpisodes(alerts);
  const open = episodes.filter((e) => e.status === 'open').length;
  const showAll = params.alerts === 'all';
  const shown = visibleAlerts(episodes, showAll);
  const path = `/therapist/clients/${clientId}`;
  return (
    <RecordSection
      id="alerts"
      title="Alerts"
      description={
        episodes.length === 0
          ? undefined
          : open === 0
            ? `${count(episodes.length)}, none open.`
            : `${open} open of ${episodes.length}. Acknowledge each with a short note on what you did.`
      }
    >
      {episodes.length === 0 ? (
        <Empty>No alerts for this client.</Empty>
      ) : (
        <>
          <ul aria-label="Alerts for this client" className="flex flex-col gap-3">
            {shown.map((episode) => (
              <AlertEpisodeCard key={episode.id} episode={episode} timeZone={timeZone} planHref={(planId) => `${path}/plans/${planId}`}>
                {/* Closed long ago: nothing to acknowledge, and no confirmation to keep. */}
                {canAcknowledge && isPinnedAlert(episode) ? (
                  <AcknowledgeAlertForm alertId={episode.openAlertId ?? episode.alerts[0]!.id} open={episode.status === 'open'} />
                ) : null}
              </AlertEpisodeCard>
            ))}
          </ul>
          {shown.length < episodes.length ? (
            <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
              {`Showing ${shown.length} of ${episodes.length} alerts: every open one and the latest closed.`}
              <Link href={recordHref(path, params, { alerts: 'all' }, 'alerts')} className={linkClass}>
                {`Show all ${episodes.length} alerts`}
              </Link>
            </p>
          ) : showAll && visibleAlerts(episodes, false).length < episodes.length ? (
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
