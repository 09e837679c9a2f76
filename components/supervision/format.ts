/*
 * How the supervisor pages write numbers: WAI-SR means to two decimals, shares as whole percents,
 * signed gaps, and the one sentence that says how the estimates were made. Pure; no React.
 */

export const NONE = '—';

/** A WAI-SR mean (1–5) to two decimals. */
export function mean2(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return (Math.round((value + Number.EPSILON) * 100) / 100).toFixed(2);
}

/** A share (0–1) as a whole percent, e.g. "82 %". */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NONE;
  return `${Math.round(share * 100)} %`;
}

/** A signed difference to two decimals, with a real minus sign ("+0.15", "−0.40"). */
export function signed2(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  const text = mean2(Math.abs(value));
  if (text === '0.00') return '0.00';
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** "3.41–4.20", or a dash when there is no interval. */
export function interval2(lower: number | null | undefined, upper: number | null | undefined): string {
  if (lower === null || lower === undefined || upper === null || upper === undefined) return NONE;
  return `${mean2(lower)}–${mean2(upper)}`;
}

/** Coverage as a percent label, e.g. 0.9 → "90 %". */
export function coverage(interval: number): string {
  return `${Math.round(interval * 100)} %`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export type MethodInfo = { method: string; reason: string | null; grandMean: number | null; interval: number };

/**
 * The sentence under the table: whether the estimates borrow strength from the supervisor's other
 * supervisees (empirical Bayes) or, with too few therapists, stand on each therapist's own data.
 */
export function describeMethod({ method, grandMean, interval }: MethodInfo): string {
  const cover = coverage(interval);
  const pooledMean = grandMean === null ? 'the mean of your supervisees' : `the mean of your supervisees (${mean2(grandMean)})`;
  if (method === 'empirical-bayes') {
    return `Each therapist's average is pulled towards ${pooledMean}, more strongly the fewer clients it rests on, so a small caseload is not judged on chance (an "empirical Bayes" estimate). The range around it is where the true value plausibly lies (${cover} of the time), allowing for how uncertain the spread between therapists is.`;
  }
  if (method.startsWith('clinic-prior')) {
    return `Too few therapists to estimate how much therapists differ, so the clinic's usual spread is assumed: each average is pulled towards ${pooledMean}, more strongly the fewer clients it rests on. The range around it is where the true value plausibly lies (${cover} of the time).`;
  }
  if (method === 'no-pooling (too few therapists)') {
    return `Too few therapists to compare them against each other: intervals use each therapist's own data only, so each estimate is simply the average of their clients' ratings. The range around it is where the true value plausibly lies (${cover} of the time); with one client, or clients who all score alike, that range is the whole 1–5 scale.`;
  }
  if (method.startsWith('no-pooling')) {
    return `Each therapist's own data only: each estimate is the average of their clients' ratings, with a ${cover} range around it.`;
  }
  return `Estimates: ${method}. Intervals are ${cover} intervals.`;
}

/** The data layer's reason, as a sentence ("Why: …."), or null. */
export function describeReason(reason: string | null): string | null {
  if (!reason) return null;
  const text = reason.trim().replace(/\.$/, '');
  return `Why: ${text.charAt(0).toLowerCase()}${text.slice(1)}.`;
}

const DAY_MS = 86_400_000;

/** Whole days between two instants (rounded down), never negative. */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/** Adds whole days to an ISO date (YYYY-MM-DD), in UTC. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Inclusive length of a date range in days. */
export function rangeDays(range: { from: string; to: string }): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1;
}
