import type { Alert } from '@/lib/data/alerts';
import { formatDateTime } from '@/lib/format';
import { AlertInboxView, type InboxItem } from './alert-inbox-view';
import { describeAlert } from './describe-alert';
import { groupEpisodes } from './episodes';

/**
 * A list of open alerts (the therapist's inbox, the supervisor's escalations). With `clientHref`
 * each client name links to the record; without it the list is read-only text. Only what the list
 * shows goes to the view (alert-inbox-view.tsx), not the alert DTOs.
 */
export function AlertInbox({
  alerts,
  total = alerts.length,
  more,
  label,
  clientHref,
  emptyText = 'No open alerts.',
  timeZone,
}: {
  alerts: Alert[];
  /** How many episodes there are in all; when more than shown, a line says so (and links to `more`). */
  total?: number;
  more?: { href: string; label: string };
  label: string;
  clientHref?: (alert: Alert) => string;
  emptyText?: string;
  /** The clinic's zone: times show as the clinic reads them. */
  timeZone: string;
}) {
  // One item per episode: every reason one response raised, in one place.
  const items: InboxItem[] = groupEpisodes(alerts).map((episode) => {
    const first = episode.alerts[0]!;
    return {
      id: episode.id,
      clientName: first.clientName,
      href: clientHref ? clientHref(first) : null,
      severity: episode.severity,
      reasons: episode.alerts.map((alert) => ({ id: alert.id, severity: alert.severity, kind: alert.kind, sentence: describeAlert(alert) })),
      raised: { iso: episode.raisedAt.toISOString(), text: formatDateTime(episode.raisedAt, timeZone) },
      escalated: episode.escalatedAt ? { iso: episode.escalatedAt.toISOString(), text: formatDateTime(episode.escalatedAt, timeZone) } : null,
    };
  });
  return <AlertInboxView alerts={items} total={total} more={more} label={label} emptyText={emptyText} />;
}
