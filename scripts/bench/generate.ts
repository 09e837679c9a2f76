import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import postgres from 'postgres';
import { alertsForResponse, replayDrafts, replayRepairs, riskAlert, type ReplayedAlert } from '@/lib/alliance/alerts';
import { hashPassword } from '@/lib/auth/hash';
import { getInstrument, headlineScore, riskItemOf, scoreResponse, type Instrument, type ScoreResult } from '@/lib/instruments';
import { readClinicSettings } from '@/lib/validation/settings';
import { answersWithTotal, DEMO_PASSWORD, seededRandom } from '@/db/seed';
import { copyLine, copyLines, type CopyValue } from './copy';
import { SUPERVISION_ROLLUP_FILL_SQL } from '@/db/supervision-rollup';

/*
 * The large clinic network for performance work (issue 7): one clinic with, at scale 1, 200
 * therapists, 20 supervisors (10 therapists each), 10,000 clients, ~250,000 attended sessions
 * (plus no-shows and cancellations) and ~1,000,000 measure responses over three years.
 *
 * Every clinical number goes through the app's own code: answers from answersWithTotal, scores from
 * lib/instruments scoreResponse, alerts from lib/alliance/alerts.ts (the builder and merge/repair
 * rules lib/data/measures.ts uses, with its dedupe keys and episodes). Deterministic: each client draws from
 * its own seeded generator (ids included), so the data depend only on (seed, scale, now).
 *
 * Rows are streamed with COPY, in foreign-key order per chunk of clients, in one transaction.
 */

export const LARGE_DOMAIN = 'large.clinic';
export const LARGE_CLINIC_NAME = 'Large Clinic Network';
export const LARGE_PASSWORD = DEMO_PASSWORD;
export const benchEmail = (role: 'therapist' | 'supervisor' | 'client' | 'admin', n: number) => `${role}${role === 'admin' ? '' : n}@${LARGE_DOMAIN}`;

/** Sizes at scale 1. */
export const BASE_SIZES = { therapists: 200, supervisors: 20, clients: 10_000, attendedSessions: 250_000 } as const;
/** Clients 1..benchClients(n) are active portal users with a session yesterday and forms pending (40 at scale 1). */
export const benchClients = (clients: number) => Math.min(40, Math.max(1, Math.round(clients * 0.004)));

export type Sizes = { therapists: number; supervisors: number; clients: number; attendedSessions: number };

export function sizesFor(scale: number): Sizes {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const therapists = Math.max(1, Math.round(BASE_SIZES.therapists * scale));
  const clients = Math.max(therapists, Math.round(BASE_SIZES.clients * scale));
  return {
    therapists,
    supervisors: Math.max(1, Math.round(BASE_SIZES.supervisors * scale)),
    clients,
    attendedSessions: Math.round((BASE_SIZES.attendedSessions / BASE_SIZES.clients) * clients),
  };
}

export type GenerateOptions = {
  /** PostgreSQL URL of an empty, migrated database. */
  url: string;
  scale?: number;
  seed?: number;
  /** The day the data lead up to (sessions until the day before); defaults to today 00:00 UTC. */
  now?: Date;
  /** Clients generated (and written) per COPY round. */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
};

export type GenerateResult = { sizes: Sizes; now: Date; seed: number; counts: Record<string, number>; elapsedMs: number };

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SPAN_DAYS = 3 * 365;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
type Rng = ReturnType<typeof seededRandom>;

