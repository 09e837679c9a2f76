import { count, eq } from 'drizzle-orm';
import { alertsForResponse, replayDrafts, replayRepairs, type ReplayedAlert } from '@/lib/alliance/alerts';
import { hashPassword } from '@/lib/auth/hash';
import { getInstrument, headlineScore, scoreResponse, type Answers, type Instrument, type ScoreResult } from '@/lib/instruments';
import { buildPlanSnapshot } from '@/lib/plans/diff';
import { readClinicSettings } from '@/lib/validation/settings';
import type { Database } from './client';
import * as t from './schema';
import { rebuildClinicSupervisionRollup } from './supervision-rollup';

/*
 * The demo clinic (DESIGN.md, "Demo clinic"): exactly the documented accounts, and months of
 * history per client, scored by lib/instruments and checked by lib/alliance like real responses.
 * Deterministic: every random choice comes from one seeded generator, ids included.
 */
export const DEMO_PASSWORD = 'rapport-demo-2026';
export const DEMO_CLINIC_NAME = 'Demo Clinic';
export const DEMO_ACCOUNTS = {
  admin: 'admin@demo.clinic',
  supervisor: 'supervisor@demo.clinic',
  therapist: 'therapist@demo.clinic',
  therapist2: 'therapist2@demo.clinic',
  client: 'client@demo.clinic',
} as const;

/** mulberry32: small, fast, good enough for demo data, and the same on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = ((int(0, 15) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, gauss, int, uuid };
}
type Rng = ReturnType<typeof seededRandom>;

const DAY = 86_400_000;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Item answers whose total is exactly `total`, spread over items with a little realistic jitter. */
export function answersWithTotal(rng: Rng, itemIds: readonly string[], total: number, min: number, max: number): Record<string, number> {
  const n = itemIds.length;
  const target = clamp(Math.round(total), n * min, n * max);
  const values = itemIds.map(() => Math.floor(target / n));
  let remainder = target - values.reduce((a, b) => a + b, 0);
  while (remainder > 0) {
    const i = rng.int(0, n - 1);
    if (values[i]! < max) {
      values[i]! += 1;
      remainder -= 1;
    }
  }
  for (let k = 0; k < n; k++) {
    const up = rng.int(0, n - 1);
    const down = rng.int(0, n - 1);
    if (up !== down && values[up]! < max && values[down]! > min) {
      values[up]! += 1;
      values[down]! -= 1;
    }
  }
  return Object.fromEntries(itemIds.map((id, i) => [id, values[i]!]));
}

type Dip = { atMeasure: number; depth: number; recovers: boolean };
type ClientPlan = {
  key: string;
  firstName: string;
  lastName: string;
  therapist: 'therapist' | 'therapist2';
  status: 'active' | 'waitlist';
  portalEmail?: string;
  dateOfBirth: string;
  weeks: number;
  waiStart: number;
  waiSlope: number;
  dips: Dip[];
  phq: [number, number];
  gad: [number, number];
};

