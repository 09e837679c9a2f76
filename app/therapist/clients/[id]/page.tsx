import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClientProfile } from '@/lib/data/clients';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { ContactForm } from './contact-form';

export const metadata: Metadata = { title: 'Client' };

const STATUS_LABEL = { active: 'Active', waitlist: 'Waitlist', discharged: 'Discharged' } as const;

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireAreaActor('therapist');
  const client = await orHttpError(getClientProfile(actor, id));
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
      <PageHeader title={client.name} />
      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 bg-white p-5">
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
          <section aria-labelledby="contact-heading" className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 id="contact-heading" className="mb-3 text-lg font-semibold">
              Contact details
            </h2>
            <ContactForm clientId={client.id} defaults={{ preferredName: client.preferredName ?? '', email: client.email ?? '', phone: client.phone ?? '' }} />
          </section>
        ) : null}
      </div>
    </>
  );
}
