import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, signIn, test } from './helpers';

/*
 * Journey: a therapist runs the measurement side of a client's record — records sessions (which
 * create the measures due after them), assigns a questionnaire by hand, acknowledges alerts with
 * a repair note, and discharges the client (which cancels what is open). Every test works on its
 * own fixture client of therapist2@ (created by `freshUser`), so no demo record changes; on
 * PGlite runs the fixture skips them (it needs the e2e PostgreSQL database).
 */

test.use({ freshUserRole: 'client' });

const REFUSED = 'That record does not exist or is not available to you.';

async function openRecord(page: Page, clientId: string, clientName: string) {
  await signIn(page, DEMO.therapist2.email);
  await page.goto(`/therapist/clients/${clientId}`);
  await expect(page.getByRole('heading', { level: 1, name: clientName })).toBeVisible();
}

function sessionForm(page: Page) {
  return page.getByRole('form', { name: 'Record a session' });
}

/** Records a session; the date field is filled by the browser once the form is hydrated. */
async function recordSession(page: Page, attendance: 'Attended' | 'No-show' | 'Cancelled', note = ''): Promise<Locator> {
  const form = sessionForm(page);
  await expect(form.getByLabel('Date and time')).not.toHaveValue('');
  await form.getByRole('radio', { name: attendance }).check();
  await form.getByLabel('Note (optional)').fill(note);
  await form.getByRole('button', { name: 'Record session' }).click();
  return form;
}

function openMeasures(page: Page): Locator {
  return page.getByRole('table', { name: 'Open measures, soonest due first' });
}

test('recording sessions creates the due measures; a no-show creates none; a questionnaire can be assigned by hand', async ({ page, freshUser }) => {
  await openRecord(page, freshUser.clientId!, freshUser.clientName!);
  const measures = page.getByRole('region', { name: 'Measures' });
  await expect(measures.getByText('No open measures.')).toBeVisible();

  await test.step('the form refuses a missing date inline', async () => {
    const form = sessionForm(page);
    await expect(form.getByLabel('Date and time')).not.toHaveValue('');
    await form.getByLabel('Date and time').fill('');
    await form.getByRole('button', { name: 'Record session' }).click();
    await expect(form.getByLabel('Date and time')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('Date and time')).toHaveAccessibleDescription('Enter the date and time of the session.');
    await page.reload();
  });

  await test.step('first attended session: PHQ-9 and GAD-7', async () => {
    const form = await recordSession(page, 'Attended', 'Intake; agreed goals.');
    await expect(form.getByRole('status')).toHaveText('Session 1 recorded. Measures created: PHQ-9 (client), GAD-7 (client).');
    const table = openMeasures(page);
    await expect(table.getByRole('rowheader')).toHaveCount(2);
    await expect(table.getByRole('rowheader', { name: 'PHQ-9', exact: true })).toHaveCount(1);
    await expect(table.getByRole('rowheader', { name: 'GAD-7', exact: true })).toHaveCount(1);
    await expect(table.getByRole('link', { name: 'Enter answers given in session or on paper' })).toHaveCount(2);
  });

  await test.step('a no-show does not advance the schedule', async () => {
    const form = await recordSession(page, 'No-show');
    await expect(form.getByRole('status')).toHaveText('No-show recorded. No measures were created: no-shows and cancellations do not advance the schedule.');
    await expect(openMeasures(page).getByRole('rowheader')).toHaveCount(2);
  });

  await test.step('second attended session: client and therapist WAI-SR', async () => {
    const form = await recordSession(page, 'Attended');
    await expect(form.getByRole('status')).toHaveText('Session 2 recorded. Measures created: WAI-SR (client), WAI-SR-T (therapist).');
    const table = openMeasures(page);
    await expect(table.getByRole('rowheader')).toHaveCount(4);
    const rate = table.getByRole('row').filter({ hasText: 'Therapist' }).getByRole('link', { name: 'Rate this session' });
    await expect(rate).toHaveAttribute('href', new RegExp(`^/therapist/clients/${freshUser.clientId}/forms/[0-9a-f-]{36}$`));
    await expect(table.getByRole('link', { name: 'Enter answers given in session or on paper' })).toHaveCount(3);
  });

  await test.step('the session list shows all three', async () => {
    const sessions = page.getByRole('table', { name: 'Sessions, newest first' });
    await expect(sessions.getByRole('row')).toHaveCount(4);
    await expect(sessions).toContainText('No-show');
    await expect(sessions).toContainText('Intake; agreed goals.');
    await expect(page.getByRole('region', { name: 'Profile' })).toContainText('Attended sessions2');
  });

  await test.step('assign a GAD-7 by hand', async () => {
    const form = page.getByRole('form', { name: 'Assign a questionnaire' });
    await form.getByRole('button', { name: 'Assign' }).click();
    await expect(form.getByText('Choose a questionnaire.')).toBeVisible();
    await form.getByLabel('Questionnaire').selectOption({ label: 'Generalized Anxiety Disorder-7 (GAD-7)' });
    await form.getByRole('button', { name: 'Assign' }).click();
    await expect(form.getByRole('status')).toHaveText('GAD-7 (client) assigned, due now.');
    await expect(openMeasures(page).getByRole('rowheader', { name: 'GAD-7', exact: true })).toHaveCount(2);
    await page.reload();
    await expect(openMeasures(page).getByRole('rowheader')).toHaveCount(5);
  });
});

