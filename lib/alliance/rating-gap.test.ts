import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WAI_SR_CLIENT_V1, scoreResponse } from '@/lib/instruments';
import { ratingGap, subscaleMeansOf, type SubscaleMeans } from './rating-gap';

const base: SubscaleMeans = { overall: 3.5, goal: 3.5, task: 3.5, bond: 3.5 };
const scalesFlagged = (client: Partial<SubscaleMeans>, therapist: Partial<SubscaleMeans>, threshold = 1.0) =>
  ratingGap({ ...base, ...client }, { ...base, ...therapist }, threshold).map((f) => f.subscale);

describe('rating gap', () => {
  it('fires at exactly the threshold and above, not just below (each subscale and overall)', () => {
    for (const scale of ['goal', 'task', 'bond', 'overall'] as const) {
      expect(scalesFlagged({ [scale]: 4.25 }, { [scale]: 3.25 })).toEqual([scale]); // gap 1.0 (at)
      expect(scalesFlagged({ [scale]: 4.5 }, { [scale]: 3.25 })).toEqual([scale]); // 1.25 (above)
      expect(scalesFlagged({ [scale]: 4.24 }, { [scale]: 3.25 })).toEqual([]); // 0.99 (below)
    }
  });
  it('counts a gap in either direction and keeps its sign', () => {
    const [finding] = ratingGap({ ...base, bond: 2.75 }, { ...base, bond: 4.0 }, 1.0);
    expect(finding).toEqual({ rule: 'rating_gap', subscale: 'bond', clientMean: 2.75, therapistMean: 4.0, gap: -1.25, threshold: 1.0 });
  });
  it('treats a gap of 1.0 between twelfths as 1.0 despite rounding (49/12 vs 37/12)', () => {
    expect(scalesFlagged({ overall: 49 / 12 }, { overall: 37 / 12 })).toEqual(['overall']);
  });
  it('reports several subscales in goal, task, bond, overall order', () => {
    expect(scalesFlagged({ overall: 4.5, bond: 5, goal: 5 }, { overall: 3.5, bond: 3, goal: 4 })).toEqual(['goal', 'bond', 'overall']);
  });
  it('uses the threshold it is given (clinic setting)', () => {
    expect(scalesFlagged({ task: 4.0 }, { task: 3.5 }, 0.5)).toEqual(['task']);
    expect(scalesFlagged({ task: 4.0 }, { task: 3.5 }, 0.75)).toEqual([]);
  });
  it('rejects a non-positive threshold', () => {
    expect(() => ratingGap(base, base, 0)).toThrow(RangeError);
  });
  it('is symmetric in (client, therapist) up to the sign of the gap', () => {
    const means = fc.record({
      overall: fc.double({ min: 1, max: 5, noNaN: true }),
      goal: fc.double({ min: 1, max: 5, noNaN: true }),
      task: fc.double({ min: 1, max: 5, noNaN: true }),
      bond: fc.double({ min: 1, max: 5, noNaN: true }),
    });
    fc.assert(
      fc.property(means, means, fc.double({ min: 0.1, max: 4, noNaN: true }), (a, b, t) => {
        const ab = ratingGap(a, b, t);
        const ba = ratingGap(b, a, t);
        expect(ba.map((f) => f.subscale)).toEqual(ab.map((f) => f.subscale));
        ab.forEach((f, i) => {
          const g = ba[i]!;
          expect(g.gap).toBe(-f.gap);
          expect([g.clientMean, g.therapistMean]).toEqual([f.therapistMean, f.clientMean]);
        });
      }),
    );
  });
});

describe('subscaleMeansOf', () => {
  it('reads the overall and subscale means of a scored WAI-SR response', () => {
    // Goal items (4, 6, 8, 11) answered 5, everything else 3.
    const goal = new Set(['wai-4', 'wai-6', 'wai-8', 'wai-11']);
    const answers = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, goal.has(`wai-${i + 1}`) ? 5 : 3]));
    const means = subscaleMeansOf(scoreResponse(WAI_SR_CLIENT_V1, answers));
    expect(means.goal).toBe(5);
    expect(means.task).toBe(3);
    expect(means.bond).toBe(3);
    expect(means.overall).toBeCloseTo(44 / 12, 12);
  });
  it('throws for a score without the WAI-SR subscales', () => {
    expect(() => subscaleMeansOf({ mean: 1, subscales: {} })).toThrow(/goal/);
  });
});
