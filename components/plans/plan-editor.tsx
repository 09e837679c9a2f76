'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FormProvider, get, useFieldArray, useForm, useFormContext, useWatch, type FieldError, type FieldErrors } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import { GOAL_STATUS_LABEL, GOAL_STATUSES, planContentSchema, type PlanContent } from '@/lib/validation/plans';
import { AgreementNote } from './agreement-note';
import { SelectField, TextAreaField } from './fields';
import { emptyGoal, emptyIntervention, emptyObjective, emptyProblem, type PlanFormValues } from './form-values';
import { focusSoon, ItemControls } from './item-controls';
import { PLAN_STATUS_LABEL, PlanStatusBadge, type PlanStatus } from './labels';
import type { PlanSaveResult, PlanStatusResult } from '@/app/therapist/clients/[clientId]/plans/actions';
import type { AgreementView, CreatePlanInput, PlanConflict, PlanFailure, SavePlanInput, SetPlanStatusInput, StatusChange } from './types';
import { GUARD_IGNORE, UnsavedChangesGuard } from './unsaved-changes-guard';

/*
 * The treatment-plan editor: problems → goals → objectives and interventions, each a field array
 * (add, remove, move up/down), validated in the browser by the same zod schema the server parses.
 * A save names the version it edits; when the server answers that a newer version exists, the
 * conflict is shown prominently and nothing in the form is reset.
 */

const GOAL_STATUS_OPTIONS = GOAL_STATUSES.map((s) => ({ value: s, label: GOAL_STATUS_LABEL[s] }));
const MAX = { problems: 20, goals: 10, objectives: 10, interventions: 10 } as const;

type EditorContextValue = {
  planStatus: PlanStatus | null;
  agreement: Record<string, AgreementView | null>;
  /** Each saved goal's wording, to tell when an edit will ask the client to agree again. */
  savedWords: Record<string, string>;
  announce: (message: string) => void;
  timeZone: string;
};
const EditorContext = createContext<EditorContextValue | null>(null);

function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor outside PlanEditor');
  return value;
}

function messageAt(errors: FieldErrors<PlanFormValues>, path: string): string | undefined {
  return get<FieldErrors<PlanFormValues>, FieldError | undefined>(errors, path)?.message;
}

/** An array's own error (e.g. "Add at least one problem."): on the array, or on its `root`. */
function arrayMessageAt(errors: FieldErrors<PlanFormValues>, path: string): string | undefined {
  const error = get<FieldErrors<PlanFormValues>, (FieldError & { root?: FieldError }) | undefined>(errors, path);
  return error?.message ?? error?.root?.message;
}

function useErrors() {
  const {
    formState: { errors },
  } = useFormContext<PlanFormValues>();
  return { at: (path: string) => messageAt(errors, path), arrayAt: (path: string) => arrayMessageAt(errors, path) };
}

function wordsById(values: PlanFormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const problem of values.problems) for (const goal of problem.goals) if (goal.id) out[goal.id] = goal.clientWords.trim();
  return out;
}

function hasContent(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '' && value !== 'not_started' && value !== '0';
  if (Array.isArray(value)) return value.some(hasContent);
  if (value && typeof value === 'object') return Object.values(value).some(hasContent);
  return false;
}

type Props = {
  clientId: string;
  clientName: string;
  /** The saved plan, or null for a new one. */
  plan: { id: string; version: number; status: PlanStatus; agreement: Record<string, AgreementView | null> } | null;
  defaults: PlanFormValues;
  /** The title of the client's other active plan, which activating this one archives. */
  otherActivePlanTitle?: string | null;
  initialNotice?: string | null;
  /** This plan's page and its history (saved plans only). */
  planHref?: string;
  historyHref?: string;
  createAction: (input: CreatePlanInput) => Promise<PlanSaveResult>;
  saveAction: (input: SavePlanInput) => Promise<PlanSaveResult>;
  statusAction: (input: SetPlanStatusInput) => Promise<PlanStatusResult>;
  /** The clinic's zone: dates show as the clinic reads them. */
  timeZone: string;
};

