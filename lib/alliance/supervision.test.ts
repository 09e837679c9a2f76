import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalCdf,
  normalQuantile,
  responseRate,
  ruptureCountStats,
  ruptureStats,
  shrinkEstimate,
  shrinkTherapistMeans,
  studentTQuantile,
  summariseOutcomes,
  type TherapistEstimate,
  type TherapistGroup,
} from './supervision';

const Z90 = 1.6448536269514722; // Φ⁻¹(0.95)

/** Rows with clients, by id (throws on an unknown id or an empty row, so tests stay short). */
function rowOf(rows: readonly TherapistEstimate[], id: string) {
  const row = rows.find((r) => r.therapistId === id);
  if (row === undefined || row.rawMean === null) throw new Error(`no row with clients for ${id}`);
  return row;
}

describe('normalQuantile and studentTQuantile', () => {
  it('match published values', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(Z90, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 12);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080409, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it('t quantiles for a 90 % two-sided interval (p = .95) match a t table', () => {
    // Values from a t table (scipy.stats.t.ppf), to 9 decimals.
    const table: [number, number][] = [
      [1, 6.313751515],
      [2, 2.91998558],
      [3, 2.353363435],
      [4, 2.131846786],
      [5, 2.015048373],
      [10, 1.812461123],
      [29, 1.699127027],
      [30, 1.697260887],
      [31, 1.695518783],
      [120, 1.657650899],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.95, df)).toBeCloseTo(t, 8);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 8);
    expect(studentTQuantile(0.995, 3)).toBeCloseTo(5.84090931, 8);
    expect(studentTQuantile(0.05, 7)).toBeCloseTo(-1.894578605, 8);
    expect(studentTQuantile(0.9999, 1)).toBeCloseTo(3183.098757, 5);
    expect(studentTQuantile(0.95, 2.5)).toBeCloseTo(2.558218614, 8);
    expect(studentTQuantile(0.95, Infinity)).toBeCloseTo(Z90, 12);
  });
  it('agrees with the closed forms for df = 1 (Cauchy) and df = 2', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
        expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 9);
      }),
    );
  });
  it('falls with df towards the normal quantile', () => {
    let previous = Infinity;
    for (let df = 1; df <= 200; df++) {
      const t = studentTQuantile(0.95, df);
      expect(t).toBeLessThan(previous);
      expect(t).toBeGreaterThan(Z90);
      previous = t;
    }
    expect(studentTQuantile(0.95, 1e6)).toBeCloseTo(Z90, 5);
  });
  it('normalCdf matches published values (relative error < 2e-7) and inverts normalQuantile', () => {
    // scipy.stats.norm.cdf
    const table: [number, number][] = [
      [-6, 9.865876450376946e-10],
      [-3, 0.0013498980316300933],
      [-0.5, 0.3085375387259869],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [1, 0.8413447460685429],
      [2, 0.9772498680518208],
      [4, 0.9999683287581669],
    ];
    for (const [x, p] of table) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(2e-7);
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
      }),
    );
  });
  it('rejects p outside (0, 1) and df ≤ 0', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => studentTQuantile(0.95, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(1.2, 3)).toThrow(RangeError);
  });
});

