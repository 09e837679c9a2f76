import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { bandFor, getInstrument, isInstrumentKey, renderItemText, type ScoreResult } from '@/lib/instruments';
import { getDb } from '@/db/client';
import { clients, measureAssignments, measureResponses } from '@/db/schema';
import { refuseOutOfScope, requirePermission, auditRead, type Attempt } from './audit';
import { clinicContext } from './clinic';
import { pageRequest, readScopedPage } from './paging';
import { clientsInScope } from './scope';

export type MeasureResponse = {
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

export type OpenAssignment = {
  id: string;
  instrumentKey: string;
  shortTitle: string;
  respondent: 'client' | 'therapist';
  status: 'pending' | 'in_progress';
  dueAt: Date;
  expiresAt: Date;
};

function shortTitle(key: string): string {
  return isInstrumentKey(key) ? getInstrument(key).shortTitle + (key === 'wai-sr-therapist' ? ' (therapist)' : '') : key;
}

/** Rows per page of a client's response history (each row carries every answer). */
export const RESPONSE_HISTORY_PAGE_SIZE = 10;
/**
 * The charts draw each instrument's first (intake) response and at most this many of the latest:
 * about six months of weekly alliance ratings; older ones are in the paged response history.
 */
export const SCORE_SERIES_PER_INSTRUMENT = 24;

export type ResponsePage = { responses: MeasureResponse[]; total: number; page: number; pageSize: number };

/** One point of a client's score series: what the charts draw, no answers. */
export type ScorePoint = {
  id: string;
  instrumentKey: string;
  respondent: 'client' | 'therapist';
  submittedAt: Date;
  headline: number;
  band: string | null;
  subscales: Record<string, number>;
};
/** The points oldest first; `totals` counts every stored response per instrument (points may be fewer). */
export type ScoreSeries = { points: ScorePoint[]; totals: Record<string, number> };

/** Staff reading a client's measures (clients see their own trends through getMyProgress instead). */
async function requireMeasureReader(actor: Actor, action: string, clientId: string): Promise<Attempt> {
  const attempt = { action, targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'measure:read', attempt, { notFound: 'client' });
  return attempt;
}

/** The client row in the actor's measure scope, with how many responses it has; none when out of scope. */
function scopedResponseCount(actor: Actor, clientId: string) {
  return getDb()
    .select({ total: sql<number>`count(${measureResponses.id})::int` })
    .from(clients)
    .leftJoin(measureResponses, and(eq(measureResponses.clientId, clients.id), eq(measureResponses.clinicId, actor.clinicId)))
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'measure:read')))
    .groupBy(clients.id);
}

function scoresOf(instrumentKey: string, instrumentVersion: string, stored: unknown) {
  const instrument = getInstrument(instrumentKey, instrumentVersion);
  const scores = stored as ScoreResult;
  return {
    instrument,
    band: bandFor(instrument, scores.total)?.label ?? null,
    subscales: Object.fromEntries(Object.entries(scores.subscales ?? {}).map(([k, v]) => [k, v.mean])),
  };
}

/*
 * Both reads below start from the client row in the actor's scope and LEFT JOIN the responses, so
 * one statement both checks the scope (no row: out of scope, 404) and reads (a row of nulls: in
 * scope, no responses). Only a page past the end needs a second look.
 */

/**
 * One page of a client's stored responses, newest first, with scores and every answer, for the
 * people who may read the record, and how many there are in all. A page past the end gives the last page.
 */
