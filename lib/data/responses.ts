import 'server-only';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { can, type Actor } from '@/lib/authz/policy';
import { bandFor, getInstrument, isInstrumentKey, renderItemText, type ScoreResult } from '@/lib/instruments';
import { getDb } from '@/db/client';
import { clients, measureAssignments, measureResponses } from '@/db/schema';
import { writeAudit } from './audit';
import { clinicContext } from './clinic';
import { isUuid } from './clients';
import { ForbiddenError, NotFoundError } from './errors';
import { clientsInScope } from './scope';

export type ResponseDto = {
  id: string;
  sessionId: string | null;
  instrumentKey: string;
  shortTitle: string;
  respondent: 'client' | 'therapist';
  source: 'portal' | 'in_session' | 'paper' | 'therapist';
  submittedAt: Date;
  headline: number;
  scoreKind: 'sum' | 'mean';
  band: string | null;
  subscales: Record<string, number>;
  answers: { number: number; text: string; answer: string }[];
};

export type OpenAssignmentDto = { id: string; instrumentKey: string; shortTitle: string; respondent: 'client' | 'therapist'; status: 'pending' | 'in_progress'; dueAt: Date; expiresAt: Date };

function shortTitle(key: string): string {
  return isInstrumentKey(key) ? getInstrument(key).shortTitle + (key === 'wai-sr-therapist' ? ' (therapist)' : '') : key;
}

/** A client's stored responses with scores and answers, for the people who may read the record. */
export async function listClientResponses(actor: Actor, clientId: string, limit = 200): Promise<ResponseDto[]> {
  if (!isUuid(clientId) || !can(actor.role, 'measure:read') || actor.role === 'client') throw new NotFoundError('client');
  const db = getDb();
  const columns = {
      id: measureResponses.id,
      sessionId: measureResponses.sessionId,
      instrumentKey: measureResponses.instrumentKey,
      instrumentVersion: measureResponses.instrumentVersion,
      respondent: measureResponses.respondent,
      source: measureResponses.source,
      submittedAt: measureResponses.submittedAt,
      headline: measureResponses.headlineScore,
      scores: measureResponses.scores,
      answers: measureResponses.answers,
  };
  const scope = and(eq(measureResponses.clientId, clientId), eq(measureResponses.clinicId, actor.clinicId), clientsInScope(actor, 'measure:read'));
  const [recent, firsts] = await Promise.all([
    db.select(columns).from(measureResponses).innerJoin(clients, eq(clients.id, measureResponses.clientId)).where(scope).orderBy(desc(measureResponses.submittedAt)).limit(limit),
    // Each instrument's first response too, so "change from intake" keeps its baseline on long histories.
    db
      .selectDistinctOn([measureResponses.instrumentKey], columns)
      .from(measureResponses)
      .innerJoin(clients, eq(clients.id, measureResponses.clientId))
      .where(scope)
      .orderBy(measureResponses.instrumentKey, asc(measureResponses.submittedAt)),
  ]);
  const rows = [...recent, ...firsts.filter((f) => !recent.some((r) => r.id === f.id))].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
  await writeAudit(db, actor, { action: 'measures.read', outcome: 'success', targetType: 'client', targetId: clientId, clientId });
  return rows.map((r) => {
    const instrument = getInstrument(r.instrumentKey, r.instrumentVersion);
    const scores = r.scores as ScoreResult;
    const answers = r.answers as Record<string, number>;
    return {
      id: r.id,
      sessionId: r.sessionId,
      instrumentKey: r.instrumentKey,
      shortTitle: shortTitle(r.instrumentKey),
      respondent: r.respondent,
      source: r.source,
      submittedAt: r.submittedAt,
      headline: r.headline,
      scoreKind: instrument.scoreKind,
      band: bandFor(instrument, scores.total)?.label ?? null,
      subscales: Object.fromEntries(Object.entries(scores.subscales ?? {}).map(([k, v]) => [k, v.mean])),
      answers: instrument.items
        .filter((item) => answers[item.id] !== undefined)
        .map((item) => ({
          number: item.number,
          text: renderItemText(item.text, {}),
          answer: (item.options ?? instrument.options).find((o) => o.value === answers[item.id])?.label ?? String(answers[item.id]),
        })),
    };
  });
}

/** Open (pending or started) assignments of one client. */
export async function listOpenAssignments(actor: Actor, clientId: string): Promise<OpenAssignmentDto[]> {
  if (!isUuid(clientId) || !can(actor.role, 'measure:read') || actor.role === 'client') throw new NotFoundError('client');
  const rows = await getDb()
    .select({
      id: measureAssignments.id,
      instrumentKey: measureAssignments.instrumentKey,
      respondent: measureAssignments.respondent,
      status: measureAssignments.status,
      dueAt: measureAssignments.dueAt,
      expiresAt: measureAssignments.expiresAt,
    })
    .from(measureAssignments)
    .innerJoin(clients, eq(clients.id, measureAssignments.clientId))
    .where(and(eq(measureAssignments.clientId, clientId), inArray(measureAssignments.status, ['pending', 'in_progress']), clientsInScope(actor, 'measure:read')))
    .orderBy(asc(measureAssignments.dueAt), asc(measureAssignments.createdAt), asc(measureAssignments.instrumentKey));
  return rows.map((r) => ({ ...r, shortTitle: shortTitle(r.instrumentKey), status: r.status as 'pending' | 'in_progress' }));
}

export type TrendPoint = { at: Date; value: number };
export type MyProgress = { phq9: TrendPoint[]; gad7: TrendPoint[]; alliance: TrendPoint[] | null };

/** The client's own progress: symptom trends; alliance results only where the clinic allows it. */
export async function getMyProgress(actor: Actor): Promise<MyProgress> {
  if (actor.role !== 'client') throw new ForbiddenError();
  const db = getDb();
  const { settings } = await clinicContext(db, actor.clinicId);
  const keys = settings.portal.showAllianceResultsToClients ? ['phq-9', 'gad-7', 'wai-sr-client'] : ['phq-9', 'gad-7'];
  const rows = await db
    .select({ key: measureResponses.instrumentKey, at: measureResponses.submittedAt, value: measureResponses.headlineScore })
    .from(measureResponses)
    .innerJoin(clients, eq(clients.id, measureResponses.clientId))
    .where(and(eq(measureResponses.clinicId, actor.clinicId), inArray(measureResponses.instrumentKey, keys), eq(measureResponses.respondent, 'client'), clientsInScope(actor, 'measure:read')))
    .orderBy(asc(measureResponses.submittedAt));
  const series = (key: string) => rows.filter((r) => r.key === key).map((r) => ({ at: r.at, value: r.value }));
  return { phq9: series('phq-9'), gad7: series('gad-7'), alliance: settings.portal.showAllianceResultsToClients ? series('wai-sr-client') : null };
}
