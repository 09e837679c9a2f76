import { randomUUID } from 'node:crypto';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import postgres from 'postgres';
import { hashPassword } from '../lib/auth/hash';

/*
 * Shared pieces of the browser journeys: the demo clinic's accounts (DESIGN.md, "Demo clinic"),
 * signing in through the real login form, and a `freshUser` fixture that creates a brand-new
 * account straight in the e2e PostgreSQL database (E2E_DATABASE_URL, set by playwright.config.ts
 * when DATABASE_URL is). Nothing here changes or removes a shared demo record.
 */

export const DEMO_PASSWORD = 'rapport-demo-2026';
export const DEMO_CLINIC_NAME = 'Demo Clinic';

export const DEMO = {
  admin: { email: 'admin@demo.clinic', name: 'Robin Okafor', role: 'admin', home: '/admin' },
  supervisor: { email: 'supervisor@demo.clinic', name: 'Dr. Priya Shah', role: 'supervisor', home: '/supervisor' },
  therapist: { email: 'therapist@demo.clinic', name: 'Sam Rivera', role: 'therapist', home: '/therapist' },
  therapist2: { email: 'therapist2@demo.clinic', name: 'Alex Morgan', role: 'therapist', home: '/therapist' },
  client: { email: 'client@demo.clinic', name: 'Jordan Lee', role: 'client', home: '/portal' },
} as const;
export type DemoKey = keyof typeof DEMO;

/** Each role's area (route prefix), i.e. its home page. */
export const AREAS = ['/therapist', '/portal', '/supervisor', '/admin'] as const;

export const SIGN_IN_ERROR = 'Email or password is incorrect.';
export const FORBIDDEN_TEXT = 'You do not have access to this area';
export const NOT_FOUND_TEXT = 'Page not found';

export const needsPostgres = !process.env.E2E_DATABASE_URL;
export const NEEDS_POSTGRES_REASON = 'needs PostgreSQL (set DATABASE_URL) to create fixture users';

/** Signs in through the login form and waits until the browser has left /login (and /) for a home page. */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  if (!page.url().startsWith('http') || pathOf(page) !== '/login') await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in action redirects to /, which redirects to the role's home: wait for the last stop.
  await page.waitForURL((url) => !url.pathname.startsWith('/login') && url.pathname !== '/');
}

/** A new browser context (own cookies) with a page signed in as `email`. */
export async function signedInPage(browser: Browser, email: string, password: string = DEMO_PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

/** The pathname of the page's current URL. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

export type FreshRole = 'admin' | 'supervisor' | 'therapist' | 'client';
export type FreshUser = {
  id: string;
  email: string;
  name: string;
  role: FreshRole;
  password: string;
  /** The client record linked to the portal account, and its display name (client role only). */
  clientId: string | null;
  clientName: string | null;
  home: string;
};

type Sql = ReturnType<typeof postgres>;

const HOME: Record<FreshRole, string> = { admin: '/admin', supervisor: '/supervisor', therapist: '/therapist', client: '/portal' };
// Passes the password policy (long, uncommon, no name or email in it).
const FRESH_PASSWORD = 'copper-lantern-harbour-71';

type TestFixtures = {
  /** The role of the `freshUser` of this test; set with test.use({ freshUserRole: 'client' }). */
  freshUserRole: FreshRole;
  /** A brand-new account in the Demo Clinic (PostgreSQL runs only). */
  freshUser: FreshUser;
};
type WorkerFixtures = {
  /** A connection to the e2e database, or null on PGlite runs (the server owns that database). */
  e2eSql: Sql | null;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  e2eSql: [
    // Playwright reads fixture parameters by destructuring, so the first one must be a pattern.
    async ({}, provide) => {
      const url = process.env.E2E_DATABASE_URL;
      const sql = url ? postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: 'rapport-e2e' } }) : null;
      await provide(sql);
      await sql?.end({ timeout: 5 });
    },
    { scope: 'worker' },
  ],
  freshUserRole: ['therapist', { option: true }],
  freshUser: async ({ e2eSql, freshUserRole }, provide, testInfo) => {
    testInfo.skip(!e2eSql, NEEDS_POSTGRES_REASON);
    const sql = e2eSql!;
    const tag = randomUUID().slice(0, 8);
    const role = freshUserRole;
    const email = `e2e-${role}-${tag}@fixture.test`;
    const name = `Fixture ${role === 'client' ? 'Client' : 'User'} ${tag}`;
    const passwordHash = await hashPassword(FRESH_PASSWORD);
    const [clinic] = await sql<{ id: string }[]>`select id from clinics where name = ${DEMO_CLINIC_NAME} limit 1`;
    if (!clinic) throw new Error(`The e2e database has no "${DEMO_CLINIC_NAME}" (was it seeded?)`);
    let clientId: string | null = null;
    const id = await sql.begin(async (tx) => {
      const [user] = await tx<{ id: string }[]>`
        insert into users (clinic_id, email, name, role, password_hash)
        values (${clinic.id}, ${email}, ${name}, ${role}, ${passwordHash})
        returning id`;
      if (role === 'client') {
        // A portal account needs a client record; it joins therapist2's caseload, which no journey counts.
        const [therapist] = await tx<{ id: string }[]>`select id from users where email = ${DEMO.therapist2.email}`;
        if (!therapist) throw new Error('The e2e database has no therapist2@demo.clinic');
        const [client] = await tx<{ id: string }[]>`
          insert into clients (clinic_id, first_name, last_name, status, primary_therapist_id, portal_user_id, intake_date)
          values (${clinic.id}, 'Fixture', ${tag}, 'active', ${therapist.id}, ${user!.id}, current_date)
          returning id`;
        clientId = client!.id;
      }
      return user!.id;
    });
    await provide({ id, email, name, role, password: FRESH_PASSWORD, clientId, clientName: clientId ? `Fixture ${tag}` : null, home: HOME[role] });
    // Nothing to undo: the account is this test's own, and the e2e database is dropped after the run.
  },
});

export { expect };
