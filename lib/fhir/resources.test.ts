import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WAI_SR_CODE_SYSTEM, getInstrument, scoreResponse, stripDisabledAnswers, type Instrument } from '@/lib/instruments';
import { completeAnswersArb } from '@/lib/instruments/test-helpers';
import { importBundleResponses } from './import';
import {
  GOAL_ACCEPTANCE_URL,
  buildCarePlan,
  buildClientBundle,
  buildQuestionnaireResponse,
  buildScoreObservations,
  fhirDateTime,
  type FhirGoal,
  type FhirObservation,
  type PlanInput,
  type ResponseInput,
} from './resources';
import { r4SchemaErrors } from './test-helpers';

const PHQ9 = getInstrument('phq-9');
const GAD7 = getInstrument('gad-7');
const WAI = getInstrument('wai-sr-client');
const WAI_T = getInstrument('wai-sr-therapist');
const CLIENT_ID = '0b6f3d2e-7c1a-4e5b-9d8f-1a2b3c4d5e6f';
const patientRef = { reference: `Patient/${CLIENT_ID}` };

let n = 0;
function response(instrument: Instrument, answers: Record<string, number>, overrides: Partial<ResponseInput> = {}): ResponseInput {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    instrumentKey: instrument.key,
    instrumentVersion: instrument.version,
    respondent: instrument.respondent,
    submittedAt: new Date(Date.UTC(2026, 10, (n % 28) + 1, 9, 30)),
    answers,
    scores: scoreResponse(instrument, answers),
    ...overrides,
  };
}
const all = (instrument: Instrument, value: number) => Object.fromEntries(instrument.items.filter((i) => i.scored).map((i) => [i.id, value]));

const plan = (status = 'active'): PlanInput => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  status,
  title: 'Getting back to work',
  presentingProblem: 'Low mood since a job loss.',
  startDate: '2026-10-01',
  problems: [
    {
      description: 'Withdrawal from friends',
      goals: [
        {
          id: 'a1b2c3d4-0000-4000-8000-000000000011',
          clientWords: 'See my friends every week',
          targetDate: '2026-12-31',
          status: 'in_progress',
          objectives: [{ description: 'Call one friend', target: 'twice a week' }],
          interventions: [{ modality: 'Behavioural activation', frequency: 'weekly', provider: null }],
          agreement: { agrees: true, comment: null, at: new Date('2026-10-02T10:00:00Z') },
        },
        {
          id: 'a1b2c3d4-0000-4000-8000-000000000012',
          clientWords: 'Sleep before midnight',
          targetDate: null,
          status: 'not_started',
          objectives: [],
          interventions: [],
          agreement: { agrees: false, comment: 'Not yet, shifts', at: new Date('2026-10-03T10:00:00Z') },
        },
        {
          id: 'a1b2c3d4-0000-4000-8000-000000000013',
          clientWords: 'Go for a walk',
          targetDate: '2027-01-15',
          status: 'achieved',
          objectives: [],
          interventions: [],
          agreement: null,
        },
      ],
    },
  ],
});

