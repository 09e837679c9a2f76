import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getInstrument } from './registry';
import { formatScore, headlineRange, headlineScore, scoreResponse } from './scoring';
import { answersFrom, completeAnswersArb } from './test-helpers';
import { WAI_SR_CLIENT_V1, WAI_SR_THERAPIST_V1, renderItemText } from './wai-sr';

const WAI_VERSIONS = [WAI_SR_CLIENT_V1, WAI_SR_THERAPIST_V1] as const;

describe('WAI-SR data', () => {
  it.each(WAI_VERSIONS)('$key: 12 scored items wai-1..wai-12 on a 1–5 scale', (wai) => {
    expect(wai.items.map((i) => i.id)).toEqual(Array.from({ length: 12 }, (_, i) => `wai-${i + 1}`));
    expect(wai.items.every((i) => i.scored && i.options === undefined)).toBe(true);
    expect(wai.options.map((o) => [o.value, o.label])).toEqual([
      [1, 'Seldom'],
      [2, 'Sometimes'],
      [3, 'Fairly often'],
      [4, 'Very often'],
      [5, 'Always'],
    ]);
    expect(wai.range).toEqual({ min: 12, max: 60 });
    expect(wai.scoreKind).toBe('mean');
    expect(wai.bands).toEqual([]); // no validated cut-offs: thresholds are clinic settings
    expect(wai.loinc).toBeUndefined();
    expect(wai.sources.length).toBeGreaterThan(0);
    expect(wai.copyright).toMatch(/[Cc]opyright/);
  });

  it.each(WAI_VERSIONS)('$key: key is Task 1,2,10,12 · Bond 3,5,7,9 · Goal 4,6,8,11', (wai) => {
    const byKey = Object.fromEntries(wai.subscales.map((s) => [s.key, [...s.itemIds]]));
    expect(byKey).toEqual({
      task: ['wai-1', 'wai-2', 'wai-10', 'wai-12'],
      bond: ['wai-3', 'wai-5', 'wai-7', 'wai-9'],
      goal: ['wai-4', 'wai-6', 'wai-8', 'wai-11'],
    });
  });

  it.each(WAI_VERSIONS)('$key: subscales partition the 12 items exactly', (wai) => {
    const members = wai.subscales.flatMap((s) => s.itemIds);
    expect(members).toHaveLength(12);
    expect(new Set(members).size).toBe(12);
    expect([...members].sort()).toEqual(wai.items.map((i) => i.id).sort());
  });

  it('only the therapist version is provisional', () => {
    expect(WAI_SR_CLIENT_V1.provisional).toBe(false);
    expect(WAI_SR_THERAPIST_V1.provisional).toBe(true);
    expect(WAI_SR_CLIENT_V1.respondent).toBe('client');
    expect(WAI_SR_THERAPIST_V1.respondent).toBe('therapist');
  });

  it('stores the name blank as a placeholder', () => {
    expect(WAI_SR_CLIENT_V1.items[3]?.text).toBe('{therapist} and I collaborate on setting goals for my therapy.');
    expect(WAI_SR_THERAPIST_V1.items[6]?.text).toBe('I appreciate {client} as a person.');
    expect(WAI_SR_CLIENT_V1.items.some((i) => i.text.includes('{client}'))).toBe(false);
    expect(WAI_SR_THERAPIST_V1.items.some((i) => i.text.includes('{therapist}'))).toBe(false);
  });
});

describe('renderItemText', () => {
  it('uses "my therapist", capitalised at the start of a sentence', () => {
    expect(renderItemText('{therapist} and I respect each other.')).toBe('My therapist and I respect each other.');
    expect(renderItemText('I believe {therapist} likes me.')).toBe('I believe my therapist likes me.');
    expect(renderItemText('Yes. {therapist} cares.')).toBe('Yes. My therapist cares.');
  });

  it('uses the given name verbatim', () => {
    expect(renderItemText('{therapist} and I respect each other.', { therapistName: 'Dr Ana Ruiz' })).toBe('Dr Ana Ruiz and I respect each other.');
    expect(renderItemText('I believe {client} likes me.', { clientName: 'Sam' })).toBe('I believe Sam likes me.');
  });

  it('falls back when the name is blank or missing', () => {
    expect(renderItemText('{client} and I respect each other.', { clientName: '  ' })).toBe('My client and I respect each other.');
    expect(renderItemText('I appreciate {client} as a person.', { clientName: null })).toBe('I appreciate my client as a person.');
    expect(renderItemText('No blank here.')).toBe('No blank here.');
  });

  it('leaves no token in any rendered item', () => {
    for (const wai of WAI_VERSIONS) {
      for (const item of wai.items) expect(renderItemText(item.text)).not.toMatch(/[{}]/);
    }
  });
});

