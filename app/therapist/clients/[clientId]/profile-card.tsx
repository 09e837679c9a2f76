import type { ReactNode } from 'react';
import type { ClientProfile } from '@/lib/data/clients';
import type { ClientPortalAccess } from '@/lib/data/invitations';
import type { PlanSummary } from '@/lib/data/plans';
import { formatDate } from '@/lib/format';

/*
 * The client record's header facts: status, therapist, since when, the plan's name and next review
 * (its goals and the client's agreement have their own section, plan-section.tsx),
 * the portal account, and — once discharged — when and why.
 */

const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;
const PLAN_STATUS: Record<PlanSummary['status'], string> = { draft: 'draft', active: 'active', completed: 'completed', archived: 'archived' };

export function planStatusText(plans: PlanSummary[], today: string, timeZone: string): string {
  const active = plans.find((p) => p.status === 'active');
  if (active) {
    if (!active.nextReviewDate) return `${active.title} (active)`;
    const due = active.nextReviewDate <= today;
    return `${active.title} (active; ${due ? 'review due since' : 'next review'} ${formatDate(active.nextReviewDate, 'UTC')})`;
  }
  const draft = plans.find((p) => p.status === 'draft');
  if (draft) return `No active plan (draft: ${draft.title})`;
  const latest = plans[0];
  if (latest) return `No active plan (last: ${latest.title}, ${PLAN_STATUS[latest.status]}, ${formatDate(latest.updatedAt, timeZone)})`;
  return 'No active plan';
}

/** The portal account as it stands: an open invitation is not an account, an expired one is said so. */
function portalAccessText(access: ClientPortalAccess, timeZone: string): string {
  switch (access.status) {
    case 'account':
      return 'Yes, signs in to the portal';
    case 'invited':
      return `Invited, not accepted yet (link expires ${formatDate(access.expiresAt, timeZone)})`;
    case 'expired':
      return `Invitation expired unused on ${formatDate(access.expiresAt, timeZone)}`;
    case 'not_invited':
      return 'Not invited yet';
  }
}

export function ProfileCard({
  client,
  plans,
  portalAccess,
  today,
  timeZone,
}: {
  client: ClientProfile;
  plans: PlanSummary[];
  portalAccess: ClientPortalAccess;
  today: string;
  timeZone: string;
}) {
  const facts: [string, ReactNode][] = [
    ['Status', STATUS_LABEL[client.status]],
    ['Therapist', client.therapistName ?? '—'],
    ['Client since', formatDate(client.intakeDate, 'UTC')],
    ['Treatment plan', planStatusText(plans, today, timeZone)],
    ['Date of birth', formatDate(client.dateOfBirth, 'UTC')],
    ['Attended sessions', String(client.attendedSessions)],
    ['Portal account', client.hasPortalAccount ? portalAccessText({ status: 'account' }, timeZone) : portalAccessText(portalAccess, timeZone)],
  ];
  if (client.status === 'discharged') {
    facts.push(['Discharged', formatDate(client.dischargedAt, timeZone)]);
    facts.push(['Discharge reason', client.dischargeReason ?? '—']);
  }
  return (
    <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id="profile-heading" className="mb-3 text-lg font-semibold">
        Profile
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="min-w-0 break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
