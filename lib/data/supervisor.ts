import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { unansweredRuptures } from '@/lib/alliance/attention';
import { responseRate, ruptureCountStats, shrinkTherapistMeans, summariseOutcomes } from '@/lib/alliance/supervision';
import type { Actor } from '@/lib/authz/policy';
import { remindersSince } from '@/lib/reminders/completion';
import type { DateRange, SupervisionNote } from '@/lib/validation/supervision';
import { getAnalyticsDb, getDb } from '@/db/client';
import { pgArrayLiteral, queryRows } from '@/db/raw';
import { alerts, clients, measureResponses, supervision, supervisionNotes, supervisionRollup, users } from '@/db/schema';
import { toCsv, type CsvColumn } from '@/lib/csv';
import { clinicDayRange, localMonth } from '@/lib/time';
import { auditRefusals, refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { exportPseudonyms } from './pseudonyms';
import { clinicContext } from './clinic';
import { therapistCompletionCounts, therapistCompletionReport, type TherapistCompletionReport } from './completion';
import { displayName, isUuid } from './clients';
import { NotFoundError } from './errors';
import { outerClientId } from './scope';

/*
 * Supervisor audit of alliance quality: one row per supervised therapist over a date range, with
 * raw and shrunken (empirical-Bayes) alliance means so therapists with few clients are not judged
 * on noise. Measures count for the therapist who treated the client at the time.
 */

const SCALES = ['overall', 'goal', 'task', 'bond'] as const;
type Scale = (typeof SCALES)[number];

export type Estimate = { n: number; rawMean: number | null; estimate: number | null; lower: number | null; upper: number | null; shrinkage: number | null };

export type TherapistComparisonRow = {
  therapistId: string;
  name: string;
  activeClients: number;
  measures: { due: number; completed: number; rate: number | null };
  alliance: Record<Scale, Estimate>;
  belowThreshold: { n: number; below: number; share: number | null };
  /** notAnsweredIn7Days: acknowledged after 7 days, or still unacknowledged 7 days after detection (as of the read). */
  ruptures: { detected: number; acknowledgedWithin7Days: number; notAnsweredIn7Days: number; repaired: number; repairRate: number | null };
  ratingGap: { sessions: number; meanGap: number | null };
  phq9: { n: number; improved: number; deteriorated: number };
  gad7: { n: number; improved: number; deteriorated: number };
};

export type SupervisorComparison = {
  range: DateRange;
  rows: TherapistComparisonRow[];
  clinic: { grandMean: number | null; tau2: number | null; method: string; reason: string | null; interval: number; lowAlliance: number };
  /** Form completion per therapist over the range, from the same count as measures.due/completed. */
  completion: TherapistCompletionReport;
};

async function supervisedTherapists(actor: Actor) {
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(supervision)
    .innerJoin(users, eq(users.id, supervision.therapistId))
    .where(
      and(
        eq(supervision.clinicId, actor.clinicId),
        eq(supervision.supervisorId, actor.userId),
        isNull(supervision.endedAt),
        eq(users.clinicId, actor.clinicId),
      ),
    )
    .orderBy(asc(users.name));
}

/**
 * Each client's latest PHQ-9 / GAD-7 score in the range (the response at the instant the rollup
 * names) and their first ever (the baseline), keyed `instrument:client`. Looked up by index for the
 * few clients concerned: picking them inside the rollup's aggregate cost more than the rest of it.
 */
async function outcomeScores(
  db: ReturnType<typeof getAnalyticsDb>,
  phq9: readonly { clientId: string; atText: string }[],
  gad7: readonly { clientId: string; atText: string }[],
): Promise<Map<string, { baseline: number; latest: number }>> {
  // The clients and instants go as two array parameters, so the statement's text (and its prepared
  // plan) is the same whatever the number of clients; a VALUES list of 1,000 pairs cost more to
  // build in drizzle and to parse in PostgreSQL than the lookups themselves.
  const parts = (
    [
      ['phq-9', phq9],
      ['gad-7', gad7],
    ] as const
  )
    .filter(([, latest]) => latest.length > 0)
    .map(
      ([key, latest]) => sql`select ${key}::text as key, l.client_id::text as client_id,
        (select r.headline_score from ${measureResponses} r where r.client_id = l.client_id and r.instrument_key = ${key} and r.submitted_at = l.at limit 1) as latest,
        (select b.headline_score from ${measureResponses} b where b.client_id = l.client_id and b.instrument_key = ${key} order by b.submitted_at asc limit 1) as baseline
      from unnest(${pgArrayLiteral(latest.map((o) => o.clientId))}::uuid[], ${pgArrayLiteral(latest.map((o) => o.atText))}::timestamptz[]) as l(client_id, at)`,
    );
  if (parts.length === 0) return new Map();
  const rows = await queryRows<{ key: string; client_id: string; latest: number; baseline: number }>(db, sql.join(parts, sql` union all `));
  return new Map(rows.map((r) => [`${r.key}:${r.client_id}`, { baseline: Number(r.baseline), latest: Number(r.latest) }]));
}

type RollupRow = {
  therapistId: string;
  clientId: string;
  n: number;
  overall: number | null;
  goal: number | null;
  task: number | null;
  bond: number | null;
  below: number;
  gapSessions: number;
  gapSum: number | null;
  ruptures: number;
  acknowledgedWithin7Days: number;
  repaired: number;
  unrepaired: number;
  phq9At: number | null;
  phq9AtText: string | null;
  gad7At: number | null;
  gad7AtText: string | null;
};

/**
 * The rollup's figures per (therapist at the time, client) over the range, read raw with the DTO's
 * own names as column aliases: hundreds of rows of 18 columns each went through
 * drizzle's per-field row mapping for nothing (values need no decoding), a measured share of the
 * page's CPU. phq9At/gad7At: when the client's latest PHQ-9 / GAD-7 in the range was taken, as a
 * number to pick the latest across therapists and as text to look it up exactly (outcomeScores).
 */
async function readRollup(db: ReturnType<typeof getAnalyticsDb>, clinicId: string, therapistIds: readonly string[], range: DateRange): Promise<RollupRow[]> {
  const r = supervisionRollup;
  return queryRows<RollupRow>(
    db,
    sql`select ${r.therapistId}::text as "therapistId", ${r.clientId}::text as "clientId",
      sum(${r.waiN})::int as "n", sum(${r.overallSum}) as "overall", sum(${r.goalSum}) as "goal", sum(${r.taskSum}) as "task", sum(${r.bondSum}) as "bond",
      sum(${r.belowN})::int as "below", sum(${r.gapSessions})::int as "gapSessions", sum(${r.gapSum}) as "gapSum",
      sum(${r.ruptures})::int as "ruptures", sum(${r.rupturesAcknowledgedWithin7Days})::int as "acknowledgedWithin7Days",
      sum(${r.rupturesRepaired})::int as "repaired", sum(${r.rupturesUnrepaired})::int as "unrepaired",
      extract(epoch from max(${r.phq9LastAt}))::float8 as "phq9At", max(${r.phq9LastAt})::text as "phq9AtText",
      extract(epoch from max(${r.gad7LastAt}))::float8 as "gad7At", max(${r.gad7LastAt})::text as "gad7AtText"
    from ${r}
    where ${and(
      eq(r.clinicId, clinicId),
      inArray(r.therapistId, [...therapistIds]),
      gte(r.day, range.from),
      lte(r.day, range.to),
      // A rating pair that spans days counts when both its days are in the range (schema.ts).
      gte(r.sinceDay, range.from),
    )}
    group by ${r.therapistId}, ${r.clientId}`,
  );
}

export async function getSupervisorComparison(actor: Actor, range: DateRange, now: Date = new Date()): Promise<SupervisorComparison> {
  await requirePermission(actor, 'supervision:read', { action: 'supervision.comparison.read' });
  const db = getDb();
  // Independent reads: one round trip instead of two before the aggregates.
  const [{ settings, timeZone }, therapists] = await Promise.all([clinicContext(db, actor.clinicId), supervisedTherapists(actor)]);
  const ids = therapists.map((t) => t.id);
  const bounds = clinicDayRange(range, timeZone);
  const { start, end } = bounds;
  const since = remindersSince(settings.reminders);
  const none = ids.length === 0;
  // The aggregates may come from the read replica; who is supervised (above) and the audit come from the primary.
  const analytics = getAnalyticsDb();

  const [active, due, rollup, lateRuptures] = none
    ? [[], [], [], []]
    : await Promise.all([
        analytics
          .select({ therapistId: clients.primaryTherapistId, n: sql<number>`count(*)::int` })
          .from(clients)
          .where(and(eq(clients.clinicId, actor.clinicId), inArray(clients.primaryTherapistId, ids), eq(clients.status, 'active')))
          .groupBy(clients.primaryTherapistId),
        // Client forms due in the range, per therapist and before/after reminders: the response rate and the completion table.
        therapistCompletionCounts(analytics, actor.clinicId, ids, bounds, now, since),
        // Everything else from the rollup (db/supervision-rollup.ts), per (therapist at the time, client):
        // a few rows per client and day instead of every response, alert and subquery behind them.
        readRollup(analytics, actor.clinicId, ids, range),
        // Ruptures not acknowledged within 7 days: whether one still open is late depends on now, so
        // these few are read from the alerts themselves (by the therapist the alert names, as the rollup).
        analytics
          .select({ therapistId: alerts.therapistId, detectedAt: alerts.createdAt, acknowledgedAt: alerts.acknowledgedAt })
          .from(alerts)
          .where(
            and(
              eq(alerts.clinicId, actor.clinicId),
              inArray(alerts.therapistId, ids),
              eq(alerts.kind, 'rupture'),
              gte(alerts.createdAt, start),
              lt(alerts.createdAt, end),
              sql`(${alerts.acknowledgedAt} is null or ${alerts.acknowledgedAt} > ${alerts.createdAt} + interval '7 days')`,
            ),
          ),
      ]);

  // Alliance: one mean per client (per scale), grouped by the therapist at the time.
  const waiRows = rollup.filter((c) => c.n > 0);
  const estimates = Object.fromEntries(
    SCALES.map((scale) => {
      const groups = ids.map((therapistId) => ({
        therapistId,
        clientMeans: waiRows.filter((c) => c.therapistId === therapistId).map((c) => Number(c[scale]) / c.n),
      }));
      return [scale, shrinkTherapistMeans(groups)];
    }),
  ) as Record<Scale, ReturnType<typeof shrinkTherapistMeans>>;

  // Outcomes: each client's latest PHQ-9 / GAD-7 in the range counts for the therapist who took it.
  const latestOutcomes = (key: 'phq-9' | 'gad-7') => {
    const at = key === 'phq-9' ? 'phq9At' : 'gad7At';
    const latest = new Map<string, { therapistId: string; clientId: string; at: number; atText: string }>();
    for (const row of rollup) {
      const atText = key === 'phq-9' ? row.phq9AtText : row.gad7AtText;
      if (row[at] === null || atText === null) continue;
      const seen = latest.get(row.clientId);
      if (!seen || Number(row[at]) > seen.at) latest.set(row.clientId, { therapistId: row.therapistId, clientId: row.clientId, at: Number(row[at]), atText });
    }
    return [...latest.values()];
  };
  const phq9Latest = latestOutcomes('phq-9');
  const gad7Latest = latestOutcomes('gad-7');
  const scores = await outcomeScores(analytics, phq9Latest, gad7Latest);

  const rows: TherapistComparisonRow[] = therapists.map((t) => {
    const forms = due.filter((x) => x.therapistId === t.id);
    const rate = responseRate(
      forms.reduce((n, x) => n + x.assigned, 0),
      forms.reduce((n, x) => n + x.completed, 0),
    );
    const mine = rollup.filter((r) => r.therapistId === t.id);
    const total = (figure: 'n' | 'below' | 'gapSessions' | 'ruptures' | 'acknowledgedWithin7Days' | 'repaired' | 'unrepaired') =>
      mine.reduce((sum, r) => sum + r[figure], 0);
    const ruptures = ruptureCountStats({
      detected: total('ruptures'),
      acknowledgedWithin7Days: total('acknowledgedWithin7Days'),
      repaired: total('repaired'),
      unrepaired: total('unrepaired'),
    });
    const gapSessions = total('gapSessions');
    const gapSum = mine.reduce((sum, r) => sum + Number(r.gapSum ?? 0), 0);
    const rated = total('n');
    const below = total('below');
    const outcomes = (latest: typeof phq9Latest, key: 'phq-9' | 'gad-7', threshold: number) => {
      const mine = latest.filter((o) => o.therapistId === t.id).map((o) => scores.get(`${key}:${o.clientId}`)!);
      const summary = summariseOutcomes(mine, threshold);
      return { n: summary.n, improved: summary.improved, deteriorated: summary.deteriorated };
    };
    const alliance = Object.fromEntries(
      SCALES.map((scale) => {
        const e = estimates[scale].therapists.find((x) => x.therapistId === t.id)!;
        return [scale, { n: e.n, rawMean: e.rawMean, estimate: e.estimate, lower: e.lower, upper: e.upper, shrinkage: e.shrinkage }];
      }),
    ) as Record<Scale, Estimate>;
    return {
      therapistId: t.id,
      name: t.name,
      activeClients: active.find((a) => a.therapistId === t.id)?.n ?? 0,
      measures: { due: rate.due, completed: rate.completed, rate: rate.rate },
      alliance,
      belowThreshold: { n: rated, below, share: rated === 0 ? null : below / rated },
      ruptures: {
        detected: ruptures.detected,
        acknowledgedWithin7Days: ruptures.acknowledgedWithin7Days,
        notAnsweredIn7Days: unansweredRuptures(
          lateRuptures.filter((r) => r.therapistId === t.id),
          now,
        ),
        repaired: ruptures.repaired,
        repairRate: ruptures.repairRate,
      },
      ratingGap: { sessions: gapSessions, meanGap: gapSessions === 0 ? null : gapSum / gapSessions },
      phq9: outcomes(phq9Latest, 'phq-9', settings.outcomes.phq9ReliableChange),
      gad7: outcomes(gad7Latest, 'gad-7', settings.outcomes.gad7ReliableChange),
    };
  });
  await auditRead(db, actor, {
    action: 'supervision.comparison.read',
    outcome: 'success',
    details: { from: range.from, to: range.to, therapists: rows.length },
  });
  const overall = estimates.overall;
  return {
    range,
    rows,
    clinic: {
      grandMean: overall.grandMean,
      tau2: overall.tau2,
      method: overall.method,
      reason: overall.reason,
      interval: overall.interval,
      lowAlliance: settings.alliance.lowAlliance,
    },
    completion: therapistCompletionReport(range, therapists, due, since),
  };
}

/** The therapist, if this supervisor currently supervises them (404 otherwise, never revealing them). */
export async function getSupervisedTherapist(actor: Actor, therapistId: string): Promise<{ id: string; name: string }> {
  return supervisedTherapist(actor, therapistId, 'supervision.therapist.read', { audit: true });
}

/**
 * The scope check itself, refusing under the calling function's action; the list functions below
 * use it without a success event of its own.
 */
async function supervisedTherapist(actor: Actor, therapistId: string, action: string, { audit }: { audit: boolean }): Promise<{ id: string; name: string }> {
  const attempt = { action, targetType: 'user', targetId: therapistId };
  await requirePermission(actor, 'supervision:read', attempt);
  if (!isUuid(therapistId)) return refuseOutOfScope(actor, attempt, 'therapist');
  const db = getDb();
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(supervision)
    .innerJoin(users, eq(users.id, supervision.therapistId))
    .where(
      and(
        eq(supervision.clinicId, actor.clinicId),
        eq(supervision.supervisorId, actor.userId),
        eq(supervision.therapistId, therapistId),
        isNull(supervision.endedAt),
        eq(users.clinicId, actor.clinicId),
      ),
    )
    .limit(1);
  if (!row) return refuseOutOfScope(actor, attempt, 'therapist');
  if (audit) await auditRead(db, actor, { action, outcome: 'success', targetType: 'user', targetId: row.id });
  return row;
}

export type SupervisedClient = { id: string; name: string; status: 'active' | 'waitlist' | 'discharged'; latestAlliance: number | null; openAlerts: number };

/** A supervised therapist's clients (read-only summary). */
export async function listSupervisedTherapistClients(actor: Actor, therapistId: string): Promise<SupervisedClient[]> {
  const therapist = await supervisedTherapist(actor, therapistId, 'supervision.therapist.clients.read', { audit: false });
  const CLIENT = outerClientId;
  const rows = await getDb()
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      preferredName: clients.preferredName,
      status: clients.status,
      latestAlliance: sql<
        number | null
      >`(select r.headline_score from ${measureResponses} r where r.client_id = ${CLIENT} and r.instrument_key = 'wai-sr-client' order by r.submitted_at desc limit 1)`,
      openAlerts: sql<number>`(select count(*)::int from ${alerts} a where a.client_id = ${CLIENT} and a.status = 'open')`,
    })
    .from(clients)
    .where(and(eq(clients.clinicId, actor.clinicId), eq(clients.primaryTherapistId, therapist.id)))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
  return rows.map((r) => ({
    id: r.id,
    name: displayName(r),
    status: r.status,
    latestAlliance: r.latestAlliance === null ? null : Number(r.latestAlliance),
    openAlerts: r.openAlerts,
  }));
}

