import type { Metadata } from 'next';
import Link from 'next/link';
import { pageParam, type RecordSearchParams } from '@/components/record/paging';
import { PageHeader } from '@/components/ui/page-header';
import { outcomeRuleSettings } from '@/lib/alliance/outcomes';
import { requireAreaActor } from '@/lib/auth/session';
import { listClientAlerts } from '@/lib/data/alerts';
import { getClientProfile } from '@/lib/data/clients';
import { getClinicLowAllianceThreshold, getClinicOutcomeRules, getClinicTimeZone } from '@/lib/data/clinic';
import { getClientPortalAccess } from '@/lib/data/invitations';
import { getCurrentPlanGlance, listClientPlans, listPlanReviewDates } from '@/lib/data/plans';
import { listClientReminders } from '@/lib/data/reminders';
import { listClientResponses, listClientScoreSeries, listOpenAssignments } from '@/lib/data/responses';
import { listClientSessions } from '@/lib/data/sessions';
import { formatDate, formatDateTime } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { listInstruments } from '@/lib/instruments';
import { localDate } from '@/lib/time';
import { AlertsSection } from './alerts-section';
import { ChartsSection } from './charts-section';
import { ContactForm } from './contact-form';
import { DischargeForm } from './discharge-form';
import { InvitePanel } from './invite-panel';
import { MeasuresSection } from './measures-section';
import { PlanSection } from './plan-section';
import { ProfileCard } from './profile-card';
import { RemindersSection } from './reminders-section';
import { RecordSection } from './section';
import { SessionsSection } from './sessions-section';

export const metadata: Metadata = { title: 'Client' };

const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;
const STATUS_STYLE = { active: 'bg-green-100 text-green-950', waitlist: 'bg-slate-100 text-slate-800', discharged: 'bg-slate-200 text-slate-900' } as const;

const navLink = 'inline-flex min-h-11 items-center text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600';

/*
 * Long lists are paged by search parameters that work without JavaScript: `?history=2#measures`
 * (response history, with answers), `?sessions=2#sessions`, `?alerts=all#alerts`. The charts read
 * a light score series (no answers) instead of the history.
 */
