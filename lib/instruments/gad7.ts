import { DIFFICULTY_OPTIONS, FREQUENCY_OPTIONS_0_3, PFIZER_COPYRIGHT } from './phq9';
import type { Instrument } from './types';

// Facts: /work/shared/reference/measures.md, section "GAD-7". Public domain (same Pfizer statement).

export const GAD7_V1: Instrument = {
  key: 'gad-7',
  version: '1.0.0',
  title: 'Generalized Anxiety Disorder-7 (GAD-7)',
  shortTitle: 'GAD-7',
  respondent: 'client',
  provisional: false,
  copyright: PFIZER_COPYRIGHT,
  sources: [
    'Public domain: same Pfizer statement as the PHQ-9 ("No permission required to reproduce, translate, display or distribute.")',
    'LOINC: panel 69737-5; items 69725-0, 68509-9, 69733-4, 69734-2, 69735-9, 69689-8 (item 6), 69736-7 (item 7); total 70274-6; item 2 value 2 may be coded LA18938-3 "More days than not"; no GAD-7-specific code found for the difficulty item',
    'Total 0–21; bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe: Rapport measures reference, /work/shared/reference/measures.md',
  ],
  stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  loinc: { panel: '69737-5', total: '70274-6' },
  linkIdPrefix: 'gad7',
  options: FREQUENCY_OPTIONS_0_3,
  items: [
    { id: 'gad7-1', number: 1, text: 'Feeling nervous, anxious, or on edge', loinc: '69725-0', scored: true },
    {
      id: 'gad7-2',
      number: 2,
      text: 'Not being able to stop or control worrying',
      loinc: '68509-9',
      scored: true,
      // LOINC-derived forms code this item's value 2 differently; accept both on import.
      alternateLoincAnswers: [{ code: 'LA18938-3', display: 'More days than not', value: 2 }],
    },
    { id: 'gad7-3', number: 3, text: 'Worrying too much about different things', loinc: '69733-4', scored: true },
    { id: 'gad7-4', number: 4, text: 'Trouble relaxing', loinc: '69734-2', scored: true },
    { id: 'gad7-5', number: 5, text: 'Being so restless that it is hard to sit still', loinc: '69735-9', scored: true },
    // Items 6 and 7 are swapped in some public mappings; these follow the reference table.
    { id: 'gad7-6', number: 6, text: 'Becoming easily annoyed or irritable', loinc: '69689-8', scored: true },
    { id: 'gad7-7', number: 7, text: 'Feeling afraid, as if something awful might happen', loinc: '69736-7', scored: true },
    {
      id: 'gad7-8',
      number: 8,
      text:
        'If you checked any problems, how difficult have they made it for you to do your work, ' +
        'take care of things at home, or get along with other people?',
      scored: false,
      options: DIFFICULTY_OPTIONS,
      askedWhen: 'any-scored-item-above-zero',
    },
  ],
  subscales: [],
  bands: [
    { key: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { key: 'mild', label: 'Mild', min: 5, max: 9 },
    { key: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { key: 'severe', label: 'Severe', min: 15, max: 21 },
  ],
  range: { min: 0, max: 21 },
  scoreKind: 'sum',
};
