import 'server-only';
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { alertsForResponse, mergedDetails, openAlertToMerge, repairsRupture, riskAlert, type AlertDraft, type RiskContext } from '@/lib/alliance/alerts';
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
  riskItemOf,
  scoreResponse,
  stripDisabledAnswers,
  type Answers,
  type Instrument,
  type InstrumentKey,
  type ScoreResult,
} from '@/lib/instruments';
import { getDb, type Transaction } from '@/db/client';
import { refreshClientSupervisionRollup } from '@/db/supervision-rollup';
import { alerts, clients, measureAssignments, measureResponses, notifications, users } from '@/db/schema';
import { auditRefusals, requirePermission, auditRead, writeAudit } from './audit';
import { clinicContext, type ClinicContext } from './clinic';
import { ForbiddenError, InputError, NotFoundError } from './errors';
import { clientsInScope } from './scope';
import { lockClientAlerts } from './client-lock';
import { displayName, isUuid } from './clients';
import { deliverPendingEmails } from './notify';
import { requestLogger } from '@/lib/log';

/*
 * Measurement: the forms a client or therapist fills in, drafts, exactly-once submission, and the
 * alerts a response raises — all in the response's own transaction.
 */

export type FormState = 'open' | 'completed' | 'expired' | 'cancelled';
export type ResponseSource = 'portal' | 'in_session' | 'paper' | 'therapist';

