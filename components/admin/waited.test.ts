import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWaited } from './waited';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatWaited', () => {
  it.each([
    [-5, 'under a minute'],
    [Number.NaN, 'under a minute'],
    [59_999, 'under a minute'],
    [MINUTE, '1 min'],
    [59 * MINUTE + 59_999, '59 min'],
    [HOUR, '1 h'],
    [3 * HOUR + 20 * MINUTE + 30_000, '3 h 20 min'],
    [DAY - 1, '23 h 59 min'],
    [DAY, '1 day'],
    [DAY + 5 * HOUR + 59 * MINUTE, '1 day 5 h'],
    [30 * DAY + HOUR, '30 days 1 h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatWaited(ms)).toBe(text);
  });

  it('never states more time than has passed, and leaves out less than one unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: MINUTE, max: 400 * DAY }), (ms) => {
        const text = formatWaited(ms);
        const units = { day: DAY, days: DAY, h: HOUR, min: MINUTE } as const;
        const parts = [...text.matchAll(/(\d+) (days?|h|min)/g)].map((m) => ({ n: Number(m[1]), unit: units[m[2] as keyof typeof units] }));
        const stated = parts.reduce((sum, p) => sum + p.n * p.unit, 0);
        expect(stated).toBeLessThanOrEqual(ms);
        const smallest = Math.min(...parts.map((p) => p.unit));
        // What is left out is less than the smallest unit shown, or, when a lone unit hides a zero
        // below it ("1 day", "3 h"), less than that next unit.
        const nextSmaller = smallest === DAY ? HOUR : MINUTE;
        expect(ms - stated).toBeLessThan(parts.length === 2 || smallest === MINUTE ? smallest : nextSmaller);
      }),
    );
  });
});