describe('shrinkEstimate: one therapist for given hyperparameters, worked by hand', () => {
  // Client means per therapist (one value per client):
  //   T1 [3, 4, 5]     n 3, ȳ 4,   SS 1+0+1         = 2,   df 2
  //   T2 [2, 3]        n 2, ȳ 2.5, SS .25+.25       = 0.5, df 1
  //   T3 [4, 5, 4, 5]  n 4, ȳ 4.5, SS 4 × .25       = 1,   df 3
  //   T4 [3]           n 1, ȳ 3,   SS 0,                df 0
  //   T5 [2, 3, 4]     n 3, ȳ 3,   SS 1+0+1         = 2,   df 2
  // σ²_w = ΣSS / Σdf = 5.5 / 8 = 0.6875 = 11/16.   v_j = σ²_w/n_j.
  // At τ² = 251/520 ≈ 0.482692308 (the DerSimonian–Laird estimate for these data):
  // B_j = v_j/(v_j + τ²) = (11/16n)/(11/16n + 251/520) = 715/(715 + 502 n), so B_T3 = 715/2723 ≈ 0.262578039.
  // μ = Σ ȳ_j/(v_j+τ²) / Σ 1/(v_j+τ²), with Σ 1/(v_j+τ²) ≈ 6.401838234 → μ ≈ 3.482886284, Var(μ̂) ≈ 0.156205134.
  // T3: θ = μ + (1 − B)(4.5 − μ) = 3.482886284 + 0.737421961 × 1.017113716 ≈ 4.232928275.
  //     var = (1 − B)·v + B²·Var(μ̂) = 0.737421961 × 0.171875 + 0.068947 × 0.156205134 ≈ 0.137514310,
  //     interval 4.232928275 ± 1.644853627 × 0.370829220 = [3.622968488, 4.842888062].
  it('gives the hand-worked estimate, shrinkage and interval for T3', () => {
    const t3 = shrinkEstimate({ rawMean: 4.5, n: 4, sigma2Within: 11 / 16, tau2: 251 / 520, grandMean: 3.482886284, grandMeanVariance: 0.156205134 });
    expect(t3.shrinkage).toBeCloseTo(715 / 2723, 12);
    expect(Math.abs(t3.estimate - 4.232928275)).toBeLessThan(1e-8);
    expect(Math.abs(t3.variance - 0.13751431)).toBeLessThan(1e-8);
    expect(Math.abs(t3.lower - 3.622968488)).toBeLessThan(1e-8);
    expect(Math.abs(t3.upper - 4.842888062)).toBeLessThan(1e-8);
  });
  it('τ² = 0 pulls all the way to μ, with the width of μ’s own uncertainty only', () => {
    const at = shrinkEstimate({ rawMean: 4, n: 2, sigma2Within: 1.1, tau2: 0, grandMean: 3.5, grandMeanVariance: 0.11 });
    expect(at.shrinkage).toBe(1);
    expect(at.estimate).toBe(3.5);
    expect(at.upper - at.lower).toBeCloseTo(2 * Z90 * Math.sqrt(0.11), 12);
  });
});

/*
 * Reference values for the pooled fit (τ integrated out, uniform prior on [0, 2]) come from an
 * independent implementation: the same model in Python, with the integrals over τ by adaptive
 * quadrature (scipy.integrate.quad, relative tolerance 1e-12) instead of the module's grid, and the
 * mixture quantiles by Brent's method on scipy.stats.norm.cdf. Agreement to 1e-5 checks both the
 * formulas and the grid.
 */
const REFERENCE_TOLERANCE = 1e-5;

