import { PlanGlance } from '@/components/plans/plan-glance';
import type { CurrentPlanGlance } from '@/lib/data/plans';
import { RecordSection } from './section';

/**
 * The treatment plan as a section of the record (the centre of the alliance: goals agreed with
 * the client), not a line of the profile: the current plan's goals and the client's answer on each.
 */
export function PlanSection({ clientId, glance, canEdit, timeZone }: { clientId: string; glance: CurrentPlanGlance; canEdit: boolean; timeZone: string }) {
  const plansHref = `/therapist/clients/${clientId}/plans`;
  return (
    <RecordSection id="plan" title="Treatment plan">
      <PlanGlance glance={glance} plansHref={plansHref} planHref={(planId) => `${plansHref}/${planId}`} canEdit={canEdit} timeZone={timeZone} />
    </RecordSection>
  );
}
