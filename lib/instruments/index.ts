// Public API of lib/instruments: questionnaires as versioned data + pure scoring (no I/O).
export {
  INSTRUMENT_KEYS,
  type AlternateAnswerCode,
  type Answers,
  type AskedWhen,
  type Instrument,
  type InstrumentItem,
  type InstrumentKey,
  type Respondent,
  type ResponseOption,
  type ScoreBand,
  type ScoreKind,
  type ScoreResult,
  type Subscale,
  type SubscaleScore,
} from './types';
export { CLIENT_TOKEN, THERAPIST_TOKEN, WAI_SR_CLIENT_V1, WAI_SR_THERAPIST_V1, renderItemText, type RenderNames } from './wai-sr';
export { DIFFICULTY_OPTIONS, FREQUENCY_OPTIONS_0_3, PFIZER_COPYRIGHT, PHQ9_V1 } from './phq9';
export { GAD7_V1 } from './gad7';
export {
  compareVersions,
  getInstrument,
  instrumentProblems,
  isInstrumentKey,
  latestVersion,
  listInstruments,
  listVersions,
} from './registry';
export {
  InvalidAnswersError,
  answersSchema,
  bandFor,
  draftAnswersSchema,
  findItem,
  formatScore,
  hasRiskAnswer,
  headlineRange,
  headlineScore,
  isItemEnabled,
  itemOptions,
  scoreResponse,
  scoredItems,
  stripDisabledAnswers,
  type AnswerIssue,
} from './scoring';
export {
  LOINC_SYSTEM,
  ORDINAL_VALUE_URL,
  QUESTIONNAIRE_BASE_URL,
  WAI_SR_CODE_SYSTEM,
  ordinalFromCoding,
  ordinalFromLoincAnswer,
  toFhirQuestionnaire,
  toFhirWaiSrCodeSystem,
  type FhirCodeSystem,
  type FhirCodeSystemConcept,
  type FhirCoding,
  type FhirEnableWhen,
  type FhirExtension,
  type FhirQuestionnaire,
  type FhirQuestionnaireItem,
} from './fhir';
