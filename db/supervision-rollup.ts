import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_ALLIANCE_THRESHOLDS } from '@/lib/alliance/rules';

/*
 * The supervision rollup (schema.ts, supervisionRollup) computed from the raw tables: one SQL text
 * used by the migration's fill, `npm run rollup:rebuild`, a clinic's rebuild when its low-alliance
 * line changes, and the per-client refresh in the transaction of a response or an acknowledgement.
 * Every figure is the raw comparison query's own expression (lib/data/supervisor.ts), grouped by day
 * in the clinic's zone; the property test (supervision-rollup.int.test.ts) holds the two together.
 */

/** "Below the line" is strictly below, with the tolerance the alliance rules use for stored floats. */
export const BELOW_TOLERANCE = 1e-9;

/**
 * The clinic's low-alliance line as the settings document stores it (lib/validation/settings.ts:
 * a number in 1–5, or absent for the default), minus the tolerance.
 */
const BELOW_LINE = `coalesce((s.settings #>> '{alliance,lowAlliance}')::float8, ${DEFAULT_ALLIANCE_THRESHOLDS.lowAlliance.toFixed(1)}::float8) - ${BELOW_TOLERANCE}::float8`;

/** Marks where a scope is put in; `true` for the whole database. */
const RESPONSES = '/*responses*/';
const ALERTS = '/*alerts*/';
const DAYS = '/*days*/';

const COLUMNS =
  'clinic_id, therapist_id, client_id, day, since_day, wai_n, overall_sum, goal_sum, task_sum, bond_sum, below_n, gap_sessions, gap_sum, ' +
  'ruptures, ruptures_acknowledged_within_7_days, ruptures_repaired, ruptures_unrepaired, phq9_last_at, phq9_last_score, gad7_last_at, gad7_last_score';

const TEMPLATE = `insert into supervision_rollup (${COLUMNS})
with clinic as (
  select c.id as clinic_id, c.time_zone, ${BELOW_LINE} as below_line
  from clinics c left join clinic_settings s on s.clinic_id = c.id
),
response as (
  select r.clinic_id, r.therapist_id, r.client_id, r.session_id, r.instrument_key, r.headline_score, r.scores, r.submitted_at,
         (r.submitted_at at time zone clinic.time_zone)::date as day, clinic.below_line
  from measure_responses r join clinic on clinic.clinic_id = r.clinic_id
  where r.instrument_key in ('wai-sr-client', 'wai-sr-therapist', 'phq-9', 'gad-7') and ${RESPONSES}
),
figure as (
  select clinic_id, therapist_id, client_id, day, day as since_day,
         count(*)::int as wai_n, sum(headline_score) as overall_sum,
         sum((scores->'subscales'->'goal'->>'mean')::float8) as goal_sum,
         sum((scores->'subscales'->'task'->>'mean')::float8) as task_sum,
         sum((scores->'subscales'->'bond'->>'mean')::float8) as bond_sum,
         (count(*) filter (where headline_score < below_line))::int as below_n,
         0 as gap_sessions, null::float8 as gap_sum, 0 as ruptures, 0 as ruptures_acknowledged_within_7_days, 0 as ruptures_repaired, 0 as ruptures_unrepaired,
         null::timestamptz as phq9_last_at, null::float8 as phq9_last_score, null::timestamptz as gad7_last_at, null::float8 as gad7_last_score
  from response where instrument_key = 'wai-sr-client'
  group by clinic_id, therapist_id, client_id, day
  union all
  select clinic_id, therapist_id, client_id, max(day), min(day),
         0, null, null, null, null, 0,
         1, max(headline_score) filter (where instrument_key = 'wai-sr-client') - max(headline_score) filter (where instrument_key = 'wai-sr-therapist'),
         0, 0, 0, 0, null, null, null, null
  from response where instrument_key in ('wai-sr-client', 'wai-sr-therapist') and session_id is not null
  group by clinic_id, session_id, therapist_id, client_id
  having count(*) filter (where instrument_key = 'wai-sr-client') > 0 and count(*) filter (where instrument_key = 'wai-sr-therapist') > 0
  union all
  select * from (
    select distinct on (therapist_id, client_id, day, instrument_key) clinic_id, therapist_id, client_id, day, day,
           0, null::float8, null::float8, null::float8, null::float8, 0, 0, null::float8, 0, 0, 0, 0,
           case when instrument_key = 'phq-9' then submitted_at end, case when instrument_key = 'phq-9' then headline_score end,
           case when instrument_key = 'gad-7' then submitted_at end, case when instrument_key = 'gad-7' then headline_score end
    from response where instrument_key in ('phq-9', 'gad-7')
    order by therapist_id, client_id, day, instrument_key, submitted_at desc
  ) as last_of_day
  union all
  select a.clinic_id, a.therapist_id, a.client_id, (a.created_at at time zone clinic.time_zone)::date, (a.created_at at time zone clinic.time_zone)::date,
         0, null, null, null, null, 0, 0, null,
         count(*)::int,
         -- Milliseconds, as the app compares the instants it reads.
         (count(*) filter (where a.acknowledged_at is not null and date_trunc('milliseconds', a.acknowledged_at) - date_trunc('milliseconds', a.created_at) <= interval '7 days'))::int,
         (count(*) filter (where a.repaired_at is not null))::int,
         -- Unrepaired: three client measurements came after it without a repair.
         (count(*) filter (where a.repaired_at is null and (select count(*) from measure_responses later
            where later.client_id = a.client_id and later.instrument_key = 'wai-sr-client' and later.submitted_at > a.created_at) >= 3))::int,
         null, null, null, null
  from alerts a join clinic on clinic.clinic_id = a.clinic_id
  where a.kind = 'rupture' and ${ALERTS}
  group by a.clinic_id, a.therapist_id, a.client_id, (a.created_at at time zone clinic.time_zone)::date
)
select clinic_id, therapist_id, client_id, day, since_day,
       sum(wai_n)::int, sum(overall_sum), sum(goal_sum), sum(task_sum), sum(bond_sum), sum(below_n)::int,
       sum(gap_sessions)::int, sum(gap_sum), sum(ruptures)::int, sum(ruptures_acknowledged_within_7_days)::int, sum(ruptures_repaired)::int, sum(ruptures_unrepaired)::int,
       max(phq9_last_at), max(phq9_last_score), max(gad7_last_at), max(gad7_last_score)
from figure where ${DAYS}
group by clinic_id, therapist_id, client_id, day, since_day`;

