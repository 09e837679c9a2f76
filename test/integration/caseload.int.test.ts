import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/policy';
import { createClient, listCaseloadPage } from '@/lib/data/caseload';
import { getClinicOutcomeRules } from '@/lib/data/clinic';
import { updateClientContact } from '@/lib/data/clients';
import { ForbiddenError, InputError, NotFoundError } from '@/lib/data/errors';
import { acceptInvitation, getInvitationStatus, inviteClientToPortal } from '@/lib/data/invitations';
import { verifyCredentials } from '@/lib/data/auth';
import { getPortalHome } from '@/lib/data/portal';
import { caseloadQuerySchema } from '@/lib/validation/caseload';
import { clientContactSchema } from '@/lib/validation/clients';
import { alerts, clients, invitations, measureAssignments, measureResponses, therapySessions, treatmentPlans, users } from '@/db/schema';
import { seededRandom } from '@/db/seed';
import { buildWorld, insertUser, type World } from './fixtures';
import { describeEachEngine } from './harness';

/*
 * The caseload table's query on a generated caseload of 500 clients (latest values, sort, filter,
 * paging against a plain reference computation) and portal invitations (hashed, single use, expiry).
 */
const CASELOAD = 500;
const query = (input: Record<string, string> = {}) => caseloadQuerySchema.parse(input);

type Expected = { id: string; lastName: string; status: string; alliance: number | null; phq9: number | null; openAlerts: number; sessions: number };

