/**
 * Alerts raised by one response about one client form one episode (DESIGN.md "Alerts"): one card
 * listing every reason, acknowledged once. Pure grouping of alert DTOs, order kept (the first alert
 * of an episode decides where it sits).
 */
import type { AlertSeverity } from './describe-alert';

export type EpisodeMember = {
  id: string;
  episodeId: string;
  severity: AlertSeverity;
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgementNote: string | null;
  escalatedAt: Date | null;
};

export type AlertEpisode<T extends EpisodeMember> = {
  id: string;
  /** Most severe first. */
  alerts: T[];
  severity: AlertSeverity;
  /** Open while any of its alerts is open. */
  status: T['status'];
  raisedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgementNote: string | null;
  escalatedAt: Date | null;
  /** The alert an acknowledgement names (any open one acknowledges the episode). */
  openAlertId: string | null;
};

const RANK: Record<AlertSeverity, number> = { urgent: 0, warning: 1, info: 2 };

export function groupEpisodes<T extends EpisodeMember>(alerts: readonly T[]): AlertEpisode<T>[] {
  const byId = new Map<string, T[]>();
  for (const alert of alerts) {
    const members = byId.get(alert.episodeId);
    if (members) members.push(alert);
    else byId.set(alert.episodeId, [alert]);
  }
  return [...byId.entries()].map(([id, members]) => {
    const sorted = [...members].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
    const open = sorted.find((a) => a.status === 'open') ?? null;
    const acknowledged = sorted.find((a) => a.acknowledgedAt !== null) ?? null;
    const times = (pick: (a: T) => Date | null) => sorted.map(pick).filter((d): d is Date => d !== null);
    const earliest = (dates: Date[]) => (dates.length === 0 ? null : new Date(Math.min(...dates.map((d) => d.getTime()))));
    return {
      id,
      alerts: sorted,
      severity: sorted[0]!.severity,
      status: open ? open.status : sorted[0]!.status,
      raisedAt: earliest(times((a) => a.createdAt))!,
      acknowledgedAt: open ? null : (acknowledged?.acknowledgedAt ?? null),
      acknowledgementNote: open ? null : (acknowledged?.acknowledgementNote ?? null),
      escalatedAt: earliest(times((a) => a.escalatedAt)),
      openAlertId: open?.id ?? null,
    };
  });
}
