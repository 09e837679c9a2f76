import { describe, expect, it } from 'vitest';
import { CASELOAD_DEFAULTS, caseloadHref, clearFiltersHref, hasNoFilters, parseCaseloadQuery, sortHref } from './query';
import { pageWindow } from './pagination';

describe('parseCaseloadQuery', () => {
  it('reads the defaults from an empty URL', () => {
    expect(parseCaseloadQuery({})).toEqual(CASELOAD_DEFAULTS);
    expect(CASELOAD_DEFAULTS).toMatchObject({ status: 'current', sort: 'name', dir: 'asc', page: 1, size: 25, alerts: false, reviewDue: false });
  });

  it('reads a full view', () => {
    expect(parseCaseloadQuery({ q: ' lee ', status: 'all', alerts: '1', reviewDue: 'true', sort: 'alliance', dir: 'desc', page: '3', size: '50' })).toEqual({
      q: 'lee',
      status: 'all',
      alerts: true,
      reviewDue: true,
      sort: 'alliance',
      dir: 'desc',
      page: 3,
      size: 50,
    });
  });

  it('drops junk one key at a time instead of failing', () => {
    const query = parseCaseloadQuery({ q: 'x'.repeat(200), alerts: 'yes', sort: 'evil', page: '-4', size: '7', status: 'waitlist' });
    expect(query).toEqual({ ...CASELOAD_DEFAULTS, status: 'waitlist' });
  });

  it('takes the first of repeated keys', () => {
    expect(parseCaseloadQuery({ sort: ['gad7', 'phq9'] }).sort).toBe('gad7');
  });
});

describe('caseloadHref', () => {
  it('leaves defaults out of the URL', () => {
    expect(caseloadHref(CASELOAD_DEFAULTS)).toBe('/therapist');
    expect(caseloadHref(CASELOAD_DEFAULTS, { alerts: true, sort: 'alliance' })).toBe('/therapist?alerts=1&sort=alliance');
  });

  it('round-trips through the parser', () => {
    const view = { q: 'ann', status: 'discharged' as const, alerts: true, reviewDue: true, sort: 'phq9' as const, dir: 'desc' as const, page: 2, size: 10 };
    const href = caseloadHref(view);
    expect(parseCaseloadQuery(Object.fromEntries(new URL(href, 'http://x').searchParams))).toEqual(view);
  });

  it('sorting a new column uses its attention-first direction; the same column flips; both go back to page 1', () => {
    const onPage3 = { ...CASELOAD_DEFAULTS, page: 3 };
    expect(sortHref(onPage3, 'alliance')).toEqual({ href: '/therapist?sort=alliance', dir: 'asc' });
    expect(sortHref(onPage3, 'phq9')).toEqual({ href: '/therapist?sort=phq9&dir=desc', dir: 'desc' });
    expect(sortHref({ ...onPage3, sort: 'alliance' }, 'alliance')).toEqual({ href: '/therapist?sort=alliance&dir=desc', dir: 'desc' });
  });

  it('clearing filters keeps sort and size', () => {
    const view = { ...CASELOAD_DEFAULTS, q: 'a', alerts: true, sort: 'gad7' as const, size: 50, page: 4 };
    expect(hasNoFilters(view)).toBe(false);
    expect(clearFiltersHref(view)).toBe('/therapist?sort=gad7&size=50');
    expect(hasNoFilters(CASELOAD_DEFAULTS)).toBe(true);
  });
});

describe('pageWindow', () => {
  it('shows first, last and neighbours with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 10)).toEqual([1, 'gap', 4, 5, 6, 'gap', 10]);
    expect(pageWindow(2, 3)).toEqual([1, 2, 3]);
  });
});
