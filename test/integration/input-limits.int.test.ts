import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { updateClientContact } from '@/lib/data/clients';
import { createPlan } from '@/lib/data/plans';
import { recordSession } from '@/lib/data/sessions';
import { clientContactSchema } from '@/lib/validation/clients';
import { NUL_MESSAGE } from '@/lib/validation/fields';
import { planContentSchema } from '@/lib/validation/plans';
import { recordSessionSchema } from '@/lib/validation/sessions';
import { therapySessions, treatmentPlans } from '@/db/schema';
import { buildWorld, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { readClientRow } from './queries';

/*
 * What a server action does with a NUL character or a far-off date: its schema refuses the input
 * with a message beside the field, and nothing reaches the database (which would otherwise fail the
 * write with an error, an HTTP 500). Mirrors actorAction: parse, then call lib/data.
 */

type Outcome = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

async function submit<S extends z.ZodType>(schema: S, input: unknown, handler: (values: z.output<S>) => Promise<unknown>): Promise<Outcome> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])) };
  await handler(parsed.data);
  return { ok: true };
}

const plan = (targetDate: string) => ({
  title: 'Sleep plan',
  presentingProblem: 'Poor sleep',
  diagnosis: '',
  icd10Code: '',
  startDate: '2026-01-05',
  nextReviewDate: '2026-04-05',
  problems: [{ description: 'Sleep', goals: [{ clientWords: 'Sleep better', targetDate, status: 'in_progress', objectives: [], interventions: [] }] }],
});

describeEachEngine('text and dates the database cannot store', (ctx) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  it("a NUL in a client's preferred name is a field message; the record is unchanged", async () => {
    const client = world.clients.c1;
    const before = await readClientRow(ctx.db, client.id);
    const outcome = await submit(clientContactSchema, { preferredName: 'Co\u0000co', email: '', phone: '' }, (values) =>
      updateClientContact(world.actors.therapistA1, client.id, values),
    );
    expect(outcome).toEqual({ ok: false, fieldErrors: { preferredName: NUL_MESSAGE } });
    expect(await readClientRow(ctx.db, client.id)).toEqual(before);
  });

  it('a NUL in a session note is a field message; no session is recorded', async () => {
    const client = world.clients.c1;
    const sessionsOf = () => ctx.db.select({ id: therapySessions.id }).from(therapySessions).where(eq(therapySessions.clientId, client.id));
    const before = await sessionsOf();
    const outcome = await submit(
      recordSessionSchema,
      { occurredAt: new Date(Date.now() - 3_600_000).toISOString(), attendance: 'attended', note: 'fine\u0000' },
      (values) => recordSession(world.actors.therapistA1, client.id, values),
    );
    expect(outcome).toEqual({ ok: false, fieldErrors: { note: NUL_MESSAGE } });
    expect(await sessionsOf()).toEqual(before);
  });

  it.each(['0000-01-01', '9999-12-31'])('a goal target date of %s is a field message; no plan is created', async (date) => {
    const client = world.clients.c1;
    const plansBefore = await ctx.db.select({ id: treatmentPlans.id }).from(treatmentPlans).where(eq(treatmentPlans.clientId, client.id));
    const outcome = await submit(planContentSchema, plan(date), (values) => createPlan(world.actors.therapistA1, client.id, values));
    expect(outcome).toEqual({ ok: false, fieldErrors: { 'problems.0.goals.0.targetDate': 'Enter a date between 1900 and 2999.' } });
    expect(await ctx.db.select({ id: treatmentPlans.id }).from(treatmentPlans).where(eq(treatmentPlans.clientId, client.id))).toEqual(plansBefore);
  });
});