describeEachEngine('caseload and invitations', (ctx) => {
  let world: World;
  let therapist: Actor;
  const expected: Expected[] = [];

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
    const t = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Busy Therapist' });
    therapist = { userId: t.userId, clinicId: t.clinicId, role: 'therapist', name: t.name };
    const rng = seededRandom(99);
    const statuses = ['active', 'active', 'active', 'waitlist', 'discharged'] as const;
    const clientRows = Array.from({ length: CASELOAD }, (_, i) => ({
      id: rng.uuid(),
      clinicId: world.clinicA,
      firstName: `First${i}`,
      lastName: `Last${String(rng.int(0, 99_999)).padStart(5, '0')}`,
      status: statuses[i % statuses.length]!,
      primaryTherapistId: therapist.userId,
    }));
    for (let i = 0; i < clientRows.length; i += 250) await ctx.db.insert(clients).values(clientRows.slice(i, i + 250));
    const sessions: (typeof therapySessions.$inferInsert)[] = [];
    const assignments: (typeof measureAssignments.$inferInsert)[] = [];
    const responses: (typeof measureResponses.$inferInsert)[] = [];
    const alertRows: (typeof alerts.$inferInsert)[] = [];
    const base = Date.now() - 200 * 86_400_000;
    for (const [index, c] of clientRows.entries()) {
      const nSessions = rng.int(0, 6);
      for (let s = 0; s < nSessions; s++) {
        sessions.push({
          clinicId: world.clinicA,
          clientId: c.id,
          therapistId: therapist.userId,
          occurredAt: new Date(base + s * 7 * 86_400_000),
          attendance: 'attended',
          sessionNumber: s + 1,
        });
      }
      let alliance: number | null = null;
      let phq9: number | null = null;
      for (let m = 0; m < rng.int(0, 5); m++) {
        for (const key of ['wai-sr-client', 'phq-9'] as const) {
          const id = rng.uuid();
          const value = key === 'phq-9' ? rng.int(0, 27) : 1 + rng.int(0, 48) / 12;
          const at = new Date(base + m * 10 * 86_400_000 + (key === 'phq-9' ? 1000 : 0));
          assignments.push({
            id,
            clinicId: world.clinicA,
            clientId: c.id,
            therapistId: therapist.userId,
            instrumentKey: key,
            respondent: 'client',
            status: 'completed',
            dueAt: at,
            expiresAt: at,
          });
          responses.push({
            clinicId: world.clinicA,
            assignmentId: id,
            clientId: c.id,
            therapistId: therapist.userId,
            instrumentKey: key,
            instrumentVersion: '1.0.0',
            respondent: 'client',
            source: 'portal',
            answers: {},
            scores: {},
            headlineScore: value,
            submittedAt: at,
          });
          if (key === 'phq-9') phq9 = value;
          else alliance = value;
        }
      }
      const open = index % 7 === 0 ? 2 : index % 11 === 0 ? 1 : 0;
      for (let a = 0; a < open; a++)
        alertRows.push({
          clinicId: world.clinicA,
          clientId: c.id,
          therapistId: therapist.userId,
          kind: 'rupture',
          severity: a === 0 && index % 14 === 0 ? 'urgent' : 'warning',
          rule: 'rupture_drop',
          details: {},
        });
      // An acknowledged alert must not count as open.
      if (index % 5 === 0)
        alertRows.push({
          clinicId: world.clinicA,
          clientId: c.id,
          therapistId: therapist.userId,
          kind: 'low_alliance',
          severity: 'warning',
          rule: 'low_alliance',
          details: {},
          status: 'acknowledged',
        });
      expected.push({ id: c.id, lastName: c.lastName, status: c.status, alliance, phq9, openAlerts: open, sessions: nSessions });
    }
    for (let i = 0; i < sessions.length; i += 500) await ctx.db.insert(therapySessions).values(sessions.slice(i, i + 500));
    for (let i = 0; i < assignments.length; i += 500) await ctx.db.insert(measureAssignments).values(assignments.slice(i, i + 500));
    for (let i = 0; i < responses.length; i += 500) await ctx.db.insert(measureResponses).values(responses.slice(i, i + 500));
    for (let i = 0; i < alertRows.length; i += 500) await ctx.db.insert(alerts).values(alertRows.slice(i, i + 500));
    // Two active plans, one past its review date.
    await ctx.db.insert(treatmentPlans).values([
      { clinicId: world.clinicA, clientId: clientRows[0]!.id, therapistId: therapist.userId, status: 'active', title: 'Due', nextReviewDate: '2020-01-01' },
      { clinicId: world.clinicA, clientId: clientRows[5]!.id, therapistId: therapist.userId, status: 'active', title: 'Later', nextReviewDate: '2999-01-01' },
    ]);
  }, 120_000);

  describe('listCaseloadPage', () => {
    it('returns the latest values per client, matching a plain computation', async () => {
      const page = await listCaseloadPage(therapist, query({ status: 'all', size: '100' }));
      expect(page.total).toBe(CASELOAD);
      for (const row of page.rows) {
        const e = expected.find((x) => x.id === row.id)!;
        if (e.alliance === null) expect(row.alliance).toBeNull();
        else expect(row.alliance).toBeCloseTo(e.alliance, 9);
        expect(row.phq9?.total ?? null).toBe(e.phq9);
        expect(row.openAlerts).toBe(e.openAlerts);
        expect(row.attendedSessions).toBe(e.sessions);
      }
    });

    it('sorts on the server (alliance descending, nulls last) and pages without overlap', async () => {
      const all: string[] = [];
      for (let p = 1; p <= 5; p++) {
        const page = await listCaseloadPage(therapist, query({ status: 'all', sort: 'alliance', dir: 'desc', page: String(p), size: '100' }));
        expect(page.rows.length).toBeLessThanOrEqual(100);
        all.push(...page.rows.map((r) => r.id));
      }
      expect(new Set(all).size).toBe(CASELOAD);
      const values = all.map((id) => expected.find((e) => e.id === id)!.alliance);
      const firstNull = values.indexOf(null);
      const nonNull = (firstNull === -1 ? values : values.slice(0, firstNull)) as number[];
      expect(nonNull).toEqual([...nonNull].sort((a, b) => b - a));
      if (firstNull !== -1) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
    });

    it('filters by status, open alerts, review due and name', async () => {
      const waitlist = await listCaseloadPage(therapist, query({ status: 'waitlist', size: '100' }));
      expect(waitlist.total).toBe(expected.filter((e) => e.status === 'waitlist').length);
      const withAlerts = await listCaseloadPage(therapist, query({ status: 'all', alerts: '1', size: '100' }));
      expect(withAlerts.total).toBe(expected.filter((e) => e.openAlerts > 0).length);
      const due = await listCaseloadPage(therapist, query({ status: 'all', reviewDue: '1' }));
      expect(due.rows.map((r) => r.id)).toEqual([expected[0]!.id]);
      expect(due.rows[0]!.reviewDue).toBe(true);
      const name = expected[42]!.lastName;
      const search = await listCaseloadPage(therapist, query({ status: 'all', q: name.toLowerCase() }));
      expect(search.rows.map((r) => r.id)).toContain(expected[42]!.id);
      expect(search.rows.every((r) => r.name.includes(name))).toBe(true);
      const none = await listCaseloadPage(therapist, query({ status: 'all', q: '%' }));
      expect(none.total).toBe(0);
      const fullName = await listCaseloadPage(therapist, query({ status: 'all', q: `first42 ${name.toLowerCase()}` }));
      expect(fullName.rows.map((r) => r.id)).toEqual([expected[42]!.id]);
      const current = await listCaseloadPage(therapist, query());
      expect(current.total).toBe(expected.filter((e) => e.status === 'active' || e.status === 'waitlist').length);
      expect(await getClinicOutcomeRules(therapist)).toEqual({ phq9ReliableChange: 6, gad7ReliableChange: 4 });
    });

    it('sorts urgent alerts first when sorting by alerts', async () => {
      const page = await listCaseloadPage(therapist, query({ status: 'all', sort: 'alerts', dir: 'desc', size: '10' }));
      expect(page.rows[0]!.urgentAlerts).toBe(1);
    });

    it('never includes another therapist’s clients and refuses non-therapists', async () => {
      const page = await listCaseloadPage(world.actors.therapistA1, query({ status: 'all', size: '100' }));
      expect(page.rows.map((r) => r.id)).toEqual([world.clients.c1.id]);
      await expect(listCaseloadPage(world.actors.supervisorA, query())).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listCaseloadPage(world.actors.adminA, query())).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('falls back to sane values for junk in the URL', () => {
      expect(caseloadQuerySchema.parse({ sort: 'drop table', dir: 'sideways', page: '-3', size: '7', status: 'x', alerts: 'yes', q: 'x'.repeat(200) })).toEqual(
        {
          status: 'current',
          alerts: false,
          reviewDue: false,
          sort: 'name',
          dir: 'asc',
          page: 1,
          size: 25,
        },
      );
    });
  });

  describe('createClient', () => {
    it('adds a client to the therapist’s own caseload with a caseload history row', async () => {
      const { id } = await createClient(world.actors.therapistA1, {
        firstName: 'Nova',
        lastName: 'Reyes',
        preferredName: null,
        dateOfBirth: '1993-02-01',
        email: null,
        status: 'active',
      });
      const page = await listCaseloadPage(world.actors.therapistA1, query({ q: 'Reyes' }));
      expect(page.rows.map((r) => r.id)).toEqual([id]);
      await expect(
        createClient(world.actors.supervisorA, { firstName: 'X', lastName: 'Y', preferredName: null, dateOfBirth: null, email: null, status: 'active' }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe('editing the profile', () => {
    it('updates names and date of birth with the contact details; omitted names stay; bad dates are refused', async () => {
      const { id } = await createClient(world.actors.therapistA1, {
        firstName: 'Edit',
        lastName: 'Me',
        preferredName: null,
        dateOfBirth: null,
        email: null,
        status: 'active',
      });
      await updateClientContact(
        world.actors.therapistA1,
        id,
        clientContactSchema.parse({ firstName: 'Edith', lastName: 'Mae', dateOfBirth: '1990-02-03', preferredName: 'Edie', email: '', phone: '' }),
      );
      const [row] = await ctx.db.select().from(clients).where(eq(clients.id, id));
      expect(row).toMatchObject({ firstName: 'Edith', lastName: 'Mae', dateOfBirth: '1990-02-03', preferredName: 'Edie' });
      await updateClientContact(world.actors.therapistA1, id, clientContactSchema.parse({ preferredName: '', email: '', phone: '' }));
      const [after] = await ctx.db.select().from(clients).where(eq(clients.id, id));
      expect(after).toMatchObject({ firstName: 'Edith', lastName: 'Mae', dateOfBirth: '1990-02-03', preferredName: null });
      expect(clientContactSchema.safeParse({ firstName: '', preferredName: '', email: '', phone: '' }).success).toBe(false);
      expect(clientContactSchema.safeParse({ dateOfBirth: '2999-01-01', preferredName: '', email: '', phone: '' }).success).toBe(false);
    });
  });

  describe('portal invitations', () => {
    async function newClientWithEmail(email: string) {
      const { id } = await createClient(world.actors.therapistA1, {
        firstName: 'Ivy',
        lastName: 'Invite',
        preferredName: null,
        dateOfBirth: null,
        email,
        status: 'active',
      });
      return id;
    }

    it('stores only a hash, works once, and lands the client in their portal', async () => {
      const email = `ivy.${world.token}@home.test`;
      const clientId = await newClientWithEmail(email);
      const { link, expiresAt } = await inviteClientToPortal(world.actors.therapistA1, clientId);
      const token = link.split('/invite/')[1]!;
      expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      const [stored] = await ctx.db.select().from(invitations).where(eq(invitations.clientId, clientId));
      expect(stored!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(await getInvitationStatus(token)).toMatchObject({ status: 'valid', email });
      await expect(acceptInvitation(token, { password: 'password1234', confirmPassword: 'password1234' })).rejects.toThrow(/common/);
      expect(await getInvitationStatus(token)).toMatchObject({ status: 'valid', email });
      await acceptInvitation(token, { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' });
      const signedIn = await verifyCredentials({ email, password: 'Quiet-Harbour-Lamp-31' });
      expect(signedIn).toMatchObject({ ok: true, user: { role: 'client' } });
      const portal = await getPortalHome({ userId: signedIn.ok ? signedIn.user.id : '', clinicId: world.clinicA, role: 'client', name: 'Ivy' });
      expect(portal.clientName).toContain('Invite');
      expect(await getInvitationStatus(token)).toEqual({ status: 'used' });
      await expect(acceptInvitation(token, { password: 'Another-Long-Phrase-77', confirmPassword: 'Another-Long-Phrase-77' })).rejects.toThrow(
        /already been used/,
      );
      await expect(inviteClientToPortal(world.actors.therapistA1, clientId)).rejects.toBeInstanceOf(InputError);
    });

    it('refuses forged, replaced and expired links with a clear message', async () => {
      const clientId = await newClientWithEmail(`exp.${world.token}@home.test`);
      const first = (await inviteClientToPortal(world.actors.therapistA1, clientId)).link.split('/invite/')[1]!;
      const second = (await inviteClientToPortal(world.actors.therapistA1, clientId)).link.split('/invite/')[1]!;
      expect(await getInvitationStatus(first)).toEqual({ status: 'invalid' });
      expect(await getInvitationStatus('forged-token-forged-token-forged')).toEqual({ status: 'invalid' });
      await expect(
        acceptInvitation('forged-token-forged-token-forged', { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' }),
      ).rejects.toThrow(/not valid/);
      await ctx.db
        .update(invitations)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(invitations.tokenHash, createHash('sha256').update(second).digest('hex')));
      expect(await getInvitationStatus(second)).toEqual({ status: 'expired' });
      await expect(acceptInvitation(second, { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' })).rejects.toThrow(/expired/);
      const [client] = await ctx.db.select({ portal: clients.portalUserId }).from(clients).where(eq(clients.id, clientId));
      expect(client!.portal).toBeNull();
    });

    it.runIf(ctx.engine === 'postgres')('works exactly once under concurrent use of the same link', async () => {
      const email = `race.${world.token}@home.test`;
      const clientId = await newClientWithEmail(email);
      const token = (await inviteClientToPortal(world.actors.therapistA1, clientId)).link.split('/invite/')[1]!;
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => acceptInvitation(token, { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await ctx.db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
    });

    it('answers the same whether or not the email already has an account anywhere on the deployment', async () => {
      const elsewhere = await insertUser(ctx.db, { clinicId: world.clinicB, role: 'therapist', name: 'Other Clinic' });
      const takenClient = await newClientWithEmail(elsewhere.email);
      const freeClient = await newClientWithEmail(`free.${world.token}@home.test`);
      const taken = await inviteClientToPortal(world.actors.therapistA1, takenClient);
      const free = await inviteClientToPortal(world.actors.therapistA1, freeClient);
      const shape = (created: typeof taken) => ({ ...created, link: created.link.replace(/[^/]+$/, 'TOKEN'), expiresAt: created.expiresAt.getTime() });
      expect(shape(taken)).toEqual(shape(free));
      // Only whoever holds the link learns, on using it, that the address already signs in.
      const token = taken.link.split('/invite/')[1]!;
      await expect(acceptInvitation(token, { password: 'Quiet-Harbour-Lamp-31', confirmPassword: 'Quiet-Harbour-Lamp-31' })).rejects.toThrow(
        /already has an account/,
      );
      expect(await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, elsewhere.email))).toEqual([{ id: elsewhere.userId }]);
      const [client] = await ctx.db.select({ portal: clients.portalUserId }).from(clients).where(eq(clients.id, takenClient));
      expect(client!.portal).toBeNull();
    });

    it('needs the client’s own therapist, an email, and no existing account', async () => {
      await expect(inviteClientToPortal(world.actors.therapistA2, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(inviteClientToPortal(world.actors.supervisorA, world.clients.c1.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(inviteClientToPortal(world.actors.therapistA1, world.clients.c1.id)).rejects.toThrow(/already has a portal account/);
      const { id } = await createClient(world.actors.therapistA1, {
        firstName: 'No',
        lastName: 'Email',
        preferredName: null,
        dateOfBirth: null,
        email: null,
        status: 'active',
      });
      await expect(inviteClientToPortal(world.actors.therapistA1, id)).rejects.toThrow(/email address first/);
      await updateClientContact(world.actors.therapistA1, id, { preferredName: null, email: `later.${world.token}@home.test`, phone: null });
      await expect(inviteClientToPortal(world.actors.therapistA1, id)).resolves.toMatchObject({ link: expect.stringContaining('/invite/') as string });
    });
  });
});
