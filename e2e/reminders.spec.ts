import { DEMO, expect, signIn, test } from './helpers';

/*
 * Journey: a client switches form reminders off in the portal and back on; the therapist sees on
 * the record when reminders were sent; the admin and supervisor find the completion rates. Nothing
 * here changes the shared demo clinic's settings (admin-settings.spec saves them, and a save from
 * here would be a version conflict there): only fresh accounts are written to.
 */

test.describe('the client controls their reminders', () => {
  test.use({ freshUserRole: 'client' });

  test('switches reminders off, finds them off after a reload, and on again', async ({ page, freshUser, e2eSql }) => {
    await signIn(page, freshUser.email, freshUser.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
    await page.waitForURL((url) => url.pathname === '/portal/reminders');
    await expect(page.getByRole('heading', { level: 1, name: 'Reminders' })).toBeVisible();
    const toggle = page.getByRole('switch', { name: 'Email me when a form is waiting' });
    await expect(toggle).toBeChecked();
    await expect(toggle).toHaveAccessibleDescription(/never says which form/);

    await toggle.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Reminders are off.' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('switch', { name: 'Email me when a form is waiting' })).not.toBeChecked();
    const [off] = await e2eSql<{ opted_out: boolean }[]>`select reminders_opted_out_at is not null as opted_out from clients where id = ${freshUser.clientId}`;
    expect(off?.opted_out).toBe(true);

    await page.getByRole('switch', { name: 'Email me when a form is waiting' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Reminders are on.' })).toBeVisible();
    const [on] = await e2eSql<{ opted_out: boolean }[]>`select reminders_opted_out_at is not null as opted_out from clients where id = ${freshUser.clientId}`;
    expect(on?.opted_out).toBe(false);
  });

  test("the therapist sees on the client's record when reminders were sent", async ({ page, freshUser, e2eSql }) => {
    const sql = e2eSql;
    // A form from long ago (outside every range the other journeys read), reminded once, on this
    // fresh client of therapist2's caseload.
    const [form] = await sql<{ id: string; clinic_id: string }[]>`
      insert into measure_assignments (clinic_id, client_id, therapist_id, instrument_key, respondent, status, due_at, expires_at, created_at)
      select c.clinic_id, c.id, c.primary_therapist_id, 'phq-9', 'client', 'expired', '2020-01-06T10:00:00Z', '2020-01-13T23:59:59Z', '2020-01-06T10:00:00Z'
      from clients c where c.id = ${freshUser.clientId}
      returning id, clinic_id`;
    await sql`
      insert into form_reminders (clinic_id, assignment_id, client_id, reminder_number, kind, scheduled_for, sent_at)
      values (${form!.clinic_id}, ${form!.id}, ${freshUser.clientId}, 1, 'assigned', '2020-01-06T10:00:00Z', '2020-01-06T10:01:00Z')`;

    await signIn(page, DEMO.therapist2.email);
    await page.goto(`/therapist/clients/${freshUser.clientId}`);
    const section = page.getByRole('region', { name: 'Form reminders' });
    await expect(section).toBeVisible();
    const table = section.getByRole('table', { name: 'Reminders sent, newest first' });
    await expect(table.getByRole('row').filter({ hasText: 'PHQ-9' })).toContainText('When assigned (no. 1)');
    await expect(table.getByRole('row').filter({ hasText: 'PHQ-9' }).locator('time')).toHaveAttribute('datetime', '2020-01-06T10:01:00.000Z');
  });
});

test('the caseload, the supervisor and the admin see completion rates', async ({ browser }) => {
  const therapist = await browser.newPage();
  await signIn(therapist, DEMO.therapist.email);
  await expect(therapist.getByRole('table', { name: 'Clients in my caseload' }).getByRole('columnheader', { name: /Forms done \(90 days\)/ })).toBeVisible();
  await therapist.close();

  const supervisor = await browser.newPage();
  await signIn(supervisor, DEMO.supervisor.email);
  const byTherapist = supervisor.getByRole('table', { name: 'Form completion by therapist' });
  await expect(byTherapist.getByRole('rowheader', { name: DEMO.therapist.name, exact: true })).toBeVisible();
  await expect(byTherapist.getByRole('rowheader', { name: 'All supervised therapists' })).toBeVisible();
  await supervisor.close();

  const admin = await browser.newPage();
  await signIn(admin, DEMO.admin.email);
  const clinic = admin.getByRole('table', { name: 'Form completion in the clinic' });
  await expect(clinic.getByRole('rowheader', { name: 'All forms in the range' })).toBeVisible();
  await expect(clinic.getByRole('columnheader', { name: 'Completion rate' })).toBeVisible();
  await expect(admin.getByTestId('completion-trend')).toBeVisible();
  // The settings page offers the reminder settings (read here, never saved: the demo settings are shared).
  await admin.goto('/admin/settings');
  await expect(admin.getByRole('heading', { level: 2, name: 'Form reminders' })).toBeVisible();
  await expect(admin.getByLabel('Email clients reminders about their forms')).toBeVisible();
  await expect(admin.getByLabel('Most reminders per form')).toHaveValue(/^[1-5]$/);
  await admin.close();
});
