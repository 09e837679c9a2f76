import { z } from 'zod';
import { GAD7_CONVENTIONS, PHQ9_CONVENTIONS } from '@/lib/alliance/outcomes';
import { DEFAULT_ALLIANCE_THRESHOLDS } from '@/lib/alliance/rules';

/** Crisis text length: long enough to say where to get help now, short enough to read at once. */
export const CRISIS_TEXT_BOUNDS = { min: 20, max: 2000 } as const;

export const DEFAULT_CRISIS_TEXT =
  'If you are in danger or thinking about harming yourself, call your local emergency number now, or go to the nearest emergency department. Your answers here are not monitored in real time.';

/**
 * Hours an urgent risk alert may stay unacknowledged before it escalates. The default of 4 gets a
 * risk answer to a second person within the same working day (a therapist in back-to-back
 * sessions can still respond first); more than 24 would let it wait past the next day.
 */
export const ESCALATE_AFTER_HOURS_BOUNDS = { min: 1, max: 24 } as const;
export const DEFAULT_ESCALATE_AFTER_HOURS = 4;

/** The personal-mean rule's SD floor on the WAI-SR mean scale; 0 switches the floor off. */
const PERSONAL_SD_FLOOR_STORED_BOUNDS = { min: 0, max: 1 } as const;

/**
 * A clinic's settings, stored as one JSON document (clinic_settings.settings) and read through
 * this schema, so a new setting needs a default here rather than a migration. Writes are checked
 * against it as it is; reads go through readClinicSettings, which also accepts documents saved
 * under older, wider bounds.
 */
export const clinicSettingsSchema = z.object({
  alliance: z
    .object({
      lowAlliance: z.number().min(1).max(5).default(DEFAULT_ALLIANCE_THRESHOLDS.lowAlliance),
      reliableDrop: z.number().positive().max(4).default(DEFAULT_ALLIANCE_THRESHOLDS.reliableDrop),
      personalSdK: z.number().positive().max(3).default(DEFAULT_ALLIANCE_THRESHOLDS.personalSdK),
      personalSdFloor: z
        .number()
        .min(PERSONAL_SD_FLOOR_STORED_BOUNDS.min)
        .max(PERSONAL_SD_FLOOR_STORED_BOUNDS.max)
        .default(DEFAULT_ALLIANCE_THRESHOLDS.personalSdFloor),
      personalMinPrior: z.number().int().min(2).max(20).default(DEFAULT_ALLIANCE_THRESHOLDS.personalMinPrior),
      ratingGap: z.number().positive().max(4).default(1.0),
    })
    .prefault({}),
  outcomes: z
    .object({
      // measures.md: 6 (NHS Talking Therapies) or 5 (Löwe et al. 2004); the flag records which.
      phq9ReliableChange: z.number().int().min(1).max(27).default(6),
      gad7ReliableChange: z.number().int().min(1).max(21).default(4),
    })
    .prefault({}),
  schedule: z
    .object({
      clientWaiFromSession: z.number().int().min(1).default(2),
      clientWaiEveryNthSession: z.number().int().min(1).default(1),
      outcomeEveryNthSession: z.number().int().min(1).default(4),
      assignmentExpiryDays: z.number().int().min(1).max(60).default(7),
    })
    .prefault({}),
  portal: z
    .object({
      showAllianceResultsToClients: z.boolean().default(false),
      crisisText: z.string().trim().min(CRISIS_TEXT_BOUNDS.min).max(CRISIS_TEXT_BOUNDS.max).default(DEFAULT_CRISIS_TEXT),
    })
    .prefault({}),
  risk: z
    .object({
      escalateAfterHours: z.number().int().min(ESCALATE_AFTER_HOURS_BOUNDS.min).max(ESCALATE_AFTER_HOURS_BOUNDS.max).default(DEFAULT_ESCALATE_AFTER_HOURS),
    })
    .prefault({}),
  /**
   * Local norms (measures.md "Reliable change and ruptures"). Kept out of `alliance`, whose object
   * is recorded whole in every alliance alert as "the thresholds used".
   */
  norms: z
    .object({
      /** Clients (one response each) needed before thresholds are proposed from the clinic's data. */
      minClients: z.number().int().min(10).max(100_000).default(50),
      /** The threshold_adoptions version `alliance.reliableDrop` came from; null when set by hand or the default. */
      adoptedVersion: z.number().int().positive().nullable().default(null),
    })
    .prefault({}),
  /**
   * Form reminders mailed to clients (lib/reminders/schedule.ts). Quiet hours are whole hours in
   * the clinic's time zone, [start, end), wrapping midnight when start > end; start = end: none.
   */
  reminders: z
    .object({
      enabled: z.boolean().default(false),
      onAssignment: z.boolean().default(true),
      /** 0: no reminder before expiry. */
      hoursBeforeExpiry: z.number().int().min(0).max(336).default(24),
      quietStartHour: z.number().int().min(0).max(23).default(21),
      quietEndHour: z.number().int().min(0).max(23).default(8),
      maxReminders: z.number().int().min(1).max(5).default(2),
      /** When reminders were last switched on (ISO instant), set by the server; null while off. */
      enabledSince: z.iso.datetime({ offset: true }).nullable().default(null),
    })
    .prefault({}),
  security: z
    .object({
      /** Therapists, supervisors and admins must set up two-step sign-in before they can use the app (clients may opt in). */
      requireStaffMfa: z.boolean().default(false),
    })
    .prefault({}),
});

