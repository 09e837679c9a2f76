/**
 * Supervisor table statistics (issue 6 §1), pure. One row per therapist: response rate, the mean
 * client WAI-SR raw and shrunken (partial pooling, with an interval and n) so a therapist with few
 * clients is not judged on noise, share of low scores, rating gap, outcome counts and ruptures.
 * Every number is computed from what the caller passes in; nothing here reads a clock or a database.
 */
import { reliableChange } from './outcomes';
import { repairRate } from './repair';

// WAI-SR means live on the 1–5 scale; estimates and intervals are kept inside it.
const SCALE_MIN = 1;
const SCALE_MAX = 5;

const clampToScale = (x: number): number => Math.min(SCALE_MAX, Math.max(SCALE_MIN, x));

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

// ---------------------------------------------------------------------------------------------
// Quantiles (normal and Student's t), so intervals of any coverage can be computed exactly.
// ---------------------------------------------------------------------------------------------

/** Polynomial a[0] + a[1]·x + … evaluated by Horner's rule. */
function poly(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) result = result * x + coefficients[i]!;
  return result;
}

// Wichura (1988), Algorithm AS 241 (PPND16): relative error about 1e-16.
const AS241 = {
  a: [
    3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
    33430.575583588128105, 2509.0809287301226727,
  ],
  b: [
    1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
    5226.495278852854561,
  ],
  c: [
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
    0.0227238449892691845833, 7.7454501427834140764e-4,
  ],
  d: [
    1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
    1.05075007164441684324e-9,
  ],
  e: [
    6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
    2.71155556874348757815e-5, 2.01033439929228813265e-7,
  ],
  f: [
    1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
    2.04426310338993978564e-15,
  ],
} as const;

