import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { requirePostgresUrl } from '@/scripts/bench/database';
import { benchClients, generateLargeClinic, sizesFor, type GenerateResult } from '@/scripts/bench/generate';
import { cloneTemplateDatabase, type OwnedDatabase } from './harness';

/*
 * The large-clinic generator (npm run seed:large) at tiny scales on PostgreSQL: sizes follow the
 * scale, the rows hang together, scores stay in range, and the same inputs give the same data.
 * PostgreSQL only (COPY, and the generator refuses PGlite).
 */
const NOW = new Date('2026-03-02T00:00:00Z');
const SMALL = 0.005;
const DOUBLE = 0.01;

type Run = { db: OwnedDatabase; sql: postgres.Sql; result: GenerateResult };

async function run(scale: number): Promise<Run> {
  const db = await cloneTemplateDatabase('postgres');
  const result = await generateLargeClinic({ url: db.url!, scale, now: NOW, seed: 7 });
  return { db, sql: postgres(db.url!, { max: 1, onnotice: () => {} }), result };
}

async function scalar(sql: postgres.Sql, text: string): Promise<number> {
  const [row] = await sql.unsafe<Record<string, number | string>[]>(text);
  return Number(Object.values(row ?? {})[0]);
}

async function checksum(sql: postgres.Sql, table: string, columns: string): Promise<string> {
  const [row] = await sql.unsafe<{ md5: string }[]>(`select md5(coalesce(string_agg(row(${columns})::text, '|' order by id), '')) as md5 from ${table}`);
  return row!.md5;
}