/** Columns of each table we write, in COPY order. Names are the database's (snake_case). */
const COLUMNS = {
  clinics: ['id', 'name', 'time_zone', 'created_at'],
  clinic_settings: ['clinic_id', 'settings', 'version', 'updated_at'],
  users: ['id', 'clinic_id', 'email', 'name', 'role', 'password_hash', 'last_sign_in_at', 'created_at', 'updated_at'],
  supervision: ['id', 'clinic_id', 'supervisor_id', 'therapist_id', 'started_at'],
  clients: [
    'id',
    'clinic_id',
    'first_name',
    'last_name',
    'preferred_name',
    'date_of_birth',
    'email',
    'phone',
    'status',
    'primary_therapist_id',
    'portal_user_id',
    'intake_date',
    'discharged_at',
    'discharge_reason',
    'created_at',
    'updated_at',
  ],
  caseload_history: ['id', 'clinic_id', 'client_id', 'therapist_id', 'started_at', 'ended_at', 'reason'],
  treatment_plans: [
    'id',
    'clinic_id',
    'client_id',
    'therapist_id',
    'status',
    'title',
    'presenting_problem',
    'start_date',
    'next_review_date',
    'version',
    'created_at',
    'updated_at',
  ],
  therapy_sessions: ['id', 'clinic_id', 'client_id', 'therapist_id', 'occurred_at', 'attendance', 'session_number', 'note', 'created_by', 'created_at'],
  measure_assignments: [
    'id',
    'clinic_id',
    'client_id',
    'therapist_id',
    'session_id',
    'instrument_key',
    'respondent',
    'status',
    'due_at',
    'expires_at',
    'assigned_by',
    'created_at',
    'completed_at',
  ],
  measure_responses: [
    'id',
    'clinic_id',
    'assignment_id',
    'client_id',
    'therapist_id',
    'session_id',
    'instrument_key',
    'instrument_version',
    'respondent',
    'source',
    'answers',
    'scores',
    'headline_score',
    'submitted_by',
    'submitted_at',
  ],
  alerts: [
    'id',
    'clinic_id',
    'client_id',
    'therapist_id',
    'response_id',
    'kind',
    'severity',
    'rule',
    'details',
    'status',
    'created_at',
    'acknowledged_at',
    'acknowledged_by',
    'acknowledgement_note',
    'repaired_at',
    'escalated_at',
    'escalated_to',
    'dedupe_key',
    'episode_id',
    'raise_count',
    'last_raised_at',
  ],
  notifications: ['id', 'clinic_id', 'user_id', 'kind', 'alert_id', 'link', 'created_at', 'read_at'],
} as const;
type TableName = keyof typeof COLUMNS;
/** Client-level tables in foreign-key order. */
const CHUNK_TABLES: TableName[] = [
  'users',
  'clients',
  'caseload_history',
  'treatment_plans',
  'therapy_sessions',
  'measure_assignments',
  'measure_responses',
  'alerts',
  'notifications',
];
export const GENERATED_TABLES = Object.keys(COLUMNS) as TableName[];

type Lines = Record<TableName, string[]>;
const emptyLines = (): Lines => Object.fromEntries(GENERATED_TABLES.map((t) => [t, [] as string[]])) as unknown as Lines;

const FIRST = [
  'Aaliyah',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Isla',
  'Jonah',
  'Kemi',
  'Liam',
  'Maya',
  'Noah',
  'Olu',
  'Priya',
  'Quentin',
  'Rosa',
  'Sami',
  'Tess',
  'Umar',
  'Vera',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Amir',
  'Bea',
  'Cal',
  'Dana',
  'Eli',
  'Fern',
  'Gus',
  'Hana',
  'Ivo',
  'Jade',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
];
const LAST = [
  'Abbott',
  'Bello',
  'Castro',
  'Dimitrov',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ibrahim',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Murphy',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Singh',
  'Tanaka',
  'Usman',
  'Varga',
  'Walsh',
  'Xu',
  'Young',
  'Zielinski',
  'Ahmed',
  'Brennan',
  'Chen',
  'Duarte',
  'Ekwueme',
  'Foster',
  'Gallo',
  'Haddad',
  'Iqbal',
  'Jovanovic',
  'Kaur',
  'Larsen',
  'Moreau',
  'Novak',
];
const PLAN_TITLES = [
  'Lifting low mood and rebuilding routine',
  'Managing worry and sleeping better',
  'Getting back to work with less anxiety',
  'Coping with loss and reconnecting',
  'Reducing panic and avoidance',
  'Building confidence in relationships',
];
const PROBLEMS = [
  'Low mood and withdrawal',
  'Persistent worry and poor sleep',
  'Panic attacks and avoidance',
  'Grief after a bereavement',
  'Work stress and burnout',
  'Relationship difficulties',
];

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng.next() * list.length)]!;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Small deterministic hash of (seed, index) for per-client generators. */
function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

/**
 * Unique, random-looking version-4 UUIDs: a Feistel network (a bijection) scrambles (owner, n), so
 * no two (owner, n) pairs share an id — unlike per-client seededRandom streams, whose 32-bit states
 * overlap once millions of draws are taken. The rest of the bits are filler from the same mix.
 */
export function idFactory(seed: number, owner: number): () => string {
  let n = 0;
  const key = mix32(seed ^ 0x5bd1e995);
  return () => {
    let hi = owner >>> 0;
    let lo = n++ >>> 0;
    for (let round = 0; round < 4; round++) {
      const next = (hi ^ mix32((lo ^ Math.imul(key + round, 0x9e3779b9)) >>> 0)) >>> 0;
      hi = lo;
      lo = next;
    }
    const f1 = mix32(hi ^ key);
    const f2 = mix32(lo ^ f1);
    const filler = hex8(f1) + hex8(f2);
    const a = hex8(hi);
    const b = hex8(lo);
    return `${a}-${filler.slice(0, 4)}-4${filler.slice(4, 7)}-${((f2 & 0x3) | 0x8).toString(16)}${filler.slice(8, 11)}-${b}${filler.slice(11, 15)}`;
  };
}

