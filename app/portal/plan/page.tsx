import type { Metadata } from 'next';
import Link from 'next/link';
import { GoalAgreementForm } from '@/components/plans/goal-agreement-form';
import { goalStatusLabel } from '@/components/plans/labels';
import type { AgreementView } from '@/components/plans/types';
import { requireAreaActor } from '@/lib/auth/session';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { getMyActivePlan } from '@/lib/data/plans';
import { formatDate, formatDay } from '@/lib/format';
import { orHttpError } from '@/lib/http';
import { recordGoalAgreementAction } from './actions';

export const metadata: Metadata = { title: 'My plan' };

const card = 'rounded-lg border border-slate-200 bg-white p-4 sm:p-5';

function CurrentAnswer({ answer, timeZone }: { answer: AgreementView | null | undefined; timeZone: string }) {
  if (!answer) return <p className="text-sm text-slate-700">You have not answered yet.</p>;
  return (
    <div
      className={`rounded-md border px-3 py-2 text-sm ${answer.agrees ? 'border-green-300 bg-green-50 text-green-950' : 'border-amber-300 bg-amber-50 text-amber-950'}`}
    >
      <p>
        <span className="font-semibold">Your answer: {answer.agrees ? 'I agree' : 'I’d change this'}</span> <span>({formatDate(answer.at, timeZone)})</span>
      </p>
      {answer.comment ? <p className="mt-1 whitespace-pre-wrap">“{answer.comment}”</p> : null}
    </div>
  );
}

export default async function MyPlanPage() {
  const actor = await requireAreaActor('portal');
  // Only an active plan ever reaches the client (lib/data): never a draft.
  const [plan, timeZone] = await orHttpError(Promise.all([getMyActivePlan(actor), getClinicTimeZone(actor)]));

  if (!plan) {
    return (
      <div className="flex max-w-2xl flex-col gap-4">
        <h1 className="text-2xl font-bold text-slate-900">My treatment plan</h1>
        <div className={card}>
          <p className="text-slate-800">You don’t have a treatment plan to look at yet.</p>
          <p className="mt-2 text-sm text-slate-700">
            Your therapist will write it with you. Once it is ready, it will appear here and you can tell them whether each goal feels right.
          </p>
          <p className="mt-4">
            <Link
              href="/portal"
              className="inline-flex min-h-11 items-center text-teal-800 underline underline-offset-2 focus-visible:outline-3 focus-visible:outline-teal-600"
            >
              Back to my portal
            </Link>
          </p>
        </div>
      </div>
    );
  }

  const therapist = plan.therapistName ?? 'your therapist';
  const goalNumbers = new Map(plan.problems.flatMap((p) => p.goals).map((g, i) => [g.id, i + 1]));
  return (
    <div className="flex max-w-2xl flex-col gap-5">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">My treatment plan</h1>
        <p className="mt-1 text-lg text-slate-800">{plan.title}</p>
      </div>

      <section aria-labelledby="about-heading" className={card}>
        <h2 id="about-heading" className="sr-only">
          About this plan
        </h2>
        <p className="text-slate-800">
          This is the plan you and {therapist} are working on together. Please read each goal and say whether it fits what you want from therapy. If something
          doesn’t feel right, say so: your therapist wants to know.
        </p>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">Started</dt>
          <dd>{formatDay(plan.startDate)}</dd>
          <dt className="text-slate-600">Next review together</dt>
          <dd>{formatDay(plan.nextReviewDate)}</dd>
          <dt className="text-slate-600">Last updated</dt>
          <dd>
            {formatDate(plan.updatedAt, timeZone)} (version {plan.version})
          </dd>
        </dl>
      </section>

      <section aria-labelledby="why-heading" className={card}>
        <h2 id="why-heading" className="text-lg font-semibold">
          What we are working on
        </h2>
        <p className="mt-2 whitespace-pre-wrap text-slate-800">{plan.presentingProblem}</p>
      </section>

      {plan.problems.map((problem, p) => (
        <section key={p} aria-labelledby={`problem-${p}`} className="flex flex-col gap-4">
          <h2 id={`problem-${p}`} className="text-lg font-semibold text-slate-900">
            <span className="block text-sm font-medium text-slate-600">Area {p + 1}</span>
            {problem.description}
          </h2>
          {problem.goals.map((goal) => {
            const n = goalNumbers.get(goal.id) ?? 0;
            const answer = plan.agreement[goal.id];
            return (
              <section key={goal.id} aria-labelledby={`goal-${goal.id}`} className={`${card} flex flex-col gap-4`}>
                <div>
                  <h3 id={`goal-${goal.id}`} className="text-sm font-semibold text-teal-800">
                    Goal {n}
                  </h3>
                  <p className="mt-1 text-lg font-medium text-slate-900">“{goal.clientWords}”</p>
                  <p className="mt-1 text-sm text-slate-700">
                    {goal.targetDate ? <>Aiming for {formatDay(goal.targetDate)} · </> : null}
                    {goalStatusLabel(goal.status)}
                  </p>
                </div>

                {goal.objectives.length ? (
                  <div>
                    <h4 className="text-sm font-semibold text-slate-800">Steps towards it</h4>
                    <ul className="mt-2 flex flex-col gap-3">
                      {goal.objectives.map((o, i) => (
                        <li key={i} className="text-sm">
                          <p className="text-slate-900">{o.description}</p>
                          {o.target ? <p className="text-slate-600">Aim: {o.target}</p> : null}
                          <div className="mt-1 flex items-center gap-2">
                            <span aria-hidden="true" className="h-2 flex-1 overflow-hidden rounded bg-slate-200">
                              <span className="block h-full bg-teal-600" style={{ width: `${Math.max(0, Math.min(100, o.progress))}%` }} />
                            </span>
                            <span className="shrink-0 text-slate-700">{o.progress}% of the way</span>
                          </div>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}

                {goal.interventions.length ? (
                  <div>
                    <h4 className="text-sm font-semibold text-slate-800">What we will do</h4>
                    <ul className="mt-2 flex flex-col gap-2 text-sm">
                      {goal.interventions.map((v, i) => (
                        <li key={i}>
                          <p className="text-slate-900">{v.modality}</p>
                          {v.frequency || v.provider ? (
                            <p className="text-slate-600">
                              {[v.frequency ? `How often: ${v.frequency}` : null, v.provider ? `Who: ${v.provider}` : null].filter(Boolean).join(' · ')}
                            </p>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}

                <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
                  <h4 className="font-semibold text-slate-900">Does this goal feel right to you?</h4>
                  <CurrentAnswer answer={answer} timeZone={timeZone} />
                  <GoalAgreementForm goalId={goal.id} goalNumber={n} currentComment={answer?.comment ?? null} action={recordGoalAgreementAction} />
                </div>
              </section>
            );
          })}
        </section>
      ))}
    </div>
  );
}
