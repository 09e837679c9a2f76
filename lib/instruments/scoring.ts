import { z } from 'zod';
import type {
  Answers,
  Instrument,
  InstrumentItem,
  ResponseOption,
  ScoreBand,
  ScoreResult,
  SubscaleScore,
} from './types';

// Scoring reads ordinal `value`s only — never labels or answer codes.

export type AnswerIssue = z.core.$ZodIssue;

/** Thrown by scoreResponse when answers do not fit the instrument. Carries zod's issues. */
export class InvalidAnswersError extends Error {
  readonly instrumentKey: string;
  readonly version: string;
  readonly issues: readonly AnswerIssue[];

  constructor(instrument: Instrument, issues: readonly AnswerIssue[]) {
    super(
      `Invalid answers for ${instrument.key}@${instrument.version}: ${issues.map((i) => i.message).join(' ')}`,
    );
    this.name = 'InvalidAnswersError';
    this.instrumentKey = instrument.key;
    this.version = instrument.version;
    this.issues = issues;
  }
}

export function itemOptions(instrument: Instrument, item: InstrumentItem): readonly ResponseOption[] {
  return item.options ?? instrument.options;
}

export function findItem(instrument: Instrument, itemId: string): InstrumentItem {
  const item = instrument.items.find((i) => i.id === itemId);
  if (!item) throw new Error(`Instrument ${instrument.key}@${instrument.version} has no item "${itemId}".`);
  return item;
}

function answerSchema(instrument: Instrument, item: InstrumentItem) {
  const values = itemOptions(instrument, item).map((o) => o.value);
  // A literal set accepts exactly the option values: rejects strings, non-integers, NaN, out of range.
  return z.literal(values, {
    error: (issue) =>
      issue.input === undefined
        ? `Please answer question ${item.number}.`
        : `Question ${item.number}: please choose one of the answers shown.`,
  });
}

function objectError(issue: { code?: string; keys?: readonly string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const list = issue.keys.map((k) => `"${k}"`).join(', ');
    return issue.keys.length === 1
      ? `This form has no question ${list}.`
      : `This form has no questions ${list}.`;
  }
  return 'The answers could not be read. Please try again.';
}

function buildSchema(instrument: Instrument, allOptional: boolean): z.ZodType<Answers> {
  const shape: Record<string, z.ZodType<number | undefined>> = {};
  for (const item of instrument.items) {
    const schema = answerSchema(instrument, item);
    shape[item.id] = item.scored && !allOptional ? schema : schema.optional();
  }
  // Strict: an unknown key means the client and server disagree on the form version.
  return z.strictObject(shape, { error: objectError });
}

const completeSchemas = new WeakMap<Instrument, z.ZodType<Answers>>();
const draftSchemas = new WeakMap<Instrument, z.ZodType<Answers>>();

/** Complete submission: every scored item required, optional items optional, no extra keys. */
export function answersSchema(instrument: Instrument): z.ZodType<Answers> {
  let schema = completeSchemas.get(instrument);
  if (!schema) {
    schema = buildSchema(instrument, false);
    completeSchemas.set(instrument, schema);
  }
  return schema;
}

/** Save-as-you-go draft: every item optional, but any value given must be valid. */
export function draftAnswersSchema(instrument: Instrument): z.ZodType<Answers> {
  let schema = draftSchemas.get(instrument);
  if (!schema) {
    schema = buildSchema(instrument, true);
    draftSchemas.set(instrument, schema);
  }
  return schema;
}

export function scoredItems(instrument: Instrument): readonly InstrumentItem[] {
  return instrument.items.filter((i) => i.scored);
}

/** The band containing `total`, or undefined (WAI-SR has no bands; totals outside the range). */
export function bandFor(instrument: Instrument, total: number): ScoreBand | undefined {
  return instrument.bands.find((b) => total >= b.min && total <= b.max);
}

/**
 * True when any risk item (PHQ-9 item 9) has a value above 0. Works on incomplete drafts and
 * deliberately does not require the rest of the form to be valid: a safety signal must not wait.
 */
export function hasRiskAnswer(instrument: Instrument, partialAnswers: Readonly<Record<string, unknown>>): boolean {
  return instrument.items.some((item) => {
    const value = item.risk ? partialAnswers[item.id] : undefined;
    return typeof value === 'number' && value > 0;
  });
}

/** Whether a conditional item should be asked, given the answers so far. */
export function isItemEnabled(
  instrument: Instrument,
  itemId: string,
  answers: Readonly<Record<string, unknown>>,
): boolean {
  const item = findItem(instrument, itemId);
  if (item.askedWhen === 'any-scored-item-above-zero') {
    return scoredItems(instrument).some((s) => {
      const value = answers[s.id];
      return typeof value === 'number' && value > 0;
    });
  }
  return true;
}

/** Drops answers to items that are not asked (e.g. difficulty item when all scored items are 0). */
export function stripDisabledAnswers(instrument: Instrument, answers: Answers): Answers {
  return Object.fromEntries(
    Object.entries(answers).filter(([id]) => {
      const item = instrument.items.find((i) => i.id === id);
      return item === undefined || isItemEnabled(instrument, id, answers);
    }),
  );
}

/**
 * Validates then scores a complete response. Numbers are exact (no rounding): round only for
 * display (formatScore). Throws InvalidAnswersError when the answers do not fit.
 */
export function scoreResponse(instrument: Instrument, answers: unknown): ScoreResult {
  const parsed = answersSchema(instrument).safeParse(answers);
  if (!parsed.success) throw new InvalidAnswersError(instrument, parsed.error.issues);
  const valid = parsed.data;

  const valueOf = (id: string): number => {
    const value = valid[id];
    // Unreachable after validation; guards against an inconsistent definition.
    if (value === undefined) throw new Error(`Missing answer for scored item ${id}.`);
    return value;
  };

  const scored = scoredItems(instrument);
  const total = scored.reduce((sum, item) => sum + valueOf(item.id), 0);

  const subscales: Record<string, SubscaleScore> = {};
  for (const subscale of instrument.subscales) {
    const sum = subscale.itemIds.reduce((acc, id) => acc + valueOf(id), 0);
    subscales[subscale.key] = { sum, mean: sum / subscale.itemIds.length };
  }

  const band = bandFor(instrument, total);
  return {
    total,
    mean: total / scored.length,
    answeredCount: instrument.items.filter((i) => valid[i.id] !== undefined).length,
    subscales,
    ...(band ? { band: { key: band.key, label: band.label } } : {}),
    riskFlag: hasRiskAnswer(instrument, valid),
  };
}

/** The score to show first: the mean for WAI-SR, the total for PHQ-9/GAD-7. */
export function headlineScore(instrument: Instrument, scores: Pick<ScoreResult, 'total' | 'mean'>): number {
  return instrument.scoreKind === 'mean' ? scores.mean : scores.total;
}

/** Range of the headline score (WAI-SR mean 1–5; PHQ-9 0–27; GAD-7 0–21). */
export function headlineRange(instrument: Instrument): { min: number; max: number } {
  if (instrument.scoreKind === 'sum') return { min: instrument.range.min, max: instrument.range.max };
  const n = scoredItems(instrument).length;
  return { min: instrument.range.min / n, max: instrument.range.max / n };
}

/** Display only: sums as integers, means to `decimals` places (2 by default). Never store this. */
export function formatScore(value: number, kind: Instrument['scoreKind'], decimals = 2): string {
  if (kind === 'sum') return String(Math.round(value));
  const factor = 10 ** decimals;
  return (Math.round((value + Number.EPSILON) * factor) / factor).toFixed(decimals);
}
