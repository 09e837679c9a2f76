import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getAssignmentsOverview } from '@/lib/data/admin';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { ClientRow, type ClientView } from './client-row';
import { SupervisionSection, type PairView, type PersonOption } from './supervision-section';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Assignments' };

const th = 'px-3 py-3 font-semibold sm:px-4';

/** Who supervises whom, and which client is with which therapist: names and assignments only. */
export default async function AssignmentsPage() {
  const actor = await requireAreaActor('admin');
  const [overview, timeZone] = await Promise.all([orHttpError(getAssignmentsOverview(actor)), getClinicTimeZone(actor)]);
  const active = overview.staff.filter((s) => !s.disabled);
  const option = (s: { id: string; name: string }): PersonOption => ({ id: s.id, name: s.name });
  const supervisors = active.filter((s) => s.role === 'supervisor').map(option);
  const therapists = active.filter((s) => s.role === 'therapist').map(option);
  const pairs: PairView[] = overview.supervision.map((p) => ({ ...p, since: formatDate(p.since, timeZone) }));
  const clients: ClientView[] = overview.clients;

  return (
    <>
      <PageHeader title="Assignments" />
      <div className="flex flex-col gap-10">
        <section aria-labelledby="supervision-heading" className="flex flex-col gap-3">
          <div>
            <h2 id="supervision-heading" className="text-lg font-semibold text-slate-900">
              Supervision
            </h2>
            <p className="text-sm text-slate-600">
              A supervisor sees the clients, alerts and alliance figures of the therapists they supervise, and nobody else’s.
            </p>
          </div>
          <SupervisionSection pairs={pairs} supervisors={supervisors} therapists={therapists} />
        </section>

        <section aria-labelledby="clients-heading" className="flex flex-col gap-3">
          <div>
            <h2 id="clients-heading" className="text-lg font-semibold text-slate-900">
              Clients and their therapists
            </h2>
            <p className="text-sm text-slate-600">
              {clients.length} {clients.length === 1 ? 'client' : 'clients'}. Reassigning keeps the caseload history; past measures stay with the therapist at
              the time.
            </p>
          </div>
          {clients.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">No clients yet.</p>
          ) : (
            <ScrollRegion className="rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Clients and their therapists</caption>
                <thead className="bg-slate-50 text-left text-slate-700">
                  <tr>
                    <th scope="col" className={th}>
                      Client
                    </th>
                    <th scope="col" className={`${th} hidden sm:table-cell`}>
                      Status
                    </th>
                    <th scope="col" className={th}>
                      Therapist
                    </th>
                    <th scope="col" className={th}>
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {clients.map((client) => (
                    <ClientRow key={client.id} client={client} therapists={therapists} />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      </div>
    </>
  );
}
