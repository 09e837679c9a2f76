import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getPortalHome } from '@/lib/data/portal';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'My portal' };

export default async function PortalHome() {
  const actor = await requireAreaActor('portal');
  const home = await orHttpError(getPortalHome(actor));
  return (
    <>
      <PageHeader title={`Hello, ${home.clientName}`} />
      <section aria-labelledby="forms-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="forms-heading" className="mb-3 text-lg font-semibold">
          Forms waiting for you
        </h2>
        {home.pendingForms.length === 0 ? (
          <p className="text-slate-700">You have no forms to fill in right now. Thank you!</p>
        ) : (
          <ul className="flex flex-col gap-3">
            {home.pendingForms.map((form) => (
              <li key={form.id} className="flex flex-col gap-1 rounded-md border border-slate-200 p-4 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium">{form.title}</p>
                  <p className="text-sm text-slate-600">
                    Due {formatDate(form.dueAt)} · open until {formatDate(form.expiresAt)}
                    {form.started ? ' · started' : ''}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="plan-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="plan-heading" className="mb-2 text-lg font-semibold">
          My treatment plan
        </h2>
        <p className="text-slate-700">{home.activePlanTitle ?? 'Your therapist has not shared a plan with you yet.'}</p>
        {home.therapistName ? <p className="mt-2 text-sm text-slate-600">Your therapist: {home.therapistName}</p> : null}
      </section>
    </>
  );
}
