import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { hashPassword } from '../lib/auth/hash';
import { bridgeQuery } from '../scripts/e2e-fixture-bridge';

/*
 * Shared pieces of the browser journeys: the demo clinic's accounts (DESIGN.md, "Demo clinic"),
 * signing in through the real login form, and a `freshUser` fixture that creates a brand-new
 * account straight in the e2e server's database, on PostgreSQL and on PGlite alike: fixtures send
 * their SQL through the server's fixture bridge (scripts/e2e-fixture-bridge.ts), because an embedded
 * PGlite directory can be open in the server's process only. Nothing here changes or removes a
 * shared demo record.
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

/** The e2e server runs on embedded PGlite (no DATABASE_URL): only a separate process is then out of reach. */
export const onPglite = !process.env.E2E_DATABASE_URL;

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

/**
 * SQL on the e2e server's database, as a tagged template (`sql\`select … where id = ${id}\``): values
 * become parameters ($1, $2, …), Dates as ISO text; rows come back as JSON (timestamps as strings).
 */
export type FixtureSql = {
  <Rows extends readonly object[] = Record<string, unknown>[]>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Rows>;
  /** A jsonb value (`${sql.json({ … })}`), as with postgres.js. */
  json(value: unknown): JsonParam;
};

class JsonParam {
  constructor(readonly text: string) {}
}

function fixtureSql(socketPath: string): FixtureSql {
  const run = <Rows>(strings: TemplateStringsArray, ...values: unknown[]) =>
    bridgeQuery<Rows>(socketPath, {
      text: strings.reduce((text, part, i) => (i === 0 ? part : `${text}$${i}${values[i - 1] instanceof JsonParam ? '::jsonb' : ''}${part}`), ''),
      params: values.map((value) => (value instanceof Date ? value.toISOString() : value instanceof JsonParam ? value.text : value)),
    });
  return Object.assign(run, { json: (value: unknown) => new JsonParam(JSON.stringify(value)) });
}

const HOME: Record<FreshRole, string> = { admin: '/admin', supervisor: '/supervisor', therapist: '/therapist', client: '/portal' };
// Passes the password policy (long, uncommon, no name or email in it).
const FRESH_PASSWORD = 'copper-lantern-harbour-71';

type TestFixtures = {
  /** The role of the `freshUser` of this test; set with test.use({ freshUserRole: 'client' }). */
  freshUserRole: FreshRole;
  /** A brand-new account in the Demo Clinic. */
  freshUser: FreshUser;
};
type WorkerFixtures = {
  /** SQL on the e2e server's database (either engine), through its fixture bridge. */
  e2eSql: FixtureSql;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  e2eSql: [
    // Playwright reads fixture parameters by destructuring, so the first one must be a pattern.
    async ({}, provide) => {
      const socket = process.env.E2E_FIXTURE_SOCKET;
      if (!socket) throw new Error('E2E_FIXTURE_SOCKET is not set (playwright.config.ts sets it for the e2e server)');
      await provide(fixtureSql(socket));
    },
    { scope: 'worker' },
  ],
  freshUserRole: ['therapist', { option: true }],
  freshUser: async ({ e2eSql: sql, freshUserRole }, provide) => {
    const tag = randomUUID().slice(0, 8);
    const role = freshUserRole;
    const email = `e2e-${role}-${tag}@fixture.test`;
    const name = `Fixture ${role === 'client' ? 'Client' : 'User'} ${tag}`;
    const passwordHash = await hashPassword(FRESH_PASSWORD);
    const [clinic] = await sql<{ id: string }[]>`select id from clinics where name = ${DEMO_CLINIC_NAME} limit 1`;
    if (!clinic) throw new Error(`The e2e database has no "${DEMO_CLINIC_NAME}" (was it seeded?)`);
    // One statement each (the bridge has no transactions): a half-made fixture only fails its own test.
    const [user] = await sql<{ id: string }[]>`
      insert into users (clinic_id, email, name, role, password_hash)
      values (${clinic.id}, ${email}, ${name}, ${role}, ${passwordHash})
      returning id`;
    let clientId: string | null = null;
    if (role === 'client') {
      // A portal account needs a client record; it joins therapist2's caseload, which no journey counts.
      const [client] = await sql<{ id: string }[]>`
        insert into clients (clinic_id, first_name, last_name, status, primary_therapist_id, portal_user_id, intake_date)
        select ${clinic.id}, 'Fixture', ${tag}, 'active', t.id, ${user!.id}, current_date from users t where t.email = ${DEMO.therapist2.email}
        returning id`;
      if (!client) throw new Error('The e2e database has no therapist2@demo.clinic');
      clientId = client.id;
    }
    await provide({ id: user!.id, email, name, role, password: FRESH_PASSWORD, clientId, clientName: clientId ? `Fixture ${tag}` : null, home: HOME[role] });
    // Nothing to undo: the account is this test's own, and the e2e database is dropped after the run.
  },
});

export { expect };

/** Every demo client's first and last name: none may appear in a de-identified file. */
export const DEMO_CLIENT_NAMES = [
  'Jordan',
  'Lee',
  'Taylor',
  'Brooks',
  'Morgan',
  'Ellis',
  'Casey',
  'Nguyen',
  'Riley',
  'Adams',
  'Jamie',
  'Fox',
  'Avery',
  'Kim',
  'Drew',
  'Patel',
  'Quinn',
  'Harper',
];

/** Clicks a download link and reads the file it gives. */
export async function downloadLink(page: Page, linkName: string): Promise<{ filename: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  return { filename: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}
