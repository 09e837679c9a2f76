import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { mailConfigured, mailSender, publicOrigin } from '@/lib/mail';
import type { Actor } from '@/lib/authz/policy';
import { hashPassword } from '@/lib/auth/hash';
import { passwordPolicyViolation } from '@/lib/auth/password-policy';
import { endOfLocalDayAfter } from '@/lib/time';
import { acceptInvitationSchema, type AcceptInvitationInput } from '@/lib/validation/auth';
import { getDb } from '@/db/client';
import { clients, clinics, invitations, users } from '@/db/schema';
import { auditRefusals, refuseOutOfScope, requirePermission, auditRead, writeAudit } from './audit';
import { clinicContext } from './clinic';
import { isUuid } from './clients';
import { InputError, NotFoundError } from './errors';
import { clientsInScope } from './scope';

/*
 * Portal invitations: a one-time link (the token is stored only as its SHA-256), valid for 7 days,
 * single use. Links are built from AUTH_URL, never from the request's Host header.
 */
export const INVITATION_DAYS = 7;

/** A one-time link token: 256 random bits, URL-safe. Shared with the set-password links. */
export const newOneTimeToken = () => randomBytes(32).toString('base64url');
/** Only this hash of a one-time token is stored. */
export const hashOneTimeToken = (token: string) => createHash('sha256').update(token).digest('hex');
const hashToken = hashOneTimeToken;

export type InvitationCreated = { link: string; expiresAt: Date; emailedTo: string | null };

export async function inviteClientToPortal(actor: Actor, clientId: string): Promise<InvitationCreated> {
  await requirePermission(actor, 'client:write', { action: 'invitation.create', targetType: 'client', targetId: clientId }, { notFound: 'client' });
  const token = newOneTimeToken();
  const db = getDb();
  // Valid to the end of the 7th day in the clinic's time zone.
  const expiresAt = endOfLocalDayAfter(new Date(), INVITATION_DAYS, (await clinicContext(db, actor.clinicId)).timeZone);
  const client = await auditRefusals(actor, { action: 'invitation.create', targetType: 'client', targetId: isUuid(clientId) ? clientId : null }, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: clients.id, clinicId: clients.clinicId, email: clients.email, portalUserId: clients.portalUserId, status: clients.status })
        .from(clients)
        .where(and(eq(clients.id, clientId), clientsInScope(actor, 'client:write')))
        .limit(1)
        .for('update');
      if (!row) throw new NotFoundError('client');
      if (row.portalUserId) throw new InputError('This client already has a portal account.');
      if (row.status === 'discharged') throw new InputError('This client has been discharged.');
      if (!row.email) throw new InputError('Add the client’s email address first: the portal account signs in with it.', 'email');
      // Whether the address already has an account (in any clinic) is not checked here: the answer
      // would tell the therapist about accounts outside their clinic. Accepting the link refuses it.
      // A new link replaces any earlier unused one.
      await tx
        .update(invitations)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(invitations.clientId, row.id), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
      const [created] = await tx
        .insert(invitations)
        .values({ clinicId: row.clinicId, clientId: row.id, email: row.email, tokenHash: hashToken(token), expiresAt, createdBy: actor.userId })
        .returning({ id: invitations.id });
      await writeAudit(tx, actor, { action: 'invitation.create', outcome: 'success', targetType: 'invitation', targetId: created!.id, clientId: row.id });
      return row;
    }),
  );
  const link = `${publicOrigin()}/invite/${token}`;
  let emailedTo: string | null = null;
  if (mailConfigured() && client.email) {
    try {
      await mailSender()({
        to: client.email,
        subject: 'Your invitation to the Rapport patient portal',
        text: `You have been invited to the Rapport patient portal.\n\nSet your password here (the link works once, for ${INVITATION_DAYS} days):\n${link}\n`,
      });
      emailedTo = client.email;
    } catch {
      emailedTo = null;
    }
  }
  return { link, expiresAt, emailedTo };
}

/**
 * The client's portal access as their record shows it: an account, an invitation waiting to be
 * used (the link itself cannot be shown again: only its hash is stored), the last one expired
 * unused, or nothing yet. Dates only, no token and no hash.
 */
export type ClientPortalAccess =
  | { status: 'account' }
  | { status: 'invited'; createdAt: Date; expiresAt: Date; email: string }
  | { status: 'expired'; createdAt: Date; expiresAt: Date }
  | { status: 'not_invited' };

