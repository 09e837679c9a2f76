import Link from 'next/link';
import type { StaffNotification } from '@/lib/data/alerts';
import { formatDateTime } from '@/lib/format';

// listMyNotifications returns at most this many unread notifications.
const NOTIFICATION_PAGE = 20;

const KIND_LABEL: Record<StaffNotification['kind'], string> = {
  urgent_alert: 'Urgent alert',
  escalated_alert: 'Urgent alert escalated to you',
  alert: 'New alert',
};

/** "N unread notifications", opening to the list of them, each linking to where it points. */
export function UnreadNotifications({ notifications, timeZone }: { notifications: StaffNotification[]; timeZone: string }) {
  if (notifications.length === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="unread-notifications">
        No unread notifications
      </p>
    );
  }
  const n = notifications.length;
  return (
    <details className="text-sm text-slate-700">
      <summary className="min-h-11 cursor-pointer py-2 font-medium text-teal-800 underline underline-offset-2" data-testid="unread-notifications">
        {`${n >= NOTIFICATION_PAGE ? `${NOTIFICATION_PAGE}+` : n} unread ${n === 1 ? 'notification' : 'notifications'}`}
      </summary>
      <ul aria-label="Unread notifications" className="mt-1 flex flex-col gap-1 rounded-md border border-slate-200 bg-white p-2">
        {notifications.map((notification) => (
          <li key={notification.id}>
            <Link href={notification.link} className="inline-flex min-h-11 items-center gap-2 text-teal-800 underline underline-offset-2 hover:text-teal-950">
              <span className={notification.kind === 'alert' ? '' : 'font-semibold text-red-800'}>{KIND_LABEL[notification.kind]}</span>
              <time className="text-slate-600" dateTime={notification.createdAt.toISOString()}>
                {formatDateTime(notification.createdAt, timeZone)}
              </time>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
