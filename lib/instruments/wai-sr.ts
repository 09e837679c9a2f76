import type { Instrument, InstrumentItem, ResponseOption, Subscale } from './types';

// Facts: /work/shared/reference/measures.md, sections "WAI-SR, client version" and
// "WAI-SR, therapist version". The blank for the other person's name is stored as a
// placeholder token so the same data renders with or without a name.

export const THERAPIST_TOKEN = '{therapist}';
export const CLIENT_TOKEN = '{client}';

const FREQUENCY_OPTIONS: readonly ResponseOption[] = [
  { value: 1, label: 'Seldom' },
  { value: 2, label: 'Sometimes' },
  { value: 3, label: 'Fairly often' },
  { value: 4, label: 'Very often' },
  { value: 5, label: 'Always' },
];

// Key [V] for the client form; the therapist form is assumed to keep the same positions [P].
const SUBSCALES: readonly Subscale[] = [
  { key: 'goal', label: 'Goal', itemIds: ['wai-4', 'wai-6', 'wai-8', 'wai-11'] },
  { key: 'task', label: 'Task', itemIds: ['wai-1', 'wai-2', 'wai-10', 'wai-12'] },
  { key: 'bond', label: 'Bond', itemIds: ['wai-3', 'wai-5', 'wai-7', 'wai-9'] },
];

function waiItems(texts: readonly string[]): InstrumentItem[] {
  return texts.map((text, i) => ({ id: `wai-${i + 1}`, number: i + 1, text, scored: true }));
}

const T = THERAPIST_TOKEN;
const C = CLIENT_TOKEN;

export const WAI_SR_CLIENT_V1: Instrument = {
  key: 'wai-sr-client',
  version: '1.0.0',
  title: 'Working Alliance Inventory – Short Revised (client version)',
  shortTitle: 'WAI-SR',
  respondent: 'client',
  provisional: false,
  copyright:
    'Working Alliance Inventory – Short Revised (WAI-SR), Hatcher & Gillaspy (2006). Copyrighted; ' +
    'rights are held through the Society for Psychotherapy Research, whose permission is required for use.',
  sources: [
    'Hatcher & Gillaspy (2006), Psychotherapy Research 16(1):12–25 [volume/pages partly confirmed]',
    'Munder et al. (2010), Clinical Psychology & Psychotherapy 17(3):231–239, doi:10.1002/cpp.658 (psychometrics in outpatients and inpatients)',
    'Scoring key (Task 1,2,10,12 · Bond 3,5,7,9 · Goal 4,6,8,11), 5-point scale, no reverse-scored items, no official cut-offs (Horvath: the WAI is not standardized): Rapport measures reference, /work/shared/reference/measures.md',
    'Item wording as reproduced in public sources; punctuation against the 2006 appendix is OPEN.',
  ],
  linkIdPrefix: 'wai',
  options: FREQUENCY_OPTIONS,
  items: waiItems([
    'As a result of these sessions I am clearer as to how I might be able to change.',
    'What I am doing in therapy gives me new ways of looking at my problem.',
    `I believe ${T} likes me.`,
    `${T} and I collaborate on setting goals for my therapy.`,
    `${T} and I respect each other.`,
    `${T} and I are working towards mutually agreed upon goals.`,
    `I feel that ${T} appreciates me.`,
    `${T} and I agree on what is important for me to work on.`,
    `I feel ${T} cares about me even when I do things that he/she does not approve of.`,
    'I feel that the things I do in therapy will help me to accomplish the changes that I want.',
    `${T} and I have established a good understanding of the kind of changes that would be good for me.`,
    'I believe the way we are working with my problem is correct.',
  ]),
  subscales: SUBSCALES,
  bands: [],
  range: { min: 12, max: 60 },
  scoreKind: 'mean',
};

// Item list, key, scale and norms are OPEN for the therapist short form: this is the candidate
// wording (parallel items of the 36-item therapist form), hence `provisional: true`.
export const WAI_SR_THERAPIST_V1: Instrument = {
  key: 'wai-sr-therapist',
  version: '1.0.0',
  title: 'Working Alliance Inventory – Short Revised (therapist version, provisional)',
  shortTitle: 'WAI-SR-T',
  respondent: 'therapist',
  provisional: true,
  copyright:
    'Working Alliance Inventory, therapist version (short form after Hatcher, Lindqvist & Falkenström, 2020). ' +
    'Copyrighted; licence terms for this short form are not yet confirmed: obtain permission before clinical use. ' +
    'Wording provisional.',
  sources: [
    'Hatcher, Lindqvist & Falkenström (2019/2020), "Psychometric evaluation of the Working Alliance Inventory—Therapist version: Current and new short forms", Psychotherapy Research 30:706–717, doi:10.1080/10503307.2019.1677964',
    'Item list, key and norms OPEN; candidate wording = the parallel items of the 36-item therapist form; same 5-point scale (OPEN); same Task/Bond/Goal positions as the client form [partly confirmed]: Rapport measures reference, /work/shared/reference/measures.md',
  ],
  linkIdPrefix: 'wai',
  options: FREQUENCY_OPTIONS,
  items: waiItems([
    `As a result of these sessions ${C} is clearer as to how she/he might be able to change.`,
    `${C} and I both feel confident about the usefulness of our current activity in therapy.`,
    `I believe ${C} likes me.`,
    `${C} and I have collaborated in setting goals for these sessions.`,
    `${C} and I respect each other.`,
    'We are working towards mutually agreed upon goals.',
    `I appreciate ${C} as a person.`,
    `We agree on what is important for ${C} to work on.`,
    `I respect ${C} even when he/she does things that I do not approve of.`,
    `I feel confident that the things we do in therapy will help ${C} to accomplish the changes that he/she desires.`,
    `We have established a good understanding between us of the kind of changes that would be good for ${C}.`,
    `${C} believes the way we are working with her/his problem is correct.`,
  ]),
  subscales: SUBSCALES,
  bands: [],
  range: { min: 12, max: 60 },
  scoreKind: 'mean',
};

export interface RenderNames {
  readonly therapistName?: string | null;
  readonly clientName?: string | null;
}

const TOKEN_PATTERN = /\{(therapist|client)\}/g;

/**
 * Replaces `{therapist}` / `{client}` with the given name, or "my therapist" / "my client".
 * Only the fallback phrase is capitalised at a sentence start; names are shown as given.
 */
export function renderItemText(text: string, names: RenderNames = {}): string {
  return text.replace(TOKEN_PATTERN, (_match, who: string, offset: number) => {
    const given = (who === 'therapist' ? names.therapistName : names.clientName)?.trim();
    if (given) return given;
    const fallback = `my ${who}`;
    const atSentenceStart = offset === 0 || /[.!?]\s+$/.test(text.slice(0, offset));
    return atSentenceStart ? `M${fallback.slice(1)}` : fallback;
  });
}
