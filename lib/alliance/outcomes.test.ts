import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readClinicSettings } from '@/lib/validation/settings';
import { GAD7_CONVENTIONS, PHQ9_CONVENTIONS, conventionFor, outcomeFinding, outcomeRuleSettings, reliableChange, type OutcomeInstrument } from './outcomes';

const NHS_PHQ = PHQ9_CONVENTIONS.nhsTalkingTherapies;
const phq = (baseline: number, current: number, c: { threshold: number; label: string } = NHS_PHQ) =>
  reliableChange({ instrument: 'phq-9', baseline, current, threshold: c.threshold, convention: c.label });
const ruleOf = (f: ReturnType<typeof reliableChange>) => f?.rule ?? null;

describe('conventions (measures.md)', () => {
  it('carries the published values', () => {
    expect(PHQ9_CONVENTIONS.nhsTalkingTherapies).toMatchObject({ threshold: 6, label: 'NHS Talking Therapies (≥6)' });
    expect(PHQ9_CONVENTIONS.lowe2004).toMatchObject({ threshold: 5, label: 'Löwe et al. 2004 (≥5)' });
    expect(GAD7_CONVENTIONS.nhsTalkingTherapies.threshold).toBe(4);
    expect(GAD7_CONVENTIONS.alternative6.threshold).toBe(6);
  });
  it('names the convention a threshold follows, or says it is the clinic’s own', () => {
    expect(conventionFor('phq-9', 6)).toBe('NHS Talking Therapies (≥6)');
    expect(conventionFor('phq-9', 5)).toBe('Löwe et al. 2004 (≥5)');
    expect(conventionFor('gad-7', 4)).toBe('NHS Talking Therapies (≥4)');
    expect(conventionFor('phq-9', 7)).toBe('Clinic setting (≥7)');
  });
});

describe('PHQ-9 deterioration (NHS ≥6)', () => {
  it('fires at exactly +6 and above, not at +5', () => {
    expect(ruleOf(phq(10, 16))).toBe('deterioration');
    expect(ruleOf(phq(10, 17))).toBe('deterioration');
    expect(phq(10, 15)).toBeNull();
  });
  it('records the numbers, the threshold and the convention', () => {
    expect(phq(10, 16)).toEqual({
      rule: 'deterioration',
      instrument: 'phq-9',
      baseline: 10,
      current: 16,
      change: 6,
      threshold: 6,
      convention: 'NHS Talking Therapies (≥6)',
    });
  });
});

describe('PHQ-9 reliable improvement (NHS ≥6)', () => {
  it('fires at exactly −6 and beyond, not at −5', () => {
    expect(ruleOf(phq(16, 10))).toBe('reliable_improvement');
    expect(ruleOf(phq(16, 9))).toBe('reliable_improvement');
    expect(phq(16, 11)).toBeNull();
    expect(phq(16, 10)?.change).toBe(-6);
  });
});

describe('PHQ-9 under Löwe et al. 2004 (≥5)', () => {
  it('fires at +5 and above, not at +4, and records that convention', () => {
    const lowe = PHQ9_CONVENTIONS.lowe2004;
    expect(phq(10, 15, lowe)).toMatchObject({ rule: 'deterioration', threshold: 5, convention: 'Löwe et al. 2004 (≥5)' });
    expect(ruleOf(phq(10, 16, lowe))).toBe('deterioration');
    expect(phq(10, 14, lowe)).toBeNull();
  });
});

describe('GAD-7 (NHS ≥4)', () => {
  const gad = (baseline: number, current: number) =>
    reliableChange({ instrument: 'gad-7', baseline, current, threshold: 4, convention: conventionFor('gad-7', 4) });
  it('deterioration at +4 and above, not at +3', () => {
    expect(gad(8, 12)).toMatchObject({ rule: 'deterioration', instrument: 'gad-7', change: 4, threshold: 4 });
    expect(ruleOf(gad(8, 13))).toBe('deterioration');
    expect(gad(8, 11)).toBeNull();
  });
  it('improvement at −4 and beyond, not at −3', () => {
    expect(ruleOf(gad(12, 8))).toBe('reliable_improvement');
    expect(ruleOf(gad(12, 7))).toBe('reliable_improvement');
    expect(gad(12, 9)).toBeNull();
  });
});

describe('outcomeFinding', () => {
  const defaults = readClinicSettings({}).outcomes;
  it('derives threshold and convention from the clinic settings', () => {
    expect(outcomeRuleSettings('phq-9', defaults)).toEqual({ instrument: 'phq-9', threshold: 6, convention: 'NHS Talking Therapies (≥6)' });
    expect(outcomeRuleSettings('gad-7', defaults)).toEqual({ instrument: 'gad-7', threshold: 4, convention: 'NHS Talking Therapies (≥4)' });
    expect(outcomeRuleSettings('phq-9', { ...defaults, phq9ReliableChange: 5 }).convention).toBe('Löwe et al. 2004 (≥5)');
  });
  it('measures from the first (intake) score, not the previous one', () => {
    const s = outcomeRuleSettings('phq-9', defaults);
    // +1 from the previous score, but +6 from intake.
    expect(outcomeFinding([10, 15], 16, s)).toMatchObject({ rule: 'deterioration', baseline: 10, change: 6 });
    // +2 from the previous score, but −6 from intake.
    expect(outcomeFinding([20, 12], 14, s)).toMatchObject({ rule: 'reliable_improvement', baseline: 20, change: -6 });
    // Just below from intake, although −8 from the previous score.
    expect(outcomeFinding([10, 23], 15, s)).toBeNull();
  });
  it('has no finding without a baseline', () => {
    expect(outcomeFinding([], 27, outcomeRuleSettings('phq-9', defaults))).toBeNull();
  });
  it('rejects a non-positive threshold', () => {
    expect(() => reliableChange({ instrument: 'gad-7', baseline: 0, current: 0, threshold: 0, convention: 'x' })).toThrow(RangeError);
  });
});

describe('reliableChange properties', () => {
  const instrument = fc.constantFrom<OutcomeInstrument>('phq-9', 'gad-7');
  it('never flags when |change| < threshold, and always flags (in the right direction) otherwise', () => {
    fc.assert(
      fc.property(
        instrument,
        fc.integer({ min: 0, max: 27 }),
        fc.integer({ min: 0, max: 27 }),
        fc.integer({ min: 1, max: 27 }),
        (inst, baseline, current, threshold) => {
          const f = reliableChange({ instrument: inst, baseline, current, threshold, convention: conventionFor(inst, threshold) });
          const change = current - baseline;
          if (Math.abs(change) < threshold) expect(f).toBeNull();
          else expect(f?.rule).toBe(change > 0 ? 'deterioration' : 'reliable_improvement');
        },
      ),
    );
  });
  it('never flags when |change| < threshold, for any real numbers', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 27, noNaN: true }),
        fc.double({ min: 0, max: 27, noNaN: true }),
        fc.double({ min: 0.01, max: 27, noNaN: true }),
        (baseline, current, threshold) => {
          fc.pre(Math.abs(current - baseline) < threshold);
          expect(reliableChange({ instrument: 'phq-9', baseline, current, threshold, convention: 'x' })).toBeNull();
        },
      ),
    );
  });
});
