/**
 * Deterioration / reliable improvement on PHQ-9 and GAD-7 totals (DESIGN.md "Alerts"), pure.
 * Higher is worse on both, so an increase of at least the threshold is a deterioration. The change
 * is measured from the client's first (intake) score, and every finding records which convention
 * its threshold came from (measures.md: "record which convention a flag used").
 */
export type OutcomeInstrument = 'phq-9' | 'gad-7';

export type OutcomeConvention = {
  readonly label: string;
  readonly threshold: number;
  readonly source: string;
  /** measures.md status: V confirmed, P partly confirmed, OPEN not confirmed. */
  readonly status: 'V' | 'P' | 'OPEN';
};

/** PHQ-9 reliable-change conventions (measures.md "PHQ-9"). */
export const PHQ9_CONVENTIONS = {
  nhsTalkingTherapies: { label: 'NHS Talking Therapies (≥6)', threshold: 6, source: 'NHS Talking Therapies convention', status: 'P' },
  lowe2004: { label: 'Löwe et al. 2004 (≥5)', threshold: 5, source: 'Löwe et al. (2004), Med Care 42(12)', status: 'V' },
} as const satisfies Record<string, OutcomeConvention>;

/** GAD-7 reliable-change conventions (measures.md "GAD-7"). */
export const GAD7_CONVENTIONS = {
  nhsTalkingTherapies: {
    label: 'NHS Talking Therapies (≥4)',
    threshold: 4,
    source: 'NHS Talking Therapies convention; MCID 4 per Toussaint et al. (2020)',
    status: 'P',
  },
  // measures.md only says "6 proposed elsewhere": kept as an option, its source unconfirmed.
  alternative6: { label: 'Alternative (≥6, source unconfirmed)', threshold: 6, source: 'proposed elsewhere (OPEN)', status: 'OPEN' },
} as const satisfies Record<string, OutcomeConvention>;

const CONVENTIONS: Record<OutcomeInstrument, readonly OutcomeConvention[]> = {
  'phq-9': Object.values(PHQ9_CONVENTIONS),
  'gad-7': Object.values(GAD7_CONVENTIONS),
};

/**
 * Name of the convention a threshold follows: the published one with that value, otherwise a
 * label saying it is the clinic's own (so a flag never claims a source it does not have).
 */
export function conventionFor(instrument: OutcomeInstrument, threshold: number): string {
  return CONVENTIONS[instrument].find((c) => c.threshold === threshold)?.label ?? `Clinic setting (≥${threshold})`;
}

type OutcomeNumbers = {
  instrument: OutcomeInstrument;
  baseline: number;
  current: number;
  /** current − baseline: positive is worse. */
  change: number;
  threshold: number;
  convention: string;
};

export type OutcomeFinding = ({ rule: 'deterioration' } & OutcomeNumbers) | ({ rule: 'reliable_improvement' } & OutcomeNumbers);

export type ReliableChangeInput = {
  instrument: OutcomeInstrument;
  baseline: number;
  current: number;
  threshold: number;
  convention: string;
};

/**
 * Reliable change between two totals. Totals are integer sums, so the comparison is exact (no
 * tolerance, unlike the alliance means).
 */
export function reliableChange({ instrument, baseline, current, threshold, convention }: ReliableChangeInput): OutcomeFinding | null {
  // A zero threshold would flag "no change" as both; the settings schema already forbids it.
  if (!(threshold > 0)) throw new RangeError(`Reliable-change threshold must be positive, got ${threshold}`);
  const change = current - baseline;
  const numbers = { instrument, baseline, current, change, threshold, convention };
  if (change >= threshold) return { rule: 'deterioration', ...numbers };
  if (-change >= threshold) return { rule: 'reliable_improvement', ...numbers };
  return null;
}

/** The outcome settings of a clinic (structurally `ClinicSettings['outcomes']`). */
export type ClinicOutcomeSettings = { phq9ReliableChange: number; gad7ReliableChange: number };

/** The rule's inputs for one instrument: threshold and the convention it follows. */
export type OutcomeRuleSettings = { instrument: OutcomeInstrument; threshold: number; convention: string };

/** Picks the instrument's threshold from clinic settings and names its convention. */
export function outcomeRuleSettings(instrument: OutcomeInstrument, settings: ClinicOutcomeSettings): OutcomeRuleSettings {
  const threshold = instrument === 'phq-9' ? settings.phq9ReliableChange : settings.gad7ReliableChange;
  return { instrument, threshold, convention: conventionFor(instrument, threshold) };
}

/**
 * Finding for a new total given the client's earlier totals on the same instrument (oldest first).
 * The baseline is the first (intake) score; with no history the new score is the baseline itself.
 */
export function outcomeFinding(history: readonly number[], current: number, settings: OutcomeRuleSettings): OutcomeFinding | null {
  const baseline = history[0];
  if (baseline === undefined) return null;
  return reliableChange({ ...settings, baseline, current });
}
