import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as alliance from './index';
import { DEFAULT_ALLIANCE_THRESHOLDS as T, evaluateAlliance } from './rules';
import { preDropLevelOf, repairRate, ruptureRepairStatus } from './repair';

describe('ruptureRepairStatus (window 3)', () => {
  it('repaired at exactly the pre-drop level and above it', () => {
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [3.5, 4.0] })).toEqual({ status: 'repaired', atIndex: 1 });
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [4.01] })).toEqual({ status: 'repaired', atIndex: 0 });
  });
  it('just below the level: pending while the window is open, then unrepaired', () => {
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [] })).toEqual({ status: 'pending', remaining: 3 });
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [3.99] })).toEqual({ status: 'pending', remaining: 2 });
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [3.99, 3.99] })).toEqual({ status: 'pending', remaining: 1 });
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [3.99, 3.99, 3.99] })).toEqual({ status: 'unrepaired' });
  });
  it('a recovery after the window does not count', () => {
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [3.5, 3.5, 3.5, 4.5] })).toEqual({ status: 'unrepaired' });
  });
  it('honours a shorter window', () => {
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [3.9, 4.2], window: 1 })).toEqual({ status: 'unrepaired' });
    expect(ruptureRepairStatus({ preDropLevel: 4.0, laterScores: [4.0], window: 1 })).toEqual({ status: 'repaired', atIndex: 0 });
    expect(() => ruptureRepairStatus({ preDropLevel: 4, laterScores: [], window: 0 })).toThrow(RangeError);
  });
  it('is repaired iff one of the first `window` later scores reaches the pre-drop level', () => {
    // WAI-SR means are multiples of 1/12, so generate on that grid (exact comparisons are meaningful).
    const mean = fc.integer({ min: 12, max: 60 }).map((sum) => sum / 12);
    fc.assert(
      fc.property(mean, fc.array(mean, { maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (preDropLevel, laterScores, window) => {
        const result = ruptureRepairStatus({ preDropLevel, laterScores, window });
        const reached = laterScores.slice(0, window).some((s) => s >= preDropLevel);
        expect(result.status === 'repaired').toBe(reached);
        if (result.status === 'repaired') expect(laterScores[result.atIndex]! >= preDropLevel).toBe(true);
        if (!reached) expect(result.status).toBe(laterScores.length >= window ? 'unrepaired' : 'pending');
      }),
    );
  });
});

describe('preDropLevelOf', () => {
  it('drop rule → previous score', () => {
    const [f] = evaluateAlliance([4.25], 3.25, T);
    expect(f?.rule).toBe('rupture_drop');
    expect(preDropLevelOf(f!)).toBe(4.25);
  });
  it('personal-mean rule → prior mean', () => {
    const [f] = evaluateAlliance([4.0, 4.2, 4.4], 3.59, T);
    expect(f?.rule).toBe('rupture_personal_mean');
    expect(preDropLevelOf(f!)).toBeCloseTo(4.2, 12);
  });
  it('low alliance is not a rupture → null', () => {
    expect(preDropLevelOf({ rule: 'low_alliance', score: 2.5, threshold: 3 })).toBeNull();
  });
});

describe('repairRate', () => {
  it('leaves pending episodes out of the rate', () => {
    expect(repairRate([{ status: 'repaired' }, { status: 'repaired' }, { status: 'unrepaired' }, { status: 'pending' }])).toEqual({
      repaired: 2,
      unrepaired: 1,
      pending: 1,
      rate: 2 / 3,
    });
  });
  it('is null when nothing is resolved yet', () => {
    expect(repairRate([])).toEqual({ repaired: 0, unrepaired: 0, pending: 0, rate: null });
    expect(repairRate([{ status: 'pending' }]).rate).toBeNull();
  });
  it('accepts ruptureRepairStatus results directly', () => {
    const episodes = [ruptureRepairStatus({ preDropLevel: 4, laterScores: [4] }), ruptureRepairStatus({ preDropLevel: 4, laterScores: [3, 3, 3] })];
    expect(repairRate(episodes).rate).toBe(0.5);
  });
});

describe('lib/alliance index', () => {
  it('keeps the existing rules API and exports the new rules', () => {
    for (const name of [
      'evaluateAlliance',
      'repairIndex',
      'sampleSd',
      'ratingGap',
      'subscaleMeansOf',
      'reliableChange',
      'outcomeFinding',
      'missedMeasuresFinding',
      'ruptureRepairStatus',
      'preDropLevelOf',
      'repairRate',
      'cronbachAlpha',
      'reliableChangeThreshold',
      'proposeAllianceThresholds',
    ] as const) {
      expect(typeof alliance[name]).toBe('function');
    }
    expect(alliance.DEFAULT_ALLIANCE_THRESHOLDS).toBe(T);
  });
});
