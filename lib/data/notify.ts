import 'server-only';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { notifications, users } from '@/db/schema';
import { requestLogger } from '@/lib/log';
import { mailConfigured, mailSender, notificationEmail, publicOrigin } from '@/lib/mail';

/*
 * Mail for staff notifications, when SMTP is configured: the message itself is built in lib/mail.ts
 * and carries no health data.
 */

/**
 * Sends mail for notifications not yet mailed. Rows are claimed with SKIP LOCKED so several
 * instances never mail the same notification twice; a failed send is released for the next try.
 */
export async function deliverPendingEmails(): Promise<number> {
  if (!mailConfigured()) return 0;
  const db = getDb();
  const since = new Date(Date.now() - 24 * 3_600_000);
  const claimed = await db
    .update(notifications)
    .set({ emailedAt: sql`now()` })
    .where(
      inArray(
        notifications.id,
        sql`(select id from ${notifications} where emailed_at is null and created_at > ${since.toISOString()}::timestamptz order by created_at limit 50 for update skip locked)`,
      ),
    )
    .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind, link: notifications.link });
  if (claimed.length === 0) return 0;
  const recipients = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        inArray(
          users.id,
          claimed.map((c) => c.userId),
        ),
        isNull(users.disabledAt),
      ),
    );
  const emailOf = new Map(recipients.map((r) => [r.id, r.email]));
  const send = mailSender();
  const origin = publicOrigin();
  let sent = 0;
  for (const n of claimed) {
    const to = emailOf.get(n.userId);
    if (!to) continue;
    try {
      await send({ to, ...notificationEmail(n.kind, n.link, origin) });
      sent++;
    } catch (error) {
      await db
        .update(notifications)
        .set({ emailedAt: null })
        .where(and(eq(notifications.id, n.id), gt(notifications.createdAt, since)));
      // The notification id, not the address: it finds the recipient without putting them in the log.
      (await requestLogger()).warn({ err: error, notificationId: n.id, kind: n.kind }, 'Notification mail failed; released for the next sweep');
    }
  }
  return sent;
}
