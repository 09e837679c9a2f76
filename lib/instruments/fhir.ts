import { findItem, itemOptions, scoredItems } from './scoring';
import type { Instrument, InstrumentItem, ResponseOption } from './types';
import { renderItemText } from './wai-sr';

// Minimal FHIR R4 Questionnaire (and the local WAI-SR CodeSystem) per the measures reference.
// Known errors in public mappings that this deliberately avoids: 44260-8 (PHQ-9 item 9) as the
// total, GAD-7 items 6/7 swapped, 75626-2 as the GAD-7 total. Codes come only from the data.

export const LOINC_SYSTEM = 'http://loinc.org';
export const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const WAI_SR_CODE_SYSTEM = 'https://rapport.example/fhir/CodeSystem/wai-sr';
export const QUESTIONNAIRE_BASE_URL = 'https://rapport.example/fhir/Questionnaire';

export interface FhirExtension {
  readonly url: string;
  readonly valueDecimal: number;
}

export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  readonly extension?: readonly FhirExtension[];
}

/**
 * One condition of an item's enableWhen. Only '=' on a Coding is emitted: R4 allows '>' etc. only
 * on ordered types, and renderers disagree on '!=' for an unanswered question (some enable the item).
 */
export interface FhirEnableWhen {
  readonly question: string;
  readonly operator: '=';
  readonly answerCoding: FhirCoding;
}

export interface FhirQuestionnaireItem {
  readonly linkId: string;
  readonly text: string;
  readonly type: 'choice' | 'display' | 'integer' | 'decimal';
  readonly code?: readonly FhirCoding[];
  readonly required?: boolean;
  readonly readOnly?: boolean;
  readonly answerOption?: readonly { readonly valueCoding: FhirCoding }[];
  readonly enableWhen?: readonly FhirEnableWhen[];
  readonly enableBehavior?: 'any' | 'all';
}

export interface FhirQuestionnaire {
  readonly resourceType: 'Questionnaire';
  readonly id: string;
  readonly url: string;
  readonly version: string;
  readonly name: string;
  readonly title: string;
  readonly status: 'draft' | 'active';
  readonly subjectType: readonly ['Patient'];
  readonly code: readonly FhirCoding[];
  readonly copyright: string;
  readonly item: readonly FhirQuestionnaireItem[];
}

/** Local code for an answer option: its ordinal as a string (WAI-SR has no LOINC answers). */
function localAnswerCode(option: ResponseOption): string {
  return String(option.value);
}

function answerCoding(instrument: Instrument, option: ResponseOption, withOrdinal: boolean): FhirCoding {
  const base = option.loincAnswer
    ? { system: LOINC_SYSTEM, code: option.loincAnswer, display: option.label }
    : { system: WAI_SR_CODE_SYSTEM, code: localAnswerCode(option), display: option.label };
  if (!option.loincAnswer && instrument.loinc) {
    throw new Error(`${instrument.key}: option "${option.label}" has no LOINC answer code.`);
  }
  return withOrdinal ? { ...base, extension: [{ url: ORDINAL_VALUE_URL, valueDecimal: option.value }] } : base;
}

function itemCode(instrument: Instrument, item: InstrumentItem): readonly FhirCoding[] | undefined {
  if (item.loinc) return [{ system: LOINC_SYSTEM, code: item.loinc }];
  if (!instrument.loinc) return [{ system: WAI_SR_CODE_SYSTEM, code: `${instrument.key}.${item.number}` }];
  return undefined; // e.g. GAD-7 item 8: no code found, so none is invented.
}

function choiceItem(instrument: Instrument, item: InstrumentItem): FhirQuestionnaireItem {
  const code = itemCode(instrument, item);
  // Ordinals only on scored items: a generic tool summing ordinalValues must not add item 10.
  const answerOption = itemOptions(instrument, item).map((o) => ({
    valueCoding: answerCoding(instrument, o, item.scored),
  }));
  let enable: Pick<FhirQuestionnaireItem, 'enableWhen' | 'enableBehavior'> = {};
  if (item.askedWhen === 'any-scored-item-above-zero') {
    // "Some item above 0" as R4 can say it: one '=' condition per scored item and non-zero answer,
    // any of them enabling the item. An unanswered item then matches none (as in the app).
    const conditions = scoredItems(instrument).flatMap((s) =>
      itemOptions(instrument, s)
        .filter((o) => o.value > 0)
        .map((o) => ({ question: s.id, operator: '=' as const, answerCoding: answerCoding(instrument, o, false) })),
    );
    if (conditions.length === 0) throw new Error(`${instrument.key}: conditional item needs non-zero options.`);
    enable = { enableWhen: conditions, enableBehavior: 'any' };
  }
  return {
    linkId: item.id,
    text: renderItemText(item.text),
    type: 'choice',
    ...(code ? { code } : {}),
    required: item.scored,
    answerOption,
    ...enable,
  };
}

function scoreItems(instrument: Instrument): FhirQuestionnaireItem[] {
  const p = instrument.linkIdPrefix;
  if (instrument.loinc) {
    const code = instrument.loinc.total ? [{ system: LOINC_SYSTEM, code: instrument.loinc.total }] : undefined;
    return [{ linkId: `${p}-total`, text: 'Total score', type: 'integer', readOnly: true, ...(code ? { code } : {}) }];
  }
  const local = (suffix: string): readonly FhirCoding[] => [{ system: WAI_SR_CODE_SYSTEM, code: `${instrument.key}.${suffix}` }];
  return [
    { linkId: `${p}-total`, text: 'Total score (sum)', type: 'integer', readOnly: true, code: local('total') },
    { linkId: `${p}-mean`, text: 'Mean score', type: 'decimal', readOnly: true, code: local('mean') },
    ...instrument.subscales.map((s): FhirQuestionnaireItem => ({
      linkId: `${p}-${s.key}-mean`,
      text: `${s.label} mean`,
      type: 'decimal',
      readOnly: true,
      code: local(`${s.key}.mean`),
    })),
  ];
}

