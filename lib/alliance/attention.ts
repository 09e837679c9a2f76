/*
 * Which supervised therapists need a supervisor's attention, and why: the plain summary the
 * comparison page leads with. Pure (no I/O); the thresholds are the supervision rules below plus
 * the clinic's own low-alliance line (settings).
 */

/** A share of low ratings counts only on at least this many ratings (fewer is noise). */
export const MIN_RATINGS_FOR_SHARE = 5;
/** At least this share of a therapist's client ratings below the clinic's line needs attention. */
export const LOW_RATINGS_SHARE = 0.25;
/** A rupture should be acknowledged within this many days. */
export const RUPTURE_ANSWER_DAYS = 7;

const DAY_MS = 86_400_000;
/** Means stored as floating point: "below the line" is strictly below, with a tolerance (as the alert rules). */
const BELOW_TOLERANCE = 1e-9;

export type RuptureAnswer = { detectedAt: Date; acknowledgedAt: Date | null };

/**
 * Ruptures not answered within RUPTURE_ANSWER_DAYS: acknowledged later than that, or still
 * unacknowledged that long after detection (as of `now`). One still inside its window is not late yet.
 */
export function unansweredRuptures(episodes: readonly RuptureAnswer[], now: Date): number {
  const limit = RUPTURE_ANSWER_DAYS * DAY_MS;
  let late = 0;
  for (const { detectedAt, acknowledgedAt } of episodes) {
    if (Number.isNaN(detectedAt.getTime())) throw new RangeError('unansweredRuptures: invalid detectedAt');
    if (acknowledgedAt === null) {
      if (Number.isNaN(now.getTime())) throw new RangeError('unansweredRuptures: invalid now');
      // Unanswered for the whole window already.
      if (now.getTime() - detectedAt.getTime() >= limit) late++;
    } else {
      if (Number.isNaN(acknowledgedAt.getTime())) throw new RangeError('unansweredRuptures: invalid acknowledgedAt');
      // Acknowledged at exactly 7 days is still within them (as ruptureStats counts).
      if (acknowledgedAt.getTime() - detectedAt.getTime() > limit) late++;
    }
  }
  return late;
}

export type AttentionInput = {
  /** The therapist's client-rated alliance estimate (WAI-SR mean, 1–5), null without ratings. */
  allianceEstimate: number | null;
  /** Client WAI-SR ratings in the range, and how many were below the clinic's line. */
  ratings: { n: number; below: number };
  /** Ruptures in the range not answered within RUPTURE_ANSWER_DAYS (unansweredRuptures). */
  unansweredRuptures: number;
  /** Clients whose latest score is reliably worse than their intake. */
  deteriorated: { phq9: number; gad7: number };
};

export type AttentionReason =
  | { kind: 'low-alliance'; estimate: number; threshold: number }
  | { kind: 'many-low-ratings'; below: number; n: number; share: number; threshold: number }
  | { kind: 'unanswered-ruptures'; count: number; days: number }
  | { kind: 'deterioration'; phq9: number; gad7: number };

export type Attention = {
  reasons: AttentionReason[];
  /** No client rated the alliance in the range: it cannot be judged (said, but not a reason by itself). */
  noAllianceRatings: boolean;
};

/** The reasons a therapist needs attention (none: nothing stands out), in a fixed order. */
export function attentionFor(input: AttentionInput, lowAlliance: number): Attention {
  const reasons: AttentionReason[] = [];
  const { allianceEstimate, ratings } = input;
  if (allianceEstimate !== null && Number.isFinite(allianceEstimate) && allianceEstimate < lowAlliance - BELOW_TOLERANCE) {
    reasons.push({ kind: 'low-alliance', estimate: allianceEstimate, threshold: lowAlliance });
  }
  if (ratings.n >= MIN_RATINGS_FOR_SHARE && ratings.below / ratings.n >= LOW_RATINGS_SHARE) {
    reasons.push({ kind: 'many-low-ratings', below: ratings.below, n: ratings.n, share: ratings.below / ratings.n, threshold: lowAlliance });
  }
  if (input.unansweredRuptures > 0) reasons.push({ kind: 'unanswered-ruptures', count: input.unansweredRuptures, days: RUPTURE_ANSWER_DAYS });
  if (input.deteriorated.phq9 > 0 || input.deteriorated.gad7 > 0)
    reasons.push({ kind: 'deterioration', phq9: input.deteriorated.phq9, gad7: input.deteriorated.gad7 });
  return { reasons, noAllianceRatings: ratings.n === 0 };
}
