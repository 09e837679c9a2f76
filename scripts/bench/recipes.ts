import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Actor } from '@/lib/authz/policy';
import { loadActor, type LoadedActor } from '@/lib/data/actor';
import { listAlertInbox, listClientAlerts, listMyNotifications } from '@/lib/data/alerts';
import { getClientProfile } from '@/lib/data/clients';
import { getClinicOutcomeRules, getClinicTimeZone } from '@/lib/data/clinic';
import { listCaseloadPage } from '@/lib/data/caseload';
import { getResponseForm, submitResponse } from '@/lib/data/measures';
import { listClientResponses, listClientScoreSeries, listOpenAssignments } from '@/lib/data/responses';
import { listClientPlans, listPlanReviewDates } from '@/lib/data/plans';
import { listClientSessions } from '@/lib/data/sessions';
import { getSupervisorComparison } from '@/lib/data/supervisor';
import { getInstrument, type Instrument } from '@/lib/instruments';
import { caseloadQuerySchema } from '@/lib/validation/caseload';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { preparingClient, setDatabase, type Database } from '@/db/client';
import * as schema from '@/db/schema';
import { percentile, runWorkers } from './load';

/*
 * "Page DB time" and "the limit": each page's lib/data calls run here, in the bench process, on a
 * drizzle handle whose logger records every statement (SQL text and parameters). The same
 * statements are then sent raw through postgres.js on the same connection pool, prepared (the
 * limit) and unprepared (what drizzle sends today: it only prepares queries built with .prepare()).
 *
 * The recipes mirror the app's pages (app/…/page.tsx): keep them in step when a page changes.
 */

export type Statement = { sql: string; params: unknown[] };
export type SessionClaims = { userId: string; clinicId: string; sessionVersion: number; sessionId: string };

export type DataHarness = { client: postgres.Sql; capture<T>(run: () => Promise<T>): Promise<{ result: T; statements: Statement[] }>; close(): Promise<void> };

/** Installs a capturing drizzle handle as the process database (lib/data's getDb()). */
export function installDataHarness(url: string, poolSize = 25): DataHarness {
  const client = postgres(url, { max: poolSize, onnotice: () => {}, connection: { application_name: 'rapport-bench' } });
  let sink: Statement[] | null = null;
  // The app's own client setup (db/client.ts): every statement prepared.
  const db = drizzle(preparingClient(client), {
    schema,
    casing: 'snake_case',
    logger: {
      logQuery(query: string, params: unknown[]) {
        sink?.push({ sql: query, params: [...params] });
      },
    },
  }) as unknown as Database;
  setDatabase({ db, engine: 'postgres', exec: async (text) => void (await client.unsafe(text)), close: () => client.end({ timeout: 5 }) });
  return {
    client,
    async capture(run) {
      sink = [];
      try {
        const result = await run();
        return { result, statements: sink };
      } finally {
        sink = null;
      }
    },
    async close() {
      setDatabase(undefined);
      await client.end({ timeout: 5 });
    },
  };
}

export type RecipeContext = { claims: SessionClaims; clientId?: string; assignmentId?: string; rangeDays?: number };
export type Recipe = { key: string; label: string; path: (ctx: RecipeContext) => string; run: (ctx: RecipeContext) => Promise<unknown> };

