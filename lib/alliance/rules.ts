/**
 * Alliance alert rules (DESIGN.md "Alerts"), pure. Every result carries the rule, the numbers and
 * the thresholds it used, so an alert can say exactly why it fired.
 */
export type AllianceThresholds = {
  /** WAI-SR mean (1–5) below which an alliance counts as low. A clinic setting. */
  lowAlliance: number;
  /** Drop from the previous measurement (WAI-SR mean points) that counts as reliable. */
  reliableDrop: number;
  /** k in "below the client's own prior mean − k·SD". */
  personalSdK: number;
  /** Prior measurements needed before the personal-mean rule applies. */
  personalMinPrior: number;
};

/** Provisional defaults until a clinic adopts thresholds from its own data (measures.md: OPEN). */
export const DEFAULT_ALLIANCE_THRESHOLDS: AllianceThresholds = {
  lowAlliance: 3.0,
  reliableDrop: 0.6,
  personalSdK: 1,
  personalMinPrior: 3,
};

export type AllianceFinding =
  | { rule: 'low_alliance'; score: number; threshold: number }
  | { rule: 'rupture_drop'; score: number; previous: number; drop: number; threshold: number }
  | { rule: 'rupture_personal_mean'; score: number; priorMean: number; priorSd: number; k: number; cutoff: number; priorCount: number };

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((acc, v) => acc + (v - m) ** 2, 0) / (values.length - 1));
}

// Scores are means of small integers; compare with a tolerance so 3.0 − 2.4 counts as a 0.6 drop.
const EPS = 1e-9;

/**
 * Findings for a new client WAI-SR mean, given the client's earlier means (oldest first).
 * Low alliance and the two rupture rules are independent; a rupture is reported once, preferring
 * the drop rule (it names the previous score, which is easiest to act on).
 */
export function evaluateAlliance(prior: readonly number[], score: number, t: AllianceThresholds): AllianceFinding[] {
  const findings: AllianceFinding[] = [];
  if (score < t.lowAlliance - EPS) findings.push({ rule: 'low_alliance', score, threshold: t.lowAlliance });
  const previous = prior.at(-1);
  if (previous !== undefined && previous - score >= t.reliableDrop - EPS) {
    findings.push({ rule: 'rupture_drop', score, previous, drop: previous - score, threshold: t.reliableDrop });
  } else if (prior.length >= t.personalMinPrior) {
    const priorMean = mean(prior);
    const priorSd = sampleSd(prior);
    const cutoff = priorMean - t.personalSdK * priorSd;
    if (priorSd > 0 && score < cutoff - EPS) {
      findings.push({ rule: 'rupture_personal_mean', score, priorMean, priorSd, k: t.personalSdK, cutoff, priorCount: prior.length });
    }
  }
  return findings;
}

/**
 * A rupture is repaired when one of the next `window` measurements is back to at least the
 * pre-drop level. Returns the index (into `after`) of the repairing measurement, or null.
 */
export function repairIndex(preDropLevel: number, after: readonly number[], window = 3): number | null {
  const index = after.slice(0, window).findIndex((s) => s >= preDropLevel - EPS);
  return index === -1 ? null : index;
}
