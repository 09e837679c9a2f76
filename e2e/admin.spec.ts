import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from '@playwright/test';
import { hashPassword } from '../lib/auth/hash';
import { DEMO, DEMO_CLINIC_NAME, FORBIDDEN_TEXT, expect, pathOf, signIn, signedInPage, test, type FixtureSql } from './helpers';

/*
 * Journey: the clinic admin runs accounts (create, disable / enable, unlock, one-time set-password
 * links: the admin never sets or sees a password),
 * supervision and caseload assignments, and reads the audit log — and sees names and assignments,
 * never clinical content. Tests that change anything act only on accounts and clients they create
 * (helpers.freshUser, e2eSql); against the demo data everything here is read-only.
 */

const SESSION_ENDED = 'Your session has ended. Please sign in again.';
// Times are clinic-local with their offset; the header names the Demo Clinic's zone (lib/csv.ts).
const CSV_HEADER = 'occurred_at (Europe/London),actor,actor_role,action,outcome,target_type,target_id,client_id,request_id,ip';
// Words that would mean clinical content reached an admin page.
const CLINICAL_ACRONYMS = /\b(PHQ|GAD|WAI)\b/;
const CLINICAL_WORDS = /\b(scores?|answers?|treatment plans?|ruptures?|symptoms?)\b/i;

function expectNoClinicalContent(text: string): void {
  expect(text).not.toMatch(CLINICAL_ACRONYMS);
  expect(text).not.toMatch(CLINICAL_WORDS);
  expect(text).not.toMatch(/\b[1-5]\.\d{2}\b/); // no WAI-SR means
}

const accountsTable = (page: Page) => page.getByRole('table', { name: 'Accounts of this clinic' });
const auditTable = (page: Page) => page.getByRole('table', { name: 'Audit events, newest first' });
const manage = (page: Page, name: string) => page.getByRole('region', { name: `Manage ${name}` });

async function openManage(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: `Manage ${name}` }).click();
  const panel = manage(page, name);
  await expect(panel).toBeVisible();
  return panel;
}

/** Records the POSTs a page sends (server actions), to prove that a refused form sent nothing. */
function recordPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  return posts;
}