describe('WAI-SR scoring, hand-worked', () => {
  it('all 3s → total 36, mean 3, each subscale sum 12 / mean 3', () => {
    const s = scoreResponse(WAI_SR_CLIENT_V1, answersFrom(WAI_SR_CLIENT_V1, Array(12).fill(3)));
    expect(s.total).toBe(36);
    expect(s.mean).toBe(3);
    expect(s.answeredCount).toBe(12);
    expect(s.subscales).toEqual({ goal: { sum: 12, mean: 3 }, task: { sum: 12, mean: 3 }, bond: { sum: 12, mean: 3 } });
    expect(s.band).toBeUndefined();
    expect(s.riskFlag).toBe(false);
    expect(headlineScore(WAI_SR_CLIENT_V1, s)).toBe(3);
  });

  it('mixed answers → different subscale means', () => {
    // item:  1  2  3  4  5  6  7  8  9 10 11 12
    const v = [5, 4, 2, 3, 1, 4, 2, 5, 3, 4, 3, 4];
    // Task 1,2,10,12 = 5+4+4+4 = 17 (4.25) · Bond 3,5,7,9 = 2+1+2+3 = 8 (2) · Goal 4,6,8,11 = 3+4+5+3 = 15 (3.75)
    const s = scoreResponse(WAI_SR_CLIENT_V1, answersFrom(WAI_SR_CLIENT_V1, v));
    expect(s.subscales).toEqual({
      task: { sum: 17, mean: 4.25 },
      bond: { sum: 8, mean: 2 },
      goal: { sum: 15, mean: 3.75 },
    });
    expect(s.total).toBe(40);
    expect(s.mean).toBe(40 / 12); // exact, not rounded
    expect(formatScore(s.mean, 'mean')).toBe('3.33');
    expect(headlineScore(WAI_SR_CLIENT_V1, s)).toBe(40 / 12);
  });

  it('extremes: all 1s → 12 / 1.00, all 5s → 60 / 5.00', () => {
    const low = scoreResponse(WAI_SR_THERAPIST_V1, answersFrom(WAI_SR_THERAPIST_V1, Array(12).fill(1)));
    const high = scoreResponse(WAI_SR_THERAPIST_V1, answersFrom(WAI_SR_THERAPIST_V1, Array(12).fill(5)));
    expect([low.total, low.mean, high.total, high.mean]).toEqual([12, 1, 60, 5]);
    expect(headlineRange(WAI_SR_CLIENT_V1)).toEqual({ min: 1, max: 5 });
  });

  it('the registry serves the same data', () => {
    expect(getInstrument('wai-sr-client')).toBe(WAI_SR_CLIENT_V1);
    expect(getInstrument('wai-sr-therapist', '1.0.0')).toBe(WAI_SR_THERAPIST_V1);
  });
});

describe('WAI-SR scoring, properties', () => {
  it.each(WAI_VERSIONS)('$key: total in range, total = mean × 12, subscales add up', (wai) => {
    fc.assert(
      fc.property(completeAnswersArb(wai), (answers) => {
        const s = scoreResponse(wai, answers);
        expect(s.total).toBeGreaterThanOrEqual(12);
        expect(s.total).toBeLessThanOrEqual(60);
        expect(s.mean * 12).toBeCloseTo(s.total, 10);
        expect(s.mean).toBeGreaterThanOrEqual(1);
        expect(s.mean).toBeLessThanOrEqual(5);
        const subs = Object.values(s.subscales);
        expect(subs).toHaveLength(3);
        expect(subs.reduce((acc, x) => acc + x.sum, 0)).toBe(s.total);
        for (const sub of subs) expect(sub.mean).toBe(sub.sum / 4);
      }),
    );
  });

  it.each(WAI_VERSIONS)('$key: every scored item belongs to exactly one subscale', (wai) => {
    fc.assert(
      fc.property(fc.constantFrom(...wai.items.filter((i) => i.scored)), (item) => {
        expect(wai.subscales.filter((s) => s.itemIds.includes(item.id))).toHaveLength(1);
      }),
    );
  });

  it('raising one item by 1 raises exactly its subscale sum by 1', () => {
    fc.assert(
      fc.property(completeAnswersArb(WAI_SR_CLIENT_V1), fc.integer({ min: 1, max: 12 }), (answers, n) => {
        const id = `wai-${n}`;
        const before = answers[id] as number;
        fc.pre(before < 5);
        const a = scoreResponse(WAI_SR_CLIENT_V1, answers);
        const b = scoreResponse(WAI_SR_CLIENT_V1, { ...answers, [id]: before + 1 });
        for (const sub of WAI_SR_CLIENT_V1.subscales) {
          const delta = (b.subscales[sub.key]?.sum ?? NaN) - (a.subscales[sub.key]?.sum ?? NaN);
          expect(delta).toBe(sub.itemIds.includes(id) ? 1 : 0);
        }
      }),
    );
  });
});
