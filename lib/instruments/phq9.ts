import type { Instrument, ResponseOption } from './types';

// Facts: /work/shared/reference/measures.md, section "PHQ-9". Public domain (Pfizer statement).

export const PFIZER_COPYRIGHT = 'Copyright © Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

/** LOINC answer list LL358-3; shared by PHQ-9 and GAD-7. */
export const FREQUENCY_OPTIONS_0_3: readonly ResponseOption[] = [
  { value: 0, label: 'Not at all', loincAnswer: 'LA6568-5' },
  { value: 1, label: 'Several days', loincAnswer: 'LA6569-3' },
  { value: 2, label: 'More than half the days', loincAnswer: 'LA6570-1' },
  { value: 3, label: 'Nearly every day', loincAnswer: 'LA6571-9' },
];

/** LOINC answer list LL359-1. The codes are not in numeric order (LA6575-0 before LA6574-3). */
export const DIFFICULTY_OPTIONS: readonly ResponseOption[] = [
  { value: 0, label: 'Not difficult at all', loincAnswer: 'LA6572-7' },
  { value: 1, label: 'Somewhat difficult', loincAnswer: 'LA6573-5' },
  { value: 2, label: 'Very difficult', loincAnswer: 'LA6575-0' },
  { value: 3, label: 'Extremely difficult', loincAnswer: 'LA6574-3' },
];

export const PHQ9_V1: Instrument = {
  key: 'phq-9',
  version: '1.0.0',
  title: 'Patient Health Questionnaire-9 (PHQ-9)',
  shortTitle: 'PHQ-9',
  respondent: 'client',
  provisional: false,
  copyright: PFIZER_COPYRIGHT,
  sources: [
    'Public domain: "Copyright © Pfizer Inc. … No permission required to reproduce, translate, display or distribute."',
    'LOINC: panel 44249-1; items 44250-9, 44255-8, 44259-0, 44254-1, 44251-7, 44258-2, 44252-5, 44253-3, 44260-8 (item 9), 69722-7 (difficulty); total 44261-6; answer lists LL358-3 and LL359-1',
    'Total = sum of items 1–9 (0–27); bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe; item 9 > 0 → safety alert: Rapport measures reference, /work/shared/reference/measures.md',
    'Reliable change: 5 points (Löwe et al. 2004, Med Care 42(12)) or 6 points (NHS Talking Therapies convention) — a clinic setting, not instrument data.',
  ],
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  loinc: { panel: '44249-1', total: '44261-6' },
  linkIdPrefix: 'phq9',
  options: FREQUENCY_OPTIONS_0_3,
  items: [
    { id: 'phq9-1', number: 1, text: 'Little interest or pleasure in doing things', loinc: '44250-9', scored: true },
    { id: 'phq9-2', number: 2, text: 'Feeling down, depressed, or hopeless', loinc: '44255-8', scored: true },
    { id: 'phq9-3', number: 3, text: 'Trouble falling or staying asleep, or sleeping too much', loinc: '44259-0', scored: true },
    { id: 'phq9-4', number: 4, text: 'Feeling tired or having little energy', loinc: '44254-1', scored: true },
    { id: 'phq9-5', number: 5, text: 'Poor appetite or overeating', loinc: '44251-7', scored: true },
    {
      id: 'phq9-6',
      number: 6,
      text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      loinc: '44258-2',
      scored: true,
    },
    {
      id: 'phq9-7',
      number: 7,
      text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
      loinc: '44252-5',
      scored: true,
    },
    {
      id: 'phq9-8',
      number: 8,
      text:
        'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety ' +
        'or restless that you have been moving around a lot more than usual',
      loinc: '44253-3',
      scored: true,
    },
    {
      id: 'phq9-9',
      number: 9,
      text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
      // 44260-8 is this ITEM, not the total (a known error in public mappings).
      loinc: '44260-8',
      scored: true,
      risk: true,
    },
    {
      id: 'phq9-10',
      number: 10,
      text:
        'If you checked off any problems, how difficult have these problems made it for you to do your work, ' +
        'take care of things at home, or get along with other people?',
      loinc: '69722-7',
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
    { key: 'moderately-severe', label: 'Moderately severe', min: 15, max: 19 },
    { key: 'severe', label: 'Severe', min: 20, max: 27 },
  ],
  range: { min: 0, max: 27 },
  scoreKind: 'sum',
};