export type ClinicSettings = z.output<typeof clinicSettingsSchema>;

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A stored document with the values older bounds allowed brought within today's, so a clinic saved
 * before a bound tightened keeps working (the stored row is left as it is until the next save):
 * an escalation delay of 1–168 hours is clamped to 1–24 (the nearest safe value to what the admin
 * chose), and a crisis text too short to help gives way to the default (clients at risk must always
 * see where to get help). Anything else invalid is left for the schema to refuse.
 */
function withinCurrentBounds(stored: unknown): unknown {
  if (!isObject(stored)) return stored;
  const document: JsonObject = { ...stored };
  if (isObject(stored.risk)) {
    const hours = stored.risk.escalateAfterHours;
    if (typeof hours === 'number' && Number.isInteger(hours)) {
      document.risk = { ...stored.risk, escalateAfterHours: Math.min(ESCALATE_AFTER_HOURS_BOUNDS.max, Math.max(ESCALATE_AFTER_HOURS_BOUNDS.min, hours)) };
    }
  }
  if (isObject(stored.portal)) {
    const text = stored.portal.crisisText;
    if (typeof text === 'string' && text.trim().length < CRISIS_TEXT_BOUNDS.min) {
      const { crisisText: _tooShort, ...portal } = stored.portal;
      document.portal = portal;
    }
  }
  return document;
}

/** The settings in force for a stored document (or none: the defaults). */
export function readClinicSettings(stored: unknown): ClinicSettings {
  return clinicSettingsSchema.parse(withinCurrentBounds(stored ?? {}));
}

/* ------------------------------------------------------------------------------------------------
 * The admin's settings form (/admin/settings). The browser validates with it (zodResolver) and the
 * server action parses the same values with it again. Bounds are narrower than the stored schema's:
 * they are what a person may choose, while the stored schema only guards against nonsense.
 * ---------------------------------------------------------------------------------------------- */

export const FORM_BOUNDS = {
  lowAlliance: { min: 1, max: 5 },
  reliableDrop: { min: 0.1, max: 2 },
  ratingGap: { min: 0.25, max: 4 },
  normsMinClients: { min: 10, max: 10_000 },
  clientWaiFromSession: { min: 1, max: 20 },
  clientWaiEveryNthSession: { min: 1, max: 12 },
  outcomeEveryNthSession: { min: 1, max: 26 },
  assignmentExpiryDays: { min: 1, max: 60 },
  escalateAfterHours: ESCALATE_AFTER_HOURS_BOUNDS,
  crisisText: CRISIS_TEXT_BOUNDS,
  /** Below 0.1 the floor no longer keeps ordinary session-to-session noise from looking like a rupture. */
  personalSdFloor: { min: 0.1, max: 1 },
  reminderHoursBeforeExpiry: { min: 0, max: 336 },
  reminderHour: { min: 0, max: 23 },
  maxReminders: { min: 1, max: 5 },
} as const;

/** At most two decimal places, with room for binary rounding (0.1 + 0.2). */
function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** A decimal on the WAI-SR mean scale, with a message that says the allowed range. */
function decimalField({ min, max }: { min: number; max: number }, what: string) {
  const range = `Enter ${what} between ${min} and ${max}.`;
  return z.number({ error: range }).min(min, range).max(max, range).refine(hasAtMostTwoDecimals, 'Use at most two decimal places (for example 0.75).');
}

function wholeNumberField({ min, max }: { min: number; max: number }, what: string) {
  const range = `Enter a whole number of ${what} between ${min} and ${max}.`;
  return z.number({ error: range }).int(range).min(min, range).max(max, range);
}

