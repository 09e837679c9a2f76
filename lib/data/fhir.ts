import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import {
  buildClientBundle,
  buildPatient,
  buildQuestionnaireResponse,
  buildScoreObservations,
  refTo,
  type FhirBundle,
  type PlanInput,
  type ResponseInput,
} from '@/lib/fhir/resources';
import type { ScoreResult } from '@/lib/instruments';
import { getAnalyticsDb, getDb } from '@/db/client';
import { clients, measureResponses, planGoalAcknowledgements, planGoals, planInterventions, planObjectives, planProblems, treatmentPlans } from '@/db/schema';
import { refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { isUuid } from './clients';
import { exportPseudonyms } from './pseudonyms';
import { clientsInScope } from './scope';

/*
 * FHIR R4 exports. One client's record as a collection Bundle for the people who may read it (the
 * client's therapist; a supervisor of that therapist, read-only), and the clinic's responses as
 * Bulk Data style NDJSON for research and quality work (admins, de-identified: keyed pseudonyms,
 * dates to the month, no names), streamed page by page so memory stays flat however many rows.
 */

export type ClientFhirExport = { fileName: string; bundle: FhirBundle };

/**
 * The client's Patient, every stored response with its scores, and every treatment plan, as one Bundle.
 * `underTherapist` (the supervisor's route) also requires the client to be that therapist's, as the record page does.
 */
export async function exportClientFhirBundle(actor: Actor, clientId: string, { underTherapist }: { underTherapist?: string } = {}): Promise<ClientFhirExport> {
  const attempt = { action: 'fhir.export.client', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'measure:read', attempt, { notFound: 'client' });
  await requirePermission(actor, 'plan:read-history', attempt, { notFound: 'client' });
  if (underTherapist !== undefined && !isUuid(underTherapist)) return refuseOutOfScope(actor, attempt, 'client');
  const db = getDb();
  const [client] = await db
    .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName, dateOfBirth: clients.dateOfBirth, status: clients.status })
    .from(clients)
    .where(
      and(
        eq(clients.id, clientId),
        clientsInScope(actor, 'measure:read'),
        clientsInScope(actor, 'plan:read-history'),
        underTherapist === undefined ? undefined : eq(clients.primaryTherapistId, underTherapist),
      ),
    )
    .limit(1);
  if (!client) return refuseOutOfScope(actor, attempt, 'client');

  const responses = await db
    .select({
      id: measureResponses.id,
      instrumentKey: measureResponses.instrumentKey,
      instrumentVersion: measureResponses.instrumentVersion,
      respondent: measureResponses.respondent,
      submittedAt: measureResponses.submittedAt,
      answers: measureResponses.answers,
      scores: measureResponses.scores,
    })
    .from(measureResponses)
    .where(and(eq(measureResponses.clientId, client.id), eq(measureResponses.clinicId, actor.clinicId)))
    .orderBy(asc(measureResponses.submittedAt), asc(measureResponses.id));
  const plans = await plansOf(client.id, actor.clinicId);

  await writeAudit(db, actor, {
    action: 'fhir.export.client',
    outcome: 'success',
    targetType: 'client',
    targetId: client.id,
    clientId: client.id,
    details: { responses: responses.length, plans: plans.length },
  });
  const bundle = buildClientBundle({
    bundleId: randomUUID(),
    generatedAt: new Date(),
    patient: { id: client.id, firstName: client.firstName, lastName: client.lastName, dateOfBirth: client.dateOfBirth, active: client.status !== 'discharged' },
    responses: responses.map((r): ResponseInput => ({ ...r, answers: r.answers as Record<string, number>, scores: r.scores as ScoreResult })),
    plans,
  });
  return { fileName: `rapport-fhir-${client.id}-${new Date().toISOString().slice(0, 10)}.json`, bundle };
}

