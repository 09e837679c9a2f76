import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AllianceCharts } from '@/components/charts/alliance-charts';
import { OutcomeChart } from '@/components/charts/outcome-chart';
import { allianceSeries, outcomeSeries, seriesIsCapped } from '@/components/charts/series';
import { pageParam, type RecordSearchParams } from '@/components/record/paging';
import { Card, Empty, linkClass, STATUS_LABEL } from '@/components/supervision/card';
import { AlertsList, MeasuresTable, PlansTable, SessionsTable } from '@/components/supervision/read-only-record';
import { PlanGlance } from '@/components/plans/plan-glance';
import { PageHeader } from '@/components/ui/page-header';
import { outcomeRuleSettings } from '@/lib/alliance/outcomes';
import { requireAreaActor } from '@/lib/auth/session';
import { listClientAlerts } from '@/lib/data/alerts';
import { getClientProfile } from '@/lib/data/clients';
import { getClinicLowAllianceThreshold, getClinicOutcomeRules, getClinicTimeZone } from '@/lib/data/clinic';
import { getCurrentPlanGlance, listClientPlans, listPlanReviewDates } from '@/lib/data/plans';
import { listClientResponses, listClientScoreSeries, SCORE_SERIES_PER_INSTRUMENT } from '@/lib/data/responses';
import { listClientSessions } from '@/lib/data/sessions';
import { getSupervisedTherapist, listSupervisedTherapistClients } from '@/lib/data/supervisor';
import { formatDate, formatDay } from '@/lib/format';
import { orHttpError } from '@/lib/http';

export const metadata: Metadata = { title: 'Client (read-only)' };

// The clinic's own reliable-change thresholds are not readable by a supervisor through lib/data yet;
// until they are, the outcome charts use the settings' defaults (as the therapist's record does).

const STATUS_STYLE = { active: 'bg-green-100 text-green-950', waitlist: 'bg-slate-100 text-slate-800', discharged: 'bg-slate-200 text-slate-900' } as const;
const navLink = 'inline-flex min-h-11 items-center text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600';

