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
  /**
   * Smallest SD the personal-mean rule uses (WAI-SR mean points). A few earlier scores that happen
   * to agree say little about how much this client varies; without a floor, identical scores (SD 0)
   * would switch the rule off and nearly identical ones would flag ordinary noise. A clinic setting.
   */
  personalSdFloor: number;
  /** Prior measurements needed before the personal-mean rule applies. */
  personalMinPrior: number;
};

/**
 * Provisional defaults until a clinic adopts thresholds from its own data (measures.md: OPEN).
 * Built for stable clients whose WAI-SR mean varies from session to session with an SD of up to 0.3:
 * - reliableDrop: RCI-style, 1.96 × √2 × 0.3 = 0.83 — a drop between two measurements that each
 *   carry that noise, reached by chance in about 2.5 % of measurements;
 * - the personal-mean rule at the strict k = 2 (measures.md: k = 1 or 2), its SD floored at 0.3.
 * Together they flag at most 5 % of a stable client's measurements (rules.simulation.test.ts states
 * the figures); k = 1 or a lower floor trades more false alarms for earlier warnings.
 */
export const DEFAULT_ALLIANCE_THRESHOLDS: AllianceThresholds = {
  lowAlliance: 3.0,
  reliableDrop: 0.83,
  personalSdK: 2,
  personalSdFloor: 0.3,
  personalMinPrior: 3,
};

export type AllianceFinding =
  | { rule: 'low_alliance'; score: number; threshold: number }
  | { rule: 'rupture_drop'; score: number; previous: number; drop: number; threshold: number }
  | {
      rule: 'rupture_personal_mean';
      score: number;
      priorMean: number;
      /** The SD the cut-off used: the observed SD or the floor, whichever is larger. */
      priorSd: number;
      /** The sample SD of the earlier scores. */
      observedSd: number;
      sdFloor: number;
      k: number;
      cutoff: number;
      priorCount: number;
    };

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
    const observedSd = sampleSd(prior);
    const priorSd = Math.max(observedSd, t.personalSdFloor);
    const cutoff = priorMean - t.personalSdK * priorSd;
    // With no floor, a flat history (SD 0) would flag any score below it: keep the former refusal then.
    if (priorSd > 0 && score < cutoff - EPS) {
      findings.push({
        rule: 'rupture_personal_mean',
        score,
        priorMean,
        priorSd,
        observedSd,
        sdFloor: t.personalSdFloor,
        k: t.personalSdK,
        cutoff,
        priorCount: prior.length,
      });
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
