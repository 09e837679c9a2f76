import { TZDate } from '@date-fns/tz';

/*
 * When a client is reminded of a form (pure: no I/O, no clock). A form gets at most
 * `maxReminders` reminders, numbered from 1 in the order they fall: one when it is assigned, and
 * one `hoursBeforeExpiry` before it expires. None falls in the clinic's quiet hours (whole hours
 * in the clinic's time zone): a reminder due in them moves to when they end, or — when that would
 * be too late, after the form expires — to just before they began.
 */

export type ReminderPolicy = {
  onAssignment: boolean;
  /** 0: no reminder before expiry. */
  hoursBeforeExpiry: number;
  /** Quiet hours [start, end) in the clinic's zone; wrap midnight when start > end; none when equal. */
  quietStartHour: number;
  quietEndHour: number;
  maxReminders: number;
};

export type ReminderKind = 'assigned' | 'before_expiry';
export type PlannedReminder = { number: number; kind: ReminderKind; sendAt: Date };
export type ReminderAssignment = { assignedAt: Date; expiresAt: Date };

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Whether a local hour of day falls in the quiet hours. */
export function isQuietHour(hour: number, policy: Pick<ReminderPolicy, 'quietStartHour' | 'quietEndHour'>): boolean {
  const { quietStartHour: start, quietEndHour: end } = policy;
  if (start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** Whether an instant falls in the quiet hours of the clinic's zone. */
export function isQuietAt(instant: Date, policy: Pick<ReminderPolicy, 'quietStartHour' | 'quietEndHour'>, timeZone: string): boolean {
  return isQuietHour(new TZDate(instant.getTime(), timeZone).getHours(), policy);
}

/** The local day of `instant` at `hour`:00, `dayOffset` days later, as an instant. */
function localHourOf(instant: Date, hour: number, dayOffset: number, timeZone: string): Date {
  const local = new TZDate(instant.getTime(), timeZone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, hour, 0, 0, timeZone).getTime());
}

/** The first instant at or after `instant` outside the quiet hours. */
export function endOfQuietHours(instant: Date, policy: Pick<ReminderPolicy, 'quietStartHour' | 'quietEndHour'>, timeZone: string): Date {
  if (!isQuietAt(instant, policy, timeZone)) return instant;
  for (const day of [0, 1]) {
    const end = localHourOf(instant, policy.quietEndHour, day, timeZone);
    // A clock change can make the end hour fall on another hour: keep only a real end.
    if (end.getTime() > instant.getTime() && !isQuietAt(end, policy, timeZone)) return end;
  }
  // Only a clock change lands here: step hour by hour to the first one outside.
  let probe = new Date(Math.floor(instant.getTime() / HOUR) * HOUR + HOUR);
  while (isQuietAt(probe, policy, timeZone)) probe = new Date(probe.getTime() + HOUR);
  return probe;
}

/** The last minute before the quiet hours that contain `instant` began. */
export function startOfQuietHours(instant: Date, policy: Pick<ReminderPolicy, 'quietStartHour' | 'quietEndHour'>, timeZone: string): Date {
  if (!isQuietAt(instant, policy, timeZone)) return instant;
  for (const day of [0, -1]) {
    const start = localHourOf(instant, policy.quietStartHour, day, timeZone);
    const before = new Date(start.getTime() - MINUTE);
    if (start.getTime() <= instant.getTime() && !isQuietAt(before, policy, timeZone)) return before;
  }
  let probe = new Date(Math.floor(instant.getTime() / HOUR) * HOUR - MINUTE);
  while (isQuietAt(probe, policy, timeZone)) probe = new Date(probe.getTime() - HOUR);
  return probe;
}

/**
 * The reminders a form gets, in order, numbered 1…n (n ≤ maxReminders). Each is outside quiet
 * hours, after the assignment and before expiry; none comes before `notBefore` (when the clinic
 * switched reminders on: a form waiting since earlier gets only what falls due from then on).
 */
export function planReminders(assignment: ReminderAssignment, policy: ReminderPolicy, timeZone: string, notBefore: Date | null = null): PlannedReminder[] {
  const { assignedAt, expiresAt } = assignment;
  const candidates: { kind: ReminderKind; sendAt: Date }[] = [];
  if (policy.onAssignment) candidates.push({ kind: 'assigned', sendAt: endOfQuietHours(assignedAt, policy, timeZone) });
  if (policy.hoursBeforeExpiry > 0) {
    const target = new Date(expiresAt.getTime() - policy.hoursBeforeExpiry * HOUR);
    const later = endOfQuietHours(target, policy, timeZone);
    const sendAt = later.getTime() < expiresAt.getTime() ? later : startOfQuietHours(target, policy, timeZone);
    candidates.push({ kind: 'before_expiry', sendAt });
  }
  const planned: PlannedReminder[] = [];
  for (const c of candidates) {
    if (c.sendAt.getTime() < assignedAt.getTime() || c.sendAt.getTime() >= expiresAt.getTime()) continue;
    if (notBefore && c.sendAt.getTime() < notBefore.getTime()) continue;
    // Two reminders at (nearly) the same moment would be one message twice.
    const previous = planned[planned.length - 1];
    if (previous && c.sendAt.getTime() - previous.sendAt.getTime() < HOUR) continue;
    if (planned.length >= policy.maxReminders) break;
    planned.push({ number: planned.length + 1, kind: c.kind, sendAt: c.sendAt });
  }
  return planned;
}

/**
 * The reminder to send now, if any: the latest planned one whose time has come and that is later
 * than every reminder already sent or claimed. One that fell due while the sweep was not running
 * is skipped when a later one is due too: the client gets one message, not a burst.
 */
export function dueReminder(planned: readonly PlannedReminder[], alreadyNumbers: readonly number[], now: Date): PlannedReminder | null {
  const last = alreadyNumbers.length === 0 ? 0 : Math.max(...alreadyNumbers);
  let due: PlannedReminder | null = null;
  for (const p of planned) if (p.sendAt.getTime() <= now.getTime() && p.number > last) due = p;
  return due;
}
