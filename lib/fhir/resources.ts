import {
  LOINC_SYSTEM,
  WAI_SR_CODE_SYSTEM,
  getInstrument,
  itemOptions,
  renderItemText,
  toFhirQuestionnaire,
  toFhirWaiSrCodeSystem,
  type FhirCodeSystem,
  type FhirCoding,
  type FhirQuestionnaire,
  type Instrument,
  type InstrumentKey,
  type ScoreResult,
} from '@/lib/instruments';

/*
 * FHIR R4 resources for one client's measures and treatment plans, and the Bundle that carries
 * them. Pure: the caller (lib/data/fhir.ts) reads and scopes the rows, and decides identifiers and
 * date precision (exact for the client's record, to the month in de-identified research files).
 *
 * References are relative ("Patient/…") and every entry's fullUrl sits under FHIR_BASE_URL, so they
 * resolve inside a collection Bundle and in a Bulk Data NDJSON set alike.
 */

export const FHIR_BASE_URL = 'https://rapport.example/fhir';
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** R4 core extension for a party's agreement with a goal (agree | disagree | pending). */
export const GOAL_ACCEPTANCE_URL = 'http://hl7.org/fhir/StructureDefinition/goal-acceptance';
export const CONDITION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

export type Reference = { readonly reference?: string; readonly type?: string; readonly display?: string };
type CodeableConcept = { readonly coding?: readonly FhirCoding[]; readonly text?: string };

export type FhirPatient = {
  readonly resourceType: 'Patient';
  readonly id: string;
  readonly active?: boolean;
  readonly name?: readonly { readonly family: string; readonly given: readonly string[] }[];
  readonly birthDate?: string;
};

export type QuestionnaireResponseAnswer = { readonly valueCoding?: FhirCoding; readonly valueInteger?: number; readonly valueDecimal?: number };
export type QuestionnaireResponseItem = { readonly linkId: string; readonly text?: string; readonly answer?: readonly QuestionnaireResponseAnswer[] };
export type FhirQuestionnaireResponse = {
  readonly resourceType: 'QuestionnaireResponse';
  readonly id: string;
  /** Canonical of the Questionnaire version answered: url|version. */
  readonly questionnaire: string;
  readonly status: 'completed';
  readonly subject: Reference;
  readonly authored: string;
  readonly source?: Reference;
  readonly author?: Reference;
  readonly item: readonly QuestionnaireResponseItem[];
};

export type FhirObservation = {
  readonly resourceType: 'Observation';
  readonly id: string;
  readonly status: 'final';
  readonly category: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly subject: Reference;
  readonly effectiveDateTime: string;
  readonly valueInteger?: number;
  readonly valueQuantity?: { readonly value: number; readonly system: string; readonly code: string; readonly unit: string };
  readonly interpretation?: readonly CodeableConcept[];
  readonly derivedFrom: readonly Reference[];
  readonly component?: readonly { readonly code: CodeableConcept; readonly valueCodeableConcept: CodeableConcept }[];
};

type Extension = { readonly url: string; readonly valueCode?: string; readonly valueReference?: Reference; readonly extension?: readonly Extension[] };

export type FhirGoal = {
  readonly resourceType: 'Goal';
  readonly id: string;
  readonly extension?: readonly Extension[];
  readonly lifecycleStatus: 'proposed' | 'planned' | 'accepted' | 'active' | 'on-hold' | 'completed' | 'cancelled';
  readonly achievementStatus?: CodeableConcept;
  readonly description: CodeableConcept;
  readonly subject: Reference;
  readonly expressedBy?: Reference;
  readonly addresses?: readonly Reference[];
  readonly target?: readonly { readonly measure?: CodeableConcept; readonly detailString?: string; readonly dueDate?: string }[];
  readonly note?: readonly { readonly authorReference?: Reference; readonly time?: string; readonly text: string }[];
};

export type FhirCondition = {
  readonly resourceType: 'Condition';
  readonly id: string;
  readonly category: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly subject: Reference;
};

