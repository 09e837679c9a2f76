import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { acknowledgeAlert } from '@/lib/data/alerts';
import { reassignClient } from '@/lib/data/admin';
import { submitResponse } from '@/lib/data/measures';
import { getClinicSettingsForAdmin, updateClinicSettings } from '@/lib/data/settings';
import { assignMeasure } from '@/lib/data/assignments';
import { getSupervisorComparison } from '@/lib/data/supervisor';
import { clinicSettingsFormSchema, settingsFormDefaults } from '@/lib/validation/settings';
import type { Database } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';
import { alerts, clinics, clinicSettings, measureAssignments, measureResponses, supervision, supervisionRollup, therapySessions } from '@/db/schema';
import { rebuildClinicSupervisionRollup, refreshClientSupervisionRollup, SUPERVISION_ROLLUP_FILL_SQL } from '@/db/supervision-rollup';
import { actorOf, buildWorld, insertClient, insertUser, uniqueToken, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { rawSupervisorComparison, type RawComparison } from './supervision-raw';

/*
 * Issue 16: the supervisor comparison read from the rollup gives the raw query's numbers. Random
 * histories (responses, rating pairs spanning days, outcomes, ruptures acknowledged around the
 * 7-day line, several therapists per client, clinics in zones with a DST change in the window) are
 * written row by row with the refresh the app runs after each write; then for random ranges the two
 * comparisons agree, and the kept rollup equals one rebuilt from scratch. Sums may differ in the
 * last bits (floating point added in another order), so numbers are compared to 1e-9.
 */

const DAY = 86_400_000;
/** The window: London and Auckland change clocks in it (29 March, 5 April 2026). */
const WINDOW_START = Date.UTC(2026, 2, 24);
const WINDOW_DAYS = 16;
const ZONES = ['UTC', 'Europe/London', 'Pacific/Auckland', 'America/Los_Angeles'] as const;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Deep equality with numbers equal to 1e-9 (relative above 1). */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) throw new Error(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (expected instanceof Date || actual instanceof Date) {
    expect(actual, path).toEqual(expected);
    return;
  }
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) expectClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: ${String(actual)} ≠ ${String(expected)}`);
}

/** What the rollup serves, beside the raw query's answer (the completion table comes from the assignments, not the rollup). */
async function rollupComparison(...args: Parameters<typeof getSupervisorComparison>): Promise<RawComparison> {
  const { completion: _completion, ...comparison } = await getSupervisorComparison(...args);
  return comparison;
}

const at = fc.integer({ min: 0, max: WINDOW_DAYS * DAY - 1 });
const waiScores = fc.record({
  total: fc.integer({ min: 12, max: 60 }),
  goal: fc.integer({ min: 4, max: 20 }),
  task: fc.integer({ min: 4, max: 20 }),
  bond: fc.integer({ min: 4, max: 20 }),
});
const therapistIndex = fc.integer({ min: 0, max: 3 });
const clientIndex = fc.integer({ min: 0, max: 3 });

const event = fc.oneof(
  // A session's client and therapist ratings, on the same day or days apart (or only one of them).
  fc.record({
    type: fc.constant('session' as const),
    client: clientIndex,
    therapist: therapistIndex,
    at,
    clientRating: fc.option(waiScores, { nil: undefined }),
    therapistRating: fc.option(
      fc.record({
        total: fc.integer({ min: 12, max: 60 }),
        after: fc.integer({ min: -3 * DAY, max: 3 * DAY }),
        otherTherapist: fc.boolean(),
      }),
      { nil: undefined },
    ),
  }),
  fc.record({
    type: fc.constant('wai' as const),
    client: clientIndex,
    therapist: therapistIndex,
    at,
    scores: waiScores,
  }),
  fc.record({
    type: fc.constant('outcome' as const),
    client: clientIndex,
    therapist: therapistIndex,
    at,
    key: fc.constantFrom('phq-9', 'gad-7'),
    score: fc.integer({ min: 0, max: 21 }),
  }),
  fc.record({
    type: fc.constant('alert' as const),
    client: clientIndex,
    therapist: therapistIndex,
    at,
    kind: fc.constantFrom('rupture' as const, 'rupture' as const, 'low_alliance' as const),
    // Acknowledged around the 7-day line (to the millisecond), or not at all.
    acknowledgedAfter: fc.option(fc.oneof(fc.integer({ min: -DAY, max: 10 * DAY }), fc.constantFrom(7 * DAY - 1, 7 * DAY, 7 * DAY + 1)), { nil: null }),
    repaired: fc.boolean(),
  }),
);

const history = fc.record({
  zone: fc.constantFrom(...ZONES),
  lowAlliance: fc.option(fc.constantFrom(2.5, 3, 3.5, 4), { nil: undefined }),
  events: fc.array(event, { minLength: 1, maxLength: 30 }),
  ranges: fc.array(fc.tuple(fc.integer({ min: -1, max: WINDOW_DAYS + 3 }), fc.integer({ min: 0, max: WINDOW_DAYS + 3 })), { minLength: 1, maxLength: 3 }),
});

type RollupSnapshot = Record<string, unknown>[];

async function rollupOf(db: Database, clinicId: string): Promise<RollupSnapshot> {
  const rows = await db
    .select()
    .from(supervisionRollup)
    .where(eq(supervisionRollup.clinicId, clinicId))
    .orderBy(asc(supervisionRollup.therapistId), asc(supervisionRollup.clientId), asc(supervisionRollup.day), asc(supervisionRollup.sinceDay));
  return rows;
}

describeEachEngine('supervision rollup', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  /** A clinic of its own per history: a supervisor of therapists 0–2 (2's supervision ended), therapist 3 unsupervised. */
  async function clinicFor(zone: string, lowAlliance: number | undefined) {
    const [clinic] = await ctx.db
      .insert(clinics)
      .values({ name: `Rollup ${uniqueToken()}`, timeZone: zone })
      .returning({ id: clinics.id });
    const clinicId = clinic!.id;
    await ctx.db.insert(clinicSettings).values({
      clinicId,
      settings: lowAlliance === undefined ? {} : { alliance: { lowAlliance } },
    });
    const supervisor = await insertUser(ctx.db, {
      clinicId,
      role: 'supervisor',
      name: 'Supervisor',
      passwordHash: null,
    });
    const therapists = [];
    for (const name of ['Therapist A', 'Therapist B', 'Therapist C', 'Therapist D'])
      therapists.push(
        await insertUser(ctx.db, {
          clinicId,
          role: 'therapist',
          name,
          passwordHash: null,
        }),
      );
    await ctx.db.insert(supervision).values([
      {
        clinicId,
        supervisorId: supervisor.userId,
        therapistId: therapists[0]!.userId,
      },
      {
        clinicId,
        supervisorId: supervisor.userId,
        therapistId: therapists[1]!.userId,
      },
      {
        clinicId,
        supervisorId: supervisor.userId,
        therapistId: therapists[2]!.userId,
        endedAt: new Date(WINDOW_START),
      },
    ]);
    const clientIds = [];
    for (let i = 0; i < 4; i++) {
      const token = uniqueToken();
      clientIds.push(
        (
          await insertClient(ctx.db, {
            clinicId,
            therapistId: therapists[i % 4]!.userId,
            portalUserId: null,
            firstName: 'Rollup',
            lastName: `Client${i}`,
            token,
          })
        ).id,
      );
    }
    return {
      clinicId,
      supervisor: actorOf(supervisor),
      therapistIds: therapists.map((t) => t.userId),
      clientIds,
    };
  }

  it('the migration fills the rollup with the rebuild’s own SQL', () => {
    const migration = readFileSync(join(migrationsFolder, '0011_supervision_rollup.sql'), 'utf8');
    expect(migration).toContain(`${SUPERVISION_ROLLUP_FILL_SQL};`);
  });

  it('gives the raw query’s numbers on random histories, and stays equal to a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ zone, lowAlliance, events, ranges }) => {
        const { clinicId, supervisor, therapistIds, clientIds } = await clinicFor(zone, lowAlliance);
        const respond = async (
          e: { client: number; therapist: number },
          key: string,
          atMs: number,
          headline: number,
          subscales: Record<string, { mean: number }> | undefined,
          sessionId: string | null,
        ) => {
          const clientId = clientIds[e.client]!;
          const therapistId = therapistIds[e.therapist]!;
          const submittedAt = new Date(WINDOW_START + atMs);
          const respondent = key === 'wai-sr-therapist' ? 'therapist' : 'client';
          const [assignment] = await ctx.db
            .insert(measureAssignments)
            .values({
              clinicId,
              clientId,
              therapistId,
              sessionId,
              instrumentKey: key,
              respondent,
              status: 'completed',
              dueAt: submittedAt,
              expiresAt: new Date(submittedAt.getTime() + 7 * DAY),
              completedAt: submittedAt,
            })
            .returning({ id: measureAssignments.id });
          await ctx.db.insert(measureResponses).values({
            clinicId,
            assignmentId: assignment!.id,
            clientId,
            therapistId,
            sessionId,
            instrumentKey: key,
            instrumentVersion: '1',
            respondent,
            source: respondent === 'therapist' ? 'therapist' : 'portal',
            answers: {},
            scores: subscales ? { mean: headline, subscales } : { total: headline },
            headlineScore: headline,
            submittedAt,
          });
          await ctx.db.transaction((tx) => refreshClientSupervisionRollup(tx, clinicId, clientId, { at: [submittedAt], sessionId }));
        };

        // Every instant distinct (its residue mod 64 is the event's): which of two PHQ-9s at the same
        // instant is "the latest" is arbitrary in the raw query too.
        const distinct = (ms: number, i: number, second = 0) => ms - (ms % 64) + 2 * i + second;
        for (const [i, drawn] of events.entries()) {
          const e = { ...drawn, at: distinct(drawn.at, i) };
          if (e.type === 'session') {
            const [session] = await ctx.db
              .insert(therapySessions)
              .values({
                clinicId,
                clientId: clientIds[e.client]!,
                therapistId: therapistIds[e.therapist]!,
                occurredAt: new Date(WINDOW_START + e.at),
                attendance: 'attended',
                sessionNumber: 1,
              })
              .returning({ id: therapySessions.id });
            if (e.clientRating) {
              const s = e.clientRating;
              await respond(
                e,
                'wai-sr-client',
                e.at,
                s.total / 12,
                {
                  goal: { mean: s.goal / 4 },
                  task: { mean: s.task / 4 },
                  bond: { mean: s.bond / 4 },
                },
                session!.id,
              );
            }
            if (e.therapistRating) {
              const r = e.therapistRating;
              // Now and then the therapist's rating names another therapist (reassigned in between): not a pair.
              const therapist = r.otherTherapist ? (e.therapist + 1) % 4 : e.therapist;
              await respond(
                { client: e.client, therapist },
                'wai-sr-therapist',
                distinct(Math.max(0, drawn.at + r.after), i, 1),
                r.total / 12,
                undefined,
                session!.id,
              );
            }
          } else if (e.type === 'wai') {
            await respond(
              e,
              'wai-sr-client',
              e.at,
              e.scores.total / 12,
              {
                goal: { mean: e.scores.goal / 4 },
                task: { mean: e.scores.task / 4 },
                bond: { mean: e.scores.bond / 4 },
              },
              null,
            );
          } else if (e.type === 'outcome') {
            await respond(e, e.key, e.at, e.score, undefined, null);
          } else {
            const createdAt = new Date(WINDOW_START + e.at);
            const clientId = clientIds[e.client]!;
            await ctx.db.insert(alerts).values({
              clinicId,
              clientId,
              therapistId: therapistIds[e.therapist]!,
              kind: e.kind,
              severity: 'warning',
              rule: e.kind,
              details: {},
              status: e.acknowledgedAfter === null ? 'open' : 'acknowledged',
              createdAt,
              acknowledgedAt: e.acknowledgedAfter === null ? null : new Date(createdAt.getTime() + e.acknowledgedAfter),
              repairedAt: e.repaired ? new Date(createdAt.getTime() + DAY) : null,
            });
            await ctx.db.transaction((tx) => refreshClientSupervisionRollup(tx, clinicId, clientId));
          }
        }

        for (const [a, b] of ranges) {
          const from = isoDay(WINDOW_START + Math.min(a, b) * DAY);
          const to = isoDay(WINDOW_START + Math.max(a, b) * DAY);
          const range = { from, to };
          expectClose(await rollupComparison(supervisor, range), await rawSupervisorComparison(supervisor, range));
        }

        const kept = await rollupOf(ctx.db, clinicId);
        await ctx.db.transaction((tx) => rebuildClinicSupervisionRollup(tx, clinicId));
        expectClose(kept, await rollupOf(ctx.db, clinicId));
      }),
      { numRuns: ctx.engine === 'pglite' ? 40 : 25 },
    );
  });

  it('is kept exact by submissions, the ruptures they raise, repair and acknowledgement', async () => {
    const therapist: Actor = world.actors.therapistA1;
    const token = uniqueToken();
    const portal = actorOf(
      await insertUser(ctx.db, {
        clinicId: world.clinicA,
        role: 'client',
        name: `Rollup ${token}`,
      }),
    );
    const client = await insertClient(ctx.db, {
      clinicId: world.clinicA,
      therapistId: therapist.userId,
      portalUserId: portal.userId,
      firstName: 'Rollup',
      lastName: 'Client',
      token,
    });
    const submit = async (key: 'wai-sr-client' | 'phq-9', answers: Record<string, number>, by: Actor = therapist) =>
      submitResponse(portal, (await assignMeasure(by, client.id, { instrumentKey: key })).id, answers);

    // A rupture (54 → 24), three more measurements without getting back (unrepaired), a second
    // rupture repaired by the next measurement, outcomes either side.
    await submit('phq-9', phq(14));
    for (const total of [54, 24, 30, 30, 30, 54, 20, 54]) await submit('wai-sr-client', waiWithTotal(total));
    await submit('phq-9', phq(6));
    const ruptures = await ctx.db.select().from(alerts).where(eq(alerts.clientId, client.id));
    expect(ruptures.filter((a) => a.kind === 'rupture').length).toBeGreaterThan(0);
    await acknowledgeAlert(therapist, ruptures.find((a) => a.kind === 'rupture')!.id, { note: 'Talked about the last session.' });

    const kept = await rollupOf(ctx.db, world.clinicA);
    await ctx.db.transaction((tx) => rebuildClinicSupervisionRollup(tx, world.clinicA));
    expectClose(kept, await rollupOf(ctx.db, world.clinicA));
    const mine = kept.filter((r) => r.clientId === client.id);
    expect(mine.reduce((n, r) => n + (r.waiN as number), 0)).toBe(8);
    expect(mine.reduce((n, r) => n + (r.ruptures as number), 0)).toBeGreaterThan(0);
    expect(mine.reduce((n, r) => n + (r.rupturesAcknowledgedWithin7Days as number), 0)).toBeGreaterThan(0);

    const today = new Date().toISOString().slice(0, 10);
    const range = { from: isoDay(Date.now() - 30 * DAY), to: today };
    expectClose(await rollupComparison(world.actors.supervisorA, range), await rawSupervisorComparison(world.actors.supervisorA, range));

    // Reassigned: the rows stay with the therapist of the time; the new therapist's come from here on.
    const before = await rollupOf(ctx.db, world.clinicA);
    await reassignClient(world.actors.adminA, client.id, {
      therapistId: world.users.therapistA2.userId,
      reason: 'Caseload balance',
    });
    expectClose(await rollupOf(ctx.db, world.clinicA), before);
    const after = await submit('wai-sr-client', waiWithTotal(40), world.actors.therapistA2);
    expect(after.alreadySubmitted).toBe(false);
    const moved = (await rollupOf(ctx.db, world.clinicA)).filter((r) => r.clientId === client.id);
    expect(moved.filter((r) => r.therapistId === therapist.userId).reduce((n, r) => n + (r.waiN as number), 0)).toBe(8);
    expect(moved.filter((r) => r.therapistId === world.users.therapistA2.userId).reduce((n, r) => n + (r.waiN as number), 0)).toBe(1);
  });

  it('counts below the clinic’s new low-alliance line as soon as it is saved', async () => {
    const admin = world.actors.adminA;
    const view = await getClinicSettingsForAdmin(admin);
    const form = settingsFormDefaults(view.settings);
    await updateClinicSettings(
      admin,
      clinicSettingsFormSchema.parse({
        ...form,
        alliance: { ...form.alliance, lowAlliance: 3.75 },
      }),
      view.version,
    );
    const kept = await rollupOf(ctx.db, world.clinicA);
    await ctx.db.transaction((tx) => rebuildClinicSupervisionRollup(tx, world.clinicA));
    expectClose(kept, await rollupOf(ctx.db, world.clinicA));
    const range = {
      from: isoDay(Date.now() - 30 * DAY),
      to: new Date().toISOString().slice(0, 10),
    };
    const comparison = await rollupComparison(world.actors.supervisorA, range);
    expect(comparison.clinic.lowAlliance).toBe(3.75);
    expectClose(comparison, await rawSupervisorComparison(world.actors.supervisorA, range));
  });
});

/** WAI-SR answers with the given total (12–60). */
function waiWithTotal(total: number): Record<string, number> {
  const base = Math.floor(total / 12);
  const extra = total - base * 12;
  return Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, base + (i < extra ? 1 : 0)]));
}

/** PHQ-9 answers with the given total of items 1–8 (0–24) and no risk answer. */
function phq(total: number): Record<string, number> {
  const answers: Record<string, number> = { 'phq9-9': 0 };
  let left = total;
  for (let i = 1; i <= 8; i++) {
    answers[`phq9-${i}`] = Math.min(3, left);
    left -= answers[`phq9-${i}`]!;
  }
  return answers;
}
