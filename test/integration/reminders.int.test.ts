import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInstrument } from '@/lib/instruments';
import { NotFoundError } from '@/lib/data/errors';
import { getMyReminderSettings, listClientReminders, reminderEmail, sendDueReminders, setMyReminderOptOut } from '@/lib/data/reminders';
import { updateClinicSettings } from '@/lib/data/settings';
import { runSweep } from '@/lib/data/sweep';
import { clinicSettingsFormSchema, readClinicSettings, settingsFormDefaults } from '@/lib/validation/settings';
import { auditEvents, clients, clinics, formReminders, measureAssignments } from '@/db/schema';
import { buildWorld, type FixtureClient, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Form reminders through a real (in-process) SMTP server: sent by the sweep on schedule, each
 * exactly once even with two sweeps at once, retried after a failed send, stopped by a completed
 * form or the client's opt-out, recorded for the therapist, and free of health data.
 */

type Received = { to: string[]; body: string };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('reminderEmail', () => {
  it('links to the portal and to the opt-out, and names no form', () => {
    const mail = reminderEmail('https://rapport.example.org');
    expect(mail.subject).toBe('Rapport: a form is waiting for you');
    expect(mail.text).toContain('https://rapport.example.org/portal');
    expect(mail.text).toContain('https://rapport.example.org/portal/reminders');
    for (const key of ['phq-9', 'gad-7', 'wai-sr-client'] as const) {
      const instrument = getInstrument(key);
      expect(mail.text).not.toContain(instrument.title);
      expect(mail.text).not.toContain(instrument.shortTitle);
    }
  });
});

/** A port nothing listens on (opened, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeEachEngine('form reminders', (ctx) => {
  let world: World;
  let server: SMTPServer;
  let smtpUrl: string;
  const received: Received[] = [];
  const mailsTo = (email: string) => received.filter((r) => r.to.includes(email));

  async function assign(client: FixtureClient, createdAt: Date, expiresAt: Date, instrumentKey = 'phq-9'): Promise<string> {
    const [row] = await ctx.db
      .insert(measureAssignments)
      .values({
        clinicId: client.clinicId,
        clientId: client.id,
        therapistId: client.therapistId,
        instrumentKey,
        respondent: 'client',
        dueAt: createdAt,
        expiresAt,
        createdAt,
      })
      .returning({ id: measureAssignments.id });
    return row!.id;
  }
  const remindersOf = (assignmentId: string) =>
    ctx.db
      .select({ number: formReminders.reminderNumber, kind: formReminders.kind, sentAt: formReminders.sentAt })
      .from(formReminders)
      .where(eq(formReminders.assignmentId, assignmentId))
      .orderBy(formReminders.reminderNumber);

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: body.replace(/=\r?\n/g, '') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    process.env.SMTP_URL = smtpUrl;
    process.env.AUTH_URL = 'https://rapport.example.org';
    // Clinic A switches reminders on: on assignment and a day before expiry, no quiet hours (the
    // schedule's own tests cover them), at most two.
    const form = clinicSettingsFormSchema.parse({
      ...settingsFormDefaults(readClinicSettings({})),
      reminders: { enabled: true, onAssignment: true, hoursBeforeExpiry: 24, quietStartHour: 0, quietEndHour: 0, maxReminders: 2 },
    });
    await updateClinicSettings(world.actors.adminA, form, 0);
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.AUTH_URL;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('two sweeps at once send each due reminder exactly once, recorded, without health data', async () => {
    const start = new Date(Date.now() + 1000);
    const form = await assign(world.clients.c1, start, new Date(start.getTime() + 3 * DAY));
    received.length = 0;
    const at = new Date(start.getTime() + 60_000);
    const [first, second] = await Promise.all([runSweep({ now: at }), runSweep({ now: at })]);
    expect(first.reminded + second.reminded).toBe(1);
    const mine = mailsTo(world.users.portalC1.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('https://rapport.example.org/portal');
    for (const marker of [...world.clinicalMarkers, 'PHQ', 'Patient Health', world.clients.c1.lastName, world.clients.c1.firstName])
      expect(mine[0]!.body).not.toContain(marker);
    expect(await remindersOf(form)).toEqual([{ number: 1, kind: 'assigned', sentAt: at }]);

    // Nothing more until the next one is due; then it goes out once.
    expect(await sendDueReminders(new Date(at.getTime() + HOUR))).toBe(0);
    const beforeExpiry = new Date(start.getTime() + 2 * DAY + HOUR);
    const [a, b] = await Promise.all([sendDueReminders(beforeExpiry), sendDueReminders(beforeExpiry)]);
    expect(a + b).toBe(1);
    expect((await remindersOf(form)).map((r) => [r.number, r.kind])).toEqual([
      [1, 'assigned'],
      [2, 'before_expiry'],
    ]);
    expect(mailsTo(world.users.portalC1.email)).toHaveLength(2);
    // The maximum is reached: no third.
    expect(await sendDueReminders(new Date(start.getTime() + 3 * DAY - 60_000))).toBe(0);
  });

  it('forms waiting from before reminders went on get no assignment reminder', async () => {
    // The world's pending forms were assigned before the settings were saved.
    expect(await remindersOf(world.pendingClientForms.c1)).toEqual([]);
    await sendDueReminders(new Date(Date.now() + HOUR));
    expect(await remindersOf(world.pendingClientForms.c1)).toEqual([]);
  });

  it('stops when the form is done or expired', async () => {
    const start = new Date(Date.now() + 2000);
    const done = await assign(world.clients.c1, start, new Date(start.getTime() + 3 * DAY));
    await ctx.db.update(measureAssignments).set({ status: 'completed', completedAt: start }).where(eq(measureAssignments.id, done));
    const gone = await assign(world.clients.c1, start, new Date(start.getTime() + 2 * HOUR));
    await sendDueReminders(new Date(start.getTime() + 60_000));
    expect(await remindersOf(done)).toEqual([]);
    expect(await remindersOf(gone)).toHaveLength(1);
    await runSweep({ now: new Date(start.getTime() + 3 * HOUR) });
    expect(await remindersOf(gone)).toHaveLength(1);
  });

  it('stops when the client opts out in the portal, and starts again when they opt back in', async () => {
    const client = world.actors.clientC2;
    expect(await getMyReminderSettings(client)).toEqual({ optedOut: false, clinicSendsReminders: true });
    expect(await setMyReminderOptOut(client, true)).toEqual({ optedOut: true, clinicSendsReminders: true });
    const start = new Date(Date.now() + 3000);
    const form = await assign(world.clients.c2, start, new Date(start.getTime() + 3 * DAY), 'gad-7');
    received.length = 0;
    expect(await sendDueReminders(new Date(start.getTime() + 60_000))).toBe(0);
    expect(mailsTo(world.users.portalC2.email)).toEqual([]);
    expect(await remindersOf(form)).toEqual([]);

    await setMyReminderOptOut(client, false);
    expect(await sendDueReminders(new Date(start.getTime() + 120_000))).toBe(1);
    expect(mailsTo(world.users.portalC2.email)).toHaveLength(1);
    const audit = await ctx.db
      .select({ action: auditEvents.action, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, client.userId), eq(auditEvents.action, 'portal.reminders.update')));
    expect(audit.map((e) => e.details)).toEqual([{ optedOut: true }, { optedOut: false }]);
  });

  it('a failed send is released, and a later sweep sends it', async () => {
    const start = new Date(Date.now() + 4000);
    const form = await assign(world.clients.c1, start, new Date(start.getTime() + 3 * DAY));
    process.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
    try {
      expect(await sendDueReminders(new Date(start.getTime() + 60_000))).toBe(0);
    } finally {
      process.env.SMTP_URL = smtpUrl;
    }
    expect(await remindersOf(form)).toEqual([]);
    expect(await sendDueReminders(new Date(start.getTime() + 120_000))).toBe(1);
    expect(await remindersOf(form)).toHaveLength(1);
  });

  it('a claim left by a sweep that died mid-send is released after ten minutes', async () => {
    const start = new Date(Date.now() + 5000);
    const form = await assign(world.clients.c1, start, new Date(start.getTime() + 3 * DAY));
    await ctx.db.insert(formReminders).values({
      clinicId: world.clinicA,
      assignmentId: form,
      clientId: world.clients.c1.id,
      reminderNumber: 1,
      kind: 'assigned',
      scheduledFor: start,
      claimedAt: new Date(Date.now() - 11 * 60_000),
    });
    expect(await sendDueReminders(new Date(start.getTime() + 60_000))).toBe(1);
    expect(
      await ctx.db
        .select({ id: formReminders.id })
        .from(formReminders)
        .where(and(eq(formReminders.assignmentId, form), isNull(formReminders.sentAt))),
    ).toEqual([]);
  });

  it('a clinic with reminders off sends none', async () => {
    const start = new Date(Date.now() + 6000);
    const form = await assign(world.clients.cB, start, new Date(start.getTime() + 3 * DAY));
    await sendDueReminders(new Date(start.getTime() + 60_000));
    expect(await remindersOf(form)).toEqual([]);
    expect(await getMyReminderSettings(world.actors.clientCB)).toEqual({ optedOut: false, clinicSendsReminders: false });
  });

  it('the therapist and their supervisor see when reminders were sent; others get a 404', async () => {
    const history = await listClientReminders(world.actors.therapistA1, world.clients.c1.id);
    expect(history.clinicSendsReminders).toBe(true);
    expect(history.optedOutAt).toBeNull();
    expect(history.reminders.length).toBeGreaterThanOrEqual(3);
    expect(history.reminders[0]).toEqual({
      id: expect.any(String),
      sentAt: expect.any(Date),
      kind: expect.stringMatching(/assigned|before_expiry/),
      reminderNumber: expect.any(Number),
      formTitle: 'PHQ-9',
    });
    const sentTimes = history.reminders.map((r) => r.sentAt.getTime());
    expect(sentTimes).toEqual([...sentTimes].sort((x, y) => y - x));
    expect((await listClientReminders(world.actors.supervisorA, world.clients.c1.id)).reminders).toHaveLength(history.reminders.length);
    await expect(listClientReminders(world.actors.therapistA2, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listClientReminders(world.actors.therapistB1, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
    const [c2] = await ctx.db.select({ optedOutAt: clients.remindersOptedOutAt }).from(clients).where(eq(clients.id, world.clients.c2.id));
    expect(c2!.optedOutAt).toBeNull();
  });

  it("holds a reminder due in quiet hours until they end, in the clinic's time zone", async () => {
    await ctx.db.update(clinics).set({ timeZone: 'America/New_York' }).where(eq(clinics.id, world.clinicB));
    const form = clinicSettingsFormSchema.parse({
      ...settingsFormDefaults(readClinicSettings({})),
      reminders: { enabled: true, onAssignment: true, hoursBeforeExpiry: 0, quietStartHour: 21, quietEndHour: 8, maxReminders: 1 },
    });
    await updateClinicSettings(world.actors.adminB, form, 0);
    // Assigned at 02:00 in New York (07:00 UTC), some time after reminders went on.
    const night = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 15, 7, 0, 0));
    const assignment = await assign(world.clients.cB, night, new Date(night.getTime() + 5 * DAY));
    expect(await sendDueReminders(new Date(night.getTime() + HOUR))).toBe(0); // 03:00 local: quiet
    expect(await sendDueReminders(new Date(night.getTime() + 5 * HOUR + 59 * 60_000))).toBe(0); // 07:59 local
    expect(await sendDueReminders(new Date(night.getTime() + 6 * HOUR))).toBe(1); // 08:00 local
    expect(await remindersOf(assignment)).toEqual([{ number: 1, kind: 'assigned', sentAt: new Date(night.getTime() + 6 * HOUR) }]);
  });
});