export type FhirCarePlan = {
  readonly resourceType: 'CarePlan';
  readonly id: string;
  readonly status: 'draft' | 'active' | 'revoked' | 'completed';
  readonly intent: 'plan';
  readonly title: string;
  readonly description?: string;
  readonly subject: Reference;
  readonly period?: { readonly start?: string; readonly end?: string };
  readonly addresses?: readonly Reference[];
  readonly goal?: readonly Reference[];
  readonly activity?: readonly { readonly detail: { readonly status: ActivityStatus; readonly description: string; readonly goal?: readonly Reference[] } }[];
};
type ActivityStatus = 'not-started' | 'in-progress' | 'completed' | 'stopped';

export type FhirResource =
  FhirPatient | FhirQuestionnaire | FhirCodeSystem | FhirQuestionnaireResponse | FhirObservation | FhirCondition | FhirGoal | FhirCarePlan;

export type FhirBundle = {
  readonly resourceType: 'Bundle';
  readonly id: string;
  readonly type: 'collection';
  readonly timestamp: string;
  readonly entry: readonly { readonly fullUrl: string; readonly resource: FhirResource }[];
};

/** Exact instants for the client's own record; the month only in de-identified files. */
export type DatePrecision = 'instant' | 'month';

export function fhirDateTime(at: Date, precision: DatePrecision): string {
  return precision === 'month' ? at.toISOString().slice(0, 7) : at.toISOString();
}

/** A plain date (YYYY-MM-DD) at the precision wanted. */
export function fhirDate(date: string, precision: DatePrecision): string {
  return precision === 'month' ? date.slice(0, 7) : date;
}

export const refTo = (resource: { resourceType: string; id: string }): Reference => ({ reference: `${resource.resourceType}/${resource.id}` });
export const fullUrlOf = (resource: { resourceType: string; id: string }): string => `${FHIR_BASE_URL}/${resource.resourceType}/${resource.id}`;

// ---------------------------------------------------------------------------------------------
// Patient

export type PatientInput = { id: string; firstName?: string; lastName?: string; dateOfBirth?: string | null; active?: boolean };

