import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Alert } from '@/lib/data/alerts';
import { When } from '@/components/supervision/card';
import { AlertSummary } from './alert-summary';
import type { AlertEpisode } from './episodes';

const STATUS_LABEL: Record<Alert['status'], string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
const STATUS_STYLE: Record<Alert['status'], string> = {
  open: 'bg-amber-100 text-amber-950',
  acknowledged: 'bg-slate-100 text-slate-800',
  resolved: 'bg-green-100 text-green-950',
};

const linkClass = 'font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950 focus-visible:outline-3 focus-visible:outline-teal-600';

/**
 * One alert episode on a client's record — the therapist's and the supervisor's read the same card,
 * so both see the same reasons and numbers. `children` is the acknowledgement form, where allowed.
 */
export function AlertEpisodeCard({
  episode,
  timeZone,
  planHref,
  showTherapist = false,
  children,
}: {
  episode: AlertEpisode<Alert>;
  timeZone: string;
  /** Where a goal-disagreement alert's plan opens, when the reader may open it. */
  planHref?: (planId: string) => string;
  showTherapist?: boolean;
  children?: ReactNode;
}) {
  const open = episode.status === 'open';
  const urgent = episode.severity === 'urgent';
  const frame = urgent && open ? 'border-2 border-red-600 bg-red-50/40' : open ? 'border-amber-300' : 'border-slate-200';
  const therapist = episode.alerts[0]?.therapistName;
  return (
    <li className={`flex flex-col gap-2 rounded-md border p-3 ${frame}`} data-severity={episode.severity}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        {/* Reasons as paragraphs, not a nested list: the card is the list item. */}
        <div className="flex min-w-0 flex-col gap-1 text-sm">
          {episode.alerts.map((alert) => {
            const planId = alert.kind === 'goal_disagreement' && typeof alert.details.planId === 'string' ? alert.details.planId : null;
            return (
              <div key={alert.id}>
                <AlertSummary alert={alert} />
                {alert.raiseCount > 1 ? (
                  <span className="block text-xs text-slate-600">
                    Raised {alert.raiseCount} times while open, last <When at={alert.lastRaisedAt} timeZone={timeZone} /> (numbers above are the latest).
                  </span>
                ) : null}
                {alert.repairedAt ? (
                  <span className="block text-green-900">
                    Repaired: the alliance was back at its pre-drop level on <When at={alert.repairedAt} timeZone={timeZone} withTime={false} />.
                  </span>
                ) : null}
                {planId && planHref ? (
                  <Link href={planHref(planId)} className={`${linkClass} block text-sm`}>
                    Open the treatment plan
                  </Link>
                ) : null}
              </div>
            );
          })}
        </div>
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[episode.status]}`}>{STATUS_LABEL[episode.status]}</span>
      </div>
      <p className="text-xs text-slate-600">
        Raised <When at={episode.raisedAt} timeZone={timeZone} />
        {showTherapist && therapist ? ` · therapist at the time: ${therapist}` : ''}
        {episode.escalatedAt ? (
          <>
            {' '}
            · escalated <When at={episode.escalatedAt} timeZone={timeZone} />
          </>
        ) : null}
      </p>
      {!open && (episode.acknowledgedAt || episode.acknowledgementNote) ? (
        <div className="rounded bg-slate-50 p-2 text-sm">
          <p className="text-xs font-medium text-slate-600">
            Acknowledged
            {episode.acknowledgedAt ? (
              <>
                {' '}
                <When at={episode.acknowledgedAt} timeZone={timeZone} />
              </>
            ) : null}
            {episode.acknowledgementNote ? ' — repair note' : ''}
          </p>
          {episode.acknowledgementNote ? <p className="whitespace-pre-wrap text-slate-900">{episode.acknowledgementNote}</p> : null}
        </div>
      ) : null}
      {children}
    </li>
  );
}
