import type { Metadata } from 'next';
import { newPlanValues } from '@/components/plans/form-values';
import { PlanEditor } from '@/components/plans/plan-editor';
import { PlanNav } from '@/components/plans/plan-nav';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getClientProfile } from '@/lib/data/clients';
import { orHttpError } from '@/lib/http';
import { createPlanAction, savePlanAction, setPlanStatusAction } from '../actions';

export const metadata: Metadata = { title: 'New treatment plan' };

export default async function NewPlanPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId: id } = await params;
  const actor = await requireAreaActor('therapist');
  const [client, timeZone] = await orHttpError(Promise.all([getClientProfile(actor, id), getClinicTimeZone(actor)]));
  // Today in UTC; the therapist can change it (clinic-local dates are entered as dates).
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <PlanNav clientId={client.id} clientName={client.name} current="new" />
      <PageHeader title={`New treatment plan · ${client.name}`} />
      <div className="max-w-4xl">
        <p className="mb-4 text-sm text-slate-600">
          The plan is saved as a draft, which the client does not see. Activate it once you have agreed it together.
        </p>
        <PlanEditor
          clientId={client.id}
          clientName={client.name}
          plan={null}
          defaults={newPlanValues(today)}
          createAction={createPlanAction}
          saveAction={savePlanAction}
          statusAction={setPlanStatusAction}
          timeZone={timeZone}
        />
      </div>
    </>
  );
}
