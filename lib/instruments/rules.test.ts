import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersSchema, draftAnswersSchema, hasRiskAnswer, instrumentRules, isItemEnabled, listInstruments, stripDisabledAnswers, type Answers } from './index';
import { completeAnswersArb } from './test-helpers';

// instrumentRules is what the questionnaire form gets in the browser (through the page's props, so
// as JSON): validating and applying the form's rules on it must give exactly what the server gets
// from the full instrument.

const ALL = listInstruments();
/** The rules as the browser sees them: serialised by the page, parsed again. */
const browserRules = (instrument: (typeof ALL)[number]) => JSON.parse(JSON.stringify(instrumentRules(instrument))) as ReturnType<typeof instrumentRules>;

/** Any answer-like object: item ids (and strangers) with valid, out-of-range or odd values. */
function answersArb(instrument: (typeof ALL)[number]): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...instrument.items.map((i) => i.id), 'extra', `${instrument.linkIdPrefix}-99`];
  const value = fc.oneof(fc.integer({ min: -1, max: 7 }), fc.constantFrom(1.5, '2', null, Number.NaN, true));
  return fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
}

const outcome = (result: {
  success: boolean;
  data?: unknown;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[] };
}) => JSON.stringify([result.success, result.data ?? null, result.error?.issues.map((i) => [i.path, i.code, i.message]) ?? null]);

describe('instrumentRules', () => {
  it.each(ALL)('$key: carries no wording, answer codes or scoring key', (instrument) => {
    const rules = instrumentRules(instrument);
    const text = JSON.stringify(rules);
    expect(Object.keys(rules).sort()).toEqual(['items', 'key', 'options', 'version']);
    for (const item of instrument.items) expect(text).not.toContain(item.text);
    expect(text).not.toContain('loinc');
    expect(text).not.toContain('LA6');
    expect(rules.items.map((i) => i.id)).toEqual(instrument.items.map((i) => i.id));
  });

  it.each(ALL)('$key: the answer schemas built from the rules judge answers exactly as from the instrument', (instrument) => {
    const rules = browserRules(instrument);
    fc.assert(
      fc.property(answersArb(instrument), (answers) => {
        expect(outcome(answersSchema(rules).safeParse(answers))).toBe(outcome(answersSchema(instrument).safeParse(answers)));
        expect(outcome(draftAnswersSchema(rules).safeParse(answers))).toBe(outcome(draftAnswersSchema(instrument).safeParse(answers)));
      }),
    );
  });

  it.each(ALL)('$key: conditional items, risk answers and stripping agree with the instrument', (instrument) => {
    const rules = browserRules(instrument);
    fc.assert(
      fc.property(completeAnswersArb(instrument), (answers: Answers) => {
        for (const item of instrument.items) expect(isItemEnabled(rules, item.id, answers)).toBe(isItemEnabled(instrument, item.id, answers));
        expect(hasRiskAnswer(rules, answers)).toBe(hasRiskAnswer(instrument, answers));
        expect(stripDisabledAnswers(rules, answers)).toEqual(stripDisabledAnswers(instrument, answers));
      }),
    );
  });

  it('keeps the PHQ-9 risk item and the conditional difficulty item', () => {
    const phq = browserRules(ALL.find((i) => i.key === 'phq-9')!);
    expect(phq.items.find((i) => i.risk)?.id).toBe('phq9-9');
    expect(hasRiskAnswer(phq, { 'phq9-9': 1 })).toBe(true);
    expect(hasRiskAnswer(phq, { 'phq9-9': 0 })).toBe(false);
    expect(isItemEnabled(phq, 'phq9-10', { 'phq9-1': 0 })).toBe(false);
    expect(isItemEnabled(phq, 'phq9-10', { 'phq9-1': 2 })).toBe(true);
  });
});
