import { DEMO, SIGN_IN_ERROR, expect, pathOf, signIn, test } from './helpers';

/* Journey: a session begins, is protected while it lasts, and ends (sign-out, disabled, new password). */

const SIGNED_OUT = 'You have signed out.';
const SESSION_ENDED = 'Your session has ended. Please sign in again.';
const PASSWORD_CHANGED = 'Your password was changed. Please sign in with the new one.';

test.describe('sign out', () => {
  for (const key of ['therapist', 'client'] as const) {
    test(`${key}: signing out ends the session, and Back does not bring the page back`, async ({ page }) => {
      const account = DEMO[key];
      await signIn(page, account.email);
      expect(pathOf(page)).toBe(account.home);
      const protectedText = key === 'therapist' ? 'My caseload' : 'Forms waiting for you';
      await expect(page.getByRole('heading', { name: protectedText })).toBeVisible();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      await expect(page.getByText(SIGNED_OUT)).toBeVisible();

      // Back: the signed-in page must not come back, neither from a cache nor after a reload.
      await page.goBack();
      await expect(page.getByRole('heading', { name: protectedText })).toHaveCount(0);
      await page.reload();
      expect(pathOf(page)).toBe('/login');
      await expect(page.getByRole('heading', { name: protectedText })).toHaveCount(0);

      await page.goto(account.home);
      expect(pathOf(page)).toBe('/login');
      await expect(page.getByRole('heading', { name: protectedText })).toHaveCount(0);
      expect((await page.context().cookies()).filter((c) => c.name.includes('authjs.session-token'))).toHaveLength(0);
    });
  }
});

test('a session cookie from before sign-out is refused afterwards', async ({ page }) => {
  // Sign-out must end the session on the server, not only delete the browser's copy: a copy taken
  // earlier, or one re-set by a response still in flight when the user signed out, must not work.
  await signIn(page, DEMO.therapist2.email);
  await expect(page.getByRole('heading', { name: 'My caseload' })).toBeVisible();
  const before = (await page.context().cookies()).filter((c) => c.name.includes('authjs.session-token'));
  expect(before).toHaveLength(1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await expect(page.getByText(SIGNED_OUT)).toBeVisible();

  await page.context().addCookies(before);
  await page.goto('/therapist');
  expect(pathOf(page)).toBe('/login');
  await expect(page.getByRole('heading', { name: 'My caseload' })).toHaveCount(0);
});

test('signed-in pages carry the security headers and a locked-down session cookie', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  const response = await page.goto('/therapist');
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cache-control']).toContain('no-store');

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('authjs.session-token'));
  expect(session, `session cookie among ${cookies.map((c) => c.name).join(', ')}`).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe('Lax');
  expect(session!.path).toBe('/');
});

test.describe('with a fresh account', () => {
  test('disabling the account ends its session at the next request', async ({ page, freshUser, e2eSql }) => {
    await signIn(page, freshUser.email, freshUser.password);
    expect(pathOf(page)).toBe(freshUser.home);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

    await e2eSql`update users set disabled_at = now() where id = ${freshUser.id}`;

    await page.goto(freshUser.home);
    expect(pathOf(page)).toBe('/login');
    await expect(page.getByText(SESSION_ENDED)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

    // A disabled account cannot sign in again either, and is told nothing more than a wrong password.
    await page.getByLabel('Email').fill(freshUser.email);
    await page.getByLabel('Password').fill(freshUser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: SIGN_IN_ERROR })).toBeVisible();
    expect(pathOf(page)).toBe('/login');
  });

  test('changing the password: a wrong current password changes nothing; the right one signs out everywhere', async ({ page, freshUser, e2eSql }) => {
    const newPassword = 'marble-orchard-velvet-58';
    await signIn(page, freshUser.email, freshUser.password);
    const [before] = await e2eSql<
      { password_hash: string; session_version: number }[]
    >`select password_hash, session_version from users where id = ${freshUser.id}`;

    await page.goto('/account/password');
    await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
    await page.getByLabel('Current password').fill('this-is-not-it-42');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    const current = page.getByLabel('Current password');
    await expect(current).toHaveAccessibleDescription(/current password is not correct/i);
    await expect(current).toHaveAttribute('aria-invalid', 'true');
    expect(pathOf(page)).toBe('/account/password');
    const [after] = await e2eSql<
      { password_hash: string; session_version: number }[]
    >`select password_hash, session_version from users where id = ${freshUser.id}`;
    expect(after).toEqual(before);
    // Still signed in.
    await page.goto(freshUser.home);
    expect(pathOf(page)).toBe(freshUser.home);

    await page.goto('/account/password');
    await page.getByLabel('Current password').fill(freshUser.password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await expect(page.getByText(PASSWORD_CHANGED)).toBeVisible();
    await page.goto(freshUser.home);
    expect(pathOf(page)).toBe('/login');

    // The old password no longer works ...
    await page.getByLabel('Email').fill(freshUser.email);
    await page.getByLabel('Password').fill(freshUser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: SIGN_IN_ERROR })).toBeVisible();
    expect(pathOf(page)).toBe('/login');

    // ... and the new one does.
    await signIn(page, freshUser.email, newPassword);
    expect(pathOf(page)).toBe(freshUser.home);
  });

  test.describe('a fresh client account', () => {
    test.use({ freshUserRole: 'client' });

    test('signs in to its own portal and is ended when disabled', async ({ page, freshUser, e2eSql }) => {
      await signIn(page, freshUser.email, freshUser.password);
      expect(pathOf(page)).toBe('/portal');
      await expect(page.getByRole('heading', { level: 1, name: `Hello, ${freshUser.clientName}` })).toBeVisible();
      await expect(page.getByText('You have no forms to fill in right now.')).toBeVisible();
      await expect(page.getByText('Jordan Lee')).toHaveCount(0);

      await e2eSql`update users set disabled_at = now() where id = ${freshUser.id}`;
      await page.reload();
      expect(pathOf(page)).toBe('/login');
      await expect(page.getByText(SESSION_ENDED)).toBeVisible();
    });
  });
});