describe('shrinkTherapistMeans: pooled fit on worked data (τ integrated out)', () => {
  // Same clients as above: σ²_w = 11/16 exactly. Reference (Python): E[τ² | y] = 0.981385478,
  // E[μ | y] = 3.478217899; per therapist (B̄, estimate, lower, upper):
  //   T1 0.315428274 3.846381339 [3.167219988, 4.565904469]
  //   T2 0.386175675 2.889063558 [1.954210357, 3.748532697]
  //   T3 0.270130717 4.234488347 [3.552220117, 4.932040383]
  //   T4 0.519677144 3.259346641 [2.172357399, 4.236175601]
  //   T5 0.315428274 3.161809613 [2.422421406, 3.856581644]
  const groups: TherapistGroup[] = [
    { therapistId: 'T1', clientMeans: [3, 4, 5] },
    { therapistId: 'T2', clientMeans: [2, 3] },
    { therapistId: 'T3', clientMeans: [4, 5, 4, 5] },
    { therapistId: 'T4', clientMeans: [3] },
    { therapistId: 'T5', clientMeans: [2, 3, 4] },
    { therapistId: 'T6', clientMeans: [] },
  ];
  const result = shrinkTherapistMeans(groups);
  const reference: Record<string, [number, number, number, number]> = {
    T1: [0.315428274, 3.846381339, 3.167219988, 4.565904469],
    T2: [0.386175675, 2.889063558, 1.954210357, 3.748532697],
    T3: [0.270130717, 4.234488347, 3.552220117, 4.932040383],
    T4: [0.519677144, 3.259346641, 2.172357399, 4.236175601],
    T5: [0.315428274, 3.161809613, 2.422421406, 3.856581644],
  };

  it('estimates σ²_w exactly and τ², μ, B_j, estimates and intervals as the reference does', () => {
    expect(result.method).toBe('empirical-bayes');
    expect(result.reason).toBeNull();
    expect(result.therapistsWithClients).toBe(5);
    expect(result.sigma2Within).toBeCloseTo(11 / 16, 12);
    expect(Math.abs(result.tau2! - 0.981385478)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(Math.abs(result.grandMean! - 3.478217899)).toBeLessThan(REFERENCE_TOLERANCE);
    for (const [id, [shrinkage, estimate, lower, upper]] of Object.entries(reference)) {
      const row = rowOf(result.therapists, id);
      expect(row.method).toBe('empirical-bayes');
      expect(Math.abs(row.shrinkage - shrinkage)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(Math.abs(row.estimate - estimate)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(Math.abs(row.lower - lower)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(Math.abs(row.upper - upper)).toBeLessThan(REFERENCE_TOLERANCE);
    }
  });
  it('is wider than the plug-in interval at the DerSimonian–Laird τ² (which ignored τ²’s uncertainty)', () => {
    const t3 = rowOf(result.therapists, 'T3');
    expect(t3.upper - t3.lower).toBeGreaterThan(4.842888062 - 3.622968488);
  });
  it('keeps input order and reports a therapist with no clients as empty', () => {
    expect(result.therapists.map((r) => r.therapistId)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(result.therapists[5]).toEqual({
      therapistId: 'T6',
      n: 0,
      rawMean: null,
      estimate: null,
      lower: null,
      upper: null,
      shrinkage: null,
      method: 'empirical-bayes',
    });
  });
  it('shrinks the therapist with fewer clients more: T4 (n 1) and T5 (n 3) share ȳ = 3', () => {
    const t4 = rowOf(result.therapists, 'T4');
    const t5 = rowOf(result.therapists, 'T5');
    expect(t4.shrinkage).toBeGreaterThan(t5.shrinkage);
    expect(Math.abs(t4.estimate - 3)).toBeGreaterThan(Math.abs(t5.estimate - 3));
    expect(t4.upper - t4.lower).toBeGreaterThan(t5.upper - t5.lower);
  });
  it('pulls every estimate between its raw mean and μ', () => {
    const mu = result.grandMean!;
    for (const row of result.therapists) {
      if (row.rawMean === null) continue;
      expect(row.estimate).toBeGreaterThanOrEqual(Math.min(row.rawMean, mu));
      expect(row.estimate).toBeLessThanOrEqual(Math.max(row.rawMean, mu));
    }
  });
});

describe('shrinkTherapistMeans: therapists who look alike (τ² at the boundary)', () => {
  // Five therapists of two clients: [3,4] [3,5] [2,4] [3,4] [4,3]; ȳ = 3.5, 4, 3, 3.5, 3.5.
  // SS = .5, 2, 2, .5, .5 → σ²_w = 5.5/5 = 1.1; v = 0.55 for all.
  // Q = (0 + .25 + .25 + 0 + 0)/0.55 ≈ 0.909 < k − 1 = 4, so DerSimonian–Laird estimates τ² = 0 and the
  // old plug-in put every therapist at μ = 3.5 with 3.5 ± 1.644853627 × √0.11 = 3.5 ± 0.545536 — too
  // sure that five therapists with two clients each do not differ. With τ integrated out (reference,
  // Python): E[τ² | y] = 0.372118301, B̄ = 0.73661011 for all, and
  //   a, d, e: 3.5         [2.72437989, 4.27562011]
  //   b:       3.631694945 [2.877900269, 4.483537707]
  //   c:       3.368305055 [2.516462293, 4.122099731]
  const result = shrinkTherapistMeans([
    { therapistId: 'a', clientMeans: [3, 4] },
    { therapistId: 'b', clientMeans: [3, 5] },
    { therapistId: 'c', clientMeans: [2, 4] },
    { therapistId: 'd', clientMeans: [3, 4] },
    { therapistId: 'e', clientMeans: [4, 3] },
  ]);
  it('keeps τ² above 0, pulls most but not all the way to μ, and widens the intervals', () => {
    expect(result.method).toBe('empirical-bayes');
    expect(result.sigma2Within).toBeCloseTo(1.1, 12);
    expect(result.grandMean).toBeCloseTo(3.5, 9);
    expect(Math.abs(result.tau2! - 0.372118301)).toBeLessThan(REFERENCE_TOLERANCE);
    const expected: Record<string, [number, number, number]> = {
      a: [3.5, 2.72437989, 4.27562011],
      b: [3.631694945, 2.877900269, 4.483537707],
      c: [3.368305055, 2.516462293, 4.122099731],
      d: [3.5, 2.72437989, 4.27562011],
      e: [3.5, 2.72437989, 4.27562011],
    };
    for (const [id, [estimate, lower, upper]] of Object.entries(expected)) {
      const row = rowOf(result.therapists, id);
      expect(Math.abs(row.shrinkage - 0.73661011)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(Math.abs(row.estimate - estimate)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(Math.abs(row.lower - lower)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(Math.abs(row.upper - upper)).toBeLessThan(REFERENCE_TOLERANCE);
      expect(row.upper - row.lower).toBeGreaterThan(2 * Z90 * Math.sqrt(0.11));
    }
  });
});

describe('shrinkTherapistMeans: fallback below 5 therapists', () => {
  // A [3, 4, 5]             ȳ 4,   s = 1,             t(.95, 2) = 2.919985580
  //   → 4 ± 2.919985580 × 1/√3 = 4 ± 1.685854 = [2.314146, 5.685854] → clipped to [2.314146, 5]
  // B [3, 3.5, 4, 3.5]      ȳ 3.5, s² = 0.5/3,  s = 0.408248, t(.95, 3) = 2.353363435
  //   → 3.5 ± 2.353363435 × 0.408248/2 = 3.5 ± 0.480378 = [3.019622, 3.980378]
  // C [2.5]                 n 1 → full scale [1, 5]
  // D []                    no clients
  const groups: TherapistGroup[] = [
    { therapistId: 'A', clientMeans: [3, 4, 5] },
    { therapistId: 'B', clientMeans: [3, 3.5, 4, 3.5] },
    { therapistId: 'C', clientMeans: [2.5] },
    { therapistId: 'D', clientMeans: [] },
  ];

  it('uses no pooling with honest t intervals centred on the raw mean', () => {
    const result = shrinkTherapistMeans(groups);
    expect(result.method).toBe('no-pooling (too few therapists)');
    expect(result.reason).toMatch(/fewer than 5/);
    // Plain plurals, not "therapist(s)".
    expect(result.reason).toMatch(/^3 therapists with clients,/);
    expect(shrinkTherapistMeans([{ therapistId: 'A', clientMeans: [3, 4] }]).reason).toMatch(/^1 therapist with clients,/);
    expect(result.tau2).toBeNull();
    // Pooled within variance is still reported: (2 + 0.5)/(2 + 3) = 0.5.
    expect(result.sigma2Within).toBeCloseTo(0.5, 12);
    // Mean of the supervisees' clients without pooling: all 8 clients, (12 + 14 + 2.5)/8 = 3.5625.
    expect(result.grandMean).toBeCloseTo(3.5625, 12);

    const a = rowOf(result.therapists, 'A');
    expect(a).toMatchObject({ n: 3, rawMean: 4, estimate: 4, shrinkage: 0, upper: 5, method: 'no-pooling (too few therapists)' });
    expect(a.lower).toBeCloseTo(4 - 2.91998558 / Math.sqrt(3), 7);

    const b = rowOf(result.therapists, 'B');
    expect(b).toMatchObject({ n: 4, rawMean: 3.5, estimate: 3.5, shrinkage: 0 });
    expect(b.lower).toBeCloseTo(3.019622, 6);
    expect(b.upper).toBeCloseTo(3.980378, 6);
    expect((b.lower + b.upper) / 2).toBeCloseTo(b.rawMean, 12); // the raw mean is the centre

    expect(rowOf(result.therapists, 'C')).toMatchObject({ n: 1, rawMean: 2.5, estimate: 2.5, lower: 1, upper: 5, shrinkage: 0 });
    expect(result.therapists[3]).toMatchObject({ n: 0, rawMean: null, estimate: null, lower: null, upper: null });
  });
  it('rows are not identical: each therapist keeps its own estimate and interval', () => {
    const rows = shrinkTherapistMeans(groups).therapists.filter((r) => r.n > 0);
    const keys = rows.map((r) => `${r.estimate}|${r.lower}|${r.upper}`);
    expect(new Set(keys).size).toBe(rows.length);
  });
  it('gives the full scale when a therapist has clients with no spread', () => {
    const result = shrinkTherapistMeans([
      { therapistId: 'x', clientMeans: [4, 4] },
      { therapistId: 'y', clientMeans: [3, 4] },
    ]);
    expect(rowOf(result.therapists, 'x')).toMatchObject({ estimate: 4, lower: 1, upper: 5 });
  });
  it('interval narrows as n grows (same spread), raw mean stays the centre', () => {
    const widths = [2, 4, 6, 8].map((n) => {
      const clientMeans = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 3.5 : 4));
      const row = rowOf(shrinkTherapistMeans([{ therapistId: 't', clientMeans }]).therapists, 't');
      expect(row.estimate).toBe(3.75);
      // n = 2: 3.75 ± 6.313752 × 0.353553/√2 = 3.75 ± 1.578 → clipped to [2.17, 5]; unclipped from n = 4.
      if (row.upper < 5) expect((row.lower + row.upper) / 2).toBeCloseTo(3.75, 12);
      return row.upper - row.lower;
    });
    for (let i = 1; i < widths.length; i++) expect(widths[i]!).toBeLessThan(widths[i - 1]!);
  });
  it('uses the clinic prior τ² when given', () => {
    // σ²_w = 0.5; τ² = 0.25 (prior). v: A 1/6, B 1/8, C 1/2.
    // B_j = v/(v + τ²): A (1/6)/(5/12) = 0.4, B (1/8)/(3/8) = 1/3, C (1/2)/(3/4) = 2/3.
    // weights 1/(v + τ²): 12/5, 8/3, 4/3 (sum 6.4); μ = (9.6 + 28/3 + 10/3)/6.4 = 66.8/19.2 ≈ 3.479166667.
    // θ_A = μ + 0.6 (4 − μ) = 3.479166667 + 0.3125 = 3.791666667.
    const result = shrinkTherapistMeans(groups, { fallbackBetweenVariance: 0.25 });
    expect(result.method).toBe('clinic-prior (too few therapists)');
    expect(result.tau2).toBe(0.25);
    expect(result.grandMean).toBeCloseTo(66.8 / 19.2, 12);
    const a = rowOf(result.therapists, 'A');
    expect(a.shrinkage).toBeCloseTo(0.4, 12);
    expect(a.estimate).toBeCloseTo(3.791666667, 8);
    expect(rowOf(result.therapists, 'C').shrinkage).toBeCloseTo(2 / 3, 12);
  });
  it('falls back when no therapist has two clients, even with enough therapists', () => {
    const result = shrinkTherapistMeans(
      ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ therapistId: id, clientMeans: [1 + i] })),
      { fallbackBetweenVariance: 0.2 },
    );
    expect(result.method).toBe('no-pooling (variance not estimable)');
    expect(result.sigma2Within).toBeNull();
    for (const row of result.therapists) expect(row).toMatchObject({ lower: 1, upper: 5, shrinkage: 0 });
  });
  it('honours minTherapistsForVariance and interval options', () => {
    const two = shrinkTherapistMeans(groups, { minTherapistsForVariance: 3 });
    expect(two.method).toBe('empirical-bayes');
    const wide = rowOf(shrinkTherapistMeans(groups, { interval: 0.95 }).therapists, 'B');
    const narrow = rowOf(shrinkTherapistMeans(groups).therapists, 'B');
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
  });
  it('handles no therapists and rejects bad input', () => {
    expect(shrinkTherapistMeans([])).toMatchObject({ therapists: [], grandMean: null, tau2: null, sigma2Within: null, therapistsWithClients: 0 });
    expect(() => shrinkTherapistMeans([{ therapistId: 'a', clientMeans: [5.5] }])).toThrow(RangeError);
    expect(() => shrinkTherapistMeans([{ therapistId: 'a', clientMeans: [Number.NaN] }])).toThrow(RangeError);
    expect(() =>
      shrinkTherapistMeans([
        { therapistId: 'a', clientMeans: [3] },
        { therapistId: 'a', clientMeans: [4] },
      ]),
    ).toThrow(RangeError);
    expect(() => shrinkTherapistMeans(groups, { minTherapistsForVariance: 1 })).toThrow(RangeError);
    expect(() => shrinkTherapistMeans(groups, { interval: 1 })).toThrow(RangeError);
    expect(() => shrinkTherapistMeans(groups, { fallbackBetweenVariance: -0.1 })).toThrow(RangeError);
  });
});

describe('shrinkage grows as n falls', () => {
  it('for fixed σ²_w, τ² > 0 and μ, more clients → estimate closer to the raw mean and a smaller variance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        (rawMean, grandMean, sigma2Within, tau2, grandMeanVariance, n, extra) => {
          const at = (k: number) => shrinkEstimate({ rawMean, n: k, sigma2Within, tau2, grandMean, grandMeanVariance });
          const few = at(n);
          const more = at(n + extra);
          expect(more.shrinkage).toBeLessThan(few.shrinkage);
          expect(Math.abs(more.estimate - rawMean)).toBeLessThanOrEqual(Math.abs(few.estimate - rawMean) + 1e-12);
          if (Math.abs(rawMean - grandMean) > 1e-6) expect(Math.abs(more.estimate - rawMean)).toBeLessThan(Math.abs(few.estimate - rawMean));
          expect(more.variance).toBeLessThan(few.variance);
        },
      ),
    );
  });
  it('end to end with a clinic prior τ²: adding clients at ±σ_w around a therapist’s mean pulls it less', () => {
    // Others: [3, 3.5] and [2, 2.5], SS 0.125 each, df 1 each. Therapist j has p pairs at 4 ± 0.5:
    // SS 0.5p, df 2p − 1. σ²_w = (0.25 + 0.5p)/(2 + 2p − 1) = 0.25 for every p. The clinic prior
    // fixes τ², so only n_j (and μ, which moves towards ȳ_j) change.
    const others: TherapistGroup[] = [
      { therapistId: 'a', clientMeans: [3, 3.5] },
      { therapistId: 'b', clientMeans: [2, 2.5] },
    ];
    let previous = Infinity;
    for (let pairs = 1; pairs <= 5; pairs++) {
      const clientMeans = Array.from({ length: pairs }, () => [3.5, 4.5]).flat();
      const result = shrinkTherapistMeans([...others, { therapistId: 'j', clientMeans }], { fallbackBetweenVariance: 0.1 });
      expect(result.sigma2Within).toBeCloseTo(0.25, 12);
      const j = rowOf(result.therapists, 'j');
      const pull = Math.abs(j.estimate - j.rawMean);
      expect(pull).toBeGreaterThan(0);
      expect(pull).toBeLessThan(previous);
      previous = pull;
    }
  });
  it('end to end with empirical Bayes: adding clients at a therapist’s own mean pulls it less', () => {
    // A worked example, not a property: with σ²_w, τ² and μ all re-estimated, extra clients also
    // change the hyperparameters, and in rare data sets (< 1 % of random ones) the pull grows slightly.
    const base: TherapistGroup[] = [
      { therapistId: 'a', clientMeans: [2, 2.5, 3] },
      { therapistId: 'b', clientMeans: [3, 3.5, 4] },
      { therapistId: 'c', clientMeans: [4, 4.5, 5] },
      { therapistId: 'd', clientMeans: [3, 4] },
      { therapistId: 'e', clientMeans: [2, 3] },
    ];
    let previous = Infinity;
    for (let extra = 0; extra <= 6; extra++) {
      const result = shrinkTherapistMeans([...base, { therapistId: 'j', clientMeans: [4.5, ...Array<number>(extra).fill(4.5)] }]);
      expect(result.method).toBe('empirical-bayes');
      expect(result.tau2!).toBeGreaterThan(0);
      const j = rowOf(result.therapists, 'j');
      const pull = Math.abs(j.estimate - j.rawMean);
      expect(pull).toBeLessThan(previous);
      previous = pull;
    }
  });
});

