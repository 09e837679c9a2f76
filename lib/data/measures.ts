import 'server-only';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { evaluateAlliance, type AllianceFinding } from '@/lib/alliance/rules';
import { ratingGap, subscaleMeansOf } from '@/lib/alliance/rating-gap';
import { outcomeFinding, outcomeRuleSettings } from '@/lib/alliance/outcomes';
import { preDropLevelOf } from '@/lib/alliance/repair';
import { can, type Actor } from '@/lib/authz/policy';
import {
  answersSchema,
  draftAnswersSchema,
  getInstrument,
  hasRiskAnswer,
  headlineScore,
  InvalidAnswersError,
  isInstrumentKey,
  renderItemText,
  scoreResponse,
  stripDisabledAnswers,
  type Answers,
  type Instrument,
  type InstrumentKey,
  type ScoreResult,
} from '@/lib/instruments';
import { getDb, type Transaction } from '@/db/client';
import { alerts, clients, measureAssignments, measureResponses, notifications, users } from '@/db/schema';
import { auditRefusals, writeAudit } from './audit';
import { clinicContext, type ClinicContext } from './clinic';
import { ForbiddenError, InputError, NotFoundError } from './errors';
import { clientsInScope } from './scope';
import { displayName, isUuid } from './clients';
import { deliverPendingEmails } from './notify';

/*
 * Measurement: the forms a client or therapist fills in, drafts, exactly-once submission, and the
 * alerts a response raises — all in the response's own transaction.
 */

export type FormState = 'open' | 'completed' | 'expired' | 'cancelled';
export type ResponseSource = 'portal' | 'in_session' | 'paper' | 'therapist';

export type FormItemDto = { id: string; number: number; text: string; options: { value: number; label: string }[]; optional: boolean; askedWhenAnyAboveZero: boolean };
export type ResponseFormDto = {
  assignmentId: string;
  clientId: string;
  clientName: string;
  instrumentKey: InstrumentKey;
  instrumentVersion: string;
  title: string;
  shortTitle: string;
  instructions: string | null;
  stem: string | null;
  copyright: string;
  provisional: boolean;
  respondent: 'client' | 'therapist';
  items: FormItemDto[];
  draftAnswers: Record<string, number>;
  state: FormState;
  dueAt: Date;
  expiresAt: Date;
  submittedAt: Date | null;
  /** PHQ-9: the notice before starting, and crisis resources when item 9 is above zero. */
  hasRiskItem: boolean;
  crisisText: string;
  riskAnswered: boolean;
};

type AssignmentRow = {
  id: string;
  clinicId: string;
  clientId: string;
  therapistId: string;
  sessionId: string | null;
  instrumentKey: string;
  respondent: 'client' | 'therapist';
  status: 'pending' | 'in_progress' | 'completed' | 'expired' | 'cancelled';
  dueAt: Date;
  expiresAt: Date;
  draftAnswers: unknown;
  draftInstrumentVersion: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  therapistName: string | null;
};

const assignmentColumns = {
  id: measureAssignments.id,
  clinicId: measureAssignments.clinicId,
  clientId: measureAssignments.clientId,
  therapistId: measureAssignments.therapistId,
  sessionId: measureAssignments.sessionId,
  instrumentKey: measureAssignments.instrumentKey,
  respondent: measureAssignments.respondent,
  status: measureAssignments.status,
  dueAt: measureAssignments.dueAt,
  expiresAt: measureAssignments.expiresAt,
  draftAnswers: measureAssignments.draftAnswers,
  draftInstrumentVersion: measureAssignments.draftInstrumentVersion,
  firstName: clients.firstName,
  lastName: clients.lastName,
  preferredName: clients.preferredName,
  therapistName: users.name,
};

/**
 * The assignment if the actor may answer it: a client their own client-respondent forms; a
 * therapist the forms of their own clients (the therapist rating, or a client's answers given in
 * session or on paper). Anything else is NotFound. `lock` takes the row lock for a write.
 */
