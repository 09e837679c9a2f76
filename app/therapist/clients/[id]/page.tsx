import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { listClientAlerts } from '@/lib/data/alerts';
import { getClientProfile } from '@/lib/data/clients';
import { listClientResponses, listOpenAssignments } from '@/lib/data/responses';
import { listClientSessions } from '@/lib/data/sessions';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { listInstruments } from '@/lib/instruments';
import { AlertsSection } from './alerts-section';
import { ContactForm } from './contact-form';
import { DischargeForm } from './discharge-form';
import { MeasuresSection } from './measures-section';
import { RecordSection } from './section';
import { SessionsSection } from './sessions-section';

export const metadata: Metadata = { title: 'Client' };

const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;
const STATUS_STYLE = { active: 'bg-green-100 text-green-950', waitlist: 'bg-slate-100 text-slate-800', discharged: 'bg-slate-200 text-slate-900' } as const;

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireAreaActor('therapist');
  // The profile first (404 for a record outside the caseload), then the rest; all before rendering.
  const client = await orHttpError(getClientProfile(actor, id));
  const [alerts, sessions, open, responses] = await orHttpError(
    Promise.all([listClientAlerts(actor, client.id), listClientSessions(actor, client.id), listOpenAssignments(actor, client.id), listClientResponses(actor, client.id)]),
  );
  const discharged = client.status === 'discharged';
  const canWrite = client.canEdit && !discharged;
  const instruments = listInstruments().map((i) => ({ key: i.key, label: i.title }));
  const facts: [string, string][] = [
    ['Status', STATUS_LABEL[client.status]],
    ['Therapist', client.therapistName ?? '—'],
    ['Client since', formatDate(client.intakeDate)],
    ['Date of birth', formatDate(client.dateOfBirth)],
    ['Attended sessions', String(client.attendedSessions)],
    ['Treatment plan', client.activePlanTitle ?? 'No active plan'],
    ['Portal account', client.hasPortalAccount ? 'Yes' : 'Not invited yet'],
  ];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/therapist" className="text-teal-800 underline-offset-2 hover:underline">
          ← Caseload
        </Link>
      </p>
      <PageHeader title={client.name}>
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className={`rounded px-2 py-0.5 font-semibold ${STATUS_STYLE[client.status]}`}>{STATUS_LABEL[client.status]}</span>
          <a href="#alerts" className="text-teal-800 underline-offset-2 hover:underline">
            Alerts
          </a>
          <a href="#sessions" className="text-teal-800 underline-offset-2 hover:underline">
            Sessions
          </a>
          <a href="#measures" className="text-teal-800 underline-offset-2 hover:underline">
            Measures
          </a>
        </p>
      </PageHeader>
      <div className="flex flex-col gap-6">
        <div className="grid gap-6 md:grid-cols-2">
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
          {client.canEdit ? (
            <section aria-labelledby="contact-heading" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
              <h2 id="contact-heading" className="mb-3 text-lg font-semibold">
                Contact details
              </h2>
              <ContactForm clientId={client.id} defaults={{ preferredName: client.preferredName ?? '', email: client.email ?? '', phone: client.phone ?? '' }} />
            </section>
          ) : null}
        </div>
        <AlertsSection alerts={alerts} canAcknowledge={client.canEdit} />
        <SessionsSection clientId={client.id} sessions={sessions} canRecord={canWrite} />
        <MeasuresSection clientId={client.id} open={open} responses={responses} instruments={instruments} canWrite={canWrite} />
        {client.canEdit ? (
          <RecordSection id="discharge" title="Discharge" description={discharged ? undefined : 'Ends treatment: open measures are cancelled and no further sessions can be recorded. The history is kept.'}>
            <DischargeForm clientId={client.id} clientName={client.name} openMeasures={open.length} discharged={discharged} />
          </RecordSection>
        ) : null}
      </div>
    </>
  );
}