export type TherapistAlertRow = {
  id: string;
  clientId: string;
  clientName: string;
  kind: string;
  severity: 'info' | 'warning' | 'urgent';
  rule: string;
  details: Record<string, unknown>;
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgementNote: string | null;
  repairedAt: Date | null;
  escalatedAt: Date | null;
};

/** A supervised therapist's alerts and how they were handled, newest first. */
export async function listTherapistAlerts(actor: Actor, therapistId: string, limit = 500): Promise<TherapistAlertRow[]> {
  return therapistAlerts(actor, therapistId, limit, 'supervision.therapist.alerts.read');
}

async function therapistAlerts(actor: Actor, therapistId: string, limit: number, action: string): Promise<TherapistAlertRow[]> {
  const therapist = await supervisedTherapist(actor, therapistId, action, { audit: false });
  const rows = await getDb()
    .select({
      id: alerts.id,
      clientId: alerts.clientId,
      firstName: clients.firstName,
      lastName: clients.lastName,
      preferredName: clients.preferredName,
      kind: alerts.kind,
      details: alerts.details,
      severity: alerts.severity,
      rule: alerts.rule,
      status: alerts.status,
      createdAt: alerts.createdAt,
      acknowledgedAt: alerts.acknowledgedAt,
      acknowledgementNote: alerts.acknowledgementNote,
      repairedAt: alerts.repairedAt,
      escalatedAt: alerts.escalatedAt,
    })
    .from(alerts)
    .innerJoin(clients, eq(clients.id, alerts.clientId))
    .where(and(eq(alerts.clinicId, actor.clinicId), eq(alerts.therapistId, therapist.id)))
    .orderBy(desc(alerts.createdAt))
    .limit(limit);
  return rows.map(({ firstName, lastName, preferredName, details, ...r }) => ({
    ...r,
    details: (details ?? {}) as Record<string, unknown>,
    clientName: displayName({ firstName, lastName, preferredName }),
  }));
}

