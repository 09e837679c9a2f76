import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_THRESHOLDS as T, evaluateAlliance, repairIndex, sampleSd } from './rules';

const rules = (prior: number[], score: number) => evaluateAlliance(prior, score, T).map((f) => f.rule);

describe('low alliance', () => {
  it('fires just below the threshold, not at or above it', () => {
    expect(rules([], 2.99)).toEqual(['low_alliance']);
    expect(rules([], 3.0)).toEqual([]);
    expect(rules([], 3.01)).toEqual([]);
  });
});

describe('rupture: drop from the previous measurement', () => {
  it('fires at exactly the threshold and above, not just below', () => {
    expect(rules([4.0], 3.4)).toEqual(['rupture_drop']);
    expect(rules([4.0], 3.3)).toEqual(['rupture_drop']);
    expect(rules([4.0], 3.41)).toEqual([]);
  });
  it('records the numbers it used', () => {
    const [finding] = evaluateAlliance([3.5, 4.25], 3.5, T);
    expect(finding).toMatchObject({ rule: 'rupture_drop', score: 3.5, previous: 4.25, threshold: 0.6 });
    expect(finding && 'drop' in finding ? finding.drop : 0).toBeCloseTo(0.75);
  });
  it('a rise is never a rupture', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), (prev, up) => {
        const score = Math.min(5, prev + up);
        expect(rules([prev], score)).not.toContain('rupture_drop');
      }),
    );
  });
});

describe('rupture: below the personal mean − k·SD', () => {
  it('needs at least 3 prior measurements', () => {
    expect(rules([4.0, 4.4], 3.9)).toEqual([]);
  });
  it('fires below mean − SD and not at it', () => {
    const prior = [4.0, 4.2, 4.4];
    const cutoff = 4.2 - sampleSd(prior); // 4.0
    expect(rules(prior, cutoff - 0.01)).toEqual(['rupture_personal_mean']);
    expect(rules(prior, cutoff)).toEqual([]);
  });
  it('does not fire on a perfectly flat history (SD 0)', () => {
    expect(rules([4, 4, 4], 3.75)).toEqual([]);
  });
});

describe('repair', () => {
  it('finds the first of the next three measurements back at the pre-drop level', () => {
    expect(repairIndex(4.0, [3.5, 4.0, 4.5])).toBe(1);
    expect(repairIndex(4.0, [3.5, 3.9, 3.9, 4.2])).toBeNull();
    expect(repairIndex(4.0, [])).toBeNull();
  });
});

describe('sampleSd', () => {
  it('matches a hand-worked value', () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(sampleSd([3])).toBe(0);
  });
});