/** A choice made with radio buttons: the browser sends the option's value as text. */
function choiceField<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message }).transform((v) => Number(v));
}

/** "Sensitive" and "strict" k for the personal-mean rupture rule (measures.md: k = 1 or 2). */
export const PERSONAL_SD_K_OPTIONS = [
  {
    value: '1',
    label: 'Sensitive (k = 1)',
    description:
      'Flags a score more than 1 SD below the client’s own prior mean. Earlier warnings, but with the default floor about 1 in 10 measurements of a steady client is flagged.',
  },
  {
    value: '2',
    label: 'Strict (k = 2)',
    description:
      'Flags only scores more than 2 SD below the client’s own prior mean. The default: with the default floor and drop, under 5 % of a steady client’s measurements are flagged.',
  },
] as const;

export const PHQ9_CHANGE_OPTIONS = [
  { value: String(PHQ9_CONVENTIONS.lowe2004.threshold), label: PHQ9_CONVENTIONS.lowe2004.label },
  { value: String(PHQ9_CONVENTIONS.nhsTalkingTherapies.threshold), label: PHQ9_CONVENTIONS.nhsTalkingTherapies.label },
] as const;

export const GAD7_CHANGE_OPTIONS = [
  { value: String(GAD7_CONVENTIONS.nhsTalkingTherapies.threshold), label: GAD7_CONVENTIONS.nhsTalkingTherapies.label },
  { value: String(GAD7_CONVENTIONS.alternative6.threshold), label: GAD7_CONVENTIONS.alternative6.label },
] as const;

const values = <T extends readonly { value: string }[]>(options: T) =>
  options.map((o) => o.value) as unknown as readonly [T[number]['value'], ...T[number]['value'][]];

export const clinicSettingsFormSchema = z.object({
  alliance: z.object({
    lowAlliance: decimalField(FORM_BOUNDS.lowAlliance, 'a score'),
    reliableDrop: decimalField(FORM_BOUNDS.reliableDrop, 'a drop'),
    personalSdK: choiceField(values(PERSONAL_SD_K_OPTIONS), 'Choose sensitive or strict.'),
    personalSdFloor: decimalField(FORM_BOUNDS.personalSdFloor, 'an SD'),
    ratingGap: decimalField(FORM_BOUNDS.ratingGap, 'a difference'),
  }),
  outcomes: z.object({
    phq9ReliableChange: choiceField(values(PHQ9_CHANGE_OPTIONS), 'Choose which PHQ-9 convention to follow.'),
    gad7ReliableChange: choiceField(values(GAD7_CHANGE_OPTIONS), 'Choose which GAD-7 convention to follow.'),
  }),
  schedule: z.object({
    clientWaiFromSession: wholeNumberField(FORM_BOUNDS.clientWaiFromSession, 'sessions'),
    clientWaiEveryNthSession: wholeNumberField(FORM_BOUNDS.clientWaiEveryNthSession, 'sessions'),
    outcomeEveryNthSession: wholeNumberField(FORM_BOUNDS.outcomeEveryNthSession, 'sessions'),
    assignmentExpiryDays: wholeNumberField(FORM_BOUNDS.assignmentExpiryDays, 'days'),
  }),
  portal: z.object({
    showAllianceResultsToClients: z.boolean({ error: 'Choose whether clients see their alliance results.' }),
    crisisText: z
      .string({ error: 'Enter the crisis text.' })
      .trim()
      .min(FORM_BOUNDS.crisisText.min, `Write at least ${FORM_BOUNDS.crisisText.min} characters: clients at risk read this first.`)
      .max(FORM_BOUNDS.crisisText.max, `Keep the crisis text under ${FORM_BOUNDS.crisisText.max} characters.`),
  }),
  risk: z.object({
    escalateAfterHours: wholeNumberField(FORM_BOUNDS.escalateAfterHours, 'hours'),
  }),
  norms: z.object({
    minClients: wholeNumberField(FORM_BOUNDS.normsMinClients, 'clients'),
  }),
  security: z.object({
    requireStaffMfa: z.boolean({ error: 'Choose whether staff must use two-step sign-in.' }),
  }),
  reminders: z.object({
    enabled: z.boolean({ error: 'Choose whether clients get form reminders.' }),
    onAssignment: z.boolean({ error: 'Choose whether a reminder goes out when a form is assigned.' }),
    hoursBeforeExpiry: wholeNumberField(FORM_BOUNDS.reminderHoursBeforeExpiry, 'hours'),
    quietStartHour: wholeNumberField(FORM_BOUNDS.reminderHour, 'hours'),
    quietEndHour: wholeNumberField(FORM_BOUNDS.reminderHour, 'hours'),
    maxReminders: wholeNumberField(FORM_BOUNDS.maxReminders, 'reminders'),
  }),
});

