import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ordinalFromLoincAnswer } from './fhir';
import { GAD7_V1 } from './gad7';
import { hasRiskAnswer, isItemEnabled, scoreResponse } from './scoring';
import { answersFrom, completeAnswersArb } from './test-helpers';

describe('GAD-7 data', () => {
  it('has 7 scored items + an unscored difficulty item without a LOINC code', () => {
    expect(GAD7_V1.items).toHaveLength(8);
    expect(GAD7_V1.items.filter((i) => i.scored)).toHaveLength(7);
    const item8 = GAD7_V1.items[7];
    expect(item8?.id).toBe('gad7-8');
    expect(item8?.scored).toBe(false);
    expect(item8?.loinc).toBeUndefined();
    expect(item8?.askedWhen).toBe('any-scored-item-above-zero');
    expect(GAD7_V1.range).toEqual({ min: 0, max: 21 });
    expect(GAD7_V1.items.some((i) => i.risk)).toBe(false);
  });

  it('uses the LOINC codes of the reference table (items 6 and 7 not swapped)', () => {
    expect(GAD7_V1.items.map((i) => i.loinc)).toEqual(['69725-0', '68509-9', '69733-4', '69734-2', '69735-9', '69689-8', '69736-7', undefined]);
    expect(GAD7_V1.items.find((i) => i.number === 6)?.loinc).toBe('69689-8');
    expect(GAD7_V1.items.find((i) => i.number === 6)?.text).toBe('Becoming easily annoyed or irritable');
    expect(GAD7_V1.items.find((i) => i.number === 7)?.loinc).toBe('69736-7');
    expect(GAD7_V1.items.find((i) => i.number === 7)?.text).toBe('Feeling afraid, as if something awful might happen');
    expect(GAD7_V1.loinc).toEqual({ panel: '69737-5', total: '70274-6' });
    expect(JSON.stringify(GAD7_V1)).not.toContain('75626-2');
  });

  it('item 2 accepts LA18938-3 "More days than not" as value 2, alongside LA6570-1', () => {
    expect(ordinalFromLoincAnswer(GAD7_V1, 'gad7-2', 'LA6570-1')).toBe(2);
    expect(ordinalFromLoincAnswer(GAD7_V1, 'gad7-2', 'LA18938-3')).toBe(2);
    expect(ordinalFromLoincAnswer(GAD7_V1, 'gad7-3', 'LA18938-3')).toBeUndefined();
    expect(ordinalFromLoincAnswer(GAD7_V1, 'gad7-1', 'LA6571-9')).toBe(3);
    expect(ordinalFromLoincAnswer(GAD7_V1, 'gad7-8', 'LA6575-0')).toBe(2);
    expect(() => ordinalFromLoincAnswer(GAD7_V1, 'gad7-9', 'LA6570-1')).toThrow(/no item "gad7-9"/);
  });
});

describe('GAD-7 scoring, hand-worked band boundaries', () => {
  const cases: [number[], number, string][] = [
    [[0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0], 5, 'mild'],
    [[2, 2, 1, 1, 1, 1, 1], 9, 'mild'],
    [[2, 2, 2, 1, 1, 1, 1], 10, 'moderate'],
    [[2, 2, 2, 2, 2, 2, 2], 14, 'moderate'],
    [[3, 2, 2, 2, 2, 2, 2], 15, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3], 21, 'severe'],
  ];
  it.each(cases)('%j → total %i (%s)', (values, total, band) => {
    const s = scoreResponse(GAD7_V1, answersFrom(GAD7_V1, values));
    expect(s.total).toBe(total);
    expect(s.mean).toBe(total / 7);
    expect(s.band?.key).toBe(band);
    expect(s.riskFlag).toBe(false);
  });

  it('difficulty item is optional, unscored and conditional', () => {
    const base = answersFrom(GAD7_V1, [0, 0, 1, 0, 0, 0, 0]);
    expect(scoreResponse(GAD7_V1, { ...base, 'gad7-8': 3 }).total).toBe(1);
    expect(isItemEnabled(GAD7_V1, 'gad7-8', base)).toBe(true);
    expect(isItemEnabled(GAD7_V1, 'gad7-8', answersFrom(GAD7_V1, [0, 0, 0, 0, 0, 0, 0]))).toBe(false);
    expect(hasRiskAnswer(GAD7_V1, { ...base, 'gad7-8': 3 })).toBe(false);
  });
});

describe('GAD-7 scoring, properties', () => {
  it('total in 0–21, total = mean × 7, band defined', () => {
    fc.assert(
      fc.property(completeAnswersArb(GAD7_V1), (answers) => {
        const s = scoreResponse(GAD7_V1, answers);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(21);
        expect(s.mean * 7).toBeCloseTo(s.total, 10);
        expect(s.band).toBeDefined();
        expect(s.subscales).toEqual({});
      }),
    );
  });

  it('every possible total 0–21 has exactly one band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 21 }), (total) => {
        expect(GAD7_V1.bands.filter((b) => total >= b.min && total <= b.max)).toHaveLength(1);
      }),
    );
  });
});