type Staff = { id: string; name: string };
type World = {
  clinicId: string;
  now: Date;
  seed: number;
  sizes: Sizes;
  admin: Staff;
  therapists: (Staff & { allianceEffect: number; outcomeEffect: number; ratingBias: number; supervisor: Staff; supervisionId: string })[];
  supervisorOf: Map<string, string>;
  supervisors: Staff[];
  passwordHash: string;
  settings: ReturnType<typeof readClinicSettings>;
  instruments: { waiClient: Instrument; waiTherapist: Instrument; phq9: Instrument; gad7: Instrument };
};

type Kind = 'waitlist' | 'active' | 'discharged';
type ClientPlan = { kind: Kind; intake: Date; cadenceDays: number; lengthFactor: number; slots: number };

/** The client's first draws: kind, intake, cadence, episode length. Redrawn identically in pass two. */
function planClient(world: World, index: number): { plan: ClientPlan; rng: Rng } {
  const rng = seededRandom(mixSeed(world.seed, index));
  const nowMs = world.now.getTime();
  const roll = rng.next();
  const forcedBench = index <= benchClients(world.sizes.clients);
  const kind: Kind = forcedBench ? 'active' : roll < 0.03 ? 'waitlist' : roll < 0.58 ? 'active' : 'discharged';
  const cadenceRoll = rng.next();
  let intakeDaysAgo: number;
  let cadenceDays: number;
  if (kind === 'waitlist') {
    intakeDaysAgo = rng.int(1, 30);
    cadenceDays = 7;
  } else if (kind === 'active') {
    intakeDaysAgo = rng.int(14, 540);
    cadenceDays = cadenceRoll < 0.45 ? 7 : cadenceRoll < 0.8 ? 14 : 28;
  } else {
    intakeDaysAgo = rng.int(90, SPAN_DAYS);
    cadenceDays = cadenceRoll < 0.7 ? 7 : 14;
  }
  if (forcedBench) cadenceDays = 7;
  const lengthFactor = Math.exp(rng.gauss() * 0.55);
  const intake = new Date(nowMs - intakeDaysAgo * DAY);
  intake.setUTCHours(0, 0, 0, 0);
  // Session slots from intake to the end of the window (yesterday for active, a month ago for discharged).
  const windowEnd = kind === 'discharged' ? nowMs - 30 * DAY : nowMs - DAY;
  const slots = kind === 'waitlist' ? 0 : Math.max(1, Math.floor((windowEnd - intake.getTime()) / (cadenceDays * DAY)) + 1);
  return { plan: { kind, intake, cadenceDays, lengthFactor, slots }, rng };
}

const ATTEND_RATE = 0.93;

/** Planned attended sessions of a discharged client's episode for length multiplier k. */
const dischargedLength = (plan: ClientPlan, k: number) =>
  Math.min(Math.max(3, Math.round(k * plan.lengthFactor)), Math.max(1, Math.floor(plan.slots * ATTEND_RATE)));

