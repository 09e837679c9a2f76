// Instrument definitions are plain, versioned data. Code never hard-codes an item,
// a key or a threshold; it reads them from these objects, so a correction (e.g. the
// provisional therapist WAI-SR) is a new data version, not a code change.

export const INSTRUMENT_KEYS = ['wai-sr-client', 'wai-sr-therapist', 'phq-9', 'gad-7'] as const;
export type InstrumentKey = (typeof INSTRUMENT_KEYS)[number];

export type Respondent = 'client' | 'therapist';
export type ScoreKind = 'sum' | 'mean';

/** One response option. `value` is the ordinal used for scoring; labels are display only. */
export interface ResponseOption {
  readonly value: number;
  readonly label: string;
  /** LOINC answer code (LA…), where one exists. */
  readonly loincAnswer?: string;
}

/** An extra answer code accepted on import for an item (never emitted, never used to score). */
export interface AlternateAnswerCode {
  readonly code: string;
  readonly display: string;
  readonly value: number;
}

/** When a conditional item is asked. Only one rule is needed so far. */
export type AskedWhen = 'any-scored-item-above-zero';

export interface InstrumentItem {
  /** Stable linkId, shared with FHIR (e.g. 'wai-1', 'phq9-9'). Never reuse for another meaning. */
  readonly id: string;
  readonly number: number;
  /** May contain the placeholder `{therapist}` or `{client}`; render with renderItemText. */
  readonly text: string;
  readonly loinc?: string;
  /** Scored items are required; unscored items are optional. */
  readonly scored: boolean;
  /** Overrides the instrument's options (e.g. the PHQ-9/GAD-7 difficulty item). */
  readonly options?: readonly ResponseOption[];
  readonly askedWhen?: AskedWhen;
  /** A positive answer raises a safety alert (PHQ-9 item 9). */
  readonly risk?: true;
  readonly alternateLoincAnswers?: readonly AlternateAnswerCode[];
}

export interface Subscale {
  readonly key: string;
  readonly label: string;
  readonly itemIds: readonly string[];
}

/** Inclusive range of totals. */
export interface ScoreBand {
  readonly key: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
}

export interface Instrument {
  readonly key: InstrumentKey;
  /** Semantic version of this data; a stored response keeps the version it was answered on. */
  readonly version: string;
  readonly title: string;
  readonly shortTitle: string;
  readonly respondent: Respondent;
  /** True when wording/key are not confirmed (see the measures reference). */
  readonly provisional: boolean;
  /** Licence line to display with the form. */
  readonly copyright: string;
  readonly sources: readonly string[];
  readonly instructions?: string;
  readonly stem?: string;
  readonly loinc?: { readonly panel: string; readonly total?: string };
  /** Prefix of every item id and of derived FHIR linkIds ('wai', 'phq9', 'gad7'). */
  readonly linkIdPrefix: string;
  readonly options: readonly ResponseOption[];
  readonly items: readonly InstrumentItem[];
  readonly subscales: readonly Subscale[];
  /** Empty when no validated cut-offs exist (WAI-SR): thresholds are then clinic settings. */
  readonly bands: readonly ScoreBand[];
  /** Range of the total (sum of scored items). */
  readonly range: { readonly min: number; readonly max: number };
  /** Which score is the headline: WAI-SR reports the mean, PHQ-9/GAD-7 the sum. */
  readonly scoreKind: ScoreKind;
}

/**
 * What answer validation and the form's conditional logic read from an instrument: item ids,
 * numbers, options, which items are scored, asked conditionally or risk items. No wording, codes
 * or scoring key, so it is small enough to hand to the browser (see instrumentRules). A full
 * Instrument is one too.
 */
export type InstrumentItemRules = Pick<InstrumentItem, 'id' | 'number' | 'scored' | 'options' | 'askedWhen' | 'risk'>;
export interface InstrumentRules {
  readonly key: InstrumentKey;
  readonly version: string;
  readonly options: readonly ResponseOption[];
  readonly items: readonly InstrumentItemRules[];
}

/** Answers keyed by item id; values are ordinals. Optional items may be absent. */
export type Answers = Readonly<Partial<Record<string, number>>>;

export interface SubscaleScore {
  readonly sum: number;
  readonly mean: number;
}

export interface ScoreResult {
  /** Sum of scored items. */
  readonly total: number;
  /** total / number of scored items, unrounded. */
  readonly mean: number;
  /** Items with an answer, scored or not. */
  readonly answeredCount: number;
  readonly subscales: Readonly<Record<string, SubscaleScore>>;
  readonly band?: { readonly key: string; readonly label: string };
  readonly riskFlag: boolean;
}