async function actorOf(claims: SessionClaims): Promise<LoadedActor> {
  const actor = await loadActor(claims);
  if (!actor) throw new Error(`loadActor refused ${claims.userId} (session ${claims.sessionId})`);
  return actor;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export function lastDays(days: number): { from: string; to: string } {
  const to = new Date();
  return { from: isoDay(new Date(to.getTime() - (days - 1) * 86_400_000)), to: isoDay(to) };
}

/** What each page asks lib/data for (after proxy.ts and Auth.js have read the cookie). */
export const RECIPES: Recipe[] = [
  {
    key: 'therapist-home',
    label: 'therapist home',
    path: () => '/therapist',
    // app/therapist/page.tsx (+ the area layout's requireAreaActor, cached per request)
    run: async ({ claims }) => {
      const actor = await actorOf(claims);
      return [
        await listCaseloadPage(actor, caseloadQuerySchema.parse({})),
        await listAlertInbox(actor),
        await listMyNotifications(actor),
        await getClinicTimeZone(actor),
      ];
    },
  },
  {
    key: 'client-record',
    label: 'client record',
    path: ({ clientId }) => `/therapist/clients/${clientId}`,
    // app/therapist/clients/[clientId]/page.tsx (first page of each list)
    run: async ({ claims, clientId }) => {
      const actor = await actorOf(claims);
      const client = await getClientProfile(actor, clientId!);
      return [
        client,
        await listClientAlerts(actor, client.id),
        await listClientSessions(actor, client.id),
        await listOpenAssignments(actor, client.id),
        await listClientResponses(actor, client.id),
        await listClientScoreSeries(actor, client.id),
        await listClientPlans(actor, client.id),
        await listPlanReviewDates(actor, client.id),
        await getClinicTimeZone(actor),
        await getClinicOutcomeRules(actor),
      ];
    },
  },
  {
    key: 'supervisor-home',
    label: 'supervisor home',
    path: () => '/supervisor',
    // app/supervisor/page.tsx (default range: the last 90 days)
    run: async ({ claims }) => {
      const actor = await actorOf(claims);
      return [await getSupervisorComparison(actor, dateRangeSchema.parse({})), await listAlertInbox(actor)];
    },
  },
  {
    key: 'portal-form',
    label: 'portal form',
    path: ({ assignmentId }) => `/portal/forms/${assignmentId}`,
    // app/portal/forms/[assignmentId]/page.tsx
    run: async ({ claims, assignmentId }) => {
      const actor = await actorOf(claims);
      return getResponseForm(actor, assignmentId!);
    },
  },
];

/** lib/data functions worth timing on their own: DB time only. */
export const DATA_ONLY_RECIPES: Recipe[] = [
  {
    // A supervisor's year-long comparison: the aggregate over ~4× the page's default range.
    key: 'supervisor-comparison-365d',
    label: 'getSupervisorComparison (365 d)',
    path: () => '(lib/data)',
    run: async ({ claims, rangeDays }) => getSupervisorComparison(await actorOf(claims), lastDays(rangeDays ?? 365)),
  },
];

export type DbTiming = {
  statements: number;
  /** Median ms of the recipe through lib/data + drizzle, statements one after another. */
  drizzleMs: number;
  /** Median ms of the same statements sent raw, prepared (the limit) and unprepared. */
  rawPreparedMs: number;
  rawUnpreparedMs: number;
  ratio: number;
  sql: Statement[];
};

async function median(iterations: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

export async function timeRecipe(harness: DataHarness, recipe: Recipe, ctx: RecipeContext, iterations = 25): Promise<DbTiming> {
  const { statements } = await harness.capture(() => recipe.run(ctx));
  for (let i = 0; i < 3; i++) await recipe.run(ctx);
  const drizzleMs = await median(iterations, () => recipe.run(ctx));
  const replay = (prepare: boolean) => async () => {
    for (const s of statements) await harness.client.unsafe(s.sql, s.params as postgres.ParameterOrJSON<never>[], { prepare });
  };
  for (let i = 0; i < 3; i++) await replay(true)();
  const rawPreparedMs = await median(iterations, replay(true));
  const rawUnpreparedMs = await median(iterations, replay(false));
  return { statements: statements.length, drizzleMs, rawPreparedMs, rawUnpreparedMs, ratio: drizzleMs / rawPreparedMs, sql: statements };
}

/** Valid, unremarkable answers for a form (no risk item, mid-range scores). */
export function typicalAnswers(instrument: Instrument): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const item of instrument.items) {
    if (item.risk) answers[item.id] = 0;
    else if (!item.scored) answers[item.id] = 1;
    else answers[item.id] = instrument.scoreKind === 'mean' ? 4 : 1;
  }
  return answers;
}

export type PortalUser = { userId: string; clinicId: string; clientId: string; therapistId: string; name: string };

/**
 * Form submission through lib/data's submitResponse (the server action's own code path, minus the
 * HTTP and React parts), at `concurrency` parallel submitters, on assignments created here first.
 */
export async function benchSubmissions(harness: DataHarness, users: PortalUser[], concurrency: number, durationS: number, budget: number) {
  const keys = ['wai-sr-client', 'phq-9', 'gad-7'] as const;
  const dueAt = new Date();
  const expiresAt = new Date(dueAt.getTime() + 7 * 86_400_000);
  const rows = Array.from({ length: budget }, (_, i) => {
    const user = users[i % users.length]!;
    return {
      clinic_id: user.clinicId,
      client_id: user.clientId,
      therapist_id: user.therapistId,
      instrument_key: keys[i % keys.length]!,
      respondent: 'client',
      status: 'pending',
      due_at: dueAt,
      expires_at: expiresAt,
    };
  });
  const created: { id: string; client_id: string; instrument_key: string }[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    created.push(
      ...(await harness.client.unsafe<{ id: string; client_id: string; instrument_key: string }[]>(
        `insert into measure_assignments (clinic_id, client_id, therapist_id, instrument_key, respondent, status, due_at, expires_at)
         select x.clinic_id, x.client_id, x.therapist_id, x.instrument_key, x.respondent::respondent, x.status::assignment_status, x.due_at, x.expires_at
         from jsonb_to_recordset($1::jsonb) as x(clinic_id uuid, client_id uuid, therapist_id uuid, instrument_key text, respondent text, status text, due_at timestamptz, expires_at timestamptz)
         returning id, client_id, instrument_key`,
        [JSON.stringify(rows.slice(i, i + 1000))],
      )),
    );
  }
  const byClient = new Map(users.map((u) => [u.clientId, u]));
  let index = 0;
  const actors = new Map<string, Actor>(users.map((u) => [u.userId, { userId: u.userId, clinicId: u.clinicId, role: 'client', name: u.name }]));
  const { stats, exhausted, errorSamples } = await runWorkers(
    concurrency,
    durationS,
    () => created[index++],
    async (assignment) => {
      const user = byClient.get(assignment.client_id)!;
      const result = await submitResponse(actors.get(user.userId)!, assignment.id, typicalAnswers(getInstrument(assignment.instrument_key)));
      if (result.alreadySubmitted) throw new Error('already submitted');
    },
  );
  // Leave nothing pending behind: assignments the run did not reach are cancelled.
  const unused = created.slice(index).map((c) => c.id);
  for (let i = 0; i < unused.length; i += 5000) {
    await harness.client`update measure_assignments set status = 'cancelled' where id in ${harness.client(unused.slice(i, i + 5000))}`;
  }
  return { stats, exhausted, errorSamples, submitted: stats.requests };
}
