import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { unansweredRuptures } from '@/lib/alliance/attention';
import { responseRate, ruptureStats, shrinkTherapistMeans, summariseOutcomes, type RuptureEpisode } from '@/lib/alliance/supervision';
import type { Actor } from '@/lib/authz/policy';
import { clinicContext } from '@/lib/data/clinic';
import type { SupervisorComparison, TherapistComparisonRow, Estimate } from '@/lib/data/supervisor';
import type { DateRange } from '@/lib/validation/supervision';
import { parseClinicDateTime } from '@/lib/time';
import { getDb } from '@/db/client';
import { alerts, clients, measureAssignments, measureResponses, supervision, users } from '@/db/schema';
import { BELOW_TOLERANCE } from '@/db/supervision-rollup';

/*
 * The supervisor comparison as it was computed before the rollup: straight from the raw responses and
 * alerts (lib/data/supervisor.ts at the commit before the rollup, without its permission check and
 * audit). The rollup-based comparison must give the same numbers (supervision-rollup.int.test.ts).
 */

const SCALES = ['overall', 'goal', 'task', 'bond'] as const;
type Scale = (typeof SCALES)[number];

/** The range's first and last days as instants, in the clinic's time zone. */
function rangeBounds(range: DateRange, timeZone: string): { start: Date; end: Date } {
  const nextDay = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: parseClinicDateTime(`${range.from}T00:00`, timeZone), end: parseClinicDateTime(`${nextDay}T00:00`, timeZone) };
}

async function supervisedTherapists(actor: Actor) {
  return getDb()
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
}

/** The comparison without its completion table (completion.int checks that against the pure counts). */
export type RawComparison = Omit<SupervisorComparison, 'completion'>;

