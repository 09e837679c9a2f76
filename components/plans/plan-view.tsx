import type { ReactNode } from 'react';
import { formatDateTime, formatDay } from '@/lib/format';
import type { PlanSnapshot } from '@/lib/plans/diff';
import { AgreementNote } from './agreement-note';
import { goalStatusLabel, PlanStatusBadge } from './labels';
import type { AgreementView } from './types';

/*
 * A plan as a document: the read-only view (supervisors, closed plans) and the printed plan, with
 * its version, dates and the client's agreement per goal. Server-rendered; no client JS.
 */

export type PlanViewData = PlanSnapshot & {
  clientName: string;
  therapistName: string | null;
  updatedAt: Date;
  agreement: Record<string, AgreementView | null>;
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function ProgressBar({ value }: { value: number }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-hidden="true" className="inline-block h-2 w-20 overflow-hidden rounded bg-slate-200 print:border print:border-slate-500">
        <span className="block h-full bg-teal-600 print:bg-slate-700" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </span>
      <span className="tabular-nums">{value}%</span>
    </span>
  );
}

export function PlanView({ plan, heading = 'h2', timeZone }: { plan: PlanViewData; heading?: 'h1' | 'h2'; timeZone: string }) {
  const Title = heading;
  const goalNumbers = new Map(plan.problems.flatMap((p) => p.goals).map((g, i) => [g.id, i + 1]));
  return (
    <article aria-label={`Treatment plan: ${plan.title}`} className="flex flex-col gap-5 text-slate-900 print:gap-4 print:text-[11pt]">
      <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-5 print:border-0 print:p-0">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <Title className="text-xl font-bold print:text-2xl">{plan.title}</Title>
          <p className="flex items-center gap-2 text-sm">
            <PlanStatusBadge status={plan.status} /> <span>Version {plan.version}</span>
          </p>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          <Fact label="Client">{plan.clientName}</Fact>
          <Fact label="Therapist">{plan.therapistName ?? '—'}</Fact>
          <Fact label="Start date">{formatDay(plan.startDate)}</Fact>
          <Fact label="Next review">{formatDay(plan.nextReviewDate)}</Fact>
          <Fact label="Diagnosis">{[plan.diagnosis, plan.icd10Code ? `(${plan.icd10Code})` : null].filter(Boolean).join(' ') || '—'}</Fact>
          <Fact label="Last saved">{formatDateTime(plan.updatedAt, timeZone)}</Fact>
        </dl>
        <div>
          <h3 className="text-sm font-semibold text-slate-600">Presenting problem</h3>
          <p className="whitespace-pre-wrap">{plan.presentingProblem}</p>
        </div>
      </div>
      {plan.problems.map((problem, p) => (
        <section
          key={p}
          aria-label={`Problem ${p + 1}`}
          className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-5 print:break-inside-avoid-page print:border-slate-400 print:p-3"
        >
          <h3 className="font-semibold">
            Problem {p + 1}: <span className="font-normal">{problem.description}</span>
          </h3>
          <ol className="flex flex-col gap-3">
            {problem.goals.map((goal) => {
              const goalNumber = goalNumbers.get(goal.id);
              return (
                <li key={goal.id} className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 print:break-inside-avoid print:border-slate-300">
                  <div className="grid gap-2 md:grid-cols-[minmax(0,1fr)_16rem] print:grid-cols-[minmax(0,1fr)_14rem]">
                    <div>
                      <p className="text-sm font-semibold text-slate-600">Goal {goalNumber}</p>
                      <p className="text-base">“{goal.clientWords}”</p>
                      <p className="mt-1 text-sm text-slate-700">
                        {goalStatusLabel(goal.status)} · target {formatDay(goal.targetDate)}
                      </p>
                    </div>
                    <AgreementNote agreement={plan.agreement[goal.id]} planStatus={plan.status} timeZone={timeZone} />
                  </div>
                  {goal.objectives.length ? (
                    <div>
                      <h4 className="text-sm font-semibold text-slate-600">Objectives</h4>
                      <ul className="mt-1 flex flex-col gap-1 text-sm">
                        {goal.objectives.map((o, i) => (
                          <li key={i} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-100 pb-1 last:border-0">
                            <span className="min-w-0">
                              {o.description}
                              {o.target ? <span className="text-slate-600"> — target: {o.target}</span> : null}
                            </span>
                            <span className="flex items-center gap-3 text-slate-700">
                              {goalStatusLabel(o.status)} <ProgressBar value={o.progress} />
                            </span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {goal.interventions.length ? (
                    <div>
                      <h4 className="text-sm font-semibold text-slate-600">Interventions</h4>
                      <ul className="mt-1 list-disc pl-5 text-sm">
                        {goal.interventions.map((v, i) => (
                          <li key={i}>
                            {v.modality}
                            {v.frequency ? ` · ${v.frequency}` : ''}
                            {v.provider ? ` · ${v.provider}` : ''}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </article>
  );
}
