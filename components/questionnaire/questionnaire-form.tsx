'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Controller, useForm, useWatch, type Resolver, type UseFormSetError } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
// Narrow, zod-free imports on purpose: the '@/lib/instruments' barrel (every instrument, FHIR,
// zod) and '@/lib/validation/measures' (classic zod) would put all of that into this page's
// JavaScript. The schemas come with ./validation, loaded on first use (loadValidation below).
import { hasRiskAnswer, isItemEnabled, stripDisabledAnswers } from '@/lib/instruments/rules';
import { ENTRY_SOURCES, ENTRY_SOURCE_LABELS, type EntrySource } from '@/lib/validation/entry-source';
import type { DraftInput, TherapistSubmitInput } from '@/lib/validation/measures';
import { CrisisPanel } from './crisis-panel';
import type { DraftActionResult, SubmitActionResult } from '@/app/questionnaire-actions';
import type { QuestionnaireData } from './types';

type Values = { answers: Record<string, number | undefined>; source?: EntrySource };

/**
 * What a submit sends: the answers, whose form it is, and (a therapist entering a client's answers)
 * their source. The widest shape a submit action accepts; the action's schema decides what is complete.
 */
export type SubmitPayload = TherapistSubmitInput;

type Props = {
  form: QuestionnaireData;
  /** 'portal': the client's own form; 'therapist': a therapist's rating or their entry of a client's answers. */
  mode: 'portal' | 'therapist';
  saveDraftAction: (input: DraftInput) => Promise<DraftActionResult>;
  submitAction: (input: SubmitPayload) => Promise<SubmitActionResult>;
};

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'refused';

const DEBOUNCE_MS = 600;
const RETRY_MS = 5000;
const GRID_COLUMNS: Record<number, string> = { 2: 'sm:grid-cols-2', 3: 'sm:grid-cols-3', 4: 'sm:grid-cols-4', 5: 'sm:grid-cols-5' };

const CONNECTION_LOST = 'Your answers could not be sent: the connection may have dropped. They are still here; please press Submit again.';

let validation: Promise<typeof import('./validation')> | null = null;

/**
 * The form's validation (zod and the instrument's answer schema, the one the server checks with)
 * is not part of the page's first-load JavaScript: it loads when the form is first used (focus, an
 * answer) and at the latest on submit. A failed load (offline) is tried again next time.
 */
function loadValidation(): Promise<typeof import('./validation')> {
  validation ??= import('./validation').catch((error: unknown) => {
    validation = null;
    throw error;
  });
  return validation;
}

function preloadValidation(): void {
  loadValidation().catch(() => {}); // offline: the submit tries again
}

/** react-hook-form's resolver: ./validation's zod resolver, loaded on first use. */
function lazyResolver(rules: QuestionnaireData['rules'], askSource: boolean): Resolver<Values> {
  let resolve: Resolver<Values> | null = null;
  return async (values, context, options) => {
    if (!resolve) {
      try {
        resolve = (await loadValidation()).questionnaireResolver(rules, askSource) as unknown as Resolver<Values>;
      } catch {
        // Offline before the validation could load: sending would fail as well.
        return { values: {}, errors: { root: { type: 'offline', message: CONNECTION_LOST } } };
      }
    }
    return resolve(values, context, options);
  };
}

function definedAnswers(answers: Values['answers'] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, value] of Object.entries(answers ?? {})) if (typeof value === 'number') out[id] = value;
  return out;
}

function instructionsFor(form: QuestionnaireData, mode: Props['mode']): string[] {
  const lines: string[] = [];
  if (form.instructions) lines.push(form.instructions);
  if (form.stem) lines.push(form.stem);
  if (lines.length === 0) {
    lines.push(
      form.respondent === 'therapist'
        ? `Think about your work with ${form.clientName} in the session this rating is for. For each sentence, choose how often it is true.`
        : 'Each sentence describes a way you might think or feel about your therapy. For each one, choose how often it is true for you. There are no right or wrong answers.',
    );
  }
  if (mode === 'therapist' && form.respondent === 'client') lines.push(`Enter the answers ${form.clientName} gave, exactly as given.`);
  return lines;
}

