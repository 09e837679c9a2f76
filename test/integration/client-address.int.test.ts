import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { verifyCredentials } from '@/lib/data/auth';
import { markPeerAddressStamping, PEER_ADDRESS_HEADER, unmarkPeerAddressStamping } from '@/lib/net/peer-address';
import { auditEvents } from '@/db/schema';
import { buildWorld, FIXTURE_PASSWORD, insertUser, type World } from './fixtures';
import { describeEachEngine } from './harness';
import { auditEventsWhere } from './queries';

/*
 * The sign-in throttle and the audit log use the real request context: the client address comes
 * from the socket peer that Rapport's server writes (lib/net/peer-address.ts), and X-Forwarded-For
 * counts only behind TRUSTED_PROXIES. next/headers is replaced by the request the test describes.
 */

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => request.headers }));

const WRONG_PASSWORD = 'definitely-not-the-password';

/** A request as the app sees it: Next fills X-Forwarded-For with the socket address when the client sent none. */
function arrive(peer: string, forwardedFor?: string): void {
  request.headers = new Headers({ [PEER_ADDRESS_HEADER]: peer, 'x-forwarded-for': forwardedFor ?? peer });
}

afterEach(() => {
  request.headers = new Headers();
  unmarkPeerAddressStamping();
  delete process.env.LOGIN_IP_MAX_FAILURES;
  delete process.env.TRUSTED_PROXIES;
});

describeEachEngine('client address for the sign-in throttle and the audit log', (ctx) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(ctx.db);
  });

  const victim = () => insertUser(ctx.db, { clinicId: world.clinicA, role: 'therapist', name: 'Throttle Victim' });
  const guess = (n: number) => verifyCredentials({ email: `guess${n}.${world.token}@it.test`, password: WRONG_PASSWORD });
  const failuresFrom = (ips: string[]) =>
    auditEventsWhere(ctx.db, and(inArray(auditEvents.ip, ips), eq(auditEvents.action, 'auth.sign_in'), eq(auditEvents.outcome, 'failure')));

  it('with no proxy in front, changing X-Forwarded-For does not escape the throttle or reach the audit log', async () => {
    markPeerAddressStamping();
    process.env.LOGIN_IP_MAX_FAILURES = '3';
    const user = await victim();
    for (let n = 1; n <= 3; n++) {
      arrive('198.51.100.20', `203.0.113.${n}`);
      await expect(guess(n)).resolves.toEqual({ ok: false, reason: 'invalid' });
    }
    arrive('198.51.100.20', '203.0.113.99');
    await expect(verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).resolves.toEqual({ ok: false, reason: 'throttled' });

    expect(await failuresFrom(['198.51.100.20'])).toHaveLength(3);
    expect(await failuresFrom(['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.99'])).toEqual([]);
  });

  it("failures sent under someone else's address count against the sender, not that person", async () => {
    markPeerAddressStamping();
    process.env.LOGIN_IP_MAX_FAILURES = '3';
    const user = await victim();
    for (let n = 1; n <= 3; n++) {
      arrive('198.51.100.21', '198.51.100.22');
      await guess(n);
    }
    arrive('198.51.100.22');
    await expect(verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).resolves.toMatchObject({ ok: true });
  });

  it('behind a trusted proxy, the address the proxy appended is throttled, whatever the client prepends', async () => {
    markPeerAddressStamping();
    process.env.LOGIN_IP_MAX_FAILURES = '3';
    process.env.TRUSTED_PROXIES = '10.0.0.0/8';
    const user = await victim();
    for (let n = 1; n <= 3; n++) {
      arrive('10.0.0.2', `203.0.113.${n}, 198.51.100.30`);
      await guess(n);
    }
    arrive('10.0.0.2', '203.0.113.4, 198.51.100.30');
    await expect(verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).resolves.toEqual({ ok: false, reason: 'throttled' });
    expect(await failuresFrom(['198.51.100.30'])).toHaveLength(3);
    // The proxy itself is not blamed: another client behind it still signs in.
    arrive('10.0.0.2', '198.51.100.31');
    await expect(verifyCredentials({ email: user.email, password: FIXTURE_PASSWORD })).resolves.toMatchObject({ ok: true });
  });

  it("a peer header is ignored unless Rapport's server wrote it (the app runs without it: no address)", async () => {
    process.env.LOGIN_IP_MAX_FAILURES = '1';
    arrive('198.51.100.40', '198.51.100.41');
    await guess(1);
    await guess(2);
    expect(await failuresFrom(['198.51.100.40', '198.51.100.41'])).toEqual([]);
  });
});
