import { describe, expect, it } from 'vitest';
import { getInstrument, scoreResponse } from '@/lib/instruments';
import { FhirImportError, importBundleResponses, importNdjsonResponses, importQuestionnaireResponse } from './import';
import { buildQuestionnaireResponse } from './resources';

const PHQ9 = getInstrument('phq-9');
const GAD7 = getInstrument('gad-7');
const patient = { reference: 'Patient/p' };
const zeros = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${i + 1}`, 0]));
const qrOf = (answers: Record<string, number>) =>
  JSON.parse(
    JSON.stringify(
      buildQuestionnaireResponse(
        {
          id: 'r1',
          instrumentKey: 'phq-9',
          instrumentVersion: '1.0.0',
          respondent: 'client',
          submittedAt: new Date('2026-11-01T00:00:00Z'),
          answers,
          scores: scoreResponse(PHQ9, answers),
        },
        patient,
        'instant',
      ),
    ),
  ) as {
    item: { linkId: string; answer: { valueCoding?: { system: string; code: string }; valueInteger?: number }[] }[];
  };

describe('importing QuestionnaireResponses', () => {
  it('scores from the answer codes, ignoring the stored score items', () => {
    const qr = qrOf({ ...zeros('phq9', 9), 'phq9-1': 3 });
    qr.item.find((i) => i.linkId === 'phq9-total')!.answer = [{ valueInteger: 27 }];
    expect(importQuestionnaireResponse(qr).scores.total).toBe(3);
  });

  it('accepts GAD-7 item 2 coded LA18938-3 "More days than not" as 2', () => {
    const answers = zeros('gad7', 7);
    const qr = JSON.parse(
      JSON.stringify(
        buildQuestionnaireResponse(
          {
            id: 'g',
            instrumentKey: 'gad-7',
            instrumentVersion: '1.0.0',
            respondent: 'client',
            submittedAt: new Date(),
            answers,
            scores: scoreResponse(GAD7, answers),
          },
          patient,
          'instant',
        ),
      ),
    ) as ReturnType<typeof qrOf>;
    qr.item.find((i) => i.linkId === 'gad7-2')!.answer = [{ valueCoding: { system: 'http://loinc.org', code: 'LA18938-3' } }];
    expect(importQuestionnaireResponse(qr).answers['gad7-2']).toBe(2);
  });

  it('drops a difficulty answer the form would not have asked (all items "Not at all"), as the app does', () => {
    const qr = qrOf(zeros('phq9', 9));
    qr.item.push({ linkId: 'phq9-10', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6574-3' } }] });
    const imported = importQuestionnaireResponse(qr);
    expect(imported.answers['phq9-10']).toBeUndefined();
    expect(imported.scores.answeredCount).toBe(9);
  });

  it('refuses with a clear message: unknown questionnaire, unknown code, missing item, not a Bundle', () => {
    const qr = qrOf(zeros('phq9', 9));
    expect(() => importQuestionnaireResponse({ ...qr, questionnaire: 'http://elsewhere/Questionnaire/x' })).toThrow(/unknown questionnaire/);
    const badCode = qrOf(zeros('phq9', 9));
    badCode.item[0]!.answer = [{ valueCoding: { system: 'http://loinc.org', code: 'LA9999-9' } }];
    expect(() => importQuestionnaireResponse(badCode)).toThrow(/"LA9999-9" is not an answer to item phq9-1/);
    const missing = qrOf(zeros('phq9', 9));
    missing.item = missing.item.filter((i) => i.linkId !== 'phq9-4');
    expect(() => importQuestionnaireResponse(missing)).toThrow(FhirImportError);
    expect(() => importQuestionnaireResponse(missing)).toThrow(/question 4/);
    expect(() => importBundleResponses({ resourceType: 'Patient' })).toThrow(/Not a FHIR Bundle/);
  });

  it('reads NDJSON lines', () => {
    const lines = [qrOf(zeros('phq9', 9)), qrOf({ ...zeros('phq9', 9), 'phq9-2': 2, 'phq9-10': 1 })].map((r) => JSON.stringify(r)).join('\n') + '\n';
    expect(importNdjsonResponses(lines).map((r) => r.scores.total)).toEqual([0, 2]);
    expect(() => importNdjsonResponses('{oops\n')).toThrow(/Line 1 is not JSON/);
  });
});