async function downloadCsv(page: Page): Promise<{ filename: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  return { filename: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

test.describe('read-only, on the demo clinic', () => {
  test('the admin area has Accounts, Assignments, Audit log and Settings', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [label, path, heading] of [
      ['Assignments', '/admin/assignments', 'Assignments'],
      ['Audit log', '/admin/audit', 'Audit log'],
      ['Settings', '/admin/settings', 'Clinic settings'],
      ['Accounts', '/admin', 'Accounts'],
    ] as const) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await page.waitForURL((url) => url.pathname === path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }
  });

  test('the navigation marks the current page, fits a phone without hiding items, and the wordmark goes home', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await signIn(page, DEMO.admin.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.goto('/admin/audit');
    await expect(nav.getByRole('link', { name: 'Audit log', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(nav.locator('[aria-current]')).toHaveCount(1);
    // Every item is on screen at 375 px (the nav wraps; nothing is cut off or scrolled away).
    for (const link of await nav.getByRole('link').all()) {
      const box = (await link.boundingBox())!;
      expect(box.x, await link.innerText()).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, await link.innerText()).toBeLessThanOrEqual(375);
    }
    expect(await nav.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expectNoHorizontalScroll(page);

    // A page within a section marks the section.
    await page.goto('/admin/accounts/new');
    await expect(nav.getByRole('link', { name: 'Accounts', exact: true })).toHaveAttribute('aria-current', 'true');
    await expect(nav.locator('[aria-current]')).toHaveCount(1);

    await page.getByRole('link', { name: 'Rapport home' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await expect(nav.getByRole('link', { name: 'Accounts', exact: true })).toHaveAttribute('aria-current', 'page');
  });

  test('accounts: the table, the Manage panel, and refused forms that save nothing', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    const table = accountsTable(page);
    for (const account of Object.values(DEMO)) await expect(table.getByRole('cell', { name: account.email, exact: true })).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: DEMO.therapist.email }).getByText('Active', { exact: true })).toBeVisible();

    const panel = await openManage(page, DEMO.therapist.name);
    await expect(panel.getByRole('button', { name: 'Disable…' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
    // No field anywhere takes a password for someone else: access is restored by a one-time link.
    await expect(panel.getByRole('button', { name: 'Send a password link' })).toBeVisible();
    await expect(panel.getByLabel(/password/i)).toHaveCount(0);
    const posts = recordPosts(page);
    await page.getByRole('button', { name: `Manage ${DEMO.therapist.name}` }).click();
    await expect(manage(page, DEMO.therapist.name)).toHaveCount(0);

    await page.getByRole('link', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/accounts/new');
    await expect(page.getByRole('heading', { level: 1, name: 'Create account' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByLabel('Full name')).toHaveAccessibleDescription('Enter the person’s full name.');
    await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Choose a role.')).toBeVisible();
    await expect(form.getByLabel(/password/i)).toHaveCount(0);
    expect(posts, 'nothing was sent').toEqual([]);

    // A refusal only the server can make: an email already in use.
    await form.getByLabel('Full name').fill('Duplicate Person');
    await form.getByLabel('Email').fill(DEMO.therapist.email);
    await form.getByRole('radio', { name: /^Therapist/ }).check();
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByLabel('Email')).toHaveAccessibleDescription(/An account with this email already exists\./);
    expect(pathOf(page)).toBe('/admin/accounts/new');
  });

  test('an admin cannot disable their own account: the refusal is shown and nothing changes', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    const panel = await openManage(page, DEMO.admin.name);
    await expect(panel.getByText('This is your own account.')).toBeVisible();
    await expect(panel.getByRole('link', { name: 'Change password' })).toBeVisible();
    await panel.getByRole('button', { name: 'Disable…' }).click();
    await panel.getByRole('button', { name: 'Disable account' }).click();
    await expect(panel.getByRole('alert').filter({ hasText: 'You cannot disable your own account.' })).toBeVisible();
    await page.reload();
    expect(pathOf(page)).toBe('/admin');
    await expect(accountsTable(page).getByRole('row').filter({ hasText: DEMO.admin.email }).getByText('Active', { exact: true })).toBeVisible();
  });

  test('assignments: demo supervision and caseloads, by name only, with no clinical content', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    await page.goto('/admin/assignments');
    await expect(page.getByRole('heading', { level: 1, name: 'Assignments' })).toBeVisible();
    const pairs = page.getByRole('table', { name: 'Current supervision pairs' });
    for (const therapist of [DEMO.therapist, DEMO.therapist2]) {
      const row = pairs.getByRole('row').filter({ has: page.getByRole('cell', { name: therapist.name, exact: true }) });
      await expect(row.getByRole('rowheader', { name: DEMO.supervisor.name })).toBeVisible();
    }
    const clients = page.getByRole('table', { name: 'Clients and their therapists' });
    for (const [client, therapist] of [
      [DEMO.client.name, DEMO.therapist.name],
      ['Jamie Fox', DEMO.therapist2.name],
    ] as const) {
      const row = clients.getByRole('row').filter({ has: page.getByRole('rowheader', { name: client, exact: true }) });
      await expect(row.getByRole('cell', { name: therapist, exact: true })).toBeVisible();
    }

    // The reassign form offers the other therapists only, and refuses without a choice and a reason.
    await page.getByRole('button', { name: `Reassign ${DEMO.client.name}` }).click();
    const panel = page.getByRole('region', { name: `Reassign ${DEMO.client.name}` });
    const select = panel.getByLabel('New therapist');
    await expect(select.getByRole('option', { name: DEMO.therapist2.name })).toHaveCount(1);
    await expect(select.getByRole('option', { name: DEMO.therapist.name })).toHaveCount(0);
    const posts = recordPosts(page);
    await panel.getByRole('button', { name: 'Reassign client' }).click();
    await expect(select).toHaveAccessibleDescription('Choose the new therapist.');
    await expect(panel.getByLabel('Reason')).toHaveAccessibleDescription(/Give a short reason\./);
    expect(posts).toEqual([]);

    await page.getByRole('button', { name: `End ${DEMO.supervisor.name}’s supervision of ${DEMO.therapist.name}` }).click();
    await expect(page.getByRole('button', { name: 'End supervision' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'End supervision' })).toHaveCount(0);

    expectNoClinicalContent(await page.getByRole('main').innerText());
  });

  test('audit log: filters live in the URL, and the CSV has the same filters', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    const table = auditTable(page);
    for (const column of ['When', 'Who', 'Role', 'Action', 'Outcome', 'Target', 'Client', 'Request id', 'IP']) {
      await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
    }
    await expect(page.getByText(/Times in Europe\/London\./)).toBeVisible();

    await page.getByLabel('Who').selectOption({ label: `${DEMO.admin.name} (Admin)` });
    // "What" offers readable event names; the URL keeps the action code.
    await page.getByLabel('What').selectOption({ label: 'Sign-in attempts' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'auth.sign_in');
    await expect(page.getByLabel('What')).toHaveValue('auth.sign_in');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    for (const row of await table.locator('tbody tr').all()) {
      await expect(row.getByRole('cell').nth(1)).toHaveText(DEMO.admin.name);
      await expect(row.getByRole('cell').nth(3)).toHaveText(/^auth\.sign_in/);
    }

    const { filename, text } = await downloadCsv(page);
    expect(filename).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(',')[3]).toMatch(/^auth\.sign_in/);

    // The export itself: an attachment that no cache keeps.
    const response = await page.request.get('/admin/audit/export?action=admin.');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="audit-log-/);
    expect(response.headers()['cache-control']).toContain('no-store');
    expect((await response.text()).split('\r\n')[0]).toBe(CSV_HEADER);

    // A filter that cannot be read: the page says so and leaves it out; the export refuses.
    await page.goto('/admin/audit?from=27-11-2026&action=auth.');
    await expect(page.getByRole('alert').filter({ hasText: 'From was left out: Use a date like 2026-11-27.' })).toBeVisible();
    await expect(page.getByLabel('What')).toHaveValue('auth.');
    await expect(page.getByLabel('What').locator('option:checked')).toHaveText('All sign-in events');

    // A reversed range is swapped (as on the supervisor page), and the page says so.
    await page.goto('/admin/audit?from=2026-03-01&to=2026-01-31');
    await expect(page.getByText('“From” was after “To”, so the two dates were swapped.')).toBeVisible();
    await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-01-31');
    await expect(page.getByLabel('To', { exact: true })).toHaveValue('2026-03-01');
    // A code that is not among the choices (a bookmarked address) still filters, and is shown as such.
    await page.goto('/admin/audit?action=admin.acc');
    await expect(page.getByLabel('What')).toHaveValue('admin.acc');
    await expect(page.getByLabel('What').locator('option:checked')).toHaveText('Actions starting “admin.acc”');
    expect((await page.request.get('/admin/audit/export?from=27-11-2026')).status()).toBe(400);

    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/audit' && url.search === '');
    await expect(page.getByLabel('What')).toHaveValue('');
  });

  test('other roles get 403 on the admin pages and the audit export', async ({ page }) => {
    await signIn(page, DEMO.supervisor.email);
    for (const path of ['/admin/assignments', '/admin/audit', '/admin/accounts/new']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { name: FORBIDDEN_TEXT })).toBeVisible();
    }
    const exported = await page.request.get('/admin/audit/export');
    expect(exported.status()).toBe(403);
    expect(await exported.text()).not.toContain(CSV_HEADER);
  });

  test('not signed in, the export sends you to sign in', async ({ request }) => {
    const response = await request.get('/admin/audit/export', { maxRedirects: 0 });
    expect([302, 303, 307]).toContain(response.status());
    expect(new URL(response.headers().location!, 'http://x').pathname).toBe('/login');
  });

  test('on a phone-sized screen nothing is wider than the screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await signIn(page, DEMO.admin.email);
    await expect(accountsTable(page)).toBeVisible();
    await expectNoHorizontalScroll(page);
    await openManage(page, DEMO.therapist.name);
    await expectNoHorizontalScroll(page);
    for (const path of ['/admin/accounts/new', '/admin/assignments', '/admin/audit']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoHorizontalScroll(page);
    }
  });
});

