import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FormOutcome } from '@/components/questionnaire/form-outcome';
import { QuestionnaireForm } from '@/components/questionnaire/questionnaire-form';
import { questionnaireData } from '@/components/questionnaire/types';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getResponseForm } from '@/lib/data/measures';
import { formatDate } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { saveDraftAction } from '@/app/questionnaire-actions';
import { submitTherapistFormAction } from './actions';

export const metadata: Metadata = { title: 'Questionnaire' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TherapistFormPage({
  params,
  searchParams,
}: {
  params: Promise<{ clientId: string; assignmentId: string }>;
  searchParams: SearchParams;
}) {
  const [{ clientId: id, assignmentId }, query] = await Promise.all([params, searchParams]);
  const actor = await requireAreaActor('therapist');
  // Another therapist's client (or no such form): 404 from lib/data, before anything streams.
  const [form, timeZone] = await orHttpError(Promise.all([getResponseForm(actor, assignmentId), getClinicTimeZone(actor)]));
  if (form.clientId !== id) notFound();
  const clientHref = `/therapist/clients/${form.clientId}`;
  const ownRating = form.respondent === 'therapist';

  return (
    <>
      <p className="mb-2 text-sm">
        <Link
          href={clientHref}
          className="inline-flex min-h-11 items-center text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600"
        >
          ← {form.clientName}
        </Link>
      </p>
      <header className="mb-5 max-w-2xl">
        <h1 className="text-2xl font-bold text-slate-900">
          {ownRating ? `Your rating: ${form.shortTitle}` : `${form.clientName}’s answers: ${form.shortTitle}`}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {form.title} · {ownRating ? `your view of your work with ${form.clientName}` : 'answers the client gave in session or on paper'}
          {form.state === 'open' ? ` · due ${formatDate(form.dueAt, timeZone)}` : ''}
        </p>
      </header>
      {form.state === 'open' ? (
        <QuestionnaireForm form={questionnaireData(form)} mode="therapist" saveDraftAction={saveDraftAction} submitAction={submitTherapistFormAction} />
      ) : (
        <FormOutcome
          state={form.state}
          submittedAt={form.submittedAt}
          expiresAt={form.expiresAt}
          timeZone={timeZone}
          audience="therapist"
          riskAnswered={form.riskAnswered || query.risk === '1'}
          crisisText={form.crisisText}
          backHref={clientHref}
          backLabel={`Back to ${form.clientName}`}
        />
      )}
    </>
  );
}
