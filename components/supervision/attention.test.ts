import { describe, expect, it } from 'vitest';
import type { TherapistComparisonRow } from '@/lib/data/supervisor';
import { attentionHeadline, attentionSummary, reasonText, therapistAttention } from './attention';

const estimate = (value: number | null) => ({ n: value === null ? 0 : 4, rawMean: value, estimate: value, lower: null, upper: null, shrinkage: null });

function row(name: string, overrides: Partial<TherapistComparisonRow> = {}): TherapistComparisonRow {
  return {
    therapistId: `id-${name}`,
    name,
    activeClients: 5,
    measures: { due: 10, completed: 8, rate: 0.8 },
    alliance: { overall: estimate(4), goal: estimate(4), task: estimate(4), bond: estimate(4) },
    belowThreshold: { n: 10, below: 1, share: 0.1 },
    ruptures: { detected: 1, acknowledgedWithin7Days: 1, notAnsweredIn7Days: 0, repaired: 1, repairRate: 1 },
    ratingGap: { sessions: 0, meanGap: null },
    phq9: { n: 3, improved: 1, deteriorated: 0 },
    gad7: { n: 3, improved: 1, deteriorated: 0 },
    ...overrides,
  };
}

describe('therapistAttention', () => {
  it('says nothing stands out when no rule holds', () => {
    expect(therapistAttention(row('Alex'), 3)).toMatchObject({ needsAttention: false, reasons: [], calm: 'Nothing stands out in this range.' });
  });

  it('says so when there is nothing to judge the alliance on', () => {
    const none = row('Alex', {
      alliance: { overall: estimate(null), goal: estimate(null), task: estimate(null), bond: estimate(null) },
      belowThreshold: { n: 0, below: 0, share: null },
    });
    expect(therapistAttention(none, 3).calm).toMatch(/no client rated the alliance in this range/);
  });

  it('gives every reason in plain words, with its numbers', () => {
    const worrying = row('Sam', {
      alliance: { overall: estimate(2.84), goal: estimate(3), task: estimate(3), bond: estimate(3) },
      belowThreshold: { n: 8, below: 3, share: 3 / 8 },
      ruptures: { detected: 2, acknowledgedWithin7Days: 0, notAnsweredIn7Days: 2, repaired: 0, repairRate: null },
      phq9: { n: 3, improved: 0, deteriorated: 1 },
      gad7: { n: 3, improved: 0, deteriorated: 2 },
    });
    expect(therapistAttention(worrying, 3).reasons).toEqual([
      'Clients rate the working alliance low: about 2.84 on the 1–5 scale, below the clinic’s threshold of 3.00.',
      '3 of 8 alliance ratings (38 %) were below the clinic’s threshold of 3.00.',
      '2 ruptures were not answered within 7 days.',
      'Reliably worse since their first questionnaire: 1 client on depression (PHQ-9) and 2 clients on anxiety (GAD-7).',
    ]);
  });

  it('uses no statistics jargon and no "(s)" plurals', () => {
    const texts = [
      reasonText({ kind: 'low-alliance', estimate: 2.5, threshold: 3 }),
      reasonText({ kind: 'many-low-ratings', below: 5, n: 5, share: 1, threshold: 3 }),
      reasonText({ kind: 'unanswered-ruptures', count: 1, days: 7 }),
      reasonText({ kind: 'deterioration', phq9: 1, gad7: 0 }),
    ];
    expect(texts[2]).toBe('A rupture was not answered within 7 days.');
    for (const text of texts) expect(text).not.toMatch(/shrink|bayes|interval|\(s\)|\bn =/i);
  });
});

describe('attentionSummary and attentionHeadline', () => {
  it('puts those who need attention first, most reasons first, then by name', () => {
    const summary = attentionSummary(
      [
        row('Zoe'),
        row('Bea', { ruptures: { detected: 1, acknowledgedWithin7Days: 0, notAnsweredIn7Days: 1, repaired: 0, repairRate: null } }),
        row('Ada'),
        row('Cy', {
          alliance: { overall: estimate(2), goal: estimate(2), task: estimate(2), bond: estimate(2) },
          phq9: { n: 1, improved: 0, deteriorated: 1 },
        }),
      ],
      3,
    );
    expect(summary.map((t) => t.name)).toEqual(['Cy', 'Bea', 'Ada', 'Zoe']);
    expect(attentionHeadline(summary)).toBe('2 of 4 therapists need attention in this range.');
  });

  it('words the headline for one, none and nobody', () => {
    expect(attentionHeadline([])).toBe('You do not supervise any therapists yet.');
    expect(attentionHeadline(attentionSummary([row('Ada')], 3))).toBe('Nothing needs attention in this range.');
    expect(attentionHeadline(attentionSummary([row('Ada'), row('Bo')], 3))).toBe('None of the 2 therapists needs attention in this range.');
    expect(attentionHeadline(attentionSummary([row('Ada', { phq9: { n: 1, improved: 0, deteriorated: 1 } }), row('Bo')], 3))).toBe(
      '1 of 2 therapists needs attention in this range.',
    );
  });
});