/* ---------- State changes, on accounts and clients the tests create ---------- */

type Sql = FixtureSql;

async function clinicId(sql: Sql): Promise<string> {
  const [clinic] = await sql<{ id: string }[]>`select id from clinics where name = ${DEMO_CLINIC_NAME} limit 1`;
  return clinic!.id;
}

/** A staff account of the demo clinic made straight in the database (for pairing and reassigning). */
async function insertStaff(sql: Sql, role: 'supervisor' | 'therapist', label: string): Promise<{ id: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  const name = `${label} ${tag}`;
  const [user] = await sql<{ id: string }[]>`
    insert into users (clinic_id, email, name, role, password_hash)
    values (${await clinicId(sql)}, ${`e2e-${role}-${tag}@fixture.test`}, ${name}, ${role}, ${await hashPassword(`unused-${randomUUID()}`)})
    returning id`;
  return { id: user!.id, name };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe('state changes', () => {
  test('admin creates a therapist who sets their own password through a one-time link, then disables and re-enables them; the audit log and CSV show it', async ({
    browser,
    e2eSql,
  }) => {
    test.slow();
    const tag = randomUUID().slice(0, 8);
    const name = `Nia Newcomer ${tag}`;
    const email = `e2e-admin-created-${tag}@fixture.test`;
    const chosen = 'Velvet-Orbit-Harbour-64';

    const admin = await signedInPage(browser, DEMO.admin.email);
    await admin.page.getByRole('link', { name: 'Create account' }).click();
    const form = admin.page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('Full name').fill(name);
    await form.getByLabel('Email').fill(email.toUpperCase());
    await form.getByRole('radio', { name: /^Therapist/ }).check();
    await form.getByRole('button', { name: 'Create account' }).click();
    // No mail server in the e2e run: the link is shown once, to pass on; there is no password to pass on.
    const created = admin.page.getByRole('status').filter({ hasText: `Account created for ${name}.` });
    await expect(created).toBeVisible();
    const link = await created.getByLabel(`One-time set-password link for ${name}`).inputValue();
    expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{40,}$/);
    const [account] = await e2eSql<{ id: string; password_hash: string | null }[]>`select id, password_hash from users where email = ${email}`;
    expect(account!.password_hash).toBeNull();
    const userId = account!.id;
    await created.getByRole('link', { name: 'Back to accounts' }).click();
    await admin.page.waitForURL((url) => url.pathname === '/admin');
    const row = accountsTable(admin.page)
      .getByRole('row')
      .filter({ has: admin.page.getByRole('cell', { name: email, exact: true }) });
    await expect(row.getByText('Active', { exact: true })).toBeVisible();

    // The new therapist chooses a password with the link and is signed in; the link then works no more.
    const therapist = await newPage(browser);
    await therapist.goto(new URL(link).pathname);
    await expect(therapist.getByRole('heading', { level: 1, name: `Set a password for ${email}` })).toBeVisible();
    await therapist.getByLabel('New password').fill(chosen);
    await therapist.getByLabel('Repeat the password').fill(chosen);
    await therapist.getByRole('button', { name: 'Set password and sign in' }).click();
    await therapist.waitForURL((url) => url.pathname === '/therapist');
    await expect(therapist.getByRole('heading', { name: 'My caseload' })).toBeVisible();
    const reuse = await newPage(browser);
    await reuse.goto(new URL(link).pathname);
    await expect(reuse.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible();
    await reuse.context().close();

    // Disabled: the therapist's very next navigation ends the session.
    let panel = await openManage(admin.page, name);
    await panel.getByRole('button', { name: 'Disable…' }).click();
    await expect(panel.getByRole('group', { name: 'Confirm disabling' })).toContainText('signed out everywhere');
    await panel.getByRole('button', { name: 'Disable account' }).click();
    await expect(panel.getByRole('status').filter({ hasText: `${name} is disabled and has been signed out everywhere.` })).toBeVisible();
    await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
    await therapist.goto('/therapist');
    expect(pathOf(therapist)).toBe('/login');
    await expect(therapist.getByText(SESSION_ENDED)).toBeVisible();
    await expect(therapist.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

    // Enabled again: the chosen password works.
    panel = manage(admin.page, name);
    await panel.getByRole('button', { name: 'Enable…' }).click();
    await panel.getByRole('button', { name: 'Enable account' }).click();
    await expect(panel.getByRole('status').filter({ hasText: `${name} is enabled and can sign in again.` })).toBeVisible();
    await expect(row.getByText('Active', { exact: true })).toBeVisible();
    // Start again from this origin's /login: /session-ended redirects to the server's own host name.
    await therapist.goto('/login');
    await signIn(therapist, email, chosen);
    expect(pathOf(therapist)).toBe('/therapist');

    // The audit log, filtered by what happened to accounts, names the account.
    await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await admin.page.getByLabel('What').selectOption({ label: 'All account administration' });
    await admin.page.getByRole('button', { name: 'Apply filters' }).click();
    await admin.page.waitForURL((url) => url.searchParams.get('action') === 'admin.account.');
    const events = auditTable(admin.page).locator('tbody tr').filter({ hasText: name });
    await expect(events).toHaveCount(4);
    for (const [i, action] of ['admin.account.enable', 'admin.account.disable', 'admin.account.password_link', 'admin.account.create'].entries()) {
      await expect(events.nth(i).getByRole('cell').nth(3)).toHaveText(action);
      await expect(events.nth(i).getByRole('cell').nth(1)).toHaveText(DEMO.admin.name);
    }
    const { text } = await downloadCsv(admin.page);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    const mine = lines.filter((l) => l.includes(userId)).map((l) => l.split(',')[3]);
    expect(mine).toEqual(['admin.account.enable', 'admin.account.disable', 'admin.account.password_link', 'admin.account.create']);
    expect(lines.slice(1).every((l) => l.split(',')[3]!.startsWith('admin.account'))).toBe(true);

    await therapist.context().close();
    await admin.context.close();
  });

  test('a locked account is unlocked, and a reset link (never a password) sets a new password and ends every session', async ({
    browser,
    freshUser,
    e2eSql,
  }) => {
    test.slow();
    const chosen = 'Copper-Lagoon-Thistle-82';
    const user = await newPage(browser);
    await signIn(user, freshUser.email, freshUser.password);
    expect(pathOf(user)).toBe('/therapist');
    await e2eSql`update users set locked_until = now() + interval '1 hour', failed_login_count = 5 where id = ${freshUser.id}`;

    const admin = await signedInPage(browser, DEMO.admin.email);
    const row = accountsTable(admin.page)
      .getByRole('row')
      .filter({ has: admin.page.getByRole('cell', { name: freshUser.email, exact: true }) });
    await expect(row.getByText('Locked', { exact: true })).toBeVisible();
    const panel = await openManage(admin.page, freshUser.name);
    await panel.getByRole('button', { name: 'Unlock' }).click();
    await expect(panel.getByRole('status').filter({ hasText: `${freshUser.name} is unlocked` })).toBeVisible();
    await expect(row.getByText('Active', { exact: true })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Unlock' })).toHaveCount(0);

    await panel.getByRole('button', { name: 'Send a password link' }).click();
    const link = await panel.getByLabel(`One-time set-password link for ${freshUser.name}`).inputValue();
    // Making the link changes nothing yet: the open session goes on.
    await user.goto('/therapist');
    expect(pathOf(user)).toBe('/therapist');

    const owner = await newPage(browser);
    await owner.goto(new URL(link).pathname);
    await owner.getByLabel('New password').fill(chosen);
    await owner.getByLabel('Repeat the password').fill(chosen);
    await owner.getByRole('button', { name: 'Set password and sign in' }).click();
    await owner.waitForURL((url) => url.pathname === '/therapist');

    // Every other session of the account has ended; the old password no longer works.
    await user.goto('/therapist');
    expect(pathOf(user)).toBe('/login');
    await expect(user.getByText(SESSION_ENDED)).toBeVisible();
    const [row2] = await e2eSql<{ must_change_password: boolean; locked_until: Date | null; session_version: number }[]>`
      select must_change_password, locked_until, session_version from users where id = ${freshUser.id}`;
    expect(row2).toEqual({ must_change_password: false, locked_until: null, session_version: 2 });
    await user.context().close();
    await owner.context().close();
    await admin.context.close();
  });

  test.describe('with a fixture client', () => {
    test.use({ freshUserRole: 'client' });

    test('a client’s password link goes only to the client by email: without mail it is refused and no link exists', async ({ page, freshUser, e2eSql }) => {
      await signIn(page, DEMO.admin.email);
      const panel = await openManage(page, freshUser.name);
      await expect(panel.getByText('You never see the link, so you cannot sign in as a client.')).toBeVisible();
      await panel.getByRole('button', { name: 'Email a password link' }).click();
      await expect(panel.getByRole('alert')).toContainText('can only be emailed to the client, and mail is not set up');
      await expect(panel.getByLabel(/set-password link/)).toHaveCount(0);
      const links = await e2eSql<{ n: number }[]>`select count(*)::int as n from password_links where user_id = ${freshUser.id}`;
      expect(links[0]!.n).toBe(0);
    });

    test('supervision starts and ends, and a client is reassigned with the caseload history kept', async ({ page, freshUser, e2eSql }) => {
      const sql = e2eSql;
      const supervisor = await insertStaff(sql, 'supervisor', 'Sage Supervisor');
      const therapist = await insertStaff(sql, 'therapist', 'Theo Therapist');
      const clientName = freshUser.clientName!;
      // The fixture client starts on Alex Morgan's caseload; give it the history row a real intake has.
      await sql`insert into caseload_history (clinic_id, client_id, therapist_id, started_at)
        select clinic_id, id, primary_therapist_id, now() - interval '30 days' from clients where id = ${freshUser.clientId}`;

      await signIn(page, DEMO.admin.email);
      await page.goto('/admin/assignments');
      const start = page.getByRole('form', { name: 'Start supervision' });
      await start.getByLabel('Supervisor').selectOption({ label: supervisor.name });
      await start.getByLabel('Therapist').selectOption({ label: therapist.name });
      await start.getByRole('button', { name: 'Start supervision' }).click();
      await expect(page.getByRole('status').filter({ hasText: `${supervisor.name} now supervises ${therapist.name}.` })).toBeVisible();
      const pairs = page.getByRole('table', { name: 'Current supervision pairs' });
      await expect(pairs.getByRole('rowheader', { name: supervisor.name })).toBeVisible();

      // The same pair again: the data layer refuses and says why.
      await start.getByLabel('Supervisor').selectOption({ label: supervisor.name });
      await start.getByLabel('Therapist').selectOption({ label: therapist.name });
      await start.getByRole('button', { name: 'Start supervision' }).click();
      await expect(start.getByRole('alert').filter({ hasText: `${supervisor.name} already supervises ${therapist.name}.` })).toBeVisible();

      await page.getByRole('button', { name: `End ${supervisor.name}’s supervision of ${therapist.name}` }).click();
      await page.getByRole('button', { name: 'End supervision' }).click();
      await expect(page.getByRole('status').filter({ hasText: `${supervisor.name} no longer supervises ${therapist.name}.` })).toBeVisible();
      await expect(pairs.getByRole('rowheader', { name: supervisor.name })).toHaveCount(0);

      // Reassign the fixture client from Alex Morgan to the new therapist.
      const clients = page.getByRole('table', { name: 'Clients and their therapists' });
      const row = clients.getByRole('row').filter({ has: page.getByRole('rowheader', { name: clientName, exact: true }) });
      await expect(row.getByRole('cell', { name: DEMO.therapist2.name, exact: true })).toBeVisible();
      await page.getByRole('button', { name: `Reassign ${clientName}` }).click();
      const panel = page.getByRole('region', { name: `Reassign ${clientName}` });
      await panel.getByLabel('New therapist').selectOption({ label: therapist.name });
      await panel.getByLabel('Reason').fill('Scheduling: moves to evening appointments');
      await panel.getByRole('button', { name: 'Reassign client' }).click();
      await expect(panel.getByRole('status')).toHaveText(
        `${clientName} is now with ${therapist.name}. The caseload history keeps the time with ${DEMO.therapist2.name}, and past measures stay with ${DEMO.therapist2.name}.`,
      );
      await expect(row.getByRole('cell', { name: therapist.name, exact: true })).toBeVisible();
      await expect(panel.getByLabel('New therapist').getByRole('option', { name: therapist.name })).toHaveCount(0);

      const history = await sql<{ therapist_id: string; ended: boolean; reason: string | null }[]>`
        select therapist_id, ended_at is not null as ended, reason from caseload_history where client_id = ${freshUser.clientId} order by started_at`;
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({ ended: true });
      expect(history[1]).toEqual({ therapist_id: therapist.id, ended: false, reason: 'Scheduling: moves to evening appointments' });

      expectNoClinicalContent(await page.getByRole('main').innerText());
    });
  });

  test('the audit log pages 50 events at a time, with Older and Newer', async ({ page, e2eSql }) => {
    const sql = e2eSql;
    const prefix = `e2e.pager.${randomUUID().slice(0, 8)}`;
    const clinic = await clinicId(sql);
    await sql`insert into audit_events (clinic_id, action, outcome, occurred_at)
      select ${clinic}, ${prefix} || '.' || lpad(n::text, 2, '0'), 'success', now() - make_interval(secs => n) from generate_series(1, 60) as n`;

    await signIn(page, DEMO.admin.email);
    await page.goto(`/admin/audit?action=${prefix}`);
    const rows = auditTable(page).locator('tbody tr');
    await expect(rows).toHaveCount(50);
    await expect(page.getByText('Events 1–50, newest first.', { exact: false })).toBeVisible();
    await expect(rows.first().getByRole('cell').nth(3)).toHaveText(`${prefix}.01`);
    await expect(page.getByRole('link', { name: /Newer/ })).toHaveCount(0);

    await page.getByRole('link', { name: /Older/ }).click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2' && url.searchParams.get('action') === prefix);
    await expect(rows).toHaveCount(10);
    await expect(page.getByText('Events 51–60, newest first.', { exact: false })).toBeVisible();
    await expect(rows.last().getByRole('cell').nth(3)).toHaveText(`${prefix}.60`);
    await expect(page.getByRole('link', { name: /Older/ })).toHaveCount(0);

    await page.getByRole('link', { name: /Newer/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('page'));
    await expect(rows).toHaveCount(50);
  });
});