/** FHIR R4 Questionnaire for one instrument version. linkIds are the item ids. */
export function toFhirQuestionnaire(instrument: Instrument): FhirQuestionnaire {
  const code: readonly FhirCoding[] = instrument.loinc
    ? [{ system: LOINC_SYSTEM, code: instrument.loinc.panel }]
    : [{ system: WAI_SR_CODE_SYSTEM, code: instrument.key, display: instrument.title }];
  const stem: FhirQuestionnaireItem[] = instrument.stem ? [{ linkId: `${instrument.linkIdPrefix}-stem`, text: instrument.stem, type: 'display' }] : [];
  return {
    resourceType: 'Questionnaire',
    id: `${instrument.key}-${instrument.version}`,
    url: `${QUESTIONNAIRE_BASE_URL}/${instrument.key}`,
    version: instrument.version,
    name: instrument.shortTitle.replace(/[^A-Za-z0-9]/g, '_'),
    title: instrument.title,
    status: instrument.provisional ? 'draft' : 'active',
    subjectType: ['Patient'],
    code,
    copyright: instrument.copyright,
    item: [...stem, ...instrument.items.map((i) => choiceItem(instrument, i)), ...scoreItems(instrument)],
  };
}

/**
 * Ordinal for a LOINC answer code on an item, accepting the item's alternate codes
 * (GAD-7 item 2: LA18938-3 "More days than not" = 2). Undefined when the code is not an answer.
 */
export function ordinalFromLoincAnswer(instrument: Instrument, itemId: string, code: string): number | undefined {
  const item = findItem(instrument, itemId);
  const option = itemOptions(instrument, item).find((o) => o.loincAnswer === code);
  if (option) return option.value;
  return item.alternateLoincAnswers?.find((a) => a.code === code)?.value;
}

/** Ordinal for a FHIR answer Coding (LOINC, or the local WAI-SR system); undefined if unknown. */
export function ordinalFromCoding(instrument: Instrument, itemId: string, coding: { readonly system?: string; readonly code: string }): number | undefined {
  if (coding.system === LOINC_SYSTEM) return ordinalFromLoincAnswer(instrument, itemId, coding.code);
  if (coding.system === WAI_SR_CODE_SYSTEM && !instrument.loinc) {
    const item = findItem(instrument, itemId);
    return itemOptions(instrument, item).find((o) => localAnswerCode(o) === coding.code)?.value;
  }
  return undefined;
}

export interface FhirCodeSystemConcept {
  readonly code: string;
  readonly display: string;
  readonly property?: readonly ({ readonly code: 'subscale'; readonly valueCode: string } | { readonly code: 'ordinal'; readonly valueDecimal: number })[];
}

export interface FhirCodeSystem {
  readonly resourceType: 'CodeSystem';
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly title: string;
  readonly status: 'draft';
  readonly content: 'complete';
  readonly caseSensitive: true;
  readonly property: readonly { readonly code: string; readonly type: 'code' | 'decimal'; readonly description: string }[];
  readonly concept: readonly FhirCodeSystemConcept[];
}

/**
 * The local CodeSystem behind the WAI-SR Questionnaires: instrument, item, answer and score codes,
 * with subscale membership as a property. Pass the instruments without LOINC codes (both WAI-SR).
 */
export function toFhirWaiSrCodeSystem(instruments: readonly Instrument[]): FhirCodeSystem {
  const local = instruments.filter((i) => !i.loinc);
  const concepts: FhirCodeSystemConcept[] = [];
  const answers = new Map<string, FhirCodeSystemConcept>();
  for (const instrument of local) {
    concepts.push({ code: instrument.key, display: instrument.title });
    for (const item of instrument.items) {
      const subscale = instrument.subscales.find((s) => s.itemIds.includes(item.id));
      concepts.push({
        code: `${instrument.key}.${item.number}`,
        display: renderItemText(item.text),
        ...(subscale ? { property: [{ code: 'subscale' as const, valueCode: subscale.key }] } : {}),
      });
      for (const option of itemOptions(instrument, item)) {
        const code = localAnswerCode(option);
        const existing = answers.get(code);
        if (existing && existing.display !== option.label) {
          throw new Error(`Local answer code ${code} means both "${existing.display}" and "${option.label}".`);
        }
        answers.set(code, { code, display: option.label, property: [{ code: 'ordinal', valueDecimal: option.value }] });
      }
    }
    concepts.push({ code: `${instrument.key}.total`, display: `${instrument.shortTitle} total (sum)` });
    concepts.push({ code: `${instrument.key}.mean`, display: `${instrument.shortTitle} mean` });
    for (const s of instrument.subscales) {
      concepts.push({ code: `${instrument.key}.${s.key}.mean`, display: `${instrument.shortTitle} ${s.label} mean` });
    }
  }
  return {
    resourceType: 'CodeSystem',
    id: 'wai-sr',
    url: WAI_SR_CODE_SYSTEM,
    name: 'WAI_SR',
    title: 'Working Alliance Inventory – Short Revised (local codes)',
    status: 'draft',
    content: 'complete',
    caseSensitive: true,
    property: [
      { code: 'subscale', type: 'code', description: 'Subscale (goal, task, bond) an item belongs to' },
      { code: 'ordinal', type: 'decimal', description: 'Ordinal value of an answer, used for scoring' },
    ],
    concept: [...concepts, ...answers.values()],
  };
}
