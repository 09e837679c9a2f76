import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WAI_SR_CLIENT_V1 } from '@/lib/instruments';
import { cronbachAlpha, proposeAllianceThresholds, reliableChangeThreshold, subscaleItemsOf, type NormResponse, type SubscaleItems } from './norms';
import { sampleSd } from './rules';

/*
 * Hand-worked α for 4 respondents × 3 items:
 *   r1: 1 2 2 (total 5)   r2: 2 3 3 (8)   r3: 3 3 4 (10)   r4: 4 5 4 (13)
 * Item sample variances (n − 1 = 3):
 *   item 1: mean 2.5,  squared deviations 2.25 + .25 + .25 + 2.25         = 5     → 5/3
 *   item 2: mean 3.25, 1.5625 + .0625 + .0625 + 3.0625                     = 4.75  → 4.75/3
 *   item 3: mean 3.25, 1.5625 + .0625 + .5625 + .5625                      = 2.75  → 2.75/3
 *   Σ item variances = 12.5/3
 * Totals 5, 8, 10, 13: mean 9, squared deviations 16 + 1 + 1 + 16 = 34     → 34/3
 * α = 3/2 · (1 − 12.5/34) = 1.5 · 21.5/34 = 32.25/34 = 129/136 ≈ 0.948529
 */
const HAND = [
  [1, 2, 2],
  [2, 3, 3],
  [3, 3, 4],
  [4, 5, 4],
];

