/**
 * Missed measures (DESIGN.md "Alerts"): repeated expired assignments. Evaluated by the sweep when an
 * assignment expires; pure — the caller passes the client's recent statuses.
 */
export type AssignmentOutcome = 'completed' | 'expired' | 'cancelled';

export type MissedMeasuresFinding = {
  rule: 'missed_measures';
  /** Length of the run of expired assignments ending at the newest one (may exceed the threshold). */
  consecutiveExpired: number;
  threshold: number;
};

/**
 * Fires when the newest `minConsecutive` assignments (statuses oldest first, newest last) all
 * expired. A completed or cancelled assignment breaks the run: a cancellation is the clinic's
 * doing, not the client's silence.
 */
export function missedMeasuresFinding(recentStatuses: readonly AssignmentOutcome[], minConsecutive = 2): MissedMeasuresFinding | null {
  if (!Number.isInteger(minConsecutive) || minConsecutive < 1) {
    throw new RangeError(`minConsecutive must be a positive integer, got ${minConsecutive}`);
  }
  let consecutiveExpired = 0;
  for (let i = recentStatuses.length - 1; i >= 0 && recentStatuses[i] === 'expired'; i--) consecutiveExpired++;
  return consecutiveExpired >= minConsecutive ? { rule: 'missed_measures', consecutiveExpired, threshold: minConsecutive } : null;
}
