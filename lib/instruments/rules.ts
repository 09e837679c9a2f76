import type { Answers, InstrumentItemRules, InstrumentRules, ResponseOption } from './types';

// The rules of a form that need no schema: which options an item has, which items are asked, and
// whether a risk item has a positive answer. Pure and zod-free, so the questionnaire form can run
// them in the browser (on InstrumentRules) without loading the answer schemas of ./scoring, which
// re-exports everything here.

export function itemOptions(instrument: InstrumentRules, item: InstrumentItemRules): readonly ResponseOption[] {
  return item.options ?? instrument.options;
}

export function findItem<I extends InstrumentRules>(instrument: I, itemId: string): I['items'][number] {
  const item = instrument.items.find((i) => i.id === itemId);
  if (!item) throw new Error(`Instrument ${instrument.key}@${instrument.version} has no item "${itemId}".`);
  return item;
}

/**
 * The part of an instrument the browser needs to validate answers and show conditional items:
 * a plain, serialisable copy without wording, answer codes or scoring key.
 */
export function instrumentRules(instrument: InstrumentRules): InstrumentRules {
  const options = (list: readonly ResponseOption[]) => list.map((o) => ({ value: o.value, label: o.label }));
  return {
    key: instrument.key,
    version: instrument.version,
    options: options(instrument.options),
    items: instrument.items.map((item) => ({
      id: item.id,
      number: item.number,
      scored: item.scored,
      ...(item.options ? { options: options(item.options) } : {}),
      ...(item.askedWhen ? { askedWhen: item.askedWhen } : {}),
      ...(item.risk ? { risk: item.risk } : {}),
    })),
  };
}

export function scoredItems<I extends InstrumentRules>(instrument: I): readonly I['items'][number][] {
  return instrument.items.filter((i) => i.scored);
}

/**
 * True when any risk item (PHQ-9 item 9) has a value above 0. Works on incomplete drafts and
 * deliberately does not require the rest of the form to be valid: a safety signal must not wait.
 */
export function hasRiskAnswer(instrument: InstrumentRules, partialAnswers: Readonly<Record<string, unknown>>): boolean {
  return instrument.items.some((item) => {
    const value = item.risk ? partialAnswers[item.id] : undefined;
    return typeof value === 'number' && value > 0;
  });
}

/** Whether a conditional item should be asked, given the answers so far. */
export function isItemEnabled(instrument: InstrumentRules, itemId: string, answers: Readonly<Record<string, unknown>>): boolean {
  const item = findItem(instrument, itemId);
  if (item.askedWhen === 'any-scored-item-above-zero') {
    return scoredItems(instrument).some((s) => {
      const value = answers[s.id];
      return typeof value === 'number' && value > 0;
    });
  }
  return true;
}

/** Drops answers to items that are not asked (e.g. difficulty item when all scored items are 0). */
export function stripDisabledAnswers(instrument: InstrumentRules, answers: Answers): Answers {
  return Object.fromEntries(
    Object.entries(answers).filter(([id]) => {
      const item = instrument.items.find((i) => i.id === id);
      return item === undefined || isItemEnabled(instrument, id, answers);
    }),
  );
}