export function PlanEditor({
  clientId,
  clientName,
  plan,
  defaults,
  otherActivePlanTitle = null,
  initialNotice = null,
  planHref,
  historyHref,
  createAction,
  saveAction,
  statusAction,
  timeZone,
}: Props) {
  const router = useRouter();
  const [version, setVersion] = useState(plan?.version ?? 0);
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [conflict, setConflict] = useState<PlanConflict | null>(null);
  const [savedWords, setSavedWords] = useState(() => wordsById(defaults));
  const [announcement, setAnnouncement] = useState('');
  const conflictRef = useRef<HTMLDivElement>(null);
  const methods = useForm<PlanFormValues, unknown, PlanContent>({ resolver: zodResolver(planContentSchema), defaultValues: defaults });
  const {
    register,
    handleSubmit,
    getValues,
    reset,
    setError,
    formState: { errors, isDirty, isSubmitting, submitCount },
  } = methods;

  useEffect(() => {
    // A notice carried in the URL (?created=1) is shown once; a reload should not repeat it.
    if (initialNotice && planHref && window.location.search) window.history.replaceState(null, '', planHref);
  }, [initialNotice, planHref]);

  useEffect(() => {
    if (!conflict) return;
    conflictRef.current?.focus();
    conflictRef.current?.scrollIntoView({ block: 'center' });
  }, [conflict]);

  const failed = (result: PlanFailure) => {
    if (result.conflict) {
      // Nothing is reset: every edit stays in the form.
      setConflict(result.conflict);
      return;
    }
    applyActionResult(result, setError);
  };

  const onSubmit = handleSubmit(async () => {
    setNotice(null);
    setConflict(null);
    // The raw values: the action parses them with the same schema.
    const content = getValues();
    if (!plan) {
      const result = await createAction({ clientId, content });
      if (!result.ok) return failed(result);
      reset(result.values);
      router.replace(`/therapist/clients/${clientId}/plans/${result.planId}?created=1`);
      return;
    }
    const result = await saveAction({ planId: plan.id, expectedVersion: version, content });
    if (!result.ok) return failed(result);
    reset(result.values);
    setVersion(result.loadedVersion);
    setSavedWords(wordsById(result.values));
    setNotice(
      result.loadedVersion === result.version
        ? `Saved as version ${result.version}.`
        : `Saved as version ${result.version}. Someone has saved version ${result.loadedVersion} since; the form now shows it.`,
    );
  });

  const rootError = errors.root?.message;
  const invalid = submitCount > 0 && !rootError && Object.keys(errors).length > 0;
  const context: EditorContextValue = { planStatus: plan?.status ?? null, agreement: plan?.agreement ?? {}, savedWords, announce: setAnnouncement, timeZone };

  return (
    <EditorContext.Provider value={context}>
      <UnsavedChangesGuard when={isDirty} />
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="flex flex-col gap-6 print:hidden">
        {plan ? (
          <StatusPanel
            planId={plan.id}
            status={plan.status}
            version={version}
            dirty={isDirty}
            clientName={clientName}
            otherActivePlanTitle={otherActivePlanTitle}
            statusAction={statusAction}
            onChanged={(result, status) => {
              setVersion(result.version);
              setConflict(null);
              setNotice(result.message);
              // A completed or archived plan is read-only: the page shows it so.
              if (status !== 'active' && planHref) router.replace(`${planHref}?done=${status}`);
            }}
            onConflict={setConflict}
          />
        ) : null}
        <FormProvider {...methods}>
          <form noValidate aria-label="Treatment plan" className="flex flex-col gap-6" onSubmit={onSubmit} {...GUARD_IGNORE}>
            {conflict ? (
              <div
                ref={conflictRef}
                tabIndex={-1}
                role="alert"
                className="flex flex-col gap-2 rounded-md border-2 border-red-600 bg-red-50 p-4 text-red-950 focus:outline-3 focus:outline-red-700"
              >
                <p className="text-base font-bold">Not saved: this plan has changed since you opened it</p>
                <p className="text-sm">{conflict.message}</p>
                <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold">
                  {planHref && conflict.currentVersion !== null ? (
                    <a href={planHref} target="_blank" rel="noopener" className="text-red-900 underline underline-offset-2">
                      Open version {conflict.currentVersion} in a new tab
                    </a>
                  ) : null}
                  {historyHref && conflict.currentVersion !== null ? (
                    <a
                      href={`${historyHref}?from=${version}&to=${conflict.currentVersion}`}
                      target="_blank"
                      rel="noopener"
                      className="text-red-900 underline underline-offset-2"
                    >
                      See what changed (version {version} → {conflict.currentVersion})
                    </a>
                  ) : null}
                </p>
              </div>
            ) : null}
            {rootError ? <Notice tone="error">{rootError}</Notice> : null}
            {notice ? <Notice tone="success">{notice}</Notice> : null}

            <section aria-labelledby="plan-details-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
              <h2 id="plan-details-heading" className="text-lg font-semibold">
                About the plan
              </h2>
              <TextField label="Title" autoComplete="off" error={errors.title?.message} {...register('title')} />
              <TextAreaField
                label="Presenting problem"
                rows={3}
                hint="What brought the client to therapy, in a few sentences."
                error={errors.presentingProblem?.message}
                {...register('presentingProblem')}
              />
              <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
                <TextField label="Diagnosis (optional)" autoComplete="off" error={errors.diagnosis?.message} {...register('diagnosis')} />
                <TextField
                  label="ICD-10 code (optional)"
                  autoComplete="off"
                  placeholder="e.g. F32.1"
                  error={errors.icd10Code?.message}
                  {...register('icd10Code')}
                />
              </div>
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField type="date" label="Start date" error={errors.startDate?.message} {...register('startDate')} />
                <TextField type="date" label="Next review date" error={errors.nextReviewDate?.message} {...register('nextReviewDate')} />
              </div>
            </section>

            <ProblemsSection />

            {invalid ? <Notice tone="error">Some fields need attention: see the messages beside them. Nothing was saved.</Notice> : null}
            <div className="sticky bottom-0 z-10 -mx-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-2px_6px_rgba(0,0,0,0.05)] sm:mx-0 sm:rounded-md sm:border">
              <p className={`text-sm ${conflict ? 'font-semibold text-red-800' : isDirty ? 'font-semibold text-amber-900' : 'text-slate-700'}`}>
                {conflict
                  ? 'Not saved: a newer version exists.'
                  : isDirty
                    ? 'Unsaved changes'
                    : plan
                      ? `Version ${version} · all changes saved`
                      : 'Not saved yet'}
              </p>
              <Button type="submit" disabled={isSubmitting}>
                {isSubmitting ? 'Saving…' : 'Save plan'}
              </Button>
            </div>
          </form>
        </FormProvider>
      </div>
    </EditorContext.Provider>
  );
}

