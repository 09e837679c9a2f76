'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useId, useState, type ReactNode } from 'react';
import { useForm, type FieldPath, type UseFormRegisterReturn } from 'react-hook-form';
import { applyActionResult } from '@/components/apply-action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextField } from '@/components/ui/text-field';
import {
  clinicSettingsFormSchema,
  FORM_BOUNDS,
  GAD7_CHANGE_OPTIONS,
  PERSONAL_SD_K_OPTIONS,
  PHQ9_CHANGE_OPTIONS,
  type ClinicSettingsFormInput,
  type ClinicSettingsFormValues,
} from '@/lib/validation/settings';
import { latestSettingsAction, saveSettingsAction } from './actions';

type Values = ClinicSettingsFormInput;
type Path = FieldPath<Values>;

/** Plain names of the settings, for the form and for the "changed meanwhile" message. */
const LABELS: Record<string, string> = {
  'alliance.lowAlliance': 'Low alliance below',
  'alliance.reliableDrop': 'Reliable drop',
  'alliance.personalSdK': 'Personal-mean rule',
  'alliance.personalSdFloor': 'Smallest SD for the personal-mean rule',
  'alliance.ratingGap': 'Rating gap',
  'norms.minClients': 'Clients needed for local norms',
  'outcomes.phq9ReliableChange': 'PHQ-9 reliable change',
  'outcomes.gad7ReliableChange': 'GAD-7 reliable change',
  'schedule.clientWaiFromSession': 'First session with a client WAI-SR',
  'schedule.clientWaiEveryNthSession': 'Client WAI-SR every how many sessions',
  'schedule.outcomeEveryNthSession': 'PHQ-9 and GAD-7 every how many sessions',
  'schedule.assignmentExpiryDays': 'Days before an assignment expires',
  'portal.showAllianceResultsToClients': 'Show clients their alliance results',
  'portal.crisisText': 'Crisis text',
  'risk.escalateAfterHours': 'Hours before an urgent alert escalates',
  'security.requireStaffMfa': 'Require two-step sign-in for staff',
  'reminders.enabled': 'Email clients reminders about their forms',
  'reminders.onAssignment': 'Remind when a form is assigned',
  'reminders.hoursBeforeExpiry': 'Hours before expiry for the last reminder',
  'reminders.quietStartHour': 'Quiet hours start (hour)',
  'reminders.quietEndHour': 'Quiet hours end (hour)',
  'reminders.maxReminders': 'Most reminders per form',
};

type Leaf = string | number | boolean;

function leaves(values: Values): [string, Leaf][] {
  return Object.entries(values).flatMap(([group, fields]) =>
    Object.entries(fields as Record<string, Leaf>).map(([key, value]) => [`${group}.${key}`, value] as [string, Leaf]),
  );
}

function same(a: Leaf | undefined, b: Leaf | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return Object.is(a, b);
}

function show(value: Leaf | undefined): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && value.length > 40) return `${value.slice(0, 40)}…`;
  return String(value);
}

type Merge = { values: Values; theirs: string[]; both: { path: string; saved: Leaf | undefined }[] };

/**
 * Three-way merge after someone saved first: fields this user did not touch take the newly saved
 * value; fields only this user changed keep the edit; fields both changed keep the edit and are listed.
 */
function mergeEdits(mine: Values, base: Values, latest: Values): Merge {
  const baseOf = new Map(leaves(base));
  const latestOf = new Map(leaves(latest));
  const merged = structuredClone(mine) as unknown as Record<string, Record<string, Leaf>>;
  const theirs: string[] = [];
  const both: Merge['both'] = [];
  for (const [path, value] of leaves(mine)) {
    const [group, key] = path.split('.') as [string, string];
    const old = baseOf.get(path);
    const saved = latestOf.get(path);
    if (same(value, saved) || same(old, saved)) continue;
    if (same(value, old)) {
      merged[group]![key] = saved!;
      theirs.push(path);
    } else both.push({ path, saved });
  }
  return { values: merged as unknown as Values, theirs, both };
}

function Section({ id, title, description, children }: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{description}</p>
      <div className="mt-4 grid gap-5 sm:grid-cols-2">{children}</div>
    </section>
  );
}

