import { randomBytes } from 'node:crypto';
import type { Actor, Role } from '@/lib/authz/policy';
import { hashPassword } from '@/lib/auth/hash';
import type { Database } from '@/db/client';
import { alerts, caseloadHistory, clients, clinics, measureAssignments, supervision, therapySessions, treatmentPlans, userSessions, users } from '@/db/schema';

/*
 * A small two-clinic world, inserted directly with drizzle (no lib/data involved):
 *
 *   clinic A: admin, supervisor (supervises A1; an *ended* supervision of A2), therapists A1 and A2,
 *             client C1 (A1, portal user, active plan, sessions, open alert, pending forms),
 *             client C2 (A2, portal user, sessions, pending form, open urgent alert)
 *   clinic B: admin, supervisor (supervises B1), therapist B1, client CB (B1, portal user)
 *
 * Every email carries a random token so a file can build several worlds in one database.
 */

/** The password every fixture user has. Not common, and shares nothing with names or emails. */
export const FIXTURE_PASSWORD = 'Lantern-orbit-Quilt-47';

let fixtureHash: Promise<string> | undefined;
/** argon2 is deliberately slow: hash the fixture password once per worker and reuse the string. */
export function fixturePasswordHash(): Promise<string> {
  fixtureHash ??= hashPassword(FIXTURE_PASSWORD);
  return fixtureHash;
}