// Weeks of weekly sessions, alliance and symptom trajectories per client.
const CLIENTS: ClientPlan[] = [
  {
    key: 'jordan',
    firstName: 'Jordan',
    lastName: 'Lee',
    therapist: 'therapist',
    status: 'active',
    portalEmail: DEMO_ACCOUNTS.client,
    dateOfBirth: '1991-04-12',
    weeks: 18,
    waiStart: 3.4,
    waiSlope: 0.04,
    dips: [],
    phq: [16, 8],
    gad: [12, 7],
  },
  {
    key: 'taylor',
    firstName: 'Taylor',
    lastName: 'Brooks',
    therapist: 'therapist',
    status: 'active',
    dateOfBirth: '1985-09-30',
    weeks: 22,
    waiStart: 3.6,
    waiSlope: 0.03,
    dips: [{ atMeasure: 7, depth: 1.1, recovers: true }],
    phq: [14, 7],
    gad: [15, 8],
  },
  {
    key: 'morgan',
    firstName: 'Morgan',
    lastName: 'Ellis',
    therapist: 'therapist',
    status: 'active',
    dateOfBirth: '1998-01-17',
    weeks: 14,
    waiStart: 3.8,
    waiSlope: 0.02,
    dips: [{ atMeasure: -1, depth: 1.0, recovers: false }],
    phq: [12, 10],
    gad: [10, 9],
  },
  {
    key: 'casey',
    firstName: 'Casey',
    lastName: 'Nguyen',
    therapist: 'therapist',
    status: 'active',
    dateOfBirth: '1979-06-05',
    weeks: 16,
    waiStart: 3.2,
    waiSlope: 0.01,
    dips: [],
    phq: [19, 15],
    gad: [14, 12],
  },
  {
    key: 'riley',
    firstName: 'Riley',
    lastName: 'Adams',
    therapist: 'therapist',
    status: 'active',
    dateOfBirth: '2001-11-23',
    weeks: 7,
    waiStart: 3.7,
    waiSlope: 0.05,
    dips: [],
    phq: [11, 8],
    gad: [9, 6],
  },
  {
    key: 'jamie',
    firstName: 'Jamie',
    lastName: 'Fox',
    therapist: 'therapist2',
    status: 'active',
    dateOfBirth: '1988-02-14',
    weeks: 20,
    waiStart: 3.5,
    waiSlope: 0.04,
    dips: [],
    phq: [15, 6],
    gad: [11, 5],
  },
  {
    key: 'avery',
    firstName: 'Avery',
    lastName: 'Kim',
    therapist: 'therapist2',
    status: 'active',
    dateOfBirth: '1994-07-08',
    weeks: 19,
    waiStart: 3.9,
    waiSlope: 0.02,
    dips: [{ atMeasure: 9, depth: 1.0, recovers: true }],
    phq: [13, 9],
    gad: [16, 10],
  },
  {
    key: 'drew',
    firstName: 'Drew',
    lastName: 'Patel',
    therapist: 'therapist2',
    status: 'active',
    dateOfBirth: '1972-12-01',
    weeks: 12,
    waiStart: 4.0,
    waiSlope: 0.01,
    dips: [],
    phq: [9, 6],
    gad: [8, 5],
  },
  {
    key: 'quinn',
    firstName: 'Quinn',
    lastName: 'Harper',
    therapist: 'therapist2',
    status: 'waitlist',
    dateOfBirth: '2003-03-19',
    weeks: 0,
    waiStart: 3.5,
    waiSlope: 0,
    dips: [],
    phq: [0, 0],
    gad: [0, 0],
  },
];

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export type SeedResult = { status: 'seeded' | 'already-seeded'; counts?: Record<string, number> };

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(t.clinics);
  return (row?.n ?? 0) === 0;
}