function RadioGroup({
  legend,
  hint,
  options,
  error,
  field,
}: {
  legend: string;
  hint?: string;
  options: readonly { value: string; label: string; description?: string }[];
  error?: string;
  field: UseFormRegisterReturn;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="flex flex-col gap-2 sm:col-span-2" aria-describedby={describedBy}>
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        {options.map((option) => (
          <label
            key={option.value}
            className="flex min-h-11 flex-1 cursor-pointer items-start gap-3 rounded-md border border-slate-300 px-3 py-2 has-checked:border-teal-700 has-checked:bg-teal-50 has-focus-visible:outline-3 has-focus-visible:outline-teal-600"
          >
            <input type="radio" value={option.value} className="mt-1 size-4 accent-teal-700" {...field} />
            <span className="text-sm">
              <span className="font-medium text-slate-900">{option.label}</span>
              {option.description ? <span className="block text-slate-600">{option.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

const range = (b: { min: number; max: number }) => `${b.min}–${b.max}`;

export function SettingsForm({ version, defaults }: { version: number; defaults: Values }) {
  // The version and values the user's edits start from; a save names this version.
  const [base, setBase] = useState({ version, values: defaults });
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<(Omit<Merge, 'values'> & { version: number }) | null>(null);
  const crisisId = useId();
  const router = useRouter();
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, ClinicSettingsFormValues>({ resolver: zodResolver(clinicSettingsFormSchema), defaultValues: defaults });

  const number = (path: Path, options: { step: string; hint?: string; label?: string; integer?: boolean }) => {
    const error = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as
      { message?: string } | undefined;
    return (
      <TextField
        label={options.label ?? LABELS[path]!}
        type="number"
        inputMode={options.integer ? 'numeric' : 'decimal'}
        step={options.step}
        hint={options.hint}
        error={error?.message}
        {...register(path, { valueAsNumber: true })}
      />
    );
  };

  const crisisError = errors.portal?.crisisText?.message;

  const checkbox = (path: 'reminders.enabled' | 'reminders.onAssignment', id: string, hint: string) => (
    <div className="flex items-start gap-3 sm:col-span-2">
      <input id={id} type="checkbox" className="mt-3 size-5 shrink-0 accent-teal-700" aria-describedby={`${id}-hint`} {...register(path)} />
      <div className="text-sm">
        <label htmlFor={id} className="inline-flex min-h-11 cursor-pointer items-center font-medium text-slate-900">
          {LABELS[path]}
        </label>
        <p id={`${id}-hint`} className="text-slate-600">
          {hint}
        </p>
      </div>
    </div>
  );

  return (
    <form
      noValidate
      aria-label="Clinic settings"
      className="flex flex-col gap-6"
      onSubmit={handleSubmit(async () => {
        setSaved(null);
        setConflict(null);
        // The raw values: the server action parses them with the same schema.
        const mine = getValues();
        const result = await saveSettingsAction({ ...mine, expectedVersion: base.version });
        if (result.ok) {
          reset(mine);
          setBase({ version: result.version, values: mine });
          setSaved(result.message ?? 'Settings saved.');
          return;
        }
        const latest = result.conflict ? await latestSettingsAction({}) : null;
        if (latest?.ok) {
          const merge = mergeEdits(mine, base.values, latest.values);
          reset(merge.values);
          setBase({ version: latest.version, values: latest.values });
          setConflict({ theirs: merge.theirs, both: merge.both, version: latest.version });
          // The page around the form (version line, adoption history) catches up; the form keeps its state.
          router.refresh();
          return;
        }
        applyActionResult(result, setError);
      })}
    >
      <Section
        id="settings-alliance"
        title="Alliance alerts"
        description="When a client's WAI-SR answers raise an alert. All scores are WAI-SR means on the 1–5 scale."
      >
        {number('alliance.lowAlliance', { step: '0.05', hint: `A mean below this raises a low-alliance alert (${range(FORM_BOUNDS.lowAlliance)}).` })}
        {number('alliance.reliableDrop', {
          step: '0.01',
          hint: `A drop from the previous measurement of at least this much raises a rupture alert (${range(FORM_BOUNDS.reliableDrop)}). The default, 0.83, is more than a steady client's usual ups and downs. Local norms below can propose one from your clinic's data.`,
        })}
        {number('alliance.ratingGap', {
          step: '0.05',
          hint: `Client and therapist means for the same session this far apart raise a rating-gap alert (${range(FORM_BOUNDS.ratingGap)}).`,
        })}
        {number('norms.minClients', {
          step: '1',
          integer: true,
          hint: `How many clients must have answered the WAI-SR before thresholds are proposed from your data (${range(FORM_BOUNDS.normsMinClients)}).`,
        })}
        <RadioGroup
          legend={LABELS['alliance.personalSdK']!}
          hint="A score below the client's own prior mean minus k standard deviations (after 3 or more earlier measurements) also counts as a rupture."
          options={PERSONAL_SD_K_OPTIONS}
          error={errors.alliance?.personalSdK?.message}
          field={register('alliance.personalSdK')}
        />
        {number('alliance.personalSdFloor', {
          step: '0.05',
          hint: `The personal-mean rule never assumes a client varies less than this from session to session, so a few near-identical scores do not turn ordinary ups and downs into rupture alerts (${range(FORM_BOUNDS.personalSdFloor)}; 0.3 is typical of a steady client).`,
        })}
      </Section>

      <Section
        id="settings-outcomes"
        title="Outcome change"
        description="How big a rise in a questionnaire total counts as reliable deterioration. Each alert records the convention it used."
      >
        <RadioGroup
          legend={LABELS['outcomes.phq9ReliableChange']!}
          options={PHQ9_CHANGE_OPTIONS}
          error={errors.outcomes?.phq9ReliableChange?.message}
          field={register('outcomes.phq9ReliableChange')}
        />
        <RadioGroup
          legend={LABELS['outcomes.gad7ReliableChange']!}
          options={GAD7_CHANGE_OPTIONS}
          error={errors.outcomes?.gad7ReliableChange?.message}
          field={register('outcomes.gad7ReliableChange')}
        />
      </Section>

      <Section id="settings-schedule" title="Measurement schedule" description="The defaults every client's schedule follows. Only attended sessions count.">
        {number('schedule.clientWaiFromSession', {
          step: '1',
          integer: true,
          hint: `The client's WAI-SR starts after this session (${range(FORM_BOUNDS.clientWaiFromSession)}).`,
        })}
        {number('schedule.clientWaiEveryNthSession', {
          step: '1',
          integer: true,
          hint: `1 means after every session (${range(FORM_BOUNDS.clientWaiEveryNthSession)}).`,
        })}
        {number('schedule.outcomeEveryNthSession', { step: '1', integer: true, hint: `Also at intake (${range(FORM_BOUNDS.outcomeEveryNthSession)}).` })}
        {number('schedule.assignmentExpiryDays', {
          step: '1',
          integer: true,
          hint: `Counted in the clinic's time zone (${range(FORM_BOUNDS.assignmentExpiryDays)}).`,
        })}
      </Section>

      <Section id="settings-portal" title="Portal & crisis text" description="What clients see in their portal.">
        <div className="flex items-start gap-3 sm:col-span-2">
          <input
            id={`${crisisId}-alliance`}
            type="checkbox"
            className="mt-3 size-5 shrink-0 accent-teal-700"
            aria-describedby={`${crisisId}-alliance-hint`}
            {...register('portal.showAllianceResultsToClients')}
          />
          <div className="text-sm">
            <label htmlFor={`${crisisId}-alliance`} className="inline-flex min-h-11 cursor-pointer items-center font-medium text-slate-900">
              {LABELS['portal.showAllianceResultsToClients']}
            </label>
            <p id={`${crisisId}-alliance-hint`} className="text-slate-600">
              When off, clients see only their symptom trends.
            </p>
          </div>
        </div>
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label htmlFor={crisisId} className="text-sm font-medium text-slate-900">
            {LABELS['portal.crisisText']}
          </label>
          <p id={`${crisisId}-hint`} className="text-sm text-slate-600">
            Shown before a PHQ-9 starts and at once when a client&apos;s answer suggests risk. Say where to get help now ({FORM_BOUNDS.crisisText.min}–
            {FORM_BOUNDS.crisisText.max} characters).
          </p>
          <textarea
            id={crisisId}
            rows={4}
            aria-invalid={crisisError ? true : undefined}
            aria-describedby={[`${crisisId}-hint`, crisisError ? `${crisisId}-error` : null].filter(Boolean).join(' ')}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600 aria-invalid:border-red-700"
            {...register('portal.crisisText')}
          />
          {crisisError ? (
            <p id={`${crisisId}-error`} className="text-sm text-red-700">
              {crisisError}
            </p>
          ) : null}
        </div>
      </Section>

      <Section
        id="settings-risk"
        title="Risk escalation"
        description="An urgent risk alert nobody acknowledges in time goes to the supervisor of the client's current therapist, or to the clinic's admins when there is none."
      >
        {number('risk.escalateAfterHours', {
          step: '1',
          integer: true,
          hint: `${range(FORM_BOUNDS.escalateAfterHours)} hours. Short enough that a risk answer reaches a second person the same day; 4 unless your clinic has a reason to choose otherwise.`,
        })}
      </Section>

      <Section id="settings-security" title="Security" description="How staff sign in. Clients can always choose two-step sign-in for themselves.">
        <div className="flex items-start gap-3 sm:col-span-2">
          <input
            id={`${crisisId}-mfa`}
            type="checkbox"
            className="mt-3 size-5 shrink-0 accent-teal-700"
            aria-describedby={`${crisisId}-mfa-hint`}
            {...register('security.requireStaffMfa')}
          />
          <div className="text-sm">
            <label htmlFor={`${crisisId}-mfa`} className="inline-flex min-h-11 cursor-pointer items-center font-medium text-slate-900">
              {LABELS['security.requireStaffMfa']}
            </label>
            <p id={`${crisisId}-mfa-hint`} className="text-slate-600">
              Therapists, supervisors and admins without an authenticator app set up are taken to set one up right after their password, and cannot use Rapport
              until they have.
            </p>
          </div>
        </div>
      </Section>

      <Section
        id="settings-reminders"
        title="Form reminders"
        description="Emails to clients with a portal account when a form is waiting. The email only links to the portal: no name of a form, no score. Clients can switch reminders off in their portal."
      >
        {checkbox('reminders.enabled', `${crisisId}-reminders`, 'When switched on, the completion rates on the admin home compare the time before and after.')}
        {checkbox(
          'reminders.onAssignment',
          `${crisisId}-reminders-assigned`,
          'The first reminder goes out when the form is assigned (or when quiet hours end).',
        )}
        {number('reminders.hoursBeforeExpiry', {
          step: '1',
          integer: true,
          hint: `A reminder this many hours before the form expires; 0 for none (${range(FORM_BOUNDS.reminderHoursBeforeExpiry)}).`,
        })}
        {number('reminders.maxReminders', { step: '1', integer: true, hint: `Never more than this many per form (${range(FORM_BOUNDS.maxReminders)}).` })}
        {number('reminders.quietStartHour', { step: '1', integer: true, hint: `In the clinic's time zone, 0–23: no reminders from this hour…` })}
        {number('reminders.quietEndHour', { step: '1', integer: true, hint: '…until this hour. The same hour for both means no quiet hours.' })}
      </Section>

      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      {conflict ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <p className="font-semibold">These settings were saved by someone else first (or changed by adopting thresholds), so yours were not saved.</p>
          <p>Your edits are still in the form. The settings are now at version {conflict.version}.</p>
          {conflict.theirs.length > 0 ? (
            <p>Fields you had not changed now show the newly saved values: {conflict.theirs.map((p) => LABELS[p] ?? p).join(', ')}.</p>
          ) : null}
          {conflict.both.length > 0 ? (
            <div>
              <p>Changed by both of you — your value is kept, please check it:</p>
              <ul className="ml-5 list-disc">
                {conflict.both.map((b) => (
                  <li key={b.path}>
                    {LABELS[b.path] ?? b.path} (now saved as {show(b.saved)})
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p>Save again to keep the values shown.</p>
        </div>
      ) : null}

      {version !== base.version && !conflict ? (
        <div role="status" className="flex flex-col items-start gap-2 rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-900">
          <p>
            The saved settings have changed since this form was loaded (now version {version}, for example after adopting thresholds). If you save, Rapport
            first shows the newly saved values in the fields you have not changed and keeps your edits; then save again.
          </p>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              reset(defaults);
              setBase({ version, values: defaults });
              setSaved(null);
            }}
          >
            Discard my edits and load the saved settings
          </Button>
        </div>
      ) : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save settings'}
        </Button>
      </div>
    </form>
  );
}
