import { literal, optional, strictObject, type ZodMiniType, type core } from 'zod/mini';
import { hasRiskAnswer, itemOptions, scoredItems } from './rules';
import type { Answers, Instrument, InstrumentItemRules, InstrumentRules, ScoreBand, ScoreResult, SubscaleScore } from './types';
import { renderItemText } from './wai-sr';

// Scoring reads ordinal `value`s only — never labels or answer codes.
//
// The answer schemas are zod/mini schemas (the same zod 4 engine and messages as classic zod, but
// tree-shakeable): the questionnaire form validates with these very schemas in the browser, where
// classic zod would add its whole API to the page's JavaScript. The server parses with the same
// schemas (schema.safeParse). Validation needs only InstrumentRules, never the wording; the
// zod-free rules (conditional items, risk answers) live in ./rules and are re-exported here.

export { findItem, hasRiskAnswer, instrumentRules, isItemEnabled, itemOptions, scoredItems, stripDisabledAnswers } from './rules';

export type AnswerIssue = core.$ZodIssue;

/** Thrown by scoreResponse when answers do not fit the instrument. Carries zod's issues. */
export class InvalidAnswersError extends Error {
  readonly instrumentKey: string;
  readonly version: string;
  readonly issues: readonly AnswerIssue[];

  constructor(instrument: Pick<Instrument, 'key' | 'version'>, issues: readonly AnswerIssue[]) {
    super(`Invalid answers for ${instrument.key}@${instrument.version}: ${issues.map((i) => i.message).join(' ')}`);
    this.name = 'InvalidAnswersError';
    this.instrumentKey = instrument.key;
    this.version = instrument.version;
    this.issues = issues;
  }
}

function answerSchema(instrument: InstrumentRules, item: InstrumentItemRules) {
  const values = itemOptions(instrument, item).map((o) => o.value);
  // A literal set accepts exactly the option values: rejects strings, non-integers, NaN, out of range.
  return literal(values, {
    error: (issue) =>
      issue.input === undefined ? `Please answer question ${item.number}.` : `Question ${item.number}: please choose one of the answers shown.`,
  });
}

function objectError(issue: { code?: string; keys?: readonly string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const list = issue.keys.map((k) => `"${k}"`).join(', ');
    return issue.keys.length === 1 ? `This form has no question ${list}.` : `This form has no questions ${list}.`;
  }
  return 'The answers could not be read. Please try again.';
}

/** A zod 4 schema of answers (zod/mini: parse with `.safeParse`/`.parse`, as with classic zod). */
export type AnswersSchema = ZodMiniType<Answers>;

function buildSchema(instrument: InstrumentRules, allOptional: boolean): AnswersSchema {
  const shape: Record<string, ZodMiniType<number | undefined>> = {};
  for (const item of instrument.items) {
    const schema = answerSchema(instrument, item);
    shape[item.id] = item.scored && !allOptional ? schema : optional(schema);
  }
  // Strict: an unknown key means the client and server disagree on the form version.
  return strictObject(shape, { error: objectError });
}

const completeSchemas = new WeakMap<InstrumentRules, AnswersSchema>();
const draftSchemas = new WeakMap<InstrumentRules, AnswersSchema>();

/** Complete submission: every scored item required, optional items optional, no extra keys. */
export function answersSchema(instrument: InstrumentRules): AnswersSchema {
  let schema = completeSchemas.get(instrument);
  if (!schema) {
    schema = buildSchema(instrument, false);
    completeSchemas.set(instrument, schema);
  }
  return schema;
}

/** Save-as-you-go draft: every item optional, but any value given must be valid. */
export function draftAnswersSchema(instrument: InstrumentRules): AnswersSchema {
  let schema = draftSchemas.get(instrument);
  if (!schema) {
    schema = buildSchema(instrument, true);
    draftSchemas.set(instrument, schema);
  }
  return schema;
}

/** The band containing `total`, or undefined (WAI-SR has no bands; totals outside the range). */
export function bandFor(instrument: Instrument, total: number): ScoreBand | undefined {
  return instrument.bands.find((b) => total >= b.min && total <= b.max);
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

/** The instrument's risk item (PHQ-9 item 9) with its wording and option labels, or null. */
export function riskItemOf(instrument: Instrument): { id: string; number: number; text: string; options: { value: number; label: string }[] } | null {
  const item = instrument.items.find((i) => i.risk);
  if (!item) return null;
  return {
    id: item.id,
    number: item.number,
    text: renderItemText(item.text),
    options: itemOptions(instrument, item).map((o) => ({ value: o.value, label: o.label })),
  };
}