export type ClinicSettingsFormInput = z.input<typeof clinicSettingsFormSchema>;
export type ClinicSettingsFormValues = z.output<typeof clinicSettingsFormSchema>;

/** What the settings form's save action receives: the form's values and the version they were edited from. */
export const updateClinicSettingsInputSchema = clinicSettingsFormSchema.extend({
  expectedVersion: z.number().int().min(0),
});

/**
 * Adopting a proposal carries only the settings version the admin looked at: the thresholds are
 * recomputed on the server, so numbers sent by a browser are refused outright (strict object).
 */
export const adoptThresholdsInputSchema = z.strictObject({ expectedVersion: z.number().int().min(0) });

/** The form's starting values for stored settings (radio choices travel as text). */
export function settingsFormDefaults(settings: ClinicSettings): ClinicSettingsFormInput {
  return {
    alliance: {
      lowAlliance: settings.alliance.lowAlliance,
      reliableDrop: settings.alliance.reliableDrop,
      personalSdK: String(settings.alliance.personalSdK) as ClinicSettingsFormInput['alliance']['personalSdK'],
      personalSdFloor: settings.alliance.personalSdFloor,
      ratingGap: settings.alliance.ratingGap,
    },
    outcomes: {
      phq9ReliableChange: String(settings.outcomes.phq9ReliableChange),
      gad7ReliableChange: String(settings.outcomes.gad7ReliableChange),
    },
    schedule: { ...settings.schedule },
    portal: { ...settings.portal },
    risk: { ...settings.risk },
    norms: { minClients: settings.norms.minClients },
    security: { requireStaffMfa: settings.security.requireStaffMfa },
    reminders: {
      enabled: settings.reminders.enabled,
      onAssignment: settings.reminders.onAssignment,
      hoursBeforeExpiry: settings.reminders.hoursBeforeExpiry,
      quietStartHour: settings.reminders.quietStartHour,
      quietEndHour: settings.reminders.quietEndHour,
      maxReminders: settings.reminders.maxReminders,
    },
  };
}

/**
 * The stored document with the form's values written over it, group by group, and that document
 * read back. Keys the form does not edit (e.g. `alliance.personalMinPrior`) stay as stored — or
 * absent, so they keep following the defaults. Changing the reliable drop by hand ends its link to
 * an adopted proposal (`norms.adoptedVersion`).
 */
export function applySettingsForm(
  stored: unknown,
  form: ClinicSettingsFormValues,
  now: Date = new Date(),
): { document: Record<string, unknown>; settings: ClinicSettings } {
  const base = isObject(stored) ? stored : {};
  const group = (key: string): JsonObject => (isObject(base[key]) ? base[key] : {});
  const current = readClinicSettings(base);
  const document: JsonObject = { ...base };
  for (const key of Object.keys(form) as (keyof ClinicSettingsFormValues)[]) document[key] = { ...group(key), ...form[key] };
  if (form.alliance.reliableDrop !== current.alliance.reliableDrop) document.norms = { ...(document.norms as JsonObject), adoptedVersion: null };
  // The moment reminders went on is what the completion trend compares before and after.
  if (form.reminders.enabled !== current.reminders.enabled) {
    document.reminders = { ...(document.reminders as JsonObject), enabledSince: form.reminders.enabled ? now.toISOString() : null };
  }
  return { document, settings: clinicSettingsSchema.parse(document) };
}

/** Keys the server sets as a consequence of another (not changes a person made). */
const DERIVED_KEYS = new Set(['reminders.enabledSince']);

/** Dotted keys (e.g. `schedule.assignmentExpiryDays`) whose values differ between two settings. */
export function changedSettingKeys(before: ClinicSettings, after: ClinicSettings): string[] {
  const changed: string[] = [];
  for (const groupKey of Object.keys(after) as (keyof ClinicSettings)[]) {
    const a = before[groupKey] as JsonObject;
    const b = after[groupKey] as JsonObject;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!Object.is(a[key], b[key]) && !DERIVED_KEYS.has(`${groupKey}.${key}`)) changed.push(`${groupKey}.${key}`);
    }
  }
  return changed.sort();
}