export async function listClientResponses(
  actor: Actor,
  clientId: string,
  { page = 1, pageSize = RESPONSE_HISTORY_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
): Promise<ResponsePage> {
  const attempt = await requireMeasureReader(actor, 'measures.read', clientId);
  const { wanted, size } = pageRequest({ page, pageSize }, RESPONSE_HISTORY_PAGE_SIZE);
  const db = getDb();
  const pageOf = (n: number) =>
    db
      .select({
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
        total: sql<number>`(count(${measureResponses.id}) over ())::int`,
      })
      .from(clients)
      .leftJoin(measureResponses, and(eq(measureResponses.clientId, clients.id), eq(measureResponses.clinicId, actor.clinicId)))
      .where(and(eq(clients.id, clientId), clientsInScope(actor, 'measure:read')))
      .orderBy(desc(measureResponses.submittedAt), desc(measureResponses.id))
      .limit(size)
      .offset((n - 1) * size);
  const read = await readScopedPage(wanted, size, pageOf, async () => (await scopedResponseCount(actor, clientId))[0]?.total ?? null);
  if (!read) return refuseOutOfScope(actor, attempt, 'client');
  const { rows, total, page: current } = read;
  await auditRead(db, actor, {
    action: 'measures.read',
    outcome: 'success',
    targetType: 'client',
    targetId: clientId,
    clientId,
    details: { page: current, rows: total === 0 ? 0 : rows.length },
  });
  const responses = rows.flatMap((r): MeasureResponse[] => {
    if (!r.id || !r.instrumentKey || !r.instrumentVersion || !r.respondent || !r.source || !r.submittedAt || r.headline === null) return [];
    const { instrument, band, subscales } = scoresOf(r.instrumentKey, r.instrumentVersion, r.scores);
    const answers = r.answers as Record<string, number>;
    return [
      {
        id: r.id,
        sessionId: r.sessionId,
        instrumentKey: r.instrumentKey,
        shortTitle: shortTitle(r.instrumentKey),
        respondent: r.respondent,
        source: r.source,
        submittedAt: r.submittedAt,
        headline: r.headline,
        scoreKind: instrument.scoreKind,
        band,
        subscales,
        answers: instrument.items
          .filter((item) => answers[item.id] !== undefined)
          .map((item) => ({
            number: item.number,
            text: renderItemText(item.text, {}),
            answer: (item.options ?? instrument.options).find((o) => o.value === answers[item.id])?.label ?? String(answers[item.id]),
          })),
      },
    ];
  });
  return { responses, total, page: current, pageSize: size };
}

/**
 * A client's scores over time for the charts: per instrument the first (intake) response, which
 * "change from intake" is measured from, and the latest `perInstrument`; no answers. Oldest first.
 */
export async function listClientScoreSeries(
  actor: Actor,
  clientId: string,
  { perInstrument = SCORE_SERIES_PER_INSTRUMENT }: { perInstrument?: number } = {},
): Promise<ScoreSeries> {
  const attempt = await requireMeasureReader(actor, 'measures.scores.read', clientId);
  const cap = Math.max(1, Math.trunc(perInstrument) || SCORE_SERIES_PER_INSTRUMENT);
  const db = getDb();
  const r = measureResponses;
  const byInstrument = sql`partition by ${r.instrumentKey}`;
  const ranked = db
    .select({
      id: r.id,
      instrumentKey: r.instrumentKey,
      instrumentVersion: r.instrumentVersion,
      respondent: r.respondent,
      submittedAt: r.submittedAt,
      headline: r.headlineScore,
      newest: sql<number>`row_number() over (${byInstrument} order by ${r.submittedAt} desc, ${r.id} desc)`.as('newest'),
      count: sql<number>`count(*) over (${byInstrument})`.as('instrument_count'),
      // Only the parts of the stored scores the charts use.
      total: sql<number>`(${r.scores}->>'total')::float8`.as('score_total'),
      subscales: sql`${r.scores}->'subscales'`.as('score_subscales'),
    })
    .from(r)
    .where(and(eq(r.clientId, clientId), eq(r.clinicId, actor.clinicId)))
    .as('ranked');
  // One row per client in scope (none: 404) carrying the whole series as one JSON array, so the
  // points are not mapped column by column: the latest `cap` of each instrument and its first (newest = count).
  const [row] = await db
    .select({
      points: sql<
        SeriesRow[] | string | null
      >`(select json_agg(json_build_array(${ranked.id}, ${ranked.instrumentKey}, ${ranked.instrumentVersion}, ${ranked.respondent}, ${ranked.submittedAt}, ${ranked.headline}, ${ranked.total}, ${ranked.subscales}, ${ranked.count}) order by ${ranked.submittedAt}, ${ranked.id}) from ${ranked} where ${ranked.newest} <= ${cap} or ${ranked.newest} = ${ranked.count})`,
    })
    .from(clients)
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'measure:read')));
  if (!row) return refuseOutOfScope(actor, attempt, 'client');
  const rows: SeriesRow[] = typeof row.points === 'string' ? (JSON.parse(row.points) as SeriesRow[]) : (row.points ?? []);
  const totals: Record<string, number> = {};
  const points = rows.map(([id, instrumentKey, version, respondent, submittedAt, headline, total, subscales, count]): ScorePoint => {
    totals[instrumentKey] = Number(count);
    return {
      id,
      instrumentKey,
      respondent,
      submittedAt: new Date(submittedAt),
      headline,
      band: bandFor(getInstrument(instrumentKey, version), total)?.label ?? null,
      subscales: Object.fromEntries(Object.entries(subscales ?? {}).map(([k, v]) => [k, v.mean])),
    };
  });
  await auditRead(db, actor, {
    action: 'measures.scores.read',
    outcome: 'success',
    targetType: 'client',
    targetId: clientId,
    clientId,
    details: { rows: points.length },
  });
  return { points, totals };
}