const ACTIONS: Record<PlanStatus, StatusChange[]> = { draft: ['active', 'archived'], active: ['completed', 'archived'], completed: [], archived: [] };
const ACTION_LABEL: Record<StatusChange, string> = { active: 'Activate', completed: 'Complete', archived: 'Archive' };

function StatusPanel({
  planId,
  status,
  version,
  dirty,
  clientName,
  otherActivePlanTitle,
  statusAction,
  onChanged,
  onConflict,
}: {
  planId: string;
  status: PlanStatus;
  version: number;
  dirty: boolean;
  clientName: string;
  otherActivePlanTitle: string | null;
  statusAction: Props['statusAction'];
  onChanged: (result: { version: number; message: string }, status: StatusChange) => void;
  onConflict: (conflict: PlanConflict) => void;
}) {
  const [confirming, setConfirming] = useState<StatusChange | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const actions = ACTIONS[status];
  const describe: Record<StatusChange, ReactNode> = {
    active: (
      <>
        Activate this plan? {clientName} will see it in their portal and can say whether they agree with each goal.
        {otherActivePlanTitle ? (
          <>
            {' '}
            The plan that is active now, <strong>{otherActivePlanTitle}</strong>, will be archived.
          </>
        ) : null}
      </>
    ),
    completed: <>Mark this plan as completed? It can no longer be edited; every version stays in its history.</>,
    archived: (
      <>
        Archive this plan? It can no longer be edited{status === 'active' ? ` and ${clientName} will no longer see it` : ''}; every version stays in its
        history.
      </>
    ),
  };

  const cancel = () => {
    if (confirming) focusSoon(`plan-status-${confirming}`);
    setConfirming(null);
  };

  const change = async (next: StatusChange) => {
    setPending(true);
    setError(null);
    try {
      const result = await statusAction({ planId, expectedVersion: version, status: next });
      if (result.ok) {
        setConfirming(null);
        onChanged(result, next);
      } else if (result.conflict) {
        setConfirming(null);
        onConflict(result.conflict);
      } else setError(result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? 'The status could not be changed.');
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="plan-status-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="plan-status-heading" className="text-lg font-semibold">
            Status
          </h2>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <PlanStatusBadge status={status} /> <span>Version {version}</span>
          </p>
        </div>
        {actions.length ? (
          <div className="flex flex-wrap gap-2">
            {actions.map((a) => (
              <Button
                key={a}
                id={`plan-status-${a}`}
                type="button"
                variant={a === 'active' ? 'primary' : 'secondary'}
                className="disabled:opacity-50"
                disabled={dirty || pending}
                aria-expanded={confirming === a}
                onClick={() => {
                  setConfirming(a);
                  focusSoon('plan-status-confirm');
                }}
              >
                {ACTION_LABEL[a]}…
              </Button>
            ))}
          </div>
        ) : null}
      </div>
      {dirty && actions.length ? <p className="text-sm text-slate-700">Save or undo your changes before changing the status.</p> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {confirming && !dirty ? (
        <div
          role="alertdialog"
          aria-labelledby="confirm-status-text"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !pending) cancel();
          }}
          className={`flex flex-col gap-3 rounded-md border p-4 text-sm ${confirming === 'active' ? 'border-teal-300 bg-teal-50 text-teal-950' : 'border-red-300 bg-red-50 text-red-950'}`}
        >
          <p id="confirm-status-text">{describe[confirming]}</p>
          <div className="flex flex-wrap gap-2">
            <Button
              id="plan-status-confirm"
              type="button"
              variant={confirming === 'active' ? 'primary' : 'danger'}
              disabled={pending}
              onClick={() => void change(confirming)}
            >
              {pending ? 'Working…' : `${ACTION_LABEL[confirming]} plan`}
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={cancel}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {status === 'draft' ? (
        <p className="text-sm text-slate-600">A draft is never shown to the client. Activate it when you have agreed it together.</p>
      ) : null}
      {status === 'active' ? (
        <p className="text-sm text-slate-600">{PLAN_STATUS_LABEL.active}: the client sees the latest saved version in their portal.</p>
      ) : null}
    </section>
  );
}

function ProblemsSection() {
  const { control, getValues } = useFormContext<PlanFormValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'problems', keyName: 'key' });
  const { announce } = useEditor();
  const { arrayAt } = useErrors();
  const error = arrayAt('problems');
  return (
    <section aria-labelledby="problems-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="problems-heading" className="text-lg font-semibold">
          Problems and goals
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Each problem has goals in the client’s own words; each goal has measurable objectives and what you will do about it. Reorder with the arrow buttons.
        </p>
      </div>
      {error ? <p className="text-sm font-medium text-red-700">{error}</p> : null}
      <ol className="flex flex-col gap-6">
        {fields.map((field, p) => (
          <li key={field.key}>
            <ProblemCard
              p={p}
              count={fields.length}
              onMove={(from, to) => {
                move(from, to);
                announce(`Problem moved to position ${to + 1} of ${fields.length}.`);
              }}
              onRemove={() => {
                if (
                  hasContent(getValues(`problems.${p}`)) &&
                  !window.confirm(`Remove problem ${p + 1} with its goals? You can still leave without saving to undo this.`)
                )
                  return;
                remove(p);
                announce(`Problem ${p + 1} removed.`);
                focusSoon('add-problem');
              }}
            />
          </li>
        ))}
      </ol>
      <div>
        <Button
          type="button"
          variant="secondary"
          id="add-problem"
          disabled={fields.length >= MAX.problems}
          onClick={() => append(emptyProblem(), { focusName: `problems.${fields.length}.description` })}
        >
          + Add problem
        </Button>
      </div>
    </section>
  );
}

