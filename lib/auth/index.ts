import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Role } from '@/lib/authz/policy';
import { getEnv } from '@/lib/env';

declare module 'next-auth' {
  interface User {
    role?: Role;
    clinicId?: string;
    sessionVersion?: number;
    sessionId?: string;
  }
  interface Session {
    sessionId: string;
    userId: string;
    role: Role;
    clinicId: string;
    sessionVersion: number;
  }
}

/** The reason a sign-in failed, carried to the form without revealing whether the email exists. */
export class SignInRefused extends CredentialsSignin {
  constructor(code: 'invalid' | 'throttled' | 'code_needed' | 'bad_code') {
    super();
    this.code = code;
  }
}

type RapportToken = {
  uid?: string;
  role?: Role;
  clinicId?: string;
  sv?: number;
  /** The server-side session row: revoked on sign-out. */
  sid?: string;
  /** When the user signed in (seconds): the absolute lifetime counts from here. */
  authTime?: number;
  /** The previous request (seconds): the idle timeout counts from here. */
  lastSeen?: number;
};

function config(): NextAuthConfig {
  const env = getEnv();
  const idleSeconds = env.SESSION_IDLE_MINUTES * 60;
  const absoluteSeconds = env.SESSION_ABSOLUTE_HOURS * 3600;
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    pages: { signIn: '/login', error: '/login' },
    // The cookie lives as long as the idle window; proxy.ts refreshes it on every request.
    session: { strategy: 'jwt', maxAge: idleSeconds, updateAge: 0 },
    // A refused sign-in is expected, not an error worth a stack trace (it is in the audit log).
    logger: {
      error(error) {
        if (error.name === 'CredentialsSignin' || (error as { type?: string }).type === 'CredentialsSignin') return;
        // Imported lazily, like lib/data below: the proxy shares this config and rarely logs.
        void import('@/lib/log').then(async ({ requestLogger }) => (await requestLogger()).error({ err: error }, 'Auth.js error'));
      },
    },
    providers: [
      Credentials({
        credentials: {
          email: { label: 'Email' },
          password: { label: 'Password', type: 'password' },
          code: { label: 'Authentication code' },
          rememberDevice: { label: 'Remember this device' },
        },
        async authorize(credentials) {
          // Imported lazily: the proxy uses this config too and never signs anyone in.
          const [{ verifyCredentials }, { cookies }, { REMEMBER_DEVICE_COOKIE, REMEMBER_DEVICE_DAYS }] = await Promise.all([
            import('@/lib/data/auth'),
            import('next/headers'),
            import('./mfa-crypto'),
          ]);
          const jar = await cookies();
          const result = await verifyCredentials(credentials, { deviceToken: jar.get(REMEMBER_DEVICE_COOKIE)?.value });
          if (!result.ok) throw new SignInRefused(result.reason);
          if (result.rememberDeviceToken) {
            jar.set(REMEMBER_DEVICE_COOKIE, result.rememberDeviceToken, {
              httpOnly: true,
              sameSite: 'lax',
              secure: env.AUTH_URL?.startsWith('https:') ?? false,
              path: '/',
              maxAge: REMEMBER_DEVICE_DAYS * 86_400,
            });
          }
          const { user } = result;
          return {
            id: user.id,
            name: user.name,
            email: user.email,
            role: user.role,
            clinicId: user.clinicId,
            sessionVersion: user.sessionVersion,
            sessionId: user.sessionId,
          };
        },
      }),
    ],
    events: {
      // Auth.js's own sign-out endpoint only clears the cookie; a copy of it must stop working too.
      async signOut(message) {
        const t = ('token' in message ? message.token : null) as RapportToken | null;
        if (!t?.uid || !t.clinicId || !t.sid || typeof t.sv !== 'number') return;
        const { signOutClaims } = await import('@/lib/data/auth');
        await signOutClaims({ userId: t.uid, clinicId: t.clinicId, sessionVersion: t.sv, sessionId: t.sid });
      },
    },
    callbacks: {
      jwt({ token, user }) {
        const t = token as typeof token & RapportToken;
        const now = Math.floor(Date.now() / 1000);
        if (user) {
          t.uid = user.id;
          t.role = user.role;
          t.clinicId = user.clinicId;
          t.sv = user.sessionVersion;
          t.sid = user.sessionId;
          t.authTime = now;
          t.lastSeen = now;
          return t;
        }
        // Returning null clears the cookie: past the absolute lifetime, or idle for too long.
        if (typeof t.authTime !== 'number' || now - t.authTime > absoluteSeconds) return null;
        if (typeof t.lastSeen !== 'number' || now - t.lastSeen > idleSeconds) return null;
        t.lastSeen = now;
        return t;
      },
      session({ session, token }) {
        const t = token as typeof token & RapportToken;
        return {
          ...session,
          userId: t.uid ?? '',
          role: t.role ?? 'client',
          clinicId: t.clinicId ?? '',
          sessionVersion: t.sv ?? -1,
          sessionId: t.sid ?? '',
        };
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