/** Quantile of the standard normal distribution, p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241.a, r)) / poly(AS241.b, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = poly(AS241.c, r) / poly(AS241.d, r);
  } else {
    r -= 5;
    value = poly(AS241.e, r) / poly(AS241.f, r);
  }
  return q < 0 ? -value : value;
}

/**
 * Distribution function of the standard normal, Φ(x) = erfc(−x/√2)/2, with erfc by the Chebyshev fit
 * of Numerical Recipes (`erfcc`, fractional error below 1.2e-7 everywhere, tails included).
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const tail =
    0.5 *
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - tail : tail;
}

// Lanczos approximation (g = 7, 9 terms) of ln Γ(x) for x > 0; about 15 significant digits.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const guard = (v: number) => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T > t) for t ≥ 0, T ~ Student's t with df degrees of freedom. */
function studentUpperTail(t: number, df: number): number {
  return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * Quantile of Student's t with `df` degrees of freedom (df > 0, need not be an integer; Infinity
 * gives the normal), p in (0, 1). Solved by bisection on the exact CDF to ~1e-13 relative.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile: df must be positive, got ${df}`);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const tail = 1 - p;
  let lo = 0;
  let hi = 1;
  while (studentUpperTail(hi, df) > tail) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 300 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentUpperTail(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---------------------------------------------------------------------------------------------
// Shrunken therapist means
// ---------------------------------------------------------------------------------------------

export type ShrinkageMethod =
  /** Pooled over the therapists passed in, with the uncertainty of τ² integrated out (see `integrateOverBetweenSd`). */
  | 'empirical-bayes'
  /** Too few therapists to estimate τ²; the clinic's prior `fallbackBetweenVariance` is used instead. */
  | 'clinic-prior (too few therapists)'
  /** Too few therapists and no prior: each therapist's own mean with a t interval. */
  | 'no-pooling (too few therapists)'
  /** Enough therapists, but the within-therapist variance is unknown (no therapist has two clients) or zero. */
  | 'no-pooling (variance not estimable)';

export type TherapistGroup = {
  therapistId: string;
  /** One WAI-SR mean (1–5) per client: each client is one observation. */
  clientMeans: readonly number[];
};

export type ShrinkOptions = {
  /** Therapists with ≥ 1 client needed before τ² is estimated (issue 6: "say under 5" is too few). Integer ≥ 2. */
  minTherapistsForVariance?: number;
  /** Two-sided coverage of the intervals, in (0, 1). */
  interval?: number;
  /** The clinic's prior between-therapist variance, used when τ² cannot be estimated. */
  fallbackBetweenVariance?: number;
};

export type TherapistEstimate =
  | {
      therapistId: string;
      n: number;
      /** Mean of the client means. */
      rawMean: number;
      /** Shrunken estimate (no pooling: the raw mean), within [1, 5]. */
      estimate: number;
      /** Interval around `estimate` at the requested coverage, clipped to [1, 5]. */
      lower: number;
      upper: number;
      /**
       * B_j = v_j / (v_j + τ²): the weight on the pooled mean μ, the mean of the supervisees (0 = none,
       * 1 = all); averaged over τ for empirical Bayes. 0 without pooling.
       */
      shrinkage: number;
      method: ShrinkageMethod;
    }
  | { therapistId: string; n: 0; rawMean: null; estimate: null; lower: null; upper: null; shrinkage: null; method: ShrinkageMethod };

export type ShrinkageResult = {
  /** One row per input group, in input order. */
  therapists: TherapistEstimate[];
  method: ShrinkageMethod;
  /** Why pooling was not (fully) data-driven; null for empirical Bayes. */
  reason: string | null;
  /**
   * Mean μ of the supervisees (the therapists passed in, not the whole clinic): with shrinkage the
   * precision-weighted mean of therapist means (weights 1/(v_j + τ²); for empirical Bayes averaged
   * over τ); without pooling the plain mean over all clients. Null when there are no clients.
   */
  grandMean: number | null;
  /** Between-therapist variance τ²: its posterior mean for empirical Bayes, the prior for the clinic prior; null without pooling. */
  tau2: number | null;
  /** Pooled within-therapist variance σ²_w of client means; null when no therapist has ≥ 2 clients. */
  sigma2Within: number | null;
  /** Therapists with at least one client (k). */
  therapistsWithClients: number;
  /** Coverage of the intervals. */
  interval: number;
};

export type ShrinkInput = {
  rawMean: number;
  n: number;
  sigma2Within: number;
  tau2: number;
  grandMean: number;
  /** Var(μ̂) = 1 / Σ 1/(v_i + τ²); 0 treats μ as known. */
  grandMeanVariance?: number;
  interval?: number;
};

export type ShrunkMean = { estimate: number; lower: number; upper: number; shrinkage: number; variance: number };

/**
 * One therapist's shrunken mean for given hyperparameters: v = σ²_w/n, B = v/(v + τ²),
 * θ = μ + (1 − B)(ȳ − μ), variance (1 − B)·v + B²·Var(μ̂), interval θ ± z·√variance clipped to [1, 5].
 *
 * The B²·Var(μ̂) term (Morris 1983) carries the uncertainty of the pooled mean itself: without it a
 * τ² of 0 (B = 1) would give every therapist a zero-width interval at μ.
 */
export function shrinkEstimate({ rawMean, n, sigma2Within, tau2, grandMean, grandMeanVariance = 0, interval = 0.9 }: ShrinkInput): ShrunkMean {
  if (!(n >= 1)) throw new RangeError(`shrinkEstimate: n must be ≥ 1, got ${n}`);
  if (!(sigma2Within > 0) || !Number.isFinite(sigma2Within)) throw new RangeError(`shrinkEstimate: sigma2Within must be positive, got ${sigma2Within}`);
  if (!(tau2 >= 0) || !Number.isFinite(tau2)) throw new RangeError(`shrinkEstimate: tau2 must be non-negative, got ${tau2}`);
  if (!(grandMeanVariance >= 0)) throw new RangeError(`shrinkEstimate: grandMeanVariance must be non-negative, got ${grandMeanVariance}`);
  const z = normalQuantile((1 + interval) / 2);
  const v = sigma2Within / n;
  const shrinkage = v / (v + tau2);
  // Clamp: a convex combination of two values in [1, 5] is in [1, 5] except for rounding.
  const estimate = clampToScale(grandMean + (1 - shrinkage) * (rawMean - grandMean));
  const variance = (1 - shrinkage) * v + shrinkage * shrinkage * grandMeanVariance;
  const half = z * Math.sqrt(variance);
  return { estimate, lower: clampToScale(estimate - half), upper: clampToScale(estimate + half), shrinkage, variance };
}

/**
 * Partially pooled (random-effects) estimate of each therapist's mean client WAI-SR. Each client's
 * mean is one observation y_ij; for therapist j with n_j clients:
 * - σ²_w = Σ_j Σ_i (y_ij − ȳ_j)² / Σ_j (n_j − 1), pooled; v_j = σ²_w / n_j;
 * - for each τ², μ = Σ ȳ_j/(v_j + τ²) / Σ 1/(v_j + τ²) and `shrinkEstimate`'s normal posterior of θ_j;
 * - τ² itself is integrated out over its posterior (`integrateOverBetweenSd`), so the intervals carry
 *   the uncertainty of τ² and of μ; σ²_w is plugged in.
 *
 * Fallback when τ² cannot be estimated (fewer than `minTherapistsForVariance` therapists with a
 * client, or σ²_w unknown or zero): the clinic's `fallbackBetweenVariance` if given (needs σ²_w),
 * else no pooling — θ_j = ȳ_j with ȳ_j ± t(n_j − 1)·s_j/√n_j, and the full scale [1, 5] when n_j = 1
 * or s_j = 0 (a sample with no spread says nothing about the spread). Small teams thus see honest,
 * different intervals rather than identical rows.
 */
export function shrinkTherapistMeans(groups: readonly TherapistGroup[], options: ShrinkOptions = {}): ShrinkageResult {
  const { minTherapistsForVariance = 5, interval = 0.9, fallbackBetweenVariance } = options;
  if (!Number.isInteger(minTherapistsForVariance) || minTherapistsForVariance < 2) {
    throw new RangeError(`minTherapistsForVariance must be an integer ≥ 2, got ${minTherapistsForVariance}`);
  }
  if (!(interval > 0 && interval < 1)) throw new RangeError(`interval must be in (0, 1), got ${interval}`);
  if (fallbackBetweenVariance !== undefined && !(fallbackBetweenVariance >= 0 && Number.isFinite(fallbackBetweenVariance))) {
    throw new RangeError(`fallbackBetweenVariance must be a non-negative number, got ${fallbackBetweenVariance}`);
  }
  const ids = new Set<string>();
  for (const { therapistId, clientMeans } of groups) {
    if (ids.has(therapistId)) throw new RangeError(`Therapist ${therapistId} appears twice`);
    ids.add(therapistId);
    for (const y of clientMeans) {
      if (!(y >= SCALE_MIN && y <= SCALE_MAX)) throw new RangeError(`Client mean ${y} of therapist ${therapistId} is outside the 1–5 WAI-SR scale`);
    }
  }

  const present = groups
    .filter((g) => g.clientMeans.length > 0)
    .map((g) => {
      const n = g.clientMeans.length;
      const rawMean = mean(g.clientMeans);
      const ss = g.clientMeans.reduce((acc, y) => acc + (y - rawMean) ** 2, 0);
      return { therapistId: g.therapistId, n, rawMean, ss };
    });
  const k = present.length;
  const therapistsWithClients = (count: number) => `${count} ${count === 1 ? 'therapist' : 'therapists'} with clients`;
  const withinDf = present.reduce((acc, g) => acc + g.n - 1, 0);
  const sigma2Within = withinDf > 0 ? present.reduce((acc, g) => acc + g.ss, 0) / withinDf : null;
  const varianceUsable = sigma2Within !== null && sigma2Within > 0;

  let method: ShrinkageMethod;
  let tau2: number | null = null;
  let reason: string | null = null;
  if (k >= minTherapistsForVariance && varianceUsable) {
    method = 'empirical-bayes';
  } else if (k < minTherapistsForVariance && varianceUsable && fallbackBetweenVariance !== undefined) {
    method = 'clinic-prior (too few therapists)';
    tau2 = fallbackBetweenVariance;
    reason = `${therapistsWithClients(k)}, fewer than ${minTherapistsForVariance}: between-therapist variance taken from the clinic's prior`;
  } else if (k < minTherapistsForVariance) {
    method = 'no-pooling (too few therapists)';
    reason = `${therapistsWithClients(k)}, fewer than ${minTherapistsForVariance}: each therapist's own mean is shown with a t interval`;
  } else {
    method = 'no-pooling (variance not estimable)';
    reason =
      sigma2Within === null
        ? 'no therapist has two or more clients, so the within-therapist variance cannot be estimated'
        : 'client means do not vary within any therapist, so the within-therapist variance is zero';
  }

  const empty = (therapistId: string): TherapistEstimate => ({
    therapistId,
    n: 0,
    rawMean: null,
    estimate: null,
    lower: null,
    upper: null,
    shrinkage: null,
    method,
  });
  const byId = new Map(present.map((g) => [g.therapistId, g]));

  if (method === 'empirical-bayes' && varianceUsable) {
    const pooled = integrateOverBetweenSd(present, sigma2Within, interval);
    const therapists = groups.map((g): TherapistEstimate => {
      const row = byId.get(g.therapistId);
      const fit = pooled.therapists.get(g.therapistId);
      if (row === undefined || fit === undefined) return empty(g.therapistId);
      return { therapistId: g.therapistId, n: row.n, rawMean: row.rawMean, ...fit, method };
    });
    return { therapists, method, reason, grandMean: pooled.grandMean, tau2: pooled.tau2, sigma2Within, therapistsWithClients: k, interval };
  }

  if (tau2 !== null && varianceUsable) {
    const s2 = sigma2Within;
    const t2 = tau2;
    const weights = present.map((g) => 1 / (s2 / g.n + t2));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const grandMean = present.reduce((acc, g, i) => acc + weights[i]! * g.rawMean, 0) / totalWeight;
    const grandMeanVariance = 1 / totalWeight;
    const therapists = groups.map((g): TherapistEstimate => {
      const row = byId.get(g.therapistId);
      if (row === undefined) return empty(g.therapistId);
      const shrunk = shrinkEstimate({ rawMean: row.rawMean, n: row.n, sigma2Within: s2, tau2: t2, grandMean, grandMeanVariance, interval });
      return {
        therapistId: g.therapistId,
        n: row.n,
        rawMean: row.rawMean,
        estimate: shrunk.estimate,
        lower: shrunk.lower,
        upper: shrunk.upper,
        shrinkage: shrunk.shrinkage,
        method,
      };
    });
    return { therapists, method, reason, grandMean, tau2, sigma2Within, therapistsWithClients: k, interval };
  }

  // No pooling: nothing is borrowed from the other therapists.
  const allClients = groups.flatMap((g) => g.clientMeans);
  const therapists = groups.map((g): TherapistEstimate => {
    const row = byId.get(g.therapistId);
    if (row === undefined) return empty(g.therapistId);
    const sd = row.n >= 2 ? Math.sqrt(row.ss / (row.n - 1)) : 0;
    let lower: number = SCALE_MIN;
    let upper: number = SCALE_MAX;
    if (sd > 0) {
      const half = (studentTQuantile((1 + interval) / 2, row.n - 1) * sd) / Math.sqrt(row.n);
      lower = clampToScale(row.rawMean - half);
      upper = clampToScale(row.rawMean + half);
    }
    const estimate = clampToScale(row.rawMean);
    return {
      therapistId: g.therapistId,
      n: row.n,
      rawMean: row.rawMean,
      estimate,
      lower: Math.min(lower, estimate),
      upper: Math.max(upper, estimate),
      shrinkage: 0,
      method,
    };
  });
  return {
    therapists,
    method,
    reason,
    grandMean: allClients.length > 0 ? mean(allClients) : null,
    tau2: null,
    sigma2Within,
    therapistsWithClients: k,
    interval,
  };
}

