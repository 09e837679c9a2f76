import 'server-only';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@/lib/authz/policy';
import { bandFor, getInstrument } from '@/lib/instruments';
import { localDate } from '@/lib/time';
import type { CaseloadQuery, CaseloadSort, NewClient } from '@/lib/validation/caseload';
import { getDb } from '@/db/client';
import { alerts, caseloadHistory, clients, measureAssignments, measureResponses, therapySessions, treatmentPlans } from '@/db/schema';
import { requirePermission, auditRead, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { displayName } from './clients';
import { clientsInScope, outerClientId } from './scope';

/*
 * The therapist's caseload as a server-side table: filter, sort and page in SQL, fetching only the
 * rows shown. Latest values come from the (client, instrument, time) index, never from a history scan.
 */

export type CaseloadTableRow = {
  id: string;
  name: string;
  status: 'active' | 'waitlist' | 'discharged';
  attendedSessions: number;
  lastSessionAt: Date | null;
  alliance: number | null;
  allianceTrend: number[];
  phq9: { total: number; band: string } | null;
  gad7: { total: number; band: string } | null;
  openAlerts: number;
  urgentAlerts: number;
  nextReviewDate: string | null;
  reviewDue: boolean;
  /** The client's own forms due in the last FORMS_WINDOW_DAYS: answered, of those answered or expired. */
  forms: { completed: number; decided: number };
};

/** The caseload's "Forms done" window. */
export const FORMS_WINDOW_DAYS = 90;

export type CaseloadPage = { rows: CaseloadTableRow[]; total: number; page: number; pageSize: number };

const CLIENT = outerClientId;
const latest = (key: string) =>
  sql<
    number | null
  >`(select r.headline_score from ${measureResponses} r where r.client_id = ${CLIENT} and r.instrument_key = ${key} order by r.submitted_at desc limit 1)`;

export async function listCaseloadPage(actor: Actor, query: CaseloadQuery): Promise<CaseloadPage> {
  await requirePermission(actor, 'caseload:read', { action: 'caseload.read' });
  const db = getDb();
  const { timeZone } = await clinicContext(db, actor.clinicId);
  const today = localDate(new Date(), timeZone);

  const attended = sql<number>`(select count(*)::int from ${therapySessions} s where s.client_id = ${CLIENT} and s.attendance = 'attended')`;
  const lastSession = sql<string | null>`(select max(s.occurred_at) from ${therapySessions} s where s.client_id = ${CLIENT} and s.attendance = 'attended')`;
  const alliance = latest('wai-sr-client');
  const phq9 = latest('phq-9');
  const gad7 = latest('gad-7');
  const openAlerts = sql<number>`(select count(*)::int from ${alerts} a where a.client_id = ${CLIENT} and a.status = 'open')`;
  const urgentAlerts = sql<number>`(select count(*)::int from ${alerts} a where a.client_id = ${CLIENT} and a.status = 'open' and a.severity = 'urgent')`;
  const nextReview = sql<
    string | null
  >`(select p.next_review_date::text from ${treatmentPlans} p where p.client_id = ${CLIENT} and p.status = 'active' limit 1)`;
  const trend = sql<
    number[] | null
  >`(select array_agg(x.headline_score order by x.submitted_at) from (select r.headline_score, r.submitted_at from ${measureResponses} r where r.client_id = ${CLIENT} and r.instrument_key = 'wai-sr-client' order by r.submitted_at desc limit 8) x)`;

  // As lib/reminders/completion.ts counts them: cancelled forms left out, open ones not decided yet.
  const now = new Date();
  const formsFrom = new Date(now.getTime() - FORMS_WINDOW_DAYS * 86_400_000).toISOString();
  const clientForms = sql`m.client_id = ${CLIENT} and m.respondent = 'client' and m.due_at >= ${formsFrom}::timestamptz`;
  const formsCompleted = sql<number>`(select count(*)::int from ${measureAssignments} m where ${clientForms} and m.status = 'completed')`;
  const formsDecided = sql<number>`(select count(*)::int from ${measureAssignments} m where ${clientForms} and (m.status in ('completed', 'expired') or (m.status in ('pending', 'in_progress') and m.expires_at <= ${now.toISOString()}::timestamptz)))`;

  const filters: (SQL | undefined)[] = [clientsInScope(actor, 'caseload:read')];
  if (query.status === 'current') filters.push(inArray(clients.status, ['active', 'waitlist']));
  else if (query.status !== 'all') filters.push(eq(clients.status, query.status));
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
    // Full names match too ("jordan lee"), with the preferred name as an alternative first name.
    filters.push(
      or(
        ilike(sql`concat_ws(' ', ${clients.firstName}, ${clients.lastName})`, pattern),
        ilike(sql`concat_ws(' ', ${clients.preferredName}, ${clients.lastName})`, pattern),
      ),
    );
  }
  if (query.alerts) filters.push(sql`exists (select 1 from ${alerts} a where a.client_id = ${CLIENT} and a.status = 'open')`);
  if (query.reviewDue)
    filters.push(
      sql`exists (select 1 from ${treatmentPlans} p where p.client_id = ${CLIENT} and p.status = 'active' and p.next_review_date <= ${today}::date)`,
    );
  const where = and(...filters);

  const sortExpressions: Record<CaseloadSort, SQL> = {
    name: sql`lower(${clients.lastName})`,
    status: sql`${clients.status}`,
    sessions: attended,
    lastSession: lastSession,
    alliance,
    phq9,
    gad7,
    alerts: sql`(${urgentAlerts}) * 1000 + (${openAlerts})`,
    reviewDue: nextReview,
    forms: sql`(${formsCompleted})::float / nullif(${formsDecided}, 0)`,
  };
  const direction = query.dir === 'desc' ? sql`desc` : sql`asc`;
  const primary = sql`${sortExpressions[query.sort]} ${direction} nulls last`;

  const [countRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(clients)
    .where(where);
  const total = countRow?.n ?? 0;
  const rows = await db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      preferredName: clients.preferredName,
      status: clients.status,
      attended,
      lastSession,
      alliance,
      trend,
      phq9,
      gad7,
      openAlerts,
      urgentAlerts,
      nextReview,
      formsCompleted,
      formsDecided,
    })
    .from(clients)
    .where(where)
    .orderBy(primary, asc(clients.lastName), asc(clients.firstName), asc(clients.id))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  await auditRead(db, actor, { action: 'caseload.read', outcome: 'success', details: { rows: rows.length, page: query.page } });

  const phqInstrument = getInstrument('phq-9');
  const gadInstrument = getInstrument('gad-7');
  return {
    total,
    page: query.page,
    pageSize: query.size,
    rows: rows.map((r) => ({
      id: r.id,
      name: displayName(r),
      status: r.status,
      attendedSessions: r.attended,
      lastSessionAt: r.lastSession ? new Date(r.lastSession) : null,
      alliance: r.alliance === null ? null : Number(r.alliance),
      allianceTrend: (r.trend ?? []).map(Number),
      phq9: r.phq9 === null ? null : { total: Number(r.phq9), band: bandFor(phqInstrument, Number(r.phq9))?.label ?? '' },
      gad7: r.gad7 === null ? null : { total: Number(r.gad7), band: bandFor(gadInstrument, Number(r.gad7))?.label ?? '' },
      openAlerts: r.openAlerts,
      urgentAlerts: r.urgentAlerts,
      nextReviewDate: r.nextReview,
      reviewDue: r.nextReview !== null && r.nextReview <= today,
      forms: { completed: r.formsCompleted, decided: r.formsDecided },
    })),
  };
}

/** A therapist adds a client to their own caseload. */
export async function createClient(actor: Actor, input: NewClient): Promise<{ id: string }> {
  await requirePermission(actor, 'client:create', { action: 'client.create' });
  return getDb().transaction(async (tx) => {
    const { timeZone } = await clinicContext(tx, actor.clinicId);
    const [created] = await tx
      .insert(clients)
      .values({
        clinicId: actor.clinicId,
        firstName: input.firstName,
        lastName: input.lastName,
        preferredName: input.preferredName,
        dateOfBirth: input.dateOfBirth,
        email: input.email,
        status: input.status,
        primaryTherapistId: actor.userId,
        intakeDate: localDate(new Date(), timeZone),
      })
      .returning({ id: clients.id });
    await tx.insert(caseloadHistory).values({ clinicId: actor.clinicId, clientId: created!.id, therapistId: actor.userId, reason: 'New client' });
    await writeAudit(tx, actor, { action: 'client.create', outcome: 'success', targetType: 'client', targetId: created!.id, clientId: created!.id });
    return { id: created!.id };
  });
}
