import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PHQ9_V1 } from './phq9';
import { bandFor, hasRiskAnswer, headlineScore, isItemEnabled, scoreResponse, stripDisabledAnswers } from './scoring';
import { answersFrom, completeAnswersArb } from './test-helpers';

const phq = (values: number[], extra: Record<string, number> = {}) => ({ ...answersFrom(PHQ9_V1, values), ...extra });

describe('PHQ-9 data', () => {
  it('has 9 scored items + an unscored difficulty item', () => {
    expect(PHQ9_V1.items).toHaveLength(10);
    expect(PHQ9_V1.items.filter((i) => i.scored).map((i) => i.id)).toEqual(Array.from({ length: 9 }, (_, i) => `phq9-${i + 1}`));
    const item10 = PHQ9_V1.items[9];
    expect(item10?.scored).toBe(false);
    expect(item10?.askedWhen).toBe('any-scored-item-above-zero');
    expect(PHQ9_V1.range).toEqual({ min: 0, max: 27 });
    expect(PHQ9_V1.scoreKind).toBe('sum');
    expect(PHQ9_V1.provisional).toBe(false);
    expect(PHQ9_V1.copyright).toContain('No permission required to reproduce, translate, display or distribute.');
  });

  it('uses the LOINC codes of the reference table', () => {
    expect(PHQ9_V1.items.map((i) => i.loinc)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
      '69722-7',
    ]);
    expect(PHQ9_V1.loinc).toEqual({ panel: '44249-1', total: '44261-6' });
  });

  it('44260-8 is item 9 (the risk item), never the total', () => {
    const item9 = PHQ9_V1.items.find((i) => i.loinc === '44260-8');
    expect(item9?.id).toBe('phq9-9');
    expect(item9?.risk).toBe(true);
    expect(PHQ9_V1.loinc?.total).not.toBe('44260-8');
    expect(PHQ9_V1.items.filter((i) => i.risk).map((i) => i.id)).toEqual(['phq9-9']);
  });

  it('answer codes: LL358-3 for items 1–9, LL359-1 (codes out of numeric order) for item 10', () => {
    expect(PHQ9_V1.options.map((o) => [o.value, o.label, o.loincAnswer])).toEqual([
      [0, 'Not at all', 'LA6568-5'],
      [1, 'Several days', 'LA6569-3'],
      [2, 'More than half the days', 'LA6570-1'],
      [3, 'Nearly every day', 'LA6571-9'],
    ]);
    expect(PHQ9_V1.items[9]?.options?.map((o) => [o.value, o.label, o.loincAnswer])).toEqual([
      [0, 'Not difficult at all', 'LA6572-7'],
      [1, 'Somewhat difficult', 'LA6573-5'],
      [2, 'Very difficult', 'LA6575-0'],
      [3, 'Extremely difficult', 'LA6574-3'],
    ]);
  });
});

describe('PHQ-9 scoring, hand-worked band boundaries', () => {
  const cases: [number[], number, string][] = [
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild'],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1], 9, 'mild'],
    [[2, 1, 1, 1, 1, 1, 1, 1, 1], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 1, 1, 1, 1], 14, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 1, 1, 1], 15, 'moderately-severe'],
    [[3, 3, 3, 2, 2, 2, 2, 1, 1], 19, 'moderately-severe'],
    [[3, 3, 3, 3, 2, 2, 2, 1, 1], 20, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe'],
  ];
  it.each(cases)('%j → total %i (%s)', (values, total, band) => {
    const s = scoreResponse(PHQ9_V1, phq(values));
    expect(s.total).toBe(total);
    expect(s.mean).toBe(total / 9);
    expect(s.band?.key).toBe(band);
    expect(s.subscales).toEqual({});
    expect(headlineScore(PHQ9_V1, s)).toBe(total);
  });

  it('band labels', () => {
    expect(bandFor(PHQ9_V1, 17)?.label).toBe('Moderately severe');
    expect(bandFor(PHQ9_V1, 28)).toBeUndefined();
    expect(bandFor(PHQ9_V1, -1)).toBeUndefined();
  });
});

describe('PHQ-9 risk item', () => {
  it('flags item 9 > 0, even when the total is minimal', () => {
    const s = scoreResponse(PHQ9_V1, phq([0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(s.total).toBe(1);
    expect(s.band?.key).toBe('minimal');
    expect(s.riskFlag).toBe(true);
  });

  it('does not flag when item 9 is 0, however high the total', () => {
    expect(scoreResponse(PHQ9_V1, phq([3, 3, 3, 3, 3, 3, 3, 3, 0])).riskFlag).toBe(false);
  });

  it('hasRiskAnswer works on drafts', () => {
    expect(hasRiskAnswer(PHQ9_V1, {})).toBe(false);
    expect(hasRiskAnswer(PHQ9_V1, { 'phq9-9': 0 })).toBe(false);
    expect(hasRiskAnswer(PHQ9_V1, { 'phq9-9': 2 })).toBe(true);
    expect(hasRiskAnswer(PHQ9_V1, { 'phq9-1': 3 })).toBe(false);
  });

  it('riskFlag ⇔ item 9 > 0 for every complete answer set', () => {
    fc.assert(
      fc.property(completeAnswersArb(PHQ9_V1), (answers) => {
        expect(scoreResponse(PHQ9_V1, answers).riskFlag).toBe((answers['phq9-9'] ?? 0) > 0);
      }),
    );
  });
});

describe('PHQ-9 difficulty item (10)', () => {
  it('is optional and never scored', () => {
    const without = scoreResponse(PHQ9_V1, phq([1, 0, 0, 0, 0, 0, 0, 0, 0]));
    const withIt = scoreResponse(PHQ9_V1, phq([1, 0, 0, 0, 0, 0, 0, 0, 0], { 'phq9-10': 3 }));
    expect(withIt.total).toBe(without.total);
    expect(without.answeredCount).toBe(9);
    expect(withIt.answeredCount).toBe(10);
  });

  it('is asked only when some scored item is above 0', () => {
    expect(isItemEnabled(PHQ9_V1, 'phq9-10', phq([0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(false);
    expect(isItemEnabled(PHQ9_V1, 'phq9-10', {})).toBe(false);
    expect(isItemEnabled(PHQ9_V1, 'phq9-10', { 'phq9-4': 1 })).toBe(true);
    expect(isItemEnabled(PHQ9_V1, 'phq9-1', {})).toBe(true);
    const zeros = phq([0, 0, 0, 0, 0, 0, 0, 0, 0], { 'phq9-10': 2 });
    expect(stripDisabledAnswers(PHQ9_V1, zeros)).not.toHaveProperty('phq9-10');
    const some = phq([0, 1, 0, 0, 0, 0, 0, 0, 0], { 'phq9-10': 2 });
    expect(stripDisabledAnswers(PHQ9_V1, some)).toEqual(some);
  });
});

describe('PHQ-9 scoring, properties', () => {
  it('total in 0–27, total = mean × 9, band defined', () => {
    fc.assert(
      fc.property(completeAnswersArb(PHQ9_V1), (answers) => {
        const s = scoreResponse(PHQ9_V1, answers);
        expect(Number.isInteger(s.total)).toBe(true);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(27);
        expect(s.mean * 9).toBeCloseTo(s.total, 10);
        expect(s.band).toBeDefined();
      }),
    );
  });

  it('every possible total 0–27 has exactly one band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 27 }), (total) => {
        expect(PHQ9_V1.bands.filter((b) => total >= b.min && total <= b.max)).toHaveLength(1);
      }),
    );
  });
});