describe('QuestionnaireResponse and Observations', () => {
  it('PHQ-9: coded answers from the Questionnaire, total Observation 44261-6 with LOINC item components, derived from the response', () => {
    const answers = { ...all(PHQ9, 1), 'phq9-9': 2, 'phq9-10': 2 };
    const input = response(PHQ9, answers);
    const qr = buildQuestionnaireResponse(input, patientRef, 'instant');
    expect(qr.questionnaire).toBe('https://rapport.example/fhir/Questionnaire/phq-9|1.0.0');
    expect(qr.source).toEqual(patientRef);
    expect(qr.item.find((i) => i.linkId === 'phq9-9')?.answer).toEqual([
      { valueCoding: { system: 'http://loinc.org', code: 'LA6570-1', display: 'More than half the days' } },
    ]);
    // Difficulty "Very difficult" is LA6575-0 (the codes are not in numeric order).
    expect(qr.item.find((i) => i.linkId === 'phq9-10')?.answer?.[0]?.valueCoding?.code).toBe('LA6575-0');
    expect(qr.item.find((i) => i.linkId === 'phq9-total')?.answer).toEqual([{ valueInteger: 10 }]);
    const [total, ...rest] = buildScoreObservations(input, qr, patientRef);
    expect(rest).toEqual([]);
    expect(total).toMatchObject({
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      valueInteger: 10,
      derivedFrom: [{ reference: `QuestionnaireResponse/${input.id}` }],
      interpretation: [{ text: 'Moderate' }],
    });
    expect(total!.category[0]!.coding![0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' });
    expect(total!.component!.map((c) => c.code.coding![0]!.code)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
      '69722-7',
    ]);
    // Never 44260-8 (item 9) as the total.
    expect(total!.code.coding!.some((c) => c.code === '44260-8')).toBe(false);
  });

  it('GAD-7: total 70274-6 (never 75626-2), item 8 has no code and no component', () => {
    const input = response(GAD7, { ...all(GAD7, 2), 'gad7-8': 1 });
    const qr = buildQuestionnaireResponse(input, patientRef, 'instant');
    const [total] = buildScoreObservations(input, qr, patientRef);
    expect(total!.code.coding![0]!.code).toBe('70274-6');
    expect(total!.valueInteger).toBe(14);
    expect(total!.component!.map((c) => c.code.coding![0]!.code)).toEqual(['69725-0', '68509-9', '69733-4', '69734-2', '69735-9', '69689-8', '69736-7']);
  });

  it('WAI-SR: total, mean and the Goal/Task/Bond means under the local CodeSystem', () => {
    const answers = { ...all(WAI, 4), 'wai-3': 5, 'wai-4': 2 };
    const input = response(WAI, answers);
    const qr = buildQuestionnaireResponse(input, patientRef, 'instant');
    const observations = buildScoreObservations(input, qr, patientRef);
    const byCode = Object.fromEntries(observations.map((o) => [o.code.coding![0]!.code, o] as [string, FhirObservation]));
    expect(Object.keys(byCode)).toEqual([
      'wai-sr-client.total',
      'wai-sr-client.mean',
      'wai-sr-client.goal.mean',
      'wai-sr-client.task.mean',
      'wai-sr-client.bond.mean',
    ]);
    expect(observations.every((o) => o.code.coding![0]!.system === WAI_SR_CODE_SYSTEM)).toBe(true);
    expect(byCode['wai-sr-client.total']!.valueInteger).toBe(47);
    expect(byCode['wai-sr-client.goal.mean']!.valueQuantity).toEqual({ value: 3.5, system: 'http://unitsofmeasure.org', code: '{score}', unit: 'score' });
    expect(byCode['wai-sr-client.bond.mean']!.valueQuantity!.value).toBe(4.25);
  });

  it('a therapist-rated form names no person as author; the client form is sourced from the patient', () => {
    const qr = buildQuestionnaireResponse(response(WAI_T, all(WAI_T, 3)), patientRef, 'instant');
    expect(qr.source).toBeUndefined();
    expect(qr.author).toEqual({ type: 'Practitioner', display: 'Treating therapist' });
  });

  it('de-identified precision keeps only the month', () => {
    const at = new Date('2026-11-05T10:15:00Z');
    expect(fhirDateTime(at, 'month')).toBe('2026-11');
    expect(buildQuestionnaireResponse(response(PHQ9, all(PHQ9, 0), { submittedAt: at }), patientRef, 'month').authored).toBe('2026-11');
  });
});

describe('treatment plan as CarePlan + Goals', () => {
  it("goals keep progress in lifecycle/achievement status and the client's agreement in the goal-acceptance extension", () => {
    const [carePlan, ...rest] = buildCarePlan(plan(), patientRef, 'instant');
    const goals = rest.filter((r): r is FhirGoal => r.resourceType === 'Goal');
    expect(carePlan).toMatchObject({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      title: 'Getting back to work',
      goal: goals.map((g) => ({ reference: `Goal/${g.id}` })),
    });
    const acceptance = (g: FhirGoal) => g.extension?.find((e) => e.url === GOAL_ACCEPTANCE_URL)?.extension?.find((e) => e.url === 'status')?.valueCode;
    expect(goals.map((g) => [g.lifecycleStatus, g.achievementStatus?.coding?.[0]?.code, acceptance(g)])).toEqual([
      ['active', 'in-progress', 'agree'],
      ['accepted', undefined, 'disagree'],
      ['completed', 'achieved', 'pending'],
    ]);
    expect(goals[1]!.note).toEqual([{ authorReference: patientRef, time: '2026-10-03T10:00:00.000Z', text: 'Not yet, shifts' }]);
    expect(goals[0]!.target).toEqual([{ measure: { text: 'Call one friend' }, detailString: 'twice a week', dueDate: '2026-12-31' }]);
    expect(goals.every((g) => g.expressedBy?.reference === patientRef.reference)).toBe(true);
  });

  it('a draft plan proposes its goals; an archived one is revoked', () => {
    const draft = buildCarePlan(plan('draft'), patientRef, 'instant');
    expect(draft[0]).toMatchObject({ status: 'draft' });
    expect(draft.filter((r) => r.resourceType === 'Goal').every((g) => g.lifecycleStatus === 'proposed')).toBe(true);
    expect(buildCarePlan(plan('archived'), patientRef, 'instant')[0]).toMatchObject({ status: 'revoked' });
  });
});

describe('the client Bundle', () => {
  const responses = [
    response(PHQ9, { ...all(PHQ9, 2), 'phq9-10': 3 }),
    response(GAD7, all(GAD7, 0)),
    response(WAI, all(WAI, 5)),
    response(WAI_T, all(WAI_T, 3)),
  ];
  const bundle = buildClientBundle({
    bundleId: 'b0000000-0000-4000-8000-000000000001',
    generatedAt: new Date('2026-12-05T08:00:00Z'),
    patient: { id: CLIENT_ID, firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', active: true },
    responses,
    plans: [plan(), plan('draft')].map((p, i) => ({
      ...p,
      id: p.id.replace(/1$/, String(i + 1)),
      problems: p.problems.map((pr) => ({ ...pr, goals: pr.goals.map((g) => ({ ...g, id: g.id.replace(/0(\d\d)$/, `${i}$1`) })) })),
    })),
  });

  it('is a collection with Patient, Questionnaires, CodeSystem, responses, Observations, CarePlans, Goals and Conditions', () => {
    expect(bundle.type).toBe('collection');
    const count = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type).length;
    expect([
      count('Patient'),
      count('Questionnaire'),
      count('CodeSystem'),
      count('QuestionnaireResponse'),
      count('Observation'),
      count('CarePlan'),
      count('Goal'),
      count('Condition'),
    ]).toEqual([1, 4, 1, 4, 12, 2, 6, 2]);
    const urls = bundle.entry.map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    expect(bundle.entry.every((e) => e.fullUrl.endsWith(`/${e.resource.resourceType}/${e.resource.id}`))).toBe(true);
  });

  it('every reference resolves to an entry of the Bundle', () => {
    const inBundle = new Set(bundle.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`));
    const references: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'reference' && typeof x === 'string') references.push(x);
          else walk(x);
        }
      }
    };
    walk(bundle);
    expect(references.length).toBeGreaterThan(30);
    expect(references.filter((r) => !inBundle.has(r))).toEqual([]);
  });

  it('the Bundle and every resource in it validate against the R4 JSON schema', () => {
    expect(r4SchemaErrors(bundle)).toEqual([]);
    for (const { resource } of bundle.entry) expect(r4SchemaErrors(resource), `${resource.resourceType}/${resource.id}`).toEqual([]);
  }, 60_000);

  it('the schema check is real: a broken resource fails it', () => {
    expect(r4SchemaErrors({ resourceType: 'Observation', id: 'x', status: 'finished', code: { text: 'x' } }).length).toBeGreaterThan(0);
    expect(r4SchemaErrors({ ...bundle, type: 'gathering' }).length).toBeGreaterThan(0);
  }, 60_000);

  it('round trip: re-importing the responses and scoring them again gives the stored scores', () => {
    const imported = importBundleResponses(JSON.parse(JSON.stringify(bundle)));
    expect(imported.map((r) => [r.id, r.instrument.key, r.scores])).toEqual(responses.map((r) => [r.id, r.instrumentKey, r.scores]));
  });
});

describe('round trip for any valid answers', () => {
  it.each([PHQ9, GAD7, WAI, WAI_T].map((i) => [i.key, i] as const))('%s', (_key, instrument) => {
    fc.assert(
      fc.property(completeAnswersArb(instrument), (raw) => {
        // Stored answers never hold an item the form did not ask (the app strips them on submit).
        const answers = stripDisabledAnswers(instrument, raw) as Record<string, number>;
        const input = response(instrument, answers);
        const bundle = buildClientBundle({ bundleId: 'b', generatedAt: new Date(), patient: { id: CLIENT_ID }, responses: [input], plans: [] });
        const [back] = importBundleResponses(JSON.parse(JSON.stringify(bundle)));
        expect(back!.answers).toEqual(answers);
        expect(back!.scores).toEqual(input.scores);
      }),
      { numRuns: 150 },
    );
  });
});
