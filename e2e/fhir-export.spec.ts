import { DEMO, DEMO_CLIENT_NAMES, downloadLink, expect, signIn, test } from './helpers';

/*
 * Journey: FHIR R4 exports (issue 14). The therapist downloads a client's record as a Bundle from
 * the record page, a supervisor downloads it read-only, the admin downloads the clinic's
 * de-identified research NDJSON from "Research export"; other roles are refused. Read-only on the
 * demo clinic (each download only adds audit events).
 */

type Bundle = {
  resourceType: string;
  type: string;
  entry: { fullUrl: string; resource: { resourceType: string; id: string; name?: { family: string; given: string[] }[] } }[];
};

test('therapist downloads a client record as a FHIR Bundle; another client is a 404 and the research export a 403', async ({ page }) => {
  await signIn(page, DEMO.therapist.email);
  await page.getByRole('table', { name: 'Clients in my caseload' }).getByRole('link', { name: 'Jordan Lee' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeVisible();
  const clientId = new URL(page.url()).pathname.split('/').at(-1)!;

  const { filename, text } = await downloadLink(page, 'Download FHIR record');
  expect(filename).toMatch(new RegExp(`^rapport-fhir-${clientId}-\\d{4}-\\d\\d-\\d\\d\\.json$`));
  const bundle = JSON.parse(text) as Bundle;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
  const types = bundle.entry.map((e) => e.resource.resourceType);
  expect(types.filter((t) => t === 'Patient')).toHaveLength(1);
  expect(bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource).toMatchObject({
    id: clientId,
    name: [{ family: 'Lee', given: ['Jordan'] }],
  });
  for (const type of ['Questionnaire', 'QuestionnaireResponse', 'Observation', 'CarePlan', 'Goal']) expect(types, type).toContain(type);
  expect(text).toContain('"44261-6"');

  const headers = (await page.request.get(`/therapist/clients/${clientId}/fhir`)).headers();
  expect(headers['content-type']).toMatch(/^application\/fhir\+json/);
  expect(headers['cache-control']).toMatch(/^no-store/);
  expect(headers['content-disposition']).toMatch(/^attachment; filename="rapport-fhir-/);

  expect((await page.request.get('/therapist/clients/7d9f2c1e-4b3a-4c5d-8e6f-0a1b2c3d4e5f/fhir')).status()).toBe(404);
  expect((await page.request.get('/admin/exports/fhir/QuestionnaireResponse')).status()).toBe(403);
});

test('a supervisor downloads a supervised client read-only', async ({ page }) => {
  await signIn(page, DEMO.supervisor.email);
  await page.getByRole('link', { name: DEMO.therapist.name }).first().click();
  await page.getByRole('link', { name: 'Jordan Lee' }).first().click();
  await expect(page.getByTestId('read-only-notice')).toBeVisible();
  const { text } = await downloadLink(page, 'Download FHIR record');
  const bundle = JSON.parse(text) as Bundle;
  expect(bundle.entry.some((e) => e.resource.resourceType === 'QuestionnaireResponse')).toBe(true);
  expect((await page.request.get('/admin/exports/fhir/Patient')).status()).toBe(403);
});

test('admin downloads the de-identified research NDJSON; a client is refused', async ({ page, browser }) => {
  await signIn(page, DEMO.admin.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Research export', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Research export' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Export files' }).getByRole('listitem')).toHaveCount(3);

  const { filename, text } = await downloadLink(page, 'Download QuestionnaireResponse.ndjson');
  expect(filename).toMatch(/^rapport-research-QuestionnaireResponse-\d{4}-\d\d-\d\d\.ndjson$/);
  const lines = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { resourceType: string; id: string; subject: { reference: string }; authored: string });
  expect(lines.length).toBeGreaterThan(5);
  for (const r of lines) {
    expect(r.resourceType).toBe('QuestionnaireResponse');
    expect(r.id).toMatch(/^R-[0-9a-f]{10}$/);
    expect(r.subject.reference).toMatch(/^Patient\/C-[0-9a-f]{10}$/);
    expect(r.authored).toMatch(/^\d{4}-\d\d$/);
  }
  for (const name of DEMO_CLIENT_NAMES) expect(text, `"${name}" in the de-identified file`).not.toContain(name);

  const observations = await downloadLink(page, 'Download Observation.ndjson');
  expect(observations.text).toContain('"44261-6"');
  const response = await page.request.get('/admin/exports/fhir/Observation');
  expect(response.headers()['content-type']).toBe('application/fhir+ndjson');
  expect(response.headers()['cache-control']).toMatch(/^no-store/);
  // The admin never gets a named client's record.
  expect((await page.request.get(`/therapist/clients/7d9f2c1e-4b3a-4c5d-8e6f-0a1b2c3d4e5f/fhir`)).status()).toBe(404);

  const client = await browser.newContext();
  const portal = await client.newPage();
  await signIn(portal, DEMO.client.email);
  expect((await portal.request.get('/admin/exports/fhir/Patient')).status()).toBe(403);
  await client.close();
});