describe('shrinkTherapistMeans: invariants (fast-check)', () => {
  // WAI-SR means are multiples of 1/12 on [1, 5].
  const clientMean = fc.integer({ min: 12, max: 60 }).map((sum) => sum / 12);
  const groupsArb = fc.uniqueArray(fc.record({ therapistId: fc.string({ minLength: 1, maxLength: 4 }), clientMeans: fc.array(clientMean, { maxLength: 8 }) }), {
    selector: (g) => g.therapistId,
    maxLength: 9,
  });
  const optionsArb = fc.record(
    {
      minTherapistsForVariance: fc.integer({ min: 2, max: 6 }),
      interval: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
      fallbackBetweenVariance: fc.double({ min: 0, max: 1, noNaN: true }),
    },
    { requiredKeys: [] },
  );

  it('estimate lies between ȳ_j and μ (pooled over τ: within the raw means), lower ≤ estimate ≤ upper, all within [1, 5]', () => {
    fc.assert(
      fc.property(groupsArb, optionsArb, (groups, options) => {
        const result = shrinkTherapistMeans(groups, options);
        expect(result.therapists).toHaveLength(groups.length);
        for (const row of result.therapists) {
          if (row.rawMean === null) {
            expect(row.n).toBe(0);
            expect(row.estimate).toBeNull();
            continue;
          }
          const mu = result.grandMean!;
          const pooled = result.method === 'empirical-bayes' || result.method === 'clinic-prior (too few therapists)';
          if (result.method === 'empirical-bayes') {
            // Averaged over τ, each estimate mixes ȳ_j with means μ̂(τ) of the therapists' ȳ, so it
            // lies within the range of the raw means (not necessarily between ȳ_j and the average μ).
            const rawMeans = result.therapists.flatMap((r) => (r.rawMean === null ? [] : [r.rawMean]));
            expect(row.estimate).toBeGreaterThanOrEqual(Math.min(...rawMeans) - 1e-9);
            expect(row.estimate).toBeLessThanOrEqual(Math.max(...rawMeans) + 1e-9);
          } else {
            const centre = pooled ? mu : row.rawMean;
            expect(row.estimate).toBeGreaterThanOrEqual(Math.min(row.rawMean, centre) - 1e-9);
            expect(row.estimate).toBeLessThanOrEqual(Math.max(row.rawMean, centre) + 1e-9);
          }
          expect(row.lower).toBeLessThanOrEqual(row.estimate);
          expect(row.estimate).toBeLessThanOrEqual(row.upper);
          expect(row.lower).toBeGreaterThanOrEqual(1);
          expect(row.upper).toBeLessThanOrEqual(5);
          expect(row.shrinkage).toBeGreaterThanOrEqual(0);
          expect(row.shrinkage).toBeLessThanOrEqual(1);
          if (!pooled) {
            expect(row.estimate).toBeCloseTo(row.rawMean, 12);
            expect(row.shrinkage).toBe(0);
            if (row.n === 1) expect([row.lower, row.upper]).toEqual([1, 5]);
          }
        }
        if (result.method === 'empirical-bayes') expect(result.tau2!).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('responseRate', () => {
  it('completed / due', () => {
    expect(responseRate(8, 6)).toEqual({ due: 8, completed: 6, rate: 0.75 });
    expect(responseRate(3, 0)).toEqual({ due: 3, completed: 0, rate: 0 });
    expect(responseRate(3, 3)).toEqual({ due: 3, completed: 3, rate: 1 });
  });
  it('nothing due → null rate (not 0 %, not 100 %)', () => {
    expect(responseRate(0, 0)).toEqual({ due: 0, completed: 0, rate: null });
  });
  it('clamps completed to due', () => {
    expect(responseRate(4, 5)).toEqual({ due: 4, completed: 4, rate: 1 });
    expect(responseRate(0, 2)).toEqual({ due: 0, completed: 0, rate: null });
  });
  it('rejects negative or fractional counts', () => {
    expect(() => responseRate(-1, 0)).toThrow(RangeError);
    expect(() => responseRate(2, -1)).toThrow(RangeError);
    expect(() => responseRate(2.5, 1)).toThrow(RangeError);
    expect(() => responseRate(Number.NaN, 1)).toThrow(RangeError);
  });
  it('rate is always in [0, 1]', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (due, completed) => {
        const { rate } = responseRate(due, completed);
        if (due === 0) expect(rate).toBeNull();
        else {
          expect(rate!).toBeGreaterThanOrEqual(0);
          expect(rate!).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('summariseOutcomes', () => {
  it('counts by the reliable-change rule (|change| ≥ threshold; higher is worse)', () => {
    const clients = [
      { baseline: 18, latest: 12 }, // −6: improved (exactly the threshold)
      { baseline: 18, latest: 13 }, // −5: unchanged
      { baseline: 10, latest: 16 }, // +6: deteriorated
      { baseline: 10, latest: 15 }, // +5: unchanged
      { baseline: 20, latest: 5 }, // −15: improved
    ];
    expect(summariseOutcomes(clients, 6)).toEqual({ n: 5, improved: 2, deteriorated: 1, unchanged: 2, threshold: 6 });
    expect(summariseOutcomes(clients, 5)).toEqual({ n: 5, improved: 3, deteriorated: 2, unchanged: 0, threshold: 5 });
  });
  it('empty list → zeros; non-positive threshold rejected', () => {
    expect(summariseOutcomes([], 4)).toEqual({ n: 0, improved: 0, deteriorated: 0, unchanged: 0, threshold: 4 });
    expect(() => summariseOutcomes([], 0)).toThrow(RangeError);
    expect(() => summariseOutcomes([{ baseline: 1, latest: 2 }], -1)).toThrow(RangeError);
  });
});

describe('ruptureStats', () => {
  const day = 24 * 60 * 60 * 1000;
  const t0 = new Date('2025-03-01T09:00:00Z');
  const after = (ms: number) => new Date(t0.getTime() + ms);
  it('counts detected, acknowledged within 7 days, repaired and the repair rate', () => {
    const stats = ruptureStats([
      { detectedAt: t0, acknowledgedAt: after(2 * day), repairStatus: 'repaired' },
      { detectedAt: t0, acknowledgedAt: after(7 * day), repairStatus: 'repaired' }, // exactly 7 days: within
      { detectedAt: t0, acknowledgedAt: after(7 * day + 1), repairStatus: 'unrepaired' }, // 1 ms late
      { detectedAt: t0, acknowledgedAt: null, repairStatus: 'pending' },
    ]);
    // repairRate leaves pending out: 2 / (2 + 1).
    expect(stats).toEqual({ detected: 4, acknowledged: 3, acknowledgedWithin7Days: 2, repaired: 2, unrepaired: 1, pending: 1, repairRate: 2 / 3 });
  });
  it('no episodes → zeros and a null rate', () => {
    expect(ruptureStats([])).toEqual({ detected: 0, acknowledged: 0, acknowledgedWithin7Days: 0, repaired: 0, unrepaired: 0, pending: 0, repairRate: null });
  });
  it('rejects invalid dates', () => {
    expect(() => ruptureStats([{ detectedAt: new Date('nope'), acknowledgedAt: null, repairStatus: 'pending' }])).toThrow(RangeError);
  });
});

describe('ruptureCountStats', () => {
  it('gives what ruptureStats gives for the episodes the counts came from', () => {
    const episode = fc.record({
      detectedAt: fc.date({ min: new Date('2024-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
      acknowledgedAfterMs: fc.option(fc.integer({ min: -86_400_000, max: 20 * 86_400_000 })),
      repairStatus: fc.constantFrom('repaired' as const, 'pending' as const, 'unrepaired' as const),
    });
    fc.assert(
      fc.property(fc.array(episode, { maxLength: 30 }), (drawn) => {
        const episodes = drawn.map((e) => ({
          detectedAt: e.detectedAt,
          acknowledgedAt: e.acknowledgedAfterMs === null ? null : new Date(e.detectedAt.getTime() + e.acknowledgedAfterMs),
          repairStatus: e.repairStatus,
        }));
        const stats = ruptureStats(episodes);
        const fromCounts = ruptureCountStats({
          detected: stats.detected,
          acknowledgedWithin7Days: stats.acknowledgedWithin7Days,
          repaired: stats.repaired,
          unrepaired: stats.unrepaired,
        });
        expect(fromCounts).toEqual({
          detected: stats.detected,
          acknowledgedWithin7Days: stats.acknowledgedWithin7Days,
          repaired: stats.repaired,
          unrepaired: stats.unrepaired,
          pending: stats.pending,
          repairRate: stats.repairRate,
        });
      }),
    );
  });

  it('refuses counts that cannot come from episodes', () => {
    expect(() => ruptureCountStats({ detected: 1, acknowledgedWithin7Days: 2, repaired: 0, unrepaired: 0 })).toThrow(RangeError);
    expect(() => ruptureCountStats({ detected: 2, acknowledgedWithin7Days: 0, repaired: 2, unrepaired: 1 })).toThrow(RangeError);
    expect(() => ruptureCountStats({ detected: -1, acknowledgedWithin7Days: 0, repaired: 0, unrepaired: 0 })).toThrow(RangeError);
    expect(() => ruptureCountStats({ detected: 1.5, acknowledgedWithin7Days: 0, repaired: 0, unrepaired: 0 })).toThrow(RangeError);
  });
});
