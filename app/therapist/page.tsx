import type { Metadata } from 'next';
import Link from 'next/link';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { listAlertInbox, listMyNotifications } from '@/lib/data/alerts';
import { listCaseload } from '@/lib/data/clients';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Caseload' };

// listMyNotifications returns at most this many unread notifications.
const NOTIFICATION_PAGE = 20;

const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;

export default async function TherapistHome() {
  const actor = await requireAreaActor('therapist');
  // Every read before anything renders, so a refusal keeps its 403/404 status.
  const [caseload, inbox, unread] = await orHttpError(Promise.all([listCaseload(actor), listAlertInbox(actor), listMyNotifications(actor)]));
  return (
    <>
      <PageHeader title="My caseload">
        <p className="text-sm text-slate-600">
          {caseload.length} {caseload.length === 1 ? 'client' : 'clients'}
        </p>
      </PageHeader>
      <section aria-labelledby="inbox-heading" className="mb-8">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="inbox-heading" className="text-lg font-semibold">
            Open alerts{inbox.length > 0 ? ` (${inbox.length})` : ''}
          </h2>
          <p className="text-sm text-slate-600" data-testid="unread-notifications">
            {unread.length === 0 ? 'No unread notifications' : `${unread.length >= NOTIFICATION_PAGE ? `${NOTIFICATION_PAGE}+` : unread.length} unread ${unread.length === 1 ? 'notification' : 'notifications'}`}
          </p>
        </div>
        <AlertInbox alerts={inbox} label="Open alerts, urgent first" clientHref={(alert) => `/therapist/clients/${alert.clientId}`} />
      </section>
      <h2 className="mb-3 text-lg font-semibold">Clients</h2>
      {caseload.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-slate-700">No clients are assigned to you yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Clients in my caseload</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">Client</th>
                <th scope="col" className="px-4 py-3 font-semibold">Status</th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">Sessions</th>
                <th scope="col" className="px-4 py-3 font-semibold">Last session</th>
                <th scope="col" className="px-4 py-3 font-semibold">Open alerts</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {caseload.map((client) => (
                <tr key={client.id}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <Link href={`/therapist/clients/${client.id}`} className="text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
                      {client.name}
                    </Link>
                  </th>
                  <td className="px-4 py-3">{STATUS_LABEL[client.status]}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{client.attendedSessions}</td>
                  <td className="px-4 py-3">{formatDate(client.lastSessionAt)}</td>
                  <td className="px-4 py-3">
                    {client.openAlerts === 0 ? (
                      <span className="text-slate-500">None</span>
                    ) : (
                      <span className={client.urgentAlerts > 0 ? 'font-semibold text-red-800' : 'text-amber-800'}>
                        {client.openAlerts} open{client.urgentAlerts > 0 ? ` (${client.urgentAlerts} urgent)` : ''}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
