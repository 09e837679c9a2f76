import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '@/lib/data/errors';
import { exportClientFhirBundle, getResearchExportOverview, streamResearchExport, type ResearchExportType } from '@/lib/data/fhir';
import { submitResponse } from '@/lib/data/measures';
import { recordGoalAgreement } from '@/lib/data/plans';
import { pseudonymFor } from '@/lib/data/pseudonyms';
import { assignMeasure } from '@/lib/data/assignments';
import { importBundleResponses, importNdjsonResponses } from '@/lib/fhir/import';
import { GOAL_ACCEPTANCE_URL, type FhirGoal } from '@/lib/fhir/resources';
import { r4SchemaErrors } from '@/lib/fhir/test-helpers';
import type { ScoreResult } from '@/lib/instruments';
import { auditEvents, clinics, measureResponses, planGoals, planProblems } from '@/db/schema';
import { buildWorld, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsAddedBy } from './queries';

/*
 * Issue 14, items 3 and 4: one client's record as a FHIR R4 Bundle (the therapist; a supervisor of
 * the therapist, read-only; 404 for anyone else), and the clinic's de-identified research NDJSON
 * (admins), both through lib/data, audited, validating against the R4 schema and re-scoring the same.
 */

const phq9 = (values: number[], difficulty?: number) => ({
  ...Object.fromEntries(values.map((v, i) => [`phq9-${i + 1}`, v])),
  ...(difficulty === undefined ? {} : { 'phq9-10': difficulty }),
});
const wai = (v: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`wai-${i + 1}`, v]));
const gad7 = (v: number) => Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7-${i + 1}`, v]));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describeEachEngine('FHIR exports', (ctx) => {
  let world: World;
  let goalId: string;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    const t1 = world.actors.therapistA1;
    const c1 = world.clients.c1.id;
    // C1: a WAI-SR from the portal, a PHQ-9 on paper (with the difficulty item), a therapist-rated WAI-SR.
    await submitResponse(world.actors.clientC1, world.pendingClientForms.c1, { ...wai(4), 'wai-3': 5 });
    const phq = await assignMeasure(t1, c1, { instrumentKey: 'phq-9' });
    await submitResponse(t1, phq.id, phq9([1, 2, 0, 1, 0, 0, 3, 0, 1], 2), { source: 'paper' });
    await submitResponse(t1, world.hiddenC1Forms.therapistRated, wai(3));
    // C2 (therapist A2) and clinic B's client each answer too: neither may leak into another's export.
    await submitResponse(world.actors.clientC2, world.pendingClientForms.c2, phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]));
    await submitResponse(world.actors.clientCB, world.pendingClientForms.cB, gad7(2));
    // C1's active plan gets a goal the client agrees with.
    const [problem] = await ctx.db
      .insert(planProblems)
      .values({ clinicId: world.clinicA, planId: world.planC1.id, position: 1, description: `Sleep ${world.token}` })
      .returning({ id: planProblems.id });
    const [goal] = await ctx.db
      .insert(planGoals)
      .values({
        clinicId: world.clinicA,
        planId: world.planC1.id,
        problemId: problem!.id,
        position: 1,
        clientWords: 'Sleep through the night',
        status: 'in_progress',
      })
      .returning({ id: planGoals.id });
    goalId = goal!.id;
    await recordGoalAgreement(world.actors.clientC1, goalId, { agrees: true, comment: 'Yes, that one' });
  });

  describe('the client Bundle', () => {
    it('holds the Patient, the Questionnaires, every response with its score Observations and the plan; all valid R4', async () => {
      const { bundle, fileName } = await exportClientFhirBundle(world.actors.therapistA1, world.clients.c1.id);
      expect(fileName).toMatch(new RegExp(`^rapport-fhir-${world.clients.c1.id}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
      const ofType = (type: string) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
      expect(ofType('Patient')).toEqual([
        {
          resourceType: 'Patient',
          id: world.clients.c1.id,
          active: true,
          name: [{ family: world.clients.c1.lastName, given: [world.clients.c1.firstName] }],
          birthDate: world.clients.c1.dateOfBirth,
        },
      ]);
      expect(ofType('QuestionnaireResponse')).toHaveLength(3);
      expect(
        ofType('Questionnaire')
          .map((q) => q.id)
          .sort(),
      ).toEqual(['phq-9-1.0.0', 'wai-sr-client-1.0.0', 'wai-sr-therapist-1.0.0'].sort());
      expect(ofType('CodeSystem')).toHaveLength(1);
      // PHQ-9: one total; each WAI-SR: total, mean and three subscale means.
      expect(ofType('Observation')).toHaveLength(1 + 5 + 5);
      expect(ofType('CarePlan')).toEqual([expect.objectContaining({ id: world.planC1.id, status: 'active', title: world.planC1.title })]);
      const [goal] = ofType('Goal') as FhirGoal[];
      expect(goal).toMatchObject({
        id: goalId,
        lifecycleStatus: 'active',
        description: { text: 'Sleep through the night' },
        note: [expect.objectContaining({ text: 'Yes, that one' })],
      });
      expect(goal!.extension).toEqual([
        {
          url: GOAL_ACCEPTANCE_URL,
          extension: [
            { url: 'individual', valueReference: { reference: `Patient/${world.clients.c1.id}` } },
            { url: 'status', valueCode: 'agree' },
          ],
        },
      ]);
      // Nothing of another client.
      const text = JSON.stringify(bundle);
      for (const other of [world.clients.c2, world.clients.cB]) expect(text).not.toContain(other.id);
      expect(r4SchemaErrors(bundle)).toEqual([]);
      for (const { resource } of bundle.entry) expect(r4SchemaErrors(resource), `${resource.resourceType}/${resource.id}`).toEqual([]);
    }, 60_000);

    it('round trip: the responses re-imported and scored again give the stored scores', async () => {
      const { bundle } = await exportClientFhirBundle(world.actors.therapistA1, world.clients.c1.id);
      const stored = await ctx.db
        .select({ id: measureResponses.id, scores: measureResponses.scores })
        .from(measureResponses)
        .where(eq(measureResponses.clientId, world.clients.c1.id));
      const imported = importBundleResponses(JSON.parse(JSON.stringify(bundle)));
      expect(imported).toHaveLength(3);
      for (const r of imported) expect(r.scores, r.id).toEqual(stored.find((s) => s.id === r.id)!.scores as ScoreResult);
      expect(imported.find((r) => r.instrument.key === 'phq-9')!.answers['phq9-10']).toBe(2);
    });

    it('is audited with counts only, never clinical content', async () => {
      const who = world.actors.therapistA1;
      const events = await auditEventsAddedBy(ctx.db, who.userId, () => exportClientFhirBundle(who, world.clients.c1.id));
      expect(events).toEqual([
        expect.objectContaining({
          action: 'fhir.export.client',
          outcome: 'success',
          targetType: 'client',
          targetId: world.clients.c1.id,
          clientId: world.clients.c1.id,
          details: { responses: 3, plans: 1 },
        }),
      ]);
      const serialized = JSON.stringify(events);
      for (const marker of world.clinicalMarkers) expect(serialized).not.toContain(marker);
    });

    it("a supervisor of the client's therapist may export it (read-only); out of scope is a 404", async () => {
      const { bundle } = await exportClientFhirBundle(world.actors.supervisorA, world.clients.c1.id);
      expect(bundle.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse')).toHaveLength(3);
      const refusals: [keyof World['actors'], string][] = [
        ['supervisorA', world.clients.c2.id], // supervision of A2 has ended
        ['therapistA2', world.clients.c1.id],
        ['supervisorB', world.clients.c1.id],
        ['therapistB1', world.clients.c1.id],
        ['adminA', world.clients.c1.id],
        ['clientC1', world.clients.c1.id],
        ['therapistA1', 'not-a-uuid'],
      ];
      for (const [key, clientId] of refusals) await expect(exportClientFhirBundle(world.actors[key], clientId), key).rejects.toBeInstanceOf(NotFoundError);
      // The supervisor's route names the therapist: the client must be that therapist's.
      await expect(
        exportClientFhirBundle(world.actors.supervisorA, world.clients.c1.id, { underTherapist: world.users.therapistA1.userId }),
      ).resolves.toBeDefined();
      for (const underTherapist of [world.users.therapistA2.userId, 'nope']) {
        await expect(exportClientFhirBundle(world.actors.supervisorA, world.clients.c1.id, { underTherapist }), underTherapist).rejects.toBeInstanceOf(
          NotFoundError,
        );
      }
    });
  });

  describe('the clinic research export (NDJSON)', () => {
    const exportOf = async (type: ResearchExportType, pageSize?: number) =>
      readAll((await streamResearchExport(world.actors.adminA, type, pageSize ? { pageSize } : {})).body);
    const keyA = async () => (await ctx.db.select({ key: clinics.exportPseudonymKey }).from(clinics).where(eq(clinics.id, world.clinicA)))[0]!.key!;
    const lines = (ndjson: string) =>
      ndjson
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);

    it("holds the clinic's responses only, as keyed pseudonyms with months, and nothing that names anyone", async () => {
      const ndjson = await exportOf('QuestionnaireResponse');
      expect(ndjson.endsWith('\n')).toBe(true);
      const responses = lines(ndjson);
      const stored = await ctx.db
        .select({ id: measureResponses.id, clientId: measureResponses.clientId })
        .from(measureResponses)
        .where(eq(measureResponses.clinicId, world.clinicA));
      expect(responses).toHaveLength(stored.length);
      const key = await keyA();
      expect(new Set(responses.map((r) => (r.subject as { reference: string }).reference))).toEqual(
        new Set(stored.map((s) => `Patient/${pseudonymFor(key, 'C', s.clientId)}`)),
      );
      expect(new Set(responses.map((r) => r.id))).toEqual(new Set(stored.map((s) => pseudonymFor(key, 'R', s.id))));
      for (const r of responses) expect(r.authored).toMatch(/^\d{4}-\d{2}$/);
      for (const secret of [...world.clinicalMarkers, world.clients.c1.firstName, world.clients.c1.id, world.clients.cB.id, ...stored.map((s) => s.id)])
        expect(ndjson).not.toContain(secret);
      // Scores re-computed from the NDJSON answers equal the stored ones.
      expect(importNdjsonResponses(ndjson)).toHaveLength(stored.length);
    });

    it('Observations and Patients validate against the R4 schema; Patients are pseudonyms only', async () => {
      const observations = lines(await exportOf('Observation'));
      expect(observations.length).toBeGreaterThan(0);
      for (const o of observations) expect(r4SchemaErrors(o)).toEqual([]);
      expect(observations.some((o) => JSON.stringify(o.code).includes('44261-6'))).toBe(true);
      const patients = lines(await exportOf('Patient'));
      const key = await keyA();
      expect(patients).toContainEqual({ resourceType: 'Patient', id: pseudonymFor(key, 'C', world.clients.c1.id) });
      expect(patients.every((p) => Object.keys(p).sort().join() === 'id,resourceType')).toBe(true);
      expect(patients.map((p) => p.id)).not.toContain(pseudonymFor(key, 'C', world.clients.cB.id));
      for (const p of patients) expect(r4SchemaErrors(p)).toEqual([]);
    }, 60_000);

    it('pages by key: one row per page gives the same file as the default page', async () => {
      for (const type of ['QuestionnaireResponse', 'Observation', 'Patient'] as const) expect(await exportOf(type, 1), type).toBe(await exportOf(type));
    });

    it('clinic B sees only its own response, under its own key', async () => {
      const ndjson = await readAll((await streamResearchExport(world.actors.adminB, 'QuestionnaireResponse')).body);
      expect(lines(ndjson)).toHaveLength(1);
      expect(ndjson).not.toContain(pseudonymFor(await keyA(), 'C', world.clients.cB.id));
    });

    it('each download and the overview page are audited; other roles are refused (403)', async () => {
      const admin = world.actors.adminA;
      const events = await auditEventsAddedBy(ctx.db, admin.userId, async () => {
        await streamResearchExport(admin, 'Observation');
        await getResearchExportOverview(admin);
      });
      expect(events.map((e) => [e.action, e.outcome, e.details])).toEqual([
        ['research.export.fhir', 'success', { type: 'Observation', deidentified: true }],
        ['research.overview.read', 'success', null],
      ]);
      expect(await getResearchExportOverview(admin)).toMatchObject({ clients: 2, responses: 4 });
      for (const key of ['supervisorA', 'therapistA1', 'clientC1'] as const) {
        await expect(streamResearchExport(world.actors[key], 'Patient')).rejects.toBeInstanceOf(ForbiddenError);
      }
      const denied = await ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'research.export.fhir'), eq(auditEvents.outcome, 'denied'), eq(auditEvents.clinicId, world.clinicA)));
      expect(denied).toHaveLength(3);
    });
  });
});
