import { describe, expect, it } from 'vitest';
import { evaluateAlliance, missedMeasuresFinding, ratingGap, reliableChange, DEFAULT_ALLIANCE_THRESHOLDS } from '@/lib/alliance';
import { riskAlert } from '@/lib/alliance/alerts';
import { getInstrument, riskItemOf } from '@/lib/instruments';
import { alertKindLabel, describeAlert, mean2, threshold } from './describe-alert';

/*
 * The plain sentence of every alert kind, on details shaped exactly as lib/data writes them
 * (findings from lib/alliance at full precision, thresholds beside them), and on the
 * malformed or missing details a JSON column can still hold.
 */
const round3 = (v: unknown): unknown =>
  typeof v === 'number'
    ? Math.round(v * 1000) / 1000
    : v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round3(x)]))
      : Array.isArray(v)
        ? v.map(round3)
        : v;

describe('describeAlert', () => {
  it('rupture (drop rule): previous and new mean, the drop and its threshold', () => {
    const [finding] = evaluateAlliance([4.083], 3, DEFAULT_ALLIANCE_THRESHOLDS);
    expect(finding?.rule).toBe('rupture_drop');
    const details = round3({ ...finding, thresholds: { ...DEFAULT_ALLIANCE_THRESHOLDS }, settingsVersion: 0 }) as Record<string, unknown>;
    expect(describeAlert({ kind: 'rupture', rule: 'rupture_drop', details })).toBe('Alliance dropped from 4.08 to 3.00 (drop 1.08 ≥ 0.83)');
  });

  it('rupture (drop rule) recomputes a missing drop from the two scores', () => {
    expect(describeAlert({ kind: 'rupture', rule: 'rupture_drop', details: { score: 3.25, previous: 4, threshold: 0.6 } })).toBe(
      'Alliance dropped from 4.00 to 3.25 (drop 0.75 ≥ 0.6)',
    );
  });

  it('rupture (personal mean rule): the cut-off worked out from mean, k and SD', () => {
    const prior = [4, 4.25, 3.75, 4];
    const [finding] = evaluateAlliance(prior, 3.3, DEFAULT_ALLIANCE_THRESHOLDS);
    expect(finding?.rule).toBe('rupture_personal_mean');
    const text = describeAlert({ kind: 'rupture', rule: 'rupture_personal_mean', details: round3(finding) as Record<string, unknown> });
    expect(text).toBe(
      "Alliance 3.30 fell below the client's own usual level: mean 4.00 − 2 × SD 0.30 (the clinic's floor; observed 0.20) = 3.40 (from 4 earlier measurements)",
    );
  });

  it('low alliance: the score and the clinic threshold', () => {
    const [finding] = evaluateAlliance([], 2.75, DEFAULT_ALLIANCE_THRESHOLDS);
    expect(describeAlert({ kind: 'low_alliance', rule: 'low_alliance', details: { ...finding } })).toBe(
      'Alliance 2.75 is below the low-alliance threshold of 3',
    );
  });

  it('rating gap: every scale that differs, with both means and the gap', () => {
    const gaps = ratingGap({ overall: 3.5, goal: 3.5, task: 3.5, bond: 4.5 }, { overall: 3.25, goal: 3.25, task: 3.5, bond: 3.25 }, 1);
    const text = describeAlert({
      kind: 'rating_gap',
      rule: 'rating_gap',
      details: round3({ rule: 'rating_gap', gaps, threshold: 1 }) as Record<string, unknown>,
    });
    expect(text).toBe('Client and therapist rated the same session differently — Bond: client 4.50, therapist 3.25 (gap 1.25 ≥ 1)');
  });

  it('rating gap: a therapist rating above the client still reads as a positive gap', () => {
    const gaps = ratingGap({ overall: 2, goal: 2, task: 2, bond: 2 }, { overall: 3.5, goal: 2, task: 2, bond: 2 }, 1);
    expect(describeAlert({ kind: 'rating_gap', rule: 'rating_gap', details: { gaps, threshold: 1 } })).toContain(
      'Overall: client 2.00, therapist 3.50 (gap 1.50 ≥ 1)',
    );
  });

  it('risk: PHQ-9 item 9, saying when it was only a draft (older alerts without the answer)', () => {
    const details = { rule: 'phq9_item9_above_zero', item: 'phq9-9', threshold: 0, stage: 'submitted' };
    expect(describeAlert({ kind: 'risk', rule: 'phq9_item9_above_zero', details })).toBe('PHQ-9 question 9 answered above zero');
    expect(describeAlert({ kind: 'risk', rule: 'phq9_item9_above_zero', details: { ...details, stage: 'draft' } })).toBe(
      'PHQ-9 question 9 answered above zero — in a saved draft, before the form was submitted',
    );
  });

  it('risk: names the question, the answer given and how it reached us', () => {
    const item = riskItemOf(getInstrument('phq-9'))!;
    const draft = riskAlert(item, { [item.id]: 2 }, { assignmentId: 'a', stage: 'closed_form', answeredAt: new Date('2026-12-01T10:00:00Z') })!;
    expect(describeAlert({ kind: draft.kind, rule: draft.rule, details: draft.details })).toBe(
      'PHQ-9 question 9 (“Thoughts that you would be better off dead or of hurting yourself in some way”) answered “More than half the days” (2 of 3) — on a form that had already closed, so the other answers were not kept',
    );
  });

  it('personal-mean rupture: says when the SD floor was used', () => {
    const [finding] = evaluateAlliance([4, 4, 4], 40 / 12, DEFAULT_ALLIANCE_THRESHOLDS).filter((f) => f.rule !== 'low_alliance');
    expect(finding?.rule).toBe('rupture_personal_mean');
    expect(describeAlert({ kind: 'rupture', rule: finding!.rule, details: { ...finding } })).toContain("SD 0.30 (the clinic's floor; observed 0.00)");
  });

  it('goal disagreement: names the goal and quotes the client', () => {
    const details = { rule: 'goal_disagreement', goalWording: 'Sleep through the night', comment: 'I want to work on my job first', planId: 'p' };
    expect(describeAlert({ kind: 'goal_disagreement', rule: 'goal_disagreement', details })).toBe(
      'The client does not agree with the goal “Sleep through the night” and wrote: “I want to work on my job first”',
    );
  });

  it('deterioration: baseline, current, change, threshold and convention', () => {
    const finding = reliableChange({ instrument: 'phq-9', baseline: 8, current: 15, threshold: 6, convention: 'NHS Talking Therapies (≥6)' });
    expect(describeAlert({ kind: 'deterioration', rule: 'phq-9_reliable_deterioration', details: { ...finding } })).toBe(
      'PHQ-9 rose from 8 at intake to 15 (increase 7 ≥ 6; NHS Talking Therapies (≥6))',
    );
    const gad = reliableChange({ instrument: 'gad-7', baseline: 5, current: 9, threshold: 4, convention: 'x' });
    expect(describeAlert({ kind: 'deterioration', rule: 'gad-7_reliable_deterioration', details: { ...gad, convention: undefined } })).toBe(
      'GAD-7 rose from 5 at intake to 9 (increase 4 ≥ 4)',
    );
  });

  it('missed measures: the run, and the threshold when the run is longer', () => {
    const finding = missedMeasuresFinding(['completed', 'expired', 'expired'], 2);
    expect(describeAlert({ kind: 'missed_measures', rule: 'missed_measures', details: { ...finding } })).toBe('Missed 2 measures in a row');
    const longer = missedMeasuresFinding(['expired', 'expired', 'expired'], 2);
    expect(describeAlert({ kind: 'missed_measures', rule: 'missed_measures', details: { ...longer } })).toBe('Missed 3 measures in a row (alert at 2)');
  });

  it('falls back to a sentence for the kind when details are missing or malformed', () => {
    expect(describeAlert({ kind: 'rupture', rule: 'rupture_drop', details: {} })).toBe('The alliance dropped (a possible rupture)');
    expect(describeAlert({ kind: 'rupture', rule: 'rupture_drop', details: { score: '3', previous: null } })).toBe('The alliance dropped (a possible rupture)');
    expect(describeAlert({ kind: 'rating_gap', rule: 'rating_gap', details: { gaps: [null, { subscale: 'bond' }] } })).toBe(
      'Client and therapist rated the same session differently',
    );
    expect(describeAlert({ kind: 'low_alliance', rule: 'low_alliance', details: null })).toBe('The alliance score is below the clinic threshold');
    expect(describeAlert({ kind: 'deterioration', rule: 'x', details: { baseline: Number.NaN, current: 3 } })).toBe('Symptoms have reliably worsened');
    expect(describeAlert({ kind: 'missed_measures', rule: 'missed_measures', details: undefined })).toBe('Several measures in a row were missed');
    expect(describeAlert({ kind: 'goal_disagreement', rule: 'goal_disagreement', details: {} })).toBe('The client disagreed with a goal in the treatment plan');
    expect(describeAlert({ kind: 'something_new', rule: 'some_rule', details: {} })).toBe('Alert: some rule');
  });
});

describe('formatting helpers', () => {
  it('means to two decimals, thresholds as set', () => {
    expect(mean2(3)).toBe('3.00');
    expect(mean2(4.083)).toBe('4.08');
    expect(mean2(1.005)).toBe('1.01');
    expect(threshold(0.6)).toBe('0.6');
    expect(threshold(1)).toBe('1');
    expect(threshold(0.6000000001)).toBe('0.6');
  });

  it('labels kinds, known or not', () => {
    expect(alertKindLabel('rupture')).toBe('Rupture');
    expect(alertKindLabel('missed_measures')).toBe('Missed measures');
    expect(alertKindLabel('brand_new')).toBe('brand new');
  });
});
