import type { ResponseForm } from '@/lib/data/measures';
import { getInstrument, instrumentRules, type InstrumentRules } from '@/lib/instruments';

/**
 * What the questionnaire form needs from a ResponseForm: plain data only (no Dates), so it can
 * cross from a server page into the client component. `rules` is the form's instrument version,
 * reduced to what validation and conditional items need, so the browser never loads the
 * instrument registry (call questionnaireData on the server only; the form imports types only).
 */
export type QuestionnaireData = { rules: InstrumentRules } & Pick<
  ResponseForm,
  | 'assignmentId'
  | 'instrumentKey'
  | 'instrumentVersion'
  | 'title'
  | 'shortTitle'
  | 'instructions'
  | 'stem'
  | 'copyright'
  | 'provisional'
  | 'respondent'
  | 'items'
  | 'draftAnswers'
  | 'crisisText'
  | 'riskAnswered'
  | 'clientName'
>;

export function questionnaireData(form: ResponseForm): QuestionnaireData {
  return {
    rules: instrumentRules(getInstrument(form.instrumentKey, form.instrumentVersion)),
    assignmentId: form.assignmentId,
    instrumentKey: form.instrumentKey,
    instrumentVersion: form.instrumentVersion,
    title: form.title,
    shortTitle: form.shortTitle,
    instructions: form.instructions,
    stem: form.stem,
    copyright: form.copyright,
    provisional: form.provisional,
    respondent: form.respondent,
    items: form.items,
    draftAnswers: form.draftAnswers,
    crisisText: form.crisisText,
    riskAnswered: form.riskAnswered,
    clientName: form.clientName,
  };
}
