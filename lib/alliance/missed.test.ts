import { describe, expect, it } from 'vitest';
import { missedMeasuresFinding } from './missed';

describe('missed measures (default: 2 in a row)', () => {
  it('fires at exactly 2 newest expired, and above', () => {
    expect(missedMeasuresFinding(['completed', 'expired', 'expired'])).toEqual({ rule: 'missed_measures', consecutiveExpired: 2, threshold: 2 });
    expect(missedMeasuresFinding(['expired', 'expired', 'expired'])).toEqual({ rule: 'missed_measures', consecutiveExpired: 3, threshold: 2 });
  });
  it('does not fire just below: one newest expired, or an older run broken by a completion', () => {
    expect(missedMeasuresFinding(['completed', 'expired'])).toBeNull();
    expect(missedMeasuresFinding(['expired', 'expired', 'completed'])).toBeNull();
    expect(missedMeasuresFinding(['expired', 'completed', 'expired'])).toBeNull();
    expect(missedMeasuresFinding([])).toBeNull();
  });
  it('a cancelled assignment breaks the run', () => {
    expect(missedMeasuresFinding(['expired', 'cancelled', 'expired'])).toBeNull();
    expect(missedMeasuresFinding(['expired', 'expired', 'cancelled'])).toBeNull();
  });
});

describe('missed measures with another minimum', () => {
  it('3 in a row: fires at 3 and 4, not at 2', () => {
    expect(missedMeasuresFinding(['expired', 'expired'], 3)).toBeNull();
    expect(missedMeasuresFinding(['expired', 'expired', 'expired'], 3)).toMatchObject({ consecutiveExpired: 3, threshold: 3 });
    expect(missedMeasuresFinding(['expired', 'expired', 'expired', 'expired'], 3)).toMatchObject({ consecutiveExpired: 4, threshold: 3 });
  });
  it('rejects a minimum that is not a positive integer', () => {
    expect(() => missedMeasuresFinding(['expired'], 0)).toThrow(RangeError);
    expect(() => missedMeasuresFinding(['expired'], 1.5)).toThrow(RangeError);
  });
});