function ProblemCard({ p, count, onMove, onRemove }: { p: number; count: number; onMove: (from: number, to: number) => void; onRemove: () => void }) {
  const { register } = useFormContext<PlanFormValues>();
  const { at } = useErrors();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4 sm:p-5">
      <div className="flex items-start justify-between gap-2">
        <h3 id={headingId} className="pt-2 text-base font-semibold">
          Problem {p + 1}
        </h3>
        <ItemControls
          path="problems"
          index={p}
          count={count}
          what={`problem ${p + 1}`}
          onMove={onMove}
          onRemove={onRemove}
          removeBlocked={count === 1 ? 'A plan needs at least one problem.' : undefined}
        />
      </div>
      <TextAreaField label="Problem" rows={2} error={at(`problems.${p}.description`)} {...register(`problems.${p}.description`)} />
      <GoalsList p={p} />
    </section>
  );
}

function GoalsList({ p }: { p: number }) {
  const { control, getValues } = useFormContext<PlanFormValues>();
  const name = `problems.${p}.goals` as const;
  const { fields, append, remove, move } = useFieldArray({ control, name, keyName: 'key' });
  const { announce, agreement } = useEditor();
  const { arrayAt } = useErrors();
  const error = arrayAt(name);
  const addId = `add-goal-${p}`;
  return (
    <div className="flex flex-col gap-4">
      {error ? <p className="text-sm font-medium text-red-700">{error}</p> : null}
      <ol className="flex flex-col gap-4">
        {fields.map((field, g) => (
          <li key={field.key}>
            <GoalCard
              p={p}
              g={g}
              count={fields.length}
              onMove={(from, to) => {
                move(from, to);
                announce(`Goal moved to position ${to + 1} of ${fields.length}.`);
              }}
              onRemove={() => {
                const goal = getValues(`${name}.${g}`);
                const answered = goal?.id ? agreement[goal.id] : null;
                const question = answered ? `The client has answered on goal ${p + 1}.${g + 1}. Remove it anyway?` : `Remove goal ${p + 1}.${g + 1}?`;
                if (hasContent(goal) && !window.confirm(question)) return;
                remove(g);
                announce(`Goal ${p + 1}.${g + 1} removed.`);
                focusSoon(addId);
              }}
            />
          </li>
        ))}
      </ol>
      <div>
        <Button
          type="button"
          variant="secondary"
          id={addId}
          disabled={fields.length >= MAX.goals}
          onClick={() => append(emptyGoal(), { focusName: `${name}.${fields.length}.clientWords` })}
        >
          + Add goal to problem {p + 1}
        </Button>
      </div>
    </div>
  );
}