export default async function ClientPage({ params, searchParams }: { params: Promise<{ clientId: string }>; searchParams: Promise<RecordSearchParams> }) {
  const [{ clientId: id }, search] = await Promise.all([params, searchParams]);
  const actor = await requireAreaActor('therapist');
  // The profile first (404 for a record outside the caseload), then the rest; all before rendering.
  const client = await orHttpError(getClientProfile(actor, id));
  const [alerts, sessions, open, history, series, plans, planGlance, reviewDates, timeZone, outcomeSettings, lowAlliance, portalAccess, reminders] =
    await orHttpError(
      Promise.all([
        listClientAlerts(actor, client.id),
        listClientSessions(actor, client.id, { page: pageParam(search.sessions) }),
        listOpenAssignments(actor, client.id),
        listClientResponses(actor, client.id, { page: pageParam(search.history) }),
        listClientScoreSeries(actor, client.id),
        listClientPlans(actor, client.id),
        getCurrentPlanGlance(actor, client.id),
        listPlanReviewDates(actor, client.id),
        getClinicTimeZone(actor),
        getClinicOutcomeRules(actor),
        getClinicLowAllianceThreshold(actor),
        getClientPortalAccess(actor, client.id),
        listClientReminders(actor, client.id),
      ]),
    );
  // The clinic's own reliable-change thresholds mark the symptom charts.
  const outcomeRules = { 'phq-9': outcomeRuleSettings('phq-9', outcomeSettings), 'gad-7': outcomeRuleSettings('gad-7', outcomeSettings) };
  const discharged = client.status === 'discharged';
  const canWrite = client.canEdit && !discharged;
  const canInvite = client.canEdit && !discharged && !client.hasPortalAccount;
  const instruments = listInstruments().map((i) => ({ key: i.key, label: i.title }));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/therapist" className="text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600">
          ← Caseload
        </Link>
      </p>
      <PageHeader title={client.name}>
        <div className="flex flex-wrap items-center gap-x-3 text-sm">
          <span className={`rounded px-2 py-0.5 font-semibold ${STATUS_STYLE[client.status]}`}>{STATUS_LABEL[client.status]}</span>
          <nav aria-label="On this page">
            <ul className="flex flex-wrap gap-x-3">
              {[
                ['#plan', 'Plan'],
                ['#progress', 'Charts'],
                ['#alerts', 'Alerts'],
                ['#sessions', 'Sessions'],
                ['#measures', 'Measures'],
              ].map(([href, label]) => (
                <li key={href}>
                  <a href={href} className={navLink}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <a href={`/therapist/clients/${client.id}/fhir`} download className={navLink}>
            Download FHIR record
          </a>
        </div>
      </PageHeader>
      {discharged ? (
        <p className="mb-6 rounded-md border border-slate-300 bg-slate-100 px-4 py-3 text-sm text-slate-900">
          Discharged on {formatDate(client.dischargedAt, timeZone)}
          {client.dischargeReason ? <>: {client.dischargeReason}</> : '.'} The record is kept read-only.
        </p>
      ) : null}
      {/* relative + overflow-x-clip: visually hidden text inside sideways-scrolling tables must not widen the page on a phone. */}
      <div className="relative flex flex-col gap-6 overflow-x-clip">
        {/* items-start: a card is as tall as its content (a stretched profile left a tall empty box at 1366 px); the plan fills the column below it. */}
        <div className="grid items-start gap-6 md:grid-cols-2">
          <div className="flex min-w-0 flex-col gap-6">
            <ProfileCard client={client} plans={plans} portalAccess={portalAccess} today={localDate(new Date(), timeZone)} timeZone={timeZone} />
            <PlanSection clientId={client.id} glance={planGlance} canEdit={canWrite} timeZone={timeZone} />
          </div>
          {client.canEdit ? (
            <div className="flex min-w-0 flex-col gap-6">
              <section aria-labelledby="contact-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
                <h2 id="contact-heading" className="mb-3 scroll-mt-4 text-lg font-semibold">
                  Contact details
                </h2>
                <ContactForm
                  clientId={client.id}
                  defaults={{
                    firstName: client.firstName,
                    lastName: client.lastName,
                    dateOfBirth: client.dateOfBirth ?? '',
                    preferredName: client.preferredName ?? '',
                    email: client.email ?? '',
                    phone: client.phone ?? '',
                  }}
                />
              </section>
              {canInvite ? (
                <section aria-labelledby="invite-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
                  <h2 id="invite-heading" className="mb-3 text-lg font-semibold">
                    Invite to the portal
                  </h2>
                  <InvitePanel
                    clientId={client.id}
                    clientName={client.name}
                    email={client.email}
                    outstanding={
                      portalAccess.status === 'invited'
                        ? {
                            email: portalAccess.email,
                            createdLabel: formatDateTime(portalAccess.createdAt, timeZone),
                            expiresLabel: formatDateTime(portalAccess.expiresAt, timeZone),
                            expiresAt: portalAccess.expiresAt.toISOString(),
                          }
                        : null
                    }
                  />
                </section>
              ) : null}
            </div>
          ) : null}
        </div>
        <ChartsSection series={series} alerts={alerts} reviewDates={reviewDates} outcomeRules={outcomeRules} lowAlliance={lowAlliance} timeZone={timeZone} />
        <AlertsSection clientId={client.id} alerts={alerts} params={search} canAcknowledge={client.canEdit} timeZone={timeZone} />
        <SessionsSection clientId={client.id} sessions={sessions} params={search} timeZone={timeZone} canRecord={canWrite} />
        <MeasuresSection clientId={client.id} open={open} history={history} params={search} instruments={instruments} canWrite={canWrite} timeZone={timeZone} />
        <RemindersSection reminders={reminders} hasPortalAccount={client.hasPortalAccount} timeZone={timeZone} />
        {client.canEdit ? (
          <RecordSection
            id="discharge"
            title="Discharge"
            description={discharged ? undefined : 'Ends treatment: open measures are cancelled and no further sessions can be recorded. The history is kept.'}
          >
            <DischargeForm clientId={client.id} clientName={client.name} openMeasures={open.length} discharged={discharged} />
          </RecordSection>
        ) : null}
      </div>
    </>
  );
}
