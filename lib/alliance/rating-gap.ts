/**
 * Rating gap (DESIGN.md "Alerts"): client and therapist WAI-SR means for the same session differ by
 * at least the clinic's `ratingGap` setting on any subscale (or overall). Pure.
 */
export const ALLIANCE_SCALES = ['goal', 'task', 'bond', 'overall'] as const;
export type AllianceScale = (typeof ALLIANCE_SCALES)[number];
export type WaiSubscale = Exclude<AllianceScale, 'overall'>;

/** WAI-SR means (1–5) of one response: overall and per subscale. */
export type SubscaleMeans = { overall: number; goal: number; task: number; bond: number };

export type RatingGapFinding = {
  rule: 'rating_gap';
  subscale: AllianceScale;
  clientMean: number;
  therapistMean: number;
  /** client − therapist: positive when the client rates the alliance higher than the therapist. */
  gap: number;
  threshold: number;
};

/** The part of a lib/instruments `ScoreResult` this module needs (kept structural, no import). */
export type MeanScores = {
  readonly mean: number;
  readonly subscales: Readonly<Record<string, { readonly mean: number } | undefined>>;
};

/**
 * The means of a scored WAI-SR response. Throws when a subscale is missing, which means the score
 * came from another instrument — a programming error, not a data condition to alert on.
 */
export function subscaleMeansOf(scores: MeanScores): SubscaleMeans {
  const meanOf = (key: WaiSubscale): number => {
    const subscale = scores.subscales[key];
    if (subscale === undefined) throw new Error(`Score has no '${key}' subscale; is it a WAI-SR score?`);
    return subscale.mean;
  };
  return { overall: scores.mean, goal: meanOf('goal'), task: meanOf('task'), bond: meanOf('bond') };
}

// Means of small integers; compare with a tolerance (as rules.ts) so 4.25 − 3.25 counts as 1.0.
const EPS = 1e-9;

/** One finding per scale (goal, task, bond, overall — in that order) where |client − therapist| ≥ threshold. */
export function ratingGap(client: SubscaleMeans, therapist: SubscaleMeans, threshold: number): RatingGapFinding[] {
  // A zero or negative threshold would flag every session; the settings schema already forbids it.
  if (!(threshold > 0)) throw new RangeError(`ratingGap threshold must be positive, got ${threshold}`);
  const findings: RatingGapFinding[] = [];
  for (const subscale of ALLIANCE_SCALES) {
    const clientMean = client[subscale];
    const therapistMean = therapist[subscale];
    const gap = clientMean - therapistMean;
    if (Math.abs(gap) >= threshold - EPS) findings.push({ rule: 'rating_gap', subscale, clientMean, therapistMean, gap, threshold });
  }
  return findings;
}