function GoalCard({
  p,
  g,
  count,
  onMove,
  onRemove,
}: {
  p: number;
  g: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
}) {
  const base = `problems.${p}.goals.${g}` as const;
  const { register, control } = useFormContext<PlanFormValues>();
  const { at } = useErrors();
  const { agreement, planStatus, savedWords, timeZone } = useEditor();
  const headingId = useId();
  const id = useWatch({ control, name: `${base}.id` });
  const words = useWatch({ control, name: `${base}.clientWords` }) ?? '';
  const saved = id ? savedWords[id] : undefined;
  const answer = id ? agreement[id] : undefined;
  const reworded = saved !== undefined && words.trim() !== saved;
  const label = `${p + 1}.${g + 1}`;
  return (
    <div role="group" aria-labelledby={headingId} className="flex flex-col gap-4 rounded-md border border-slate-200 bg-slate-50 p-3 sm:p-4">
      <div className="flex items-start justify-between gap-2">
        <h4 id={headingId} className="pt-2 font-semibold">
          Goal {label}
        </h4>
        <ItemControls
          path={`problems.${p}.goals`}
          index={g}
          count={count}
          what={`goal ${label}`}
          onMove={onMove}
          onRemove={onRemove}
          removeBlocked={count === 1 ? 'Each problem needs at least one goal.' : undefined}
        />
      </div>
      <input type="hidden" {...register(`${base}.id`)} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="flex min-w-0 flex-col gap-3">
          <TextAreaField
            label="Goal, in the client’s words"
            hint="Write it as the client would say it."
            rows={2}
            error={at(`${base}.clientWords`)}
            {...register(`${base}.clientWords`)}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField type="date" label="Target date (optional)" error={at(`${base}.targetDate`)} {...register(`${base}.targetDate`)} />
            <SelectField label="Goal status" options={GOAL_STATUS_OPTIONS} error={at(`${base}.status`)} {...register(`${base}.status`)} />
          </div>
        </div>
        <div className="flex flex-col gap-2">
          {planStatus ? <AgreementNote agreement={answer} planStatus={planStatus} timeZone={timeZone} /> : null}
          {reworded && answer ? <p className="text-sm text-amber-900">You changed the wording: once saved, the client is asked to agree again.</p> : null}
        </div>
      </div>
      <ObjectivesList base={base} label={label} />
      <InterventionsList base={base} label={label} />
    </div>
  );
}

