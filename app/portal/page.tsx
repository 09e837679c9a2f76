import type { Metadata } from 'next';
import Link from 'next/link';
import { clientDueText, clientFormTitle } from '@/components/questionnaire/client-wording';
import { TrendChart } from '@/components/questionnaire/trend-chart';
import { PageHeader } from '@/components/ui/page-header';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getPortalHome } from '@/lib/data/portal';
import { getMyProgress } from '@/lib/data/responses';
import { orHttpError } from '@/lib/http';
import { bandFor, formatScore, getInstrument, headlineRange } from '@/lib/instruments';

export const metadata: Metadata = { title: 'My portal' };

const PHQ9 = getInstrument('phq-9');
const GAD7 = getInstrument('gad-7');
const WAI = getInstrument('wai-sr-client');

/** Band boundaries as guide lines (the lower edge of every band but the first). */
function bandGuides(instrument: typeof PHQ9): number[] {
  return instrument.bands.slice(1).map((b) => b.min);
}

export default async function PortalHome() {
  const actor = await requireAreaActor('portal');
  const [home, progress, timeZone] = await orHttpError(Promise.all([getPortalHome(actor), getMyProgress(actor), getClinicTimeZone(actor)]));
  const now = new Date();
  return (
    <>
      <PageHeader title={`Hello, ${home.clientName}`} />
      <div className="flex max-w-3xl flex-col gap-6">
        <section aria-labelledby="forms-heading" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="forms-heading" className="mb-3 text-lg font-semibold">
            Forms waiting for you
          </h2>
          {home.pendingForms.length === 0 ? (
            <p className="text-slate-700">You have no forms to fill in right now. Thank you!</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {home.pendingForms.map((form) => {
                const title = clientFormTitle(form.instrumentKey, form.title);
                const due = clientDueText(form, now, timeZone);
                return (
                  <li key={form.id} className="flex flex-col gap-3 rounded-md border border-slate-200 p-4 sm:flex-row sm:items-center sm:justify-between">
                    <div>
                      <p className="font-medium">{title}</p>
                      <p className="text-xs text-slate-600">{form.title}</p>
                      <p className={`mt-1 text-sm ${due.late ? 'font-medium text-amber-900' : 'text-slate-700'}`}>
                        {due.text}
                        {form.started ? ' You have started it.' : ''}
                      </p>
                    </div>
                    <Link
                      href={`/portal/forms/${form.id}`}
                      className="inline-flex min-h-11 shrink-0 items-center justify-center rounded-md bg-teal-700 px-5 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
                    >
                      {form.started ? 'Continue' : 'Start'}
                      <span className="sr-only">: {title}</span>
                    </Link>
                  </li>
                );
              })}
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

        <section aria-labelledby="progress-heading" className="flex flex-col gap-6 rounded-lg border border-slate-200 bg-white p-5">
          <div>
            <h2 id="progress-heading" className="text-lg font-semibold">
              My progress
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Your scores from the questionnaires you have filled in, oldest first. Talk them through with your therapist.
            </p>
          </div>
          <TrendChart
            timeZone={timeZone}
            id="phq9"
            title="Mood (PHQ-9)"
            hint="Scores go from 0 to 27. A lower score means fewer signs of depression."
            points={progress.phq9}
            range={headlineRange(PHQ9)}
            guides={bandGuides(PHQ9)}
            format={(v) => formatScore(v, PHQ9.scoreKind)}
            describe={(v) => bandFor(PHQ9, Math.round(v))?.label ?? null}
            emptyText="No mood results yet. They will appear here after you fill in a PHQ-9."
          />
          <TrendChart
            timeZone={timeZone}
            id="gad7"
            title="Anxiety (GAD-7)"
            hint="Scores go from 0 to 21. A lower score means fewer signs of anxiety."
            points={progress.gad7}
            range={headlineRange(GAD7)}
            guides={bandGuides(GAD7)}
            format={(v) => formatScore(v, GAD7.scoreKind)}
            describe={(v) => bandFor(GAD7, Math.round(v))?.label ?? null}
            emptyText="No anxiety results yet. They will appear here after you fill in a GAD-7."
          />
          {progress.alliance ? (
            <TrendChart
              timeZone={timeZone}
              id="alliance"
              title="Working together (WAI-SR)"
              hint="Your average rating of how you and your therapist work together, from 1 to 5. Higher means a stronger working relationship."
              points={progress.alliance}
              range={headlineRange(WAI)}
              guides={[2, 3, 4]}
              format={(v) => formatScore(v, WAI.scoreKind, 1)}
              emptyText="No ratings yet. They will appear here after you fill in a WAI-SR."
            />
          ) : null}
        </section>
      </div>
    </>
  );
}