/** A supervision note on a supervised therapist, or on one of their alerts. */
export async function addSupervisionNote(actor: Actor, therapistId: string, input: SupervisionNote, alertId?: string): Promise<{ id: string }> {
  const action = 'supervision.note.create';
  const therapist = await supervisedTherapist(actor, therapistId, action, { audit: false });
  const db = getDb();
  const attempt = alertId === undefined ? { action, targetType: 'user', targetId: therapist.id } : { action, targetType: 'alert', targetId: alertId };
  return auditRefusals(actor, attempt, () =>
    db.transaction(async (tx) => {
      if (alertId !== undefined) {
        const [alert] = isUuid(alertId)
          ? await tx
              .select({ id: alerts.id })
              .from(alerts)
              .where(and(eq(alerts.id, alertId), eq(alerts.therapistId, therapist.id), eq(alerts.clinicId, actor.clinicId)))
              .limit(1)
          : [];
        if (!alert) throw new NotFoundError('alert');
      }
      const [created] = await tx
        .insert(supervisionNotes)
        .values({ clinicId: actor.clinicId, supervisorId: actor.userId, therapistId: therapist.id, alertId: alertId ?? null, note: input.note })
        .returning({ id: supervisionNotes.id });
      await writeAudit(tx, actor, { action, outcome: 'success', targetType: alertId ? 'alert' : 'user', targetId: alertId ?? therapist.id });
      return { id: created!.id };
    }),
  );
}

