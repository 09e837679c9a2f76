/**
 * Rupture repair (DESIGN.md: "Repaired: back to at least the pre-drop level within the next 3
 * measurements"), pure. Repair episodes matter clinically (measures.md: rupture–repair episodes
 * correlate with outcome; unrepaired ruptures predict worse outcome), so a rupture stays "pending"
 * until it is repaired or its window has passed.
 */
import { repairIndex, type AllianceFinding } from './rules';

export type RepairStatus = { status: 'repaired'; atIndex: number } | { status: 'pending'; remaining: number } | { status: 'unrepaired' };

export type RepairInput = {
  /** WAI-SR mean the client must get back to. */
  preDropLevel: number;
  /** Measurements after the rupture, oldest first. */
  laterScores: readonly number[];
  /** How many later measurements may repair it (DESIGN.md: 3). */
  window?: number;
};

export function ruptureRepairStatus({ preDropLevel, laterScores, window = 3 }: RepairInput): RepairStatus {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
  // Same rule and tolerance as rules.ts, so the seed and the app agree on what "repaired" means.
  const atIndex = repairIndex(preDropLevel, laterScores, window);
  if (atIndex !== null) return { status: 'repaired', atIndex };
  if (laterScores.length >= window) return { status: 'unrepaired' };
  return { status: 'pending', remaining: window - laterScores.length };
}

/**
 * The level a rupture must be repaired to: the previous score for a drop, the prior mean for the
 * personal-mean rule. A low-alliance finding is not a rupture, so it has none.
 */
export function preDropLevelOf(finding: AllianceFinding): number | null {
  switch (finding.rule) {
    case 'rupture_drop':
      return finding.previous;
    case 'rupture_personal_mean':
      return finding.priorMean;
    case 'low_alliance':
      return null;
  }
}

export type RepairRate = {
  repaired: number;
  unrepaired: number;
  pending: number;
  /** repaired / (repaired + unrepaired); pending episodes are not yet decided, so they are left out. */
  rate: number | null;
};

export function repairRate(episodes: readonly { readonly status: RepairStatus['status'] }[]): RepairRate {
  const count = (status: RepairStatus['status']) => episodes.filter((e) => e.status === status).length;
  const repaired = count('repaired');
  const unrepaired = count('unrepaired');
  const pending = count('pending');
  const resolved = repaired + unrepaired;
  return { repaired, unrepaired, pending, rate: resolved === 0 ? null : repaired / resolved };
}