/** A series point as the query returns it: [id, instrument, version, respondent, submitted at (ISO), headline, total, subscales, instrument count]. */
type SeriesRow = [string, string, string, 'client' | 'therapist', string, number, number, Record<string, { mean: number }> | null, number];

/** Open (pending or started) assignments of one client. */
export async function listOpenAssignments(actor: Actor, clientId: string): Promise<OpenAssignment[]> {
  await requireMeasureReader(actor, 'measures.open.read', clientId);
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
    .where(
      and(eq(measureAssignments.clientId, clientId), inArray(measureAssignments.status, ['pending', 'in_progress']), clientsInScope(actor, 'measure:read')),
    )
    .orderBy(asc(measureAssignments.dueAt), asc(measureAssignments.createdAt), asc(measureAssignments.instrumentKey));
  return rows.map((r) => ({ ...r, shortTitle: shortTitle(r.instrumentKey), status: r.status as 'pending' | 'in_progress' }));
}

export type TrendPoint = { at: Date; value: number };
export type MyProgress = { phq9: TrendPoint[]; gad7: TrendPoint[]; alliance: TrendPoint[] | null };

/** The client's own progress: symptom trends; alliance results only where the clinic allows it. */
export async function getMyProgress(actor: Actor): Promise<MyProgress> {
  await requirePermission(actor, 'measure:read-own', { action: 'portal.progress.read' });
  const db = getDb();
  const { settings } = await clinicContext(db, actor.clinicId);
  const keys = settings.portal.showAllianceResultsToClients ? ['phq-9', 'gad-7', 'wai-sr-client'] : ['phq-9', 'gad-7'];
  const rows = await db
    .select({ key: measureResponses.instrumentKey, at: measureResponses.submittedAt, value: measureResponses.headlineScore })
    .from(measureResponses)
    .innerJoin(clients, eq(clients.id, measureResponses.clientId))
    .where(
      and(
        eq(measureResponses.clinicId, actor.clinicId),
        inArray(measureResponses.instrumentKey, keys),
        eq(measureResponses.respondent, 'client'),
        clientsInScope(actor, 'measure:read-own'),
      ),
    )
    .orderBy(asc(measureResponses.submittedAt));
  const series = (key: string) => rows.filter((r) => r.key === key).map((r) => ({ at: r.at, value: r.value }));
  return { phq9: series('phq-9'), gad7: series('gad-7'), alliance: settings.portal.showAllianceResultsToClients ? series('wai-sr-client') : null };
}