/** The whole rollup from the raw tables (the migration's fill and `npm run rollup:rebuild`, after emptying it). */
export const SUPERVISION_ROLLUP_FILL_SQL = TEMPLATE.replace(RESPONSES, 'true').replace(ALERTS, 'true').replace(DAYS, 'true');

function scoped(responses: SQL, alertScope: SQL, days: SQL): SQL {
  const [head, afterResponses] = TEMPLATE.split(RESPONSES) as [string, string];
  const [middle, afterAlerts] = afterResponses.split(ALERTS) as [string, string];
  const [beforeDays, tail] = afterAlerts.split(DAYS) as [string, string];
  return sql.join([sql.raw(head), responses, sql.raw(middle), alertScope, sql.raw(beforeDays), days, sql.raw(tail)]);
}

type Executor = { execute: (query: SQL) => PromiseLike<unknown> };

/**
 * A rebuild waits for the per-client refreshes in flight and holds new ones back until it commits
 * (their DELETE and INSERT need ROW EXCLUSIVE, which conflicts), so none rewrites rows it did not see.
 */
async function lockRollup(tx: Executor): Promise<void> {
  await tx.execute(sql`lock table supervision_rollup in share row exclusive mode`);
}

/** Empties and refills the whole rollup (run in a transaction, so readers see the old or the new). */
export async function rebuildSupervisionRollup(db: Executor): Promise<void> {
  await lockRollup(db);
  await db.execute(sql`delete from supervision_rollup`);
  await db.execute(sql.raw(SUPERVISION_ROLLUP_FILL_SQL));
}

/** One clinic's rollup again (its low-alliance line changed). */
export async function rebuildClinicSupervisionRollup(tx: Executor, clinicId: string): Promise<void> {
  await lockRollup(tx);
  await tx.execute(sql`delete from supervision_rollup where clinic_id = ${clinicId}`);
  await tx.execute(scoped(sql`r.clinic_id = ${clinicId}`, sql`a.clinic_id = ${clinicId}`, sql`clinic_id = ${clinicId}`));
}

/** What a write touched: the instants of responses it stored, and their session (a rating pair's row is on its later day). */
export type RollupChange = { at?: readonly Date[]; sessionId?: string | null };

/**
 * Recomputes one client's rollup rows for the days a write may have changed: the days of the
 * change's instants (a response's submission), every day with a response of its session (the
 * session's rating pair is on the later of its days), and every day the client had a rupture raised
 * (a new measurement can make a rupture unrepaired; an acknowledgement or repair changes its day;
 * a re-raise may name another therapist). Whole days for every therapist are rewritten from the raw
 * tables, not incremented, so a refresh is exact whatever it follows. The caller holds the client's
 * alert lock (`alerts:<client>`), so two writers for one client refresh one after the other, each
 * seeing the other's committed rows.
 */
export async function refreshClientSupervisionRollup(tx: Executor, clinicId: string, clientId: string, change: RollupChange = {}): Promise<void> {
  const given = (change.at ?? []).map((at) => sql`((${at.toISOString()}::timestamptz at time zone c.time_zone)::date)`);
  const session = change.sessionId
    ? sql`union select (r.submitted_at at time zone c.time_zone)::date from measure_responses r join clinics c on c.id = r.clinic_id where r.client_id = ${clientId} and r.session_id = ${change.sessionId}`
    : sql``;
  const days = sql`(select d from clinics c cross join lateral (values ${sql.join(given.length > 0 ? given : [sql`(null::date)`], sql`, `)}) as given(d) where c.id = ${clinicId}
    ${session}
    union select (a.created_at at time zone c.time_zone)::date from alerts a join clinics c on c.id = a.clinic_id where a.client_id = ${clientId} and a.kind = 'rupture')`;
  await tx.execute(sql`delete from supervision_rollup where client_id = ${clientId} and day in ${days}`);
  await tx.execute(scoped(sql`r.client_id = ${clientId}`, sql`a.client_id = ${clientId}`, sql`client_id = ${clientId} and day in ${days}`));
}
