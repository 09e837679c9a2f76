import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  remindersSince,
  addCompletion,
  completionOutcome,
  completionRate,
  completionTrend,
  countCompletion,
  formatRate,
  ON_TIME_HOURS,
  type CompletionAssignment,
} from './completion';

const HOUR = 3_600_000;
const due = new Date('2026-11-02T10:00:00Z');
const expiresAt = new Date('2026-11-09T23:59:59Z');
const now = new Date('2026-12-01T00:00:00Z');
const form = (overrides: Partial<CompletionAssignment>): CompletionAssignment => ({
  status: 'pending',
  dueAt: due,
  expiresAt,
  completedAt: null,
  ...overrides,
});

describe('completionOutcome', () => {
  it('on time within 48 hours of being due, late after, expired, open, cancelled', () => {
    expect(completionOutcome(form({ status: 'completed', completedAt: new Date(due.getTime() + ON_TIME_HOURS * HOUR) }), now)).toBe('on_time');
    expect(completionOutcome(form({ status: 'completed', completedAt: new Date(due.getTime() + ON_TIME_HOURS * HOUR + 1) }), now)).toBe('late');
    expect(completionOutcome(form({ status: 'expired' }), now)).toBe('expired');
    expect(completionOutcome(form({ status: 'cancelled' }), now)).toBe('cancelled');
    expect(completionOutcome(form({ status: 'pending' }), new Date('2026-11-05T00:00:00Z'))).toBe('open');
    // Past its expiry but not yet swept: already expired.
    expect(completionOutcome(form({ status: 'in_progress' }), now)).toBe('expired');
  });
});

describe('countCompletion', () => {
  it('counts each outcome and rates completed over decided', () => {
    const counts = countCompletion(
      [
        form({ status: 'completed', completedAt: due }),
        form({ status: 'completed', completedAt: new Date(due.getTime() + 100 * HOUR) }),
        form({ status: 'expired' }),
        form({ status: 'cancelled' }),
        form({ status: 'pending', expiresAt: new Date('2026-12-05T00:00:00Z') }),
      ],
      now,
    );
    expect(counts).toEqual({ assigned: 4, onTime: 1, late: 1, expired: 1, open: 1, rate: 2 / 3 });
    expect(formatRate(counts.rate)).toBe('67 %');
    expect(formatRate(null)).toBe('–');
    expect(countCompletion([], now).rate).toBeNull();
  });

  const arbForm = fc.record({
    status: fc.constantFrom('pending', 'in_progress', 'completed', 'expired', 'cancelled' as const),
    dueAt: fc.integer({ min: 0, max: 100 }).map((h) => new Date(due.getTime() + h * HOUR)),
    expiresAt: fc.integer({ min: 0, max: 2000 }).map((h) => new Date(due.getTime() + h * HOUR)),
    completedAt: fc.option(
      fc.integer({ min: 0, max: 400 }).map((h) => new Date(due.getTime() + h * HOUR)),
      { nil: null },
    ),
  }) as fc.Arbitrary<CompletionAssignment>;

  it('the parts add up, the rate stays within 0–1, and splitting then adding changes nothing', () => {
    fc.assert(
      fc.property(fc.array(arbForm, { maxLength: 40 }), fc.nat(40), (forms, cut) => {
        const whole = countCompletion(forms, now);
        expect(whole.onTime + whole.late + whole.expired + whole.open).toBe(whole.assigned);
        expect(whole.assigned).toBe(forms.filter((f) => f.status !== 'cancelled').length);
        if (whole.rate !== null) {
          expect(whole.rate).toBeGreaterThanOrEqual(0);
          expect(whole.rate).toBeLessThanOrEqual(1);
        }
        const parts = [countCompletion(forms.slice(0, cut), now), countCompletion(forms.slice(cut), now)];
        expect(addCompletion(parts)).toEqual(whole);
        expect(completionRate(whole)).toBe(whole.rate);
      }),
    );
  });
});

describe('completionTrend', () => {
  const since = new Date('2026-11-15T00:00:00Z');
  it('splits by when each form was assigned and reports the change', () => {
    const trend = completionTrend(
      [
        { ...form({ status: 'expired' }), assignedAt: new Date('2026-11-01T00:00:00Z') },
        { ...form({ status: 'completed', completedAt: due }), assignedAt: new Date('2026-11-02T00:00:00Z') },
        { ...form({ status: 'completed', completedAt: due }), assignedAt: since },
      ],
      since,
      now,
    );
    expect(trend.before?.rate).toBe(0.5);
    expect(trend.after?.rate).toBe(1);
    expect(trend.change).toBe(0.5);
  });
  it('without reminders there is nothing to compare', () => {
    expect(completionTrend([], null, now)).toEqual({ remindersSince: null, before: null, after: null, change: null });
  });
});

describe('remindersSince', () => {
  it('is when reminders went on, only while they are on', () => {
    expect(remindersSince({ enabled: true, enabledSince: '2026-10-01T08:00:00.000Z' })).toEqual(new Date('2026-10-01T08:00:00.000Z'));
    expect(remindersSince({ enabled: false, enabledSince: '2026-10-01T08:00:00.000Z' })).toBeNull();
    expect(remindersSince({ enabled: true, enabledSince: null })).toBeNull();
  });
});
