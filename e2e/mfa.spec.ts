import { Secret, TOTP } from 'otpauth';
import { expect, pathOf, signIn, test } from './helpers';

/*
 * Journey: a therapist sets up two-step sign-in from the QR page (reading the setup key, as someone
 * who cannot scan would), signs out, and signs in with password and code; a wrong code is refused
 * without a session. Creates its own therapist, so it runs on PostgreSQL only (see helpers.ts).
 */

const STEP_MS = 30_000;

function authenticator(setupKey: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(setupKey), algorithm: 'SHA1', digits: 6, period: 30 });
}

test('a therapist enrols with the QR page, then signs in with password and code; a wrong code is refused', async ({ page, freshUser }) => {
  await signIn(page, freshUser.email, freshUser.password);
  await expect(page).toHaveURL(/\/therapist$/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Two-step sign-in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step sign-in' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const setupKey = (await page.getByLabel('Setup key').textContent())!.replace(/\s/g, '');
  expect(setupKey).toMatch(/^[A-Z2-7]{32}$/);
  const app = authenticator(setupKey);

  await page.getByLabel('Code from your app').fill(app.generate());
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
  await expect(page).toHaveURL(/\/therapist$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  // The password alone now leads to the code step, and a wrong code is refused.
  await page.getByLabel('Email').fill(freshUser.email);
  await page.getByLabel('Password').fill(freshUser.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const codeField = page.getByLabel('Authentication code');
  await expect(codeField).toBeVisible();
  const nearby = new Set([-1, 0, 1, 2].map((offset) => app.generate({ timestamp: Date.now() + offset * STEP_MS })));
  const wrong = ['000000', '111111', '222222', '333333', '444444'].find((code) => !nearby.has(code))!;
  await codeField.fill(wrong);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/That code is not correct/)).toBeVisible();
  expect(pathOf(page)).toBe('/login');
  // No session came of it.
  await page.goto('/therapist');
  expect(pathOf(page)).toBe('/login');

  await page.getByLabel('Email').fill(freshUser.email);
  await page.getByLabel('Password').fill(freshUser.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The enrolment used this 30-second step's code, and a code works once: the next step's code is
  // within the accepted window, as an app would show it a moment later.
  await page.getByLabel('Authentication code').fill(app.generate({ timestamp: Date.now() + STEP_MS }));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/therapist');
  await expect(page.getByRole('heading', { level: 1, name: 'My caseload' })).toBeVisible();
});