/** Upper end of the uniform prior on τ: means on the 1–5 scale cannot have an SD above 2. */
const MAX_BETWEEN_SD = 2;
/** Steps of the scan over [0, MAX_BETWEEN_SD] (0.005 apart) that finds where the posterior of τ lives. */
const SCAN_STEPS = 400;
/** τ where the posterior density is below this share of its peak is left out (it cannot move an interval). */
const NEGLIGIBLE_DENSITY = 1e-12;
/** Simpson's rule over the region found: an even number of intervals. */
const SIMPSON_INTERVALS = 64;

type PooledFit = { estimate: number; lower: number; upper: number; shrinkage: number };

/**
 * The hierarchical normal model ȳ_j ~ N(θ_j, σ²_w/n_j), θ_j ~ N(μ, τ²), with τ not plugged in but
 * integrated out (Gelman et al., Bayesian Data Analysis, 3rd ed., §5.4–5.5): a flat prior on μ and a
 * uniform prior on τ over [0, 2] (the noninformative choice BDA recommends; 2 is the largest SD
 * possible on a 1–5 scale), so that
 *   p(τ | y) ∝ V_μ^½ Π_j (v_j + τ²)^−½ exp(−(ȳ_j − μ̂)² / 2(v_j + τ²))   (the REML likelihood),
 * and for each τ the normal posterior of θ_j (mean μ̂ + (1 − B_j)(ȳ_j − μ̂), variance (1 − B_j)v_j + B_j²V_μ).
 * Estimates are the posterior means; intervals are the central quantiles of the resulting mixture.
 *
 * Why not a point estimate of τ² (DerSimonian–Laird, as before): with 5–30 therapists τ² is poorly
 * determined and often estimated as 0, which pulls every therapist to μ with an interval far too
 * narrow. In the seeded simulation (supervision.coverage.test.ts) those "90 %" intervals covered
 * 0.83–0.88 of true therapist means overall, down to 0.78 when therapists truly differ a little and
 * 0.73 in clinics where τ² came out 0. Averaging over the plausible values of τ keeps intervals wide
 * exactly when the data cannot tell how much therapists differ: 0.91 coverage for 5, 10 and 30
 * therapists, ≥ 0.86 for every true τ > 0. The price is over-coverage (0.95–0.99) when therapists
 * truly do not differ at all. σ²_w, estimated from all clients together, is much better determined
 * and is still plugged in.
 */
