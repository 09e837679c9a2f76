import { describe, expect, it } from 'vitest';
import {
  INSTRUMENT_KEYS,
  InvalidAnswersError,
  answersSchema,
  compareVersions,
  draftAnswersSchema,
  formatScore,
  getInstrument,
  headlineRange,
  instrumentProblems,
  isInstrumentKey,
  latestVersion,
  listInstruments,
  listVersions,
  scoreResponse,
  type Instrument,
} from './index';
import { answersFrom } from './test-helpers';

const ALL = listInstruments();
const PHQ9 = getInstrument('phq-9');
const WAI = getInstrument('wai-sr-client');

function rejectionOf(instrument: Instrument, answers: unknown): InvalidAnswersError {
  try {
    scoreResponse(instrument, answers);
  } catch (error) {
    if (error instanceof InvalidAnswersError) return error;
    throw error;
  }
  throw new Error('expected InvalidAnswersError');
}

describe('registry', () => {
  it('has every key, latest version by default', () => {
    expect(ALL.map((i) => i.key)).toEqual([...INSTRUMENT_KEYS]);
    for (const key of INSTRUMENT_KEYS) {
      expect(latestVersion(key)).toBe('1.0.0');
      expect(listVersions(key)).toEqual(['1.0.0']);
      expect(getInstrument(key).version).toBe(latestVersion(key));
    }
  });

  it('throws clear errors for unknown key or version', () => {
    expect(() => getInstrument('phq-8')).toThrow('Unknown instrument "phq-8"');
    expect(() => getInstrument('phq-9', '9.9.9')).toThrow('Unknown version "9.9.9" of instrument "phq-9"');
    expect(() => latestVersion('nope')).toThrow(/Unknown instrument/);
    expect(isInstrumentKey('gad-7')).toBe(true);
    expect(isInstrumentKey('gad7')).toBe(false);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('0.9.9', '1.0.0')).toBeLessThan(0);
  });

  it('definitions are frozen', () => {
    expect(Object.isFrozen(PHQ9)).toBe(true);
    expect(Object.isFrozen(PHQ9.items[0])).toBe(true);
    expect(Object.isFrozen(WAI.subscales[0]?.itemIds)).toBe(true);
  });
});

describe('data integrity', () => {
  it.each(ALL)('$key: passes the structural checks', (instrument) => {
    expect(instrumentProblems(instrument)).toEqual([]);
  });

  it.each(ALL)('$key: unique ids following the linkId scheme, sources and licence present', (instrument) => {
    const ids = instrument.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    instrument.items.forEach((item, n) => expect(item.id).toBe(`${instrument.linkIdPrefix}-${n + 1}`));
    expect(instrument.sources.length).toBeGreaterThan(0);
    expect(instrument.copyright.length).toBeGreaterThan(0);
  });

  it('item ids do not collide across different instruments', () => {
    const byPrefix = new Map<string, Set<string>>();
    for (const i of ALL) byPrefix.set(i.linkIdPrefix, (byPrefix.get(i.linkIdPrefix) ?? new Set()).add(i.key));
    // Only the two WAI-SR versions share ids, deliberately, so client and therapist ratings pair up.
    expect([...byPrefix.entries()].filter(([, keys]) => keys.size > 1)).toEqual([['wai', new Set(['wai-sr-client', 'wai-sr-therapist'])]]);
  });

  it('no instrument carries a known wrong code', () => {
    const text = JSON.stringify(ALL);
    expect(text).not.toContain('75626-2');
    expect(PHQ9.loinc?.total).toBe('44261-6');
    expect(getInstrument('gad-7').loinc?.total).toBe('70274-6');
  });

  it('instrumentProblems catches a broken definition', () => {
    const broken: Instrument = {
      ...WAI,
      subscales: WAI.subscales.map((s) => (s.key === 'goal' ? { ...s, itemIds: s.itemIds.slice(1) } : s)),
      bands: [{ key: 'x', label: 'X', min: 13, max: 60 }],
    };
    const problems = instrumentProblems(broken);
    expect(problems).toContain('subscales do not partition the scored items');
    expect(problems.some((p) => p.startsWith('band x'))).toBe(true);
  });
});

