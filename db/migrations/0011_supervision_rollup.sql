CREATE TABLE "supervision_rollup" (
	"clinic_id" uuid NOT NULL,
	"therapist_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"day" date NOT NULL,
	"since_day" date NOT NULL,
	"wai_n" integer DEFAULT 0 NOT NULL,
	"overall_sum" double precision,
	"goal_sum" double precision,
	"task_sum" double precision,
	"bond_sum" double precision,
	"below_n" integer DEFAULT 0 NOT NULL,
	"gap_sessions" integer DEFAULT 0 NOT NULL,
	"gap_sum" double precision,
	"ruptures" integer DEFAULT 0 NOT NULL,
	"ruptures_acknowledged_within_7_days" integer DEFAULT 0 NOT NULL,
	"ruptures_repaired" integer DEFAULT 0 NOT NULL,
	"ruptures_unrepaired" integer DEFAULT 0 NOT NULL,
	"phq9_last_at" timestamp with time zone,
	"phq9_last_score" double precision,
	"gad7_last_at" timestamp with time zone,
	"gad7_last_score" double precision,
	CONSTRAINT "supervision_rollup_pkey" PRIMARY KEY("therapist_id","day","client_id","since_day")
);
--> statement-breakpoint
ALTER TABLE "supervision_rollup" ADD CONSTRAINT "supervision_rollup_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_rollup" ADD CONSTRAINT "supervision_rollup_therapist_id_users_id_fk" FOREIGN KEY ("therapist_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_rollup" ADD CONSTRAINT "supervision_rollup_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_rollup_client_day_idx" ON "supervision_rollup" USING btree ("client_id","day");--> statement-breakpoint
-- The rollup of the existing data: db/supervision-rollup.ts, SUPERVISION_ROLLUP_FILL_SQL (a test keeps the two equal).
insert into supervision_rollup (clinic_id, therapist_id, client_id, day, since_day, wai_n, overall_sum, goal_sum, task_sum, bond_sum, below_n, gap_sessions, gap_sum, ruptures, ruptures_acknowledged_within_7_days, ruptures_repaired, ruptures_unrepaired, phq9_last_at, phq9_last_score, gad7_last_at, gad7_last_score)
with clinic as (
  select c.id as clinic_id, c.time_zone, coalesce((s.settings #>> '{alliance,lowAlliance}')::float8, 3.0::float8) - 1e-9::float8 as below_line
  from clinics c left join clinic_settings s on s.clinic_id = c.id
),
response as (
  select r.clinic_id, r.therapist_id, r.client_id, r.session_id, r.instrument_key, r.headline_score, r.scores, r.submitted_at,
         (r.submitted_at at time zone clinic.time_zone)::date as day, clinic.below_line
  from measure_responses r join clinic on clinic.clinic_id = r.clinic_id
  where r.instrument_key in ('wai-sr-client', 'wai-sr-therapist', 'phq-9', 'gad-7') and true
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
  where a.kind = 'rupture' and true
  group by a.clinic_id, a.therapist_id, a.client_id, (a.created_at at time zone clinic.time_zone)::date
)
select clinic_id, therapist_id, client_id, day, since_day,
       sum(wai_n)::int, sum(overall_sum), sum(goal_sum), sum(task_sum), sum(bond_sum), sum(below_n)::int,
       sum(gap_sessions)::int, sum(gap_sum), sum(ruptures)::int, sum(ruptures_acknowledged_within_7_days)::int, sum(ruptures_repaired)::int, sum(ruptures_unrepaired)::int,
       max(phq9_last_at), max(phq9_last_score), max(gad7_last_at), max(gad7_last_score)
from figure where true
group by clinic_id, therapist_id, client_id, day, since_day;