import type { Metadata } from 'next';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { listAlertInbox } from '@/lib/data/alerts';
import { listSupervisedTherapists } from '@/lib/data/supervision';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Therapists' };

export default async function SupervisorHome() {
  const actor = await requireAreaActor('supervisor');
  const [therapists, escalated] = await orHttpError(Promise.all([listSupervisedTherapists(actor), listAlertInbox(actor)]));
  return (
    <>
      <PageHeader title="Therapists I supervise" />
      <section aria-labelledby="escalated-heading" className="mb-8">
        <h2 id="escalated-heading" className="mb-1 text-lg font-semibold">
          Escalated alerts{escalated.length > 0 ? ` (${escalated.length})` : ''}
        </h2>
        <p className="mb-3 text-sm text-slate-600">Urgent alerts that the treating therapist has not acknowledged in time. Read-only: the therapist acknowledges them.</p>
        <AlertInbox alerts={escalated} label="Escalated alerts" emptyText="No escalated alerts." />
      </section>
      <h2 className="mb-3 text-lg font-semibold">Therapists</h2>
      {therapists.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-slate-700">You do not supervise any therapists yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Supervised therapists and their caseloads</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">Therapist</th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">Active clients</th>
                <th scope="col" className="px-4 py-3 text-right font-semibold">All clients</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {therapists.map((t) => (
                <tr key={t.id}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">{t.name}</th>
                  <td className="px-4 py-3 text-right tabular-nums">{t.activeClients}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{t.totalClients}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