describe('answer validation', () => {
  const validPhq = () => answersFrom(PHQ9, [1, 1, 1, 1, 1, 1, 1, 1, 1]);

  it.each(ALL)('$key: rejects a missing scored item with a plain message', (instrument) => {
    const complete = answersFrom(
      instrument,
      instrument.items.filter((i) => i.scored).map(() => instrument.options[0]?.value ?? 0),
    );
    const third = instrument.items[2]?.id ?? '';
    const missing = Object.fromEntries(Object.entries(complete).filter(([id]) => id !== third));
    const error = rejectionOf(instrument, missing);
    expect(error.issues.map((i) => i.message)).toEqual(['Please answer question 3.']);
    expect(error.issues[0]?.path).toEqual([third]);
    expect(error.instrumentKey).toBe(instrument.key);
    expect(error.version).toBe(instrument.version);
    expect(error.name).toBe('InvalidAnswersError');
    expect(error).toBeInstanceOf(Error);
  });

  it('rejects out-of-range values', () => {
    expect(rejectionOf(PHQ9, { ...validPhq(), 'phq9-1': 4 }).issues[0]?.message).toBe('Question 1: please choose one of the answers shown.');
    expect(() => scoreResponse(PHQ9, { ...validPhq(), 'phq9-2': -1 })).toThrow(InvalidAnswersError);
    const wai = answersFrom(WAI, Array(12).fill(3));
    expect(() => scoreResponse(WAI, { ...wai, 'wai-1': 0 })).toThrow(InvalidAnswersError);
    expect(() => scoreResponse(WAI, { ...wai, 'wai-12': 6 })).toThrow(InvalidAnswersError);
    expect(() => scoreResponse(PHQ9, { ...validPhq(), 'phq9-10': 4 })).toThrow(InvalidAnswersError);
  });

  it('rejects non-integers, strings, null, NaN', () => {
    for (const bad of [1.5, '2', null, Number.NaN, Number.POSITIVE_INFINITY, true]) {
      const error = rejectionOf(PHQ9, { ...validPhq(), 'phq9-5': bad });
      expect(error.issues.map((i) => i.message)).toEqual(['Question 5: please choose one of the answers shown.']);
    }
  });

  it('rejects extra keys', () => {
    const error = rejectionOf(PHQ9, { ...validPhq(), 'phq9-11': 1 });
    expect(error.issues.map((i) => i.message)).toEqual(['This form has no question "phq9-11".']);
    expect(() => scoreResponse(WAI, { ...answersFrom(WAI, Array(12).fill(3)), 'phq9-1': 1 })).toThrow(InvalidAnswersError);
  });

  it('rejects non-objects', () => {
    for (const bad of [null, undefined, 'answers', 3, []]) {
      expect(() => scoreResponse(PHQ9, bad)).toThrow(InvalidAnswersError);
    }
  });

  it('reports every problem at once', () => {
    const error = rejectionOf(PHQ9, { 'phq9-1': 9, extra: 1 });
    expect(error.issues.length).toBe(10); // 1 bad value + 8 missing + 1 unknown key
  });

  it('answersSchema accepts valid complete answers and unscored items', () => {
    expect(answersSchema(PHQ9).safeParse(validPhq()).success).toBe(true);
    expect(answersSchema(PHQ9).safeParse({ ...validPhq(), 'phq9-10': 0 }).success).toBe(true);
    expect(answersSchema(PHQ9).safeParse({}).success).toBe(false);
  });

  it('draftAnswersSchema makes every item optional but still checks values and keys', () => {
    const draft = draftAnswersSchema(PHQ9);
    expect(draft.safeParse({}).success).toBe(true);
    expect(draft.safeParse({ 'phq9-9': 2 }).success).toBe(true);
    expect(draft.safeParse({ 'phq9-9': 4 }).success).toBe(false);
    expect(draft.safeParse({ 'phq9-9': '2' }).success).toBe(false);
    expect(draft.safeParse({ 'phq9-99': 1 }).success).toBe(false);
    expect(draftAnswersSchema(WAI).safeParse({ 'wai-3': 5 }).success).toBe(true);
  });
});

describe('display helpers', () => {
  it('formatScore rounds only for display', () => {
    expect(formatScore(40 / 12, 'mean')).toBe('3.33');
    expect(formatScore(3, 'mean')).toBe('3.00');
    expect(formatScore(2.125, 'mean')).toBe('2.13');
    expect(formatScore(41 / 12, 'mean', 1)).toBe('3.4');
    expect(formatScore(14, 'sum')).toBe('14');
  });

  it('headlineRange', () => {
    expect(headlineRange(PHQ9)).toEqual({ min: 0, max: 27 });
    expect(headlineRange(getInstrument('gad-7'))).toEqual({ min: 0, max: 21 });
    expect(headlineRange(getInstrument('wai-sr-therapist'))).toEqual({ min: 1, max: 5 });
  });
});
