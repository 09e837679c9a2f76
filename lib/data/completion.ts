import 'server-only';
import { and, asc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { completionRate, ON_TIME_HOURS, type CompletionCounts, type CompletionTrend } from '@/lib/reminders/completion';
import { parseClinicDateTime } from '@/lib/time';
import type { DateRange } from '@/lib/validation/supervision';
import { getAnalyticsDb, getDb } from '@/db/client';
import { measureAssignments, supervision, users } from '@/db/schema';
import { requirePermission, auditRead } from './audit';
import { clinicContext } from './clinic';

/*
 * Form completion rates for the supervisor (per supervised therapist) and the admin (the clinic),
 * over a date range, with the rate before and after the clinic switched reminders on. Counted in
 * SQL with the definitions of lib/reminders/completion.ts (the integration test checks they agree):
 * client forms due in the range, cancelled ones left out, a form counting for the therapist who
 * treated the client when it was assigned. Counts only: no client, no instrument, no answer.
 */

type Db = ReturnType<typeof getDb>;

/** The counts of completion.ts as SQL aggregates over measure_assignments, at `now`. */
function completionAggregates(now: Date) {
  const a = measureAssignments;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const completed = sql`${a.status} = 'completed'`;
  const onTime = sql`${completed} and coalesce(${a.completedAt}, ${a.expiresAt}) <= ${a.dueAt} + make_interval(hours => ${ON_TIME_HOURS})`;
  const open = sql`${a.status} in ('pending', 'in_progress')`;
  return {
    assigned: sql<number>`count(*)::int`,
    onTime: sql<number>`(count(*) filter (where ${onTime}))::int`,
    late: sql<number>`(count(*) filter (where ${completed} and not (${onTime})))::int`,
    expired: sql<number>`(count(*) filter (where ${a.status} = 'expired' or (${open} and ${a.expiresAt} <= ${nowSql})))::int`,
    open: sql<number>`(count(*) filter (where ${open} and ${a.expiresAt} > ${nowSql}))::int`,
  };
}

type RawCounts = { assigned: number; onTime: number; late: number; expired: number; open: number };
const EMPTY: RawCounts = { assigned: 0, onTime: 0, late: 0, expired: 0, open: 0 };

function withRate(raw: RawCounts | undefined): CompletionCounts {
  const counts = { ...EMPTY, ...raw };
  return { ...counts, rate: completionRate(counts) };
}

function trendOf(since: Date | null, before: RawCounts | undefined, after: RawCounts | undefined): CompletionTrend {
  if (!since) return { remindersSince: null, before: null, after: null, change: null };
  const b = withRate(before);
  const a = withRate(after);
  return { remindersSince: since, before: b, after: a, change: b.rate === null || a.rate === null ? null : a.rate - b.rate };
}

/** The range's first and last days as instants, in the clinic's time zone. */
function rangeBounds(range: DateRange, timeZone: string): { start: Date; end: Date } {
  const nextDay = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: parseClinicDateTime(`${range.from}T00:00`, timeZone), end: parseClinicDateTime(`${nextDay}T00:00`, timeZone) };
}

function clientFormsDueIn(clinicId: string, start: Date, end: Date): SQL {
  return and(
    eq(measureAssignments.clinicId, clinicId),
    eq(measureAssignments.respondent, 'client'),
    ne(measureAssignments.status, 'cancelled'),
    gte(measureAssignments.dueAt, start),
    lt(measureAssignments.dueAt, end),
  )!;
}

/** Counts grouped by before/after reminders went on (`since`), optionally by therapist too. */
async function countsSplit(db: Db, where: SQL, now: Date, since: Date | null) {
  const after = since ? sql<boolean>`${measureAssignments.createdAt} >= ${since.toISOString()}::timestamptz` : sql<boolean>`false`;
  return (
    db
      .select({ therapistId: measureAssignments.therapistId, after, ...completionAggregates(now) })
      .from(measureAssignments)
      .where(where)
      // By position: the split's expression carries a parameter, which GROUP BY could not match by text.
      .groupBy(sql`1`, sql`2`)
  );
}

function sum(rows: readonly RawCounts[]): RawCounts {
  return rows.reduce(
    (s, r) => ({
      assigned: s.assigned + r.assigned,
      onTime: s.onTime + r.onTime,
      late: s.late + r.late,
      expired: s.expired + r.expired,
      open: s.open + r.open,
    }),
    EMPTY,
  );
}

export type TherapistCompletionRow = { therapistId: string; name: string; counts: CompletionCounts };
export type CompletionReport = { range: DateRange; total: CompletionCounts; trend: CompletionTrend };
export type TherapistCompletionReport = CompletionReport & { rows: TherapistCompletionRow[] };

/** Completion per supervised therapist over the range (the supervisor comparison page). */
export async function getTherapistCompletion(actor: Actor, range: DateRange, now: Date = new Date()): Promise<TherapistCompletionReport> {
  await requirePermission(actor, 'supervision:read', { action: 'supervision.completion.read' });
  const db = getDb();
  const { timeZone, settings } = await clinicContext(db, actor.clinicId);
  const therapists = await db
    .select({ id: users.id, name: users.name })
    .from(supervision)
    .innerJoin(users, eq(users.id, supervision.therapistId))
    .where(
      and(
        eq(supervision.clinicId, actor.clinicId),
        eq(supervision.supervisorId, actor.userId),
        isNull(supervision.endedAt),
        eq(users.clinicId, actor.clinicId),
      ),
    )
    .orderBy(asc(users.name));
  const since = settings.reminders.enabled && settings.reminders.enabledSince ? new Date(settings.reminders.enabledSince) : null;
  const { start, end } = rangeBounds(range, timeZone);
  const ids = therapists.map((t) => t.id);
  const rows =
    ids.length === 0
      ? []
      : await countsSplit(getAnalyticsDb(), and(clientFormsDueIn(actor.clinicId, start, end), inArray(measureAssignments.therapistId, ids))!, now, since);
  await auditRead(db, actor, {
    action: 'supervision.completion.read',
    outcome: 'success',
    details: { therapists: ids.length, from: range.from, to: range.to },
  });
  return {
    range,
    rows: therapists.map((t) => ({ therapistId: t.id, name: t.name, counts: withRate(sum(rows.filter((r) => r.therapistId === t.id))) })),
    total: withRate(sum(rows)),
    trend: trendOf(since, sum(rows.filter((r) => !r.after)), sum(rows.filter((r) => r.after))),
  };
}

/** The clinic's completion over the range (the admin home): counts only. */
export async function getClinicCompletion(actor: Actor, range: DateRange, now: Date = new Date()): Promise<CompletionReport> {
  await requirePermission(actor, 'completion:read-clinic', { action: 'admin.completion.read' });
  const db = getDb();
  const { timeZone, settings } = await clinicContext(db, actor.clinicId);
  const since = settings.reminders.enabled && settings.reminders.enabledSince ? new Date(settings.reminders.enabledSince) : null;
  const { start, end } = rangeBounds(range, timeZone);
  const rows = await countsSplit(getAnalyticsDb(), clientFormsDueIn(actor.clinicId, start, end), now, since);
  await auditRead(db, actor, { action: 'admin.completion.read', outcome: 'success', details: { from: range.from, to: range.to } });
  return { range, total: withRate(sum(rows)), trend: trendOf(since, sum(rows.filter((r) => !r.after)), sum(rows.filter((r) => r.after))) };
}
