import type { AlertDto } from '@/lib/data/alerts';
import { formatDateTime } from '@/lib/format';
import { AlertInboxView, type InboxItem } from './alert-inbox-view';
import { describeAlert } from './describe-alert';

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
}: {
  alerts: AlertDto[];
  /** How many there are in all; when more than shown, a line says so (and links to `more`). */
  total?: number;
  more?: { href: string; label: string };
  label: string;
  clientHref?: (alert: AlertDto) => string;
  emptyText?: string;
}) {
  const items: InboxItem[] = alerts.map((alert) => ({
    id: alert.id,
    clientName: alert.clientName,
    href: clientHref ? clientHref(alert) : null,
    severity: alert.severity,
    kind: alert.kind,
    sentence: describeAlert(alert),
    raised: { iso: alert.createdAt.toISOString(), text: formatDateTime(alert.createdAt) },
    escalated: alert.escalatedAt ? { iso: alert.escalatedAt.toISOString(), text: formatDateTime(alert.escalatedAt) } : null,
  }));
  return <AlertInboxView alerts={items} total={total} more={more} label={label} emptyText={emptyText} />;
}