export async function rawSupervisorComparison(actor: Actor, range: DateRange): Promise<RawComparison> {
  const db = getDb();
  const { settings, timeZone } = await clinicContext(db, actor.clinicId);
  const therapists = await supervisedTherapists(actor);
  const ids = therapists.map((t) => t.id);
  const { start, end } = rangeBounds(range, timeZone);
  const inRange = (column: typeof measureResponses.submittedAt) => and(gte(column, start), lt(column, end));
  const none = ids.length === 0;
  const analytics = db;

  const [active, due, waiRows, ruptureRows, pairRows, outcomeRows] = none
    ? [[], [], [], [], [], []]
    : await Promise.all([
        analytics
          .select({ therapistId: clients.primaryTherapistId, n: sql<number>`count(*)::int` })
          .from(clients)
          .where(and(eq(clients.clinicId, actor.clinicId), inArray(clients.primaryTherapistId, ids), eq(clients.status, 'active')))
          .groupBy(clients.primaryTherapistId),
        analytics
          .select({
            therapistId: measureAssignments.therapistId,
            due: sql<number>`count(*)::int`,
            completed: sql<number>`(count(*) filter (where ${measureAssignments.status} = 'completed'))::int`,
          })
          .from(measureAssignments)
          .where(
            and(
              eq(measureAssignments.clinicId, actor.clinicId),
              inArray(measureAssignments.therapistId, ids),
              eq(measureAssignments.respondent, 'client'),
              sql`${measureAssignments.status} <> 'cancelled'`,
              gte(measureAssignments.dueAt, start),
              lt(measureAssignments.dueAt, end),
            ),
          )
          .groupBy(measureAssignments.therapistId),
        // Alliance per (therapist at the time, client): sums and counts, aggregated in SQL so a
        // supervisor's thousands of responses are not each sent to and mapped in the app.
        analytics
          .select({
            therapistId: measureResponses.therapistId,
            clientId: measureResponses.clientId,
            n: sql<number>`count(*)::int`,
            overall: sql<number>`sum(${measureResponses.headlineScore})::float8`,
            goal: sql<number>`sum((${measureResponses.scores}->'subscales'->'goal'->>'mean')::float8)`,
            task: sql<number>`sum((${measureResponses.scores}->'subscales'->'task'->>'mean')::float8)`,
            bond: sql<number>`sum((${measureResponses.scores}->'subscales'->'bond'->>'mean')::float8)`,
            // Below the clinic's low-alliance line (strictly, with the same tolerance as the rules).
            below: sql<number>`(count(*) filter (where ${measureResponses.headlineScore} < ${settings.alliance.lowAlliance - BELOW_TOLERANCE}))::int`,
          })
          .from(measureResponses)
          .where(
            and(
              eq(measureResponses.clinicId, actor.clinicId),
              inArray(measureResponses.therapistId, ids),
              eq(measureResponses.instrumentKey, 'wai-sr-client'),
              inRange(measureResponses.submittedAt),
            ),
          )
          .groupBy(measureResponses.therapistId, measureResponses.clientId),
        analytics
          .select({
            therapistId: alerts.therapistId,
            createdAt: alerts.createdAt,
            acknowledgedAt: alerts.acknowledgedAt,
            repairedAt: alerts.repairedAt,
            // The outer alert row spelled out: in a single-table select drizzle prints bare column names,
            // which the subquery would bind to its own table.
            later: sql<number>`(select count(*)::int from ${measureResponses} r where r.client_id = ${sql.raw('"alerts"."client_id"')} and r.instrument_key = 'wai-sr-client' and r.submitted_at > ${sql.raw('"alerts"."created_at"')})`,
          })
          .from(alerts)
          .where(
            and(
              eq(alerts.clinicId, actor.clinicId),
              inArray(alerts.therapistId, ids),
              eq(alerts.kind, 'rupture'),
              gte(alerts.createdAt, start),
              lt(alerts.createdAt, end),
            ),
          ),
        // Rating gap: sessions rated by both client and therapist, and the mean of (client − therapist), per therapist.
        analytics
          .select({
            therapistId: sql<string>`pair.therapist_id`,
            sessions: sql<number>`count(*)::int`,
            meanGap: sql<number | null>`avg(pair.client - pair.therapist)::float8`,
          })
          .from(
            sql`(select r.session_id, r.therapist_id,
                        max(r.headline_score) filter (where r.instrument_key = 'wai-sr-client') as client,
                        max(r.headline_score) filter (where r.instrument_key = 'wai-sr-therapist') as therapist
                 from ${measureResponses} r
                 where r.clinic_id = ${actor.clinicId} and r.therapist_id in (${sql.join(
                   ids.map((id) => sql`${id}`),
                   sql`, `,
                 )})
                   and r.instrument_key in ('wai-sr-client', 'wai-sr-therapist') and r.session_id is not null
                   and r.submitted_at >= ${start.toISOString()}::timestamptz and r.submitted_at < ${end.toISOString()}::timestamptz
                 group by r.session_id, r.therapist_id) as pair`,
          )
          .where(sql`pair.client is not null and pair.therapist is not null`)
          .groupBy(sql`pair.therapist_id`),
        analytics
          .select({
            therapistId: sql<string>`latest.therapist_id`,
            instrumentKey: sql<string>`latest.instrument_key`,
            latest: sql<number>`latest.headline_score`,
            baseline: sql<number>`(select b.headline_score from ${measureResponses} b where b.client_id = latest.client_id and b.instrument_key = latest.instrument_key order by b.submitted_at asc limit 1)`,
          })
          .from(
            sql`(select distinct on (r.client_id, r.instrument_key) r.client_id, r.instrument_key, r.therapist_id, r.headline_score
                 from ${measureResponses} r
                 where r.clinic_id = ${actor.clinicId} and r.therapist_id in (${sql.join(
                   ids.map((id) => sql`${id}`),
                   sql`, `,
                 )}) and r.instrument_key in ('phq-9', 'gad-7') and r.submitted_at >= ${start.toISOString()}::timestamptz and r.submitted_at < ${end.toISOString()}::timestamptz
                 order by r.client_id, r.instrument_key, r.submitted_at desc) as latest`,
          ),
      ]);

  // Alliance: one mean per client (per scale), grouped by the therapist at the time.
  const estimates = Object.fromEntries(
    SCALES.map((scale) => {
      const groups = ids.map((therapistId) => ({
        therapistId,
        clientMeans: waiRows.filter((c) => c.therapistId === therapistId).map((c) => Number(c[scale]) / c.n),
      }));
      return [scale, shrinkTherapistMeans(groups)];
    }),
  ) as Record<Scale, ReturnType<typeof shrinkTherapistMeans>>;

  const rows: TherapistComparisonRow[] = therapists.map((t) => {
    const d = due.find((x) => x.therapistId === t.id);
    const rate = responseRate(d?.due ?? 0, d?.completed ?? 0);
    const episodes: RuptureEpisode[] = ruptureRows
      .filter((r) => r.therapistId === t.id)
      .map((r) => ({
        detectedAt: r.createdAt,
        acknowledgedAt: r.acknowledgedAt,
        repairStatus: r.repairedAt ? 'repaired' : r.later >= 3 ? 'unrepaired' : 'pending',
      }));
    const ruptures = ruptureStats(episodes);
    const pairs = pairRows.find((p) => p.therapistId === t.id);
    const mine = waiRows.filter((r) => r.therapistId === t.id);
    const rated = mine.reduce((sum, r) => sum + r.n, 0);
    const below = mine.reduce((sum, r) => sum + r.below, 0);
    const outcomes = (key: string, threshold: number) => {
      const mine = outcomeRows
        .filter((o) => o.therapistId === t.id && o.instrumentKey === key)
        .map((o) => ({ baseline: Number(o.baseline), latest: Number(o.latest) }));
      const summary = summariseOutcomes(mine, threshold);
      return { n: summary.n, improved: summary.improved, deteriorated: summary.deteriorated };
    };
    const alliance = Object.fromEntries(
      SCALES.map((scale) => {
        const e = estimates[scale].therapists.find((x) => x.therapistId === t.id)!;
        return [scale, { n: e.n, rawMean: e.rawMean, estimate: e.estimate, lower: e.lower, upper: e.upper, shrinkage: e.shrinkage }];
      }),
    ) as Record<Scale, Estimate>;
    return {
      therapistId: t.id,
      name: t.name,
      activeClients: active.find((a) => a.therapistId === t.id)?.n ?? 0,
      measures: { due: rate.due, completed: rate.completed, rate: rate.rate },
      alliance,
      belowThreshold: { n: rated, below, share: rated === 0 ? null : below / rated },
      ruptures: {
        detected: ruptures.detected,
        acknowledgedWithin7Days: ruptures.acknowledgedWithin7Days,
        notAnsweredIn7Days: unansweredRuptures(episodes, new Date()),
        repaired: ruptures.repaired,
        repairRate: ruptures.repairRate,
      },
      ratingGap: { sessions: pairs?.sessions ?? 0, meanGap: pairs?.meanGap ?? null },
      phq9: outcomes('phq-9', settings.outcomes.phq9ReliableChange),
      gad7: outcomes('gad-7', settings.outcomes.gad7ReliableChange),
    };
  });
  const overall = estimates.overall;
  return {
    range,
    rows,
    clinic: {
      grandMean: overall.grandMean,
      tau2: overall.tau2,
      method: overall.method,
      reason: overall.reason,
      interval: overall.interval,
      lowAlliance: settings.alliance.lowAlliance,
    },
  };
}
