import 'server-only';
import nodemailer from 'nodemailer';
import { getMailSettings } from '@/lib/env';

/*
 * Outgoing mail, when SMTP is configured (SMTP_URL, MAIL_FROM). Every message Rapport sends says
 * only that something is waiting and links to Rapport: never a name, a score or an answer.
 */

export type MailMessage = { to: string; subject: string; text: string };

export function mailConfigured(): boolean {
  return Boolean(getMailSettings().smtpUrl);
}

/** The public origin links in mail point at (AUTH_URL; without it, this computer's port). */
export function publicOrigin(): string {
  return getMailSettings().publicOrigin;
}

/**
 * A sender over one SMTP connection pool, for one batch of messages; sending rejects when the
 * server refuses. Throws when mail is not configured (check mailConfigured first).
 */
export function mailSender(): (message: MailMessage) => Promise<void> {
  const { smtpUrl, from } = getMailSettings();
  if (!smtpUrl) throw new Error('Mail is not configured (SMTP_URL is unset)');
  const transport = nodemailer.createTransport(smtpUrl);
  return async (message) => {
    await transport.sendMail({ from, ...message });
  };
}

const NOTIFICATION_SUBJECTS = {
  urgent_alert: 'Rapport: an urgent alert needs your attention',
  escalated_alert: 'Rapport: an urgent alert was escalated to you',
  alert: 'Rapport: a new alert',
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_SUBJECTS;

/** Pure: the mail for a staff notification (no health data by design). */
export function notificationEmail(kind: NotificationKind, link: string, origin: string): { subject: string; text: string } {
  return {
    subject: NOTIFICATION_SUBJECTS[kind],
    text: `${NOTIFICATION_SUBJECTS[kind].replace('Rapport: ', '').replace(/^./, (c) => c.toUpperCase())}.\n\nSign in to Rapport to see it: ${origin}${link}\n\nThis message contains no health information by design.`,
  };
}