function integrateOverBetweenSd(
  present: readonly { therapistId: string; n: number; rawMean: number }[],
  sigma2Within: number,
  interval: number,
): { grandMean: number; tau2: number; therapists: Map<string, PooledFit> } {
  const v = present.map((g) => sigma2Within / g.n);
  /** For one τ: log p(τ | y) up to a constant, μ̂(τ) and Var(μ̂ | τ). */
  const at = (tau: number) => {
    const tau2 = tau * tau;
    let sumW = 0;
    let weighted = 0;
    for (let j = 0; j < present.length; j++) {
      sumW += 1 / (v[j]! + tau2);
      weighted += present[j]!.rawMean / (v[j]! + tau2);
    }
    const mu = weighted / sumW;
    let logDensity = -0.5 * Math.log(sumW);
    for (let j = 0; j < present.length; j++) logDensity -= 0.5 * Math.log(v[j]! + tau2) + (0.5 * (present[j]!.rawMean - mu) ** 2) / (v[j]! + tau2);
    return { tau2, logDensity, mu, muVariance: 1 / sumW };
  };

  // A fine scan bounds the region of τ with non-negligible posterior density; Simpson's rule over that
  // region then integrates with a resolution that follows the posterior's own width.
  const scan = Array.from({ length: SCAN_STEPS + 1 }, (_, step) => at((MAX_BETWEEN_SD * step) / SCAN_STEPS).logDensity);
  const peak = Math.max(...scan);
  const relevant = scan.map((d, step) => (d - peak >= Math.log(NEGLIGIBLE_DENSITY) ? step : -1)).filter((step) => step >= 0);
  const from = (MAX_BETWEEN_SD * Math.max(0, relevant[0]! - 1)) / SCAN_STEPS;
  const to = (MAX_BETWEEN_SD * Math.min(SCAN_STEPS, relevant[relevant.length - 1]! + 1)) / SCAN_STEPS;
  const nodes = Array.from({ length: SIMPSON_INTERVALS + 1 }, (_, i) => {
    const point = at(from + ((to - from) * i) / SIMPSON_INTERVALS);
    const simpson = i === 0 || i === SIMPSON_INTERVALS ? 1 : i % 2 === 1 ? 4 : 2;
    return { ...point, p: simpson * Math.exp(point.logDensity - peak) };
  });
  const total = nodes.reduce((a, node) => a + node.p, 0);
  const kept = nodes.filter((node) => node.p > 0);
  for (const node of kept) node.p /= total;

  const therapists = new Map<string, PooledFit>();
  present.forEach((g, j) => {
    const vj = v[j]!;
    const components = kept.map((point) => {
      const shrinkage = vj / (vj + point.tau2);
      return {
        p: point.p,
        shrinkage,
        mean: point.mu + (1 - shrinkage) * (g.rawMean - point.mu),
        sd: Math.sqrt((1 - shrinkage) * vj + shrinkage * shrinkage * point.muVariance),
      };
    });
    const estimate = clampToScale(components.reduce((a, c) => a + c.p * c.mean, 0));
    const lower = clampToScale(mixtureQuantile(components, (1 - interval) / 2));
    const upper = clampToScale(mixtureQuantile(components, (1 + interval) / 2));
    therapists.set(g.therapistId, {
      estimate,
      lower: Math.min(lower, estimate),
      upper: Math.max(upper, estimate),
      shrinkage: components.reduce((a, c) => a + c.p * c.shrinkage, 0),
    });
  });
  return {
    grandMean: kept.reduce((a, g) => a + g.p * g.mu, 0),
    tau2: kept.reduce((a, g) => a + g.p * g.tau2, 0),
    therapists,
  };
}

