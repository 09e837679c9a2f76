import { describe, expect, it } from 'vitest';
import { LOINC_SYSTEM, ORDINAL_VALUE_URL, WAI_SR_CODE_SYSTEM, ordinalFromCoding, toFhirQuestionnaire, toFhirWaiSrCodeSystem } from './fhir';
import { getInstrument, listInstruments } from './registry';

const PHQ9 = getInstrument('phq-9');
const GAD7 = getInstrument('gad-7');
const WAI = getInstrument('wai-sr-client');
const WAI_T = getInstrument('wai-sr-therapist');

const itemOf = (q: ReturnType<typeof toFhirQuestionnaire>, linkId: string) => {
  const found = q.item.find((i) => i.linkId === linkId);
  if (!found) throw new Error(`no item ${linkId}`);
  return found;
};

describe('toFhirQuestionnaire: PHQ-9', () => {
  const q = toFhirQuestionnaire(PHQ9);

  it('is an R4 Questionnaire coded with the LOINC panel and carrying the licence', () => {
    expect(q.resourceType).toBe('Questionnaire');
    expect(q.status).toBe('active');
    expect(q.version).toBe('1.0.0');
    expect(q.code).toEqual([{ system: LOINC_SYSTEM, code: '44249-1' }]);
    expect(q.copyright).toBe(PHQ9.copyright);
    expect(q.name).toMatch(/^[A-Z][A-Za-z0-9_]*$/);
  });

  it('items are choice, LOINC-coded, with ordinalValue on each valueCoding', () => {
    const item1 = itemOf(q, 'phq9-1');
    expect(item1.type).toBe('choice');
    expect(item1.required).toBe(true);
    expect(item1.code).toEqual([{ system: LOINC_SYSTEM, code: '44250-9' }]);
    expect(item1.answerOption?.map((o) => [o.valueCoding.code, o.valueCoding.extension])).toEqual([
      ['LA6568-5', [{ url: ORDINAL_VALUE_URL, valueDecimal: 0 }]],
      ['LA6569-3', [{ url: ORDINAL_VALUE_URL, valueDecimal: 1 }]],
      ['LA6570-1', [{ url: ORDINAL_VALUE_URL, valueDecimal: 2 }]],
      ['LA6571-9', [{ url: ORDINAL_VALUE_URL, valueDecimal: 3 }]],
    ]);
    expect(itemOf(q, 'phq9-9').code?.[0]?.code).toBe('44260-8');
  });

  it('the total is a readOnly item coded 44261-6 (not 44260-8)', () => {
    const total = itemOf(q, 'phq9-total');
    expect(total).toMatchObject({ type: 'integer', readOnly: true, code: [{ system: LOINC_SYSTEM, code: '44261-6' }] });
    expect(q.item.filter((i) => i.code?.some((c) => c.code === '44260-8')).map((i) => i.linkId)).toEqual(['phq9-9']);
  });

  it('item 10 is optional, enabled when any item is answered above "Not at all", and carries no ordinal', () => {
    const item10 = itemOf(q, 'phq9-10');
    expect(item10.required).toBe(false);
    expect(item10.code).toEqual([{ system: LOINC_SYSTEM, code: '69722-7' }]);
    expect(item10.answerOption?.map((o) => o.valueCoding.code)).toEqual(['LA6572-7', 'LA6573-5', 'LA6575-0', 'LA6574-3']);
    expect(item10.answerOption?.every((o) => o.valueCoding.extension === undefined)).toBe(true);
    expect(item10.enableBehavior).toBe('any');
    // One '=' per scored item and non-zero answer (never '!=' "Not at all", which some renderers
    // count as true for an unanswered question).
    expect(item10.enableWhen?.map((e) => `${e.question} ${e.operator} ${e.answerCoding.code}`)).toEqual(
      Array.from({ length: 9 }, (_, i) => ['LA6569-3', 'LA6570-1', 'LA6571-9'].map((code) => `phq9-${i + 1} = ${code}`)).flat(),
    );
  });

  it('starts with the stem as a display item; linkIds unique', () => {
    expect(q.item[0]).toEqual({ linkId: 'phq9-stem', text: PHQ9.stem, type: 'display' });
    const ids = q.item.map((i) => i.linkId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('toFhirQuestionnaire: GAD-7', () => {
  const q = toFhirQuestionnaire(GAD7);
  it('uses 69737-5 / 70274-6, items 6 and 7 in the right place, no code for item 8', () => {
    expect(q.code).toEqual([{ system: LOINC_SYSTEM, code: '69737-5' }]);
    expect(itemOf(q, 'gad7-total').code).toEqual([{ system: LOINC_SYSTEM, code: '70274-6' }]);
    expect(itemOf(q, 'gad7-6').code?.[0]?.code).toBe('69689-8');
    expect(itemOf(q, 'gad7-7').code?.[0]?.code).toBe('69736-7');
    expect(itemOf(q, 'gad7-8').code).toBeUndefined();
    expect(JSON.stringify(q)).not.toContain('75626-2');
  });
});

describe('toFhirQuestionnaire: WAI-SR', () => {
  it('uses the local CodeSystem for instrument, items and answers', () => {
    const q = toFhirQuestionnaire(WAI);
    expect(q.code).toEqual([{ system: WAI_SR_CODE_SYSTEM, code: 'wai-sr-client', display: WAI.title }]);
    const item4 = itemOf(q, 'wai-4');
    expect(item4.text).toBe('My therapist and I collaborate on setting goals for my therapy.');
    expect(item4.code).toEqual([{ system: WAI_SR_CODE_SYSTEM, code: 'wai-sr-client.4' }]);
    expect(
      item4.answerOption?.map((o) => [o.valueCoding.system, o.valueCoding.code, o.valueCoding.display, o.valueCoding.extension?.[0]?.valueDecimal]),
    ).toEqual([
      [WAI_SR_CODE_SYSTEM, '1', 'Seldom', 1],
      [WAI_SR_CODE_SYSTEM, '2', 'Sometimes', 2],
      [WAI_SR_CODE_SYSTEM, '3', 'Fairly often', 3],
      [WAI_SR_CODE_SYSTEM, '4', 'Very often', 4],
      [WAI_SR_CODE_SYSTEM, '5', 'Always', 5],
    ]);
    expect(q.item.filter((i) => i.readOnly).map((i) => i.linkId)).toEqual(['wai-total', 'wai-mean', 'wai-goal-mean', 'wai-task-mean', 'wai-bond-mean']);
    expect(q.copyright).toBe(WAI.copyright);
  });

  it('the provisional therapist version is a draft Questionnaire', () => {
    const q = toFhirQuestionnaire(WAI_T);
    expect(q.status).toBe('draft');
    expect(itemOf(q, 'wai-7').text).toBe('I appreciate my client as a person.');
    expect(q.url).not.toBe(toFhirQuestionnaire(WAI).url);
  });

  it('the local CodeSystem lists items with their subscale', () => {
    const cs = toFhirWaiSrCodeSystem(listInstruments());
    expect(cs.url).toBe(WAI_SR_CODE_SYSTEM);
    const item = (code: string) => cs.concept.find((c) => c.code === code);
    expect(item('wai-sr-client.3')?.property).toEqual([{ code: 'subscale', valueCode: 'bond' }]);
    expect(item('wai-sr-therapist.11')?.property).toEqual([{ code: 'subscale', valueCode: 'goal' }]);
    expect(item('5')?.property).toEqual([{ code: 'ordinal', valueDecimal: 5 }]);
    expect(cs.concept.some((c) => c.code.startsWith('phq'))).toBe(false);
    const codes = cs.concept.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('round trip: every answer coding maps back to its ordinal', () => {
  it.each(listInstruments())('$key', (instrument) => {
    const q = toFhirQuestionnaire(instrument);
    for (const item of instrument.items) {
      const options = (item.options ?? instrument.options).map((o) => o.value);
      const fhirItem = itemOf(q, item.id);
      expect(fhirItem.answerOption?.map((o) => ordinalFromCoding(instrument, item.id, o.valueCoding))).toEqual(options);
    }
    expect(ordinalFromCoding(instrument, instrument.items[0]?.id ?? '', { system: 'urn:other', code: '1' })).toBeUndefined();
  });

  it('accepts LA18938-3 for GAD-7 item 2 as a Coding', () => {
    expect(ordinalFromCoding(GAD7, 'gad7-2', { system: LOINC_SYSTEM, code: 'LA18938-3' })).toBe(2);
  });
});
