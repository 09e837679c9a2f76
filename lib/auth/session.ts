import 'server-only';
import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';
import { canEnterArea, type Area } from '@/lib/authz/policy';
import { loadActor, type LoadedActor } from '@/lib/data/actor';
import { auth } from './index';

/** Reads the session cookie and re-reads its user from the database, once per request. */
const resolveSession = cache(async (): Promise<{ signedIn: boolean; actor: LoadedActor | null }> => {
  const session = await auth();
  if (!session?.userId) return { signedIn: false, actor: null };
  const actor = await loadActor({ userId: session.userId, clinicId: session.clinicId, sessionVersion: session.sessionVersion, sessionId: session.sessionId });
  return { signedIn: true, actor };
});

export async function currentActor(): Promise<LoadedActor | null> {
  return (await resolveSession()).actor;
}

export const MFA_ENROLMENT_PATH = '/account/mfa';

/**
 * For pages and actions: the actor, or off to sign-in. A session the database no longer honours is
 * ended. An account that must change its password, then set up two-step sign-in (clinic rule),
 * reaches nothing else first; the pages and actions doing that step say so with the options.
 */
export async function requireActor({ allowPasswordChange = false, allowMfaEnrolment = false } = {}): Promise<LoadedActor> {
  const { signedIn, actor } = await resolveSession();
  if (!signedIn) redirect('/login');
  if (!actor) redirect('/session-ended');
  if (actor.mustChangePassword && !allowPasswordChange) redirect('/account/password');
  if (actor.mustEnrolMfa && !actor.mustChangePassword && !allowMfaEnrolment && !allowPasswordChange) redirect(MFA_ENROLMENT_PATH);
  return actor;
}

/** The actor, if this is their role's area; otherwise the 403 page. */
export async function requireAreaActor(area: Area): Promise<LoadedActor> {
  const actor = await requireActor();
  if (!canEnterArea(actor.role, area)) forbidden();
  return actor;
}
