import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionFor, LOW_RATINGS_SHARE, MIN_RATINGS_FOR_SHARE, RUPTURE_ANSWER_DAYS, unansweredRuptures, type AttentionInput } from './attention';

const DAY = 86_400_000;
const now = new Date(Date.UTC(2026, 5, 30, 12));
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
const calm: AttentionInput = { allianceEstimate: 4, ratings: { n: 10, below: 0 }, unansweredRuptures: 0, deteriorated: { phq9: 0, gad7: 0 } };
const kinds = (input: Partial<AttentionInput>, low = 3) => attentionFor({ ...calm, ...input }, low).reasons.map((r) => r.kind);

describe('unansweredRuptures', () => {
  it('counts ruptures acknowledged after 7 days, or still unacknowledged 7 days on', () => {
    expect(
      unansweredRuptures(
        [
          { detectedAt: daysAgo(20), acknowledgedAt: daysAgo(19) }, // answered in a day
          { detectedAt: daysAgo(20), acknowledgedAt: daysAgo(13) }, // exactly 7 days: in time
          { detectedAt: daysAgo(20), acknowledgedAt: daysAgo(12) }, // 8 days: late
          { detectedAt: daysAgo(7), acknowledgedAt: null }, // 7 days unanswered: late
          { detectedAt: daysAgo(6), acknowledgedAt: null }, // still inside its window
        ],
        now,
      ),
    ).toBe(2);
    expect(unansweredRuptures([], now)).toBe(0);
  });

  it('refuses invalid dates', () => {
    expect(() => unansweredRuptures([{ detectedAt: new Date(NaN), acknowledgedAt: null }], now)).toThrow(RangeError);
    expect(() => unansweredRuptures([{ detectedAt: now, acknowledgedAt: new Date(NaN) }], now)).toThrow(RangeError);
  });

  it('never counts more than it is given, and an earlier "now" never finds more late', () => {
    const episode = fc.record({ detected: fc.integer({ min: 0, max: 60 }), ack: fc.option(fc.integer({ min: 0, max: 60 })) });
    fc.assert(
      fc.property(fc.array(episode, { maxLength: 20 }), fc.integer({ min: 0, max: 30 }), (list, back) => {
        const episodes = list.map((e) => ({
          detectedAt: daysAgo(e.detected),
          acknowledgedAt: e.ack === null ? null : new Date(daysAgo(e.detected).getTime() + e.ack * DAY),
        }));
        const late = unansweredRuptures(episodes, now);
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(episodes.length);
        expect(unansweredRuptures(episodes, daysAgo(back))).toBeLessThanOrEqual(late);
      }),
    );
  });
});

describe('attentionFor', () => {
  it('finds nothing when the alliance is fine, ratings are rarely low, ruptures answered and no one worse', () => {
    expect(attentionFor(calm, 3)).toEqual({ reasons: [], noAllianceRatings: false });
  });

  it('flags an alliance estimate strictly below the clinic threshold', () => {
    expect(kinds({ allianceEstimate: 2.99 })).toEqual(['low-alliance']);
    expect(kinds({ allianceEstimate: 3 })).toEqual([]);
    expect(kinds({ allianceEstimate: 3 - 1e-12 })).toEqual([]); // floating-point noise is not "below"
    expect(kinds({ allianceEstimate: null, ratings: { n: 0, below: 0 } })).toEqual([]);
    expect(kinds({ allianceEstimate: 3.4 }, 3.5)).toEqual(['low-alliance']);
  });

  it('flags a quarter or more of ratings below the line, on at least 5 ratings', () => {
    expect(MIN_RATINGS_FOR_SHARE).toBe(5);
    expect(LOW_RATINGS_SHARE).toBe(0.25);
    expect(kinds({ ratings: { n: 8, below: 2 } })).toEqual(['many-low-ratings']);
    expect(kinds({ ratings: { n: 9, below: 2 } })).toEqual([]);
    expect(kinds({ ratings: { n: 4, below: 4 } })).toEqual([]); // too few ratings to judge a share
    expect(kinds({ ratings: { n: 5, below: 2 } })).toEqual(['many-low-ratings']);
  });

  it('flags unanswered ruptures and reliable deterioration, with their numbers', () => {
    expect(attentionFor({ ...calm, unansweredRuptures: 2 }, 3).reasons).toEqual([{ kind: 'unanswered-ruptures', count: 2, days: RUPTURE_ANSWER_DAYS }]);
    expect(attentionFor({ ...calm, deteriorated: { phq9: 0, gad7: 1 } }, 3).reasons).toEqual([{ kind: 'deterioration', phq9: 0, gad7: 1 }]);
  });

  it('lists every reason in a fixed order, and says when there are no ratings', () => {
    expect(kinds({ allianceEstimate: 2, ratings: { n: 6, below: 6 }, unansweredRuptures: 1, deteriorated: { phq9: 1, gad7: 0 } })).toEqual([
      'low-alliance',
      'many-low-ratings',
      'unanswered-ruptures',
      'deterioration',
    ]);
    expect(attentionFor({ ...calm, allianceEstimate: null, ratings: { n: 0, below: 0 } }, 3).noAllianceRatings).toBe(true);
  });

  it('each reason appears exactly when its rule holds', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 1, max: 5, noNaN: true })),
        fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        fc.nat(5),
        fc.nat(3),
        fc.nat(3),
        fc.double({ min: 1, max: 5, noNaN: true }),
        (estimate, [n, below], ruptures, phq9, gad7, low) => {
          const got = kinds({ allianceEstimate: estimate, ratings: { n, below }, unansweredRuptures: ruptures, deteriorated: { phq9, gad7 } }, low);
          expect(got.includes('low-alliance')).toBe(estimate !== null && estimate < low - 1e-9);
          expect(got.includes('many-low-ratings')).toBe(n >= 5 && below / n >= 0.25);
          expect(got.includes('unanswered-ruptures')).toBe(ruptures > 0);
          expect(got.includes('deterioration')).toBe(phq9 + gad7 > 0);
        },
      ),
    );
  });
});
