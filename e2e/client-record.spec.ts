import { DEMO, expect, signIn, test } from './helpers';

/*
 * Journey: a therapist opens a client's record from the caseload and keeps the contact details
 * current. Only this spec edits Jordan Lee's contact details, and it puts the phone back at the end.
 */

const PHONE_ERROR = 'Use digits, spaces and + ( ) - only.';

test('therapist edits a client phone number: invalid is refused inline, valid is saved', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  await page.getByRole('table', { name: 'Clients in my caseload' }).getByRole('link', { name: 'Jordan Lee' }).click();
  await expect(page).toHaveURL(/\/therapist\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeVisible();

  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile).toContainText('Lifting low mood and rebuilding routine');
  await expect(profile).toContainText(DEMO.therapist.name);

  const contact = page.getByRole('region', { name: 'Contact details' });
  const phone = contact.getByLabel('Phone');
  const save = contact.getByRole('button', { name: 'Save contact details' });
  const original = await phone.inputValue();

  // Invalid: shown beside the field, nothing saved.
  await phone.fill('call me maybe');
  await save.click();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAccessibleDescription(PHONE_ERROR);
  await expect(contact.getByText(PHONE_ERROR)).toBeVisible();
  await expect(contact.getByText('Contact details saved.')).toHaveCount(0);
  await page.reload();
  await expect(phone).toHaveValue(original);

  // Valid: saved, and still there after a reload.
  const valid = `+44 20 7946 ${String(Date.now() % 10_000).padStart(4, '0')}`;
  await phone.fill(valid);
  await save.click();
  await expect(contact.getByRole('status').filter({ hasText: 'Contact details saved.' })).toBeVisible();
  await expect(phone).not.toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(phone).toHaveValue(valid);

  // Put the demo record back as it was.
  await phone.fill(original);
  await save.click();
  await expect(contact.getByRole('status').filter({ hasText: 'Contact details saved.' })).toBeVisible();
  await page.reload();
  await expect(phone).toHaveValue(original);
});

test('a note box counts characters as the therapist types, before anything is submitted', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  await page.getByRole('table', { name: 'Clients in my caseload' }).getByRole('link', { name: 'Jordan Lee' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeVisible();
  const note = page.getByLabel('Note (optional)');
  await expect(note).toHaveAccessibleDescription(/0 \/ 500 characters/);

  await note.fill('Talked about the week.');
  await expect(note).toHaveAccessibleDescription(/22 \/ 500 characters/);
  // Far from the limit the polite live region stays quiet; near it, it says what is left.
  const live = page.locator('[aria-live="polite"]').filter({ hasText: /characters? (left|over)/ });
  await expect(live).toHaveCount(0);
  await note.fill('x'.repeat(490));
  await expect(live).toHaveText('10 characters left.');
  await note.fill('x'.repeat(503));
  await expect(page.getByText('503 / 500 characters — 3 too many')).toBeVisible();
  await expect(live).toHaveText('3 characters over the limit of 500.');
  // Nothing was submitted: leaving the text unsent changes no record.
  await note.fill('');
  await expect(note).toHaveAccessibleDescription(/0 \/ 500 characters/);
});