/** Quantile of a mixture of normals Σ p_i N(mean_i, sd_i²) (Σ p_i = 1, sd_i > 0): Newton's method kept inside a bisection bracket. */
function mixtureQuantile(components: readonly { p: number; mean: number; sd: number }[], q: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  let mean = 0;
  for (const c of components) {
    lo = Math.min(lo, c.mean - 10 * c.sd);
    hi = Math.max(hi, c.mean + 10 * c.sd);
    mean += c.p * c.mean;
  }
  let variance = 0;
  for (const c of components) variance += c.p * (c.sd * c.sd + (c.mean - mean) ** 2);
  let x = mean + normalQuantile(q) * Math.sqrt(variance);
  for (let i = 0; i < 100; i++) {
    let cdf = 0;
    let density = 0;
    for (const c of components) {
      const z = (x - c.mean) / c.sd;
      cdf += c.p * normalCdf(z);
      density += (c.p * Math.exp(-0.5 * z * z)) / c.sd;
    }
    density /= Math.sqrt(2 * Math.PI);
    const excess = cdf - q;
    // Φ is only good to ~1e-7 anyway: 1e-10 in probability is far below a displayed hundredth.
    if (Math.abs(excess) < 1e-10) return x;
    if (excess > 0) hi = x;
    else lo = x;
    let next = density > 0 ? x - excess / density : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) < 1e-10) return next;
    x = next;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// The other columns of the supervisor table
