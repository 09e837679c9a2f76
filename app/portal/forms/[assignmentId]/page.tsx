import type { Metadata } from 'next';
import Link from 'next/link';
import { clientDueText, clientFormTitle } from '@/components/questionnaire/client-wording';
import { CrisisPanel } from '@/components/questionnaire/crisis-panel';
import { FormOutcome } from '@/components/questionnaire/form-outcome';
import { QuestionnaireForm } from '@/components/questionnaire/questionnaire-form';
import { questionnaireData } from '@/components/questionnaire/types';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getResponseForm } from '@/lib/data/measures';
import { orHttpError } from '@/lib/http';
import { saveDraftAction } from '@/app/questionnaire-actions';
import { submitFormAction } from './actions';

export const metadata: Metadata = { title: 'Questionnaire' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PortalFormPage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: SearchParams }) {
  const [{ assignmentId: id }, query] = await Promise.all([params, searchParams]);
  const actor = await requireAreaActor('portal');
  // Another client's form, or no such form: 404 from lib/data, before anything streams.
  const form = await orHttpError(getResponseForm(actor, id));
  // `risk=1` comes from this form's own submit (the stored response's flag), so the crisis
  // resources are repeated on the confirmation that follows it.
  const riskShown = form.riskAnswered || query.risk === '1';
  const timeZone = await getClinicTimeZone(actor);
  const due = clientDueText(form, new Date(), timeZone);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link
          href="/portal"
          className="inline-flex min-h-11 items-center text-teal-800 underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-teal-600"
        >
          ← My forms
        </Link>
      </p>
      <header className="mb-5 max-w-2xl">
        <h1 className="text-2xl font-bold text-slate-900">{clientFormTitle(form.instrumentKey, form.title)}</h1>
        <p className="mt-0.5 text-sm text-slate-600">{form.title}</p>
        {form.state === 'open' ? (
          <p className="mt-2 text-sm text-slate-700">
            <span className={due.late ? 'font-medium text-amber-900' : undefined}>{due.text}</span> You can stop at any time: your answers are saved as you go.
          </p>
        ) : null}
      </header>
      {form.state === 'open' ? (
        <div className="flex max-w-2xl flex-col gap-5">
          {/* Before a PHQ-9 starts; a resumed form with a risk answer shows the crisis panel instead. */}
          {form.hasRiskItem && !form.riskAnswered ? <CrisisPanel variant="note" text={form.crisisText} /> : null}
          <QuestionnaireForm form={questionnaireData(form)} mode="portal" saveDraftAction={saveDraftAction} submitAction={submitFormAction} />
        </div>
      ) : (
        <FormOutcome
          state={form.state}
          submittedAt={form.submittedAt}
          expiresAt={form.expiresAt}
          timeZone={timeZone}
          audience="client"
          riskAnswered={riskShown}
          crisisText={form.crisisText}
          backHref="/portal"
          backLabel="Back to my forms"
        />
      )}
    </>
  );
}