export async function listSupervisionNotes(
  actor: Actor,
  therapistId: string,
): Promise<{ id: string; alertId: string | null; note: string; createdAt: Date; author: string }[]> {
  const therapist = await supervisedTherapist(actor, therapistId, 'supervision.notes.read', { audit: false });
  return getDb()
    .select({
      id: supervisionNotes.id,
      alertId: supervisionNotes.alertId,
      note: supervisionNotes.note,
      createdAt: supervisionNotes.createdAt,
      author: users.name,
    })
    .from(supervisionNotes)
    .innerJoin(users, eq(users.id, supervisionNotes.supervisorId))
    .where(and(eq(supervisionNotes.clinicId, actor.clinicId), eq(supervisionNotes.therapistId, therapist.id)))
    .orderBy(desc(supervisionNotes.createdAt));
}

/**
 * The first line of a de-identified alert export: what it protects and what it does not. One cell
 * without commas, starting with '#', so tools that skip comment lines skip it and a spreadsheet
 * shows it as one line above the header.
 */
export const DEIDENTIFIED_EXPORT_NOTE =
  '# Pseudonymised alert history of one therapist: clients and alerts appear as keyed pseudonyms (HMAC-SHA-256 with a secret key of this clinic held by the server) that stay the same across exports until an admin rotates them; dates are to the month; no names; no notes. It is NOT anonymous: the months and the kinds and rules of the alerts can still single a client out to someone who knows the caseload. Keep it confidential.';
