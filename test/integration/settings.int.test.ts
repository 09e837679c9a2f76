import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { proposeAllianceThresholds, subscaleItemsOf, type NormResponse } from '@/lib/alliance/norms';
import type { Actor } from '@/lib/authz/policy';
import { getInstrument, headlineScore, scoreResponse } from '@/lib/instruments';
import { clinicContext } from '@/lib/data/clinic';
import { ForbiddenError, InputError } from '@/lib/data/errors';
import { adoptProposedThresholds, getClinicSettingsForAdmin, proposeLocalThresholds, SETTINGS_CONFLICT_FIELD, updateClinicSettings } from '@/lib/data/settings';
import { DEFAULT_ALLIANCE_THRESHOLDS } from '@/lib/alliance/rules';
import {
  adoptThresholdsInputSchema,
  clinicSettingsFormSchema,
  clinicSettingsSchema,
  readClinicSettings,
  settingsFormDefaults,
  updateClinicSettingsInputSchema,
  type ClinicSettingsFormInput,
  type ClinicSettingsFormValues,
} from '@/lib/validation/settings';
import type { Database } from '@/db/client';
import { auditEvents, clinicSettings, measureAssignments, measureResponses, thresholdAdoptions } from '@/db/schema';
import { buildWorld, insertClient, uniqueToken, type FixtureClient, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsAddedBy } from './queries';

/*
 * Clinic settings administration against real databases: versioned settings with optimistic
 * concurrency, admins only and only their own clinic, and local norms — thresholds proposed from
 * the clinic's own WAI-SR data and adopted (versioned) without trusting numbers from a browser.
 */

const DAY = 86_400_000;
const WAI = getInstrument('wai-sr-client');
const ITEM_IDS = WAI.items.map((i) => i.id);

/** Parses form-shaped input exactly as the server action does. */
function formValues(input: ClinicSettingsFormInput): ClinicSettingsFormValues {
  return clinicSettingsFormSchema.parse(input);
}

function defaultsForm(): ClinicSettingsFormInput {
  return settingsFormDefaults(readClinicSettings({}));
}

/** A small deterministic generator (mulberry32), so the data are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** WAI-SR answers around a client's own level, so items agree with each other (α well above 0). */
function waiAnswers(random: () => number, level: number): Record<string, number> {
  return Object.fromEntries(ITEM_IDS.map((id) => [id, Math.min(5, Math.max(1, Math.round(level + (random() - 0.5) * 1.6)))]));
}

type Inserted = NormResponse & { responseId: string };

/** A completed client WAI-SR (assignment + response) inserted directly, as if submitted at `at`. */
async function insertWaiResponse(
  db: Database,
  client: FixtureClient,
  answers: Record<string, number>,
  at: Date,
  instrumentKey = 'wai-sr-client',
): Promise<Inserted> {
  const instrument = getInstrument(instrumentKey);
  const respondent = instrument.key === 'wai-sr-client' ? 'client' : 'therapist';
  const [assignment] = await db
    .insert(measureAssignments)
    .values({
      clinicId: client.clinicId,
      clientId: client.id,
      therapistId: client.therapistId,
      instrumentKey,
      respondent,
      status: 'completed',
      dueAt: at,
      expiresAt: new Date(at.getTime() + 7 * DAY),
      completedAt: at,
    })
    .returning({ id: measureAssignments.id });
  const scores = scoreResponse(instrument, answers);
  const [response] = await db
    .insert(measureResponses)
    .values({
      clinicId: client.clinicId,
      assignmentId: assignment!.id,
      clientId: client.id,
      therapistId: client.therapistId,
      instrumentKey,
      instrumentVersion: instrument.version,
      respondent,
      source: 'portal',
      answers,
      scores,
      headlineScore: headlineScore(instrument, scores),
      submittedAt: at,
    })
    .returning({ id: measureResponses.id });
  return { responseId: response!.id, clientId: client.id, submittedAt: at.toISOString(), answers };
}

const readSettingsRow = async (db: Database, clinicId: string) => (await db.select().from(clinicSettings).where(eq(clinicSettings.clinicId, clinicId)))[0];
const adoptionsOf = (db: Database, clinicId: string) => db.select().from(thresholdAdoptions).where(eq(thresholdAdoptions.clinicId, clinicId));

