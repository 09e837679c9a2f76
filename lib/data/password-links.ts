import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { mailConfigured, mailSender, publicOrigin } from '@/lib/mail';
import type { Actor, Role } from '@/lib/authz/policy';
import { hashPassword } from '@/lib/auth/hash';
import { passwordPolicyViolation } from '@/lib/auth/password-policy';
import { acceptInvitationSchema, type AcceptInvitationInput } from '@/lib/validation/auth';
import { getDb, type Transaction } from '@/db/client';
import { passwordLinks, users } from '@/db/schema';
import { writeAudit } from './audit';
import { InputError } from './errors';
import { hashOneTimeToken, newOneTimeToken } from './invitations';

/*
 * One-time set-password links: how a new staff account gets its first password and how an admin
 * restores someone's access, without the admin ever choosing or seeing a password. Same mechanism
 * as portal invitations (random token, only its SHA-256 stored, expiry, single use under a row
 * lock); using a link sets the password and bumps the session version, which signs the account out
 * everywhere.
 */
export const SETUP_LINK_DAYS = 7;
export const RESET_LINK_HOURS = 24;

export type PasswordLinkPurpose = 'setup' | 'reset';

/** What the admin learns: where a link went, or (staff only, no mail) the link itself, once. */
export type PasswordLinkDelivery = { delivery: 'emailed'; emailedTo: string; expiresAt: Date } | { delivery: 'shown'; link: string; expiresAt: Date };

export type PasswordLinkTarget = { id: string; clinicId: string; email: string; role: Role };

export type StoredPasswordLink = { id: string; token: string; expiresAt: Date };

/** Stores a new link for the account inside the caller's transaction; its older unused links stop working. */
export async function storePasswordLink(tx: Transaction, actor: Actor, target: PasswordLinkTarget, purpose: PasswordLinkPurpose): Promise<StoredPasswordLink> {
  const token = newOneTimeToken();
  const expiresAt = new Date(Date.now() + (purpose === 'setup' ? SETUP_LINK_DAYS * 24 : RESET_LINK_HOURS) * 3_600_000);
  await revokeOpenPasswordLinks(tx, target.id);
  const [created] = await tx
    .insert(passwordLinks)
    .values({ clinicId: target.clinicId, userId: target.id, purpose, tokenHash: hashOneTimeToken(token), expiresAt, createdBy: actor.userId })
    .returning({ id: passwordLinks.id });
  return { id: created!.id, token, expiresAt };
}

export async function revokeOpenPasswordLinks(tx: Transaction, userId: string): Promise<void> {
  await tx
    .update(passwordLinks)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt), isNull(passwordLinks.revokedAt)));
}

const MAIL = {
  setup: {
    subject: 'Set your Rapport password',
    text: (link: string) =>
      `An account at Rapport was created for you.\n\nChoose your password here (the link works once, for ${SETUP_LINK_DAYS} days):\n${link}\n\nIf you did not expect this, ignore this message.\n`,
  },
  reset: {
    subject: 'Reset your Rapport password',
    text: (link: string) =>
      `Your clinic started a password reset for your Rapport account.\n\nChoose a new password here (the link works once, for ${RESET_LINK_HOURS} hours):\n${link}\n\nUntil you use it, your current password keeps working. If you did not ask for this, tell your clinic.\n`,
  },
} as const;

