import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '@/lib/data/actor';
import { verifyCredentials } from '@/lib/data/auth';
import { auditEvents } from '@/db/schema';
import { buildWorld, FIXTURE_PASSWORD, insertUser, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsWhere } from './queries';

/*
 * Auth.js's own POST /api/auth/signout (reachable without the app's Sign out button) must end the
 * session on the server too, not only clear the cookie: a copy of the cookie stops working.
 */

const ORIGIN = 'http://localhost:3000';
// Server mode (the PostgreSQL run) needs the shared settings; the values only have to be valid.
process.env.AUTH_URL ??= ORIGIN;
process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ??= Buffer.alloc(32, 3).toString('base64');
const SECRET = process.env.AUTH_SECRET!;

async function postSignOut(cookie: string): Promise<Response> {
  const { handlers } = await import('@/lib/auth');
  const csrf = randomBytes(16).toString('hex');
  const csrfCookie = `${csrf}|${createHash('sha256').update(`${csrf}${SECRET}`).digest('hex')}`;
  const request = new NextRequest(`${ORIGIN}/api/auth/signout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `authjs.csrf-token=${csrfCookie}; authjs.session-token=${cookie}` },
    body: new URLSearchParams({ csrfToken: csrf, callbackUrl: ORIGIN }).toString(),
  });
  return handlers.POST(request);
}

describeEachEngine('Auth.js sign-out endpoint', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  it('revokes the server-side session of the cookie it clears, and audits it', async () => {
    const user = await insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Signing Out' });
    const signedIn = await verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD });
    if (!signedIn.ok) throw new Error('sign-in failed');
    const claims = { userId: user.userId, clinicId: user.clinicId, sessionVersion: signedIn.user.sessionVersion, sessionId: signedIn.user.sessionId };
    const now = Math.floor(Date.now() / 1000);
    const cookie = await encode({
      secret: SECRET,
      salt: 'authjs.session-token',
      token: {
        sub: user.userId,
        uid: user.userId,
        role: 'therapist',
        clinicId: user.clinicId,
        sv: claims.sessionVersion,
        sid: claims.sessionId,
        authTime: now,
        lastSeen: now,
      },
    });
    await expect(loadActor(claims)).resolves.not.toBeNull();

    const response = await postSignOut(cookie);

    expect(response.status).toBeLessThan(400);
    expect(response.headers.get('set-cookie')).toMatch(/authjs\.session-token=;/);
    await expect(loadActor(claims)).resolves.toBeNull();
    const events = await auditEventsWhere(ctx.db, and(eq(auditEvents.actorUserId, user.userId), eq(auditEvents.action, 'auth.sign_out')));
    expect(events).toMatchObject([{ outcome: 'success', details: { session: claims.sessionId } }]);
  });
});
