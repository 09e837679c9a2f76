import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { getClinicTimeZone } from '@/lib/data/clinic';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';
import { parseClinicDateTime } from '@/lib/time';
import {
  addSupervisionNote,
  exportSupervisorCsv,
  exportTherapistAlertsCsv,
  getSupervisedTherapist,
  getSupervisorComparison,
  listSupervisedTherapistClients,
  listSupervisionNotes,
  listTherapistAlerts,
} from '@/lib/data/supervisor';
import { dateRangeSchema } from '@/lib/validation/supervision';
import { DEMO_ACCOUNTS, seedDemoClinic } from '@/db/seed';
import { alerts, measureAssignments, measureResponses, users } from '@/db/schema';
import { createClient } from '@/lib/data/caseload';
import { closeAnalyticsDb, getAnalyticsDb, getDb } from '@/db/client';
import { rebuildClinicSupervisionRollup } from '@/db/supervision-rollup';
import { buildWorld, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * The supervisor's audit: scoped to supervised therapists, honest statistics on the demo clinic
 * (two therapists: no pooling, distinct wide intervals), de-identified exports, audited notes.
 */
const range = dateRangeSchema.parse({});

describeEachEngine('supervisor audit', (ctx) => {
  let world: World;
  let demoSupervisor: Actor;
  let demoTherapists: { id: string; name: string }[];

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    await seedDemoClinic(ctx.db);
    const rows = await ctx.db.select({ id: users.id, clinicId: users.clinicId, role: users.role, name: users.name, email: users.email }).from(users);
    const sup = rows.find((r) => r.email === DEMO_ACCOUNTS.supervisor)!;
    demoSupervisor = { userId: sup.id, clinicId: sup.clinicId, role: 'supervisor', name: sup.name };
    demoTherapists = rows.filter((r) => r.email === DEMO_ACCOUNTS.therapist || r.email === DEMO_ACCOUNTS.therapist2).map((r) => ({ id: r.id, name: r.name }));
  });

  it('compares the demo clinic’s two therapists with honest, distinct intervals (too few to pool)', async () => {
    const comparison = await getSupervisorComparison(demoSupervisor, range);
    expect(comparison.rows.map((r) => r.therapistId).sort()).toEqual(demoTherapists.map((t) => t.id).sort());
    expect(comparison.clinic.method).toMatch(/no-pooling/);
    for (const row of comparison.rows) {
      const a = row.alliance.overall;
      expect(a.n).toBeGreaterThanOrEqual(3);
      expect(a.rawMean).toBeGreaterThan(2.5);
      expect(a.lower!).toBeLessThanOrEqual(a.estimate!);
      expect(a.upper!).toBeGreaterThanOrEqual(a.estimate!);
      expect(a.upper! - a.lower!).toBeGreaterThan(0.05);
      expect(row.measures.due).toBeGreaterThan(0);
      expect(row.measures.rate).not.toBeNull();
    }
    const [a, b] = comparison.rows;
    expect(a!.alliance.overall).not.toEqual(b!.alliance.overall);
    expect(comparison.rows.reduce((n, r) => n + r.ruptures.detected, 0)).toBeGreaterThan(0);
  });

  it('aggregates in SQL exactly what the raw responses say: per-client means, share below the line, rating gap', async () => {
    const comparison = await getSupervisorComparison(demoSupervisor, range);
    const low = comparison.clinic.lowAlliance;
    const responses = await ctx.db
      .select({
        therapistId: measureResponses.therapistId,
        clientId: measureResponses.clientId,
        sessionId: measureResponses.sessionId,
        key: measureResponses.instrumentKey,
        score: measureResponses.headlineScore,
        at: measureResponses.submittedAt,
      })
      .from(measureResponses);
    // The range's clinic-local days as instants, as lib/data bounds them.
    const timeZone = await getClinicTimeZone(demoSupervisor);
    const start = parseClinicDateTime(`${range.from}T00:00`, timeZone).getTime();
    const end = parseClinicDateTime(`${new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00`, timeZone).getTime();
    const inRange = responses.filter((r) => r.at.getTime() >= start && r.at.getTime() < end);
    for (const row of comparison.rows) {
      const wai = inRange.filter((r) => r.therapistId === row.therapistId && r.key === 'wai-sr-client');
      expect(row.belowThreshold.n).toBe(wai.length);
      expect(row.belowThreshold.below).toBe(wai.filter((r) => r.score < low - 1e-9).length);
      const byClient = new Map<string, number[]>();
      for (const r of wai) byClient.set(r.clientId, [...(byClient.get(r.clientId) ?? []), r.score]);
      const clientMeans = [...byClient.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
      expect(row.alliance.overall.n).toBe(clientMeans.length);
      expect(row.alliance.overall.rawMean).toBeCloseTo(clientMeans.reduce((a, b) => a + b, 0) / clientMeans.length, 9);
      const sessions = new Map<string, { client?: number; therapist?: number }>();
      for (const r of inRange.filter((x) => x.therapistId === row.therapistId && x.sessionId && x.key.startsWith('wai-sr-'))) {
        const pair = sessions.get(r.sessionId!) ?? {};
        if (r.key === 'wai-sr-client') pair.client = r.score;
        else pair.therapist = r.score;
        sessions.set(r.sessionId!, pair);
      }
      const gaps = [...sessions.values()].filter((p) => p.client !== undefined && p.therapist !== undefined).map((p) => p.client! - p.therapist!);
      expect(gaps.length).toBeGreaterThan(0);
      expect(row.ratingGap.sessions).toBe(gaps.length);
      expect(row.ratingGap.meanGap).toBeCloseTo(gaps.reduce((a, b) => a + b, 0) / gaps.length, 9);
    }
  });

  it.runIf(ctx.engine === 'postgres')('reads the comparison from the read replica when DATABASE_REPLICA_URL is set', async () => {
    const fromPrimary = await getSupervisorComparison(demoSupervisor, range);
    const saved = { url: process.env.DATABASE_URL, replica: process.env.DATABASE_REPLICA_URL };
    // The test database stands in for a replica: same data, another connection pool.
    process.env.DATABASE_URL = ctx.url!;
    process.env.DATABASE_REPLICA_URL = ctx.url!;
    try {
      expect(getAnalyticsDb()).not.toBe(getDb());
      const fromReplica = await getSupervisorComparison(demoSupervisor, range);
      expect(fromReplica.rows).toEqual(fromPrimary.rows);
    } finally {
      await closeAnalyticsDb();
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      if (saved.replica === undefined) delete process.env.DATABASE_REPLICA_URL;
      else process.env.DATABASE_REPLICA_URL = saved.replica;
    }
    expect(getAnalyticsDb()).toBe(getDb());
  });

  it('shows only the therapists this supervisor supervises (ended supervisions and other clinics excluded)', async () => {
    const comparison = await getSupervisorComparison(world.actors.supervisorA, range);
    expect(comparison.rows.map((r) => r.therapistId)).toEqual([world.users.therapistA1.userId]);
    await expect(getSupervisedTherapist(world.actors.supervisorA, world.users.therapistA2.userId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSupervisedTherapist(world.actors.supervisorA, world.users.therapistB1.userId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listTherapistAlerts(world.actors.supervisorA, world.users.therapistA2.userId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addSupervisionNote(world.actors.supervisorA, world.users.therapistA2.userId, { note: 'not mine' })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listSupervisedTherapistClients(world.actors.supervisorA, world.users.therapistA1.userId)).map((c) => c.id)).toEqual([world.clients.c1.id]);
  });

  it('judges repair per client: a rupture is pending until its own client has three later measurements', async () => {
    // C1's rupture today; meanwhile another client of the same therapist has many later responses.
    const therapistId = world.users.therapistA1.userId;
    const [rupture] = await ctx.db
      .insert(alerts)
      .values({ clinicId: world.clinicA, clientId: world.clients.c1.id, therapistId, kind: 'rupture', severity: 'warning', rule: 'rupture_drop', details: {} })
      .returning({ id: alerts.id });
    const other = await createClient(world.actors.therapistA1, {
      firstName: 'Busy',
      lastName: 'Responder',
      preferredName: null,
      dateOfBirth: null,
      email: null,
      status: 'active',
    });
    for (let i = 0; i < 4; i++) {
      const [a] = await ctx.db
        .insert(measureAssignments)
        .values({
          clinicId: world.clinicA,
          clientId: other.id,
          therapistId,
          instrumentKey: 'wai-sr-client',
          respondent: 'client',
          status: 'completed',
          dueAt: new Date(),
          expiresAt: new Date(),
        })
        .returning({ id: measureAssignments.id });
      await ctx.db.insert(measureResponses).values({
        clinicId: world.clinicA,
        assignmentId: a!.id,
        clientId: other.id,
        therapistId,
        instrumentKey: 'wai-sr-client',
        instrumentVersion: '1.0.0',
        respondent: 'client',
        source: 'portal',
        answers: {},
        scores: { subscales: { goal: { mean: 4 }, task: { mean: 4 }, bond: { mean: 4 } } },
        headlineScore: 4,
        submittedAt: new Date(Date.now() + 1000 * (i + 1)),
      });
    }
    // Written around the app: the supervision rollup is computed from these rows as the app would have.
    await ctx.db.transaction((tx) => rebuildClinicSupervisionRollup(tx, world.clinicA));
    const row = (await getSupervisorComparison(world.actors.supervisorA, range)).rows.find((r) => r.therapistId === therapistId)!;
    expect(row.ruptures.detected).toBeGreaterThanOrEqual(1);
    // Pending is neither repaired nor unrepaired: no repair rate yet.
    expect(row.ruptures.repairRate).toBeNull();
    expect(rupture).toBeDefined();
  });

  it('refuses other roles', async () => {
    for (const actor of [world.actors.therapistA1, world.actors.adminA, world.actors.clientC1]) {
      await expect(getSupervisorComparison(actor, range)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getSupervisedTherapist(actor, world.users.therapistA1.userId)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('keeps audited supervision notes, on a therapist or one of their alerts', async () => {
    const therapistId = world.users.therapistA1.userId;
    await addSupervisionNote(world.actors.supervisorA, therapistId, { note: 'Discuss pacing in supervision.' });
    await addSupervisionNote(world.actors.supervisorA, therapistId, { note: 'Good repair.' }, world.alertC1);
    await expect(addSupervisionNote(world.actors.supervisorA, therapistId, { note: 'wrong alert' }, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    const notes = await listSupervisionNotes(world.actors.supervisorA, therapistId);
    expect(notes.map((n) => n.note).sort()).toEqual(['Discuss pacing in supervision.', 'Good repair.']);
  });

  it('exports the table and a de-identified alert history (pseudonyms, months, no notes)', async () => {
    const table = await exportSupervisorCsv(demoSupervisor, range);
    expect(table.split('\r\n')[0]).toContain('alliance_estimate');
    expect(table).toContain(demoTherapists[0]!.name);
    const therapistId = demoTherapists.find((t) => t.name === 'Sam Rivera')!.id;
    const alertsCsv = await exportTherapistAlertsCsv(demoSupervisor, therapistId);
    // The first line says what the file protects (keyed pseudonyms) and what it does not.
    const [note, ...lines] = alertsCsv.trim().split('\r\n');
    expect(note).toMatch(/^# Pseudonymised .* NOT anonymous/);
    expect(lines[0]).toBe('alert,client,kind,severity,rule,status,created_month,acknowledged_month,acknowledged_within_7_days,repaired,escalated');
    expect(lines.length).toBeGreaterThan(1);
    for (const name of ['Jordan', 'Taylor', 'Morgan', 'Casey', 'Brooks', 'Talked through']) expect(alertsCsv).not.toContain(name);
    expect(lines[1]).toMatch(/^A-[0-9a-f]{10},C-[0-9a-f]{10},/);
    expect(lines[1]).toMatch(/,\d{4}-\d{2},/);
    const identified = await exportTherapistAlertsCsv(demoSupervisor, therapistId, { identified: true });
    expect(identified).toMatch(/Taylor|Morgan|Casey/);
    // Exact times are the Demo Clinic's local time with the offset; the header names the zone.
    const [identifiedHeader, ...identifiedRows] = identified.trim().split('\r\n');
    expect(identifiedHeader).toContain(',created_at (Europe/London),acknowledged_at (Europe/London),');
    expect(identifiedRows[0]).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[01]:00,/);
    expect(identified).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS.therapist2));
    await expect(exportTherapistAlertsCsv(world.actors.supervisorA, row!.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