export function uniqueToken(): string {
  return randomBytes(4).toString('hex');
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type UserOptions = {
  clinicId: string;
  role: Role;
  name: string;
  email?: string;
  passwordHash?: string | null;
  disabledAt?: Date | null;
  mustChangePassword?: boolean;
};

export type FixtureUser = Actor & { email: string };

/** Inserts one user (fixture password unless told otherwise) and returns it as an actor plus email. */
export async function insertUser(db: Database, options: UserOptions): Promise<FixtureUser> {
  const email = options.email ?? `${options.role}.${uniqueToken()}@it.test`;
  const passwordHash = options.passwordHash === undefined ? await fixturePasswordHash() : options.passwordHash;
  const [row] = await db
    .insert(users)
    .values({
      clinicId: options.clinicId,
      email,
      name: options.name,
      role: options.role,
      passwordHash,
      disabledAt: options.disabledAt ?? null,
      mustChangePassword: options.mustChangePassword ?? false,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('user insert returned nothing');
  return { userId: row.id, clinicId: options.clinicId, role: options.role, name: options.name, email };
}

export function actorOf(user: FixtureUser): Actor {
  return { userId: user.userId, clinicId: user.clinicId, role: user.role, name: user.name };
}

async function insertClinic(db: Database, name: string): Promise<string> {
  const [row] = await db.insert(clinics).values({ name }).returning({ id: clinics.id });
  if (!row) throw new Error('clinic insert returned nothing');
  return row.id;
}

export type ClientOptions = {
  clinicId: string;
  therapistId: string;
  portalUserId: string | null;
  firstName: string;
  lastName: string;
  token: string;
};

/** A client with distinctive (per-world) personal details, so tests can look for leaks of them. */
export async function insertClient(db: Database, o: ClientOptions): Promise<FixtureClient> {
  const values = {
    clinicId: o.clinicId,
    firstName: o.firstName,
    lastName: `${o.lastName}-${o.token}`,
    dateOfBirth: '1990-04-17',
    email: `${o.firstName.toLowerCase()}.${o.token}@home.test`,
    phone: `+44 20 7946 ${String(parseInt(o.token.slice(0, 4), 16) % 10_000).padStart(4, '0')}`,
    primaryTherapistId: o.therapistId,
    portalUserId: o.portalUserId,
    intakeDate: '2025-11-03',
  };
  const [row] = await db.insert(clients).values(values).returning({ id: clients.id });
  if (!row) throw new Error('client insert returned nothing');
  await db.insert(caseloadHistory).values({ clinicId: o.clinicId, clientId: row.id, therapistId: o.therapistId });
  return {
    id: row.id,
    clinicId: o.clinicId,
    therapistId: o.therapistId,
    portalUserId: o.portalUserId,
    firstName: values.firstName,
    lastName: values.lastName,
    dateOfBirth: values.dateOfBirth,
    email: values.email,
    phone: values.phone,
  };
}

export type FixtureClient = {
  id: string;
  clinicId: string;
  therapistId: string;
  portalUserId: string | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  email: string;
  phone: string;
};

async function insertSession(
  db: Database,
  client: FixtureClient,
  occurredAt: Date,
  attendance: 'attended' | 'no_show',
  sessionNumber: number | null,
  note: string,
): Promise<string> {
  const [row] = await db
    .insert(therapySessions)
    .values({
      clinicId: client.clinicId,
      clientId: client.id,
      therapistId: client.therapistId,
      occurredAt,
      attendance,
      sessionNumber,
      note,
      createdBy: client.therapistId,
    })
    .returning({ id: therapySessions.id });
  if (!row) throw new Error('session insert returned nothing');
  return row.id;
}

type AssignmentOptions = {
  instrumentKey: string;
  respondent: 'client' | 'therapist';
  dueAt: Date;
  expiresAt: Date;
  status?: 'pending' | 'in_progress' | 'completed';
};

async function insertAssignment(db: Database, client: FixtureClient, o: AssignmentOptions): Promise<string> {
  const [row] = await db
    .insert(measureAssignments)
    .values({
      clinicId: client.clinicId,
      clientId: client.id,
      therapistId: client.therapistId,
      instrumentKey: o.instrumentKey,
      respondent: o.respondent,
      status: o.status ?? 'pending',
      dueAt: o.dueAt,
      expiresAt: o.expiresAt,
      assignedBy: client.therapistId,
    })
    .returning({ id: measureAssignments.id });
  if (!row) throw new Error('assignment insert returned nothing');
  return row.id;
}

export type World = {
  token: string;
  clinicA: string;
  clinicB: string;
  users: {
    adminA: FixtureUser;
    supervisorA: FixtureUser;
    therapistA1: FixtureUser;
    therapistA2: FixtureUser;
    portalC1: FixtureUser;
    portalC2: FixtureUser;
    adminB: FixtureUser;
    supervisorB: FixtureUser;
    therapistB1: FixtureUser;
    portalCB: FixtureUser;
  };
  actors: {
    adminA: Actor;
    supervisorA: Actor;
    therapistA1: Actor;
    therapistA2: Actor;
    clientC1: Actor;
    clientC2: Actor;
    adminB: Actor;
    supervisorB: Actor;
    therapistB1: Actor;
    clientCB: Actor;
  };
  clients: { c1: FixtureClient; c2: FixtureClient; cB: FixtureClient };
  /** Client-respondent, pending, not expired: what each client's portal should list. */
  pendingClientForms: { c1: string; c2: string; cB: string };
  /** C1 assignments the portal must NOT list: expired, and a therapist-respondent one. */
  hiddenC1Forms: { expired: string; therapistRated: string };
  sessionIds: { c1: string[]; c2: string[] };
  alertC1: string;
  planC1: { id: string; title: string };
  /** Strings that are clinical content: none may appear in an audit event. */
  clinicalMarkers: string[];
};

/** Builds the world. Call from a beforeAll after the suite's database is installed. */
export async function buildWorld(db: Database): Promise<World> {
  const token = uniqueToken();
  const clinicA = await insertClinic(db, `Clinic A ${token}`);
  const clinicB = await insertClinic(db, `Clinic B ${token}`);
  const user = (clinicId: string, role: Role, name: string) => insertUser(db, { clinicId, role, name });

  const adminA = await user(clinicA, 'admin', `Ada Admin ${token}`);
  const supervisorA = await user(clinicA, 'supervisor', `Sam Supervisor ${token}`);
  const therapistA1 = await user(clinicA, 'therapist', `Tess Therapist ${token}`);
  const therapistA2 = await user(clinicA, 'therapist', `Theo Therapist ${token}`);
  const portalC1 = await user(clinicA, 'client', `Cora Client ${token}`);
  const portalC2 = await user(clinicA, 'client', `Cal Client ${token}`);
  const adminB = await user(clinicB, 'admin', `Bea Admin ${token}`);
  const supervisorB = await user(clinicB, 'supervisor', `Bo Supervisor ${token}`);
  const therapistB1 = await user(clinicB, 'therapist', `Bram Therapist ${token}`);
  const portalCB = await user(clinicB, 'client', `Bella Client ${token}`);

  await db.insert(supervision).values([
    { clinicId: clinicA, supervisorId: supervisorA.userId, therapistId: therapistA1.userId },
    // An ended supervision must not grant access any more.
    {
      clinicId: clinicA,
      supervisorId: supervisorA.userId,
      therapistId: therapistA2.userId,
      startedAt: new Date(Date.now() - 90 * DAY),
      endedAt: new Date(Date.now() - 30 * DAY),
    },
    { clinicId: clinicB, supervisorId: supervisorB.userId, therapistId: therapistB1.userId },
  ]);

  const c1 = await insertClient(db, {
    clinicId: clinicA,
    therapistId: therapistA1.userId,
    portalUserId: portalC1.userId,
    firstName: 'Cora',
    lastName: 'Lindqvist',
    token,
  });
  const c2 = await insertClient(db, {
    clinicId: clinicA,
    therapistId: therapistA2.userId,
    portalUserId: portalC2.userId,
    firstName: 'Cal',
    lastName: 'Okonkwo',
    token,
  });
  const cB = await insertClient(db, {
    clinicId: clinicB,
    therapistId: therapistB1.userId,
    portalUserId: portalCB.userId,
    firstName: 'Bella',
    lastName: 'Marchetti',
    token,
  });

  const now = Date.now();
  const noteC1 = `C1 disclosed sleep problems ${token}`;
  const noteC2 = `C2 discussed grief ${token}`;
  const sessionsC1 = [
    await insertSession(db, c1, new Date(now - 14 * DAY), 'attended', 1, noteC1),
    await insertSession(db, c1, new Date(now - 7 * DAY), 'attended', 2, noteC1),
    await insertSession(db, c1, new Date(now - 3 * DAY), 'no_show', null, noteC1),
  ];
  const sessionsC2 = [await insertSession(db, c2, new Date(now - 5 * DAY), 'attended', 1, noteC2)];
  await insertSession(db, cB, new Date(now - 2 * DAY), 'attended', 1, `CB note ${token}`);

  const pending = { respondent: 'client' as const, dueAt: new Date(now + DAY), expiresAt: new Date(now + 7 * DAY) };
  const pendingC1 = await insertAssignment(db, c1, { instrumentKey: 'wai-sr-client', ...pending });
  const pendingC2 = await insertAssignment(db, c2, { instrumentKey: 'phq-9', ...pending });
  const pendingCB = await insertAssignment(db, cB, { instrumentKey: 'gad-7', ...pending });
  const expiredC1 = await insertAssignment(db, c1, {
    instrumentKey: 'gad-7',
    respondent: 'client',
    dueAt: new Date(now - 10 * DAY),
    expiresAt: new Date(now - DAY),
  });
  const therapistRatedC1 = await insertAssignment(db, c1, { instrumentKey: 'wai-sr-therapist', ...pending, respondent: 'therapist' });

  const alertDetails = { rule: 'low_alliance', mean: 2.25, threshold: 3.0, marker: `alert-${token}` };
  const [alert] = await db
    .insert(alerts)
    .values({
      clinicId: clinicA,
      clientId: c1.id,
      therapistId: therapistA1.userId,
      kind: 'low_alliance',
      severity: 'warning',
      rule: 'wai_mean_below_threshold',
      details: alertDetails,
    })
    .returning({ id: alerts.id });
  // An urgent alert that was already acknowledged: it must not count as open.
  await db.insert(alerts).values({
    clinicId: clinicA,
    clientId: c1.id,
    therapistId: therapistA1.userId,
    kind: 'risk',
    severity: 'urgent',
    rule: 'phq9_item9_positive',
    details: { item9: 1 },
    status: 'acknowledged',
    acknowledgedAt: new Date(now - DAY),
    acknowledgedBy: therapistA1.userId,
  });

  // An open urgent alert for C2 (therapist A2's caseload).
  await db.insert(alerts).values({
    clinicId: clinicA,
    clientId: c2.id,
    therapistId: therapistA2.userId,
    kind: 'risk',
    severity: 'urgent',
    rule: 'phq9_item9_positive',
    details: { item9: 2, marker: `risk-${token}` },
  });

  const planTitle = `Sleep and low mood plan ${token}`;
  const [plan] = await db
    .insert(treatmentPlans)
    .values({ clinicId: clinicA, clientId: c1.id, therapistId: therapistA1.userId, status: 'active', title: planTitle, presentingProblem: `Insomnia ${token}` })
    .returning({ id: treatmentPlans.id });
  if (!alert || !plan) throw new Error('alert or plan insert returned nothing');

  const everyUser = { adminA, supervisorA, therapistA1, therapistA2, portalC1, portalC2, adminB, supervisorB, therapistB1, portalCB };
  return {
    token,
    clinicA,
    clinicB,
    users: everyUser,
    actors: {
      adminA: actorOf(adminA),
      supervisorA: actorOf(supervisorA),
      therapistA1: actorOf(therapistA1),
      therapistA2: actorOf(therapistA2),
      clientC1: actorOf(portalC1),
      clientC2: actorOf(portalC2),
      adminB: actorOf(adminB),
      supervisorB: actorOf(supervisorB),
      therapistB1: actorOf(therapistB1),
      clientCB: actorOf(portalCB),
    },
    clients: { c1, c2, cB },
    pendingClientForms: { c1: pendingC1, c2: pendingC2, cB: pendingCB },
    hiddenC1Forms: { expired: expiredC1, therapistRated: therapistRatedC1 },
    sessionIds: { c1: sessionsC1, c2: sessionsC2 },
    alertC1: alert.id,
    planC1: { id: plan.id, title: planTitle },
    clinicalMarkers: [
      ...[c1, c2, cB].flatMap((c) => [c.lastName, c.email, c.phone, c.dateOfBirth]),
      noteC1,
      noteC2,
      planTitle,
      `Insomnia ${token}`,
      alertDetails.marker,
      `risk-${token}`,
    ],
  };
}

/** A live server-side session for a user, as sign-in creates one (loadActor requires it). */
export async function startSession(db: Database, user: Pick<Actor, 'userId' | 'clinicId'>): Promise<string> {
  const [row] = await db.insert(userSessions).values({ userId: user.userId, clinicId: user.clinicId }).returning({ id: userSessions.id });
  return row!.id;
}
