import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueReminder, endOfQuietHours, isQuietAt, isQuietHour, planReminders, startOfQuietHours, type ReminderPolicy } from './schedule';

const HOUR = 3_600_000;
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'] as const;
const policy = (overrides: Partial<ReminderPolicy> = {}): ReminderPolicy => ({
  onAssignment: true,
  hoursBeforeExpiry: 24,
  quietStartHour: 21,
  quietEndHour: 8,
  maxReminders: 2,
  ...overrides,
});

const arbPolicy = fc.record({
  onAssignment: fc.boolean(),
  hoursBeforeExpiry: fc.integer({ min: 0, max: 336 }),
  quietStartHour: fc.integer({ min: 0, max: 23 }),
  quietEndHour: fc.integer({ min: 0, max: 23 }),
  maxReminders: fc.integer({ min: 1, max: 5 }),
});
// 2020–2030, across several clock changes in every zone.
const arbInstant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => new Date(t));
const arbZone = fc.constantFrom(...ZONES);

describe('quiet hours', () => {
  it('a window that does not wrap, one that wraps midnight, and none', () => {
    const day = { quietStartHour: 9, quietEndHour: 17 };
    expect([8, 9, 16, 17].map((h) => isQuietHour(h, day))).toEqual([false, true, true, false]);
    const night = { quietStartHour: 21, quietEndHour: 8 };
    expect([20, 21, 0, 7, 8].map((h) => isQuietHour(h, night))).toEqual([false, true, true, true, false]);
    for (let h = 0; h < 24; h++) expect(isQuietHour(h, { quietStartHour: 5, quietEndHour: 5 })).toBe(false);
  });

  it('moves a reminder at 23:30 in New York to 08:00 the next morning there', () => {
    const late = new Date('2026-03-10T03:30:00Z'); // 23:30 EDT on 9 March
    expect(endOfQuietHours(late, policy(), 'America/New_York').toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(startOfQuietHours(late, policy(), 'America/New_York').toISOString()).toBe('2026-03-10T00:59:00.000Z');
  });

  it('across the spring clock change (London, 29 March 2026) the morning end is still 08:00 local', () => {
    const night = new Date('2026-03-29T00:30:00Z'); // 00:30 GMT, clocks go forward at 01:00
    expect(endOfQuietHours(night, policy(), 'Europe/London').toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('the shifted instant is never in quiet hours, never earlier, and at most a day later', () => {
    fc.assert(
      fc.property(arbInstant, arbPolicy, arbZone, (instant, p, zone) => {
        const later = endOfQuietHours(instant, p, zone);
        expect(isQuietAt(later, p, zone)).toBe(false);
        expect(later.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(later.getTime() - instant.getTime()).toBeLessThanOrEqual(25 * HOUR);
        const earlier = startOfQuietHours(instant, p, zone);
        expect(isQuietAt(earlier, p, zone)).toBe(false);
        expect(earlier.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - earlier.getTime()).toBeLessThanOrEqual(25 * HOUR);
        if (!isQuietAt(instant, p, zone)) expect([later.getTime(), earlier.getTime()]).toEqual([instant.getTime(), instant.getTime()]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('planReminders', () => {
  const assignedAt = new Date('2026-12-01T10:00:00Z');
  const expiresAt = new Date('2026-12-08T23:59:59Z');

  it('one on assignment and one a day before expiry, numbered in order', () => {
    expect(planReminders({ assignedAt, expiresAt }, policy(), 'UTC')).toEqual([
      { number: 1, kind: 'assigned', sendAt: assignedAt },
      // 23:59 the day before is quiet: moved to 08:00, still well before expiry.
      { number: 2, kind: 'before_expiry', sendAt: new Date('2026-12-08T08:00:00Z') },
    ]);
  });

  it('moves a before-expiry reminder back to the evening when the morning would be too late', () => {
    const early = new Date('2026-12-08T06:00:00Z');
    expect(planReminders({ assignedAt, expiresAt: early }, policy({ hoursBeforeExpiry: 3 }), 'UTC').at(-1)).toEqual({
      number: 2,
      kind: 'before_expiry',
      sendAt: new Date('2026-12-07T20:59:00Z'),
    });
  });

  it('honours the maximum, the switches, and the moment reminders went on', () => {
    expect(planReminders({ assignedAt, expiresAt }, policy({ maxReminders: 1 }), 'UTC').map((r) => r.kind)).toEqual(['assigned']);
    expect(planReminders({ assignedAt, expiresAt }, policy({ onAssignment: false }), 'UTC').map((r) => [r.number, r.kind])).toEqual([[1, 'before_expiry']]);
    expect(planReminders({ assignedAt, expiresAt }, policy({ hoursBeforeExpiry: 0 }), 'UTC').map((r) => r.kind)).toEqual(['assigned']);
    expect(planReminders({ assignedAt, expiresAt }, policy(), 'UTC', new Date('2026-12-03T00:00:00Z')).map((r) => [r.number, r.kind])).toEqual([
      [1, 'before_expiry'],
    ]);
  });

  it('drops a before-expiry reminder that would fall before the assignment or with the first one', () => {
    const short = { assignedAt, expiresAt: new Date(assignedAt.getTime() + 12 * HOUR) };
    expect(planReminders(short, policy({ quietStartHour: 0, quietEndHour: 0 }), 'UTC').map((r) => r.kind)).toEqual(['assigned']);
  });

  it('every planned reminder is numbered 1…n, ordered, outside quiet hours, within the form’s life', () => {
    fc.assert(
      fc.property(
        arbInstant,
        fc.integer({ min: 1, max: 60 * 24 }),
        arbPolicy,
        arbZone,
        fc.option(arbInstant, { nil: null }),
        (start, lifeHours, p, zone, notBefore) => {
          const a = { assignedAt: start, expiresAt: new Date(start.getTime() + lifeHours * HOUR) };
          const planned = planReminders(a, p, zone, notBefore);
          expect(planned.length).toBeLessThanOrEqual(p.maxReminders);
          expect(planned.length).toBeLessThanOrEqual(2);
          planned.forEach((r, i) => {
            expect(r.number).toBe(i + 1);
            expect(isQuietAt(r.sendAt, p, zone)).toBe(false);
            expect(r.sendAt.getTime()).toBeGreaterThanOrEqual(a.assignedAt.getTime());
            expect(r.sendAt.getTime()).toBeLessThan(a.expiresAt.getTime());
            if (notBefore) expect(r.sendAt.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
            if (i > 0) expect(r.sendAt.getTime()).toBeGreaterThan(planned[i - 1]!.sendAt.getTime());
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('dueReminder', () => {
  const planned = [
    { number: 1, kind: 'assigned' as const, sendAt: new Date('2026-12-01T10:00:00Z') },
    { number: 2, kind: 'before_expiry' as const, sendAt: new Date('2026-12-07T20:59:00Z') },
  ];
  it('nothing before the first is due; the first once due; nothing again once sent', () => {
    expect(dueReminder(planned, [], new Date('2026-12-01T09:59:00Z'))).toBeNull();
    expect(dueReminder(planned, [], new Date('2026-12-01T10:00:00Z'))?.number).toBe(1);
    expect(dueReminder(planned, [1], new Date('2026-12-03T10:00:00Z'))).toBeNull();
    expect(dueReminder(planned, [1], new Date('2026-12-07T21:00:00Z'))?.number).toBe(2);
    expect(dueReminder(planned, [1, 2], new Date('2026-12-08T21:00:00Z'))).toBeNull();
  });
  it('after a pause only the latest due reminder goes out, not a burst', () => {
    expect(dueReminder(planned, [], new Date('2026-12-08T00:00:00Z'))?.number).toBe(2);
  });
  it('never returns a reminder numbered at or below one already sent, or not yet due', () => {
    fc.assert(
      fc.property(fc.subarray([1, 2]), arbInstant, (sent, now) => {
        const due = dueReminder(planned, sent, now);
        if (due) {
          expect(due.number).toBeGreaterThan(Math.max(0, ...sent));
          expect(due.sendAt.getTime()).toBeLessThanOrEqual(now.getTime());
        }
      }),
    );
  });
});
