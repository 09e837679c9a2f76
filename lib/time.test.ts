import { describe, expect, it } from 'vitest';
import { endOfLocalDayAfter, localDate, parseClinicDateTime } from './time';

describe('clinic-local time', () => {
  it('expires at the end of the local day, N days later', () => {
    // 10:00 UTC on 2 Nov 2026 is 02:00 in Los Angeles (UTC−8 after DST ended on 1 Nov).
    const at = new Date('2026-11-02T10:00:00Z');
    expect(endOfLocalDayAfter(at, 7, 'America/Los_Angeles').toISOString()).toBe('2026-11-10T07:59:59.999Z');
    expect(endOfLocalDayAfter(at, 7, 'Europe/London').toISOString()).toBe('2026-11-09T23:59:59.999Z');
    expect(endOfLocalDayAfter(at, 0, 'Asia/Tokyo').toISOString()).toBe('2026-11-02T14:59:59.999Z');
  });
  it('crosses a daylight-saving change by calendar days, not 24-hour blocks', () => {
    // Europe/London springs forward on 29 Mar 2026: the local end of day moves from 23:59 UTC to 22:59 UTC.
    expect(endOfLocalDayAfter(new Date('2026-03-25T12:00:00Z'), 7, 'Europe/London').toISOString()).toBe('2026-04-01T22:59:59.999Z');
  });
  it('gives the local calendar date of an instant', () => {
    expect(localDate(new Date('2026-11-27T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-28');
    expect(localDate(new Date('2026-11-27T23:30:00Z'), 'America/New_York')).toBe('2026-11-27');
  });
});

describe('parseClinicDateTime', () => {
  it('reads a zone-less form value as wall-clock time in the clinic zone', () => {
    expect(parseClinicDateTime('2026-11-27T10:00', 'America/New_York').toISOString()).toBe('2026-11-27T15:00:00.000Z');
    expect(parseClinicDateTime('2026-07-01T10:00', 'Europe/London').toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });
  it('keeps an explicit offset', () => {
    expect(parseClinicDateTime('2026-11-27T10:00:00+01:00', 'America/New_York').toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(parseClinicDateTime('2026-11-27T10:00:00.000Z', 'Asia/Tokyo').toISOString()).toBe('2026-11-27T10:00:00.000Z');
  });
  it('rejects nonsense', () => {
    expect(Number.isNaN(parseClinicDateTime('tomorrow', 'UTC').getTime())).toBe(true);
  });
});