/** Every plan of a client with its problems, goals (and the client's agreement), objectives and interventions; five queries in all. */
async function plansOf(clientId: string, clinicId: string): Promise<PlanInput[]> {
  const db = getDb();
  const plans = await db
    .select({
      id: treatmentPlans.id,
      status: treatmentPlans.status,
      title: treatmentPlans.title,
      presentingProblem: treatmentPlans.presentingProblem,
      startDate: treatmentPlans.startDate,
    })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.clientId, clientId), eq(treatmentPlans.clinicId, clinicId)))
    .orderBy(asc(treatmentPlans.createdAt), asc(treatmentPlans.id));
  if (plans.length === 0) return [];
  const planIds = plans.map((p) => p.id);
  const problems = await db
    .select({ id: planProblems.id, planId: planProblems.planId, description: planProblems.description })
    .from(planProblems)
    .where(inArray(planProblems.planId, planIds))
    .orderBy(asc(planProblems.position));
  const goals = await db
    .select({
      id: planGoals.id,
      planId: planGoals.planId,
      problemId: planGoals.problemId,
      clientWords: planGoals.clientWords,
      targetDate: planGoals.targetDate,
      status: planGoals.status,
    })
    .from(planGoals)
    .where(inArray(planGoals.planId, planIds))
    .orderBy(asc(planGoals.position));
  const goalIds = goals.map((g) => g.id);
  const objectives = goalIds.length
    ? await db
        .select({ goalId: planObjectives.goalId, description: planObjectives.description, target: planObjectives.target })
        .from(planObjectives)
        .where(inArray(planObjectives.goalId, goalIds))
        .orderBy(asc(planObjectives.position))
    : [];
  const interventions = goalIds.length
    ? await db
        .select({
          goalId: planInterventions.goalId,
          modality: planInterventions.modality,
          frequency: planInterventions.frequency,
          provider: planInterventions.provider,
        })
        .from(planInterventions)
        .where(inArray(planInterventions.goalId, goalIds))
        .orderBy(asc(planInterventions.position))
    : [];
  const agreements = goalIds.length
    ? await db
        .select({
          goalId: planGoalAcknowledgements.goalId,
          wording: planGoalAcknowledgements.goalWording,
          agrees: planGoalAcknowledgements.agrees,
          comment: planGoalAcknowledgements.comment,
          at: planGoalAcknowledgements.createdAt,
        })
        .from(planGoalAcknowledgements)
        .where(inArray(planGoalAcknowledgements.goalId, goalIds))
        .orderBy(desc(planGoalAcknowledgements.createdAt))
    : [];
  const goalOf = (goal: (typeof goals)[number]): PlanInput['problems'][number]['goals'][number] => {
    // The latest agreement with the goal's current wording (an agreement to older wording no longer counts, as in the app).
    const latest = agreements.find((a) => a.goalId === goal.id && a.wording === goal.clientWords);
    return {
      id: goal.id,
      clientWords: goal.clientWords,
      targetDate: goal.targetDate,
      status: goal.status,
      objectives: objectives.filter((o) => o.goalId === goal.id),
      interventions: interventions.filter((i) => i.goalId === goal.id),
      agreement: latest ? { agrees: latest.agrees, comment: latest.comment, at: latest.at } : null,
    };
  };
  return plans.map((plan) => ({
    ...plan,
    problems: problems
      .filter((p) => p.planId === plan.id)
      .map((p) => ({ description: p.description, goals: goals.filter((g) => g.problemId === p.id).map(goalOf) })),
  }));
}

// ---------------------------------------------------------------------------------------------
// Clinic research export (Bulk Data style NDJSON)

export const RESEARCH_EXPORT_TYPES = ['Patient', 'QuestionnaireResponse', 'Observation'] as const;
export type ResearchExportType = (typeof RESEARCH_EXPORT_TYPES)[number];
export const RESEARCH_EXPORT_PAGE_SIZE = 500;

export function isResearchExportType(value: string): value is ResearchExportType {
  return (RESEARCH_EXPORT_TYPES as readonly string[]).includes(value);
}

export type ResearchExportOverview = { clients: number; responses: number; pageSize: number };

