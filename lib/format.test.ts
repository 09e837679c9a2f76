import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay } from './format';

describe('dates as the clinic reads them', () => {
  // 23:30 UTC on 4 March is already 5 March in Berlin and still 4 March in New York.
  const lateEvening = new Date('2026-03-04T23:30:00Z');

  it('an instant falls on the clinic’s day, in the clinic’s zone', () => {
    expect(formatDate(lateEvening, 'Europe/Berlin')).toBe('5 Mar 2026');
    expect(formatDate(lateEvening, 'America/New_York')).toBe('4 Mar 2026');
    expect(formatDate(lateEvening.toISOString(), 'Europe/Berlin')).toBe('5 Mar 2026');
    expect(formatDateTime(lateEvening, 'Europe/Berlin')).toBe('5 Mar 2026, 00:30');
    expect(formatDateTime(lateEvening, 'America/New_York')).toBe('4 Mar 2026, 18:30');
  });

  it('a calendar date is shown as written, whatever the zone', () => {
    expect(formatDay('2026-03-04')).toBe('4 Mar 2026');
    expect(formatDate('2026-03-04', 'America/Los_Angeles')).toBe('4 Mar 2026');
    expect(formatDate('2026-03-04', 'Pacific/Kiritimati')).toBe('4 Mar 2026');
  });

  it('nothing is a dash', () => {
    expect(formatDay(null)).toBe('—');
    expect(formatDate(null, 'Europe/London')).toBe('—');
    expect(formatDateTime(null, 'Europe/London')).toBe('—');
  });
});
