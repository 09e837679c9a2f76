import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createClient } from '@/lib/data/caseload';
import { InputError, NotFoundError } from '@/lib/data/errors';
import { acceptInvitation, getClientPortalAccess, getInvitationStatus, inviteClientToPortal, revokeClientInvitation } from '@/lib/data/invitations';
import { auditEvents, clinics, invitations } from '@/db/schema';
import { buildWorld, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * What a client's record says about their portal access (account, invitation outstanding with its
 * dates, expired, none), withdrawing an open invitation, and what the invitation page may tell the
 * person holding the link (the address, the clinic and the therapist; nothing for a dead link).
 */
describeEachEngine('portal invitations on the client record', (ctx) => {
  let world: World;
  let clinicName: string;
  const UNKNOWN_UUID = '7d9f2c1e-4b3a-4c5d-8e6f-0a1b2c3d4e5f';

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    const [clinic] = await ctx.db.select({ name: clinics.name }).from(clinics).where(eq(clinics.id, world.clinicA));
    clinicName = clinic!.name;
  });

  async function newClient(tag: string) {
    const email = `${tag}.${world.token}@home.test`;
    const { id } = await createClient(world.actors.therapistA1, {
      firstName: 'Ina',
      lastName: 'Vite',
      preferredName: null,
      dateOfBirth: null,
      email,
      status: 'active',
    });
    return { id, email };
  }
  const tokenOf = (link: string) => link.split('/invite/')[1]!;
  const auditOf = (action: string, clientId: string) =>
    ctx.db
      .select({ outcome: auditEvents.outcome, actorUserId: auditEvents.actorUserId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, clientId)));

  it('says truthfully: not invited, invited (with its dates, never the link), expired, then an account', async () => {
    const therapist = world.actors.therapistA1;
    const { id, email } = await newClient('status');
    expect(await getClientPortalAccess(therapist, id)).toEqual({ status: 'not_invited' });

    const created = await inviteClientToPortal(therapist, id);
    const invited = await getClientPortalAccess(therapist, id);
    expect(invited).toEqual({ status: 'invited', email, createdAt: expect.any(Date) as Date, expiresAt: created.expiresAt });
    expect(JSON.stringify(invited)).not.toContain(tokenOf(created.link));
    // The supervisor of this therapist reads the same (the record is theirs to read).
    expect(await getClientPortalAccess(world.actors.supervisorA, id)).toMatchObject({ status: 'invited' });

    await ctx.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.clientId, id));
    expect(await getClientPortalAccess(therapist, id)).toMatchObject({ status: 'expired' });

    const again = await inviteClientToPortal(therapist, id);
    expect(await getClientPortalAccess(therapist, id)).toMatchObject({ status: 'invited', expiresAt: again.expiresAt });
    await acceptInvitation(tokenOf(again.link), { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' });
    expect(await getClientPortalAccess(therapist, id)).toEqual({ status: 'account' });
    expect(await getClientPortalAccess(therapist, world.clients.c1.id)).toEqual({ status: 'account' });

    const reads = await auditOf('invitation.read', id);
    expect(reads.length).toBeGreaterThanOrEqual(5);
    expect(reads.every((r) => r.outcome === 'success')).toBe(true);
  });

  it('is scoped: another therapist, another clinic, a client, a bad id all get NotFound, audited', async () => {
    const { id } = await newClient('scope');
    for (const actor of [world.actors.therapistA2, world.actors.therapistB1, world.actors.adminB, world.actors.supervisorB, world.actors.clientC1]) {
      await expect(getClientPortalAccess(actor, id)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(getClientPortalAccess(world.actors.therapistA1, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClientPortalAccess(world.actors.therapistA1, UNKNOWN_UUID)).rejects.toBeInstanceOf(NotFoundError);
    const denied = await auditOf('invitation.read', id);
    expect(denied.filter((r) => r.outcome === 'denied')).toHaveLength(5);
  });

  it('revoke withdraws the open link (it stops working) and is audited; nothing open is not an error', async () => {
    const therapist = world.actors.therapistA1;
    const { id } = await newClient('revoke');
    const { link } = await inviteClientToPortal(therapist, id);
    expect(await revokeClientInvitation(therapist, id)).toEqual({ revoked: 1 });
    expect(await getInvitationStatus(tokenOf(link))).toEqual({ status: 'invalid' });
    await expect(acceptInvitation(tokenOf(link), { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' })).rejects.toBeInstanceOf(
      InputError,
    );
    expect(await getClientPortalAccess(therapist, id)).toEqual({ status: 'not_invited' });
    expect(await revokeClientInvitation(therapist, id)).toEqual({ revoked: 0 });
    const audit = await auditOf('invitation.revoke', id);
    expect(audit.map((a) => [a.outcome, a.actorUserId, a.details])).toEqual([
      ['success', therapist.userId, { revoked: 1 }],
      ['success', therapist.userId, { revoked: 0 }],
    ]);
  });

  it('revoke needs the client’s own therapist (supervisors read only), audited as refused', async () => {
    const { id } = await newClient('revoke-scope');
    const { link } = await inviteClientToPortal(world.actors.therapistA1, id);
    for (const actor of [world.actors.therapistA2, world.actors.supervisorA, world.actors.therapistB1, world.actors.adminA, world.actors.clientC1]) {
      await expect(revokeClientInvitation(actor, id)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(revokeClientInvitation(world.actors.therapistA1, 'nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await getInvitationStatus(tokenOf(link))).toMatchObject({ status: 'valid' });
    expect((await auditOf('invitation.revoke', id)).map((a) => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'denied']);
  });

  it('the invitation page learns the clinic and the therapist for a usable link only', async () => {
    const { id, email } = await newClient('page');
    const { link } = await inviteClientToPortal(world.actors.therapistA1, id);
    expect(await getInvitationStatus(tokenOf(link))).toEqual({ status: 'valid', email, clinicName, therapistName: world.users.therapistA1.name });
    await revokeClientInvitation(world.actors.therapistA1, id);
    expect(await getInvitationStatus(tokenOf(link))).toEqual({ status: 'invalid' });
  });
});
