import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingEmails } from '@/lib/data/notify';
import { mailConfigured, notificationEmail } from '@/lib/mail';
import { alerts, notifications } from '@/db/schema';
import { buildWorld, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * Notification mail through a real (in-process) SMTP server: sent once, claimed so two senders
 * never both send, and free of health data.
 */

type Received = { to: string[]; body: string };

describe('notificationEmail', () => {
  it('says only that something needs attention, with a link', () => {
    const mail = notificationEmail('urgent_alert', '/therapist/clients/abc', 'https://rapport.example.org');
    expect(mail.subject).toBe('Rapport: an urgent alert needs your attention');
    expect(mail.text).toContain('https://rapport.example.org/therapist/clients/abc');
    expect(mail.text).toContain('no health information');
  });
});

describeEachEngine('notification mail', (ctx) => {
  let world: World;
  let server: SMTPServer;
  const received: Received[] = [];

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
        stream.on('end', () => {
          // Undo quoted-printable soft line breaks so long links read whole.
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: body.replace(/=\r?\n/g, '') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    process.env.AUTH_URL = 'https://rapport.example.org';
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.AUTH_URL;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('mails each pending notification once, to its recipient, without health data', async () => {
    expect(mailConfigured()).toBe(true);
    const [alert] = await ctx.db.select({ id: alerts.id }).from(alerts).where(eq(alerts.id, world.alertC1));
    const [note] = await ctx.db
      .insert(notifications)
      .values({
        clinicId: world.clinicA,
        userId: world.users.therapistA1.userId,
        kind: 'urgent_alert',
        alertId: alert!.id,
        link: `/therapist/clients/${world.clients.c1.id}`,
      })
      .returning({ id: notifications.id });
    received.length = 0;
    const [first, second] = await Promise.all([deliverPendingEmails(), deliverPendingEmails()]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    const mine = received.filter((r) => r.to.includes(world.users.therapistA1.email));
    expect(mine).toHaveLength(1);
    for (const marker of world.clinicalMarkers) expect(mine[0]!.body).not.toContain(marker);
    expect(mine[0]!.body).toContain(`https://rapport.example.org/therapist/clients/${world.clients.c1.id}`);
    const [row] = await ctx.db.select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.id, note!.id));
    expect(row!.emailedAt).toBeInstanceOf(Date);
    expect(await deliverPendingEmails()).toBe(0);
  });
});
