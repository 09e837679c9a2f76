import 'server-only';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { getDb } from '@/db/client';
import { notifications, users } from '@/db/schema';
import { getMailEnv } from '@/lib/env';
import { requestLogger } from '@/lib/log';

/*
 * Mail for notifications, when SMTP is configured (SMTP_URL, MAIL_FROM). A message says only that
 * something needs attention and links to Rapport: never a name, a score or an answer.
 */
const SUBJECTS = {
  urgent_alert: 'Rapport: an urgent alert needs your attention',
  escalated_alert: 'Rapport: an urgent alert was escalated to you',
  alert: 'Rapport: a new alert',
} as const;

export function mailConfigured(): boolean {
  return Boolean(getMailEnv().smtpUrl);
}

export function notificationEmail(kind: keyof typeof SUBJECTS, link: string, origin: string) {
  return {
    subject: SUBJECTS[kind],
    text: `${SUBJECTS[kind].replace('Rapport: ', '').replace(/^./, (c) => c.toUpperCase())}.\n\nSign in to Rapport to see it: ${origin}${link}\n\nThis message contains no health information by design.`,
  };
}

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
    .where(and(inArray(users.id, claimed.map((c) => c.userId)), isNull(users.disabledAt)));
  const emailOf = new Map(recipients.map((r) => [r.id, r.email]));
  const mail = getMailEnv();
  const transport = nodemailer.createTransport(mail.smtpUrl);
  const origin = mail.origin;
  let sent = 0;
  for (const n of claimed) {
    const to = emailOf.get(n.userId);
    if (!to) continue;
    try {
      await transport.sendMail({ from: mail.mailFrom, to, ...notificationEmail(n.kind, n.link, origin) });
      sent++;
    } catch (error) {
      await db.update(notifications).set({ emailedAt: null }).where(and(eq(notifications.id, n.id), gt(notifications.createdAt, since)));
      // The notification id, not the address: it finds the recipient without putting them in the log.
      (await requestLogger()).warn({ err: error, notificationId: n.id, kind: n.kind }, 'Notification mail failed; released for the next sweep');
    }
  }
  return sent;
}
