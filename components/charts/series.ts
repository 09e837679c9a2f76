import { reliableChange, type OutcomeInstrument } from '@/lib/alliance/outcomes';
import { getInstrument } from '@/lib/instruments';
import type { ScorePoint } from '@/lib/data/responses';

/*
 * Turns a client's responses and alerts into the plain numbers the charts draw (pure, no I/O, so it
 * is unit-tested). Times are epoch milliseconds; everything else is a number or a string, because it
 * crosses into a client component.
 */

/** A point of the client's score series, as lib/data reads it. */
export type ResponseInput = ScorePoint;

export type AlertInput = { id: string; kind: string; createdAt: Date; details: Record<string, unknown>; repairedAt: Date | null; status: string };

export type AlliancePoint = { id: string; t: number; overall: number; goal: number | null; task: number | null; bond: number | null };
export type RuptureMarker = { id: string; t: number; v: number; repaired: boolean; open: boolean; label: string };
export type AllianceSeries = { client: AlliancePoint[]; therapist: AlliancePoint[]; ruptures: RuptureMarker[]; reviews: number[] };

export const SUBSCALES = [
  { key: 'goal', label: 'Goal' },
  { key: 'task', label: 'Task' },
  { key: 'bond', label: 'Bond' },
] as const;
export type SubscaleKey = (typeof SUBSCALES)[number]['key'];

const byTime = <T extends { t: number }>(a: T, b: T) => a.t - b.t;
const sub = (r: ResponseInput, key: SubscaleKey) => (typeof r.subscales[key] === 'number' && Number.isFinite(r.subscales[key]) ? r.subscales[key] : null);

function alliancePoints(responses: readonly ResponseInput[], key: 'wai-sr-client' | 'wai-sr-therapist'): AlliancePoint[] {
  return responses
    .filter((r) => r.instrumentKey === key)
    .map((r) => ({ id: r.id, t: r.submittedAt.getTime(), overall: r.headline, goal: sub(r, 'goal'), task: sub(r, 'task'), bond: sub(r, 'bond') }))
    .sort(byTime);
}

// An alert is written with the response that caused it; a day covers clocks and re-scored imports.
const RUPTURE_MATCH_MS = 24 * 3_600_000;

/**
 * Rupture alerts placed on the client's alliance line: at the measurement that caused them (the
 * nearest client WAI-SR in time), at the score the alert recorded.
 */
export function allianceSeries(responses: readonly ResponseInput[], alerts: readonly AlertInput[], reviewDates: readonly string[] = []): AllianceSeries {
  const client = alliancePoints(responses, 'wai-sr-client');
  const therapist = alliancePoints(responses, 'wai-sr-therapist');
  const ruptures: RuptureMarker[] = [];
  for (const alert of alerts) {
    if (alert.kind !== 'rupture') continue;
    const at = alert.createdAt.getTime();
    let nearest: AlliancePoint | undefined;
    for (const p of client) if (!nearest || Math.abs(p.t - at) < Math.abs(nearest.t - at)) nearest = p;
    const matched = nearest && Math.abs(nearest.t - at) <= RUPTURE_MATCH_MS ? nearest : undefined;
    const score = typeof alert.details.score === 'number' && Number.isFinite(alert.details.score) ? alert.details.score : matched?.overall;
    if (score === undefined) continue;
    const repaired = alert.repairedAt !== null;
    const open = alert.status === 'open';
    ruptures.push({ id: alert.id, t: matched?.t ?? at, v: score, repaired, open, label: repaired ? 'Rupture, repaired' : open ? 'Rupture, open' : 'Rupture' });
  }
  const reviews = reviewDates
    .map((d) => Date.parse(d))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  return { client, therapist, ruptures: ruptures.sort(byTime), reviews };
}

export type OutcomeFindingKind = 'deterioration' | 'reliable_improvement';
export type OutcomePoint = { id: string; t: number; v: number; band: string | null; change: number; finding: OutcomeFindingKind | null };
export type OutcomeSeries = {
  instrument: OutcomeInstrument;
  points: OutcomePoint[];
  baseline: number | null;
  threshold: number;
  convention: string;
  bands: { from: number; to: number; label: string }[];
  range: { min: number; max: number };
};

/**
 * PHQ-9 or GAD-7 totals over time with the reliable-change finding of each, measured from the
 * intake (first) score as the clinic's deterioration rule does (lib/alliance/outcomes).
 */
export function outcomeSeries(
  responses: readonly ResponseInput[],
  instrument: OutcomeInstrument,
  rule: { threshold: number; convention: string },
): OutcomeSeries {
  const def = getInstrument(instrument);
  const sorted = responses
    .filter((r) => r.instrumentKey === instrument && r.respondent === 'client')
    .map((r) => ({ id: r.id, t: r.submittedAt.getTime(), v: r.headline, band: r.band }))
    .sort(byTime);
  const baseline = sorted[0]?.v ?? null;
  const points = sorted.map((p, i) => {
    const finding = i === 0 || baseline === null ? null : reliableChange({ instrument, baseline, current: p.v, ...rule });
    return { ...p, change: baseline === null ? 0 : p.v - baseline, finding: finding?.rule ?? null };
  });
  // Bands are inclusive integer ranges; shaded from one band's floor to the next one's.
  const bands = def.bands.map((b, i) => ({ from: b.min, to: def.bands[i + 1]?.min ?? def.range.max, label: b.label }));
  return { instrument, points, baseline, threshold: rule.threshold, convention: rule.convention, bands, range: { min: def.range.min, max: def.range.max } };
}

/** True when some instrument has more stored results than the series carries (long histories are capped). */
export function seriesIsCapped(points: readonly { instrumentKey: string }[], totals: Readonly<Record<string, number>>): boolean {
  const shown = new Map<string, number>();
  for (const p of points) shown.set(p.instrumentKey, (shown.get(p.instrumentKey) ?? 0) + 1);
  return Object.entries(totals).some(([key, total]) => total > (shown.get(key) ?? 0));
}
