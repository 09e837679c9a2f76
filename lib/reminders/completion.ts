/*
 * Form completion rates (pure). A form counts in the period its due date falls in; its outcome is
 * one of: completed on time (within ON_TIME_HOURS of being due — the session it follows), completed
 * late (after that, before it expired), expired (never answered), or still open (not counted in
 * the rate yet). Cancelled forms are left out. The rate is completed / (completed + expired): a
 * form still open has not had its chance yet.
 */

/** Answered within two days of the session it follows: while the session is still fresh. */
export const ON_TIME_HOURS = 48;

export type CompletionAssignment = {
  status: 'pending' | 'in_progress' | 'completed' | 'expired' | 'cancelled';
  dueAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
};

export type CompletionOutcome = 'on_time' | 'late' | 'expired' | 'open' | 'cancelled';

export type CompletionCounts = {
  assigned: number;
  onTime: number;
  late: number;
  expired: number;
  open: number;
  /** completed / (completed + expired), 0–1; null while no form has an outcome. */
  rate: number | null;
};

const HOUR = 3_600_000;

export function completionOutcome(a: CompletionAssignment, now: Date, onTimeHours = ON_TIME_HOURS): CompletionOutcome {
  if (a.status === 'cancelled') return 'cancelled';
  if (a.status === 'completed') {
    const at = a.completedAt ?? a.expiresAt;
    return at.getTime() <= a.dueAt.getTime() + onTimeHours * HOUR ? 'on_time' : 'late';
  }
  // A form past its expiry counts as expired even before the sweep has marked it.
  if (a.status === 'expired' || a.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

/** The rate from counts (null without any outcome). */
export function completionRate(counts: Pick<CompletionCounts, 'onTime' | 'late' | 'expired'>): number | null {
  const decided = counts.onTime + counts.late + counts.expired;
  return decided === 0 ? null : (counts.onTime + counts.late) / decided;
}

export function countCompletion(assignments: Iterable<CompletionAssignment>, now: Date, onTimeHours = ON_TIME_HOURS): CompletionCounts {
  const counts = { assigned: 0, onTime: 0, late: 0, expired: 0, open: 0 };
  for (const a of assignments) {
    const outcome = completionOutcome(a, now, onTimeHours);
    if (outcome === 'cancelled') continue;
    counts.assigned++;
    if (outcome === 'on_time') counts.onTime++;
    else if (outcome === 'late') counts.late++;
    else if (outcome === 'expired') counts.expired++;
    else counts.open++;
  }
  return { ...counts, rate: completionRate(counts) };
}

/** Counts added together (e.g. per-therapist rows into a clinic total). */
export function addCompletion(parts: readonly Omit<CompletionCounts, 'rate'>[]): CompletionCounts {
  const sum = { assigned: 0, onTime: 0, late: 0, expired: 0, open: 0 };
  for (const p of parts) {
    sum.assigned += p.assigned;
    sum.onTime += p.onTime;
    sum.late += p.late;
    sum.expired += p.expired;
    sum.open += p.open;
  }
  return { ...sum, rate: completionRate(sum) };
}

/** The rate as people read it: "75 %", or an en dash when there is none yet. */
export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)} %`;
}

export type CompletionTrend = {
  /** When reminders were switched on; null if they are off (no comparison). */
  remindersSince: Date | null;
  before: CompletionCounts | null;
  after: CompletionCounts | null;
  /** after.rate − before.rate (in rate units, −1…1); null when either side has no rate. */
  change: number | null;
};

/** Splits forms at the moment reminders went on (by when each was assigned) and compares the rates. */
export function completionTrend(
  assignments: readonly (CompletionAssignment & { assignedAt: Date })[],
  remindersSince: Date | null,
  now: Date,
): CompletionTrend {
  if (!remindersSince) return { remindersSince: null, before: null, after: null, change: null };
  const cut = remindersSince.getTime();
  const before = countCompletion(
    assignments.filter((a) => a.assignedAt.getTime() < cut),
    now,
  );
  const after = countCompletion(
    assignments.filter((a) => a.assignedAt.getTime() >= cut),
    now,
  );
  return { remindersSince, before, after, change: before.rate === null || after.rate === null ? null : after.rate - before.rate };
}

/** When the clinic switched reminders on, if they are on now: where the completion trend splits. */
export function remindersSince(reminders: { enabled: boolean; enabledSince?: string | null }): Date | null {
  return reminders.enabled && reminders.enabledSince ? new Date(reminders.enabledSince) : null;
}