const fixed = (v: number | null, digits = 2) => (v === null ? '' : v.toFixed(digits));

/** The comparison table as CSV. Therapists are staff and named; no client appears in it. */
export async function exportSupervisorCsv(actor: Actor, range: DateRange): Promise<string> {
  await requirePermission(actor, 'supervision:read', { action: 'supervision.export.comparison' });
  const comparison = await getSupervisorComparison(actor, range);
  await writeAudit(getDb(), actor, { action: 'supervision.export.comparison', outcome: 'success', details: { from: range.from, to: range.to } });
  const { timeZone } = await clinicContext(getDb(), actor.clinicId);
  return toCsv(
    comparison.rows,
    [
      { header: 'therapist', value: (r) => r.name },
      { header: 'active_clients', value: (r) => r.activeClients },
      { header: 'measures_due', value: (r) => r.measures.due },
      { header: 'measures_completed', value: (r) => r.measures.completed },
      { header: 'response_rate', value: (r) => fixed(r.measures.rate) },
      { header: 'alliance_clients_n', value: (r) => r.alliance.overall.n },
      { header: 'alliance_raw_mean', value: (r) => fixed(r.alliance.overall.rawMean) },
      { header: 'alliance_estimate', value: (r) => fixed(r.alliance.overall.estimate) },
      { header: 'alliance_90_lower', value: (r) => fixed(r.alliance.overall.lower) },
      { header: 'alliance_90_upper', value: (r) => fixed(r.alliance.overall.upper) },
      { header: 'goal_estimate', value: (r) => fixed(r.alliance.goal.estimate) },
      { header: 'task_estimate', value: (r) => fixed(r.alliance.task.estimate) },
      { header: 'bond_estimate', value: (r) => fixed(r.alliance.bond.estimate) },
      { header: 'share_below_threshold', value: (r) => fixed(r.belowThreshold.share) },
      { header: 'ruptures_detected', value: (r) => r.ruptures.detected },
      { header: 'ruptures_acknowledged_within_7_days', value: (r) => r.ruptures.acknowledgedWithin7Days },
      { header: 'ruptures_repaired', value: (r) => r.ruptures.repaired },
      { header: 'mean_client_minus_therapist_gap', value: (r) => fixed(r.ratingGap.meanGap) },
      { header: 'phq9_improved', value: (r) => r.phq9.improved },
      { header: 'phq9_deteriorated', value: (r) => r.phq9.deteriorated },
      { header: 'gad7_improved', value: (r) => r.gad7.improved },
      { header: 'gad7_deteriorated', value: (r) => r.gad7.deteriorated },
    ],
    { timeZone },
  );
}

