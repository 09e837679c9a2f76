import { z } from 'zod';

/*
 * The live count under a text box with a limit. The visible count changes on every keystroke; what
 * a screen reader hears (a polite live region) stays empty until the text nears the limit, so
 * typing is not interrupted by a number after each letter.
 */

export type CharacterCount = {
  /** Always shown: "120 / 500 characters". */
  visible: string;
  /** Announced politely, only near or over the limit; empty otherwise. */
  announcement: string;
  over: boolean;
};

/** Near the limit: the last tenth, but at least the last 20 characters. */
export function nearLimitFrom(max: number): number {
  return Math.max(0, max - Math.max(20, Math.ceil(max / 10)));
}

export function characterCount(length: number, max: number): CharacterCount {
  const over = length > max;
  const left = max - length;
  const visible = over ? `${length} / ${max} characters — ${length - max} too many` : `${length} / ${max} characters`;
  let announcement = '';
  if (over) announcement = `${length - max} ${length - max === 1 ? 'character' : 'characters'} over the limit of ${max}.`;
  else if (length >= nearLimitFrom(max)) announcement = `${left} ${left === 1 ? 'character' : 'characters'} left.`;
  return { visible, announcement, over };
}

/** The `.max()` of a text schema (through .optional() and .default()), to show the same limit the server checks. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current instanceof z.ZodString ? (current.maxLength ?? undefined) : undefined;
}