/** Picks k so that the expected attended sessions add up to the target. */
function solveLengthFactor(plans: ClientPlan[], target: number): number {
  const activeExpected = plans.filter((p) => p.kind === 'active').reduce((sum, p) => sum + p.slots * ATTEND_RATE, 0);
  const discharged = plans.filter((p) => p.kind === 'discharged');
  const needed = target - activeExpected;
  let lo = 0;
  let hi = 400;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    const total = discharged.reduce((sum, p) => sum + dischargedLength(p, mid), 0);
    if (total < needed) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

type Counter = Record<TableName, number>;

/** Generates one client's rows (as COPY lines) into `out`. */
function generateClient(world: World, index: number, k: number, out: Lines, count: Counter): void {
  const { plan, rng } = planClient(world, index);
  const newId = idFactory(world.seed, index);
  const { clinicId, now, settings, instruments } = world;
  const nowMs = now.getTime();
  const forcedBench = index <= benchClients(world.sizes.clients);
  const therapist = world.therapists[(index - 1) % world.therapists.length]!;
  const emit = (table: TableName, values: CopyValue[]) => {
    out[table].push(copyLine(values));
    count[table] += 1;
  };

  // Some clients were transferred: the first part of the episode was with another therapist.
  const transferred = world.therapists.length > 1 && plan.kind !== 'waitlist' && rng.next() < 0.04;
  const previous = transferred ? world.therapists[(index + rng.int(1, world.therapists.length - 1)) % world.therapists.length]! : therapist;
  const transferShare = 0.3 + rng.next() * 0.4;

  const clientId = newId();
  const firstName = pick(rng, FIRST);
  const lastName = pick(rng, LAST);
  const preferredName = rng.next() < 0.08 ? pick(rng, FIRST) : null;
  const dob = new Date(Date.UTC(rng.int(1950, 2006), rng.int(0, 11), rng.int(1, 28)));
  const hasPortal = forcedBench || (plan.kind === 'active' ? rng.next() < 0.6 : plan.kind === 'discharged' ? rng.next() < 0.3 : rng.next() < 0.2);
  const portalUserId = hasPortal ? newId() : null;
  const intake = plan.intake;

  // ---- Sessions ----------------------------------------------------------------------------
  const planned = plan.kind === 'discharged' ? dischargedLength(plan, k) : plan.kind === 'active' ? Number.POSITIVE_INFINITY : 0;
  type Session = { id: string; at: Date; number: number; therapistId: string };
  const attended: Session[] = [];
  let lastSessionAt = intake;
  for (let slot = 0; slot < plan.slots && attended.length < planned; slot++) {
    let at = new Date(intake.getTime() + slot * plan.cadenceDays * DAY + rng.int(8, 18) * HOUR + rng.int(0, 3) * 15 * 60_000);
    const isLastActiveSlot = plan.kind === 'active' && slot === plan.slots - 1;
    if (forcedBench && isLastActiveSlot) at = new Date(nowMs - DAY + 10 * HOUR);
    if (at.getTime() >= nowMs) break;
    const roll = rng.next();
    const attendance = slot === 0 || isLastActiveSlot || roll < ATTEND_RATE ? 'attended' : roll < ATTEND_RATE + 0.04 ? 'no_show' : 'cancelled';
    const sessionTherapist =
      transferred && slot < plan.slots * transferShare && plan.kind === 'active'
        ? previous
        : transferred && plan.kind === 'discharged' && attended.length < planned * transferShare
          ? previous
          : therapist;
    const id = newId();
    const number = attendance === 'attended' ? attended.length + 1 : null;
    emit('therapy_sessions', [
      id,
      clinicId,
      clientId,
      sessionTherapist.id,
      at,
      attendance,
      number,
      attendance === 'attended' ? null : attendance === 'no_show' ? 'Did not attend; left a voicemail.' : 'Cancelled by client.',
      sessionTherapist.id,
      at,
    ]);
    if (number !== null) attended.push({ id, at, number, therapistId: sessionTherapist.id });
    lastSessionAt = at;
  }

  const status: Kind = plan.kind;
  const dischargedAt = status === 'discharged' ? new Date(Math.min(lastSessionAt.getTime() + rng.int(3, 21) * DAY, nowMs - DAY)) : null;

  // ---- Client, portal account, caseload history, plan ----------------------------------------
  if (portalUserId) {
    emit('users', [portalUserId, clinicId, benchEmail('client', index), `${firstName} ${lastName}`, 'client', world.passwordHash, null, intake, intake]);
  }
  emit('clients', [
    clientId,
    clinicId,
    firstName,
    lastName,
    preferredName,
    isoDate(dob),
    `${firstName}.${lastName}.${index}@example.org`.toLowerCase(),
    `07700 9${String(index % 100_000).padStart(5, '0')}`,
    status,
    therapist.id,
    portalUserId,
    isoDate(intake),
    dischargedAt,
    dischargedAt ? pick(rng, ['Goals met', 'Planned ending', 'Moved away', 'Stopped attending']) : null,
    intake,
    dischargedAt ?? intake,
  ]);
  const transferAt = transferred ? (attended.find((s) => s.therapistId === therapist.id)?.at ?? null) : null;
  if (transferred && transferAt) {
    emit('caseload_history', [newId(), clinicId, clientId, previous.id, intake, transferAt, 'Intake']);
    emit('caseload_history', [newId(), clinicId, clientId, therapist.id, transferAt, dischargedAt, 'Transfer (therapist leave)']);
  } else {
    emit('caseload_history', [newId(), clinicId, clientId, therapist.id, intake, dischargedAt, status === 'waitlist' ? 'Waitlist' : 'Intake']);
  }
  if (status !== 'waitlist') {
    const review = status === 'active' ? isoDate(new Date(nowMs + rng.int(-20, 70) * DAY)) : null;
    emit('treatment_plans', [
      newId(),
      clinicId,
      clientId,
      therapist.id,
      status === 'active' ? 'active' : 'completed',
      pick(rng, PLAN_TITLES),
      pick(rng, PROBLEMS),
      isoDate(intake),
      review,
      1,
      intake,
      dischargedAt ?? intake,
    ]);
  }
  if (attended.length === 0) return;

  // ---- Trajectories ----------------------------------------------------------------------------
  const a0 = clamp(3.55 + rng.gauss() * 0.4 + therapist.allianceEffect, 1.6, 4.7);
  const aInf = clamp(a0 + 0.35 + rng.gauss() * 0.2, 1.6, 4.9);
  const aTau = 4 + rng.next() * 6;
  const ratingBias = therapist.ratingBias - 0.15 + rng.gauss() * 0.1;
  const phq0 = clamp(Math.round(14 + rng.gauss() * 4.5), 5, 26);
  const gad0 = clamp(Math.round(phq0 * 0.75 + rng.gauss() * 3), 3, 20);
  const typeRoll = rng.next();
  const response = typeRoll < 0.55 ? 0.35 + rng.next() * 0.25 : typeRoll < 0.8 ? 0.7 + rng.next() * 0.2 : typeRoll < 0.93 ? 1 : 1.2 + rng.next() * 0.3;
  const sTau = 4 + rng.next() * 5;
  const ratio = clamp(response + (3.8 - aInf) * 0.1 + therapist.outcomeEffect, 0.2, 1.6);
  const riskProne = rng.next() < 0.06;

  // ---- Measures --------------------------------------------------------------------------------
  const expiryMs = settings.schedule.assignmentExpiryDays * DAY;
  // WAI-SR answers per subscale, so the goal/task/bond means follow the client's own profile
  // (answersWithTotal keeps each subscale's total exact and jitters items within it).
  const profile = Object.fromEntries(instruments.waiClient.subscales.map((s) => [s.key, rng.gauss() * 0.2])) as Record<string, number>;
  const waiAnswers = (mean: number, noise: number): Record<string, number> =>
    Object.assign(
      {},
      ...instruments.waiClient.subscales.map((s) =>
        answersWithTotal(rng, s.itemIds, clamp(mean + profile[s.key]! + rng.gauss() * noise, 1, 5) * s.itemIds.length, 1, 5),
      ),
    ) as Record<string, number>;
  const latest = attended.at(-1)!;
  const waiSeries: { responseId: string; at: Date; mean: number; therapistId: string }[] = [];
  const outcomeHistory: Record<'phq-9' | 'gad-7', number[]> = { 'phq-9': [], 'gad-7': [] };
  // Alerts replayed through the live path's builder and merge/repair rules (lib/alliance/alerts.ts).
  const replayed: ReplayedAlert[] = [];
  const alertSettings = { alliance: settings.alliance, outcomes: settings.outcomes };
  const riskItem = riskItemOf(instruments.phq9);
  // Handling is decided when an alert is raised, so later responses see it open or acknowledged.
  const handle = (raised: ReplayedAlert[]) => {
    for (const alert of raised) {
      const age = nowMs - alert.createdAt.getTime();
      const urgent = alert.severity === 'urgent';
      const open = urgent ? age < 2 * DAY && rng.next() < 0.5 : age < 21 * DAY ? rng.next() < 0.6 : rng.next() < 0.03;
      const ackDelay = urgent ? rng.int(1, 30) * HOUR : rng.int(12, 24 * 7) * HOUR;
      alert.acknowledgedAt = open ? null : new Date(Math.min(alert.createdAt.getTime() + ackDelay, nowMs - 60_000));
    }
  };
  const dipQueue: number[] = [];
  let levelShift = 0;

  const record = (
    session: Session,
    instrument: Instrument,
    respondent: 'client' | 'therapist',
    answers: Record<string, number>,
  ): { responseId: string; assignmentId: string; scores: ScoreResult; at: Date } | null => {
    const assignmentId = newId();
    const dueAt = session.at;
    const age = nowMs - dueAt.getTime();
    const isLatest = session === latest;
    let statusOf: 'completed' | 'pending' | 'expired' = 'completed';
    if (respondent === 'client') {
      if (forcedBench && isLatest) statusOf = 'pending';
      else if (isLatest && portalUserId && age < 3 * DAY && rng.next() < 0.5) statusOf = 'pending';
      else if (rng.next() < 0.04 && age > expiryMs) statusOf = 'expired';
    } else if (isLatest && age < 2 * DAY && rng.next() < 0.3) statusOf = 'pending';
    else if (rng.next() < 0.02 && age > expiryMs) statusOf = 'expired';

    const source = respondent === 'therapist' ? 'therapist' : portalUserId && rng.next() < 0.85 ? 'portal' : rng.next() < 0.8 ? 'in_session' : 'paper';
    const delay = source === 'portal' ? rng.int(1, 72) * HOUR : source === 'therapist' ? rng.int(1, 8) * HOUR : rng.int(5, 50) * 60_000;
    const submittedAt = new Date(Math.min(dueAt.getTime() + delay, nowMs - 60_000));
    emit('measure_assignments', [
      assignmentId,
      clinicId,
      clientId,
      session.therapistId,
      session.id,
      instrument.key,
      respondent,
      statusOf,
      dueAt,
      new Date(dueAt.getTime() + expiryMs),
      session.therapistId,
      dueAt,
      statusOf === 'completed' ? submittedAt : null,
    ]);
    if (statusOf !== 'completed') return null;
    const scores = scoreResponse(instrument, answers);
    const responseId = newId();
    emit('measure_responses', [
      responseId,
      clinicId,
      assignmentId,
      clientId,
      session.therapistId,
      session.id,
      instrument.key,
      instrument.version,
      respondent,
      source,
      answers,
      scores as unknown as Record<string, unknown>,
      headlineScore(instrument, scores),
      respondent === 'client' && source === 'portal' ? portalUserId : session.therapistId,
      submittedAt,
    ]);
    const risk = riskItem ? riskAlert(riskItem, answers, { assignmentId, stage: 'submitted', answeredAt: submittedAt }) : null;
    if (risk)
      handle(
        replayDrafts(replayed, [risk], {
          responseId,
          episodeId: assignmentId,
          therapistId: session.therapistId,
          at: submittedAt,
          measureIndex: waiSeries.length,
        }),
      );
    return { responseId, assignmentId, scores, at: submittedAt };
  };

  const symptom = (session: Session, instrument: Instrument, baseline: number, m: number) => {
    const scoredIds = instrument.items.filter((i) => i.scored && !i.risk).map((i) => i.id);
    const max = instrument.items.filter((i) => i.scored).length * 3;
    const level = baseline * (ratio + (1 - ratio) * Math.exp(-m / sTau));
    const total = clamp(Math.round(level + rng.gauss() * 1.6), 0, max);
    const riskItem = instrument.items.find((i) => i.risk);
    const riskValue = riskItem && rng.next() < (riskProne ? (total > 14 ? 0.12 : 0.03) : total > 17 ? 0.01 : 0.002) ? rng.int(1, 2) : 0;
    const answers: Record<string, number> = answersWithTotal(rng, scoredIds, Math.max(0, total - riskValue), 0, 3);
    if (riskItem) answers[riskItem.id] = riskValue;
    const difficulty = instrument.items.find((i) => !i.scored);
    if (difficulty && total > 0) answers[difficulty.id] = clamp(Math.round(total / 7 + rng.gauss() * 0.6), 0, 3);
    const saved = record(session, instrument, 'client', answers);
    if (!saved) return;
    const key = instrument.key as 'phq-9' | 'gad-7';
    const drafts = alertsForResponse(
      { responseId: saved.responseId, sessionId: session.id, instrumentKey: key, scores: saved.scores },
      { priorHeadlines: outcomeHistory[key], otherRating: null },
      alertSettings,
    );
    handle(
      replayDrafts(replayed, drafts, {
        responseId: saved.responseId,
        episodeId: saved.assignmentId,
        therapistId: session.therapistId,
        at: saved.at,
        measureIndex: waiSeries.length,
      }),
    );
    outcomeHistory[key].push(saved.scores.total);
  };

  const thresholds = settings.alliance;
  const thresholdInfo = { thresholds: { ...thresholds }, settingsVersion: 1 };
  for (const session of attended) {
    const m = session.number - 1;
    if (session.number === 1 || (session.number - 1) % settings.schedule.outcomeEveryNthSession === 0) {
      symptom(session, instruments.phq9, phq0, m);
      symptom(session, instruments.gad7, gad0, m);
    }
    if (session.number < settings.schedule.clientWaiFromSession) continue;
    // Alliance: growth toward aInf, with occasional ruptures that either recover (a partial dip at
    // the next measure, then back on track) or leave the alliance at a lower level.
    let offset = 0;
    if (dipQueue.length > 0) offset = dipQueue.shift()!;
    else if (m >= 2 && rng.next() < 0.035) {
      const depth = 0.7 + rng.next() * 0.8;
      offset = -depth;
      if (rng.next() < 0.65) dipQueue.push(-depth * 0.4);
      else levelShift -= depth * 0.5;
    }
    const trend = aInf - (aInf - a0) * Math.exp(-m / aTau);
    const target = clamp(trend + levelShift + offset + rng.gauss() * 0.13, 1.1, 4.95);
    const client = record(session, instruments.waiClient, 'client', waiAnswers(target, 0.08));
    const therapistView = clamp(target + ratingBias + rng.gauss() * 0.18, 1, 5);
    const therapistSaved = record(session, instruments.waiTherapist, 'therapist', waiAnswers(therapistView, 0.15));
    if (client) {
      const drafts = alertsForResponse(
        { responseId: client.responseId, sessionId: session.id, instrumentKey: instruments.waiClient.key, scores: client.scores },
        {
          priorHeadlines: waiSeries.map((p) => p.mean),
          otherRating: therapistSaved && therapistSaved.at.getTime() <= client.at.getTime() ? therapistSaved.scores : null,
        },
        alertSettings,
        thresholdInfo,
      );
      handle(
        replayDrafts(replayed, drafts, {
          responseId: client.responseId,
          episodeId: client.assignmentId,
          therapistId: session.therapistId,
          at: client.at,
          measureIndex: waiSeries.length,
        }),
      );
      replayRepairs(replayed, client.scores.mean, client.at, waiSeries.length, client.responseId);
      waiSeries.push({ responseId: client.responseId, at: client.at, mean: client.scores.mean, therapistId: session.therapistId });
    }
    if (client && therapistSaved && therapistSaved.at.getTime() > client.at.getTime()) {
      // The therapist rated after the client: their response raises the rating gap, as in the app.
      const drafts = alertsForResponse(
        { responseId: therapistSaved.responseId, sessionId: session.id, instrumentKey: instruments.waiTherapist.key, scores: therapistSaved.scores },
        { priorHeadlines: [], otherRating: client.scores },
        alertSettings,
      );
      handle(
        replayDrafts(replayed, drafts, {
          responseId: therapistSaved.responseId,
          episodeId: therapistSaved.assignmentId,
          therapistId: session.therapistId,
          at: therapistSaved.at,
          measureIndex: waiSeries.length,
        }),
      );
    }
  }

  // ---- Alerts and their handling -----------------------------------------------------------------
  for (const alert of replayed) {
    const urgent = alert.severity === 'urgent';
    const { acknowledgedAt } = alert;
    const open = acknowledgedAt === null;
    const escalateAt = alert.createdAt.getTime() + settings.risk.escalateAfterHours * HOUR;
    // Escalated only when someone received it (the therapist's supervisor at the time).
    const supervisorId = world.supervisorOf.get(alert.therapistId) ?? null;
    const escalated = urgent && supervisorId !== null && escalateAt < nowMs && (acknowledgedAt === null || acknowledgedAt.getTime() > escalateAt);
    const alertId = newId();
    emit('alerts', [
      alertId,
      clinicId,
      clientId,
      alert.therapistId,
      alert.responseId,
      alert.kind,
      alert.severity,
      alert.rule,
      alert.details,
      open ? 'open' : 'acknowledged',
      alert.createdAt,
      acknowledgedAt,
      acknowledgedAt ? alert.therapistId : null,
      acknowledgedAt
        ? pick(rng, [
            'Discussed in session; agreed next steps.',
            'Talked it through together; adjusted the plan.',
            'Safety plan reviewed with the client.',
            'Checked in by phone.',
          ])
        : null,
      alert.repairedAt,
      escalated ? new Date(escalateAt) : null,
      escalated ? supervisorId : null,
      alert.dedupeKey,
      alert.episodeId,
      alert.raiseCount,
      alert.lastRaisedAt,
    ]);
    if (urgent) {
      emit('notifications', [
        newId(),
        clinicId,
        alert.therapistId,
        'urgent_alert',
        alertId,
        `/therapist/clients/${clientId}#alerts`,
        alert.createdAt,
        acknowledgedAt,
      ]);
      if (escalated) {
        emit('notifications', [
          newId(),
          clinicId,
          supervisorId,
          'escalated_alert',
          alertId,
          `/supervisor/therapists/${alert.therapistId}/clients/${clientId}#alerts`,
          new Date(escalateAt),
          acknowledgedAt,
        ]);
      }
    }
  }
}

/** Builds the staff, the clinic and its settings (one generator, before any client). */
async function buildWorld(seed: number, scale: number, now: Date): Promise<World> {
  const sizes = sizesFor(scale);
  const rng = seededRandom(mixSeed(seed, -1));
  const staffId = idFactory(seed, 0);
  const name = () => `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
  const clinicId = staffId();
  const supervisors = Array.from({ length: sizes.supervisors }, () => ({ id: staffId(), name: `Dr. ${name()}` }));
  const therapists = Array.from({ length: sizes.therapists }, (_, i) => ({
    id: staffId(),
    name: name(),
    allianceEffect: rng.gauss() * 0.15,
    outcomeEffect: rng.gauss() * 0.05,
    ratingBias: rng.gauss() * 0.1,
    supervisor: supervisors[Math.floor((i * sizes.supervisors) / sizes.therapists)]!,
    supervisionId: staffId(),
  }));
  // Every clinical measure at every attended session (session-by-session outcome monitoring).
  const settings = readClinicSettings({ schedule: { clientWaiFromSession: 1, outcomeEveryNthSession: 1 } });
  return {
    clinicId,
    now,
    seed,
    sizes,
    admin: { id: staffId(), name: name() },
    therapists,
    supervisorOf: new Map(therapists.map((t) => [t.id, t.supervisor.id])),
    supervisors,
    passwordHash: await hashPassword(LARGE_PASSWORD),
    settings,
    instruments: {
      waiClient: getInstrument('wai-sr-client'),
      waiTherapist: getInstrument('wai-sr-therapist'),
      phq9: getInstrument('phq-9'),
      gad7: getInstrument('gad-7'),
    },
  };
}

export function defaultNow(): Date {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return d;
}

/** Generates the large clinic into an empty, migrated PostgreSQL database. */
export async function generateLargeClinic(options: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const scale = options.scale ?? 1;
  const seed = options.seed ?? 2026;
  const now = options.now ?? defaultNow();
  const chunkSize = options.chunkSize ?? 200;
  const world = await buildWorld(seed, scale, now);
  const { sizes, clinicId } = world;
  const since = new Date(now.getTime() - (SPAN_DAYS + 30) * DAY);

  const plans = Array.from({ length: sizes.clients }, (_, i) => planClient(world, i + 1).plan);
  const k = solveLengthFactor(plans, sizes.attendedSessions);

  const count = Object.fromEntries(GENERATED_TABLES.map((t) => [t, 0])) as Counter;
  const prelude = emptyLines();
  const put = (table: TableName, values: CopyValue[]) => {
    prelude[table].push(copyLine(values));
    count[table] += 1;
  };
  put('clinics', [clinicId, LARGE_CLINIC_NAME, 'Europe/London', since]);
  put('clinic_settings', [clinicId, { schedule: { clientWaiFromSession: 1, outcomeEveryNthSession: 1 } }, 1, since]);
  put('users', [world.admin.id, clinicId, benchEmail('admin', 0), world.admin.name, 'admin', world.passwordHash, null, since, since]);
  world.supervisors.forEach((s, i) =>
    put('users', [s.id, clinicId, benchEmail('supervisor', i + 1), s.name, 'supervisor', world.passwordHash, null, since, since]),
  );
  world.therapists.forEach((t, i) =>
    put('users', [t.id, clinicId, benchEmail('therapist', i + 1), t.name, 'therapist', world.passwordHash, null, since, since]),
  );
  world.therapists.forEach((t) => put('supervision', [t.supervisionId, clinicId, t.supervisor.id, t.id, since]));

  const sql = postgres(options.url, { max: 1, onnotice: () => {}, connection: { application_name: 'rapport-seed-large' } });
  const side = postgres(options.url, { max: 1, onnotice: () => {}, connection: { application_name: 'rapport-seed-large-watchdog' } });
  try {
    await sql.begin(async (tx) => {
      const [backend] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const watchdog = { side, backendPid: backend!.pid };
      for (const table of ['clinics', 'clinic_settings', 'users', 'supervision'] as const) await copyLines(tx, table, COLUMNS[table], prelude[table], watchdog);

      // Generate the next chunk (in slices, yielding) while the previous one streams into PostgreSQL.
      const generateChunk = async (from: number): Promise<Lines> => {
        const lines = emptyLines();
        for (let i = from; i < Math.min(from + chunkSize, sizes.clients + 1); i++) {
          generateClient(world, i, k, lines, count);
          if (i % 10 === 0) await yieldToEventLoop();
        }
        return lines;
      };
      const writeChunk = async (lines: Lines) => {
        for (const table of CHUNK_TABLES) await copyLines(tx, table, COLUMNS[table], lines[table], watchdog);
      };
      let next = generateChunk(1);
      for (let from = 1; from <= sizes.clients; from += chunkSize) {
        const lines = await next;
        next = from + chunkSize <= sizes.clients ? generateChunk(from + chunkSize) : Promise.resolve(emptyLines());
        await writeChunk(lines);
        options.onProgress?.(Math.min(from + chunkSize - 1, sizes.clients), sizes.clients);
      }
      await next;
      // The supervisor's rollup, from the rows just written (the app keeps it up to date from here on).
      await tx.unsafe(SUPERVISION_ROLLUP_FILL_SQL);
    });
  } finally {
    await side.end({ timeout: 5 });
    await sql.end({ timeout: 1 });
  }
  return { sizes, now, seed, counts: { ...count }, elapsedMs: Date.now() - started };
}
