import { describe, expect, it } from 'vitest';
import { isPinnedAlert, pageParam, recordHref, visibleAlerts } from './paging';

describe('pageParam', () => {
  it('reads a positive whole number and falls back to 1 for anything else', () => {
    expect(pageParam('3')).toBe(3);
    expect(pageParam(['4', '5'])).toBe(4);
    for (const bad of [undefined, '', '0', '-2', '2.5', 'abc', '1e3', '99999999']) expect(pageParam(bad)).toBe(1);
  });
});

describe('recordHref', () => {
  it('changes one parameter, keeps the others, drops a default and ends with the section', () => {
    const path = '/therapist/clients/c1';
    expect(recordHref(path, {}, { history: '2' }, 'measures')).toBe('/therapist/clients/c1?history=2#measures');
    expect(recordHref(path, { sessions: '3', history: '2' }, { history: null }, 'measures')).toBe('/therapist/clients/c1?sessions=3#measures');
    expect(recordHref(path, { sessions: ['3', '4'], alerts: undefined }, { alerts: 'all' }, 'alerts')).toBe(
      '/therapist/clients/c1?sessions=3&alerts=all#alerts',
    );
  });
});

describe('visibleAlerts', () => {
  const now = Date.UTC(2026, 5, 1);
  const alert = (id: number, status: 'open' | 'acknowledged' | 'resolved', acknowledgedMinutesAgo: number | null = null) => ({
    id,
    status,
    acknowledgedAt: acknowledgedMinutesAgo === null ? null : new Date(now - acknowledgedMinutesAgo * 60_000),
  });

  it('lists every open alert and fills up to the limit with the newest others, in order', () => {
    const alerts = [alert(1, 'resolved'), alert(2, 'open'), alert(3, 'acknowledged', 600), alert(4, 'resolved'), alert(5, 'open')];
    expect(visibleAlerts(alerts, false, now, 3).map((a) => a.id)).toEqual([1, 2, 5]);
    expect(visibleAlerts(alerts, false, now, 4).map((a) => a.id)).toEqual([1, 2, 3, 5]);
    expect(visibleAlerts(alerts, true, now, 3)).toHaveLength(5);
  });

  it('never hides an open alert, however many there are', () => {
    const alerts = [alert(1, 'open'), alert(2, 'resolved'), alert(3, 'open'), alert(4, 'open')];
    expect(visibleAlerts(alerts, false, now, 2).map((a) => a.id)).toEqual([1, 3, 4]);
  });

  it('keeps an alert acknowledged within the hour, so its confirmation survives the refresh', () => {
    const alerts = [alert(1, 'resolved'), alert(2, 'resolved'), alert(3, 'acknowledged', 5), alert(4, 'acknowledged', 120)];
    expect(visibleAlerts(alerts, false, now, 2).map((a) => a.id)).toEqual([1, 3]);
    expect(alerts.map((a) => isPinnedAlert(a, now))).toEqual([false, false, true, false]);
    expect(isPinnedAlert(alert(5, 'open'), now)).toBe(true);
  });
});
