import { describe, expect, it } from 'vitest';
import { allianceSeries, outcomeSeries, seriesIsCapped, type AlertInput, type ResponseInput } from './series';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 10));
let seq = 0;
function response(key: string, n: number, headline: number, extra: Partial<ResponseInput> = {}): ResponseInput {
  return {
    id: `r${seq++}`,
    instrumentKey: key,
    respondent: key === 'wai-sr-therapist' ? 'therapist' : 'client',
    submittedAt: day(n),
    headline,
    band: null,
    subscales: key.startsWith('wai') ? { goal: headline + 0.1, task: headline, bond: headline - 0.1 } : {},
    ...extra,
  };
}

describe('allianceSeries', () => {
  it('splits client and therapist ratings, oldest first, with subscales', () => {
    const s = allianceSeries(
      [response('wai-sr-client', 7, 3.5), response('wai-sr-client', 0, 3), response('wai-sr-therapist', 0, 3.2), response('phq-9', 0, 12)],
      [],
    );
    expect(s.client.map((p) => p.overall)).toEqual([3, 3.5]);
    expect(s.therapist).toHaveLength(1);
    expect(s.client[0]).toMatchObject({ goal: 3.1, task: 3, bond: 2.9 });
  });

  it('puts a rupture on the client measurement that raised it, at the score it recorded', () => {
    const alerts: AlertInput[] = [
      { id: 'a1', kind: 'rupture', createdAt: new Date(day(7).getTime() + 60_000), details: { score: 2.5 }, repairedAt: day(14), status: 'acknowledged' },
      { id: 'a2', kind: 'low_alliance', createdAt: day(7), details: { score: 2.5 }, repairedAt: null, status: 'open' },
      { id: 'a3', kind: 'rupture', createdAt: day(14), details: {}, repairedAt: null, status: 'open' },
    ];
    const s = allianceSeries([response('wai-sr-client', 0, 3.6), response('wai-sr-client', 7, 2.5), response('wai-sr-client', 14, 2.4)], alerts, [
      '2026-01-05T09:00:00.000Z',
      'junk',
    ]);
    expect(s.ruptures).toEqual([
      { id: 'a1', t: day(7).getTime(), v: 2.5, repaired: true, open: false, label: 'Rupture, repaired' },
      { id: 'a3', t: day(14).getTime(), v: 2.4, repaired: false, open: true, label: 'Rupture, open' },
    ]);
    expect(s.reviews).toEqual([Date.parse('2026-01-05T09:00:00.000Z')]);
  });
});

describe('outcomeSeries', () => {
  it('measures reliable change from the intake score', () => {
    const s = outcomeSeries(
      [response('phq-9', 0, 16), response('phq-9', 28, 12), response('phq-9', 56, 9), response('phq-9', 84, 22), response('gad-7', 0, 3)],
      'phq-9',
      {
        threshold: 6,
        convention: 'NHS',
      },
    );
    expect(s.baseline).toBe(16);
    expect(s.points.map((p) => [p.v, p.change, p.finding])).toEqual([
      [16, 0, null],
      [12, -4, null],
      [9, -7, 'reliable_improvement'],
      [22, 6, 'deterioration'],
    ]);
    expect(s.bands[0]).toEqual({ from: 0, to: 5, label: 'Minimal' });
    expect(s.bands.at(-1)).toEqual({ from: 20, to: 27, label: 'Severe' });
  });

  it('has no baseline without results', () => {
    expect(outcomeSeries([], 'gad-7', { threshold: 4, convention: 'x' })).toMatchObject({ points: [], baseline: null });
  });
});

describe('seriesIsCapped', () => {
  it('is true only when an instrument has more stored results than the series carries', () => {
    const points = [response('phq-9', 0, 10), response('phq-9', 5, 8), response('wai-sr-client', 1, 4)];
    expect(seriesIsCapped(points, { 'phq-9': 2, 'wai-sr-client': 1 })).toBe(false);
    expect(seriesIsCapped(points, { 'phq-9': 7, 'wai-sr-client': 1 })).toBe(true);
    expect(seriesIsCapped([], {})).toBe(false);
  });
});
