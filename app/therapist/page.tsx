import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { listCaseload } from '@/lib/data/clients';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Caseload' };

const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;

export default async function TherapistHome() {
  const actor = await requireAreaActor('therapist');
  const caseload = await orHttpError(listCaseload(actor));
  return (
    <>
      <PageHeader title="My caseload">
        <p className="text-sm text-slate-600">
          {caseload.length} {caseload.length === 1 ? 'client' : 'clients'}
        </p>
      </PageHeader>
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