export type FormItem = {
  id: string;
  number: number;
  text: string;
  options: { value: number; label: string }[];
  optional: boolean;
  askedWhenAnyAboveZero: boolean;
};
export type ResponseForm = {
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
  items: FormItem[];
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
  if (!isUuid(assignmentId)) throw new NotFoundError('form');
  const respondentRule = can(actor.role, 'measure:respond-in-session') ? sql`true` : eq(measureAssignments.respondent, 'client');
  const query = db
    .select(assignmentColumns)
    .from(measureAssignments)
    .innerJoin(clients, eq(clients.id, measureAssignments.clientId))
    .leftJoin(users, eq(users.id, clients.primaryTherapistId))
    .where(
      and(eq(measureAssignments.id, assignmentId), eq(measureAssignments.clinicId, actor.clinicId), respondentRule, clientsInScope(actor, 'measure:respond')),
    )
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
export async function getResponseForm(actor: Actor, assignmentId: string): Promise<ResponseForm> {
  const attempt = { action: 'measure.form.read', targetType: 'assignment', targetId: assignmentId };
  await requirePermission(actor, 'measure:respond', attempt, { notFound: 'form' });
  const db = getDb();
  const row = await auditRefusals(actor, attempt, () => answerableAssignment(db, actor, assignmentId, false));
  const instrument = instrumentOf(row);
  const { settings } = await clinicContext(db, row.clinicId);
  const [response] = await db
    .select({ submittedAt: measureResponses.submittedAt, answers: measureResponses.answers })
    .from(measureResponses)
    .where(and(eq(measureResponses.assignmentId, row.id), eq(measureResponses.clinicId, actor.clinicId)))
    .limit(1);
  // "my therapist" in an item is named only on the client's own form, not when staff enter answers.
  const names = { therapistName: can(actor.role, 'measure:respond-in-session') ? undefined : (row.therapistName ?? undefined), clientName: displayName(row) };
  const draft = draftOf(row.draftAnswers);
  await auditRead(db, actor, { action: 'measure.form.read', outcome: 'success', targetType: 'assignment', targetId: row.id, clientId: row.clientId });
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
 * A form that closed (expired, withdrawn, submitted elsewhere) while it was open: nothing is saved,
 * but a risk answer among the answers has still been passed on (`riskRecorded`).
 */
class ClosedFormError extends InputError {
  constructor(
    readonly state: Exclude<FormState, 'open'>,
    readonly riskRecorded: boolean,
  ) {
    super(closedMessage(state) + (riskRecorded ? ' Your answer to the question about hurting yourself has still been passed on to your therapist.' : ''));
  }
}

/**
 * A risk answer is never lost, whatever the form's state (DESIGN.md "risk"): on a closed form the
 * answers are not stored, but a risk answer among them still raises the urgent alert.
 */
async function riskFromClosedForm(tx: Transaction, actor: Actor, row: AssignmentRow, answers: unknown, now: Date): Promise<boolean> {
  const instrument = instrumentOf(row);
  const item = riskItemOf(instrument);
  const value = item && answers && typeof answers === 'object' ? (answers as Record<string, unknown>)[item.id] : undefined;
  // Only a value the item offers counts; anything else is not an answer.
  if (!item?.options.some((o) => o.value === value)) return false;
  if (!(await raiseRiskAlert(tx, row, instrument, { [item.id]: value }, null, 'closed_form', now))) return false;
  await writeAudit(tx, actor, { action: 'measure.risk.closed_form', outcome: 'success', targetType: 'assignment', targetId: row.id, clientId: row.clientId });
  return true;
}

/**
 * Saves answers so far. A risk answer (PHQ-9 item 9 above zero) raises the urgent alert right here,
 * in the same transaction, without waiting for the submit — and even when the form has closed.
 */
export async function saveDraft(actor: Actor, assignmentId: string, answers: unknown): Promise<DraftSaved> {
  const now = new Date();
  const attempt = { action: 'measure.draft.save', targetType: 'assignment', targetId: assignmentId };
  await requirePermission(actor, 'measure:respond', attempt, { notFound: 'form' });
  const result = await auditRefusals(actor, attempt, async () => {
    const outcome = await getDb().transaction(async (tx) => {
      const row = await answerableAssignment(tx, actor, assignmentId, true);
      const state = stateOf(row, now);
      if (state !== 'open') return { closed: new ClosedFormError(state, await riskFromClosedForm(tx, actor, row, answers, now)) };
      const instrument = instrumentOf(row);
      const parsed = draftAnswersSchema(instrument).safeParse(answers);
      if (!parsed.success) throw answerErrors(new InvalidAnswersError(instrument, parsed.error.issues));
      await tx
        .update(measureAssignments)
        .set({ draftAnswers: parsed.data, draftInstrumentVersion: instrument.version, draftUpdatedAt: now, status: 'in_progress' })
        .where(and(eq(measureAssignments.id, row.id), eq(measureAssignments.clinicId, actor.clinicId)));
      const riskAnswered = await raiseRiskAlert(tx, row, instrument, parsed.data, null, 'draft', now);
      await writeAudit(tx, actor, { action: 'measure.draft.save', outcome: 'success', targetType: 'assignment', targetId: row.id, clientId: row.clientId });
      return { saved: { savedAt: now, riskAnswered } };
    });
    // Thrown after the commit: the risk alert of a closed form is kept, the refusal still audited.
    if ('closed' in outcome) throw outcome.closed;
    return outcome.saved;
  });
  if (result.riskAnswered) mailUrgentNow();
  return result;
}

/** Mails the urgent notice now rather than at the next sweep; a failure is logged and the sweep retries. */
function mailUrgentNow(): void {
  void deliverPendingEmails().catch(async (error: unknown) =>
    (await requestLogger()).error({ err: error }, 'Urgent notification mail failed; the sweep will retry'),
  );
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
  const attempt = { action: 'measure.submit', targetType: 'assignment', targetId: assignmentId };
  await requirePermission(actor, 'measure:respond', attempt, { notFound: 'form' });
  const result = await auditRefusals(actor, attempt, async () => {
    const outcome = await getDb().transaction(async (tx): Promise<SubmitResult | { closed: ClosedFormError }> => {
      const row = await answerableAssignment(tx, actor, assignmentId, true);
      const [existing] = await tx
        .select({
          id: measureResponses.id,
          submittedAt: measureResponses.submittedAt,
          answers: measureResponses.answers,
          key: measureResponses.instrumentKey,
          version: measureResponses.instrumentVersion,
        })
        .from(measureResponses)
        .where(and(eq(measureResponses.assignmentId, row.id), eq(measureResponses.clinicId, actor.clinicId)))
        .limit(1);
      if (existing) {
        const instrument = getInstrument(existing.key, existing.version);
        // A second tab's answers are not stored, but a risk answer in them is still passed on.
        const riskAnswered = hasRiskAnswer(instrument, draftOf(existing.answers)) || (await riskFromClosedForm(tx, actor, row, answers, now));
        return { responseId: existing.id, submittedAt: existing.submittedAt, alreadySubmitted: true, riskAnswered };
      }
      const state = stateOf(row, now);
      if (state !== 'open') return { closed: new ClosedFormError(state, await riskFromClosedForm(tx, actor, row, answers, now)) };
      const instrument = instrumentOf(row);
      const parsed = answersSchema(instrument).safeParse(answers);
      if (!parsed.success) throw answerErrors(new InvalidAnswersError(instrument, parsed.error.issues));
      const clean: Answers = stripDisabledAnswers(instrument, parsed.data);
      const scores = scoreResponse(instrument, clean);
      const inSession = can(actor.role, 'measure:respond-in-session');
      if (!inSession && options.source !== undefined && options.source !== 'portal') throw new ForbiddenError('Not allowed', 'measure:respond-in-session');
      if (inSession && row.respondent === 'client' && options.source !== 'in_session' && options.source !== 'paper') {
        throw new InputError('Choose where these answers came from: in session or on paper.', 'source');
      }
      const source: ResponseSource = row.respondent === 'therapist' ? 'therapist' : inSession ? options.source! : 'portal';
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
      await raiseResponseAlerts(tx, context, row, instrument, scores, clean, response!.id, now);
      // The supervisor's rollup, exact in this transaction: the response's day and the client's ruptures.
      await lockClientAlerts(tx, row.clientId);
      await refreshClientSupervisionRollup(tx, row.clinicId, row.clientId, { at: [now], sessionId: row.sessionId });
      await writeAudit(tx, actor, {
        action: 'measure.submit',
        outcome: 'success',
        targetType: 'response',
        targetId: response!.id,
        clientId: row.clientId,
        details: { instrument: instrument.key, source },
      });
      return { responseId: response!.id, submittedAt: response!.submittedAt, alreadySubmitted: false, riskAnswered: scores.riskFlag };
    });
    // Thrown after the commit: the risk alert of a closed form is kept, the refusal still audited.
    if ('closed' in outcome) throw outcome.closed;
    return outcome;
  });
  if (result.riskAnswered) mailUrgentNow();
  return result;
}

/**
 * The urgent risk alert for one assignment (raised once, on draft, submit or a closed form) and the
 * therapist's notice. Returns whether an alert for this form now exists.
 */
async function raiseRiskAlert(
  tx: Transaction,
  row: AssignmentRow,
  instrument: Instrument,
  answers: Readonly<Record<string, unknown>>,
  responseId: string | null,
  stage: RiskContext['stage'],
  now: Date,
): Promise<boolean> {
  const item = riskItemOf(instrument);
  const draft = item ? riskAlert(item, answers, { assignmentId: row.id, stage, answeredAt: now }) : null;
  if (!draft) return false;
  await lockClientAlerts(tx, row.clientId);
  const [inserted] = await tx
    .insert(alerts)
    .values({ ...alertBase(row, responseId), ...draftColumns(draft), createdAt: now, lastRaisedAt: now })
    .onConflictDoNothing({ target: alerts.dedupeKey })
    .returning({ id: alerts.id });
  if (inserted) {
    await tx
      .insert(notifications)
      .values({
        clinicId: row.clinicId,
        userId: row.therapistId,
        kind: 'urgent_alert',
        alertId: inserted.id,
        link: `/therapist/clients/${row.clientId}#alerts`,
      })
      .onConflictDoNothing();
  } else if (responseId) {
    // The draft raised it already: link it to the stored response.
    await tx
      .update(alerts)
      .set({ responseId })
      .where(and(eq(alerts.dedupeKey, draft.dedupeKey), eq(alerts.clinicId, row.clinicId), isNull(alerts.responseId)));
  }
  return true;
}

function alertBase(row: AssignmentRow, responseId: string | null) {
  // The episode is the assignment: everything one response (and its drafts) raised, acknowledged once.
  return { clinicId: row.clinicId, clientId: row.clientId, therapistId: row.therapistId, responseId, episodeId: row.id };
}

function draftColumns(draft: AlertDraft) {
  return { kind: draft.kind, severity: draft.severity, rule: draft.rule, details: draft.details, dedupeKey: draft.dedupeKey };
}

async function raiseResponseAlerts(
  tx: Transaction,
  context: ClinicContext,
  row: AssignmentRow,
  instrument: Instrument,
  scores: ScoreResult,
  answers: Answers,
  responseId: string,
  now: Date,
): Promise<void> {
  if (hasRiskAnswer(instrument, answers)) await raiseRiskAlert(tx, row, instrument, answers, responseId, 'submitted', now);

  const thresholdInfo = {
    thresholds: { ...context.settings.alliance },
    settingsVersion: context.settingsVersion,
    // Which local-norms adoption the reliable-drop threshold came from (null: clinic defaults or set by hand).
    adoptedThresholdsVersion: context.settings.norms.adoptedVersion,
  };
  const isWai = instrument.key === 'wai-sr-client' || instrument.key === 'wai-sr-therapist';
  const priorHeadlines = instrument.key === 'wai-sr-therapist' ? [] : await priorHeadlinesOf(tx, row.clientId, instrument.key, responseId);
  const otherRating = isWai && row.sessionId ? await otherRatingOf(tx, row, instrument.key === 'wai-sr-client' ? 'wai-sr-therapist' : 'wai-sr-client') : null;
  const drafts = alertsForResponse(
    { responseId, sessionId: row.sessionId, instrumentKey: instrument.key, scores },
    { priorHeadlines, otherRating },
    context.settings,
    thresholdInfo,
  );

  if (drafts.length > 0 || instrument.key === 'wai-sr-client') await lockClientAlerts(tx, row.clientId);
  if (drafts.length > 0) {
    const open = await tx
      .select({ id: alerts.id, kind: alerts.kind, rule: alerts.rule, details: alerts.details, repairedAt: alerts.repairedAt })
      .from(alerts)
      .where(and(eq(alerts.clientId, row.clientId), eq(alerts.clinicId, row.clinicId), eq(alerts.status, 'open'), sql`${alerts.kind} <> 'risk'`))
      .orderBy(desc(alerts.createdAt));
    const openAlerts = open.map((a) => ({ ...a, details: a.details as Record<string, unknown>, repaired: a.repairedAt !== null }));
    for (const draft of drafts) {
      const existing = openAlertToMerge(openAlerts, draft);
      if (existing) {
        await tx
          .update(alerts)
          .set({
            details: mergedDetails(existing.details, draft),
            rule: draft.rule,
            lastRaisedAt: now,
            raiseCount: sql`${alerts.raiseCount} + 1`,
            episodeId: row.id,
            therapistId: row.therapistId,
          })
          .where(and(eq(alerts.id, existing.id), eq(alerts.clinicId, row.clinicId)));
      } else {
        await tx
          .insert(alerts)
          .values({ ...alertBase(row, responseId), ...draftColumns(draft), createdAt: now, lastRaisedAt: now })
          .onConflictDoNothing({ target: alerts.dedupeKey });
      }
    }
  }
  if (instrument.key === 'wai-sr-client') await markRepairs(tx, row.clientId, scores.mean, responseId, now);
}

/** Earlier headline scores of one instrument for a client, oldest first. */
async function priorHeadlinesOf(tx: Transaction, clientId: string, instrumentKey: string, excludeResponseId: string): Promise<number[]> {
  const rows = await tx
    .select({ score: measureResponses.headlineScore })
    .from(measureResponses)
    .where(and(eq(measureResponses.clientId, clientId), eq(measureResponses.instrumentKey, instrumentKey), sql`${measureResponses.id} <> ${excludeResponseId}`))
    .orderBy(asc(measureResponses.submittedAt));
  return rows.map((r) => r.score);
}

/** The other respondent's WAI-SR scores for the same session, if given. */
async function otherRatingOf(tx: Transaction, row: AssignmentRow, otherKey: string): Promise<ScoreResult | null> {
  const [other] = await tx
    .select({ scores: measureResponses.scores })
    .from(measureResponses)
    .where(and(eq(measureResponses.sessionId, row.sessionId!), eq(measureResponses.instrumentKey, otherKey), eq(measureResponses.clientId, row.clientId)))
    .limit(1);
  return other ? (other.scores as ScoreResult) : null;
}

/** A rupture is repaired when one of the next three client measurements is back at the pre-drop level. */
async function markRepairs(tx: Transaction, clientId: string, mean: number, responseId: string, now: Date): Promise<void> {
  const candidates = await tx
    .select({
      id: alerts.id,
      details: alerts.details,
      rupturedAt: sql<Date>`coalesce(${alerts.lastRaisedAt}, ${measureResponses.submittedAt})`.mapWith(alerts.createdAt),
    })
    .from(alerts)
    .innerJoin(measureResponses, eq(measureResponses.id, alerts.responseId))
    .where(and(eq(alerts.clientId, clientId), eq(alerts.kind, 'rupture'), isNull(alerts.repairedAt), sql`${alerts.responseId} <> ${responseId}`));
  for (const alert of candidates) {
    // Measurements since the rupture (or its last new drop), this one included.
    const [since] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(measureResponses)
      .where(
        and(eq(measureResponses.clientId, clientId), eq(measureResponses.instrumentKey, 'wai-sr-client'), gt(measureResponses.submittedAt, alert.rupturedAt)),
      );
    if (repairsRupture(alert.details as Record<string, unknown>, mean, since?.n ?? 0))
      await tx.update(alerts).set({ repairedAt: now }).where(eq(alerts.id, alert.id));
  }
}
