import 'server-only';
import { and, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { completionRate, ON_TIME_HOURS, remindersSince, type CompletionCounts, type CompletionTrend } from '@/lib/reminders/completion';
import { clinicDayRange } from '@/lib/time';
import type { DateRange } from '@/lib/validation/supervision';
import { getAnalyticsDb, getDb } from '@/db/client';
import { measureAssignments } from '@/db/schema';
import { requirePermission, auditRead } from './audit';
import { clinicContext } from './clinic';

/*
 * Form completion rates for the supervisor (per supervised therapist, read with the comparison in
 * lib/data/supervisor.ts) and the admin (the clinic),
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
    completed: sql<number>`(count(*) filter (where ${completed}))::int`,
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
/** One therapist's forms before or after reminders went on; `completed` = onTime + late, for the comparison's response rate. */
export type TherapistCompletionCounts = RawCounts & { therapistId: string | null; after: boolean; completed: number };

/**
 * Client forms due in [start, end) for these therapists, counted per therapist and before/after
 * reminders went on. The supervisor comparison reads it once for both its response rate and its
 * completion table (lib/data/supervisor.ts checks the actor may read them).
 */
export async function therapistCompletionCounts(
  db: Db,
  clinicId: string,
  therapistIds: readonly string[],
  { start, end }: { start: Date; end: Date },
  now: Date,
  since: Date | null,
): Promise<TherapistCompletionCounts[]> {
  if (therapistIds.length === 0) return [];
  return countsSplit(db, and(clientFormsDueIn(clinicId, start, end), inArray(measureAssignments.therapistId, [...therapistIds]))!, now, since);
}

/** The completion table of supervised therapists (in the order given) from therapistCompletionCounts. */
export function therapistCompletionReport(
  range: DateRange,
  therapists: readonly { id: string; name: string }[],
  rows: readonly TherapistCompletionCounts[],
  since: Date | null,
): TherapistCompletionReport {
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
  const since = remindersSince(settings.reminders);
  const { start, end } = clinicDayRange(range, timeZone);
  const rows = await countsSplit(getAnalyticsDb(), clientFormsDueIn(actor.clinicId, start, end), now, since);
  await auditRead(db, actor, { action: 'admin.completion.read', outcome: 'success', details: { from: range.from, to: range.to } });
  return { range, total: withRate(sum(rows)), trend: trendOf(since, sum(rows.filter((r) => !r.after)), sum(rows.filter((r) => r.after))) };
}
