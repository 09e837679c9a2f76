import {
  QUESTIONNAIRE_BASE_URL,
  getInstrument,
  isInstrumentKey,
  ordinalFromCoding,
  scoreResponse,
  toFhirQuestionnaire,
  type Answers,
  type Instrument,
  type ScoreResult,
} from '@/lib/instruments';
import { answersOf, isItemEnabledByFhir, type AnswerValue } from './enable-when';

/*
 * Reads QuestionnaireResponses back (from a Bundle or NDJSON lines) and scores them again with
 * lib/instruments, from each answer's code — never from a stored score or a display text. Pure.
 */

export class FhirImportError extends Error {
  override name = 'FhirImportError';
}

export type ImportedResponse = {
  id: string;
  instrument: Instrument;
  answers: Answers;
  scores: ScoreResult;
};

type RawItem = { linkId?: unknown; answer?: unknown; item?: unknown };
type RawResponse = { resourceType?: unknown; id?: unknown; questionnaire?: unknown; item?: unknown };

/** The instrument a response's `questionnaire` canonical names (url, optionally |version). */
function instrumentOf(canonical: unknown, id: string): Instrument {
  if (typeof canonical !== 'string') throw new FhirImportError(`QuestionnaireResponse ${id} names no questionnaire.`);
  const [url, version] = canonical.split('|');
  const prefix = `${QUESTIONNAIRE_BASE_URL}/`;
  const key = url?.startsWith(prefix) ? url.slice(prefix.length) : '';
  if (!isInstrumentKey(key)) throw new FhirImportError(`QuestionnaireResponse ${id}: unknown questionnaire "${canonical}".`);
  try {
    return getInstrument(key, version);
  } catch {
    throw new FhirImportError(`QuestionnaireResponse ${id}: unknown version "${version}" of ${key}.`);
  }
}

/** One QuestionnaireResponse's answers as ordinals (those its Questionnaire's enableWhen asks), scored. */
export function importQuestionnaireResponse(resource: unknown): ImportedResponse {
  const raw = (resource ?? {}) as RawResponse;
  const id = typeof raw.id === 'string' ? raw.id : '(no id)';
  if (raw.resourceType !== 'QuestionnaireResponse') throw new FhirImportError(`${id} is not a QuestionnaireResponse.`);
  const instrument = instrumentOf(raw.questionnaire, id);
  const questionnaire = toFhirQuestionnaire(instrument);
  const items = (Array.isArray(raw.item) ? raw.item : []) as RawItem[];
  const flat = items
    .filter((i): i is { linkId: string; answer?: AnswerValue[] } => typeof i.linkId === 'string')
    .map((i) => ({ linkId: i.linkId, answer: Array.isArray(i.answer) ? i.answer : [] }));
  const given = answersOf(flat);
  const answers: Record<string, number> = {};
  for (const item of instrument.items) {
    const answer = given.get(item.id) ?? [];
    if (answer.length === 0) continue;
    const coding = answer[0]?.valueCoding;
    if (answer.length > 1 || !coding?.code) throw new FhirImportError(`QuestionnaireResponse ${id}: item ${item.id} needs exactly one coded answer.`);
    const ordinal = ordinalFromCoding(instrument, item.id, { system: coding.system, code: coding.code });
    if (ordinal === undefined) throw new FhirImportError(`QuestionnaireResponse ${id}: "${coding.code}" is not an answer to item ${item.id}.`);
    const qItem = questionnaire.item.find((q) => q.linkId === item.id);
    // An answer a renderer would not have asked (difficulty after all "Not at all") is dropped, as the app drops it.
    if (qItem && !isItemEnabledByFhir(qItem, given)) continue;
    answers[item.id] = ordinal;
  }
  try {
    return { id, instrument, answers, scores: scoreResponse(instrument, answers) };
  } catch (error) {
    throw new FhirImportError(`QuestionnaireResponse ${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Every QuestionnaireResponse in a Bundle, scored. */
export function importBundleResponses(bundle: unknown): ImportedResponse[] {
  const raw = (bundle ?? {}) as { resourceType?: unknown; entry?: unknown };
  if (raw.resourceType !== 'Bundle') throw new FhirImportError('Not a FHIR Bundle.');
  const entries = (Array.isArray(raw.entry) ? raw.entry : []) as { resource?: { resourceType?: unknown } }[];
  return entries.filter((e) => e.resource?.resourceType === 'QuestionnaireResponse').map((e) => importQuestionnaireResponse(e.resource));
}

/** Every QuestionnaireResponse line of an NDJSON file, scored (blank lines skipped). */
export function importNdjsonResponses(ndjson: string): ImportedResponse[] {
  return ndjson
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, n) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new FhirImportError(`Line ${n + 1} is not JSON.`);
      }
    })
    .map(importQuestionnaireResponse);
}
