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
    expect(T.reliableDrop).toBe(0.83);
    expect(rules([4.0], 3.17)).toEqual(['rupture_drop']);
    expect(rules([4.0], 3.0)).toEqual(['rupture_drop']);
    expect(rules([4.0], 3.18)).toEqual([]);
  });
  it('is an RCI-style threshold: 1.96 × √2 × the SD a stable client varies by (the SD floor)', () => {
    expect(T.reliableDrop).toBe(Math.round(1.96 * Math.SQRT2 * T.personalSdFloor * 100) / 100);
  });
  it('catches a real rupture: a drop of 1.0 or more from a steady alliance', () => {
    expect(rules([4.0, 4.083, 3.917, 4.0], 3.0)).toEqual(['rupture_drop']);
    expect(rules([4.5], 3.5)).toEqual(['rupture_drop']);
  });
  it('records the numbers it used', () => {
    const [finding] = evaluateAlliance([3.5, 4.5], 3.5, T);
    expect(finding).toMatchObject({ rule: 'rupture_drop', score: 3.5, previous: 4.5, threshold: 0.83 });
    expect(finding && 'drop' in finding ? finding.drop : 0).toBeCloseTo(1);
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
    expect(rules([4, 4], 3.3)).toEqual([]);
    expect(rules([4, 4, 4], 3.3)).toEqual(['rupture_personal_mean']);
  });
  it('fires below mean − k·SD and not at it, when the observed SD is above the floor', () => {
    const prior = [3.75, 4.75, 4.25, 4.75, 3.75];
    expect(sampleSd(prior)).toBeCloseTo(0.5, 12);
    const cutoff = 4.25 - T.personalSdK * 0.5; // 3.25
    expect(rules(prior, cutoff - 0.01)).toEqual(['rupture_personal_mean']);
    expect(rules(prior, cutoff)).toEqual([]);
  });
  it('uses the SD floor when earlier scores vary less than it, and records both SDs', () => {
    const prior = [4.0, 4.2, 4.4];
    const cutoff = 4.2 - T.personalSdK * T.personalSdFloor; // 3.6, not 4.2 − 2 × 0.2 = 3.8
    expect(rules(prior, 3.7)).toEqual([]);
    const [finding] = evaluateAlliance(prior, cutoff - 0.01, T);
    expect(finding).toMatchObject({ rule: 'rupture_personal_mean', priorSd: T.personalSdFloor, sdFloor: T.personalSdFloor, k: T.personalSdK, priorCount: 3 });
    expect(finding && 'observedSd' in finding ? finding.observedSd : 0).toBeCloseTo(0.2, 12);
    expect(finding && 'cutoff' in finding ? finding.cutoff : 0).toBeCloseTo(cutoff, 12);
  });
  it('identical earlier scores (SD 0) no longer switch the rule off', () => {
    // 4 − 2 × 0.3 = 3.4; a fall to 3.33 is not a reliable drop from the last score (0.67 < 0.83).
    const [finding] = evaluateAlliance([4, 4, 4], 3.333, T);
    expect(finding).toMatchObject({ rule: 'rupture_personal_mean', priorMean: 4, observedSd: 0, priorSd: 0.3, sdFloor: 0.3 });
    expect(rules([4, 4, 4], 3.5)).toEqual([]);
  });
  it('on a flat history, every score below mean − k·floor is reported as a rupture', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.5, max: 5, noNaN: true }),
        fc.integer({ min: 3, max: 12 }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        (level, count, below) => {
          const score = level - T.personalSdK * T.personalSdFloor - below;
          fc.pre(score >= 1);
          const found = rules(
            Array.from({ length: count }, () => level),
            score,
          );
          expect(found.some((rule) => rule.startsWith('rupture_'))).toBe(true);
        },
      ),
    );
  });
  it('with the floor set to 0, a flat history cannot fire it (the former behaviour, still possible on purpose)', () => {
    expect(evaluateAlliance([4, 4, 4], 3.333, { ...T, personalSdFloor: 0 })).toEqual([]);
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