export function QuestionnaireForm({ form, mode, saveDraftAction, submitAction }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  // The form's instrument version, as the page passed it (the same rules the server validates with).
  const instrument = form.rules;
  const askSource = mode === 'therapist' && form.respondent === 'client';
  const resolver = useMemo(() => lazyResolver(instrument, askSource), [instrument, askSource]);

  const defaultAnswers = useMemo(() => {
    // Only answers that fit this version of the form (the draft was saved on it; be safe anyway).
    const out: Values['answers'] = {};
    for (const item of form.items) {
      const value = form.draftAnswers[item.id];
      if (value !== undefined && item.options.some((o) => o.value === value)) out[item.id] = value;
    }
    return out;
  }, [form.items, form.draftAnswers]);

  const {
    control,
    handleSubmit,
    getValues,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<Values>({
    resolver,
    defaultValues: { answers: defaultAnswers },
    shouldFocusError: false,
  });
  const answers = useWatch({ control, name: 'answers' });

  const riskItemId = useMemo(() => instrument.items.find((i) => i.risk)?.id ?? null, [instrument]);
  // Crisis resources stay up once shown: the risk answer has been passed on whatever happens next.
  const [crisis, setCrisis] = useState<'top' | 'item' | null>(form.riskAnswered ? 'top' : null);
  // Whether the server confirmed it has the risk answer: the crisis panel says so only then.
  const [riskPassedOn, setRiskPassedOn] = useState(form.riskAnswered);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  // Autosave machinery: one request at a time, the newest answers win, nothing after a submit.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const dirty = useRef(false);
  const closed = useRef(false);
  const flushRef = useRef<() => Promise<void>>(async () => {});

  const showCrisis = useCallback(() => setCrisis((current) => current ?? 'item'), []);

  const schedule = useCallback((delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flushRef.current();
    }, delay);
  }, []);

  const flush = useCallback(async () => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (closed.current || !dirty.current) return;
    if (inFlight.current) return; // the running save reschedules itself when it ends
    inFlight.current = true;
    dirty.current = false;
    setSaveState('saving');
    let retry = false;
    try {
      const result = await saveDraftAction({ assignmentId: form.assignmentId, answers: definedAnswers(getValues('answers')) });
      if (closed.current) return;
      if (result.ok) {
        setSavedAt(result.savedAt);
        setSaveState(dirty.current ? 'pending' : 'saved');
        if (result.riskAnswered) {
          showCrisis();
          setRiskPassedOn(true);
        }
      } else {
        setSaveState('refused');
        applyServerErrors(result, setError, form.items);
      }
    } catch {
      // Offline or the server did not answer: keep the answers, try again shortly.
      dirty.current = true;
      retry = true;
      if (!closed.current) setSaveState('offline');
    } finally {
      inFlight.current = false;
      if (!closed.current && dirty.current) schedule(retry ? RETRY_MS : DEBOUNCE_MS);
    }
  }, [form.assignmentId, form.items, getValues, saveDraftAction, schedule, setError, showCrisis]);

  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  // Leaving the page (another tab, app switch, navigation) saves what is pending at once.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flushRef.current();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      void flushRef.current();
    };
  }, []);

  const onAnswer = (itemId: string, value: number) => {
    if (closed.current) return;
    dirty.current = true;
    setSaveState('pending');
    const risky = itemId === riskItemId && hasRiskAnswer(instrument, { [itemId]: value });
    if (risky) showCrisis();
    // A risk answer is saved straight away: the urgent alert must not wait for the debounce.
    schedule(risky ? 0 : DEBOUNCE_MS);
  };

  const visibleItems = form.items.filter((item) => isItemEnabled(instrument, item.id, answers ?? {}));
  const answeredCount = visibleItems.filter((item) => typeof answers?.[item.id] === 'number').length;

  const missing = visibleItems.filter((item) => errors.answers?.[item.id]?.message);
  const sourceError = errors.source?.message;

  const focusFirstProblem = (hasSourceError: boolean, firstItemId: string | undefined) => {
    const target = hasSourceError
      ? document.getElementById('source-in_session')
      : firstItemId
        ? document.querySelector<HTMLInputElement>(`[data-item="${firstItemId}"]`)
        : null;
    // focusVisible: show the focus ring although the last input was a click (newer browsers).
    const options: FocusOptions & { focusVisible?: boolean } = { focusVisible: true, preventScroll: true };
    target?.focus(options);
    // The whole question, below the sticky progress bar (its scroll margin), not just the radio.
    target?.closest('fieldset')?.scrollIntoView({ block: 'start' });
  };

  // Resuming a started form: open at the first question still unanswered (focused, so a screen
  // reader reads it), or at the submit button when all are answered. A new form opens at the top
  // and focus is left alone.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current) return;
    resumed.current = true;
    if (Object.keys(defaultAnswers).length === 0) return;
    const firstOpen = form.items.find((item) => isItemEnabled(instrument, item.id, defaultAnswers) && defaultAnswers[item.id] === undefined);
    // After the router's own scroll to the top of a newly opened page.
    const frame = requestAnimationFrame(() => {
      const target = firstOpen ? document.getElementById(`q-${firstOpen.id}`) : document.getElementById(`submit-${form.assignmentId}`);
      target?.focus({ preventScroll: true });
      target?.scrollIntoView({ block: firstOpen ? 'start' : 'center' });
    });
    return () => cancelAnimationFrame(frame);
  }, [defaultAnswers, form.items, form.assignmentId, instrument]);

  const onValid = async (values: Values) => {
    if (closed.current) return;
    closed.current = true;
    if (timer.current) clearTimeout(timer.current);
    const clean = definedAnswers(stripDisabledAnswers(instrument, definedAnswers(values.answers)));
    try {
      const payload = {
        assignmentId: form.assignmentId,
        answers: clean,
        respondent: form.respondent,
        ...(askSource && values.source ? { source: values.source } : {}),
      };
      const result = await submitAction(payload as SubmitPayload);
      if (result.ok) {
        setDone(true);
        if (result.riskAnswered) {
          showCrisis();
          setRiskPassedOn(true);
        }
        router.replace(`${pathname}?submitted=1${result.riskAnswered ? '&risk=1' : ''}`, { scroll: true });
        return;
      }
      closed.current = false;
      if (dirty.current) schedule(DEBOUNCE_MS);
      const firstField = applyServerErrors(result, setError, form.items);
      focusFirstProblem(firstField === 'source', firstField && firstField !== 'source' ? firstField : undefined);
    } catch {
      closed.current = false;
      if (dirty.current) schedule(RETRY_MS);
      setError('root', { message: CONNECTION_LOST });
    }
  };

  const onInvalid = (invalid: typeof errors) => {
    const first = form.items.find((item) => invalid.answers?.[item.id]);
    focusFirstProblem(Boolean(invalid.source), first?.id);
  };

  const busy = isSubmitting || done;
  const statusText = (() => {
    if (done) return 'Answers sent.';
    switch (saveState) {
      case 'pending':
      case 'saving':
        return 'Saving…';
      case 'saved':
        return savedAt ? `Saved at ${new Date(savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'Saved';
      case 'offline':
        return 'Not saved yet: no connection. We will try again.';
      case 'refused':
        return 'Not saved.';
      case 'idle':
        return Object.keys(defaultAnswers).length > 0 ? 'Your earlier answers have been filled in.' : '';
    }
  })();

  const lines = instructionsFor(form, mode);
  const crisisAudience = mode === 'portal' ? 'client' : 'therapist';

  return (
    <form
      noValidate
      aria-label={form.title}
      className="flex max-w-2xl flex-col gap-5"
      // First use of the form: fetch the validation now, so it is there by the time of the submit.
      onFocus={preloadValidation}
      onPointerDown={preloadValidation}
      onSubmit={(event) => {
        if (closed.current || busy) {
          event.preventDefault();
          return;
        }
        void handleSubmit(onValid, onInvalid)(event);
      }}
    >
      {crisis === 'top' ? <CrisisPanel text={form.crisisText} audience={crisisAudience} passedOn={riskPassedOn} /> : null}

      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}

      {submitCount > 0 && (missing.length > 0 || sourceError) ? (
        <div className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          <h2 className="font-semibold">
            {missing.length + (sourceError ? 1 : 0) === 1 ? 'One thing still needs an answer:' : 'Some things still need an answer:'}
          </h2>
          {sourceError ? (
            <p className="mt-1">
              <a href="#source" className="underline underline-offset-2">
                {sourceError}
              </a>
            </p>
          ) : null}
          {missing.length > 0 && missing.length <= 3 ? (
            <ul className="mt-1 list-disc pl-5">
              {missing.map((item) => (
                <li key={item.id}>
                  <a href={`#q-${item.id}`} className="underline underline-offset-2">
                    {errors.answers?.[item.id]?.message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {missing.length > 3 ? (
            // Many gaps: one short line of question numbers, each a link to its question.
            <p className="mt-1">
              Please answer question{missing.length === 1 ? '' : 's'}{' '}
              {missing.map((item, i) => (
                <span key={item.id}>
                  {i > 0 ? ', ' : ''}
                  <a
                    href={`#q-${item.id}`}
                    aria-label={`Question ${visibleItems.indexOf(item) + 1}`}
                    className="inline-block px-0.5 py-1 font-semibold underline underline-offset-2"
                  >
                    {visibleItems.indexOf(item) + 1}
                  </a>
                </span>
              ))}
              .
            </p>
          ) : null}
        </div>
      ) : null}

      {/* Stays in view while scrolling a long form; compact, so on a phone it covers no question (they scroll to below it). */}
      <div data-testid="form-progress" className="sticky top-0 z-10 flex flex-col gap-1 rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
        <label htmlFor="form-progress" className="text-sm font-medium text-slate-800">
          Progress: {answeredCount} of {visibleItems.length} answered
        </label>
        <progress
          id="form-progress"
          max={visibleItems.length}
          value={answeredCount}
          className="h-2 w-full overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-teal-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-teal-700"
        >
          {answeredCount} of {visibleItems.length}
        </progress>
        <p aria-live="polite" className="min-h-5 truncate text-sm text-slate-600">
          {statusText}
        </p>
      </div>

      <div className="flex flex-col gap-2 text-base text-slate-800">
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {form.provisional ? (
          <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800">
            <strong>Provisional:</strong> the wording and scoring key of this therapist version are not yet confirmed and may be corrected.
          </p>
        ) : null}
      </div>

      {askSource ? (
        <Controller
          control={control}
          name="source"
          render={({ field }) => (
            <fieldset id="source" tabIndex={-1} className="scroll-mt-28 rounded-lg border border-slate-200 bg-white p-4">
              <legend className="float-left mb-3 w-full text-base font-semibold text-slate-900">Where did these answers come from?</legend>
              <div className="clear-both grid gap-2 sm:grid-cols-2">
                {ENTRY_SOURCES.map((source) => (
                  <Choice
                    key={source}
                    id={`source-${source}`}
                    name="source"
                    label={ENTRY_SOURCE_LABELS[source]}
                    checked={field.value === source}
                    describedBy={sourceError ? 'source-error' : undefined}
                    onChange={() => field.onChange(source)}
                    onBlur={field.onBlur}
                  />
                ))}
              </div>
              {sourceError ? (
                <p id="source-error" className="mt-2 text-sm font-medium text-red-700">
                  {sourceError}
                </p>
              ) : null}
            </fieldset>
          )}
        />
      ) : null}

      <ol className="flex flex-col gap-4">
        {visibleItems.map((item, index) => {
          const error = errors.answers?.[item.id]?.message;
          const errorId = `q-${item.id}-error`;
          return (
            <li key={item.id} className="list-none">
              <Controller
                control={control}
                name={`answers.${item.id}`}
                render={({ field }) => (
                  <fieldset
                    id={`q-${item.id}`}
                    tabIndex={-1}
                    className={`scroll-mt-28 rounded-lg border bg-white p-4 focus-visible:outline-3 focus-visible:outline-teal-600 ${error ? 'border-red-400' : 'border-slate-200'}`}
                  >
                    <legend className="float-left mb-3 w-full text-base font-semibold text-slate-900">
                      <span className="block text-sm font-medium text-slate-600">
                        {index + 1} of {visibleItems.length}
                        {item.optional ? ' (optional)' : ''}
                        <span className="sr-only">:</span>
                      </span>{' '}
                      {item.text}
                    </legend>
                    <div className={`clear-both grid gap-2 ${GRID_COLUMNS[item.options.length] ?? ''}`}>
                      {item.options.map((option, optionIndex) => (
                        <Choice
                          key={option.value}
                          id={`q-${item.id}-${option.value}`}
                          name={`answers.${item.id}`}
                          label={option.label}
                          checked={field.value === option.value}
                          describedBy={error ? errorId : undefined}
                          dataItem={optionIndex === 0 ? item.id : undefined}
                          onChange={() => {
                            field.onChange(option.value);
                            onAnswer(item.id, option.value);
                          }}
                          onBlur={field.onBlur}
                        />
                      ))}
                    </div>
                    {error ? (
                      <p id={errorId} className="mt-2 text-sm font-medium text-red-700">
                        {error}
                      </p>
                    ) : null}
                  </fieldset>
                )}
              />
              {crisis === 'item' && item.id === riskItemId ? (
                <div className="mt-4">
                  <CrisisPanel text={form.crisisText} audience={crisisAudience} passedOn={riskPassedOn} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>

      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <Button id={`submit-${form.assignmentId}`} type="submit" disabled={busy} className="w-full sm:w-auto">
          {done ? 'Sent' : isSubmitting ? 'Sending…' : 'Submit answers'}
        </Button>
        <p className="text-sm text-slate-600" aria-hidden="true">
          {answeredCount} of {visibleItems.length} answered{statusText ? ` · ${statusText}` : ''}
        </p>
      </div>

      <p className="border-t border-slate-200 pt-3 text-xs text-slate-500">{form.copyright}</p>
    </form>
  );
}

/** One answer: a native radio inside a large label (whole row is the touch target). */
function Choice({
  id,
  name,
  label,
  checked,
  describedBy,
  dataItem,
  onChange,
  onBlur,
}: {
  id: string;
  name: string;
  label: string;
  checked: boolean;
  describedBy: string | undefined;
  dataItem?: string;
  onChange: () => void;
  onBlur: () => void;
}) {
  return (
    <label
      htmlFor={id}
      className="flex min-h-12 cursor-pointer items-center gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 hover:border-teal-600 hover:bg-teal-50/50 has-checked:border-teal-700 has-checked:bg-teal-50 has-checked:font-semibold has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-teal-600"
    >
      <input
        type="radio"
        id={id}
        name={name}
        checked={checked}
        onChange={onChange}
        onBlur={onBlur}
        aria-describedby={describedBy}
        data-item={dataItem}
        className="size-5 shrink-0 accent-teal-700 focus-visible:outline-none"
      />
      <span>{label}</span>
    </label>
  );
}

/**
 * Puts a refusal's messages where they belong: item errors (the data layer names the item id; a
 * schema error names `answers.<id>`) beside the item, the source beside its question, anything else
 * at the top. Returns the first field it placed, in form order.
 */
function applyServerErrors(
  result: Extract<SubmitActionResult, { ok: false }>,
  setError: UseFormSetError<Values>,
  items: QuestionnaireData['items'],
): string | undefined {
  const placed: string[] = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(result.fieldErrors ?? {})) {
    const id = key.startsWith('answers.') ? key.slice('answers.'.length) : key;
    if (items.some((item) => item.id === id)) {
      setError(`answers.${id}`, { message });
      placed.push(id);
    } else if (key === 'source') {
      setError('source', { message });
      placed.push('source');
    } else unplaced.push(message);
  }
  const formError = [result.formError, ...unplaced].filter(Boolean).join(' ');
  if (formError) setError('root', { message: formError });
  if (placed.includes('source')) return 'source';
  return items.find((item) => placed.includes(item.id))?.id;
}