type GoalPath = `problems.${number}.goals.${number}`;

function SubList({ title, hint, children, empty, add }: { title: string; hint: string; children: ReactNode; empty: boolean; add: ReactNode }) {
  const headingId = useId();
  return (
    <div role="group" aria-labelledby={headingId} className="flex flex-col gap-3 border-t border-slate-200 pt-3">
      <div>
        <h5 id={headingId} className="text-sm font-semibold">
          {title}
        </h5>
        <p className="text-sm text-slate-600">{hint}</p>
      </div>
      {empty ? null : children}
      <div>{add}</div>
    </div>
  );
}

function ObjectivesList({ base, label }: { base: GoalPath; label: string }) {
  const { control, register } = useFormContext<PlanFormValues>();
  const name = `${base}.objectives` as const;
  const { fields, append, remove, move } = useFieldArray({ control, name, keyName: 'key' });
  const { announce } = useEditor();
  const { at } = useErrors();
  const addId = `add-${name.replaceAll('.', '-')}`;
  return (
    <SubList
      title="Objectives"
      hint="Measurable steps towards this goal."
      empty={fields.length === 0}
      add={
        <Button
          type="button"
          variant="secondary"
          id={addId}
          disabled={fields.length >= MAX.objectives}
          onClick={() => append(emptyObjective(), { focusName: `${name}.${fields.length}.description` })}
        >
          + Add objective
        </Button>
      }
    >
      <ol className="flex flex-col gap-3">
        {fields.map((field, i) => {
          const what = `objective ${i + 1} of goal ${label}`;
          const path = `${name}.${i}` as const;
          return (
            <li key={field.key}>
              {/* The group sits inside the item: an <ol> may hold only plain list items (axe "list"). */}
              <div role="group" aria-label={`Objective ${i + 1}`} className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-3">
                <div className="flex items-start justify-between gap-2">
                  <span className="pt-2 text-sm font-medium text-slate-700">Objective {i + 1}</span>
                  <ItemControls
                    path={name}
                    index={i}
                    count={fields.length}
                    what={what}
                    onMove={(from, to) => {
                      move(from, to);
                      announce(`Objective moved to position ${to + 1} of ${fields.length}.`);
                    }}
                    onRemove={() => {
                      remove(i);
                      announce(`Objective ${i + 1} removed.`);
                      focusSoon(addId);
                    }}
                  />
                </div>
                <TextField label="Objective" autoComplete="off" error={at(`${path}.description`)} {...register(`${path}.description`)} />
                <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1.3fr)_minmax(0,1fr)]">
                  <TextField
                    label="Target (optional)"
                    autoComplete="off"
                    placeholder="e.g. 3 times a week"
                    error={at(`${path}.target`)}
                    {...register(`${path}.target`)}
                  />
                  <SelectField label="Status" options={GOAL_STATUS_OPTIONS} error={at(`${path}.status`)} {...register(`${path}.status`)} />
                  <TextField
                    label="Progress (%)"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    step={1}
                    error={at(`${path}.progress`)}
                    {...register(`${path}.progress`)}
                  />
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </SubList>
  );
}

function InterventionsList({ base, label }: { base: GoalPath; label: string }) {
  const { control, register } = useFormContext<PlanFormValues>();
  const name = `${base}.interventions` as const;
  const { fields, append, remove, move } = useFieldArray({ control, name, keyName: 'key' });
  const { announce } = useEditor();
  const { at } = useErrors();
  const addId = `add-${name.replaceAll('.', '-')}`;
  return (
    <SubList
      title="Interventions"
      hint="What you will do together: the approach, how often, and who provides it."
      empty={fields.length === 0}
      add={
        <Button
          type="button"
          variant="secondary"
          id={addId}
          disabled={fields.length >= MAX.interventions}
          onClick={() => append(emptyIntervention(), { focusName: `${name}.${fields.length}.modality` })}
        >
          + Add intervention
        </Button>
      }
    >
      <ol className="flex flex-col gap-3">
        {fields.map((field, i) => {
          const what = `intervention ${i + 1} of goal ${label}`;
          const path = `${name}.${i}` as const;
          return (
            <li key={field.key}>
              {/* The group sits inside the item: an <ol> may hold only plain list items (axe "list"). */}
              <div role="group" aria-label={`Intervention ${i + 1}`} className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-3">
                <div className="flex items-start justify-between gap-2">
                  <span className="pt-2 text-sm font-medium text-slate-700">Intervention {i + 1}</span>
                  <ItemControls
                    path={name}
                    index={i}
                    count={fields.length}
                    what={what}
                    onMove={(from, to) => {
                      move(from, to);
                      announce(`Intervention moved to position ${to + 1} of ${fields.length}.`);
                    }}
                    onRemove={() => {
                      remove(i);
                      announce(`Intervention ${i + 1} removed.`);
                      focusSoon(addId);
                    }}
                  />
                </div>
                <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
                  <TextField
                    label="Modality"
                    autoComplete="off"
                    placeholder="e.g. Behavioural activation"
                    error={at(`${path}.modality`)}
                    {...register(`${path}.modality`)}
                  />
                  <TextField
                    label="Frequency (optional)"
                    autoComplete="off"
                    placeholder="e.g. Weekly"
                    error={at(`${path}.frequency`)}
                    {...register(`${path}.frequency`)}
                  />
                  <TextField
                    label="Who (optional)"
                    autoComplete="off"
                    placeholder="e.g. Therapist"
                    error={at(`${path}.provider`)}
                    {...register(`${path}.provider`)}
                  />
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </SubList>
  );
}