describe('settings schemas', () => {
  it('keeps the stored defaults and adds the local-norms group', () => {
    const defaults = readClinicSettings({});
    expect(defaults.alliance).toEqual({ lowAlliance: 3, reliableDrop: 0.83, personalSdK: 2, personalSdFloor: 0.3, personalMinPrior: 3, ratingGap: 1 });
    expect(defaults.alliance).toMatchObject(DEFAULT_ALLIANCE_THRESHOLDS);
    expect(defaults.outcomes).toEqual({ phq9ReliableChange: 6, gad7ReliableChange: 4 });
    expect(defaults.schedule).toEqual({ clientWaiFromSession: 2, clientWaiEveryNthSession: 1, outcomeEveryNthSession: 4, assignmentExpiryDays: 7 });
    expect(defaults.risk).toEqual({ escalateAfterHours: 4 });
    expect(defaults.norms).toEqual({ minClients: 50, adoptedVersion: null });
    expect(readClinicSettings(null)).toEqual(defaults);
    expect(() => readClinicSettings({ norms: { minClients: 9 } })).toThrow();
  });

  it('the stored schema itself refuses an empty or too-short crisis text, an escalation delay outside 1–24 hours and an SD floor outside 0–1', () => {
    const accepts = (document: unknown) => clinicSettingsSchema.safeParse(document).success;
    expect(accepts({})).toBe(true);
    for (const crisisText of ['', '   ', '  too short  ', 'x'.repeat(2001)])
      expect(accepts({ portal: { crisisText } }), JSON.stringify(crisisText)).toBe(false);
    expect(accepts({ portal: { crisisText: 'Call 999 or go to the nearest emergency department.' } })).toBe(true);
    for (const escalateAfterHours of [0, 25, 48, 168, 2.5]) expect(accepts({ risk: { escalateAfterHours } }), String(escalateAfterHours)).toBe(false);
    for (const escalateAfterHours of [1, 4, 24]) expect(accepts({ risk: { escalateAfterHours } })).toBe(true);
    for (const personalSdFloor of [-0.1, 1.01]) expect(accepts({ alliance: { personalSdFloor } })).toBe(false);
    for (const personalSdFloor of [0, 0.3, 1]) expect(accepts({ alliance: { personalSdFloor } })).toBe(true);
  });

  it('a document stored under the older bounds still reads: the delay is brought within 1–24 hours, a too-short crisis text gives way to the default', () => {
    const defaults = readClinicSettings({});
    const old = readClinicSettings({
      risk: { escalateAfterHours: 168 },
      portal: { crisisText: '', showAllianceResultsToClients: true },
      alliance: { reliableDrop: 0.6, personalSdK: 1 },
    });
    expect(old.risk.escalateAfterHours).toBe(24);
    expect(old.portal).toEqual({ crisisText: defaults.portal.crisisText, showAllianceResultsToClients: true });
    // Values chosen under the old defaults stay as chosen; the new floor applies to them.
    expect(old.alliance).toEqual({ ...defaults.alliance, reliableDrop: 0.6, personalSdK: 1 });
    expect(
      readClinicSettings({ risk: { escalateAfterHours: 12 }, portal: { crisisText: '  Call 999 or go to the nearest emergency department.  ' } }),
    ).toMatchObject({
      risk: { escalateAfterHours: 12 },
      portal: { crisisText: 'Call 999 or go to the nearest emergency department.' },
    });
    // What was never valid is still refused.
    expect(() => readClinicSettings({ risk: { escalateAfterHours: 'soon' } })).toThrow();
    expect(() => readClinicSettings({ risk: { escalateAfterHours: 2.5 } })).toThrow();
  });

  it('the form schema round-trips the defaults and explains out-of-range values in plain words', () => {
    expect(formValues(defaultsForm())).toMatchObject({
      alliance: { personalSdK: 2, reliableDrop: 0.83, personalSdFloor: 0.3 },
      outcomes: { phq9ReliableChange: 6, gad7ReliableChange: 4 },
      risk: { escalateAfterHours: 4 },
    });
    const bad = defaultsForm();
    bad.schedule.assignmentExpiryDays = 0;
    bad.alliance.lowAlliance = Number.NaN;
    bad.alliance.reliableDrop = 0.123;
    bad.portal.crisisText = '  too short  ';
    bad.alliance.personalSdK = '3' as never;
    bad.norms.minClients = 5;
    bad.risk.escalateAfterHours = 25;
    bad.alliance.personalSdFloor = 0.05;
    const result = clinicSettingsFormSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages).toEqual({
      'schedule.assignmentExpiryDays': 'Enter a whole number of days between 1 and 60.',
      'alliance.lowAlliance': 'Enter a score between 1 and 5.',
      'alliance.reliableDrop': 'Use at most two decimal places (for example 0.75).',
      'portal.crisisText': 'Write at least 20 characters: clients at risk read this first.',
      'alliance.personalSdK': 'Choose sensitive or strict.',
      'norms.minClients': 'Enter a whole number of clients between 10 and 10000.',
      'risk.escalateAfterHours': 'Enter a whole number of hours between 1 and 24.',
      'alliance.personalSdFloor': 'Enter an SD between 0.1 and 1.',
    });
  });

  it('adoption input carries the version only: numbers from a browser are refused', () => {
    expect(adoptThresholdsInputSchema.safeParse({ expectedVersion: 3 }).success).toBe(true);
    expect(adoptThresholdsInputSchema.safeParse({ expectedVersion: 3, reliableDrop: 0.01 }).success).toBe(false);
    expect(adoptThresholdsInputSchema.safeParse({ expectedVersion: 3, thresholds: { reliableDrop: 0.01 } }).success).toBe(false);
    expect(updateClinicSettingsInputSchema.safeParse({ ...defaultsForm(), expectedVersion: -1 }).success).toBe(false);
  });
});