/** Staff who may see the client's record see its portal access; a client never reads this. */
export async function getClientPortalAccess(actor: Actor, clientId: string): Promise<ClientPortalAccess> {
  const db = getDb();
  const attempt = { action: 'invitation.read', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:read-details', attempt, { notFound: 'client' });
  const [client] = await db
    .select({ id: clients.id, portalUserId: clients.portalUserId })
    .from(clients)
    .where(and(eq(clients.id, clientId), clientsInScope(actor, 'client:read')))
    .limit(1);
  if (!client) return refuseOutOfScope(actor, attempt, 'client');
  // The newest invitation that was not withdrawn: a used one means the account exists (checked above).
  const [latest] = client.portalUserId
    ? []
    : await db
        .select({ createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, email: invitations.email })
        .from(invitations)
        .where(and(eq(invitations.clinicId, actor.clinicId), eq(invitations.clientId, client.id), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
        .orderBy(desc(invitations.createdAt))
        .limit(1);
  await auditRead(db, actor, { action: 'invitation.read', outcome: 'success', targetType: 'client', targetId: client.id, clientId: client.id });
  if (client.portalUserId) return { status: 'account' };
  if (!latest) return { status: 'not_invited' };
  if (latest.expiresAt.getTime() <= Date.now()) return { status: 'expired', createdAt: latest.createdAt, expiresAt: latest.expiresAt };
  return { status: 'invited', createdAt: latest.createdAt, expiresAt: latest.expiresAt, email: latest.email };
}

/** Withdraws the client's unused invitation links (none open is not an error: nothing to do). */
export async function revokeClientInvitation(actor: Actor, clientId: string): Promise<{ revoked: number }> {
  const db = getDb();
  const attempt = { action: 'invitation.revoke', targetType: 'client', targetId: clientId };
  await requirePermission(actor, 'client:write', attempt, { notFound: 'client' });
  return auditRefusals(actor, attempt, () =>
    db.transaction(async (tx) => {
      const [client] = await tx
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.id, clientId), clientsInScope(actor, 'client:write')))
        .limit(1)
        .for('update');
      if (!client) throw new NotFoundError('client');
      const revoked = await tx
        .update(invitations)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(invitations.clinicId, actor.clinicId), eq(invitations.clientId, client.id), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      await writeAudit(tx, actor, {
        action: 'invitation.revoke',
        outcome: 'success',
        targetType: 'client',
        targetId: client.id,
        clientId: client.id,
        details: { revoked: revoked.length },
      });
      return { revoked: revoked.length };
    }),
  );
}

/** A usable link names the address, the clinic and the client's therapist (so the client knows who sent it). */
export type InvitationStatus =
  { status: 'valid'; email: string; clinicName: string; therapistName: string | null } | { status: 'used' | 'expired' | 'invalid' };

async function findInvitation(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await getDb()
    .select({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt, usedAt: invitations.usedAt, revokedAt: invitations.revokedAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  return row;
}

/** What the invitation page may say about a token: the address it is for and who invited them, nothing more. */
export async function getInvitationStatus(token: string): Promise<InvitationStatus> {
  const row = await findInvitation(token);
  if (!row || row.revokedAt) return { status: 'invalid' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { status: 'expired' };
  const [sender] = await getDb()
    .select({ clinicName: clinics.name, therapistName: users.name })
    .from(invitations)
    .innerJoin(clinics, eq(clinics.id, invitations.clinicId))
    .innerJoin(clients, and(eq(clients.id, invitations.clientId), eq(clients.clinicId, invitations.clinicId)))
    .leftJoin(users, and(eq(users.id, clients.primaryTherapistId), eq(users.clinicId, invitations.clinicId)))
    .where(eq(invitations.id, row.id))
    .limit(1);
  if (!sender) return { status: 'invalid' };
  return { status: 'valid', email: row.email, clinicName: sender.clinicName, therapistName: sender.therapistName };
}

const REFUSED = {
  invalid: 'This invitation link is not valid. Ask your therapist for a new one.',
  used: 'This invitation link has already been used. Sign in with your email and password instead.',
  expired: 'This invitation link has expired. Ask your therapist for a new one.',
  taken: 'This email address already has an account. Sign in with it, or ask your therapist to use another address.',
} as const;

/**
 * Uses an invitation: creates the client's portal account with the chosen password and links it,
 * all in one transaction under a row lock, so a link works exactly once.
 */
export async function acceptInvitation(token: string, input: AcceptInvitationInput): Promise<{ email: string }> {
  const values = acceptInvitationSchema.parse(input);
  const found = await findInvitation(token);
  if (!found || found.revokedAt) throw new InputError(REFUSED.invalid);
  const violation = passwordPolicyViolation(values.password, { email: found.email });
  if (violation) throw new InputError(violation, 'password');
  const passwordHash = await hashPassword(values.password);
  return getDb().transaction(async (tx) => {
    const [invitation] = await tx
      .select({
        id: invitations.id,
        clinicId: invitations.clinicId,
        clientId: invitations.clientId,
        email: invitations.email,
        expiresAt: invitations.expiresAt,
        usedAt: invitations.usedAt,
        revokedAt: invitations.revokedAt,
      })
      .from(invitations)
      .where(eq(invitations.id, found.id))
      .limit(1)
      .for('update');
    if (!invitation || invitation.revokedAt) throw new InputError(REFUSED.invalid);
    if (invitation.usedAt) throw new InputError(REFUSED.used);
    if (invitation.expiresAt.getTime() <= Date.now()) throw new InputError(REFUSED.expired);
    const [client] = await tx
      .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName, portalUserId: clients.portalUserId })
      .from(clients)
      .where(and(eq(clients.id, invitation.clientId), eq(clients.clinicId, invitation.clinicId)))
      .limit(1)
      .for('update');
    if (!client || client.portalUserId) throw new InputError(REFUSED.used);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).limit(1);
    if (taken) throw new InputError(REFUSED.taken);
    const [user] = await tx
      .insert(users)
      .values({ clinicId: invitation.clinicId, email: invitation.email, name: `${client.firstName} ${client.lastName}`, role: 'client', passwordHash })
      .returning({ id: users.id });
    await tx
      .update(clients)
      .set({ portalUserId: user!.id, updatedAt: sql`now()` })
      .where(eq(clients.id, client.id));
    await tx
      .update(invitations)
      .set({ usedAt: sql`now()` })
      .where(eq(invitations.id, invitation.id));
    await writeAudit(
      tx,
      { userId: user!.id, clinicId: invitation.clinicId, role: 'client' },
      { action: 'invitation.accept', outcome: 'success', targetType: 'invitation', targetId: invitation.id, clientId: client.id },
    );
    return { email: invitation.email };
  });
}