async function answerableAssignment(db: ReturnType<typeof getDb> | Transaction, actor: Actor, assignmentId: string, lock: boolean): Promise<AssignmentRow> {
  if (!isUuid(assignmentId) || !can(actor.role, 'measure:respond')) throw new NotFoundError('form');
  const respondentRule = actor.role === 'client' ? eq(measureAssignments.respondent, 'client') : sql`true`;
  const query = db
    .select(assignmentColumns)
    .from(measureAssignments)
    .innerJoin(clients, eq(clients.id, measureAssignments.clientId))
    .leftJoin(users, eq(users.id, clients.primaryTherapistId))
    .where(and(eq(measureAssignments.id, assignmentId), eq(measureAssignments.clinicId, actor.clinicId), respondentRule, clientsInScope(actor, 'measure:respond')))
    .limit(1);
  const [row] = lock ? await query.for('update', { of: measureAssignments }) : await query;
  if (!row || !isInstrumentKey(row.instrumentKey)) throw new NotFoundError('form');
  return row;
}

function stateOf(row: Pick<AssignmentRow, 'status' | 'expiresAt'>, now: Date): FormState {
  if (row.status === 'completed') return 'completed';
  if (row.status === 'cancelled') return 'cancelled';
  if (row.status === 'expired' || row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

function instrumentOf(row: Pick<AssignmentRow, 'instrumentKey' | 'draftInstrumentVersion'>): Instrument {
  // A started form keeps the version it was started on.
  return getInstrument(row.instrumentKey, row.draftInstrumentVersion ?? undefined);
}

function draftOf(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'));
}


/** One form to fill in, with everything the page needs and nothing else. */
export async function getResponseForm(actor: Actor, assignmentId: string): Promise<ResponseFormDto> {
  const db = getDb();
  let row: AssignmentRow;
  try {
    row = await answerableAssignment(db, actor, assignmentId, false);
  } catch (error) {
    await writeAudit(db, actor, { action: 'measure.form.read', outcome: 'denied', targetType: 'assignment', targetId: isUuid(assignmentId) ? assignmentId : null });
    throw error;
  }
  const instrument = instrumentOf(row);
  const { settings } = await clinicContext(db, row.clinicId);
  const [response] = await db
    .select({ submittedAt: measureResponses.submittedAt, answers: measureResponses.answers })
    .from(measureResponses)
    .where(and(eq(measureResponses.assignmentId, row.id), eq(measureResponses.clinicId, actor.clinicId)))
    .limit(1);
  const names = { therapistName: actor.role === 'client' ? (row.therapistName ?? undefined) : undefined, clientName: displayName(row) };
  const draft = draftOf(row.draftAnswers);
  await writeAudit(db, actor, { action: 'measure.form.read', outcome: 'success', targetType: 'assignment', targetId: row.id, clientId: row.clientId });
  return {
    assignmentId: row.id,
    clientId: row.clientId,
    clientName: displayName(row),
    instrumentKey: instrument.key,
    instrumentVersion: instrument.version,
    title: instrument.title,
    shortTitle: instrument.shortTitle,
    instructions: instrument.instructions ?? null,
    stem: instrument.stem ?? null,
    copyright: instrument.copyright,
    provisional: instrument.provisional,
    respondent: row.respondent,
    items: instrument.items.map((item) => ({
      id: item.id,
      number: item.number,
      text: renderItemText(item.text, names),
      options: (item.options ?? instrument.options).map((o) => ({ value: o.value, label: o.label })),
      optional: !item.scored,
      askedWhenAnyAboveZero: item.askedWhen === 'any-scored-item-above-zero',
    })),
    draftAnswers: draft,
    state: stateOf(row, new Date()),
    dueAt: row.dueAt,
    expiresAt: row.expiresAt,
    submittedAt: response?.submittedAt ?? null,
    hasRiskItem: instrument.items.some((i) => i.risk),
    crisisText: settings.portal.crisisText,
    // After submission the draft is gone: the stored answers decide whether crisis resources show.
    riskAnswered: hasRiskAnswer(instrument, response ? draftOf(response.answers) : draft),
  };
}

function answerErrors(error: InvalidAnswersError): InputError {
  const first = error.issues[0];
  return new InputError(first?.message ?? 'Some answers are not valid.', first?.path.length ? String(first.path[0]) : undefined);
}

export type DraftSaved = { savedAt: Date; riskAnswered: boolean };

/**
 * Saves answers so far. A risk answer (PHQ-9 item 9 above zero) raises the urgent alert right here,
 * in the same transaction, without waiting for the submit.
 */
export async function saveDraft(actor: Actor, assignmentId: string, answers: unknown): Promise<DraftSaved> {
  const now = new Date();
  const result = await auditRefusals(actor, { action: 'measure.draft.save', targetType: 'assignment', targetId: isUuid(assignmentId) ? assignmentId : null }, () =>
    getDb().transaction(async (tx) => {
    const row = await answerableAssignment(tx, actor, assignmentId, true);
    const state = stateOf(row, now);
    if (state !== 'open') throw new InputError(closedMessage(state));
    const instrument = instrumentOf(row);
    const parsed = draftAnswersSchema(instrument).safeParse(answers);
    if (!parsed.success) throw answerErrors(new InvalidAnswersError(instrument, parsed.error.issues));
    await tx
      .update(measureAssignments)
      .set({ draftAnswers: parsed.data, draftInstrumentVersion: instrument.version, draftUpdatedAt: now, status: 'in_progress' })
      .where(and(eq(measureAssignments.id, row.id), eq(measureAssignments.clinicId, actor.clinicId)));
    const riskAnswered = hasRiskAnswer(instrument, parsed.data);
    if (riskAnswered) await raiseRiskAlert(tx, row, null, 'draft');
    await writeAudit(tx, actor, { action: 'measure.draft.save', outcome: 'success', targetType: 'assignment', targetId: row.id, clientId: row.clientId });
    return { savedAt: now, riskAnswered };
  }),
  );
  if (result.riskAnswered) void deliverPendingEmails().catch(() => {});
  return result;
}

function closedMessage(state: FormState): string {
  switch (state) {
    case 'completed':
      return 'This form has already been submitted. Thank you!';
    case 'expired':
      return 'This form has expired and can no longer be filled in. Your therapist can send you a new one.';
    case 'cancelled':
      return 'This form was withdrawn by your therapist and can no longer be filled in.';
    case 'open':
      return '';
  }
}

export type SubmitResult = { responseId: string; submittedAt: Date; alreadySubmitted: boolean; riskAnswered: boolean };

/**
 * Stores a response exactly once. The assignment row lock serialises double clicks, retries and
 * second tabs; whoever comes second gets the first submission's confirmation back. Scores and the
 * alerts they raise are written in the same transaction.
 */
export async function submitResponse(actor: Actor, assignmentId: string, answers: unknown, options: { source?: ResponseSource } = {}): Promise<SubmitResult> {
  const now = new Date();
  const result = await auditRefusals(actor, { action: 'measure.submit', targetType: 'assignment', targetId: isUuid(assignmentId) ? assignmentId : null }, () =>
    getDb().transaction(async (tx) => {
    const row = await answerableAssignment(tx, actor, assignmentId, true);
    const [existing] = await tx
      .select({ id: measureResponses.id, submittedAt: measureResponses.submittedAt, answers: measureResponses.answers, key: measureResponses.instrumentKey, version: measureResponses.instrumentVersion })
      .from(measureResponses)
      .where(and(eq(measureResponses.assignmentId, row.id), eq(measureResponses.clinicId, actor.clinicId)))
      .limit(1);
    if (existing) {
      const instrument = getInstrument(existing.key, existing.version);
      return { responseId: existing.id, submittedAt: existing.submittedAt, alreadySubmitted: true, riskAnswered: hasRiskAnswer(instrument, draftOf(existing.answers)) };
    }
    const state = stateOf(row, now);
    if (state !== 'open') {
      throw new InputError(closedMessage(state));
    }
    const instrument = instrumentOf(row);
    const parsed = answersSchema(instrument).safeParse(answers);
    if (!parsed.success) throw answerErrors(new InvalidAnswersError(instrument, parsed.error.issues));
    const clean: Answers = stripDisabledAnswers(instrument, parsed.data);
    const scores = scoreResponse(instrument, clean);
    if (actor.role === 'client' && options.source !== undefined && options.source !== 'portal') throw new ForbiddenError();
    if (actor.role !== 'client' && row.respondent === 'client' && options.source !== 'in_session' && options.source !== 'paper') {
      throw new InputError('Choose where these answers came from: in session or on paper.', 'source');
    }
    const source: ResponseSource = row.respondent === 'therapist' ? 'therapist' : actor.role === 'client' ? 'portal' : options.source!;
    const [response] = await tx
      .insert(measureResponses)
      .values({
        clinicId: row.clinicId,
        assignmentId: row.id,
        clientId: row.clientId,
        therapistId: row.therapistId,
        sessionId: row.sessionId,
        instrumentKey: instrument.key,
        instrumentVersion: instrument.version,
        respondent: row.respondent,
        source,
        answers: clean,
        scores,
        headlineScore: headlineScore(instrument, scores),
        submittedBy: actor.userId,
        submittedAt: now,
      })
      .returning({ id: measureResponses.id, submittedAt: measureResponses.submittedAt });
    await tx
      .update(measureAssignments)
      .set({ status: 'completed', completedAt: now, draftAnswers: null })
      .where(and(eq(measureAssignments.id, row.id), eq(measureAssignments.clinicId, actor.clinicId)));
    const context = await clinicContext(tx, row.clinicId);
    await raiseResponseAlerts(tx, context, row, instrument, scores, clean, response!.id);
    await writeAudit(tx, actor, {
      action: 'measure.submit',
      outcome: 'success',
      targetType: 'response',
      targetId: response!.id,
      clientId: row.clientId,
      details: { instrument: instrument.key, source },
    });
    return { responseId: response!.id, submittedAt: response!.submittedAt, alreadySubmitted: false, riskAnswered: scores.riskFlag };
  }),
  );
  if (result.riskAnswered && !result.alreadySubmitted) void deliverPendingEmails().catch(() => {});
  return result;
}

type AlertInsert = typeof alerts.$inferInsert;

async function insertAlert(tx: Transaction, alert: AlertInsert): Promise<string | null> {
  const [inserted] = await tx.insert(alerts).values(alert).onConflictDoNothing({ target: alerts.dedupeKey }).returning({ id: alerts.id });
  return inserted?.id ?? null;
}

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1000) / 1000;
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

/** The urgent risk alert for one assignment (raised once, on draft or submit) and the therapist's notice. */
async function raiseRiskAlert(tx: Transaction, row: AssignmentRow, responseId: string | null, stage: 'draft' | 'submitted'): Promise<void> {
  const alertId = await insertAlert(tx, {
    clinicId: row.clinicId,
    clientId: row.clientId,
    therapistId: row.therapistId,
    responseId,
    kind: 'risk',
    severity: 'urgent',
    rule: 'phq9_item9_above_zero',
    details: { rule: 'phq9_item9_above_zero', item: 'phq9-9', threshold: 0, stage },
    dedupeKey: `risk:${row.id}`,
  });
  if (alertId) {
    await tx
      .insert(notifications)
      .values({ clinicId: row.clinicId, userId: row.therapistId, kind: 'urgent_alert', alertId, link: `/therapist/clients/${row.clientId}` })
      .onConflictDoNothing();
  } else if (responseId) {
    // The draft raised it already: link it to the stored response.
    await tx
      .update(alerts)
      .set({ responseId })
      .where(and(eq(alerts.dedupeKey, `risk:${row.id}`), isNull(alerts.responseId)));
  }
}

async function raiseResponseAlerts(tx: Transaction, context: ClinicContext, row: AssignmentRow, instrument: Instrument, scores: ScoreResult, answers: Answers, responseId: string): Promise<void> {
  const base = { clinicId: row.clinicId, clientId: row.clientId, therapistId: row.therapistId, responseId };
  const thresholdInfo = {
    thresholds: { ...context.settings.alliance },
    settingsVersion: context.settingsVersion,
    // Which local-norms adoption the reliable-drop threshold came from (null: clinic defaults or set by hand).
    adoptedThresholdsVersion: context.settings.norms.adoptedVersion,
  };

  if (instrument.key === 'phq-9' && hasRiskAnswer(instrument, answers)) await raiseRiskAlert(tx, row, responseId, 'submitted');

  if (instrument.key === 'phq-9' || instrument.key === 'gad-7') {
    const history = await priorHeadlines(tx, row.clientId, instrument.key, responseId);
    const finding = outcomeFinding(history, scores.total, outcomeRuleSettings(instrument.key, context.settings.outcomes));
    if (finding?.rule === 'deterioration') {
      await insertAlert(tx, { ...base, kind: 'deterioration', severity: 'warning', rule: `${instrument.key}_reliable_deterioration`, details: rounded(finding), dedupeKey: `deterioration:${responseId}` });
    }
  }

  if (instrument.key === 'wai-sr-client') {
    const prior = await priorHeadlines(tx, row.clientId, 'wai-sr-client', responseId);
    for (const finding of evaluateAlliance(prior, scores.mean, context.settings.alliance)) {
      await insertAlert(tx, {
        ...base,
        kind: finding.rule === 'low_alliance' ? 'low_alliance' : 'rupture',
        severity: 'warning',
        rule: finding.rule,
        details: rounded({ ...finding, ...thresholdInfo }),
        dedupeKey: `${finding.rule}:${responseId}`,
      });
    }
    await markRepairs(tx, row.clientId, scores.mean, responseId);
  }

  if ((instrument.key === 'wai-sr-client' || instrument.key === 'wai-sr-therapist') && row.sessionId) {
    const otherKey = instrument.key === 'wai-sr-client' ? 'wai-sr-therapist' : 'wai-sr-client';
    const [other] = await tx
      .select({ scores: measureResponses.scores })
      .from(measureResponses)
      .where(and(eq(measureResponses.sessionId, row.sessionId), eq(measureResponses.instrumentKey, otherKey), eq(measureResponses.clientId, row.clientId)))
      .limit(1);
    if (other) {
      const mine = subscaleMeansOf(scores);
      const theirs = subscaleMeansOf(other.scores as ScoreResult);
      const [clientMeans, therapistMeans] = instrument.key === 'wai-sr-client' ? [mine, theirs] : [theirs, mine];
      const gaps = ratingGap(clientMeans, therapistMeans, context.settings.alliance.ratingGap);
      if (gaps.length > 0) {
        await insertAlert(tx, {
          ...base,
          kind: 'rating_gap',
          severity: 'info',
          rule: 'rating_gap',
          details: rounded({ rule: 'rating_gap', gaps, threshold: context.settings.alliance.ratingGap }),
          dedupeKey: `rating_gap:${row.sessionId}`,
        });
      }
    }
  }
}

/** Earlier headline scores of one instrument for a client, oldest first. */
async function priorHeadlines(tx: Transaction, clientId: string, instrumentKey: string, excludeResponseId: string): Promise<number[]> {
  const rows = await tx
    .select({ score: measureResponses.headlineScore })
    .from(measureResponses)
    .where(and(eq(measureResponses.clientId, clientId), eq(measureResponses.instrumentKey, instrumentKey), sql`${measureResponses.id} <> ${excludeResponseId}`))
    .orderBy(asc(measureResponses.submittedAt));
  return rows.map((r) => r.score);
}

const REPAIR_WINDOW = 3;

/** A rupture is repaired when one of the next three client measurements is back at the pre-drop level. */
async function markRepairs(tx: Transaction, clientId: string, mean: number, responseId: string): Promise<void> {
  const candidates = await tx
    .select({ id: alerts.id, details: alerts.details, rupturedAt: measureResponses.submittedAt })
    .from(alerts)
    .innerJoin(measureResponses, eq(measureResponses.id, alerts.responseId))
    .where(and(eq(alerts.clientId, clientId), eq(alerts.kind, 'rupture'), isNull(alerts.repairedAt), sql`${alerts.responseId} <> ${responseId}`));
  for (const alert of candidates) {
    const preDrop = preDropLevelOf(alert.details as AllianceFinding);
    if (preDrop === null || mean < preDrop - 1e-9) continue;
    // Measurements since the rupture, this one included.
    const [since] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(measureResponses)
      .where(and(eq(measureResponses.clientId, clientId), eq(measureResponses.instrumentKey, 'wai-sr-client'), gt(measureResponses.submittedAt, alert.rupturedAt)));
    if ((since?.n ?? 0) <= REPAIR_WINDOW) await tx.update(alerts).set({ repairedAt: sql`now()` }).where(eq(alerts.id, alert.id));
  }
}