/** Mails the link to the account's own address; false when mail is not set up or sending failed. */
async function mailPasswordLink(target: PasswordLinkTarget, purpose: PasswordLinkPurpose, link: string): Promise<boolean> {
  if (!mailConfigured()) return false;
  try {
    await mailSender()({
      to: target.email,
      subject: MAIL[purpose].subject,
      text: MAIL[purpose].text(link),
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Hands a stored link over, and audits how. It goes to the account's own mailbox when mail is set
 * up. Without mail, a staff link is shown once to the admin to pass on (admins already decide who
 * holds a staff account; using the link is audited and locks the old password out, so misuse shows);
 * a client's link is never shown to an admin: if it cannot be mailed it is revoked and refused.
 */
export async function deliverPasswordLink(
  actor: Actor,
  target: PasswordLinkTarget,
  purpose: PasswordLinkPurpose,
  stored: StoredPasswordLink,
): Promise<PasswordLinkDelivery> {
  const db = getDb();
  const link = `${publicOrigin()}/set-password/${stored.token}`;
  const emailed = await mailPasswordLink(target, purpose, link);
  const audit = (outcome: 'success' | 'failure', details: Record<string, string>) =>
    writeAudit(db, actor, { action: 'admin.account.password_link', outcome, targetType: 'user', targetId: target.id, details: { purpose, ...details } });
  if (emailed) {
    await audit('success', { delivery: 'emailed' });
    return { delivery: 'emailed', emailedTo: target.email, expiresAt: stored.expiresAt };
  }
  if (target.role === 'client') {
    await db
      .update(passwordLinks)
      .set({ revokedAt: sql`now()` })
      .where(eq(passwordLinks.id, stored.id));
    await audit('failure', { reason: 'mail_failed' });
    throw new InputError('The email to the client could not be sent, so no link was made. Check the mail settings and try again.');
  }
  await audit('success', { delivery: 'shown' });
  return { delivery: 'shown', link, expiresAt: stored.expiresAt };
}

export type PasswordLinkStatus = { status: 'valid'; email: string; purpose: PasswordLinkPurpose } | { status: 'used' | 'expired' | 'invalid' };

async function findPasswordLink(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await getDb()
    .select({
      id: passwordLinks.id,
      purpose: passwordLinks.purpose,
      expiresAt: passwordLinks.expiresAt,
      usedAt: passwordLinks.usedAt,
      revokedAt: passwordLinks.revokedAt,
      email: users.email,
      name: users.name,
      disabledAt: users.disabledAt,
    })
    .from(passwordLinks)
    .innerJoin(users, and(eq(users.id, passwordLinks.userId), eq(users.clinicId, passwordLinks.clinicId)))
    .where(eq(passwordLinks.tokenHash, hashOneTimeToken(token)))
    .limit(1);
  return row;
}

/** What the set-password page may say about a token: nothing beyond the address it is for. */
export async function getPasswordLinkStatus(token: string): Promise<PasswordLinkStatus> {
  const row = await findPasswordLink(token);
  if (!row || row.revokedAt || row.disabledAt) return { status: 'invalid' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { status: 'expired' };
  return { status: 'valid', email: row.email, purpose: row.purpose };
}

export const PASSWORD_LINK_REFUSED = {
  invalid: 'This link is not valid. Ask your clinic for a new one.',
  used: 'This link has already been used. Sign in with your email and password instead.',
  expired: 'This link has expired. Ask your clinic for a new one.',
} as const;

/**
 * Uses a link: sets the account's password, clears any lockout and bumps the session version (every
 * session of the account ends), all in one transaction under a row lock, so a link works exactly once.
 */
export async function setPasswordWithLink(token: string, input: AcceptInvitationInput): Promise<{ email: string; role: Role }> {
  const values = acceptInvitationSchema.parse(input);
  const found = await findPasswordLink(token);
  if (!found || found.revokedAt || found.disabledAt) throw new InputError(PASSWORD_LINK_REFUSED.invalid);
  const violation = passwordPolicyViolation(values.password, { email: found.email, name: found.name });
  if (violation) throw new InputError(violation, 'password');
  const passwordHash = await hashPassword(values.password);
  return getDb().transaction(async (tx) => {
    const [link] = await tx
      .select({
        id: passwordLinks.id,
        clinicId: passwordLinks.clinicId,
        userId: passwordLinks.userId,
        purpose: passwordLinks.purpose,
        expiresAt: passwordLinks.expiresAt,
        usedAt: passwordLinks.usedAt,
        revokedAt: passwordLinks.revokedAt,
      })
      .from(passwordLinks)
      .where(eq(passwordLinks.id, found.id))
      .limit(1)
      .for('update');
    if (!link || link.revokedAt) throw new InputError(PASSWORD_LINK_REFUSED.invalid);
    if (link.usedAt) throw new InputError(PASSWORD_LINK_REFUSED.used);
    if (link.expiresAt.getTime() <= Date.now()) throw new InputError(PASSWORD_LINK_REFUSED.expired);
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: false,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        lockedUntil: null,
        failedLoginCount: 0,
        updatedAt: sql`now()`,
      })
      .where(and(eq(users.id, link.userId), eq(users.clinicId, link.clinicId), isNull(users.disabledAt)))
      .returning({ id: users.id, email: users.email, role: users.role });
    if (!user) throw new InputError(PASSWORD_LINK_REFUSED.invalid);
    await tx
      .update(passwordLinks)
      .set({ usedAt: sql`now()` })
      .where(eq(passwordLinks.id, link.id));
    await revokeOpenPasswordLinks(tx, user.id);
    await writeAudit(
      tx,
      { userId: user.id, clinicId: link.clinicId, role: user.role },
      { action: 'account.password_link.use', outcome: 'success', targetType: 'password_link', targetId: link.id, details: { purpose: link.purpose } },
    );
    return { email: user.email, role: user.role };
  });
}
