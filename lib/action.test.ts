import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ForbiddenError, InputError, NotFoundError, VersionConflictError } from '@/lib/data/errors';

const actor = { userId: 'u1', clinicId: 'c1', role: 'therapist' };
vi.mock('@/lib/auth/session', () => ({ requireActor: vi.fn(async () => actor) }));

const { actorAction, publicAction } = await import('./action');

const schema = z.object({ name: z.string().min(1, 'Enter a name.'), content: z.object({ title: z.string().min(2, 'Too short.') }) });
const valid = { name: 'A', content: { title: 'Plan' } };

describe('actorAction', () => {
  it('hands the handler the parsed input and the actor, and returns its data with ok: true', async () => {
    const action = actorAction(schema, async (input, who) => ({ echoed: input.name, clinic: who.clinicId }));
    await expect(action(valid)).resolves.toEqual({ ok: true, echoed: 'A', clinic: 'c1' });
  });

  it('a handler with nothing to say answers { ok: true }', async () => {
    await expect(actorAction(schema, async () => {})(valid)).resolves.toEqual({ ok: true });
  });

  it('invalid input never reaches the handler: field errors by path', async () => {
    const handler = vi.fn(async () => ({}));
    const result = await actorAction(schema, handler)({ name: '', content: { title: 'x' } });
    expect(handler).not.toHaveBeenCalled();
    expect(result).toEqual({ ok: false, fieldErrors: { name: 'Enter a name.', 'content.title': 'Too short.' } });
  });

  it('fieldsUnder names schema and data-layer field errors as the form knows them', async () => {
    const result = await actorAction(schema, async () => ({}), { fieldsUnder: 'content' })({ name: 'A', content: { title: 'x' } });
    expect(result).toEqual({ ok: false, fieldErrors: { title: 'Too short.' } });
    const fromData = await actorAction(schema, async () => Promise.reject(new InputError('Taken.', 'content.title')), { fieldsUnder: 'content' })(valid);
    expect(fromData).toEqual({ ok: false, fieldErrors: { title: 'Taken.' } });
  });

  it.each([
    [new InputError('Not on a Sunday.'), { ok: false, formError: 'Not on a Sunday.' }],
    [new InputError('Too late.', 'name'), { ok: false, fieldErrors: { name: 'Too late.' } }],
    [new NotFoundError('plan'), { ok: false, formError: 'That record does not exist or is not available to you.' }],
    [new ForbiddenError(), { ok: false, formError: 'You are not allowed to do that.' }],
    [new VersionConflictError('Someone saved first.', 4), { ok: false, conflict: { message: 'Someone saved first.', currentVersion: 4 } }],
    [
      new VersionConflictError('Settings moved on.', null, 'expectedVersion'),
      { ok: false, conflict: { message: 'Settings moved on.', currentVersion: null }, fieldErrors: { expectedVersion: 'Settings moved on.' } },
    ],
  ])('maps the data layer refusal %s to a failure', async (error, expected) => {
    await expect(actorAction(schema, async () => Promise.reject(error))(valid)).resolves.toEqual(expected);
  });

  it("anything else propagates (Next's redirect, a database outage)", async () => {
    const redirect = Object.assign(new Error('NEXT_REDIRECT'), { digest: 'NEXT_REDIRECT;replace;/x;307;' });
    await expect(actorAction(schema, async () => Promise.reject(redirect))(valid)).rejects.toBe(redirect);
  });

  it('resolves the actor with the options given, before parsing', async () => {
    const { requireActor } = await import('@/lib/auth/session');
    await actorAction(schema, async () => ({}), { allowPasswordChange: true })({} as typeof valid);
    expect(requireActor).toHaveBeenLastCalledWith({ allowPasswordChange: true, allowMfaEnrolment: undefined });
  });
});

describe('publicAction', () => {
  it('parses and maps refusals the same way, with no actor', async () => {
    const action = publicAction(schema, async (input) => {
      if (input.name === 'used') throw new InputError('This link has already been used.');
      return { greeting: `hi ${input.name}` };
    });
    await expect(action(valid)).resolves.toEqual({ ok: true, greeting: 'hi A' });
    await expect(action({ ...valid, name: 'used' })).resolves.toEqual({ ok: false, formError: 'This link has already been used.' });
    await expect(action({ ...valid, name: '' })).resolves.toMatchObject({ ok: false, fieldErrors: { name: 'Enter a name.' } });
  });
});