export async function seedDemoClinic(db: Database, { now = new Date() }: { now?: Date } = {}): Promise<SeedResult> {
  const [existing] = await db.select({ id: t.users.id }).from(t.users).where(eq(t.users.email, DEMO_ACCOUNTS.admin)).limit(1);
  if (existing) return { status: 'already-seeded' };

  const rng = seededRandom(2026);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const settings = readClinicSettings({});
  const waiClient = getInstrument('wai-sr-client');
  const waiTherapist = getInstrument('wai-sr-therapist');
  const phq9 = getInstrument('phq-9');
  const gad7 = getInstrument('gad-7');

  const clinicId = rng.uuid();
  const staff = {
    admin: { id: rng.uuid(), name: 'Robin Okafor', email: DEMO_ACCOUNTS.admin, role: 'admin' as const },
    supervisor: { id: rng.uuid(), name: 'Dr. Priya Shah', email: DEMO_ACCOUNTS.supervisor, role: 'supervisor' as const },
    therapist: { id: rng.uuid(), name: 'Sam Rivera', email: DEMO_ACCOUNTS.therapist, role: 'therapist' as const },
    therapist2: { id: rng.uuid(), name: 'Alex Morgan', email: DEMO_ACCOUNTS.therapist2, role: 'therapist' as const },
  };

  const accountsSince = new Date(now.getTime() - 400 * DAY);
  const users: Row<typeof t.users>[] = Object.values(staff).map((s) => ({ ...s, clinicId, passwordHash, createdAt: accountsSince, updatedAt: accountsSince }));
  const supervision: Row<typeof t.supervision>[] = [staff.therapist, staff.therapist2].map((th) => ({
    id: rng.uuid(),
    clinicId,
    supervisorId: staff.supervisor.id,
    therapistId: th.id,
    startedAt: new Date(now.getTime() - 400 * DAY),
  }));
  const clients: Row<typeof t.clients>[] = [];
  const caseload: Row<typeof t.caseloadHistory>[] = [];
  const sessions: Row<typeof t.therapySessions>[] = [];
  const assignments: Row<typeof t.measureAssignments>[] = [];
  const responses: Row<typeof t.measureResponses>[] = [];
  const alerts: Row<typeof t.alerts>[] = [];
  const expiryMs = settings.schedule.assignmentExpiryDays * DAY;
  let jordan: { clientId: string; portalUserId: string; therapistId: string; intake: Date; lastSessionId: string | null } | undefined;

  for (const plan of CLIENTS) {
    const clientId = rng.uuid();
    const therapist = staff[plan.therapist];
    // The last session was yesterday, so the newest measures are current.
    const intake = new Date(now.getTime() - (plan.weeks * 7 + 1) * DAY);
    intake.setUTCHours(10, 0, 0, 0);
    let portalUserId: string | null = null;
    if (plan.portalEmail) {
      portalUserId = rng.uuid();
      users.push({
        id: portalUserId,
        clinicId,
        email: plan.portalEmail,
        name: `${plan.firstName} ${plan.lastName}`,
        role: 'client',
        passwordHash,
        createdAt: intake,
        updatedAt: intake,
      });
    }
    clients.push({
      id: clientId,
      clinicId,
      firstName: plan.firstName,
      lastName: plan.lastName,
      dateOfBirth: plan.dateOfBirth,
      email: `${plan.firstName}.${plan.lastName}@example.org`.toLowerCase(),
      status: plan.status,
      primaryTherapistId: therapist.id,
      portalUserId,
      intakeDate: intake.toISOString().slice(0, 10),
      createdAt: intake,
      updatedAt: intake,
    });
    caseload.push({ id: rng.uuid(), clinicId, clientId, therapistId: therapist.id, startedAt: intake, reason: 'Intake' });

    const record = (instrument: Instrument, answers: Answers, sessionId: string, at: Date, respondent: 'client' | 'therapist') => {
      const scores = scoreResponse(instrument, answers);
      const assignmentId = rng.uuid();
      const submittedAt = new Date(at.getTime() + rng.int(2, 30) * 3_600_000);
      assignments.push({
        id: assignmentId,
        clinicId,
        clientId,
        therapistId: therapist.id,
        sessionId,
        instrumentKey: instrument.key,
        respondent,
        status: 'completed',
        dueAt: at,
        expiresAt: new Date(at.getTime() + expiryMs),
        createdAt: at,
        completedAt: submittedAt,
      });
      const responseId = rng.uuid();
      responses.push({
        id: responseId,
        clinicId,
        assignmentId,
        clientId,
        therapistId: therapist.id,
        sessionId,
        instrumentKey: instrument.key,
        instrumentVersion: instrument.version,
        respondent,
        source: respondent === 'therapist' ? 'therapist' : 'portal',
        answers,
        scores,
        headlineScore: headlineScore(instrument, scores),
        submittedBy: respondent === 'therapist' ? therapist.id : portalUserId,
        submittedAt,
      });
      return { responseId, assignmentId, submittedAt, scores, headline: headlineScore(instrument, scores) };
    };

    const symptom = (instrument: Instrument, [from, to]: [number, number], progress: number, sessionId: string, at: Date) => {
      const scored = instrument.items.filter((i) => i.scored && !i.risk).map((i) => i.id);
      const total = clamp(from + (to - from) * progress + rng.gauss() * 1.2, 0, scored.length * 3);
      const answers: Record<string, number> = answersWithTotal(rng, scored, total, 0, 3);
      for (const item of instrument.items) {
        if (item.risk) answers[item.id] = 0;
        if (!item.scored) answers[item.id] = rng.int(0, 2);
      }
      record(instrument, answers, sessionId, at, 'client');
    };

    const waiIds = waiClient.items.filter((i) => i.scored).map((i) => i.id);
    const waiSeries: { responseId: string; assignmentId: string; sessionId: string; submittedAt: Date; mean: number; scores: ScoreResult }[] = [];
    let attended = 0;
    let lastSessionId: string | null = null;
    const attendedSessions: { id: string; at: Date; number: number; progress: number }[] = [];
    for (let week = 0; week <= plan.weeks && plan.weeks > 0; week++) {
      const at = new Date(intake.getTime() + week * 7 * DAY + rng.int(0, 6) * 3_600_000);
      const roll = rng.next();
      const attendance = week === 0 || week === plan.weeks || roll > 0.14 ? 'attended' : roll > 0.07 ? 'no_show' : 'cancelled';
      const sessionId = rng.uuid();
      if (attendance === 'attended') {
        attended++;
        lastSessionId = sessionId;
        attendedSessions.push({ id: sessionId, at, number: attended, progress: week / plan.weeks });
      }
      sessions.push({
        id: sessionId,
        clinicId,
        clientId,
        therapistId: therapist.id,
        occurredAt: at,
        attendance,
        sessionNumber: attendance === 'attended' ? attended : null,
        note: attendance === 'attended' ? null : attendance === 'no_show' ? 'Did not attend; left a voicemail.' : 'Cancelled by client (illness).',
        createdBy: therapist.id,
        createdAt: at,
      });
    }

    // Jordan's newest session is left with a pending WAI-SR for the portal demo.
    const waiSessions = attendedSessions.filter(
      (s) => s.number >= settings.schedule.clientWaiFromSession && !(plan.key === 'jordan' && s.id === lastSessionId),
    );
    const dipAt = (dip: Dip) => (dip.atMeasure < 0 ? waiSessions.length + dip.atMeasure : dip.atMeasure);
    for (const session of attendedSessions) {
      if (session.number === 1 || session.number % settings.schedule.outcomeEveryNthSession === 1) {
        symptom(phq9, plan.phq, session.progress, session.id, session.at);
        symptom(gad7, plan.gad, session.progress, session.id, session.at);
      }
      const measureIndex = waiSessions.indexOf(session);
      if (measureIndex === -1) continue;
      let target = plan.waiStart + plan.waiSlope * measureIndex + rng.gauss() * 0.12;
      for (const dip of plan.dips) {
        if (measureIndex === dipAt(dip)) target -= dip.depth;
        if (measureIndex === dipAt(dip) + 1 && dip.recovers) target -= dip.depth * 0.4;
      }
      target = clamp(target, 1.2, 4.9);
      const saved = record(waiClient, answersWithTotal(rng, waiIds, target * waiIds.length, 1, 5), session.id, session.at, 'client');
      waiSeries.push({
        responseId: saved.responseId,
        assignmentId: saved.assignmentId,
        sessionId: session.id,
        submittedAt: saved.submittedAt,
        mean: saved.headline,
        scores: saved.scores,
      });
      const therapistView = clamp(target - 0.15 + rng.gauss() * 0.15, 1, 5);
      record(waiTherapist, answersWithTotal(rng, waiIds, therapistView * waiIds.length, 1, 5), session.id, session.at, 'therapist');
    }

    // Alliance alerts through the same builder and merge/repair rules as the live path
    // (lib/alliance/alerts.ts), then their handling history: alerts are acknowledged two days
    // later, except those of the last two measurements, which stay open.
    const thresholdInfo = { thresholds: { ...settings.alliance }, thresholdSource: 'clinic defaults (provisional)' };
    const replayed: ReplayedAlert[] = [];
    waiSeries.forEach((point, index) => {
      const prior = waiSeries.slice(0, index).map((p) => p.mean);
      // The seed records client ratings' alerts only (no rating-gap alerts in the demo history).
      const drafts = alertsForResponse(
        { responseId: point.responseId, sessionId: point.sessionId, instrumentKey: waiClient.key, scores: point.scores },
        { priorHeadlines: prior, otherRating: null },
        settings,
        thresholdInfo,
      );
      const raised = replayDrafts(replayed, drafts, {
        responseId: point.responseId,
        episodeId: point.assignmentId,
        therapistId: therapist.id,
        at: point.submittedAt,
        measureIndex: index,
      });
      const recent = waiSeries.length - index <= 2;
      for (const alert of raised) alert.acknowledgedAt = recent ? null : new Date(point.submittedAt.getTime() + 2 * DAY);
      replayRepairs(replayed, point.mean, point.submittedAt, index, point.responseId);
    });
    for (const alert of replayed) {
      const handled = alert.acknowledgedAt !== null;
      alerts.push({
        id: rng.uuid(),
        clinicId,
        clientId,
        therapistId: therapist.id,
        responseId: alert.responseId,
        kind: alert.kind,
        severity: alert.severity,
        rule: alert.rule,
        details: alert.details,
        dedupeKey: alert.dedupeKey,
        episodeId: alert.episodeId,
        raiseCount: alert.raiseCount,
        lastRaisedAt: alert.lastRaisedAt,
        status: handled ? 'acknowledged' : 'open',
        createdAt: alert.createdAt,
        acknowledgedAt: alert.acknowledgedAt,
        acknowledgedBy: handled ? therapist.id : null,
        acknowledgementNote: handled ? 'Talked through the last session together; agreed to slow the pace of homework.' : null,
        repairedAt: alert.repairedAt,
      });
    }

    if (plan.key === 'jordan') jordan = { clientId, portalUserId: portalUserId!, therapistId: therapist.id, intake, lastSessionId };
  }

  if (!jordan) throw new Error('The demo seed must include client@demo.clinic');
  // client@demo.clinic's pending WAI-SR for yesterday's session.
  assignments.push({
    id: rng.uuid(),
    clinicId,
    clientId: jordan.clientId,
    therapistId: jordan.therapistId,
    sessionId: jordan.lastSessionId,
    instrumentKey: waiClient.key,
    respondent: 'client',
    status: 'pending',
    dueAt: new Date(now.getTime() - 0.5 * DAY),
    expiresAt: new Date(now.getTime() + expiryMs),
    createdAt: new Date(now.getTime() - DAY),
  });

  const planRows = demoPlan(rng, clinicId, jordan, now);

  await db.transaction(async (tx) => {
    await tx.insert(t.clinics).values({ id: clinicId, name: DEMO_CLINIC_NAME, timeZone: 'Europe/London', createdAt: new Date(now.getTime() - 400 * DAY) });
    await tx.insert(t.clinicSettings).values({ clinicId, settings: {}, updatedAt: new Date(now.getTime() - 400 * DAY) });
    await tx.insert(t.users).values(users);
    await tx.insert(t.supervision).values(supervision);
    await tx.insert(t.clients).values(clients);
    await tx.insert(t.caseloadHistory).values(caseload);
    for (const batch of chunks(sessions, 500)) await tx.insert(t.therapySessions).values(batch);
    for (const batch of chunks(assignments, 500)) await tx.insert(t.measureAssignments).values(batch);
    for (const batch of chunks(responses, 500)) await tx.insert(t.measureResponses).values(batch);
    if (alerts.length) await tx.insert(t.alerts).values(alerts);
    await tx.insert(t.treatmentPlans).values(planRows.plan);
    await tx.insert(t.planProblems).values(planRows.problems);
    await tx.insert(t.planGoals).values(planRows.goals);
    await tx.insert(t.planObjectives).values(planRows.objectives);
    await tx.insert(t.planInterventions).values(planRows.interventions);
    await tx.insert(t.planRevisions).values(planRows.revision);
    await tx.insert(t.planGoalAcknowledgements).values(planRows.acknowledgements);
    // Written as rows above, not through submit: the supervisor's rollup is computed from them.
    await rebuildClinicSupervisionRollup(tx, clinicId);
  });

  return {
    status: 'seeded',
    counts: { users: users.length, clients: clients.length, sessions: sessions.length, responses: responses.length, alerts: alerts.length },
  };
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function demoPlan(rng: Rng, clinicId: string, jordan: { clientId: string; portalUserId: string; therapistId: string; intake: Date }, now: Date) {
  const planId = rng.uuid();
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const plan: Row<typeof t.treatmentPlans> = {
    id: planId,
    clinicId,
    clientId: jordan.clientId,
    therapistId: jordan.therapistId,
    status: 'active',
    title: 'Lifting low mood and rebuilding routine',
    presentingProblem: 'Low mood for eight months after a job loss, withdrawal from friends, and broken sleep.',
    diagnosis: 'Major depressive disorder, single episode, moderate',
    icd10Code: 'F32.1',
    startDate: date(jordan.intake),
    nextReviewDate: date(new Date(now.getTime() + 21 * DAY)),
    version: 1,
    createdAt: jordan.intake,
    updatedAt: jordan.intake,
  };
  const problems = [
    { id: rng.uuid(), clinicId, planId, position: 1, description: 'Low mood and withdrawal from activities and friends' },
    { id: rng.uuid(), clinicId, planId, position: 2, description: 'Disrupted sleep' },
  ];
  const goals = [
    {
      id: rng.uuid(),
      clinicId,
      planId,
      problemId: problems[0]!.id,
      position: 1,
      clientWords: 'I want to see my friends at least once a week again',
      targetDate: date(new Date(now.getTime() + 60 * DAY)),
      status: 'in_progress' as const,
    },
    {
      id: rng.uuid(),
      clinicId,
      planId,
      problemId: problems[1]!.id,
      position: 2,
      clientWords: 'I want to sleep through the night most nights',
      targetDate: date(new Date(now.getTime() + 45 * DAY)),
      status: 'in_progress' as const,
    },
  ];
  const objectives = [
    {
      id: rng.uuid(),
      clinicId,
      goalId: goals[0]!.id,
      position: 1,
      description: 'Plan and do two valued activities each week',
      target: '2 per week for 6 weeks',
      status: 'in_progress' as const,
      progress: 60,
    },
    {
      id: rng.uuid(),
      clinicId,
      goalId: goals[1]!.id,
      position: 1,
      description: 'Keep a fixed wake time and a sleep diary',
      target: 'Diary 6 of 7 nights',
      status: 'in_progress' as const,
      progress: 40,
    },
  ];
  const interventions = [
    { id: rng.uuid(), clinicId, goalId: goals[0]!.id, position: 1, modality: 'Behavioural activation', frequency: 'Weekly', provider: 'Therapist' },
    {
      id: rng.uuid(),
      clinicId,
      goalId: goals[1]!.id,
      position: 1,
      modality: 'CBT for insomnia (sleep scheduling)',
      frequency: 'Weekly',
      provider: 'Therapist',
    },
  ];
  // The same snapshot lib/data/plans.ts stores for every version.
  const snapshot = buildPlanSnapshot({
    plan: {
      ...plan,
      version: 1,
      status: 'active',
      presentingProblem: plan.presentingProblem ?? '',
      diagnosis: plan.diagnosis ?? null,
      icd10Code: plan.icd10Code ?? null,
      startDate: plan.startDate ?? null,
      nextReviewDate: plan.nextReviewDate ?? null,
    },
    problems,
    goals,
    objectives,
    interventions,
  });
  const revision = { id: rng.uuid(), clinicId, planId, version: 1, snapshot, createdBy: jordan.therapistId, createdAt: jordan.intake };
  const acknowledgements = [
    {
      id: rng.uuid(),
      clinicId,
      planId,
      goalId: goals[0]!.id,
      planVersion: 1,
      goalWording: goals[0]!.clientWords,
      clientId: jordan.clientId,
      agrees: true,
      comment: null,
      createdAt: new Date(jordan.intake.getTime() + 8 * DAY),
    },
  ];
  return { plan, problems, goals, objectives, interventions, revision, acknowledgements };
}
