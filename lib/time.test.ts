import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicDayRange, clinicLocalIso, endOfLocalDayAfter, localDate, localMonth, parseClinicDateTime } from './time';

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

describe('clinicLocalIso', () => {
  it('writes clinic-local wall-clock time with a numeric offset (never Z)', () => {
    expect(clinicLocalIso(new Date('2026-03-04T08:15:00Z'), 'Europe/Berlin')).toBe('2026-03-04T09:15:00+01:00');
    expect(clinicLocalIso(new Date('2026-01-10T12:00:00Z'), 'Europe/London')).toBe('2026-01-10T12:00:00+00:00');
    expect(clinicLocalIso(new Date('2026-01-10T12:00:00Z'), 'UTC')).toBe('2026-01-10T12:00:00+00:00');
    expect(clinicLocalIso(new Date('2026-01-10T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-10T17:30:00+05:30');
    expect(clinicLocalIso(new Date('2026-11-27T23:30:00Z'), 'America/New_York')).toBe('2026-11-27T18:30:00-05:00');
  });
  it('changes offset across daylight saving (Europe/London, 29 Mar and 25 Oct 2026)', () => {
    expect(clinicLocalIso(new Date('2026-03-29T00:59:59Z'), 'Europe/London')).toBe('2026-03-29T00:59:59+00:00');
    expect(clinicLocalIso(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29T02:00:00+01:00');
    // The repeated hour in autumn: the same wall-clock time twice, told apart by the offset.
    expect(clinicLocalIso(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30:00+01:00');
    expect(clinicLocalIso(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30:00+00:00');
  });
  it('round-trips: the written text is the same instant, to the second, in any zone', () => {
    const zones = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const at = new Date(Math.floor(ms / 1000) * 1000);
        const text = clinicLocalIso(at, zone);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
        expect(new Date(text).getTime()).toBe(at.getTime());
        expect(text.slice(0, 10)).toBe(localDate(at, zone));
      }),
    );
  });
  it('gives the clinic-local month', () => {
    expect(localMonth(new Date('2026-05-31T23:30:00Z'), 'Europe/London')).toBe('2026-06');
    expect(localMonth(new Date('2026-05-31T23:30:00Z'), 'UTC')).toBe('2026-05');
  });
});

describe('clinicDayRange', () => {
  it("runs from the first day's local midnight to the midnight after the last, across a DST change", () => {
    // Los Angeles left DST on 1 Nov 2026: 31 Oct starts at UTC−7, 2 Nov ends at UTC−8.
    const { start, end } = clinicDayRange({ from: '2026-10-31', to: '2026-11-01' }, 'America/Los_Angeles');
    expect(start.toISOString()).toBe('2026-10-31T07:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('is one whole day when from and to are the same day, also at the end of a month and year', () => {
    const { start, end } = clinicDayRange({ from: '2026-12-31', to: '2026-12-31' }, 'Asia/Tokyo');
    expect(start.toISOString()).toBe('2026-12-30T15:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-31T15:00:00.000Z');
  });
});