// ---------------------------------------------------------------------------------------------

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

export type ResponseRate = { due: number; completed: number; rate: number | null };

/** Measures completed / measures due; null when nothing was due. */
export function responseRate(due: number, completed: number): ResponseRate {
  assertCount('due', due);
  assertCount('completed', completed);
  // A completed measure was due, so completed can never exceed due. If the caller's counts say
  // otherwise (e.g. a measure completed in the range but due before it), clamp to `due` rather than
  // show a rate above 100 %.
  const done = Math.min(completed, due);
  return { due, completed: done, rate: due === 0 ? null : done / due };
}

export type OutcomeSummary = { n: number; improved: number; deteriorated: number; unchanged: number; threshold: number };

/**
 * Clients reliably improved / deteriorated / unchanged between baseline and latest total (PHQ-9 or
 * GAD-7: higher is worse), by `reliableChange`, i.e. |change| ≥ threshold.
 */
export function summariseOutcomes(clients: readonly { readonly baseline: number; readonly latest: number }[], threshold: number): OutcomeSummary {
  // Checked up front so an empty list fails the same way as a full one (as `reliableChange` does).
  if (!(threshold > 0)) throw new RangeError(`Reliable-change threshold must be positive, got ${threshold}`);
  let improved = 0;
  let deteriorated = 0;
  for (const { baseline, latest } of clients) {
    // The rule does not depend on the instrument (both are higher-is-worse totals); only the
    // finding's label does, and this summary carries none.
    const finding = reliableChange({ instrument: 'phq-9', baseline, current: latest, threshold, convention: '' });
    if (finding?.rule === 'reliable_improvement') improved++;
    else if (finding?.rule === 'deterioration') deteriorated++;
  }
  return { n: clients.length, improved, deteriorated, unchanged: clients.length - improved - deteriorated, threshold };
}

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