describeEachEngine('clinic settings administration', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  describe('settings', () => {
    it('start at the defaults, version 0, with no adoptions', async () => {
      const view = await getClinicSettingsForAdmin(world.actors.adminA);
      expect(view).toEqual({ settings: readClinicSettings({}), version: 0, updatedAt: null, updatedByName: null, adoptions: [] });
    });

    it('update writes the form over the stored document, bumps the version and audits the changed keys only', async () => {
      const admin = world.actors.adminA;
      const form = defaultsForm();
      form.schedule.assignmentExpiryDays = 10;
      form.alliance.personalSdK = '1';
      form.portal.crisisText = `Call the clinic's crisis line on 0800 000 000 or your local emergency number.`;
      const events = await auditEventsAddedBy(ctx.db, admin.userId, async () => {
        expect(await updateClinicSettings(admin, formValues(form), 0)).toEqual({
          version: 1,
          changed: ['alliance.personalSdK', 'portal.crisisText', 'schedule.assignmentExpiryDays'],
        });
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'settings.update',
        outcome: 'success',
        clinicId: world.clinicA,
        details: { changed: 'alliance.personalSdK,portal.crisisText,schedule.assignmentExpiryDays', fromVersion: 0, toVersion: 1 },
      });
      expect(JSON.stringify(events[0]!.details)).not.toContain('0800');

      const row = await readSettingsRow(ctx.db, world.clinicA);
      expect(row).toMatchObject({ version: 1, updatedBy: admin.userId });
      const context = await clinicContext(ctx.db, world.clinicA);
      expect(context.settingsVersion).toBe(1);
      expect(context.settings.schedule.assignmentExpiryDays).toBe(10);
      expect(context.settings.alliance.personalSdK).toBe(1);
      // Settings the form does not edit keep their defaults.
      expect(context.settings.alliance.personalMinPrior).toBe(3);

      const view = await getClinicSettingsForAdmin(admin);
      expect(view).toMatchObject({ version: 1, updatedByName: world.users.adminA.name });
      expect(view.updatedAt).toBeInstanceOf(Date);
    });

    it('a save that changes nothing keeps the version', async () => {
      const admin = world.actors.adminA;
      const view = await getClinicSettingsForAdmin(admin);
      expect(await updateClinicSettings(admin, formValues(settingsFormDefaults(view.settings)), view.version)).toEqual({ version: view.version, changed: [] });
      expect((await readSettingsRow(ctx.db, world.clinicA))!.version).toBe(view.version);
    });

    it('refuses a stale expectedVersion and changes nothing', async () => {
      const admin = world.actors.adminA;
      const view = await getClinicSettingsForAdmin(admin);
      const before = await readSettingsRow(ctx.db, world.clinicA);
      const form = settingsFormDefaults(view.settings);
      form.risk.escalateAfterHours = 8;
      for (const stale of [view.version - 1, view.version + 1]) {
        const error = await updateClinicSettings(admin, formValues(form), stale).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).field).toBe(SETTINGS_CONFLICT_FIELD);
        expect((error as InputError).message).toMatch(/Someone else saved/);
      }
      expect(await readSettingsRow(ctx.db, world.clinicA)).toEqual(before);
      await expect(updateClinicSettings(admin, formValues(form), 1.5)).rejects.toBeInstanceOf(InputError);
    });

    it.runIf(ctx.engine === 'postgres')('two admins saving from the same version: one wins, the other is refused', async () => {
      const admin = world.actors.adminA;
      const view = await getClinicSettingsForAdmin(admin);
      const mine = settingsFormDefaults(view.settings);
      mine.risk.escalateAfterHours = 12;
      const theirs = settingsFormDefaults(view.settings);
      theirs.risk.escalateAfterHours = 6;
      const results = await Promise.allSettled([
        updateClinicSettings(admin, formValues(mine), view.version),
        updateClinicSettings(admin, formValues(theirs), view.version),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(InputError);
      expect((await readSettingsRow(ctx.db, world.clinicA))!.version).toBe(view.version + 1);
    });

    it('refuses every other role for every function, writes nothing and audits the denial', async () => {
      const before = await readSettingsRow(ctx.db, world.clinicA);
      for (const key of ['supervisorA', 'therapistA1', 'clientC1', 'supervisorB', 'therapistB1', 'clientCB'] as const) {
        const who: Actor = world.actors[key];
        const calls: [string, () => Promise<unknown>][] = [
          ['settings.read', () => getClinicSettingsForAdmin(who)],
          ['settings.update', () => updateClinicSettings(who, formValues(defaultsForm()), before!.version)],
          ['settings.norms.propose', () => proposeLocalThresholds(who)],
          ['settings.norms.adopt', () => adoptProposedThresholds(who, before!.version)],
        ];
        for (const [action, call] of calls) {
          const events = await auditEventsAddedBy(ctx.db, who.userId, call, ForbiddenError);
          expect(
            events.map((e) => [e.action, e.outcome]),
            `${key} ${action}`,
          ).toEqual([[action, 'denied']]);
        }
      }
      expect(await readSettingsRow(ctx.db, world.clinicA)).toEqual(before);
      expect(await adoptionsOf(ctx.db, world.clinicA)).toEqual([]);
    });

    it("keeps an admin to their own clinic: another clinic's admin neither sees nor changes it", async () => {
      const beforeA = await readSettingsRow(ctx.db, world.clinicA);
      const adminB = world.actors.adminB;
      const viewB = await getClinicSettingsForAdmin(adminB);
      expect(viewB).toMatchObject({ version: 0, settings: readClinicSettings({}) });
      const form = defaultsForm();
      form.schedule.assignmentExpiryDays = 30;
      expect(await updateClinicSettings(adminB, formValues(form), 0)).toMatchObject({ version: 1 });
      expect((await clinicContext(ctx.db, world.clinicB)).settings.schedule.assignmentExpiryDays).toBe(30);
      expect(await readSettingsRow(ctx.db, world.clinicA)).toEqual(beforeA);
      // A's version number does not help B: B's write is checked against B's own row.
      expect((await getClinicSettingsForAdmin(world.actors.adminA)).settings.schedule.assignmentExpiryDays).toBe(10);
    });
  });

  describe('local norms', () => {
    let norms: World;
    let admin: Actor;
    const responses: Inserted[] = [];
    const clientsOfA: FixtureClient[] = [];
    const random = rng(20260417);

    async function addClients(count: number, startDay: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        const token = uniqueToken();
        const client = await insertClient(ctx.db, {
          clinicId: norms.clinicA,
          therapistId: norms.users.therapistA1.userId,
          portalUserId: null,
          firstName: 'Norma',
          lastName: 'Data',
          token,
        });
        clientsOfA.push(client);
        const level = 2 + random() * 3;
        const first = new Date(Date.now() - (startDay - i) * DAY);
        responses.push(await insertWaiResponse(ctx.db, client, waiAnswers(random, level), first));
        // A later, very different response: the proposal must use each client's first one only.
        if (i % 2 === 0) responses.push(await insertWaiResponse(ctx.db, client, waiAnswers(random, 1.2), new Date(first.getTime() + 20 * DAY)));
      }
    }

    const expectedProposal = (minClients: number) => proposeAllianceThresholds(responses, { minClients, subscaleItems: subscaleItemsOf(WAI) });

    beforeAll(async () => {
      // A world of its own, so the settings tests above do not share versions with these.
      norms = await buildWorld(ctx.db);
      admin = norms.actors.adminA;
      // Responses that must never count for clinic A: another clinic's, and the therapist's own rating.
      await insertWaiResponse(ctx.db, norms.clients.cB, waiAnswers(random, 4), new Date(Date.now() - 200 * DAY));
      await insertWaiResponse(ctx.db, norms.clients.c1, waiAnswers(random, 4), new Date(Date.now() - 300 * DAY), 'wai-sr-therapist');
    });

    it("is 'insufficient' below the clinic's minimum, saying how many clients there are", async () => {
      await addClients(4, 120);
      const proposal = await proposeLocalThresholds(admin);
      expect(proposal).toEqual({ status: 'insufficient', clients: 4, minClients: 50, excludedIncomplete: 0, settingsVersion: 0, currentReliableDrop: 0.83 });
      await expect(adoptProposedThresholds(admin, 0)).rejects.toThrow(/Not enough data yet: 4 of 50 clients/);
      expect(await adoptionsOf(ctx.db, norms.clinicA)).toEqual([]);
      expect(await readSettingsRow(ctx.db, norms.clinicA)).toBeUndefined();
    });

    it("with enough clients the proposal is proposeAllianceThresholds on the clinic's own data, aggregates only", async () => {
      await addClients(8, 100);
      const form = defaultsForm();
      form.norms.minClients = 10;
      expect(await updateClinicSettings(admin, formValues(form), 0)).toEqual({ version: 1, changed: ['norms.minClients'] });

      const events = await auditEventsAddedBy(ctx.db, admin.userId, async () => {
        const proposal = await proposeLocalThresholds(admin);
        expect(proposal).toEqual({ ...expectedProposal(10), settingsVersion: 1, currentReliableDrop: 0.83 });
        expect(proposal).toMatchObject({ status: 'proposal', clients: 12, minClients: 10 });
        if (proposal.status !== 'proposal') throw new Error('expected a proposal');
        expect(proposal.proposed.reliableDrop).toBeGreaterThan(0);
        // Nothing individual: no client ids, no response ids, no answers.
        const text = JSON.stringify(proposal);
        for (const r of responses) {
          expect(text).not.toContain(r.clientId);
          expect(text).not.toContain(r.responseId);
        }
        expect(text).not.toContain('wai-1');
      });
      expect(events.map((e) => [e.action, e.outcome])).toEqual([['settings.norms.propose', 'success']]);
      expect(events[0]!.details).toEqual({ status: 'proposal', clients: 12, minClients: 10 });
    });

    it('adoption writes version 1 then 2, updates the reliable drop, keeps other settings, and alerts read it', async () => {
      const first = expectedProposal(10);
      if (first.status !== 'proposal' || first.proposed.reliableDrop === null) throw new Error('expected a usable proposal');
      const before = readClinicSettings((await readSettingsRow(ctx.db, norms.clinicA))!.settings);

      const adopted = await adoptProposedThresholds(admin, 1);
      expect(adopted).toEqual({ adoptionVersion: 1, settingsVersion: 2, reliableDrop: first.proposed.reliableDrop, clients: 12 });
      let context = await clinicContext(ctx.db, norms.clinicA);
      expect(context.settingsVersion).toBe(2);
      expect(context.settings.alliance.reliableDrop).toBe(first.proposed.reliableDrop);
      expect(context.settings).toEqual({
        ...before,
        alliance: { ...before.alliance, reliableDrop: first.proposed.reliableDrop },
        norms: { minClients: 10, adoptedVersion: 1 },
      });

      // More clients answer; the next adoption is version 2, computed from the data as it is now.
      await addClients(6, 60);
      const second = expectedProposal(10);
      if (second.status !== 'proposal' || second.proposed.reliableDrop === null) throw new Error('expected a usable proposal');
      const adoptedAgain = await adoptProposedThresholds(admin, 2);
      expect(adoptedAgain).toEqual({ adoptionVersion: 2, settingsVersion: 3, reliableDrop: second.proposed.reliableDrop, clients: 18 });
      context = await clinicContext(ctx.db, norms.clinicA);
      expect(context.settings.alliance.reliableDrop).toBe(second.proposed.reliableDrop);
      expect(context.settings.norms.adoptedVersion).toBe(2);

      const view = await getClinicSettingsForAdmin(admin);
      expect(view.adoptions.map((a) => a.version)).toEqual([2, 1]);
      expect(view.adoptions[1]).toMatchObject({
        version: 1,
        adoptedByName: norms.users.adminA.name,
        thresholds: { reliableDrop: first.proposed.reliableDrop, subscaleReliableDrop: first.proposed.subscaleReliableDrop },
        basis: {
          description: first.basis,
          clients: 12,
          minClients: 10,
          perScale: first.perScale,
          instrument: { key: 'wai-sr-client', version: WAI.version },
          previousReliableDrop: 0.83,
          settingsVersion: 2,
        },
      });
      expect(view.adoptions[0]!.basis).toMatchObject({ clients: 18, previousReliableDrop: first.proposed.reliableDrop, settingsVersion: 3 });
      expect(view.adoptions[0]!.adoptedAt).toBeInstanceOf(Date);

      const audit = await ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, admin.userId), eq(auditEvents.action, 'settings.norms.adopt'), eq(auditEvents.outcome, 'success')));
      expect(audit.map((e) => e.details)).toEqual([
        { adoptionVersion: 1, fromVersion: 1, toVersion: 2, clients: 12 },
        { adoptionVersion: 2, fromVersion: 2, toVersion: 3, clients: 18 },
      ]);
    });

    it('never accepts numbers from the caller: whatever is passed, the stored threshold is the recomputed one', async () => {
      const proposal = expectedProposal(10);
      if (proposal.status !== 'proposal') throw new Error('expected a proposal');
      const tampered = adoptProposedThresholds as unknown as (actor: Actor, version: number, extra: unknown) => ReturnType<typeof adoptProposedThresholds>;
      const result = await tampered(admin, 3, { reliableDrop: 0.01, thresholds: { reliableDrop: 0.01 }, basis: 'made up' });
      expect(result).toMatchObject({ adoptionVersion: 3, reliableDrop: proposal.proposed.reliableDrop });
      const [row] = await ctx.db
        .select()
        .from(thresholdAdoptions)
        .where(and(eq(thresholdAdoptions.clinicId, norms.clinicA), eq(thresholdAdoptions.version, 3)));
      expect(row!.thresholds).toEqual({ reliableDrop: proposal.proposed.reliableDrop, subscaleReliableDrop: proposal.proposed.subscaleReliableDrop });
      expect(JSON.stringify(row!.basis)).not.toContain('made up');
      expect((await clinicContext(ctx.db, norms.clinicA)).settings.alliance.reliableDrop).toBe(proposal.proposed.reliableDrop);
    });

    it('refuses a stale settings version and writes nothing', async () => {
      const before = await readSettingsRow(ctx.db, norms.clinicA);
      const adoptions = await adoptionsOf(ctx.db, norms.clinicA);
      const error = await adoptProposedThresholds(admin, before!.version - 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe(SETTINGS_CONFLICT_FIELD);
      expect(await readSettingsRow(ctx.db, norms.clinicA)).toEqual(before);
      expect(await adoptionsOf(ctx.db, norms.clinicA)).toEqual(adoptions);
    });

    it('changing the reliable drop by hand ends the link to the adopted version; other saves keep it', async () => {
      let view = await getClinicSettingsForAdmin(admin);
      const keep = settingsFormDefaults(view.settings);
      keep.schedule.outcomeEveryNthSession = 6;
      await updateClinicSettings(admin, formValues(keep), view.version);
      expect((await clinicContext(ctx.db, norms.clinicA)).settings.norms.adoptedVersion).toBe(3);

      view = await getClinicSettingsForAdmin(admin);
      const byHand = settingsFormDefaults(view.settings);
      byHand.alliance.reliableDrop = 0.75;
      expect(await updateClinicSettings(admin, formValues(byHand), view.version)).toMatchObject({ changed: ['alliance.reliableDrop', 'norms.adoptedVersion'] });
      const context = await clinicContext(ctx.db, norms.clinicA);
      expect(context.settings.alliance.reliableDrop).toBe(0.75);
      expect(context.settings.norms.adoptedVersion).toBeNull();
      // The history stays.
      expect((await getClinicSettingsForAdmin(admin)).adoptions.map((a) => a.version)).toEqual([3, 2, 1]);
    });

    it("another clinic's admin sees only their own data and history", async () => {
      const adminB = norms.actors.adminB;
      expect(await proposeLocalThresholds(adminB)).toMatchObject({ status: 'insufficient', clients: 1, minClients: 50 });
      expect((await getClinicSettingsForAdmin(adminB)).adoptions).toEqual([]);
      await expect(adoptProposedThresholds(adminB, 0)).rejects.toBeInstanceOf(InputError);
      expect(await adoptionsOf(ctx.db, norms.clinicB)).toEqual([]);
    });

    it.runIf(ctx.engine === 'postgres')('two concurrent adoptions from the same version write one adoption', async () => {
      const before = await getClinicSettingsForAdmin(admin);
      const results = await Promise.allSettled([adoptProposedThresholds(admin, before.version), adoptProposedThresholds(admin, before.version)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(InputError);
      const after = await getClinicSettingsForAdmin(admin);
      expect(after.version).toBe(before.version + 1);
      expect(after.adoptions.map((a) => a.version)).toEqual([before.adoptions[0]!.version + 1, ...before.adoptions.map((a) => a.version)]);
    });

    it('a document stored under the older bounds (72 h, empty crisis text) neither blocks adoption nor reaches the app', async () => {
      const row = await readSettingsRow(ctx.db, norms.clinicA);
      const document = row!.settings as Record<string, Record<string, unknown>>;
      await ctx.db
        .update(clinicSettings)
        .set({ settings: { ...document, risk: { escalateAfterHours: 72 }, portal: { ...document.portal, crisisText: '' } } })
        .where(eq(clinicSettings.clinicId, norms.clinicA));
      const view = await getClinicSettingsForAdmin(admin);
      expect(view.settings.risk.escalateAfterHours).toBe(24);
      expect(view.settings.portal.crisisText).toBe(readClinicSettings({}).portal.crisisText);

      const adopted = await adoptProposedThresholds(admin, row!.version);
      expect(adopted.settingsVersion).toBe(row!.version + 1);
      const context = await clinicContext(ctx.db, norms.clinicA);
      expect(context.settings.risk.escalateAfterHours).toBe(24);
      expect(context.settings.portal.crisisText).toBe(readClinicSettings({}).portal.crisisText);

      // Saving the form writes valid values over the old ones.
      const saved = await updateClinicSettings(admin, formValues(settingsFormDefaults(context.settings)), context.settingsVersion);
      expect(saved.changed).toEqual([]);
      const form = settingsFormDefaults(context.settings);
      form.risk.escalateAfterHours = 6;
      await updateClinicSettings(admin, formValues(form), context.settingsVersion);
      const stored = (await readSettingsRow(ctx.db, norms.clinicA))!.settings as Record<string, Record<string, unknown>>;
      expect(stored.risk).toEqual({ escalateAfterHours: 6 });
      expect(stored.portal!.crisisText).toBe(readClinicSettings({}).portal.crisisText);
    });

    it('no settings or norms audit event carries clinical content', async () => {
      const events = await ctx.db.select().from(auditEvents).where(eq(auditEvents.clinicId, norms.clinicA));
      const text = JSON.stringify(events.filter((e) => e.action.startsWith('settings.')));
      for (const marker of norms.clinicalMarkers) expect(text).not.toContain(marker);
      for (const r of responses) expect(text).not.toContain(r.clientId);
      for (const c of clientsOfA) expect(text).not.toContain(c.lastName);
    });
  });
});