/**
 * A therapist's alert history as CSV. De-identified by default: clients as pseudonyms, dates to the
 * month, no notes. `identified` (names, exact times, notes) is for the supervisor's own records.
 */
export async function exportTherapistAlertsCsv(actor: Actor, therapistId: string, { identified = false } = {}): Promise<string> {
  const rows = await therapistAlerts(actor, therapistId, 10_000, 'supervision.export.alerts');
  const pseudonym = await exportPseudonyms(getDb(), actor.clinicId);
  await writeAudit(getDb(), actor, {
    action: 'supervision.export.alerts',
    outcome: 'success',
    targetType: 'user',
    targetId: therapistId,
    details: { rows: rows.length, identified },
  });
  const { timeZone } = await clinicContext(getDb(), actor.clinicId);
  // De-identified months are the clinic's calendar months, as the identified times are clinic-local.
  const month = (d: Date | null) => (d ? localMonth(d, timeZone) : '');
  const columns: CsvColumn<TherapistAlertRow>[] = [
    { header: 'alert', value: (r) => (identified ? r.id : pseudonym('A', r.id)) },
    { header: 'client', value: (r) => (identified ? r.clientName : pseudonym('C', r.clientId)) },
    { header: 'kind', value: (r) => r.kind },
    { header: 'severity', value: (r) => r.severity },
    { header: 'rule', value: (r) => r.rule },
    { header: 'status', value: (r) => r.status },
    identified ? { header: 'created_at', instant: (r) => r.createdAt } : { header: 'created_month', value: (r) => month(r.createdAt) },
    identified ? { header: 'acknowledged_at', instant: (r) => r.acknowledgedAt } : { header: 'acknowledged_month', value: (r) => month(r.acknowledgedAt) },
    { header: 'acknowledged_within_7_days', value: (r) => (r.acknowledgedAt ? r.acknowledgedAt.getTime() - r.createdAt.getTime() <= 7 * 86_400_000 : false) },
    { header: 'repaired', value: (r) => r.repairedAt !== null },
    { header: 'escalated', value: (r) => r.escalatedAt !== null },
    ...(identified ? [{ header: 'acknowledgement_note', value: (r: TherapistAlertRow) => r.acknowledgementNote }] : []),
  ];
  const csv = toCsv(rows, columns, { timeZone });
  return identified ? csv : `${DEIDENTIFIED_EXPORT_NOTE}\r\n${csv}`;
}