describe('cronbachAlpha', () => {
  it('matches the hand-worked 4×3 example', () => {
    expect(cronbachAlpha(HAND)).toBeCloseTo(129 / 136, 12);
  });
  it('is 1 when every item says the same thing, and can be negative', () => {
    // Items 1 and 2 identical: Σ var = 1 + 1, var(totals 2, 4, 6) = 4 → α = 2 · (1 − 2/4) = 1.
    expect(
      cronbachAlpha([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toBeCloseTo(1, 12);
    // Var of each item 1, totals 4, 3, 5 → var 1 → α = 2 · (1 − 2/1) = −2.
    expect(
      cronbachAlpha([
        [1, 3],
        [2, 1],
        [3, 2],
      ]),
    ).toBeCloseTo(-2, 12);
  });
  it('is null when undefined', () => {
    expect(cronbachAlpha([])).toBeNull();
    expect(cronbachAlpha([[1, 2, 3]])).toBeNull(); // one respondent
    expect(cronbachAlpha([[1], [2], [3]])).toBeNull(); // one item
    expect(
      cronbachAlpha([
        [3, 3],
        [3, 3],
        [3, 3],
      ]),
    ).toBeNull(); // no variance at all
    expect(
      cronbachAlpha([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull(); // items vary, totals do not
  });
  it('rejects ragged or non-finite matrices', () => {
    expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      cronbachAlpha([
        [1, Number.NaN],
        [3, 4],
      ]),
    ).toThrow(RangeError);
  });
  it('is never above 1', () => {
    const matrix = fc
      .integer({ min: 2, max: 6 })
      .chain((k) => fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: k, maxLength: k }), { minLength: 2, maxLength: 12 }));
    fc.assert(
      fc.property(matrix, (m) => {
        const alpha = cronbachAlpha(m);
        if (alpha !== null) expect(alpha).toBeLessThanOrEqual(1 + 1e-9);
      }),
    );
  });
});

describe('reliableChangeThreshold', () => {
  it('is 1.24 SD at α .80 and 0.88 SD at α .90 (measures.md)', () => {
    expect(reliableChangeThreshold(1, 0.8)).toBeCloseTo(1.24, 2);
    expect(reliableChangeThreshold(1, 0.9)).toBeCloseTo(0.88, 2);
    expect(reliableChangeThreshold(1, 0.8)).toBeCloseTo(1.96 * Math.sqrt(0.4), 12);
    expect(reliableChangeThreshold(0.5, 0.8)).toBeCloseTo(0.62, 2);
  });
  it('is 0 at α = 1 and refuses α above 1 or a negative SD', () => {
    expect(reliableChangeThreshold(0.7, 1)).toBe(0);
    expect(reliableChangeThreshold(0.7, 1 + 1e-12)).toBe(0);
    expect(() => reliableChangeThreshold(0.7, 1.1)).toThrow(RangeError);
    expect(() => reliableChangeThreshold(-1, 0.8)).toThrow(RangeError);
  });
});

describe('subscaleItemsOf', () => {
  it('reads the WAI-SR key from the instrument data', () => {
    const items = subscaleItemsOf(WAI_SR_CLIENT_V1);
    expect([...items.goal].sort()).toEqual(['wai-11', 'wai-4', 'wai-6', 'wai-8']);
    expect([...items.task].sort()).toEqual(['wai-1', 'wai-10', 'wai-12', 'wai-2']);
    expect([...items.bond].sort()).toEqual(['wai-3', 'wai-5', 'wai-7', 'wai-9']);
  });
});

describe('proposeAllianceThresholds', () => {
  // Small made-up key so the goal scale can be the hand-worked matrix above.
  const items: SubscaleItems = { goal: ['g1', 'g2', 'g3'], task: ['t1', 't2'], bond: ['b1', 'b2'] };
  const row = (g: number[], t: number[], b: number[]) => ({ g1: g[0]!, g2: g[1]!, g3: g[2]!, t1: t[0]!, t2: t[1]!, b1: b[0]!, b2: b[1]! });
  const firsts: NormResponse[] = [
    { clientId: 'c1', submittedAt: '2024-03-01T09:00:00Z', answers: row([1, 2, 2], [2, 2], [3, 2]) },
    { clientId: 'c2', submittedAt: '2024-03-02T09:00:00Z', answers: row([2, 3, 3], [3, 2], [3, 4]) },
    // 08:00Z, i.e. earlier than the 09:00Z response below although it sorts later as a string.
    { clientId: 'c3', submittedAt: '2024-03-03T10:00:00+02:00', answers: row([3, 3, 4], [3, 4], [4, 4]) },
    { clientId: 'c4', submittedAt: '2024-03-04T09:00:00Z', answers: row([4, 5, 4], [4, 4], [5, 5]) },
  ];
  const allOnes = row([1, 1, 1], [1, 1], [1, 1]);
  const later: NormResponse[] = [
    { clientId: 'c1', submittedAt: '2024-04-01T09:00:00Z', answers: allOnes },
    { clientId: 'c3', submittedAt: '2024-03-03T09:00:00Z', answers: allOnes },
    { clientId: 'c4', submittedAt: '2024-05-01T09:00:00Z', answers: allOnes },
  ];
  // Later responses listed first: selection must go by submittedAt, not input order.
  const responses = [...later, ...firsts];

  it('uses each client’s first response and shows the numbers behind each threshold', () => {
    const result = proposeAllianceThresholds(responses, { minClients: 4, subscaleItems: items });
    if (result.status !== 'proposal') throw new Error('expected a proposal');
    expect(result.clients).toBe(4);
    expect(result.basis).toMatch(/^one response per client \(first\), n=4/);
    // Goal = the hand-worked matrix: subscale means 5/3, 8/3, 10/3, 13/3 → mean 3, SD = √(34/3)/3.
    const goal = result.perScale.goal;
    expect(goal.n).toBe(4);
    expect(goal.items).toBe(3);
    expect(goal.mean).toBeCloseTo(3, 12);
    expect(goal.sd).toBeCloseTo(Math.sqrt(34 / 3) / 3, 12);
    expect(goal.alpha).toBeCloseTo(129 / 136, 12);
    // 1.96 · 1.12217 · √(2 · 7/136) ≈ 0.7057
    expect(goal.rciThreshold).toBeCloseTo(1.96 * (Math.sqrt(34 / 3) / 3) * Math.sqrt(14 / 136), 12);
    expect(result.proposed.subscaleReliableDrop.goal).toBe(0.71);

    // Overall: all 7 items of the first responses only.
    const matrix = firsts.map((r) => ['g1', 'g2', 'g3', 't1', 't2', 'b1', 'b2'].map((id) => r.answers[id]!));
    const overallMeans = matrix.map((m) => m.reduce((a, b) => a + b, 0) / 7);
    const overall = result.perScale.overall;
    expect(overall.items).toBe(7);
    expect(overall.alpha).toBeCloseTo(cronbachAlpha(matrix)!, 12);
    expect(overall.sd).toBeCloseTo(sampleSd(overallMeans), 12);
    expect(overall.rciThreshold).toBeCloseTo(reliableChangeThreshold(sampleSd(overallMeans), cronbachAlpha(matrix)!), 12);
    expect(result.proposed.reliableDrop).toBe(Math.round(overall.rciThreshold! * 100) / 100);
  });

  it('does not depend on later responses or on input order', () => {
    const onlyFirsts = proposeAllianceThresholds(firsts, { minClients: 4, subscaleItems: items });
    const withLater = proposeAllianceThresholds(responses, { minClients: 4, subscaleItems: items });
    expect(withLater).toEqual(onlyFirsts);
    expect(proposeAllianceThresholds([...responses].reverse(), { minClients: 4, subscaleItems: items })).toEqual(onlyFirsts);
  });

  it('is insufficient below minClients, a proposal at it', () => {
    expect(proposeAllianceThresholds(responses, { minClients: 5, subscaleItems: items })).toEqual({
      status: 'insufficient',
      clients: 4,
      minClients: 5,
      excludedIncomplete: 0,
    });
    expect(proposeAllianceThresholds(responses, { minClients: 4, subscaleItems: items }).status).toBe('proposal');
  });

  it('counts clients, not responses, against the default minimum of 50', () => {
    const waiItems = subscaleItemsOf(WAI_SR_CLIENT_V1);
    const many = simulatedWaiResponses(49, 3);
    expect(many).toHaveLength(147);
    expect(proposeAllianceThresholds(many, { subscaleItems: waiItems })).toMatchObject({ status: 'insufficient', clients: 49, minClients: 50 });
    const enough = proposeAllianceThresholds(simulatedWaiResponses(50, 2), { subscaleItems: waiItems });
    if (enough.status !== 'proposal') throw new Error('expected a proposal');
    expect(enough.clients).toBe(50);
    expect(enough.perScale.overall.items).toBe(12);
    expect(enough.perScale.bond.items).toBe(4);
    expect(enough.proposed.reliableDrop).toBeGreaterThan(0);
    expect(enough.proposed.reliableDrop).toBeLessThan(4);
  });

  it('leaves out (and counts) a client whose first response lacks an item', () => {
    const incomplete: NormResponse = { clientId: 'c5', submittedAt: '2024-03-05T09:00:00Z', answers: { g1: 3 } };
    const result = proposeAllianceThresholds([...responses, incomplete], { minClients: 5, subscaleItems: items });
    expect(result).toEqual({ status: 'insufficient', clients: 4, minClients: 5, excludedIncomplete: 1 });
  });

  it('has no threshold when α is undefined (everyone answered alike)', () => {
    const same = ['a', 'b', 'c'].map((clientId) => ({ clientId, submittedAt: '2024-01-01T00:00:00Z', answers: row([3, 3, 3], [3, 3], [3, 3]) }));
    const result = proposeAllianceThresholds(same, { minClients: 3, subscaleItems: items });
    if (result.status !== 'proposal') throw new Error('expected a proposal');
    expect(result.perScale.overall).toMatchObject({ sd: 0, alpha: null, rciThreshold: null });
    expect(result.proposed.reliableDrop).toBeNull();
  });

  it('rejects bad input', () => {
    expect(() => proposeAllianceThresholds([{ ...firsts[0]!, submittedAt: 'yesterday' }], { subscaleItems: items })).toThrow(/submittedAt/);
    expect(() => proposeAllianceThresholds([], { minClients: 1, subscaleItems: items })).toThrow(RangeError);
    expect(() => proposeAllianceThresholds([], { subscaleItems: { ...items, bond: [] } })).toThrow(RangeError);
  });
});

/** Deterministic WAI-SR answers: each client has a level; items scatter around it (1–5). */
function simulatedWaiResponses(clients: number, perClient: number): NormResponse[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: NormResponse[] = [];
  for (let c = 0; c < clients; c++) {
    const level = 2 + rand() * 2.5;
    for (let r = 0; r < perClient; r++) {
      const answers = Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, Math.min(5, Math.max(1, Math.round(level + (rand() - 0.5) * 2)))]),
      );
      out.push({ clientId: `client-${c}`, submittedAt: new Date(Date.UTC(2024, 0, 1 + r * 7, 9)).toISOString(), answers });
    }
  }
  return out;
}