describe.skipIf(!inject('pgAdminUrl'))('seed:large generator [postgres]', () => {
  const runs: Run[] = [];
  let first: Run;
  let again: Run;
  let double: Run;

  beforeAll(async () => {
    first = await run(SMALL);
    runs.push(first);
    again = await run(SMALL);
    runs.push(again);
    double = await run(DOUBLE);
    runs.push(double);
  }, 180_000);

  afterAll(async () => {
    for (const r of runs) {
      await r.sql.end({ timeout: 5 });
      await r.db.dispose();
    }
  });

  it('refuses to run without a PostgreSQL DATABASE_URL (no PGlite)', () => {
    const saved = process.env.DATABASE_URL;
    try {
      delete process.env.DATABASE_URL;
      expect(() => requirePostgresUrl('seed:large')).toThrow(/needs PostgreSQL/);
      process.env.DATABASE_URL = './.data/pglite';
      expect(() => requirePostgresUrl('seed:large')).toThrow(/postgres/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('writes the sizes the scale asks for', async () => {
    for (const { sql, result } of [first, double]) {
      const sizes = result.sizes;
      expect(await scalar(sql, `select count(*) from users where role = 'therapist'`)).toBe(sizes.therapists);
      expect(await scalar(sql, `select count(*) from users where role = 'supervisor'`)).toBe(sizes.supervisors);
      expect(await scalar(sql, 'select count(*) from clients')).toBe(sizes.clients);
      const attended = await scalar(sql, `select count(*) from therapy_sessions where attendance = 'attended'`);
      expect(attended).toBeGreaterThan(sizes.attendedSessions * 0.9);
      expect(attended).toBeLessThan(sizes.attendedSessions * 1.1);
      // Four measures per attended session, a few missed or still open.
      const responses = await scalar(sql, 'select count(*) from measure_responses');
      expect(responses).toBeGreaterThan(attended * 3.6);
      expect(responses).toBeLessThanOrEqual(attended * 4);
      // The summary's counts are the rows in the tables.
      expect(result.counts.measure_responses).toBe(responses);
      expect(result.counts.therapy_sessions).toBe(await scalar(sql, 'select count(*) from therapy_sessions'));
      expect(await scalar(sql, 'select count(*) from alerts')).toBeGreaterThan(0);
    }
    // Twice the scale, about twice the data.
    const ratio = (await scalar(double.sql, 'select count(*) from measure_responses')) / (await scalar(first.sql, 'select count(*) from measure_responses'));
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });

  it('leaves no orphan or inconsistent rows', async () => {
    const { sql } = double;
    const zero = async (text: string) => expect(await scalar(sql, `select count(*) as n from (${text}) x`), text).toBe(0);
    // Each response: a completed assignment of the same client, instrument, session and therapist.
    await zero(`select 1 from measure_responses r join measure_assignments a on a.id = r.assignment_id
      where a.status <> 'completed' or a.client_id <> r.client_id or a.instrument_key <> r.instrument_key
         or a.session_id is distinct from r.session_id or a.therapist_id <> r.therapist_id or a.respondent <> r.respondent or a.clinic_id <> r.clinic_id`);
    // Exactly one response per completed assignment, none for the others.
    await zero(`select assignment_id from measure_responses group by assignment_id having count(*) > 1`);
    await zero(`select 1 from measure_assignments a where (a.status = 'completed') <> exists (select 1 from measure_responses r where r.assignment_id = a.id)`);
    // Sessions of a response: the same client, attended, before the submission.
    await zero(`select 1 from measure_responses r join therapy_sessions s on s.id = r.session_id
      where s.client_id <> r.client_id or s.attendance <> 'attended' or s.occurred_at > r.submitted_at or s.therapist_id <> r.therapist_id`);
    await zero(`select 1 from measure_responses where session_id is null`);
    // Alerts point at a response of their own client; one per cause.
    await zero(`select 1 from alerts a join measure_responses r on r.id = a.response_id where r.client_id <> a.client_id`);
    await zero(`select dedupe_key from alerts group by dedupe_key having count(*) > 1`);
    await zero(`select 1 from alerts where status = 'open' and acknowledged_at is not null or status = 'acknowledged' and acknowledged_at is null`);
    // People: therapists and portal users have the right roles, every therapist is supervised.
    await zero(`select 1 from clients c join users u on u.id = c.primary_therapist_id where u.role <> 'therapist' or u.clinic_id <> c.clinic_id`);
    await zero(`select 1 from clients c join users u on u.id = c.portal_user_id where u.role <> 'client'`);
    await zero(
      `select 1 from users t where t.role = 'therapist' and not exists (select 1 from supervision s join users v on v.id = s.supervisor_id and v.role = 'supervisor' where s.therapist_id = t.id and s.ended_at is null)`,
    );
    await zero(`select 1 from clients c where not exists (select 1 from caseload_history h where h.client_id = c.id)`);
    await zero(`select client_id from treatment_plans where status = 'active' group by client_id having count(*) > 1`);
    // Attended sessions are numbered 1..n per client.
    await zero(
      `select client_id from therapy_sessions where attendance = 'attended' group by client_id having max(session_number) <> count(*) or min(session_number) <> 1`,
    );
    await zero(`select 1 from clients where status = 'discharged' and discharged_at is null or status <> 'discharged' and discharged_at is not null`);
  });

  it('keeps every score in its instrument range, consistent with the stored scores', async () => {
    const { sql } = double;
    const ranges = await sql<{ instrument_key: string; lo: number; hi: number; n: number }[]>`
      select instrument_key, min(headline_score) as lo, max(headline_score) as hi, count(*)::int as n from measure_responses group by instrument_key`;
    const byKey = Object.fromEntries(ranges.map((r) => [r.instrument_key, r]));
    for (const key of ['wai-sr-client', 'wai-sr-therapist']) {
      expect(byKey[key]!.lo).toBeGreaterThanOrEqual(1);
      expect(byKey[key]!.hi).toBeLessThanOrEqual(5);
    }
    expect(byKey['phq-9']!.lo).toBeGreaterThanOrEqual(0);
    expect(byKey['phq-9']!.hi).toBeLessThanOrEqual(27);
    expect(byKey['gad-7']!.lo).toBeGreaterThanOrEqual(0);
    expect(byKey['gad-7']!.hi).toBeLessThanOrEqual(21);
    expect(
      await scalar(
        sql,
        `select count(*) from measure_responses where headline_score <> (case when instrument_key like 'wai-sr%' then (scores->>'mean')::float8 else (scores->>'total')::float8 end)`,
      ),
    ).toBe(0);
    // WAI-SR subscale means exist and stay on the 1–5 scale.
    expect(
      await scalar(
        sql,
        `select count(*) from measure_responses where instrument_key = 'wai-sr-client' and not (
           (scores->'subscales'->'goal'->>'mean')::float8 between 1 and 5 and (scores->'subscales'->'task'->>'mean')::float8 between 1 and 5 and (scores->'subscales'->'bond'->>'mean')::float8 between 1 and 5)`,
      ),
    ).toBe(0);
    // Realistic, not degenerate: an alliance mean around 3.5–4.2 and symptoms that improve on average.
    const [wai] = await sql<{ mean: number }[]>`select avg(headline_score) as mean from measure_responses where instrument_key = 'wai-sr-client'`;
    expect(wai!.mean).toBeGreaterThan(3.3);
    expect(wai!.mean).toBeLessThan(4.3);
  });

  it('creates the bench accounts: staff by number, portal clients with forms pending', async () => {
    const { sql } = first;
    expect(await scalar(sql, `select count(*) from users where email = 'therapist1@large.clinic' and role = 'therapist' and password_hash is not null`)).toBe(
      1,
    );
    expect(await scalar(sql, `select count(*) from users where email = 'supervisor1@large.clinic' and role = 'supervisor'`)).toBe(1);
    expect(await scalar(sql, `select count(*) from users where email = 'admin@large.clinic' and role = 'admin'`)).toBe(1);
    const withPending = await scalar(
      sql,
      `select count(distinct u.id) from users u join clients c on c.portal_user_id = u.id
       join measure_assignments a on a.client_id = c.id and a.status = 'pending' and a.respondent = 'client'
       where u.email ~ '^client[0-9]+@large\\.clinic$'`,
    );
    expect(withPending).toBeGreaterThanOrEqual(benchClients(sizesFor(SMALL).clients));
  });

  it('is deterministic: the same seed, scale and day give the same rows', async () => {
    expect(again.result.counts).toEqual(first.result.counts);
    for (const [table, columns] of [
      ['measure_responses', 'id, assignment_id, client_id, session_id, instrument_key, answers, scores, headline_score, submitted_at'],
      ['therapy_sessions', 'id, client_id, therapist_id, occurred_at, attendance, session_number'],
      ['alerts', 'id, client_id, response_id, kind, rule, details, status, created_at, acknowledged_at, repaired_at, escalated_at'],
      ['clients', 'id, first_name, last_name, status, primary_therapist_id, portal_user_id, intake_date'],
    ] as const) {
      expect(await checksum(again.sql, table, columns), table).toBe(await checksum(first.sql, table, columns));
    }
  });
});