/** A minimal Patient: an id, and (in the identified export only) the name, date of birth and whether care is ongoing. */
export function buildPatient(input: PatientInput): FhirPatient {
  return {
    resourceType: 'Patient',
    id: input.id,
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.lastName !== undefined && input.firstName !== undefined ? { name: [{ family: input.lastName, given: [input.firstName] }] } : {}),
    ...(input.dateOfBirth ? { birthDate: input.dateOfBirth } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Questionnaires

/** The Questionnaire of every instrument version in `versions` (key@version), and the local CodeSystem when a WAI-SR is among them. */
export function buildDefinitions(versions: readonly { instrumentKey: string; instrumentVersion: string }[]): (FhirQuestionnaire | FhirCodeSystem)[] {
  const seen = new Map<string, Instrument>();
  for (const v of versions) {
    const instrument = getInstrument(v.instrumentKey, v.instrumentVersion);
    seen.set(`${instrument.key}@${instrument.version}`, instrument);
  }
  const instruments = [...seen.values()].sort((a, b) => `${a.key}@${a.version}`.localeCompare(`${b.key}@${b.version}`));
  const questionnaires = instruments.map(toFhirQuestionnaire);
  const local = instruments.filter((i) => !i.loinc);
  return local.length ? [...questionnaires, toFhirWaiSrCodeSystem(local)] : questionnaires;
}

// ---------------------------------------------------------------------------------------------
// QuestionnaireResponse and Observations

export type ResponseInput = {
  /** The resource id (the response id, or its pseudonym). */
  id: string;
  instrumentKey: InstrumentKey | string;
  instrumentVersion: string;
  respondent: 'client' | 'therapist';
  submittedAt: Date;
  /** Ordinals by item id, as stored. */
  answers: Readonly<Record<string, number>>;
  /** The scores as stored (lib/instruments ScoreResult). */
  scores: ScoreResult;
};

type AnswerTable = { questionnaire: FhirQuestionnaire; texts: Map<string, string>; codings: Map<string, Map<number, FhirCoding>> };
// Built once per instrument version: an export builds hundreds of thousands of responses from a handful of forms.
const answerTables = new WeakMap<Instrument, AnswerTable>();

/** The instrument's Questionnaire, item texts, and per item the coding of each ordinal exactly as the Questionnaire offers it (without the ordinal extension). */
function answerTableOf(instrument: Instrument): AnswerTable {
  let table = answerTables.get(instrument);
  if (table) return table;
  const questionnaire = toFhirQuestionnaire(instrument);
  const codings = new Map<string, Map<number, FhirCoding>>();
  const texts = new Map<string, string>();
  for (const item of instrument.items) {
    texts.set(item.id, renderItemText(item.text));
    const offered = questionnaire.item.find((i) => i.linkId === item.id)?.answerOption ?? [];
    const byOrdinal = new Map<number, FhirCoding>();
    itemOptions(instrument, item).forEach((option, index) => {
      const coding = offered[index]?.valueCoding;
      if (coding)
        byOrdinal.set(option.value, { system: coding.system, code: coding.code, ...(coding.display !== undefined ? { display: coding.display } : {}) });
    });
    codings.set(item.id, byOrdinal);
  }
  table = { questionnaire, texts, codings };
  answerTables.set(instrument, table);
  return table;
}

function answerCodingFor(instrument: Instrument, linkId: string, ordinal: number): FhirCoding {
  const coding = answerTableOf(instrument).codings.get(linkId)?.get(ordinal);
  if (!coding) throw new Error(`${instrument.key}@${instrument.version}: ${linkId} has no answer ${ordinal}`);
  return coding;
}

/** The score items of the Questionnaire, answered with the stored scores (readOnly: an importer re-scores). */
function scoreAnswers(instrument: Instrument, scores: ScoreResult): QuestionnaireResponseItem[] {
  const p = instrument.linkIdPrefix;
  if (instrument.loinc) return [{ linkId: `${p}-total`, text: 'Total score', answer: [{ valueInteger: scores.total }] }];
  return [
    { linkId: `${p}-total`, text: 'Total score (sum)', answer: [{ valueInteger: scores.total }] },
    { linkId: `${p}-mean`, text: 'Mean score', answer: [{ valueDecimal: scores.mean }] },
    ...instrument.subscales.flatMap((s) => {
      const score = scores.subscales[s.key];
      return score ? [{ linkId: `${p}-${s.key}-mean`, text: `${s.label} mean`, answer: [{ valueDecimal: score.mean }] }] : [];
    }),
  ];
}

export function buildQuestionnaireResponse(input: ResponseInput, patient: Reference, precision: DatePrecision): FhirQuestionnaireResponse {
  const instrument = getInstrument(input.instrumentKey, input.instrumentVersion);
  const { texts } = answerTableOf(instrument);
  const answered = instrument.items.flatMap((item): QuestionnaireResponseItem[] => {
    const value = input.answers[item.id];
    if (value === undefined) return [];
    return [{ linkId: item.id, text: texts.get(item.id)!, answer: [{ valueCoding: answerCodingFor(instrument, item.id, value) }] }];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    id: input.id,
    questionnaire: `${answerTableOf(instrument).questionnaire.url}|${instrument.version}`,
    status: 'completed',
    subject: patient,
    authored: fhirDateTime(input.submittedAt, precision),
    // The client answered about themselves; a therapist-rated form names no one (no staff in the export).
    ...(input.respondent === 'client' ? { source: patient } : { author: { type: 'Practitioner', display: 'Treating therapist' } }),
    item: [...answered, ...scoreAnswers(instrument, input.scores)],
  };
}

const SURVEY: CodeableConcept = { coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'survey', display: 'Survey' }] };
const score = (value: number) => ({ value, system: UCUM_SYSTEM, code: '{score}', unit: 'score' });

/**
 * The score Observations of one response: PHQ-9/GAD-7 total under its LOINC code (items as
 * components with their LOINC item and answer codes); WAI-SR sum, mean and subscale means under
 * the local CodeSystem. Each is derived from the QuestionnaireResponse.
 */
export function buildScoreObservations(input: ResponseInput, response: FhirQuestionnaireResponse, patient: Reference): FhirObservation[] {
  const instrument = getInstrument(input.instrumentKey, input.instrumentVersion);
  const base = {
    resourceType: 'Observation' as const,
    status: 'final' as const,
    category: [SURVEY],
    subject: patient,
    effectiveDateTime: response.authored,
    derivedFrom: [refTo(response)],
  };
  if (instrument.loinc) {
    if (!instrument.loinc.total) return [];
    const components = instrument.items.flatMap((item) => {
      const value = input.answers[item.id];
      if (!item.loinc || value === undefined) return [];
      return [
        { code: { coding: [{ system: LOINC_SYSTEM, code: item.loinc }] }, valueCodeableConcept: { coding: [answerCodingFor(instrument, item.id, value)] } },
      ];
    });
    const band = input.scores.band;
    return [
      {
        ...base,
        id: `${input.id}-total`,
        code: {
          coding: [{ system: LOINC_SYSTEM, code: instrument.loinc.total, display: `${instrument.shortTitle} total score` }],
          text: `${instrument.shortTitle} total score`,
        },
        valueInteger: input.scores.total,
        ...(band ? { interpretation: [{ text: band.label }] } : {}),
        ...(components.length ? { component: components } : {}),
      },
    ];
  }
  const local = (code: string, display: string): CodeableConcept => ({ coding: [{ system: WAI_SR_CODE_SYSTEM, code, display }], text: display });
  return [
    { ...base, id: `${input.id}-total`, code: local(`${instrument.key}.total`, `${instrument.shortTitle} total (sum)`), valueInteger: input.scores.total },
    { ...base, id: `${input.id}-mean`, code: local(`${instrument.key}.mean`, `${instrument.shortTitle} mean`), valueQuantity: score(input.scores.mean) },
    ...instrument.subscales.flatMap((s): FhirObservation[] => {
      const value = input.scores.subscales[s.key];
      return value
        ? [
            {
              ...base,
              id: `${input.id}-${s.key}-mean`,
              code: local(`${instrument.key}.${s.key}.mean`, `${instrument.shortTitle} ${s.label} mean`),
              valueQuantity: score(value.mean),
            },
          ]
        : [];
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Treatment plan: CarePlan, Goals, and the problems as Conditions

export type GoalAgreementInput = { agrees: boolean; comment: string | null; at: Date } | null;
export type PlanInput = {
  id: string;
  status: 'draft' | 'active' | 'completed' | 'archived' | string;
  title: string;
  presentingProblem: string;
  startDate: string | null;
  problems: {
    description: string;
    goals: {
      id: string;
      clientWords: string;
      targetDate: string | null;
      status: 'not_started' | 'in_progress' | 'achieved' | 'revised' | 'dropped' | string;
      objectives: { description: string; target: string | null }[];
      interventions: { modality: string; frequency: string | null; provider: string | null }[];
      /** The client's latest agreement with the goal's current wording; null when none. */
      agreement: GoalAgreementInput;
    }[];
  }[];
};

const CARE_PLAN_STATUS: Record<string, FhirCarePlan['status']> = { draft: 'draft', active: 'active', completed: 'completed', archived: 'revoked' };
const ACTIVITY_STATUS: Record<FhirCarePlan['status'], ActivityStatus> = {
  draft: 'not-started',
  active: 'in-progress',
  completed: 'completed',
  revoked: 'stopped',
};
const GOAL_ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

/** The goal's progress as lifecycle and achievement status; agreement is recorded separately (goal-acceptance). */
function goalStatus(status: string, planStatus: FhirCarePlan['status']): Pick<FhirGoal, 'lifecycleStatus' | 'achievementStatus'> {
  const achievement = (code: string, display: string) => ({ achievementStatus: { coding: [{ system: GOAL_ACHIEVEMENT_SYSTEM, code, display }] } });
  if (planStatus === 'draft') return { lifecycleStatus: 'proposed' };
  switch (status) {
    case 'in_progress':
      return { lifecycleStatus: 'active', ...achievement('in-progress', 'In Progress') };
    case 'achieved':
      return { lifecycleStatus: 'completed', ...achievement('achieved', 'Achieved') };
    case 'revised':
    case 'dropped':
      return { lifecycleStatus: 'cancelled' };
    default:
      return { lifecycleStatus: 'accepted' };
  }
}

export function buildCarePlan(plan: PlanInput, patient: Reference, precision: DatePrecision): (FhirCarePlan | FhirGoal | FhirCondition)[] {
  const status = CARE_PLAN_STATUS[plan.status] ?? 'active';
  const conditions: FhirCondition[] = plan.problems.map((problem, p) => ({
    resourceType: 'Condition',
    id: `${plan.id}-problem-${p + 1}`,
    category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'problem-list-item', display: 'Problem List Item' }] }],
    code: { text: problem.description },
    subject: patient,
  }));
  const goals: FhirGoal[] = plan.problems.flatMap((problem, p) =>
    problem.goals.map((goal): FhirGoal => {
      const acceptance = goal.agreement ? (goal.agreement.agrees ? 'agree' : 'disagree') : 'pending';
      // Objectives as the goal's targets, each due by the goal's target date (or that date alone).
      const due = goal.targetDate ? { dueDate: fhirDate(goal.targetDate, precision) } : {};
      const targets = goal.objectives.length
        ? goal.objectives.map((o) => ({ measure: { text: o.description }, ...(o.target ? { detailString: o.target } : {}), ...due }))
        : goal.targetDate
          ? [due]
          : [];
      return {
        resourceType: 'Goal',
        id: goal.id,
        extension: [
          {
            url: GOAL_ACCEPTANCE_URL,
            extension: [
              { url: 'individual', valueReference: patient },
              { url: 'status', valueCode: acceptance },
            ],
          },
        ],
        ...goalStatus(goal.status, status),
        description: { text: goal.clientWords },
        subject: patient,
        // Goals are written in the client's own words.
        expressedBy: patient,
        addresses: [refTo(conditions[p]!)],
        ...(targets.length ? { target: targets } : {}),
        ...(goal.agreement?.comment
          ? { note: [{ authorReference: patient, time: fhirDateTime(goal.agreement.at, precision), text: goal.agreement.comment }] }
          : {}),
      };
    }),
  );
  const activity = plan.problems.flatMap((problem) =>
    problem.goals.flatMap((goal) =>
      goal.interventions.map((i) => ({
        detail: {
          status: ACTIVITY_STATUS[status],
          description: [i.modality, i.frequency, i.provider].filter(Boolean).join(' · '),
          goal: [{ reference: `Goal/${goal.id}` }],
        },
      })),
    ),
  );
  const carePlan: FhirCarePlan = {
    resourceType: 'CarePlan',
    id: plan.id,
    status,
    intent: 'plan',
    title: plan.title,
    ...(plan.presentingProblem ? { description: plan.presentingProblem } : {}),
    subject: patient,
    ...(plan.startDate ? { period: { start: fhirDate(plan.startDate, precision) } } : {}),
    ...(conditions.length ? { addresses: conditions.map(refTo) } : {}),
    ...(goals.length ? { goal: goals.map(refTo) } : {}),
    ...(activity.length ? { activity } : {}),
  };
  return [carePlan, ...conditions, ...goals];
}

// ---------------------------------------------------------------------------------------------
// The client's Bundle

export type ClientExportInput = {
  bundleId: string;
  generatedAt: Date;
  patient: PatientInput;
  responses: readonly ResponseInput[];
  plans: readonly PlanInput[];
};

/** Everything about one client as a collection Bundle: Patient, definitions, responses, scores, plans. */
export function buildClientBundle(input: ClientExportInput): FhirBundle {
  const patient = buildPatient(input.patient);
  const ref = refTo(patient);
  const responses = input.responses.flatMap((r) => {
    const qr = buildQuestionnaireResponse(r, ref, 'instant');
    return [qr, ...buildScoreObservations(r, qr, ref)];
  });
  const resources: FhirResource[] = [
    patient,
    ...buildDefinitions(input.responses),
    ...responses,
    ...input.plans.flatMap((p) => buildCarePlan(p, ref, 'instant')),
  ];
  return {
    resourceType: 'Bundle',
    id: input.bundleId,
    type: 'collection',
    timestamp: input.generatedAt.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: fullUrlOf(resource), resource })),
  };
}