export default async function SupervisedClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ therapistId: string; clientId: string }>;
  searchParams: Promise<RecordSearchParams>;
}) {
  const [{ therapistId: id, clientId }, search] = await Promise.all([params, searchParams]);
  const actor = await requireAreaActor('supervisor');
  // 404 unless this supervisor supervises the therapist AND the client is in that therapist's
  // caseload: /supervisor/therapists/A/clients/<B's client> is not a page, even for B's supervisor.
  const [therapist, caseload] = await orHttpError(Promise.all([getSupervisedTherapist(actor, id), listSupervisedTherapistClients(actor, id)]));
  if (!caseload.some((c) => c.id === clientId)) notFound();
  // Long lists a page at a time (?history=2#measures, ?sessions=2#sessions, ?alerts=all#alerts);
  // the charts read the light score series, not the history with its answers.
  const [client, history, series, alerts, sessions, plans, planGlance, reviewDates, timeZone, outcomeSettings, lowAlliance] = await orHttpError(
    Promise.all([
      getClientProfile(actor, clientId),
      listClientResponses(actor, clientId, { page: pageParam(search.history) }),
      listClientScoreSeries(actor, clientId),
      listClientAlerts(actor, clientId),
      listClientSessions(actor, clientId, { page: pageParam(search.sessions) }),
      listClientPlans(actor, clientId),
      getCurrentPlanGlance(actor, clientId),
      listPlanReviewDates(actor, clientId),
      getClinicTimeZone(actor),
      getClinicOutcomeRules(actor),
      getClinicLowAllianceThreshold(actor),
    ]),
  );
  const OUTCOME_RULES = { 'phq-9': outcomeRuleSettings('phq-9', outcomeSettings), 'gad-7': outcomeRuleSettings('gad-7', outcomeSettings) };
  const therapistHref = `/supervisor/therapists/${therapist.id}`;
  const at = { path: `${therapistHref}/clients/${client.id}`, params: search };
  const planHref = (planId: string) => `${therapistHref}/clients/${client.id}/plans/${planId}`;
  const responses = series.points;
  const open = alerts.filter((a) => a.status === 'open').length;
  const facts: [string, string][] = [
    ['Status', STATUS_LABEL[client.status]],
    ['Therapist', client.therapistName ?? '—'],
    ['Client since', formatDay(client.intakeDate)],
    ['Attended sessions', String(client.attendedSessions)],
    ['Treatment plan', client.activePlanTitle ?? 'No active plan'],
    ['Portal account', client.hasPortalAccount ? 'Yes' : 'Not invited yet'],
    ...(client.status === 'discharged'
      ? ([
          ['Discharged', formatDate(client.dischargedAt, timeZone)],
          ['Discharge reason', client.dischargeReason ?? '—'],
        ] as [string, string][])
      : []),
  ];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <ol className="flex flex-wrap gap-x-2">
          <li>
            <Link href="/supervisor" className={linkClass}>
              Therapists
            </Link>{' '}
            <span aria-hidden="true">/</span>
          </li>
          <li>
            <Link href={therapistHref} className={linkClass}>
              {therapist.name}
            </Link>{' '}
            <span aria-hidden="true">/</span>
          </li>
          <li aria-current="page" className="text-slate-700">
            {client.name}
          </li>
        </ol>
      </nav>
      <PageHeader title={client.name}>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <span className={`rounded px-2 py-0.5 font-semibold ${STATUS_STYLE[client.status]}`}>{STATUS_LABEL[client.status]}</span>
          <a href="#progress" className={navLink}>
            Charts
          </a>
          <a href="#measures" className={navLink}>
            Measures
          </a>
          <a href="#alerts" className={navLink}>
            Alerts
          </a>
          <a href="#sessions" className={navLink}>
            Sessions
          </a>
          <a href="#plans" className={navLink}>
            Plans
          </a>
          <a href={`${therapistHref}/clients/${client.id}/fhir`} download className={navLink}>
            Download FHIR record
          </a>
        </p>
      </PageHeader>
      <p className="mb-6 rounded-md border-l-4 border-slate-400 bg-slate-50 px-4 py-2 text-sm text-slate-800" data-testid="read-only-notice">
        Read-only record. Only the treating therapist, {therapist.name}, can change it; leave feedback as a{' '}
        <Link href={`${therapistHref}#notes`} className={linkClass}>
          supervision note
        </Link>
        .
      </p>

      <div className="flex flex-col gap-6">
        <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
          <h2 id="profile-heading" className="mb-3 text-lg font-semibold">
            Profile
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="font-medium text-slate-600">{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>

        <Card
          id="progress"
          title="Alliance and outcomes"
          description={
            responses.length === 0
              ? undefined
              : `Oldest on the left. Each chart has its numbers in a table below it.${seriesIsCapped(responses, series.totals) ? ` Long histories show the first result and the latest ${SCORE_SERIES_PER_INSTRUMENT} of each questionnaire; every result is under Measures.` : ''}`
          }
        >
          {responses.length === 0 ? (
            <Empty>No measures yet.</Empty>
          ) : (
            <>
              <AllianceCharts series={allianceSeries(responses, alerts, reviewDates)} lowAlliance={lowAlliance} timeZone={timeZone} />
              <div className="grid gap-6 lg:grid-cols-2">
                <OutcomeChart series={outcomeSeries(responses, 'phq-9', OUTCOME_RULES['phq-9'])} timeZone={timeZone} />
                <OutcomeChart series={outcomeSeries(responses, 'gad-7', OUTCOME_RULES['gad-7'])} timeZone={timeZone} />
              </div>
            </>
          )}
        </Card>

        <Card
          id="measures"
          title="Measures"
          description="Every completed questionnaire with its score, newest first, a page at a time; open a row’s answers to read them."
        >
          <MeasuresTable history={history} timeZone={timeZone} at={at} />
        </Card>

        <Card id="alerts" title="Alerts" description={alerts.length === 0 ? undefined : `${open} open of ${alerts.length}.`}>
          <AlertsList alerts={alerts} timeZone={timeZone} at={at} />
        </Card>

        <Card id="sessions" title="Sessions">
          <SessionsTable history={sessions} timeZone={timeZone} at={at} />
        </Card>

        <Card id="plans" title="Treatment plans" description="The current plan’s goals and the client’s agreement on each; open any plan to read it in full.">
          {plans.length > 0 ? <PlanGlance glance={planGlance} planHref={planHref} canEdit={false} timeZone={timeZone} /> : null}
          <PlansTable plans={plans} timeZone={timeZone} planHref={planHref} />
        </Card>
      </div>
    </>
  );
}