test('open alerts are acknowledged with a repair note and leave the inbox', async ({ page, freshUser, e2eSql, browser }) => {
  test.slow(); // three sign-ins and two roles' homes in turn
  const sql = e2eSql;
  const clientId = freshUser.clientId!;
  const name = freshUser.clientName!;
  const [supervisor] = await sql<{ id: string }[]>`select id from users where email = ${DEMO.supervisor.email}`;
  // A rupture as lib/data writes it, and an urgent risk alert that the sweep already escalated.
  await sql`
    insert into alerts (clinic_id, client_id, therapist_id, kind, severity, rule, details, created_at)
    select clinic_id, id, primary_therapist_id, 'rupture', 'warning', 'rupture_drop',
      ${sql.json({ rule: 'rupture_drop', score: 3, previous: 4.083, drop: 1.083, threshold: 0.6 })}, now() - interval '2 hours'
    from clients where id = ${clientId}`;
  await sql`
    insert into alerts (clinic_id, client_id, therapist_id, kind, severity, rule, details, created_at, escalated_at, escalated_to)
    select clinic_id, id, primary_therapist_id, 'risk', 'urgent', 'phq9_item9_above_zero',
      ${sql.json({ rule: 'phq9_item9_above_zero', item: 'phq9-9', threshold: 0, stage: 'submitted' })}, now() - interval '30 hours', now() - interval '5 hours', ${supervisor!.id}
    from clients where id = ${clientId}`;

  await signIn(page, DEMO.therapist2.email);
  const inbox = page.getByRole('list', { name: 'Open alerts, urgent first' });
  const mine = inbox.getByRole('listitem').filter({ hasText: name });

  await test.step('the inbox names the client, says what happened, urgent first', async () => {
    await expect(mine).toHaveCount(2);
    await expect(mine.nth(0)).toContainText('Urgent · Risk');
    await expect(mine.nth(0)).toContainText('PHQ-9 question 9 answered above zero');
    await expect(mine.nth(1)).toContainText('Warning · Rupture');
    await expect(mine.nth(1)).toContainText('Alliance dropped from 4.08 to 3.00 (drop 1.08 ≥ 0.6)');
    await expect(inbox.getByRole('listitem').first()).toContainText('Urgent');
    await expect(page.getByTestId('unread-notifications')).toBeVisible();
  });

  await test.step('the supervisor sees the escalated one, read-only', async () => {
    const supervisorPage = await browser.newPage();
    await signIn(supervisorPage, DEMO.supervisor.email);
    const escalated = supervisorPage.getByRole('list', { name: 'Escalated alerts' }).getByRole('listitem').filter({ hasText: name });
    await expect(escalated).toHaveCount(1);
    await expect(escalated).toContainText('PHQ-9 question 9 answered above zero');
    await expect(escalated.getByRole('link')).toHaveCount(0);
    await expect(escalated.getByRole('button')).toHaveCount(0);
    await supervisorPage.close();
  });

  await mine.nth(1).getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/therapist/clients/${clientId}$`));
  const alerts = page.getByRole('list', { name: 'Alerts for this client' });
  const rupture = alerts.getByRole('listitem').filter({ hasText: 'Alliance dropped' });
  const risk = alerts.getByRole('listitem').filter({ hasText: 'PHQ-9 question 9' });
  await expect(rupture).toContainText('Open');

  await test.step('a repair note is required', async () => {
    const form = rupture.getByRole('form', { name: 'Acknowledge alert' });
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(form.getByLabel('Repair note')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Write a short note on what you did (at least 3 characters).')).toBeVisible();
  });

  await test.step('acknowledged: the note is kept and shown', async () => {
    const form = rupture.getByRole('form', { name: 'Acknowledge alert' });
    await form.getByLabel('Repair note').fill('Named the rupture in session; agreed to revisit the homework plan.');
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(rupture.getByRole('status')).toHaveText('Alert acknowledged. Your note is saved with it.');
    await page.reload();
    await expect(rupture).toContainText('Acknowledged');
    await expect(rupture).toContainText('Named the rupture in session; agreed to revisit the homework plan.');
    await expect(rupture.getByRole('form', { name: 'Acknowledge alert' })).toHaveCount(0);
    await expect(risk.getByRole('form', { name: 'Acknowledge alert' })).toHaveCount(1);
  });

  await test.step('the acknowledged alert leaves the inbox', async () => {
    await page.goto('/therapist');
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText('PHQ-9 question 9 answered above zero');
  });

  await test.step('acknowledging the urgent one empties the inbox for this client, the supervisor’s too', async () => {
    await mine.getByRole('link', { name: `Review alert for ${name}` }).click();
    const form = risk.getByRole('form', { name: 'Acknowledge alert' });
    await form.getByLabel('Repair note').fill('Called the client the same day; safety plan reviewed.');
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(risk.getByRole('status')).toHaveText('Alert acknowledged. Your note is saved with it.');
    await page.goto('/therapist');
    await expect(mine).toHaveCount(0);
    const supervisorPage = await browser.newPage();
    await signIn(supervisorPage, DEMO.supervisor.email);
    await expect(supervisorPage.getByRole('heading', { name: /Escalated alerts/ })).toBeVisible();
    await expect(supervisorPage.getByText(name)).toHaveCount(0);
    await supervisorPage.close();
  });
});

test('discharge needs a reason and a confirmation, and cancels the open measures', async ({ page, freshUser, e2eSql }) => {
  const clientId = freshUser.clientId!;
  await openRecord(page, clientId, freshUser.clientName!);
  const recorded = await recordSession(page, 'Attended');
  await expect(recorded.getByRole('status')).toContainText('Measures created');
  await expect(openMeasures(page).getByRole('rowheader')).toHaveCount(2);

  const discharge = page.getByRole('form', { name: 'Discharge' });
  await discharge.getByRole('button', { name: 'Discharge client…' }).click();
  await expect(discharge.getByText('Give a short reason for the discharge.')).toBeVisible();

  await discharge.getByLabel('Reason for discharge').fill('Goals met; planned ending agreed together.');
  await discharge.getByRole('button', { name: 'Discharge client…' }).click();
  await expect(discharge.getByRole('alert')).toContainText('2 open measures will be cancelled.');
  await discharge.getByRole('button', { name: 'Keep client' }).click();
  await expect(discharge.getByRole('button', { name: 'Confirm discharge' })).toHaveCount(0);

  await discharge.getByRole('button', { name: 'Discharge client…' }).click();
  await discharge.getByRole('button', { name: 'Confirm discharge' }).click();
  await expect(page.getByRole('region', { name: 'Discharge' }).getByRole('status')).toHaveText('Client discharged. 2 open measures were cancelled.');

  await page.reload();
  await expect(page.getByRole('region', { name: 'Profile' })).toContainText('StatusDischarged');
  await expect(page.getByRole('region', { name: 'Measures' }).getByText('No open measures.')).toBeVisible();
  await expect(sessionForm(page)).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Assign a questionnaire' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Discharge' })).toContainText('has been discharged');

  const statuses = await e2eSql<{ status: string }[]>`select status from measure_assignments where client_id = ${clientId}`;
  expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
});

test("a tampered request for another therapist's client or alert is refused by the data layer", async ({ page, freshUser, e2eSql }) => {
  const sql = e2eSql;
  const clientId = freshUser.clientId!;
  // Targets of therapist@, not therapist2@: Jordan Lee, and one of their already-acknowledged alerts
  // (so even a gap could not change it: the data layer would refuse it as acknowledged).
  const [jordan] = await sql<{ id: string }[]>`select id from clients where first_name = 'Jordan' and last_name = 'Lee'`;
  const [foreignAlert] = await sql<{ id: string; note: string }[]>`
    select a.id, a.acknowledgement_note as note from alerts a join users u on u.id = a.therapist_id
    where u.email = ${DEMO.therapist.email} and a.status = 'acknowledged' order by a.created_at limit 1`;
  const [ownAlert] = await sql<{ id: string }[]>`
    insert into alerts (clinic_id, client_id, therapist_id, kind, severity, rule, details)
    select clinic_id, id, primary_therapist_id, 'missed_measures', 'warning', 'missed_measures', ${sql.json({ rule: 'missed_measures', consecutiveExpired: 2, threshold: 2 })}
    from clients where id = ${clientId} returning id`;
  expect(jordan && foreignAlert && ownAlert).toBeTruthy();

  // Rewrite the ids inside server-action calls made from this (own) client's page.
  const swaps: [string, string][] = [
    [clientId, jordan!.id],
    [ownAlert!.id, foreignAlert!.id],
  ];
  await page.route(`**/therapist/clients/${clientId}`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
    let body = request.postData() ?? '';
    for (const [from, to] of swaps) body = body.replaceAll(from, to);
    return route.continue({ postData: body });
  });

  const tag = `tamper-${freshUser.id.slice(0, 8)}`;
  try {
    await openRecord(page, clientId, freshUser.clientName!);
    const form = await recordSession(page, 'Cancelled', tag);
    await expect(form.getByRole('alert')).toHaveText(REFUSED);
    const written = await sql`select id from therapy_sessions where note = ${tag}`;
    expect(written).toHaveLength(0);

    const alertItem = page.getByRole('list', { name: 'Alerts for this client' }).getByRole('listitem').filter({ hasText: 'Missed 2 measures in a row' });
    const ack = alertItem.getByRole('form', { name: 'Acknowledge alert' });
    await ack.getByLabel('Repair note').fill(tag);
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(ack.getByRole('alert')).toHaveText(REFUSED);
    const [after] = await sql<{ note: string }[]>`select acknowledgement_note as note from alerts where id = ${foreignAlert!.id}`;
    expect(after!.note).toBe(foreignAlert!.note);
    const [own] = await sql<{ status: string }[]>`select status from alerts where id = ${ownAlert!.id}`;
    expect(own!.status).toBe('open');
  } finally {
    // Only if the data layer had let the call through: remove what this test itself wrote.
    await sql`delete from therapy_sessions where note = ${tag}`;
  }
});
