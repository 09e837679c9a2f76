/*
 * The R4 enableWhen rule, as a renderer applies it to a Questionnaire item given the answers so far
 * (https://hl7.org/fhir/R4/questionnaire-definitions.html#Questionnaire.item.enableWhen). Pure. Used
 * by the tests to show that the exported Questionnaires enable the difficulty item exactly when the
 * app asks it, and by the importer to drop answers a renderer would not have asked.
 *
 * One reading is fixed here where R4 is loose: a condition on an unanswered question is false for
 * every operator but `exists` (R5 says so explicitly). Renderers that instead count `!=` as true
 * for an unanswered question are why the exported forms only use `=`.
 */

export type EnableWhenOperator = 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';

export interface CodingValue {
  readonly system?: string;
  readonly code?: string;
}

/** One answer of a QuestionnaireResponse item (the value[x] choices this app meets). */
export interface AnswerValue {
  readonly valueCoding?: CodingValue;
  readonly valueInteger?: number;
  readonly valueDecimal?: number;
  readonly valueBoolean?: boolean;
  readonly valueString?: string;
}

export interface EnableWhenCondition {
  readonly question: string;
  readonly operator: EnableWhenOperator;
  readonly answerBoolean?: boolean;
  readonly answerCoding?: CodingValue;
  readonly answerInteger?: number;
  readonly answerDecimal?: number;
  readonly answerString?: string;
}

export interface ConditionalItem {
  readonly enableWhen?: readonly EnableWhenCondition[];
  readonly enableBehavior?: 'any' | 'all';
}

/** Answers by linkId; an absent or empty list means the question is unanswered. */
export type AnswersByLinkId = ReadonlyMap<string, readonly AnswerValue[]>;

type Comparable =
  { kind: 'coding'; value: CodingValue } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'string'; value: string };

function expected(condition: EnableWhenCondition): Comparable | null {
  if (condition.answerCoding !== undefined) return { kind: 'coding', value: condition.answerCoding };
  if (condition.answerInteger !== undefined) return { kind: 'number', value: condition.answerInteger };
  if (condition.answerDecimal !== undefined) return { kind: 'number', value: condition.answerDecimal };
  if (condition.answerBoolean !== undefined) return { kind: 'boolean', value: condition.answerBoolean };
  if (condition.answerString !== undefined) return { kind: 'string', value: condition.answerString };
  return null;
}

function actual(answer: AnswerValue): Comparable | null {
  if (answer.valueCoding !== undefined) return { kind: 'coding', value: answer.valueCoding };
  if (answer.valueInteger !== undefined) return { kind: 'number', value: answer.valueInteger };
  if (answer.valueDecimal !== undefined) return { kind: 'number', value: answer.valueDecimal };
  if (answer.valueBoolean !== undefined) return { kind: 'boolean', value: answer.valueBoolean };
  if (answer.valueString !== undefined) return { kind: 'string', value: answer.valueString };
  return null;
}

/** -1/0/1 when the two can be ordered, 'equal'/'different' when they can only be compared, null when not at all. */
function compare(a: Comparable, b: Comparable): number | 'equal' | 'different' | null {
  if (a.kind !== b.kind) return null;
  switch (a.kind) {
    case 'coding': {
      const other = b.value as CodingValue;
      // A coding matches on code, and on system when both name one.
      const sameSystem = a.value.system === undefined || other.system === undefined || a.value.system === other.system;
      return sameSystem && a.value.code === other.code ? 'equal' : 'different';
    }
    case 'boolean':
      return a.value === b.value ? 'equal' : 'different';
    case 'number':
    case 'string': {
      const x = a.value;
      const y = b.value as typeof x;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function holds(operator: EnableWhenOperator, comparison: number | 'equal' | 'different' | null): boolean {
  if (comparison === null) return false;
  const isEqual = comparison === 'equal' || comparison === 0;
  switch (operator) {
    case '=':
      return isEqual;
    case '!=':
      return !isEqual;
    case 'exists':
      return false; // handled by the caller
    default:
      // Ordering operators apply to ordered types only (R4: not to Coding or boolean).
      if (typeof comparison !== 'number') return false;
      if (operator === '>') return comparison > 0;
      if (operator === '<') return comparison < 0;
      if (operator === '>=') return comparison >= 0;
      return comparison <= 0;
  }
}

/** Whether one condition holds for the answers given. */
export function conditionHolds(condition: EnableWhenCondition, answers: AnswersByLinkId): boolean {
  const given = answers.get(condition.question) ?? [];
  if (condition.operator === 'exists') return given.length > 0 === (condition.answerBoolean ?? true);
  const want = expected(condition);
  if (want === null || given.length === 0) return false;
  if (condition.operator === '!=') {
    // True when no answer equals the value (and there is an answer).
    return given.every((answer) => {
      const have = actual(answer);
      return have !== null && holds('!=', compare(have, want));
    });
  }
  return given.some((answer) => {
    const have = actual(answer);
    return have !== null && holds(condition.operator, compare(have, want));
  });
}

/** Whether an item is enabled: no conditions, or any/all of them hold (enableBehavior; R4 requires it when there are several). */
export function isItemEnabledByFhir(item: ConditionalItem, answers: AnswersByLinkId): boolean {
  const conditions = item.enableWhen ?? [];
  if (conditions.length === 0) return true;
  const behavior = item.enableBehavior ?? 'all';
  return behavior === 'any' ? conditions.some((c) => conditionHolds(c, answers)) : conditions.every((c) => conditionHolds(c, answers));
}

/** The answers of a flat QuestionnaireResponse item list, by linkId. */
export function answersOf(items: readonly { readonly linkId: string; readonly answer?: readonly AnswerValue[] }[]): AnswersByLinkId {
  return new Map(items.map((i) => [i.linkId, i.answer ?? []]));
}