export type RuptureEpisode = {
  detectedAt: Date;
  acknowledgedAt: Date | null;
  repairStatus: 'repaired' | 'pending' | 'unrepaired';
};

export type RuptureStats = {
  detected: number;
  acknowledged: number;
  /** Acknowledged at most 7 × 24 h after detection. */
  acknowledgedWithin7Days: number;
  repaired: number;
  unrepaired: number;
  pending: number;
  /** repaired / (repaired + unrepaired), as `repairRate`; null when none is decided yet. */
  repairRate: number | null;
};

export function ruptureStats(episodes: readonly RuptureEpisode[]): RuptureStats {
  let acknowledged = 0;
  let acknowledgedWithin7Days = 0;
  for (const { detectedAt, acknowledgedAt } of episodes) {
    if (Number.isNaN(detectedAt.getTime())) throw new RangeError('ruptureStats: invalid detectedAt');
    if (acknowledgedAt === null) continue;
    if (Number.isNaN(acknowledgedAt.getTime())) throw new RangeError('ruptureStats: invalid acknowledgedAt');
    acknowledged++;
    // An acknowledgement stamped before detection (clock skew) counts as prompt.
    if (acknowledgedAt.getTime() - detectedAt.getTime() <= SEVEN_DAYS_MS) acknowledgedWithin7Days++;
  }
  const rate = repairRate(episodes.map((e) => ({ status: e.repairStatus })));
  return {
    detected: episodes.length,
    acknowledged,
    acknowledgedWithin7Days,
    repaired: rate.repaired,
    unrepaired: rate.unrepaired,
    pending: rate.pending,
    repairRate: rate.rate,
  };
}

export type RuptureCounts = { detected: number; acknowledgedWithin7Days: number; repaired: number; unrepaired: number };

/**
 * ruptureStats from counts already summed (the supervision rollup): the same repair rate,
 * repaired / (repaired + unrepaired), and what is neither is pending.
 */
export function ruptureCountStats(counts: RuptureCounts): Omit<RuptureStats, 'acknowledged'> {
  const { detected, acknowledgedWithin7Days, repaired, unrepaired } = counts;
  for (const [name, value] of Object.entries(counts)) assertCount(name, value);
  if (acknowledgedWithin7Days > detected || repaired + unrepaired > detected) throw new RangeError(`Rupture counts exceed the ${detected} detected`);
  const resolved = repaired + unrepaired;
  return { detected, acknowledgedWithin7Days, repaired, unrepaired, pending: detected - resolved, repairRate: resolved === 0 ? null : repaired / resolved };
}