/** What the research export would hold (counts only), for the admin page that lists its files. */
export async function getResearchExportOverview(actor: Actor): Promise<ResearchExportOverview> {
  await requirePermission(actor, 'research:export', { action: 'research.overview.read' });
  const db = getAnalyticsDb();
  const count = sql<number>`count(*)::int`;
  const [clientCount] = await db.select({ n: count }).from(clients).where(eq(clients.clinicId, actor.clinicId));
  const [responseCount] = await db.select({ n: count }).from(measureResponses).where(eq(measureResponses.clinicId, actor.clinicId));
  await auditRead(getDb(), actor, { action: 'research.overview.read', outcome: 'success' });
  return { clients: clientCount?.n ?? 0, responses: responseCount?.n ?? 0, pageSize: RESEARCH_EXPORT_PAGE_SIZE };
}

/** A de-identified NDJSON file being streamed: what to call it, and its lines (one resource each). */
export type ResearchExportStream = { fileName: string; body: ReadableStream<Uint8Array> };

/**
 * One resource type of the clinic's research export as an NDJSON stream. Admins only (research:export).
 * Rows are read in keyset pages of `pageSize` by id, one page per pull, so memory is one page
 * whatever the clinic's size; a consumer that stops reading stops the queries. Identifiers are keyed
 * pseudonyms (clients 'C', as in the other de-identified exports; responses 'R'), dates the month.
 */
export async function streamResearchExport(
  actor: Actor,
  type: ResearchExportType,
  { pageSize = RESEARCH_EXPORT_PAGE_SIZE } = {},
): Promise<ResearchExportStream> {
  await requirePermission(actor, 'research:export', { action: 'research.export.fhir' });
  const pseudonym = await exportPseudonyms(getDb(), actor.clinicId);
  await writeAudit(getDb(), actor, { action: 'research.export.fhir', outcome: 'success', details: { type, deidentified: true } });
  const clinicId = actor.clinicId;
  const size = Math.max(1, Math.min(5000, Math.trunc(pageSize) || RESEARCH_EXPORT_PAGE_SIZE));
  const db = getAnalyticsDb();
  const encoder = new TextEncoder();
  let after: string | null = null;

  const nextPage = async (): Promise<string[] | null> => {
    if (type === 'Patient') {
      const rows = await db
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.clinicId, clinicId), after ? gt(clients.id, after) : undefined))
        .orderBy(asc(clients.id))
        .limit(size);
      if (rows.length === 0) return null;
      after = rows.at(-1)!.id;
      return rows.map((r) => JSON.stringify(buildPatient({ id: pseudonym('C', r.id) })));
    }
    const rows = await db
      .select({
        id: measureResponses.id,
        clientId: measureResponses.clientId,
        instrumentKey: measureResponses.instrumentKey,
        instrumentVersion: measureResponses.instrumentVersion,
        respondent: measureResponses.respondent,
        submittedAt: measureResponses.submittedAt,
        answers: measureResponses.answers,
        scores: measureResponses.scores,
      })
      .from(measureResponses)
      .where(and(eq(measureResponses.clinicId, clinicId), after ? gt(measureResponses.id, after) : undefined))
      .orderBy(asc(measureResponses.id))
      .limit(size);
    if (rows.length === 0) return null;
    after = rows.at(-1)!.id;
    return rows.flatMap((r) => {
      const patient = refTo({ resourceType: 'Patient', id: pseudonym('C', r.clientId) });
      const input: ResponseInput = { ...r, id: pseudonym('R', r.id), answers: r.answers as Record<string, number>, scores: r.scores as ScoreResult };
      const response = buildQuestionnaireResponse(input, patient, 'month');
      return type === 'QuestionnaireResponse' ? [JSON.stringify(response)] : buildScoreObservations(input, response, patient).map((o) => JSON.stringify(o));
    });
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const lines = await nextPage();
        if (lines === null) controller.close();
        else if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      },
    },
    // One page queued ahead at most: the database is not read faster than the client downloads.
    { highWaterMark: 1 },
  );
  return { fileName: `rapport-research-${type}-${new Date().toISOString().slice(0, 10)}.ndjson`, body };
}
